// The snapshot JSON (every field of format version 1 with its type, the health object verbatim),
// its bytes, and the `status` text.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QtTest>

#include "models/snapshot.h"

using namespace tandem::console;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 11, 27), QTime(18, 0, 0, 500), Qt::UTC);

const QByteArray kHealth =
    R"({"SNGL-A":{"Endpoint":"tcp://127.0.0.1:9001","Role":"SINGLE","Status":"GOOD",)"
    R"("Version":"0.1.0","leader":true,"appliedTick":101,"appliedTerm":3,"heartbeatAgeMs":12,)"
    R"("draining":false,"removed":false,"lagTicks":0,"lagMs":0,"extra":{"kept":[1,2]}},)"
    R"("SNGL-B":{"Endpoint":"tcp://127.0.0.1:9002","Role":"SINGLE","Status":"BAD",)"
    R"("Version":"0.1.0","leader":false,"appliedTick":99,"appliedTerm":3,"heartbeatAgeMs":40,)"
    R"("draining":true,"removed":false,"lagTicks":2,"lagMs":30}})";

ClusterState makeState() {
  ClusterState s;
  s.time = kT0;
  s.round = 7;
  s.connected = true;
  s.leader_id = "SNGL-A";
  s.leader_endpoint = "tcp://127.0.0.1:9001";
  s.term = 3;
  s.writes_at_risk = 4;
  s.agency_term = 2;
  s.agency_leader_id = "AGNT-1";
  s.health_json = QJsonDocument::fromJson(kHealth).object();

  NodeState a;
  a.id = "SNGL-A";
  a.endpoint = "tcp://127.0.0.1:9001";
  a.role = NodeRole::kLeader;
  a.health = Health::kGood;
  a.applied_tick = 101;
  a.applied_term = 3;
  a.version = "0.1.0";
  a.uptime_seconds = 75;
  a.is_agent = true;
  a.agent_id = "AGNT-1";
  NodeStatus status;
  status.version = "0.1.0-leader";
  a.status = status;
  NodeState b;
  b.id = "SNGL-B";
  b.endpoint = "tcp://127.0.0.1:9002";
  b.role = NodeRole::kFollower;
  b.health = Health::kUnreachable;
  b.draining = true;
  b.applied_tick = 99;
  b.lag_ticks = 2;
  b.lag_ms = 30;
  b.unreachable_reason = "connection refused";
  s.nodes = {a, b};
  AgentState agent;
  agent.id = "AGNT-1";
  agent.endpoint = "tcp://127.0.0.1:9001";
  agent.leader = true;
  agent.last_acked_seconds = 0;
  AgentState other;
  other.id = "AGNT-2";
  other.endpoint = "tcp://127.0.0.1:9002";
  other.reachable = false;
  s.agents = {agent, other};
  return s;
}

}  // namespace

class SnapshotTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
  void jsonHasEveryFieldWithItsType();
  void healthIsVerbatim();
  void noLeaderIsNull();
  void bytesAreTheJsonIndented();
  void statusTextSummarises();
};

void SnapshotTest::jsonHasEveryFieldWithItsType() {
  LagHistory history(nullptr);
  ClusterState sampled = makeState();
  history.record(sampled);
  EventLog events(nullptr);
  events.append(Event{kT0, EventKind::kFailover, "SNGL-A", "Failover: x"});

  const QJsonObject json = snapshotJson(makeState(), &history, &events);
  QCOMPARE(json.value("format").toString(), "tandem-console-snapshot");
  QCOMPARE(json.value("formatVersion").toInt(-1), 1);
  QCOMPARE(json.value("time").toString(), "2026-11-27T18:00:00.500Z");
  QCOMPARE(json.value("console").toObject().value("version").toString(),
           QStringLiteral(TANDEM_CONSOLE_VERSION));

  const QJsonObject cluster = json.value("cluster").toObject();
  QCOMPARE(cluster.value("version").toString(), "0.1.0-leader");  // the leader's status
  QCOMPARE(cluster.value("leader").toObject(),
           QJsonObject({{"id", "SNGL-A"}, {"endpoint", "tcp://127.0.0.1:9001"}, {"term", 3}}));
  QVERIFY(cluster.value("maintenanceUntil").isDouble());
  QCOMPARE(cluster.value("writesAtRisk").toInt(), 4);
  QCOMPARE(cluster.value("agency").toObject(), QJsonObject({{"term", 2}, {"leader", "AGNT-1"}}));

  const QJsonArray nodes = json.value("nodes").toArray();
  QCOMPARE(nodes.size(), 2);
  const QJsonObject a = nodes[0].toObject();
  const QJsonObject b = nodes[1].toObject();
  const QStringList keys = {
      "id",       "endpoint", "role",    "health",        "draining", "appliedTick", "appliedTerm",
      "lagTicks", "lagMs",    "version", "uptimeSeconds", "agent",    "reachable",   "error"};
  QStringList sorted_keys = keys;
  sorted_keys.sort();
  QCOMPARE(a.keys(), sorted_keys);
  QCOMPARE(a.value("role").toString(), "leader");
  QCOMPARE(a.value("health").toString(), "GOOD");
  QCOMPARE(a.value("appliedTick").toInteger(), 101);
  QCOMPARE(a.value("uptimeSeconds").toDouble(), 75.0);
  QCOMPARE(a.value("agent").toBool(), true);
  QCOMPARE(a.value("reachable").toBool(), true);
  QCOMPARE(b.value("role").toString(), "follower");
  QCOMPARE(b.value("health").toString(), "UNREACHABLE");
  QVERIFY(b.value("draining").toBool());
  QVERIFY(b.value("draining").isBool());
  QVERIFY(b.value("lagTicks").isDouble());
  QCOMPARE(b.value("lagMs").toInt(), 30);
  QVERIFY(b.value("uptimeSeconds").isNull());  // unknown
  QCOMPARE(b.value("reachable").toBool(), false);
  QCOMPARE(b.value("error").toString(), "connection refused");

  const QJsonArray agents = json.value("agents").toArray();
  QCOMPARE(agents.size(), 2);
  QCOMPARE(agents[0].toObject(), QJsonObject({{"id", "AGNT-1"},
                                              {"endpoint", "tcp://127.0.0.1:9001"},
                                              {"leader", true},
                                              {"lastAckedSeconds", 0}}));
  QVERIFY(agents[1].toObject().value("lastAckedSeconds").isNull());

  const QJsonArray lag = json.value("lagHistory").toArray();
  QCOMPARE(lag.size(), 1);
  QCOMPARE(lag[0].toObject().value("id").toString(), "SNGL-B");
  QCOMPARE(lag[0].toObject().value("endpoint").toString(), "tcp://127.0.0.1:9002");
  QCOMPARE(lag[0].toObject().value("samples").toArray(),
           QJsonArray({QJsonObject{
               {"time", "2026-11-27T18:00:00.500Z"}, {"lagMs", 30}, {"lagTicks", 2}}}));
  QCOMPARE(json.value("events").toArray(), events.toJson());

  // Without history and events: empty arrays, not missing keys.
  const QJsonObject bare = snapshotJson(makeState(), nullptr, nullptr);
  QVERIFY(bare.value("lagHistory").isArray());
  QVERIFY(bare.value("events").isArray());
  QVERIFY(bare.value("lagHistory").toArray().isEmpty());
}

void SnapshotTest::healthIsVerbatim() {
  const QJsonObject json = snapshotJson(makeState(), nullptr, nullptr);
  QCOMPARE(json.value("health").toObject(), QJsonDocument::fromJson(kHealth).object());
  QCOMPARE(json.value("health").toObject().value("SNGL-A").toObject().value("extra"),
           QJsonValue(QJsonObject{{"kept", QJsonArray{1, 2}}}));
}

void SnapshotTest::noLeaderIsNull() {
  ClusterState s = makeState();
  s.leader_id.clear();
  s.nodes[0].role = NodeRole::kFollower;
  s.connected = false;
  s.health_json = {};
  const QJsonObject json = snapshotJson(s, nullptr, nullptr);
  QVERIFY(json.value("cluster").toObject().value("leader").isNull());
  QCOMPARE(json.value("cluster").toObject().value("version").toString(), "");
  QVERIFY(json.value("health").isObject());
}

void SnapshotTest::bytesAreTheJsonIndented() {
  const QByteArray bytes = snapshotBytes(makeState(), nullptr, nullptr);
  QVERIFY(bytes.endsWith('\n'));
  QVERIFY(bytes.contains("\n    \"format\": \"tandem-console-snapshot\""));
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
  QCOMPARE(error.error, QJsonParseError::NoError);
  QCOMPARE(doc.object(), snapshotJson(makeState(), nullptr, nullptr));
}

void SnapshotTest::statusTextSummarises() {
  const QStringList lines = statusText(makeState()).split('\n');
  QCOMPARE(lines.value(0), "connected: yes");
  QCOMPARE(lines.value(1), "leader: 127.0.0.1:9001 SNGL-A term 3");
  QCOMPARE(lines.value(2), "maintenance: off");
  QCOMPARE(lines.value(3), "writes at risk: 4");
  QCOMPARE(lines.value(4), "nodes:");
  QCOMPARE(lines.value(5),
           "  127.0.0.1:9001         leader     good         tick 101  version "
           "0.1.0  uptime 1 min 15 s  id SNGL-A");
  QCOMPARE(lines.value(6),
           "  127.0.0.1:9002         follower   unreachable  tick 99  lag 2 "
           "ticks 30 ms  version ?  uptime —  id SNGL-B  draining  (connection "
           "refused)");
  QCOMPARE(lines.value(7), "agents:");
  QCOMPARE(lines.value(8), "  127.0.0.1:9001         AGNT-1  leader  last acked 0.000 s ago");
  QCOMPARE(lines.value(9), "  127.0.0.1:9002         AGNT-2  unreachable");

  ClusterState lost = makeState();
  lost.connected = false;
  lost.error = "No node answered.";
  QCOMPARE(statusText(lost).section('\n', 0, 0), "connected: no (No node answered.)");
}

QTEST_GUILESS_MAIN(SnapshotTest)
#include "tst_snapshot.moc"
