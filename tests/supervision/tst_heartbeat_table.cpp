// HeartbeatTable and the heartbeat/report codecs: the wire shapes, each rule of the lease rule
// refusing on its own, the fence set while a report is built, and ages counted from the
// agent's start for servers never heard.
#include <QtTest>

#include <boost/json.hpp>

#include "supervision/heartbeat.h"
#include "supervision/heartbeat_table.h"

using namespace tandem::supervision;
namespace json = boost::json;

namespace {

constexpr std::int64_t kStart = 10000;
constexpr std::int64_t kGrace = 1500;

Heartbeat leaderBeat(const std::string& id, std::uint64_t term, std::uint64_t seq = 1) {
  Heartbeat beat;
  beat.id = id;
  beat.endpoint = "tcp://127.0.0.1:1";
  beat.seq = seq;
  beat.state = "leader";
  beat.applied = {term, 10};
  beat.leader_term = term;
  return beat;
}

Heartbeat followerBeat(const std::string& id, const std::string& leader, std::uint64_t seq = 1) {
  Heartbeat beat;
  beat.id = id;
  beat.endpoint = "tcp://127.0.0.1:2";
  beat.seq = seq;
  beat.state = "follower";
  beat.applied = {1, 5};
  beat.leader = leader;
  return beat;
}

ClusterPlan planWithLeader(const std::string& id, std::uint64_t term) {
  ClusterPlan plan;
  plan.leader = LeaderRecord{id, term};
  plan.singles["SNGL-a"] = SingleRecord{"tcp://127.0.0.1:1", "1", "t"};
  plan.singles["SNGL-b"] = SingleRecord{"tcp://127.0.0.1:2", "1", "t"};
  return plan;
}

}  // namespace

class HeartbeatTableTest : public QObject {
  Q_OBJECT

 private slots:
  void heartbeatRoundTripsThroughJson();
  void malformedHeartbeatsAreRefusedNamingTheMember_data();
  void malformedHeartbeatsAreRefusedNamingTheMember();
  void reportRoundTripsAndMalformedReportsAreRefused();
  void leaseGrantedWhenAllFourRulesHold();
  void eachLeaseRuleRefusesOnItsOwn_data();
  void eachLeaseRuleRefusesOnItsOwn();
  void silentServerIsFencedAtTheAppliedTermWhileTheReportIsBuilt();
  void fenceOnlyGrowsAndAHigherTermIsGrantedAgain();
  void neverHeardServersCountFromTheAgentStart();
  void anOlderRoundRefreshesTheAgeButNotTheState();
};

void HeartbeatTableTest::heartbeatRoundTripsThroughJson() {
  Heartbeat beat = leaderBeat("SNGL-a", 3, 17);
  beat.version = "3.12.0";
  auto parsed = parseHeartbeat(json::serialize(heartbeatToJson(beat)));
  QVERIFY2(parsed.isOk(), parsed.status().message().c_str());
  QVERIFY(*parsed == beat);
  // Optional members may be left out.
  auto minimal = parseHeartbeat(
      R"({"id":"SNGL-b","endpoint":"tcp://h:1","state":"tryagain","applied":{"term":0,"tick":"12"}})");
  QVERIFY2(minimal.isOk(), minimal.status().message().c_str());
  QCOMPARE(minimal->applied.tick, std::uint64_t(12));
  QVERIFY(!minimal->claimsLeadership());
}

void HeartbeatTableTest::malformedHeartbeatsAreRefusedNamingTheMember_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<QString>("mentions");
  const QString ok = R"("endpoint":"tcp://h:1","state":"leader","applied":{"term":1,"tick":2})";
  QTest::newRow("not JSON") << "{"
                            << "JSON";
  QTest::newRow("not an object") << "[1]"
                                 << "object";
  QTest::newRow("no id") << "{" + ok + "}"
                         << "\"id\"";
  QTest::newRow("empty id") << R"({"id":"",)" + ok + "}"
                            << "\"id\"";
  QTest::newRow("id not a string") << R"({"id":7,)" + ok + "}"
                                   << "\"id\"";
  QTest::newRow("negative seq") << R"({"id":"S","seq":-1,)" + ok + "}"
                                << "\"seq\"";
  QTest::newRow("leaderTerm a string") << R"({"id":"S","leaderTerm":"3",)" + ok + "}"
                                       << "\"leaderTerm\"";
  QTest::newRow("unknown state")
      << R"({"id":"S","endpoint":"tcp://h:1","state":"boss","applied":{"term":1,"tick":2}})"
      << "state";
  QTest::newRow("applied not a position")
      << R"({"id":"S","endpoint":"tcp://h:1","state":"leader","applied":{"term":1}})"
      << "\"applied\"";
  QTest::newRow("no endpoint") << R"({"id":"S","state":"leader","applied":{"term":1,"tick":2}})"
                               << "\"endpoint\"";
}

void HeartbeatTableTest::malformedHeartbeatsAreRefusedNamingTheMember() {
  QFETCH(QString, body);
  QFETCH(QString, mentions);
  auto parsed = parseHeartbeat(body.toStdString());
  QVERIFY(!parsed.isOk());
  QCOMPARE(parsed.status().code(), tandem::ErrorCode::kBadParameter);
  QVERIFY2(QString::fromStdString(parsed.status().message()).contains(mentions),
           parsed.status().message().c_str());
}

void HeartbeatTableTest::reportRoundTripsAndMalformedReportsAreRefused() {
  AgentReport report;
  report.uptime_ms = 4200;
  report.servers["SNGL-a"] = ServerReport{120, {3, 40}, "leader", "", 2};
  report.servers["SNGL-b"] = ServerReport{1700, {3, 38}, "follower", "SNGL-a", 3};
  auto parsed = reportFromJson(reportToJson(report));
  QVERIFY2(parsed.isOk(), parsed.status().message().c_str());
  QVERIFY(*parsed == report);
  for (const char* bad : {R"({"servers":{}})", R"({"uptimeMs":1,"servers":[]})",
                          R"({"uptimeMs":1,"servers":{"S":{"ageMs":1}}})",
                          R"({"uptimeMs":1,"servers":{"S":{"ageMs":-1,"applied":{"term":1,)"
                          R"("tick":1},"state":"","leader":"","fencedTerm":0}}})"}) {
    auto refused = reportFromJson(json::parse(bad));
    QVERIFY2(!refused.isOk(), bad);
    QCOMPARE(refused.status().code(), tandem::ErrorCode::kBadParameter);
  }
}

void HeartbeatTableTest::leaseGrantedWhenAllFourRulesHold() {
  HeartbeatTable table(kStart, kGrace);
  QVERIFY(table.grantsLease(leaderBeat("SNGL-a", 3), planWithLeader("SNGL-a", 3), 3,
                            kStart + kGrace + 1));
}

void HeartbeatTableTest::eachLeaseRuleRefusesOnItsOwn_data() {
  QTest::addColumn<QString>("planLeader");
  QTest::addColumn<quint64>("planTerm");
  QTest::addColumn<quint64>("claimedTerm");
  QTest::addColumn<quint64>("logTerm");
  QTest::addColumn<qint64>("now");
  QTest::addColumn<bool>("follower");
  const qint64 later = kStart + kGrace + 1;
  QTest::newRow("(a) plan names another leader")
      << "SNGL-b" << 3ull << 3ull << 3ull << later << false;
  QTest::newRow("(a) plan at another term") << "SNGL-a" << 4ull << 3ull << 4ull << later << false;
  QTest::newRow("(c) newer leader in the log")
      << "SNGL-a" << 3ull << 3ull << 4ull << later << false;
  QTest::newRow("(d) agent started within grace")
      << "SNGL-a" << 3ull << 3ull << 3ull << qint64(kStart + kGrace) << false;
  QTest::newRow("not claiming leadership") << "SNGL-a" << 3ull << 3ull << 3ull << later << true;
}

void HeartbeatTableTest::eachLeaseRuleRefusesOnItsOwn() {
  QFETCH(QString, planLeader);
  QFETCH(quint64, planTerm);
  QFETCH(quint64, claimedTerm);
  QFETCH(quint64, logTerm);
  QFETCH(qint64, now);
  QFETCH(bool, follower);
  HeartbeatTable table(kStart, kGrace);
  const Heartbeat beat =
      follower ? followerBeat("SNGL-a", "SNGL-b") : leaderBeat("SNGL-a", claimedTerm);
  QVERIFY(
      !table.grantsLease(beat, planWithLeader(planLeader.toStdString(), planTerm), logTerm, now));
}

void HeartbeatTableTest::silentServerIsFencedAtTheAppliedTermWhileTheReportIsBuilt() {
  HeartbeatTable table(kStart, kGrace);
  const ClusterPlan plan = planWithLeader("SNGL-a", 3);
  const std::int64_t heard = kStart + 2000;
  table.record(leaderBeat("SNGL-a", 3), heard);
  QVERIFY(table.grantsLease(leaderBeat("SNGL-a", 3), plan, 3, heard + kGrace));
  // Exactly grace: not yet fenced.
  AgentReport at_grace = table.buildReport(plan, heard + kGrace);
  QCOMPARE(at_grace.servers.at("SNGL-a").fenced_term, std::uint64_t(0));
  QCOMPARE(at_grace.servers.at("SNGL-a").age_ms, kGrace);
  // Beyond grace: the report shows the fence, and the fence is in force at once.
  AgentReport after = table.buildReport(plan, heard + kGrace + 1);
  QCOMPARE(after.servers.at("SNGL-a").fenced_term, std::uint64_t(3));
  QCOMPARE(table.fencedTerm("SNGL-a"), std::uint64_t(3));
  QVERIFY(!table.grantsLease(leaderBeat("SNGL-a", 3), plan, 3, heard + kGrace + 2));
  // A heartbeat after the fence refreshes the age but does not lift the fence.
  table.record(leaderBeat("SNGL-a", 3, 2), heard + kGrace + 3);
  QVERIFY(!table.grantsLease(leaderBeat("SNGL-a", 3, 3), plan, 3, heard + kGrace + 4));
  QCOMPARE(table.buildReport(plan, heard + kGrace + 5).servers.at("SNGL-a").age_ms, 2);
}

void HeartbeatTableTest::fenceOnlyGrowsAndAHigherTermIsGrantedAgain() {
  HeartbeatTable table(kStart, kGrace);
  const std::int64_t t0 = kStart + 5000;
  table.buildReport(planWithLeader("SNGL-a", 3), t0);  // never heard: age > grace
  QCOMPARE(table.fencedTerm("SNGL-a"), std::uint64_t(3));
  table.buildReport(planWithLeader("SNGL-a", 2), t0 + 1);  // an older plan lowers nothing
  QCOMPARE(table.fencedTerm("SNGL-a"), std::uint64_t(3));
  table.record(leaderBeat("SNGL-a", 4), t0 + 2);
  QVERIFY(table.grantsLease(leaderBeat("SNGL-a", 4), planWithLeader("SNGL-a", 4), 4, t0 + 3));
}

void HeartbeatTableTest::neverHeardServersCountFromTheAgentStart() {
  HeartbeatTable table(kStart, kGrace);
  ClusterPlan plan = planWithLeader("SNGL-a", 1);
  plan.removed["SNGL-gone"] = "tcp://127.0.0.1:9";
  plan.singles["SNGL-gone"] = SingleRecord{"tcp://127.0.0.1:9", "1", "t"};
  table.record(followerBeat("SNGL-b", "SNGL-a"), kStart + 100);
  const AgentReport report = table.buildReport(plan, kStart + 400);
  QCOMPARE(report.uptime_ms, std::int64_t(400));
  QCOMPARE(report.servers.at("SNGL-a").age_ms, std::int64_t(400));  // registered, never heard
  QCOMPARE(report.servers.at("SNGL-a").state, std::string());
  QCOMPARE(report.servers.at("SNGL-b").age_ms, std::int64_t(300));
  QCOMPARE(report.servers.at("SNGL-b").leader, std::string("SNGL-a"));
  QVERIFY(!report.servers.contains("SNGL-gone"));  // removed servers are not reported
  const json::object servers = table.serversJson(plan, kStart + 400);
  QCOMPARE(servers.at("SNGL-b").at("ageMs").to_number<std::int64_t>(), std::int64_t(300));
  QCOMPARE(servers.at("SNGL-b").at("state").as_string(), "follower");
}

void HeartbeatTableTest::anOlderRoundRefreshesTheAgeButNotTheState() {
  HeartbeatTable table(kStart, kGrace);
  Heartbeat newer = followerBeat("SNGL-b", "SNGL-a", 5);
  newer.applied = {2, 50};
  Heartbeat older = followerBeat("SNGL-b", "SNGL-a", 4);
  older.applied = {2, 40};
  table.record(newer, kStart + 100);
  table.record(older, kStart + 200);
  QCOMPARE(table.last("SNGL-b")->applied.tick, std::uint64_t(50));
  const AgentReport report = table.buildReport(ClusterPlan{}, kStart + 250);
  QCOMPARE(report.servers.at("SNGL-b").age_ms, std::int64_t(50));
}

QTEST_APPLESS_MAIN(HeartbeatTableTest)
#include "tst_heartbeat_table.moc"
