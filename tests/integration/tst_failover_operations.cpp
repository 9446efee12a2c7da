// Operating an active-failover cluster: a follower restarted in place with the upgrade step
// (POST /_admin/restart {"upgrade":true}) comes back as a follower in sync; a replacement node
// (a data node only) joins and catches up, then an old follower is drained (it leaves
// /_api/cluster/endpoints) and removed (it stops serving and says why); maintenance mode
// suspends failover of a killed leader, and turning it off lets the failover happen. The slots
// share one cluster and run in order.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cluster_harness.h"

using namespace tandem::test;

namespace {

constexpr int kLeaderTimeoutMs = 60000;
constexpr int kSyncTimeoutMs = 60000;
// Longer than several grace periods of the harness's timings (0.8 s): had supervision been
// active, it would have failed over well within this.
constexpr int kMaintenanceWatchMs = 4000;
const QString kCollection = QStringLiteral("ops");

QByteArray json(const QJsonObject& object) {
  return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

}  // namespace

class FailoverOperationsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void followerRestartWithUpgradeRejoinsInSync();
  void replacementJoinsAndAnOldFollowerIsDrainedAndRemoved();
  void maintenanceModeSuspendsFailover();

 private:
  // Inserts `count` documents through the leader; their keys.
  QStringList insert(int count, const QString& prefix);
  int anyFollower() const;
  QStringList listedEndpoints(int index);

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  LeaderInfo leader_;
  QSet<int> gone_;  // nodes removed from the cluster
};

QStringList FailoverOperationsTest::insert(int count, const QString& prefix) {
  QStringList keys;
  for (int i = 0; i < count; ++i) {
    const QString key = QStringLiteral("%1-%2").arg(prefix).arg(i);
    const HttpReply reply = cluster_->request(
        leader_.index, "POST", "/_db/_system/_api/document/" + kCollection, json({{"_key", key}}));
    if (reply.status != 201 && reply.status != 202) {
      qWarning("insert %s: %s", qPrintable(key), qPrintable(reply.describe()));
      return {};
    }
    keys << key;
  }
  return keys;
}

int FailoverOperationsTest::anyFollower() const {
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i != leader_.index && !gone_.contains(i) && cluster_->isRunning(i)) return i;
  }
  return -1;
}

QStringList FailoverOperationsTest::listedEndpoints(int index) {
  QStringList list;
  const HttpReply reply = cluster_->request(index, "GET", "/_api/cluster/endpoints");
  for (const QJsonValue& entry : reply.json().object().value("endpoints").toArray()) {
    list << entry.toObject().value("endpoint").toString();
  }
  return list;
}

void FailoverOperationsTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  leader_ = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(leader_.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(leader_.index, kCollection), 200);
  QCOMPARE(insert(50, "first").size(), qsizetype(50));
}

void FailoverOperationsTest::cleanupTestCase() {
  if (!cluster_) return;
  cluster_->stopAll();
}

void FailoverOperationsTest::followerRestartWithUpgradeRejoinsInSync() {
  const int follower = anyFollower();
  QVERIFY(follower >= 0);
  QVERIFY2(cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  const qint64 pid = cluster_->node(follower).pid();
  const HttpReply reply =
      cluster_->request(follower, "POST", "/_admin/restart", json({{"upgrade", true}}));
  QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
  // Written while it restarts: it must fetch them afterwards.
  const QStringList keys = insert(50, "during-restart");
  QCOMPARE(keys.size(), qsizetype(50));
  QVERIFY2(cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  QCOMPARE(cluster_->node(follower).pid(), pid);  // restarted in place: the same process
  QVERIFY(cluster_->isRunning(follower));
  QCOMPARE(cluster_->request(follower, "GET", "/_admin/server/availability").status, 503);
  QVERIFY2(cluster_->node(follower).stderrText().contains(QStringLiteral("upgrade passed")),
           qPrintable(cluster_->node(follower).stderrText().right(3000)));
  QMap<QString, QString> found;
  QString why;
  QVERIFY2(cluster_->documents(follower, kCollection, keys, &found, &why), qPrintable(why));
  QCOMPARE(found.size(), keys.size());
}

void FailoverOperationsTest::replacementJoinsAndAnOldFollowerIsDrainedAndRemoved() {
  QString why;
  const int fresh = cluster_->addDataNode(&why);
  QVERIFY2(fresh >= 0, qPrintable(why));
  const QStringList keys = insert(50, "replacement");
  QVERIFY2(cluster_->waitInSync(fresh, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  QMap<QString, QString> found;
  QVERIFY2(cluster_->documents(fresh, kCollection, keys, &found, &why), qPrintable(why));
  QCOMPARE(found.size(), keys.size());
  QTRY_VERIFY_WITH_TIMEOUT(listedEndpoints(leader_.index).contains(cluster_->endpoint(fresh)),
                           10000);

  int old = -1;
  for (int i = 0; i < fresh; ++i) {
    if (i != leader_.index) old = i;
  }
  const QString old_id = cluster_->serverId(old);
  const HttpReply drained = cluster_->request(leader_.index, "POST", "/_admin/cluster/drain",
                                              json({{"server", old_id}}), {}, 15000);
  QVERIFY2(drained.status == 200, qPrintable(drained.describe()));
  for (int i : {leader_.index, fresh}) {
    QTRY_VERIFY_WITH_TIMEOUT(!listedEndpoints(i).contains(cluster_->endpoint(old)), 10000);
  }

  const HttpReply removed = cluster_->request(leader_.index, "POST", "/_admin/cluster/remove",
                                              json({{"server", old_id}}), {}, 15000);
  QVERIFY2(removed.status == 200, qPrintable(removed.describe()));
  gone_.insert(old);
  // The removed node stops serving and says why.
  HttpReply refused;
  QTRY_VERIFY_WITH_TIMEOUT(
      (refused = cluster_->request(old, "GET", "/_db/_system/_api/document/ops/first-0", {},
                                   {{"x-arango-allow-dirty-read", "true"}}),
       refused.status == 503 &&
           refused.json().object().value("errorMessage").toString().contains("removed")),
      10000);
  QVERIFY(!listedEndpoints(leader_.index).contains(cluster_->endpoint(old)));
  // The cluster goes on: writes, and the replacement follows.
  QCOMPARE(insert(10, "after-remove").size(), qsizetype(10));
  QVERIFY(cluster_->waitInSync(fresh, leader_.index, kSyncTimeoutMs));
}

void FailoverOperationsTest::maintenanceModeSuspendsFailover() {
  const HttpReply on =
      cluster_->request(leader_.index, "PUT", "/_admin/cluster/maintenance", "\"on\"");
  QVERIFY2(on.status == 200, qPrintable(on.describe()));
  QVERIFY(on.json().object().value("warning").toString().contains("deactivated"));
  const int follower = anyFollower();
  QVERIFY(follower >= 0);
  QVERIFY(cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs));

  const int old = leader_.index;
  cluster_->killNode(old);
  QElapsedTimer watch;
  watch.start();
  while (watch.elapsed() < kMaintenanceWatchMs) {
    QCOMPARE(cluster_->leaderIndex(), -1);
    QTest::qWait(100);
  }

  // Off through any survivor that takes it; else straight through the agency (the key is the
  // whole of maintenance mode).
  bool off = false;
  for (int i = 0; i < cluster_->size() && !off; ++i) {
    if (i == old || gone_.contains(i) || !cluster_->isRunning(i)) continue;
    off = cluster_->request(i, "PUT", "/_admin/cluster/maintenance", "\"off\"").status == 200;
  }
  if (!off) {
    qInfo("no survivor took PUT /_admin/cluster/maintenance \"off\"; deleting the agency key");
    const QByteArray body = R"([[{"/tandem/Supervision/Maintenance":{"op":"delete"}}]])";
    for (int i = 0; i < 3 && !off; ++i) {
      if (i == old || !cluster_->isRunning(i)) continue;
      HttpReply reply = cluster_->request(i, "POST", "/_api/agency/write", body);
      if (reply.status == 307) {
        const int to = cluster_->indexOfEndpoint(QString::fromUtf8(reply.header("location")));
        if (to >= 0) reply = cluster_->request(to, "POST", "/_api/agency/write", body);
      }
      off = reply.status == 200;
    }
  }
  QVERIFY(off);
  const LeaderInfo next = cluster_->waitForLeader(30000, old);
  QVERIFY2(next.index >= 0, qPrintable("no failover after maintenance off" + cluster_->logs()));
  leader_ = next;
  QCOMPARE(insert(10, "after-maintenance").size(), qsizetype(10));
  QString why;
  QVERIFY2(cluster_->startNode(old, &why), qPrintable(why));
  QVERIFY2(cluster_->waitInSync(old, leader_.index, kSyncTimeoutMs), qPrintable(cluster_->logs()));
}

QTEST_GUILESS_MAIN(FailoverOperationsTest)
#include "tst_failover_operations.moc"
