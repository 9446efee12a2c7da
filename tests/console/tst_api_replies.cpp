// The reply parsers: real-shaped replies (copied from a live local cluster) give their values;
// partial, malformed, hostile and failed replies give an error text that says what was wrong,
// never a crash.
#include <QtTest>

#include "client/api_replies.h"

using namespace tandem::console;

namespace {

// Live shapes, captured from `tandem-node local-cluster --nodes 3`.
const QByteArray kEndpoints =
    R"({"error":false,"code":200,"endpoints":[{"endpoint":"tcp://127.0.0.1:9102"},)"
    R"({"endpoint":"tcp://127.0.0.1:9100"},{"endpoint":"tcp://127.0.0.1:9101"}]})";
const QByteArray kHealth =
    R"({"error":false,"code":200,"Health":{"SNGL-87":{"Endpoint":"tcp://127.0.0.1:9102",)"
    R"("Role":"SINGLE","Status":"GOOD","Version":"0.1.0","leader":true,"appliedTick":101,)"
    R"("appliedTerm":1,"heartbeatAgeMs":293,"draining":false,"removed":false,"lagTicks":0,)"
    R"("lagMs":0},"SNGL-b0":{"Endpoint":"tcp://127.0.0.1:9100","Role":"SINGLE","Status":"BAD",)"
    R"("Version":"0.1.0","leader":false,"appliedTick":90,"appliedTerm":1,"heartbeatAgeMs":100,)"
    R"("draining":true,"removed":false,"lagTicks":11,"lagMs":250},"SNGL-c6":{"Endpoint":)"
    R"("tcp://127.0.0.1:9101","Role":"SINGLE","Status":"FAILED","Version":"0.1.0","leader":false,)"
    R"("appliedTick":101,"appliedTerm":1,"heartbeatAgeMs":112,"draining":false,"removed":true,)"
    R"("lagTicks":0,"lagMs":0}},"leader":{"id":"SNGL-87","term":1,)"
    R"("endpoint":"tcp://127.0.0.1:9102"},"maintenanceUntil":1795000000000})";
const QByteArray kLeaderStatus =
    R"({"error":false,"code":200,"server":"arango","license":"community","id":"SNGL-87",)"
    R"("role":"SINGLE","mode":"resilient","version":"0.1.0","apiVersion":"3.11.0",)"
    R"("schemaVersion":3,"lastTick":"101","uptimeSeconds":7.247972586,)"
    R"("endpoint":"tcp://127.0.0.1:9102","pid":28115,"serverInfo":{"role":"SINGLE",)"
    R"("maintenance":false,"readOnly":false,"writeOpsEnabled":true,"serverId":"SNGL-87",)"
    R"("address":"tcp://127.0.0.1:9102","state":"SERVING"},"storage":{"engine":"sqlite",)"
    R"("documentsWritten":0,"commits":1,"committedOperations":1},"cluster":{"id":"SNGL-87",)"
    R"("role":"leader","registered":true,"localTerm":1,"leaseValid":true,)"
    R"("leaseRemainingMs":992,"writesHeld":false,"planIndex":7,"applied":{"term":1,"tick":101},)"
    R"("term":1,"leader":{"id":"SNGL-87","endpoint":"tcp://127.0.0.1:9102"},"applier":)"
    R"({"phase":"idle","leader":"","lagTicks":0,"lagMs":0,"sync":{"documents":0,)"
    R"("documentsTotal":0,"bytes":0,"rateDocsPerSecond":0,"etaSeconds":0},"resyncs":0,)"
    R"("rollbacks":0,"lastError":""},"followers":[{"id":"SNGL-b0","appliedTick":101,)"
    R"("lagTicks":0,"lagMs":0},{"id":"SNGL-c6","appliedTick":99,"lagTicks":2,"lagMs":40}],)"
    R"("writesAtRisk":3}})";
const QByteArray kFollowerStatus =
    R"({"error":false,"code":200,"id":"SNGL-b0","version":"0.1.0","apiVersion":"3.11.0",)"
    R"("lastTick":"101","uptimeSeconds":7.1,"endpoint":"tcp://127.0.0.1:9100","pid":28113,)"
    R"("serverInfo":{"role":"SINGLE","maintenance":false,"readOnly":true,"state":"SERVING"},)"
    R"("cluster":{"id":"SNGL-b0","role":"follower","localTerm":0,"leaseValid":false,)"
    R"("writesHeld":false,"applied":{"term":1,"tick":101},"term":1,"leader":{"id":"SNGL-87",)"
    R"("endpoint":"tcp://127.0.0.1:9102"},"applier":{"phase":"resync","leader":"SNGL-87",)"
    R"("lagTicks":5,"lagMs":120,"sync":{"documents":10,"documentsTotal":40,"bytes":2048,)"
    R"("rateDocsPerSecond":12.5,"etaSeconds":2.4},"resyncs":2,"rollbacks":1,)"
    R"("lastError":"diverged"},"followers":[],"writesAtRisk":0}})";
const QByteArray kAgency =
    R"({"term":2,"leaderId":"AGNT-47","commitIndex":7,"appliedIndex":7,"role":"leader",)"
    R"("lastAcked":{"AGNT-04":0.041828641,"AGNT-75":0.042237749,"AGNT-47":0},)"
    R"("configuration":{"pool":{"AGNT-04":"tcp://127.0.0.1:9101","AGNT-47":)"
    R"("tcp://127.0.0.1:9100","AGNT-75":"tcp://127.0.0.1:9102"},"active":["AGNT-04",)"
    R"("AGNT-47","AGNT-75"],"id":"AGNT-47"}})";
const QByteArray kNotLeader =
    R"({"error":true,"errorNum":1496,"errorMessage":"not a leader","code":503})";
const QByteArray kHtml = "<html><body><h1>502 Bad Gateway</h1></body></html>";

ApiReply reply(int status, const QByteArray& body, const QString& path = "/_admin/status") {
  ApiReply out;
  out.base = QUrl("http://127.0.0.1:9100");
  out.verb = "GET";
  out.path = path;
  out.http_status = status;
  out.body = body;
  if (status == 0) out.transport_error = QStringLiteral("Connection refused");
  return out;
}

struct Outcome {
  bool ok = false;
  QString error;
};

template <typename T>
Outcome outcome(const Parsed<T>& parsed) {
  return {parsed.ok(), parsed.error};
}

Outcome run(const QString& parser, const ApiReply& r) {
  if (parser == "endpoints") return outcome(parseEndpoints(r));
  if (parser == "health") return outcome(parseClusterHealth(r));
  if (parser == "status") return outcome(parseNodeStatus(r));
  if (parser == "agency") return outcome(parseAgencyConfig(r));
  if (parser == "switchover") return outcome(parseSwitchover(r));
  if (parser == "maintenance") return outcome(parseMaintenance(r));
  if (parser == "acknowledged") return outcome(parseAcknowledged(r));
  if (parser == "serverId") return outcome(parseServerId(r));
  qFatal("unknown parser %s", qPrintable(parser));
  return {};
}

}  // namespace

class ApiRepliesTest : public QObject {
  Q_OBJECT

 private slots:
  void everyParserReportsBadRepliesAsText_data();
  void everyParserReportsBadRepliesAsText();
  void endpointsKeepTheLeaderFirst();
  void healthGivesEveryServerSortedById();
  void leaderStatusGivesFollowersAndWritesAtRisk();
  void followerStatusGivesTheApplier();
  void partialStatusTakesDefaults();
  void partialHealthTakesDefaults();
  void agencyConfigGivesPoolAndLastAcked();
  void operationRepliesGiveTheirFields();
  void describeSaysWhatWentWrong();
  void hugeNumbersAreErrorsNotGarbage();
};

void ApiRepliesTest::everyParserReportsBadRepliesAsText_data() {
  QTest::addColumn<QString>("parser");
  QTest::addColumn<int>("status");
  QTest::addColumn<QByteArray>("body");
  QTest::addColumn<bool>("ok");
  QTest::addColumn<QString>("error");  // a part of the error text

  const QStringList object_parsers = {"endpoints",  "health",      "status",  "agency",
                                      "switchover", "maintenance", "serverId"};
  for (const QString& p : object_parsers) {
    const QByteArray name = p.toLatin1();
    QTest::newRow(name + ": not JSON") << p << 200 << QByteArray("hello") << false << "not JSON";
    QTest::newRow(name + ": empty body") << p << 200 << QByteArray() << false << "not JSON";
    QTest::newRow(name + ": array")
        << p << 200 << QByteArray("[1,2]") << false << "not a JSON object";
    QTest::newRow(name + ": missing fields")
        << p << 200 << QByteArray("{}") << false << "has no field";
    QTest::newRow(name + ": HTML 502") << p << 502 << kHtml << false << "HTTP 502";
    QTest::newRow(name + ": 503 not a leader")
        << p << 503 << kNotLeader << false << "HTTP 503, errorNum 1496: not a leader";
    QTest::newRow(name + ": transport") << p << 0 << QByteArray() << false << "Connection refused";
    QTest::newRow(name + ": truncated")
        << p << 200 << kLeaderStatus.left(40) << false << "not JSON";
  }
  QTest::newRow("acknowledged: HTML 502") << "acknowledged" << 502 << kHtml << false << "HTTP 502";
  QTest::newRow("acknowledged: transport")
      << "acknowledged" << 0 << QByteArray() << false << "Connection refused";
  QTest::newRow("acknowledged: not JSON")
      << "acknowledged" << 200 << QByteArray("{oops") << false << "not JSON";
  QTest::newRow("acknowledged: error body in 200")
      << "acknowledged" << 200 << QByteArray(R"({"error":true,"errorMessage":"nope"})") << false
      << "nope";
  QTest::newRow("acknowledged: empty body")
      << "acknowledged" << 200 << QByteArray() << true << QString();
  QTest::newRow("acknowledged: bare string")
      << "acknowledged" << 200 << QByteArray("\"OK\"") << true << QString();

  // Good replies parse.
  QTest::newRow("endpoints: live") << "endpoints" << 200 << kEndpoints << true << QString();
  QTest::newRow("health: live") << "health" << 200 << kHealth << true << QString();
  QTest::newRow("status: live leader") << "status" << 200 << kLeaderStatus << true << QString();
  QTest::newRow("agency: live") << "agency" << 200 << kAgency << true << QString();

  // Wrong types.
  QTest::newRow("endpoints: object") << "endpoints" << 200 << QByteArray(R"({"endpoints":{"a":1}})")
                                     << false << "'endpoints' is not an array";
  QTest::newRow("endpoints: entry a number")
      << "endpoints" << 200 << QByteArray(R"({"endpoints":[1]})") << false
      << "no 'endpoint' string";
  QTest::newRow("health: Health an array")
      << "health" << 200 << QByteArray(R"({"Health":[]})") << false << "'Health' is not an object";
  QTest::newRow("health: server a string")
      << "health" << 200 << QByteArray(R"({"Health":{"S":"GOOD"}})") << false
      << "Health.S is not an object";
  QTest::newRow("health: tick a word")
      << "health" << 200 << QByteArray(R"({"Health":{"S":{"appliedTick":"many"}}})") << false
      << "'Health.S.appliedTick' is not a number";
  QTest::newRow("health: leader an array")
      << "health" << 200 << QByteArray(R"({"Health":{},"leader":[]})") << false
      << "'leader' is not an object";
  QTest::newRow("health: leader flag a string")
      << "health" << 200 << QByteArray(R"({"Health":{"S":{"leader":"yes"}}})") << false
      << "'Health.S.leader' is not true or false";
  QTest::newRow("status: version a number")
      << "status" << 200 << QByteArray(R"({"version":1})") << false << "'version' is not a string";
  QTest::newRow("status: cluster an array")
      << "status" << 200 << QByteArray(R"({"version":"1","cluster":[]})") << false
      << "'cluster' is not an object";
  QTest::newRow("status: uptime a string")
      << "status" << 200 << QByteArray(R"({"version":"1","uptimeSeconds":"long"})") << false
      << "'uptimeSeconds' is not a number";
  QTest::newRow("status: followers an object")
      << "status" << 200 << QByteArray(R"({"version":"1","cluster":{"followers":{}}})") << false
      << "'cluster.followers' is not an array";
  QTest::newRow("status: follower without id")
      << "status" << 200 << QByteArray(R"({"version":"1","cluster":{"followers":[{}]}})") << false
      << "a follower entry has no 'id'";
  QTest::newRow("agency: configuration an array")
      << "agency" << 200 << QByteArray(R"({"configuration":[]})") << false
      << "'configuration' is not an object";
  QTest::newRow("agency: pool endpoint a number")
      << "agency" << 200 << QByteArray(R"({"configuration":{"pool":{"A":9}}})") << false
      << "configuration.pool.A is not a string";
  QTest::newRow("switchover: to a number")
      << "switchover" << 200 << QByteArray(R"({"to":5})") << false << "'to' is not a string";
  QTest::newRow("maintenance: until a word")
      << "maintenance" << 200 << QByteArray(R"({"maintenanceUntil":"soon"})") << false
      << "'maintenanceUntil' is not a number";
  QTest::newRow("serverId: id a number")
      << "serverId" << 200 << QByteArray(R"({"id":7})") << false << "has no field 'id'";
}

void ApiRepliesTest::everyParserReportsBadRepliesAsText() {
  QFETCH(QString, parser);
  QFETCH(int, status);
  QFETCH(QByteArray, body);
  QFETCH(bool, ok);
  QFETCH(QString, error);
  const Outcome out = run(parser, reply(status, body));
  QCOMPARE(out.ok, ok);
  if (ok) {
    QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
  } else {
    QVERIFY2(out.error.contains(error), qPrintable(out.error));
    // Every error names the request it is about.
    QVERIFY2(out.error.contains("http://127.0.0.1:9100"), qPrintable(out.error));
  }
}

void ApiRepliesTest::endpointsKeepTheLeaderFirst() {
  const auto parsed = parseEndpoints(reply(200, kEndpoints));
  QVERIFY(parsed.ok());
  QCOMPARE(*parsed.value,
           QStringList({"tcp://127.0.0.1:9102", "tcp://127.0.0.1:9100", "tcp://127.0.0.1:9101"}));
}

void ApiRepliesTest::healthGivesEveryServerSortedById() {
  const auto parsed = parseClusterHealth(reply(200, kHealth));
  QVERIFY2(parsed.ok(), qPrintable(parsed.error));
  const ClusterHealth& h = *parsed.value;
  QCOMPARE(h.servers.size(), 3);
  QCOMPARE(h.servers[0].id, "SNGL-87");
  QCOMPARE(h.servers[1].id, "SNGL-b0");
  QCOMPARE(h.servers[2].id, "SNGL-c6");
  QCOMPARE(h.servers[0].endpoint, "tcp://127.0.0.1:9102");
  QCOMPARE(h.servers[0].role, "SINGLE");
  QCOMPARE(h.servers[0].version, "0.1.0");
  QVERIFY(h.servers[0].leader);
  QCOMPARE(h.servers[0].health, Health::kGood);
  QCOMPARE(h.servers[0].applied_tick, 101);
  QCOMPARE(h.servers[0].heartbeat_age_ms, 293);
  QCOMPARE(h.servers[1].health, Health::kBad);
  QVERIFY(h.servers[1].draining);
  QCOMPARE(h.servers[1].lag_ticks, 11);
  QCOMPARE(h.servers[1].lag_ms, 250);
  QCOMPARE(h.servers[2].health, Health::kFailed);
  QVERIFY(h.servers[2].removed);
  QCOMPARE(h.leader_id, "SNGL-87");
  QCOMPARE(h.leader_term, 1);
  QCOMPARE(h.leader_endpoint, "tcp://127.0.0.1:9102");
  QCOMPARE(h.maintenance_until_ms, Q_INT64_C(1795000000000));

  // A null leader (none planned) is a valid reply.
  const auto none =
      parseClusterHealth(reply(200, R"({"Health":{},"leader":null,"maintenanceUntil":0})"));
  QVERIFY2(none.ok(), qPrintable(none.error));
  QVERIFY(none.value->leader_id.isEmpty());
  QCOMPARE(none.value->leader_term, 0);
}

void ApiRepliesTest::leaderStatusGivesFollowersAndWritesAtRisk() {
  const auto parsed = parseNodeStatus(reply(200, kLeaderStatus));
  QVERIFY2(parsed.ok(), qPrintable(parsed.error));
  const NodeStatus& s = *parsed.value;
  QCOMPARE(s.id, "SNGL-87");
  QCOMPARE(s.version, "0.1.0");
  QCOMPARE(s.api_version, "3.11.0");
  QCOMPARE(s.last_tick, 101);  // travels as a string
  QCOMPARE(s.pid, 28115);
  QCOMPARE(s.state, "SERVING");
  QVERIFY(!s.read_only);
  QVERIFY(s.has_cluster);
  QCOMPARE(s.cluster_role, "leader");
  QCOMPARE(s.term, 1);
  QVERIFY(s.lease_valid);
  QCOMPARE(s.applied_tick, 101);
  QCOMPARE(s.leader_id, "SNGL-87");
  QCOMPARE(s.followers.size(), 2);
  QCOMPARE(s.followers[1].id, "SNGL-c6");
  QCOMPARE(s.followers[1].lag_ticks, 2);
  QCOMPARE(s.followers[1].lag_ms, 40);
  QCOMPARE(s.writes_at_risk, 3);
  QVERIFY(qAbs(s.uptime_seconds - 7.247972586) < 1e-9);
}

void ApiRepliesTest::followerStatusGivesTheApplier() {
  const auto parsed = parseNodeStatus(reply(200, kFollowerStatus));
  QVERIFY2(parsed.ok(), qPrintable(parsed.error));
  const ApplierStatus& a = parsed.value->applier;
  QCOMPARE(parsed.value->cluster_role, "follower");
  QVERIFY(parsed.value->read_only);
  QCOMPARE(a.phase, "resync");
  QCOMPARE(a.leader, "SNGL-87");
  QCOMPARE(a.lag_ticks, 5);
  QCOMPARE(a.lag_ms, 120);
  QCOMPARE(a.sync_documents, 10);
  QCOMPARE(a.sync_documents_total, 40);
  QCOMPARE(a.sync_bytes, 2048);
  QCOMPARE(a.sync_rate, 12.5);
  QCOMPARE(a.sync_eta_seconds, 2.4);
  QCOMPARE(a.resyncs, 2);
  QCOMPARE(a.rollbacks, 1);
  QCOMPARE(a.last_error, "diverged");
}

void ApiRepliesTest::partialStatusTakesDefaults() {
  const auto single = parseNodeStatus(reply(200, R"({"version":"0.1.0"})"));
  QVERIFY2(single.ok(), qPrintable(single.error));
  QVERIFY(!single.value->has_cluster);
  QVERIFY(single.value->cluster_role.isEmpty());
  QCOMPARE(single.value->last_tick, 0);
  QCOMPARE(single.value->writes_at_risk, 0);
  QVERIFY(single.value->followers.isEmpty());

  const auto partial =
      parseNodeStatus(reply(200, R"({"version":"0.1.0","cluster":{"role":"follower"}})"));
  QVERIFY2(partial.ok(), qPrintable(partial.error));
  QVERIFY(partial.value->has_cluster);
  QCOMPARE(partial.value->cluster_role, "follower");
  QVERIFY(partial.value->leader_id.isEmpty());
  QCOMPARE(partial.value->applier.lag_ticks, 0);
}

void ApiRepliesTest::partialHealthTakesDefaults() {
  const auto parsed =
      parseClusterHealth(reply(200, R"({"Health":{"S":{"Endpoint":"tcp://h:1"}}})"));
  QVERIFY2(parsed.ok(), qPrintable(parsed.error));
  const HealthEntry& e = parsed.value->servers.value(0);
  QCOMPARE(e.id, "S");
  QCOMPARE(e.health, Health::kUnknown);
  QCOMPARE(e.heartbeat_age_ms, -1);
  QVERIFY(!e.leader);
  QVERIFY(!e.removed);
  QCOMPARE(parsed.value->maintenance_until_ms, 0);
  QVERIFY(parsed.value->leader_id.isEmpty());
}

void ApiRepliesTest::agencyConfigGivesPoolAndLastAcked() {
  const auto parsed = parseAgencyConfig(reply(200, kAgency, "/_api/agency/config"));
  QVERIFY2(parsed.ok(), qPrintable(parsed.error));
  const AgencyConfig& c = *parsed.value;
  QCOMPARE(c.id, "AGNT-47");
  QCOMPARE(c.role, "leader");
  QCOMPARE(c.term, 2);
  QCOMPARE(c.leader_id, "AGNT-47");
  QCOMPARE(c.commit_index, 7);
  QCOMPARE(c.pool.size(), 3);
  QCOMPARE(c.pool.value("AGNT-04"), "tcp://127.0.0.1:9101");
  QCOMPARE(c.active, QStringList({"AGNT-04", "AGNT-47", "AGNT-75"}));
  QCOMPARE(c.last_acked_seconds.value("AGNT-75"), 0.042237749);
  QCOMPARE(c.last_acked_seconds.value("AGNT-47"), 0.0);
}

void ApiRepliesTest::operationRepliesGiveTheirFields() {
  const auto s = parseSwitchover(
      reply(200, R"({"from":"A","to":"B","term":4,"writePauseMs":120,"switched":true,)"
                 R"("leaderEndpoint":"tcp://h:2"})"));
  QVERIFY2(s.ok(), qPrintable(s.error));
  QCOMPARE(s.value->from, "A");
  QCOMPARE(s.value->to, "B");
  QCOMPARE(s.value->term, 4);
  QCOMPARE(s.value->write_pause_ms, 120);
  QVERIFY(s.value->switched);
  QCOMPARE(s.value->leader_endpoint, "tcp://h:2");

  const auto m = parseMaintenance(reply(200, R"({"warning":"careful","maintenanceUntil":5})"));
  QVERIFY2(m.ok(), qPrintable(m.error));
  QCOMPARE(m.value->until_ms, 5);
  QCOMPARE(m.value->warning, "careful");

  const auto a = parseAcknowledged(reply(200, R"({"error":false,"warning":"drained"})"));
  QVERIFY(a.ok());
  QCOMPARE(a.value->message, "drained");
  QCOMPARE(parseAcknowledged(reply(200, "\"OK\"")).value->message, "OK");

  const auto id = parseServerId(reply(200, R"({"id":"SNGL-1"})"));
  QVERIFY(id.ok());
  QCOMPARE(*id.value, "SNGL-1");
}

void ApiRepliesTest::describeSaysWhatWentWrong() {
  ApiReply r = reply(503, kNotLeader);
  QCOMPARE(r.errorNum(), 1496);
  QCOMPARE(r.errorMessage(), "not a leader");
  QCOMPARE(r.describe(),
           "GET http://127.0.0.1:9100/_admin/status: HTTP 503, errorNum 1496: not a leader");
  QCOMPARE(reply(0, {}).describe(), "GET http://127.0.0.1:9100/_admin/status: Connection refused");
  QCOMPARE(reply(502, kHtml).describe(), "GET http://127.0.0.1:9100/_admin/status: HTTP 502");
  QCOMPARE(reply(200, kEndpoints).describe(), "GET http://127.0.0.1:9100/_admin/status");
  ApiReply silent = reply(0, {});
  silent.transport_error.clear();
  QCOMPARE(silent.describe(), "GET http://127.0.0.1:9100/_admin/status: no answer");
  QCOMPARE(reply(200, kHtml).errorNum(), 0);  // not JSON: no error fields, no crash
}

void ApiRepliesTest::hugeNumbersAreErrorsNotGarbage() {
  const auto big = parseClusterHealth(reply(200, R"({"Health":{"S":{"appliedTick":1e300}}})"));
  QVERIFY(!big.ok());
  QVERIFY2(big.error.contains("'Health.S.appliedTick' is not a number"), qPrintable(big.error));

  const auto overflow =
      parseNodeStatus(reply(200, R"({"version":"1","lastTick":"99999999999999999999999"})"));
  QVERIFY(!overflow.ok());
  QVERIFY2(overflow.error.contains("'lastTick' is not a number"), qPrintable(overflow.error));

  const auto large =
      parseNodeStatus(reply(200, R"({"version":"1","lastTick":"9223372036854775807"})"));
  QVERIFY2(large.ok(), qPrintable(large.error));
  QCOMPARE(large.value->last_tick, Q_INT64_C(9223372036854775807));

  const auto exact = parseClusterHealth(reply(200, R"({"Health":{"S":{"appliedTick":1e15}}})"));
  QVERIFY2(exact.ok(), qPrintable(exact.error));
  QCOMPARE(exact.value->servers[0].applied_tick, Q_INT64_C(1000000000000000));

  const auto nan = parseNodeStatus(reply(200, R"({"version":"1","uptimeSeconds":NaN})"));
  QVERIFY(!nan.ok());  // not JSON
}

QTEST_GUILESS_MAIN(ApiRepliesTest)
#include "tst_api_replies.moc"
