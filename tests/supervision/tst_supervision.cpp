// Supervision::step, case by case: every write it returns is applied to a real AgencyStore
// holding the plan, so that the preconditions are checked as the agency would check them.
#include <QtTest>

#include <boost/json.hpp>

#include "agency/agency_store.h"
#include "supervision/supervision.h"

using namespace tandem::supervision;
namespace json = boost::json;
using tandem::agency::AgencyStore;

namespace {

constexpr std::int64_t kNow = 100000;
constexpr std::int64_t kWall = 1800000000000;  // 2027-01-15
constexpr std::int64_t kStale = 5000;          // an age well beyond grace

// One server as every agent reports it.
struct Seen {
  std::int64_t age = 100;
  Position applied{1, 10};
  std::string state = "follower";
  std::string leader;
  std::uint64_t fence = 0;
};

// A plan in an agency store, the reports of three agents, and the supervision under test.
class Scenario {
 public:
  Scenario() : supervision_(SupervisionConfig{}) {}

  void registerServer(const std::string& id) {
    apply("[[{\"/tandem/Plan/Singles/" + id + "\":{\"endpoint\":\"tcp://h:" +
          std::to_string(++port_) + "\",\"version\":\"1\",\"registered\":\"t\"}}]]");
  }
  void setLeader(const std::string& id, std::uint64_t term) {
    apply("[[{\"/tandem/Plan/Leader\":{\"id\":\"" + id + "\",\"term\":" + std::to_string(term) +
          "}}]]");
  }
  void apply(const std::string& body) {
    auto write = AgencyStore::parseWrite(body);
    QVERIFY2(write.isOk(), write.status().message().c_str());
    store_.apply(*write);
  }
  ClusterPlan plan() const { return ClusterPlan::fromTree(store_.root()); }

  // Every agent in `agents` reports `seen` for `id`, received at `received`.
  void report(const std::string& id, const Seen& seen, std::vector<std::string> agents = {},
              std::int64_t received = kNow) {
    if (agents.empty()) agents = {"AGNT-1", "AGNT-2", "AGNT-3"};
    for (const std::string& agent : agents) {
      ReceivedReport& entry = reports_[agent];
      entry.received_ms = received;
      entry.report.servers[id] =
          ServerReport{seen.age, seen.applied, seen.state, seen.leader, seen.fence};
    }
  }

  // One step; its writes are applied to the store (failed preconditions change nothing).
  SupervisionResult step(std::int64_t now = kNow, std::int64_t wall = kWall,
                         std::int64_t leading_for = 60000) {
    SupervisionInput input{now, wall, 3, leading_for};
    SupervisionResult result = supervision_.step(input, plan(), reports_);
    applied_.clear();
    for (const auto& write : result.writes) applied_.push_back(store_.apply(write));
    return result;
  }

  // Per write of the last step, per transaction: applied or refused by a precondition.
  const std::vector<std::vector<bool>>& applied() const { return applied_; }
  std::map<std::string, ReceivedReport>& reports() { return reports_; }

 private:
  AgencyStore store_;
  Supervision supervision_;
  std::map<std::string, ReceivedReport> reports_;
  std::vector<std::vector<bool>> applied_;
  int port_ = 8000;
};

std::string leaderOf(const ClusterPlan& plan) {
  return plan.leader ? plan.leader->id + "@" + std::to_string(plan.leader->term) : "none";
}

}  // namespace

class SupervisionTest : public QObject {
  Q_OBJECT

 private slots:
  void firstLeaderIsTheMostAdvancedGoodServer_data();
  void firstLeaderIsTheMostAdvancedGoodServer();
  void failoverPicksTheMostAdvancedFollower_data();
  void failoverPicksTheMostAdvancedFollower();
  void failoverNeedsAFencedMajority_data();
  void failoverNeedsAFencedMajority();
  void failoverWithoutCandidateExplainsWhyOnce();
  void maintenanceSuspendsFailoverButHealthIsStillWritten();
  void noJudgingBeforeFreshReportsFromAMajority_data();
  void noJudgingBeforeFreshReportsFromAMajority();
  void healthIsWrittenOnChangeOnly();
  void reElectionOfAFencedLeaderThatIsGoodAgain();
  void aFailoverAlreadyAppliedFailsItsPrecondition();
  void isoTimeFormatsUtcWithMilliseconds();
};

void SupervisionTest::firstLeaderIsTheMostAdvancedGoodServer_data() {
  QTest::addColumn<QString>("expected");
  QTest::addColumn<bool>("bDraining");
  QTest::addColumn<qint64>("bAge");
  QTest::addColumn<quint64>("cTick");
  // a (2,10), b (2,30), c (1,cTick): b leads unless it cannot.
  QTest::newRow("highest term then tick") << "SNGL-b@3" << false << qint64(100) << quint64(99);
  QTest::newRow("draining never chosen") << "SNGL-a@3" << true << qint64(100) << quint64(99);
  QTest::newRow("BAD never chosen") << "SNGL-a@3" << false << qint64(900) << quint64(99);
  QTest::newRow("tie goes to the smallest id") << "SNGL-a@3" << false << qint64(100) << quint64(99);
}

void SupervisionTest::firstLeaderIsTheMostAdvancedGoodServer() {
  QFETCH(QString, expected);
  QFETCH(bool, bDraining);
  QFETCH(qint64, bAge);
  QFETCH(quint64, cTick);
  Scenario s;
  for (const char* id : {"SNGL-a", "SNGL-b", "SNGL-c"}) s.registerServer(id);
  if (bDraining) s.apply("[[{\"/tandem/Target/Draining/SNGL-b\":true}]]");
  const bool tie = QString(QTest::currentDataTag()).startsWith("tie");
  s.report("SNGL-a", Seen{100, {2, tie ? 30u : 10u}, "tryagain", "", 0});
  s.report("SNGL-b", Seen{bAge, {2, 30}, "tryagain", "", 0});
  s.report("SNGL-c", Seen{100, {1, cTick}, "tryagain", "", 0});
  const SupervisionResult result = s.step();
  QVERIFY(result.judged);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), expected);
  QCOMPARE(s.applied().front(), std::vector<bool>{true});  // the leader write comes first
}

void SupervisionTest::failoverPicksTheMostAdvancedFollower_data() {
  QTest::addColumn<QString>("expected");
  QTest::addColumn<QString>("drainOrRemove");
  QTest::addColumn<QString>("bFollows");
  QTest::newRow("most advanced follower") << "SNGL-b@4"
                                          << ""
                                          << "SNGL-L";
  QTest::newRow("following nobody is fine") << "SNGL-b@4"
                                            << ""
                                            << "";
  QTest::newRow("draining never chosen") << "SNGL-a@4"
                                         << "drain"
                                         << "SNGL-L";
  QTest::newRow("removed never chosen") << "SNGL-a@4"
                                        << "remove"
                                        << "SNGL-L";
  QTest::newRow("follower of another leader not chosen") << "SNGL-a@4"
                                                         << ""
                                                         << "SNGL-x";
}

void SupervisionTest::failoverPicksTheMostAdvancedFollower() {
  QFETCH(QString, expected);
  QFETCH(QString, drainOrRemove);
  QFETCH(QString, bFollows);
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a", "SNGL-b", "SNGL-c"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  if (drainOrRemove == "drain") s.apply("[[{\"/tandem/Target/Draining/SNGL-b\":true}]]");
  if (drainOrRemove == "remove") {
    s.apply("[[{\"/tandem/Target/Removed/SNGL-b\":{\"endpoint\":\"tcp://h:1\"}}]]");
  }
  s.report("SNGL-L", Seen{kStale, {3, 200}, "leader", "", 3});
  s.report("SNGL-a", Seen{100, {3, 100}, "follower", "SNGL-L", 0});
  s.report("SNGL-b", Seen{100, {3, 120}, "follower", bFollows.toStdString(), 0});
  s.report("SNGL-c", Seen{100, {2, 500}, "follower", "SNGL-L", 0});
  const SupervisionResult result = s.step();
  QCOMPARE(result.health.at("SNGL-L"), Health::kFailed);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), expected);
  // The old leader is FAILED in the same transaction.
  QCOMPARE(s.plan().health.at("SNGL-L").status, Health::kFailed);
  QVERIFY(!result.decisions.empty());
  QVERIFY(QString::fromStdString(result.decisions.front()).contains("failover from SNGL-L"));
}

void SupervisionTest::failoverNeedsAFencedMajority_data() {
  QTest::addColumn<int>("staleAgents");
  QTest::addColumn<quint64>("fence");
  QTest::addColumn<bool>("failsOver");
  QTest::newRow("two of three stale and fenced") << 2 << quint64(3) << true;
  QTest::newRow("one of three stale") << 1 << quint64(3) << false;
  QTest::newRow("stale but fenced below the term") << 3 << quint64(2) << false;
}

void SupervisionTest::failoverNeedsAFencedMajority() {
  QFETCH(int, staleAgents);
  QFETCH(quint64, fence);
  QFETCH(bool, failsOver);
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  const std::vector<std::string> agents = {"AGNT-1", "AGNT-2", "AGNT-3"};
  for (int i = 0; i < 3; ++i) {
    const bool stale = i < staleAgents;
    s.report("SNGL-L", Seen{stale ? kStale : 100, {3, 10}, "leader", "", stale ? fence : 0},
             {agents[i]});
  }
  s.report("SNGL-a", Seen{100, {3, 9}, "follower", "SNGL-L", 0});
  const SupervisionResult result = s.step();
  QCOMPARE(result.health.at("SNGL-L") == Health::kFailed, failsOver);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())),
           QString(failsOver ? "SNGL-a@4" : "SNGL-L@3"));
}

void SupervisionTest::failoverWithoutCandidateExplainsWhyOnce() {
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  s.report("SNGL-L", Seen{kStale, {3, 10}, "leader", "", 3});
  s.report("SNGL-a", Seen{kStale, {3, 9}, "follower", "SNGL-L", 3});
  const SupervisionResult first = s.step();
  QVERIFY(!first.blocked.empty());
  QVERIFY(first.blocked_changed);
  QVERIFY(!first.leader);
  const SupervisionResult second = s.step(kNow + 50);
  QCOMPARE(second.blocked, first.blocked);
  QVERIFY(!second.blocked_changed);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), QString("SNGL-L@3"));
}

void SupervisionTest::maintenanceSuspendsFailoverButHealthIsStillWritten() {
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  s.apply("[[{\"/tandem/Supervision/Maintenance\":" + std::to_string(kWall + 60000) + "}]]");
  s.report("SNGL-L", Seen{kStale, {3, 10}, "leader", "", 3});
  s.report("SNGL-a", Seen{100, {3, 9}, "follower", "SNGL-L", 0});
  const SupervisionResult during = s.step();
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), QString("SNGL-L@3"));
  QVERIFY(QString::fromStdString(during.blocked).contains("maintenance"));
  QCOMPARE(s.plan().health.at("SNGL-L").status, Health::kFailed);
  QCOMPARE(s.plan().health.at("SNGL-a").status, Health::kGood);
  // Once maintenance has expired, the failover happens.
  s.step(kNow + 10, kWall + 60000);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), QString("SNGL-a@4"));
}

void SupervisionTest::noJudgingBeforeFreshReportsFromAMajority_data() {
  QTest::addColumn<int>("agents");
  QTest::addColumn<qint64>("receivedAgo");
  QTest::addColumn<qint64>("leadingFor");
  QTest::addColumn<bool>("judged");
  QTest::newRow("two fresh of three") << 2 << qint64(100) << qint64(60000) << true;
  QTest::newRow("one of three") << 1 << qint64(100) << qint64(60000) << false;
  QTest::newRow("reports older than report-max-age") << 3 << qint64(501) << qint64(60000) << false;
  QTest::newRow("reports from before this agent led") << 3 << qint64(100) << qint64(50) << false;
}

void SupervisionTest::noJudgingBeforeFreshReportsFromAMajority() {
  QFETCH(int, agents);
  QFETCH(qint64, receivedAgo);
  QFETCH(qint64, leadingFor);
  QFETCH(bool, judged);
  Scenario s;
  s.registerServer("SNGL-a");
  const std::vector<std::string> all = {"AGNT-1", "AGNT-2", "AGNT-3"};
  s.report("SNGL-a", Seen{100, {1, 1}, "tryagain", "", 0},
           std::vector<std::string>(all.begin(), all.begin() + agents), kNow - receivedAgo);
  const SupervisionResult result = s.step(kNow, kWall, leadingFor);
  QCOMPARE(result.judged, judged);
  QCOMPARE(result.writes.empty(), !judged);
  QCOMPARE(s.plan().leader.has_value(), judged);
  if (!judged) QVERIFY(result.health.empty());
}

void SupervisionTest::healthIsWrittenOnChangeOnly() {
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 1);
  s.report("SNGL-L", Seen{100, {1, 10}, "leader", "", 0});
  s.report("SNGL-a", Seen{100, {1, 10}, "follower", "SNGL-L", 0});
  SupervisionResult first = s.step();
  QCOMPARE(first.writes.size(), std::size_t(1));  // both GOOD, one write
  QCOMPARE(s.plan().health.at("SNGL-a").status, Health::kGood);
  const std::string stamp = s.plan().health.at("SNGL-a").timestamp;
  QCOMPARE(QString::fromStdString(stamp), QString::fromStdString(isoTime(kWall)));
  // Nothing changed: nothing written.
  QVERIFY(s.step(kNow + 50).writes.empty());
  // a turns BAD: exactly its record changes.
  s.report("SNGL-a", Seen{900, {1, 10}, "follower", "SNGL-L", 0});
  SupervisionResult bad = s.step(kNow + 100);
  QCOMPARE(bad.writes.size(), std::size_t(1));
  QCOMPARE(bad.decisions, std::vector<std::string>{"health of SNGL-a is BAD"});
  QCOMPARE(s.plan().health.at("SNGL-a").status, Health::kBad);
  QCOMPARE(s.plan().health.at("SNGL-L").status, Health::kGood);
}

void SupervisionTest::reElectionOfAFencedLeaderThatIsGoodAgain() {
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  // L is heard again everywhere, but two agents fenced it at 3 while it was silent.
  s.report("SNGL-L", Seen{100, {3, 10}, "leader", "", 3}, {"AGNT-1", "AGNT-2"});
  s.report("SNGL-L", Seen{100, {3, 10}, "leader", "", 0}, {"AGNT-3"});
  s.report("SNGL-a", Seen{100, {3, 10}, "follower", "SNGL-L", 0});
  const SupervisionResult result = s.step();
  QCOMPARE(result.health.at("SNGL-L"), Health::kGood);
  QCOMPARE(QString::fromStdString(leaderOf(s.plan())), QString("SNGL-L@4"));
  QVERIFY(QString::fromStdString(result.decisions.front()).contains("re-election"));
  // Under maintenance there is no re-election.
  Scenario m;
  for (const char* id : {"SNGL-L", "SNGL-a"}) m.registerServer(id);
  m.setLeader("SNGL-L", 3);
  m.apply("[[{\"/tandem/Supervision/Maintenance\":" + std::to_string(kWall + 1000) + "}]]");
  m.report("SNGL-L", Seen{100, {3, 10}, "leader", "", 3});
  m.report("SNGL-a", Seen{100, {3, 10}, "follower", "SNGL-L", 0});
  m.step();
  QCOMPARE(QString::fromStdString(leaderOf(m.plan())), QString("SNGL-L@3"));
}

void SupervisionTest::aFailoverAlreadyAppliedFailsItsPrecondition() {
  Scenario s;
  for (const char* id : {"SNGL-L", "SNGL-a"}) s.registerServer(id);
  s.setLeader("SNGL-L", 3);
  s.report("SNGL-L", Seen{kStale, {3, 10}, "leader", "", 3});
  s.report("SNGL-a", Seen{100, {3, 9}, "follower", "SNGL-L", 0});
  SupervisionInput input{kNow, kWall, 3, 60000};
  Supervision supervision{SupervisionConfig{}};
  const ClusterPlan before = s.plan();
  SupervisionResult result = supervision.step(input, before, s.reports());
  QVERIFY(result.leader);
  // Meanwhile the leader moved on (a switchover to a): the failover must not apply.
  s.setLeader("SNGL-a", 4);
  bool refused = false;
  for (const auto& write : result.writes) {
    AgencyStore store;
    QVERIFY(store.restore("{\"tandem\":{\"Plan\":{\"Leader\":{\"id\":\"SNGL-a\",\"term\":4}}}}")
                .isOk());
    const std::vector<bool> applied = store.apply(write);
    if (!applied.empty() && !applied.front()) refused = true;
  }
  QVERIFY(refused);
  // The same proposal is not repeated within kRetryMs while the plan still shows the old one.
  QVERIFY(supervision.step(input, before, s.reports()).writes.empty());
  input.now_ms += Supervision::kRetryMs;
  for (auto& [agent, report] : s.reports()) report.received_ms = input.now_ms;
  QVERIFY(!supervision.step(input, before, s.reports()).writes.empty());
}

void SupervisionTest::isoTimeFormatsUtcWithMilliseconds() {
  QCOMPARE(QString::fromStdString(isoTime(0)), QString("1970-01-01T00:00:00.000Z"));
  QCOMPARE(QString::fromStdString(isoTime(1800000000123)), QString("2027-01-15T08:00:00.123Z"));
}

QTEST_APPLESS_MAIN(SupervisionTest)
#include "tst_supervision.moc"
