// mergeRound: hand-built replies of one poll round give the ClusterState the rules promise
// (node list, roles, health override, lag fallbacks, order, aliases, agents, a lost round).
#include <QtTest>

#include "models/round_merge.h"

using namespace tandem::console;

namespace {

QString ep(int port) { return QStringLiteral("tcp://127.0.0.1:%1").arg(port); }
QUrl url(int port) { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)); }

HealthEntry entry(const QString& id, int port, bool leader, Health health = Health::kGood) {
  HealthEntry e;
  e.id = id;
  e.endpoint = ep(port);
  e.leader = leader;
  e.health = health;
  e.version = "0.1.0";
  e.applied_tick = 100;
  e.applied_term = 2;
  return e;
}

NodePoll answered(int port, const QString& id, const QString& role) {
  NodeStatus s;
  s.id = id;
  s.version = "0.1.0";
  s.cluster_role = role;
  s.has_cluster = true;
  s.uptime_seconds = 10;
  s.term = 2;
  return NodePoll{url(port), s, {}};
}

NodePoll failed(int port) { return NodePoll{url(port), std::nullopt, "connection refused"}; }

// A (9001) leads, B (9002) follows, both answer.
RoundReplies healthy() {
  RoundReplies r;
  r.round = 3;
  r.time = QDateTime(QDate(2026, 11, 27), QTime(18, 0), Qt::UTC);
  r.seeds = {url(9002)};
  r.endpoints = QStringList{ep(9001), ep(9002)};
  ClusterHealth h;
  h.servers = {entry("A", 9001, true), entry("B", 9002, false)};
  h.servers[1].lag_ticks = 3;
  h.servers[1].lag_ms = 40;
  h.leader_id = "A";
  h.leader_endpoint = ep(9001);
  h.leader_term = 2;
  h.maintenance_until_ms = 77;
  r.health = h;
  r.health_json = QJsonObject{{"A", QJsonObject{{"Status", "GOOD"}}}};
  NodePoll leader = answered(9001, "A", "leader");
  leader.status->writes_at_risk = 6;
  r.polls = {leader, answered(9002, "B", "follower")};
  return r;
}

QStringList endpoints(const ClusterState& s) {
  QStringList out;
  for (const NodeState& n : s.nodes) out << n.endpoint;
  return out;
}

}  // namespace

class RoundMergeTest : public QObject {
  Q_OBJECT

 private slots:
  void healthyRound();
  void statusGivesTheRoleOfNodesTheHealthDoesNotList();
  void failedPollOverridesTheSupervisionsHealth();
  void lagFallsBackToTheLeadersFollowers();
  void orderIsLeaderFollowersUnknownRemoved();
  void aSeedAliasIsDropped();
  void agentsComeFromTheAgencyConfig();
  void nothingAnsweredKeepsThePreviousNodesUnreachable();
};

void RoundMergeTest::healthyRound() {
  const ClusterState s = mergeRound(healthy(), {});
  QVERIFY(s.connected);
  QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
  QCOMPARE(s.round, quint64(3));
  QCOMPARE(s.time, healthy().time);
  QCOMPARE(endpoints(s), QStringList({ep(9001), ep(9002)}));
  QCOMPARE(s.leader_id, "A");
  QCOMPARE(s.leader_endpoint, ep(9001));
  QCOMPARE(s.term, 2);
  QCOMPARE(s.maintenance_until_ms, 77);
  QCOMPARE(s.writes_at_risk, 6);
  QCOMPARE(s.health_json, healthy().health_json);
  const NodeState& b = s.nodes[1];
  QCOMPARE(b.role, NodeRole::kFollower);
  QCOMPARE(b.lag_ticks, 3);
  QCOMPARE(b.lag_ms, 40);
  QVERIFY(!b.in_sync);
  QCOMPARE(b.url, url(9002));
  QCOMPARE(b.uptime_seconds, 10.0);
  QVERIFY(b.health_entry.has_value());
  QVERIFY(b.status.has_value());
  QCOMPARE(s.nodes[0].lag_ticks, 0);
  QVERIFY(!s.nodes[0].in_sync);  // only followers are "in sync"
}

void RoundMergeTest::statusGivesTheRoleOfNodesTheHealthDoesNotList() {
  RoundReplies r = healthy();
  r.endpoints->append(ep(9003));
  r.polls.append(answered(9003, "C", "follower"));
  r.seeds.append(url(9004));
  r.polls.append(failed(9004));
  const ClusterState s = mergeRound(r, {});
  QCOMPARE(endpoints(s), QStringList({ep(9001), ep(9002), ep(9003), ep(9004)}));
  QCOMPARE(s.nodeAt(ep(9003))->role, NodeRole::kFollower);
  QCOMPARE(s.nodeAt(ep(9003))->id, "C");
  QCOMPARE(s.nodeAt(ep(9003))->health, Health::kUnknown);  // the supervision did not say
  QVERIFY(s.nodeAt(ep(9003))->in_sync);
  QCOMPARE(s.nodeAt(ep(9004))->role, NodeRole::kUnknown);
  QCOMPARE(s.nodeAt(ep(9004))->health, Health::kUnreachable);
}

void RoundMergeTest::failedPollOverridesTheSupervisionsHealth() {
  RoundReplies r = healthy();
  r.health->servers[1].lag_ticks = 0;
  r.polls[1] = failed(9002);
  ClusterState previous;
  const ClusterState s = mergeRound(r, previous);
  const NodeState* b = s.node("B");
  QVERIFY(b != nullptr);
  QCOMPARE(b->health, Health::kUnreachable);
  QCOMPARE(b->unreachable_reason, "connection refused");
  QCOMPARE(b->role, NodeRole::kFollower);
  QVERIFY(!b->in_sync);
  QCOMPARE(b->uptime_seconds, -1.0);
}

void RoundMergeTest::lagFallsBackToTheLeadersFollowers() {
  RoundReplies r = healthy();
  r.health.reset();
  r.health_json = {};
  r.health_error = "GET …: HTTP 503";
  r.polls[0].status->followers = {FollowerProgress{"B", 90, 5, 70}};
  r.polls[1].status->applier.lag_ticks = 9;
  const ClusterState s = mergeRound(r, {});
  QVERIFY(s.connected);
  QCOMPARE(s.error, "GET …: HTTP 503");
  QCOMPARE(s.leader_id, "A");  // from the leader's own status
  QCOMPARE(s.term, 2);
  QCOMPARE(s.node("B")->lag_ticks, 5);
  QCOMPARE(s.node("B")->lag_ms, 70);

  r.polls[0].status->followers.clear();  // then the follower's own applier
  QCOMPARE(mergeRound(r, {}).node("B")->lag_ticks, 9);
}

void RoundMergeTest::orderIsLeaderFollowersUnknownRemoved() {
  RoundReplies r = healthy();
  HealthEntry removed = entry("R", 9000, false, Health::kFailed);
  removed.removed = true;
  r.health->servers.append(removed);
  r.health->servers.append(entry("C", 10000, false));
  r.polls.append(answered(10000, "C", "follower"));
  r.polls.append(failed(9000));
  r.seeds.append(url(8999));
  r.polls.append(NodePoll{url(8999), std::nullopt, "refused"});
  const ClusterState s = mergeRound(r, {});
  // Followers by port as a number (9002 before 10000), unknown, removed last.
  QCOMPARE(endpoints(s), QStringList({ep(9001), ep(9002), ep(10000), ep(8999), ep(9000)}));
  QCOMPARE(s.nodes.last().role, NodeRole::kRemoved);
  QCOMPARE(s.followers().size(), 2);
}

void RoundMergeTest::aSeedAliasIsDropped() {
  RoundReplies r = healthy();
  r.seeds = {QUrl("http://localhost:9001")};
  NodePoll alias = answered(9001, "A", "leader");
  alias.url = QUrl("http://localhost:9001");
  r.polls.append(alias);
  const ClusterState s = mergeRound(r, {});
  QCOMPARE(endpoints(s), QStringList({ep(9001), ep(9002)}));
}

void RoundMergeTest::agentsComeFromTheAgencyConfig() {
  RoundReplies r = healthy();
  AgencyConfig config;
  config.role = "follower";
  config.term = 4;
  config.leader_id = "AG-2";
  config.pool = {{"AG-1", ep(9001)}, {"AG-2", ep(9002)}, {"AG-3", ep(9003)}};
  config.last_acked_seconds = {{"AG-1", 0.5}};
  r.agency = config;
  ClusterState s = mergeRound(r, {});
  QCOMPARE(s.agents.size(), 3);
  QCOMPARE(s.agency_term, 4);
  QCOMPARE(s.agency_leader_id, "AG-2");
  QVERIFY(s.agents[1].leader);
  QCOMPARE(s.agents[0].last_acked_seconds, -1.0);  // a follower's view is not used
  QVERIFY(s.node("A")->is_agent);
  QCOMPARE(s.node("A")->agent_id, "AG-1");
  QCOMPARE(s.node("B")->agent_id, "AG-2");

  r.agency->role = "leader";
  s = mergeRound(r, {});
  QCOMPARE(s.agents[0].last_acked_seconds, 0.5);
  QCOMPARE(s.agents[1].last_acked_seconds, -1.0);  // not in lastAcked

  // A round without the config keeps the previous agents, re-checked for reachability.
  RoundReplies later = healthy();
  later.polls[1] = failed(9002);
  later.agency_error = "no agent answered";
  const ClusterState after = mergeRound(later, s);
  QCOMPARE(after.agents.size(), 3);
  QVERIFY(after.agents[0].reachable);
  QVERIFY(!after.agents[1].reachable);
  QCOMPARE(after.error, "no agent answered");
}

void RoundMergeTest::nothingAnsweredKeepsThePreviousNodesUnreachable() {
  const ClusterState before = mergeRound(healthy(), {});
  RoundReplies lost;
  lost.round = 4;
  lost.seeds = {url(9002)};
  lost.endpoints_error = "refused";
  lost.polls = {failed(9001), failed(9002)};
  const ClusterState s = mergeRound(lost, before);
  QVERIFY(!s.connected);
  QCOMPARE(s.round, quint64(4));
  QVERIFY2(s.error.startsWith("No node of the cluster answered (connection refused"),
           qPrintable(s.error));
  QCOMPARE(endpoints(s), endpoints(before));
  QCOMPARE(s.leader_id, "A");  // the last known picture, marked unreachable
  for (const NodeState& n : s.nodes) {
    QCOMPARE(n.health, Health::kUnreachable);
    QCOMPARE(n.unreachable_reason, "connection refused");
    QVERIFY(!n.status.has_value());
  }
  QVERIFY(s.health_json.isEmpty());
  QCOMPARE(s.writes_at_risk, -1);

  // Never connected: the seeds are the rows.
  const ClusterState first = mergeRound(lost, {});
  QCOMPARE(endpoints(first), QStringList({ep(9001), ep(9002)}));
}

QTEST_GUILESS_MAIN(RoundMergeTest)
#include "tst_round_merge.moc"
