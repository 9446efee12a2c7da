// The request gate of an active-failover cluster of three real nodes, as clients and drivers
// see it: /_api/cluster/endpoints (leader first) on every node, followers refusing with 503/1496
// and the leader's address, the paths followers still serve, role and availability, dirty reads
// and refused dirty writes, and /_admin/cluster/health naming every node. The slots share one
// cluster and run in order.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <utility>
#include <vector>

#include "cluster_harness.h"

using namespace tandem::test;

namespace {

constexpr int kLeaderTimeoutMs = 60000;
constexpr int kSyncTimeoutMs = 30000;
const QString kCollection = QStringLiteral("gate");
const QMap<QByteArray, QByteArray> kDirty{{"x-arango-allow-dirty-read", "true"}};

int errorNum(const HttpReply& reply) { return reply.json().object().value("errorNum").toInt(); }

QStringList endpointList(const HttpReply& reply) {
  QStringList list;
  for (const QJsonValue& entry : reply.json().object().value("endpoints").toArray()) {
    list << entry.toObject().value("endpoint").toString();
  }
  return list;
}

}  // namespace

class FailoverEndpointsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void everyNodeListsTheLeaderFirst();
  void followersRefuseWithTheLeadersAddress();
  void followersServeTheAllowedPaths();
  void roleIsSingleResilientEverywhere();
  void availabilityOnlyOnTheLeader();
  void dirtyReadsAreServedAndMarked();
  void dirtyWritesAreRefused();
  void healthListsEveryNode();

 private:
  QList<int> followers() const;

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  LeaderInfo leader_;
};

QList<int> FailoverEndpointsTest::followers() const {
  QList<int> list;
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i != leader_.index) list << i;
  }
  return list;
}

void FailoverEndpointsTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  leader_ = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(leader_.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(leader_.index, kCollection), 200);
  const HttpReply insert = cluster_->request(
      leader_.index, "POST", QStringLiteral("/_db/_system/_api/document/") + kCollection,
      R"({"_key":"one","value":1})");
  QVERIFY2(insert.status == 201 || insert.status == 202, qPrintable(insert.describe()));
  for (int follower : followers()) {
    QVERIFY2(
        cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs),
        qPrintable(QStringLiteral("node %1 never caught up").arg(follower) + cluster_->logs()));
  }
}

void FailoverEndpointsTest::cleanupTestCase() {
  if (!cluster_) return;
  const QString failures = cluster_->stopAll();
  QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void FailoverEndpointsTest::everyNodeListsTheLeaderFirst() {
  // Health turns GOOD a heartbeat or two after a follower starts; wait until every node lists
  // all three, then check the order on each.
  QStringList all;
  for (int i = 0; i < cluster_->size(); ++i) all << cluster_->endpoint(i);
  all.sort();
  for (int i = 0; i < cluster_->size(); ++i) {
    HttpReply reply;
    QStringList listed;
    QTRY_VERIFY2_WITH_TIMEOUT((reply = cluster_->request(i, "GET", "/_api/cluster/endpoints"),
                               listed = endpointList(reply), listed.size() == all.size()),
                              qPrintable(QStringLiteral("node %1: ").arg(i) + reply.describe()),
                              10000);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().object().value("error").toBool(true), false);
    QCOMPARE(listed.first(), cluster_->endpoint(leader_.index));
    listed.sort();
    QCOMPARE(listed, all);
  }
}

void FailoverEndpointsTest::followersRefuseWithTheLeadersAddress() {
  const QString expected = QStringLiteral("http://127.0.0.1:%1").arg(cluster_->port(leader_.index));
  for (int follower : followers()) {
    const std::vector<std::pair<QByteArray, QString>> refused{
        {"POST", "/_db/_system/_api/document/gate"},
        {"GET", "/_db/_system/_api/document/gate/one"},
        {"GET", "/_api/collection"},
        {"GET", "/_api/database"}};
    for (const auto& [method, path] : refused) {
      const HttpReply reply =
          cluster_->request(follower, method, path, method == "POST" ? "{}" : QByteArray());
      QVERIFY2(reply.status == 503, qPrintable(path + " " + reply.describe()));
      QCOMPARE(errorNum(reply), 1496);
      QCOMPARE(reply.json().object().value("errorMessage").toString(),
               QStringLiteral("not a leader"));
      QCOMPARE(QString::fromUtf8(reply.header("x-arango-endpoint")), expected);
    }
  }
}

void FailoverEndpointsTest::followersServeTheAllowedPaths() {
  for (int follower : followers()) {
    for (const QString& path :
         {QStringLiteral("/_api/version"), QStringLiteral("/_admin/server/role"),
          QStringLiteral("/_admin/server/id"), QStringLiteral("/_admin/status"),
          QStringLiteral("/_api/cluster/endpoints"), QStringLiteral("/_admin/cluster/health"),
          QStringLiteral("/_api/wal/lastTick"), QStringLiteral("/_api/replication/logger-state")}) {
      const HttpReply reply = cluster_->request(follower, "GET", path);
      QVERIFY2(reply.status == 200, qPrintable(QStringLiteral("node %1 %2: ").arg(follower) + path +
                                               " " + reply.describe()));
    }
  }
}

void FailoverEndpointsTest::roleIsSingleResilientEverywhere() {
  for (int i = 0; i < cluster_->size(); ++i) {
    const HttpReply reply = cluster_->request(i, "GET", "/_admin/server/role");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().object().value("role").toString(), QStringLiteral("SINGLE"));
    QCOMPARE(reply.json().object().value("mode").toString(), QStringLiteral("resilient"));
  }
}

void FailoverEndpointsTest::availabilityOnlyOnTheLeader() {
  for (int i = 0; i < cluster_->size(); ++i) {
    const HttpReply reply = cluster_->request(i, "GET", "/_admin/server/availability");
    QCOMPARE(reply.status, i == leader_.index ? 200 : 503);
  }
}

void FailoverEndpointsTest::dirtyReadsAreServedAndMarked() {
  for (int follower : followers()) {
    const HttpReply reply = cluster_->request(
        follower, "GET", QStringLiteral("/_db/_system/_api/document/gate/one"), {}, kDirty);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().object().value("value").toInt(), 1);
    QCOMPARE(reply.header("x-arango-potential-dirty-read"), QByteArray("true"));
  }
}

void FailoverEndpointsTest::dirtyWritesAreRefused() {
  for (int follower : followers()) {
    const HttpReply reply =
        cluster_->request(follower, "POST", QStringLiteral("/_db/_system/_api/document/gate"),
                          R"({"_key":"dirty"})", kDirty);
    QVERIFY2(reply.status == 403, qPrintable(reply.describe()));
    QCOMPARE(errorNum(reply), 1004);
  }
  // Nothing reached the leader either.
  const HttpReply read =
      cluster_->request(leader_.index, "GET", "/_db/_system/_api/document/gate/dirty");
  QCOMPARE(read.status, 404);
}

void FailoverEndpointsTest::healthListsEveryNode() {
  QStringList ids;
  for (int i = 0; i < cluster_->size(); ++i) {
    const QString id = cluster_->serverId(i);
    QVERIFY(id.startsWith(QStringLiteral("SNGL-")));
    ids << id;
  }
  for (int i = 0; i < cluster_->size(); ++i) {
    const HttpReply reply = cluster_->request(i, "GET", "/_admin/cluster/health");
    QCOMPARE(reply.status, 200);
    const QJsonObject health = reply.json().object().value("Health").toObject();
    for (const QString& id : ids) {
      QVERIFY2(health.contains(id),
               qPrintable(QStringLiteral("node %1 lacks %2: ").arg(i).arg(id) + reply.describe()));
    }
  }
}

QTEST_GUILESS_MAIN(FailoverEndpointsTest)
#include "tst_failover_endpoints.moc"
