// ClusterPoller against a real three-node cluster (each node an agent and a data node): the
// first round shows the cluster as its own API describes it; a SIGKILLed follower turns
// unreachable and rounds keep ending; dead seeds are skipped; no seed alive is a disconnected
// state with a reason; stop() stops; a SIGKILLed leader is followed to the new one. The slots
// share one cluster and run in order.
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "client/api_client.h"
#include "client/endpoint.h"
#include "cluster_harness.h"
#include "models/cluster_poller.h"

using namespace tandem::console;
using namespace tandem::test;

namespace {

constexpr int kIntervalMs = 300;
constexpr int kLeaderTimeoutMs = 60000;
constexpr int kStateTimeoutMs = 15000;

// A loopback port nobody listens on (bound, then released).
QUrl deadUrl() {
  QTcpServer server;
  server.listen(QHostAddress::LocalHost, 0);
  const quint16 port = server.serverPort();
  server.close();
  return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

// Every node known to the supervision and answering, two followers, three agents.
bool complete(const ClusterState& s) {
  if (!s.connected || s.nodes.size() != 3 || s.followers().size() != 2 || s.agents.size() != 3) {
    return false;
  }
  for (const NodeState& n : s.nodes) {
    if (!n.health_entry || !n.status) return false;
  }
  return true;
}

QString describe(const ClusterState& s) {
  QStringList parts;
  parts << QStringLiteral("round %1 connected %2 leader %3 error '%4'")
               .arg(s.round)
               .arg(s.connected)
               .arg(s.leader_id, s.error);
  for (const NodeState& n : s.nodes) {
    parts << QStringLiteral("%1 %2 role %3 health %4 %5")
                 .arg(n.endpoint, n.id)
                 .arg(int(n.role))
                 .arg(healthName(n.health), n.unreachable_reason);
  }
  return parts.join(QLatin1String("; "));
}

}  // namespace

class ClusterPollerTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void firstRoundShowsTheCluster();
  void killedFollowerTurnsUnreachableAndRoundsStillEnd();
  void pausedFollowerTimesOutAndRoundsStillEnd();
  void deadSeedIsSkipped();
  void aliasSeedIsNotASecondNode();
  void noSeedAliveIsADisconnectedState();
  void stopEndsThePolling();
  void killedLeaderIsFollowed();

 private:
  QList<QUrl> allSeeds() const;
  std::unique_ptr<ClusterPoller> makePoller(const QList<QUrl>& seeds);

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  std::unique_ptr<ApiClient> client_;
  LeaderInfo leader_;
};

void ClusterPollerTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path(), 3);
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  leader_ = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(leader_.index >= 0, qPrintable(cluster_->logs()));
  client_ = std::make_unique<ApiClient>(nullptr);
  client_->setTimeout(2000);
}

void ClusterPollerTest::cleanupTestCase() {
  client_.reset();
  if (cluster_) cluster_->stopAll();
}

QList<QUrl> ClusterPollerTest::allSeeds() const {
  return QUrl::fromStringList(cluster_->baseUrls());
}

std::unique_ptr<ClusterPoller> ClusterPollerTest::makePoller(const QList<QUrl>& seeds) {
  auto poller = std::make_unique<ClusterPoller>(client_.get(), nullptr);
  poller->setSeeds(seeds);
  poller->setInterval(kIntervalMs);
  return poller;
}

void ClusterPollerTest::firstRoundShowsTheCluster() {
  auto poller = makePoller(allSeeds());
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->start();
  QVERIFY(poller->isRunning());
  QVERIFY(spy.wait(kStateTimeoutMs));
  // The health of a just-elected cluster may still settle: wait for a round in which the
  // supervision reports all three.
  QTRY_VERIFY2_WITH_TIMEOUT(complete(poller->state()), qPrintable(describe(poller->state())),
                            kStateTimeoutMs);
  const ClusterState& s = poller->state();
  QCOMPARE(s.round, quint64(spy.size()));
  QCOMPARE(s.leader_id, leader_.id);
  QCOMPARE(s.leader_endpoint, cluster_->endpoint(leader_.index));
  QVERIFY(s.leader() != nullptr);
  QCOMPARE(s.leader()->id, leader_.id);
  QCOMPARE(s.nodes.first().id, leader_.id);  // leader first
  QVERIFY(s.term >= 1);
  QVERIFY(s.writes_at_risk >= 0);
  QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
  for (const NodeState& n : s.nodes) {
    QVERIFY2(cluster_->indexOfEndpoint(n.endpoint) >= 0, qPrintable(n.endpoint));
    QVERIFY(n.id.startsWith("SNGL-"));
    QVERIFY(n.status.has_value());
    QVERIFY(n.health_entry.has_value());
    QVERIFY(!n.version.isEmpty());
    QVERIFY(n.uptime_seconds >= 0);
    QVERIFY(n.is_agent);
    QVERIFY(n.agent_id.startsWith("AGNT-"));
    QVERIFY(n.health != Health::kUnreachable);
  }
  int agency_leaders = 0;
  for (const AgentState& a : s.agents) {
    QVERIFY(a.reachable);
    if (a.leader) {
      ++agency_leaders;
      QCOMPARE(a.id, s.agency_leader_id);
    }
    // Asked of the agency leader: it knows when it last heard from each agent.
    QVERIFY2(a.last_acked_seconds >= 0, qPrintable(a.id));
  }
  QCOMPARE(agency_leaders, 1);
  QVERIFY(s.agency_term >= 1);

  const HttpReply health = cluster_->request(leader_.index, "GET", "/_admin/cluster/health");
  QCOMPARE(health.status, 200);
  const QJsonObject live = QJsonDocument::fromJson(health.body).object().value("Health").toObject();
  QCOMPARE(s.health_json.keys(), live.keys());
  QCOMPARE(poller->knownEndpoints().first(), httpUrl(cluster_->endpoint(leader_.index)));
  QCOMPARE(poller->knownEndpoints().size(), 3);
}

void ClusterPollerTest::killedFollowerTurnsUnreachableAndRoundsStillEnd() {
  auto poller = makePoller(allSeeds());
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->start();
  QTRY_VERIFY_WITH_TIMEOUT(poller->state().connected && poller->state().nodes.size() == 3,
                           kStateTimeoutMs);
  const int follower = (leader_.index + 1) % cluster_->size();
  const QString endpoint = cluster_->endpoint(follower);
  cluster_->killNode(follower);

  QElapsedTimer round;
  round.start();
  const auto unreachable = [&] {
    const NodeState* n = poller->state().nodeAt(endpoint);
    return n != nullptr && n->health == Health::kUnreachable;
  };
  QTRY_VERIFY2_WITH_TIMEOUT(unreachable(), qPrintable(describe(poller->state())), kStateTimeoutMs);
  qInfo("follower unreachable after %lld ms", static_cast<long long>(round.elapsed()));
  QVERIFY(!poller->state().nodeAt(endpoint)->unreachable_reason.isEmpty());
  QVERIFY(poller->state().connected);
  QCOMPARE(poller->state().leader_id, leader_.id);

  // Rounds keep ending while the node is dead (bounded by the timeout, never stuck).
  spy.clear();
  round.restart();
  QVERIFY(spy.wait(kStateTimeoutMs));
  QVERIFY(spy.wait(kStateTimeoutMs));
  qInfo("two rounds with a dead follower in %lld ms", static_cast<long long>(round.elapsed()));
  QVERIFY(unreachable());

  QString why;
  QVERIFY2(cluster_->startNode(follower, &why), qPrintable(why));
  QTRY_VERIFY2_WITH_TIMEOUT(!unreachable(), qPrintable(describe(poller->state())), kStateTimeoutMs);
}

void ClusterPollerTest::pausedFollowerTimesOutAndRoundsStillEnd() {
  auto poller = makePoller(allSeeds());
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->start();
  QTRY_VERIFY_WITH_TIMEOUT(complete(poller->state()), kStateTimeoutMs);
  const int follower = (leader_.index + 2) % cluster_->size();
  const QString endpoint = cluster_->endpoint(follower);
  cluster_->pauseNode(follower);  // accepts connections, never answers
  const auto timedOut = [&] {
    const NodeState* n = poller->state().nodeAt(endpoint);
    return n != nullptr && n->health == Health::kUnreachable &&
           n->unreachable_reason.contains("no answer");
  };
  QTRY_VERIFY2_WITH_TIMEOUT(timedOut(), qPrintable(describe(poller->state())), kStateTimeoutMs);
  // Rounds end at the request timeout; the others stay reachable.
  spy.clear();
  QElapsedTimer round;
  round.start();
  QVERIFY(spy.wait(kStateTimeoutMs));
  qInfo("a round with a paused follower took %lld ms (request timeout %d ms)",
        static_cast<long long>(round.elapsed()), std::min(client_->timeout(), 500));
  QVERIFY(poller->state().connected);
  for (const NodeState& n : poller->state().nodes) {
    if (n.endpoint != endpoint) QVERIFY2(n.health != Health::kUnreachable, qPrintable(n.endpoint));
  }
  cluster_->resumeNode(follower);
  QTRY_VERIFY2_WITH_TIMEOUT(!timedOut(), qPrintable(describe(poller->state())), kStateTimeoutMs);
}

void ClusterPollerTest::deadSeedIsSkipped() {
  auto poller = makePoller({deadUrl(), QUrl(cluster_->baseUrl(leader_.index))});
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->pollNow();
  QVERIFY(spy.wait(kStateTimeoutMs));
  const ClusterState& s = poller->state();
  QVERIFY2(s.connected, qPrintable(describe(s)));
  QCOMPARE(s.leader_id, leader_.id);
  // The dead seed is listed, unreachable, with the reason.
  const NodeState* dead = s.nodeAt(poller->seeds().first().toString());
  QVERIFY(dead != nullptr);
  QCOMPARE(dead->health, Health::kUnreachable);
  QVERIFY(!dead->unreachable_reason.isEmpty());
  QVERIFY(!poller->isRunning());  // pollNow() polls once
}

void ClusterPollerTest::aliasSeedIsNotASecondNode() {
  const QUrl alias(QStringLiteral("http://localhost:%1").arg(cluster_->port(leader_.index)));
  auto poller = makePoller({alias});
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->start();
  QTRY_VERIFY2_WITH_TIMEOUT(complete(poller->state()), qPrintable(describe(poller->state())),
                            kStateTimeoutMs);
  for (const NodeState& n : poller->state().nodes) QVERIFY2(n.url != alias, qPrintable(n.endpoint));
  QVERIFY(!poller->knownEndpoints().contains(alias));
}

void ClusterPollerTest::noSeedAliveIsADisconnectedState() {
  auto poller = makePoller({deadUrl(), deadUrl()});
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->pollNow();
  QVERIFY(spy.wait(kStateTimeoutMs));
  const ClusterState& s = poller->state();
  QVERIFY(!s.connected);
  QVERIFY2(s.error.contains("No node of the cluster answered"), qPrintable(s.error));
  QCOMPARE(s.nodes.size(), 2);
  for (const NodeState& n : s.nodes) {
    QCOMPARE(n.health, Health::kUnreachable);
    QVERIFY(!n.unreachable_reason.isEmpty());
  }
  // A second round keeps the rows.
  poller->pollNow();
  QVERIFY(spy.wait(kStateTimeoutMs));
  QCOMPARE(poller->state().nodes.size(), 2);
  QCOMPARE(poller->state().round, quint64(2));
}

void ClusterPollerTest::stopEndsThePolling() {
  auto poller = makePoller(allSeeds());
  QSignalSpy spy(poller.get(), &ClusterPoller::stateChanged);
  poller->start();
  QVERIFY(spy.wait(kStateTimeoutMs));
  poller->pollNow();  // perhaps a round is open now: stop() abandons it
  poller->stop();
  QVERIFY(!poller->isRunning());
  spy.clear();
  QVERIFY(!spy.wait(3 * kIntervalMs));
  QCOMPARE(spy.size(), 0);
  QTRY_COMPARE_WITH_TIMEOUT(client_->pending(), 0, kStateTimeoutMs);
}

void ClusterPollerTest::killedLeaderIsFollowed() {
  auto poller = makePoller(allSeeds());
  poller->start();
  QTRY_VERIFY_WITH_TIMEOUT(poller->state().connected && poller->state().nodes.size() == 3,
                           kStateTimeoutMs);
  const QString old_leader = poller->state().leader_id;
  QVERIFY(!old_leader.isEmpty());
  const int killed = cluster_->indexOfEndpoint(poller->state().leader_endpoint);
  QVERIFY(killed >= 0);
  cluster_->killNode(killed);
  QTRY_VERIFY2_WITH_TIMEOUT(poller->state().connected && !poller->state().leader_id.isEmpty() &&
                                poller->state().leader_id != old_leader &&
                                poller->state().leader()->health != Health::kUnreachable,
                            qPrintable(describe(poller->state())), kLeaderTimeoutMs);
  const LeaderInfo now = cluster_->waitForLeader(kLeaderTimeoutMs, killed);
  QVERIFY(now.index >= 0);
  QTRY_COMPARE_WITH_TIMEOUT(poller->state().leader_id, now.id, kStateTimeoutMs);
  const NodeState* old = poller->state().node(old_leader);
  QVERIFY(old != nullptr);
  QCOMPARE(old->health, Health::kUnreachable);
  QVERIFY(old->role != NodeRole::kLeader);
}

QTEST_GUILESS_MAIN(ClusterPollerTest)
#include "tst_cluster_poller.moc"
