// Planned leader changes under write load lose no acknowledged write: a switchover to a named
// follower (POST /_admin/cluster/switchover, which reports how long writes were held), and a
// SIGTERM of the leader, which switches over to a follower before the process exits, and a
// drain of the leader, which hands over before it is marked draining. None needs a rollback:
// every acknowledged key is on the new leader itself.
#include <signal.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cluster_harness.h"
#include "cluster_write_load.h"

using namespace tandem::test;

namespace {

constexpr int kLeaderTimeoutMs = 60000;
constexpr int kSyncTimeoutMs = 60000;
constexpr int kWriters = 4;
const QString kCollection = QStringLiteral("planned");

}  // namespace

class FailoverSwitchoverTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void switchoverToANamedFollowerLosesNothing();
  void sigtermOfTheLeaderSwitchesOverFirst();
  void drainOfTheLeaderHandsOverFirst();

 private:
  // Every acknowledged key of `load` must be on `leader` (no rollback involved).
  void expectAllOn(int leader, const ClusterWriteLoad& load);

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  LeaderInfo leader_;
};

void FailoverSwitchoverTest::expectAllOn(int leader, const ClusterWriteLoad& load) {
  QString why;
  QStringList lost;
  QVERIFY2(cluster_->lostWrites(leader, kCollection, load.acknowledgedKeys(), {}, &lost, &why),
           qPrintable(why));
  QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 acknowledged writes lost: %3")
                                          .arg(lost.size())
                                          .arg(load.acknowledgedCount())
                                          .arg(lost.mid(0, 20).join(' '))));
}

void FailoverSwitchoverTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  leader_ = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(leader_.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(leader_.index, kCollection), 200);
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i != leader_.index) {
      QVERIFY2(cluster_->waitInSync(i, leader_.index, kSyncTimeoutMs),
               qPrintable(cluster_->logs()));
    }
  }
}

void FailoverSwitchoverTest::cleanupTestCase() {
  if (!cluster_) return;
  const QString failures = cluster_->stopAll();
  QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void FailoverSwitchoverTest::switchoverToANamedFollowerLosesNothing() {
  const int target = (leader_.index + 1) % cluster_->size();
  const QString target_id = cluster_->serverId(target);
  QVERIFY(!target_id.isEmpty());
  ClusterWriteLoad load(cluster_->baseUrls(), cluster_->baseUrl(leader_.index), kCollection,
                        kWriters, "s");
  load.start();
  QVERIFY2(load.waitForAcknowledged(200, 30000), qPrintable(load.summary()));

  const HttpReply reply = cluster_->request(
      leader_.index, "POST", "/_admin/cluster/switchover",
      QJsonDocument(QJsonObject{{"to", target_id}}).toJson(QJsonDocument::Compact), {}, 15000);
  QVERIFY2(reply.status == 200, qPrintable(reply.describe() + cluster_->logs()));
  const QJsonValue pause = reply.json().object().value("writePauseMs");
  QVERIFY2(pause.isDouble() && pause.toDouble() >= 0, qPrintable(reply.describe()));
  qInfo("switchover: writes held for %g ms", pause.toDouble());

  const LeaderInfo now = cluster_->waitForLeader(10000, leader_.index);
  QCOMPARE(now.index, target);
  QCOMPARE(now.id, target_id);
  const std::size_t before = load.acknowledgedCount();
  QVERIFY2(load.waitForAcknowledged(before + 200, 30000), qPrintable(load.summary()));
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));
  expectAllOn(target, load);
  QVERIFY(cluster_->rollbackFiles(leader_.index).isEmpty());
  // The old leader follows the new one.
  QVERIFY2(cluster_->waitInSync(leader_.index, target, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  QCOMPARE(cluster_->request(leader_.index, "GET", "/_admin/server/availability").status, 503);
  leader_ = now;
}

void FailoverSwitchoverTest::sigtermOfTheLeaderSwitchesOverFirst() {
  ClusterWriteLoad load(cluster_->baseUrls(), cluster_->baseUrl(leader_.index), kCollection,
                        kWriters, "t");
  load.start();
  QVERIFY2(load.waitForAcknowledged(200, 30000), qPrintable(load.summary()));

  const int old = leader_.index;
  cluster_->node(old).sendSignal(SIGTERM);
  QCOMPARE(cluster_->node(old).waitForExit(30000), 0);
  const LeaderInfo now = cluster_->waitForLeader(10000, old);
  QVERIFY2(now.index >= 0, qPrintable("no new leader" + cluster_->logs()));
  const std::size_t before = load.acknowledgedCount();
  QVERIFY2(load.waitForAcknowledged(before + 200, 30000), qPrintable(load.summary()));
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));
  expectAllOn(now.index, load);
  const QString log = cluster_->node(old).stderrText();
  QVERIFY2(log.contains(QStringLiteral("switchover")), qPrintable(log.right(3000)));

  // Back as a follower, with nothing to roll back.
  QString why;
  QVERIFY2(cluster_->startNode(old, &why), qPrintable(why));
  QVERIFY2(cluster_->waitInSync(old, now.index, kSyncTimeoutMs), qPrintable(cluster_->logs()));
  QVERIFY(cluster_->rollbackFiles(old).isEmpty());
  leader_ = now;
}

void FailoverSwitchoverTest::drainOfTheLeaderHandsOverFirst() {
  ClusterWriteLoad load(cluster_->baseUrls(), cluster_->baseUrl(leader_.index), kCollection,
                        kWriters, "d");
  load.start();
  QVERIFY2(load.waitForAcknowledged(200, 30000), qPrintable(load.summary()));

  const int old = leader_.index;
  const HttpReply reply = cluster_->request(
      old, "POST", "/_admin/cluster/drain",
      QJsonDocument(QJsonObject{{"server", leader_.id}}).toJson(QJsonDocument::Compact), {}, 15000);
  QVERIFY2(reply.status == 200, qPrintable(reply.describe() + cluster_->logs()));
  QVERIFY2(reply.json().object().value("draining").toBool(), qPrintable(reply.describe()));
  QVERIFY2(reply.json().object().value("switchover").isObject(), qPrintable(reply.describe()));

  const LeaderInfo now = cluster_->waitForLeader(10000, old);
  QVERIFY2(now.index >= 0 && now.index != old, qPrintable("no new leader" + cluster_->logs()));
  const std::size_t before = load.acknowledgedCount();
  QVERIFY2(load.waitForAcknowledged(before + 200, 30000), qPrintable(load.summary()));
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));
  expectAllOn(now.index, load);
  QVERIFY(cluster_->rollbackFiles(old).isEmpty());
  // A drained node is no longer offered to clients.
  const HttpReply endpoints = cluster_->request(now.index, "GET", "/_api/cluster/endpoints");
  QCOMPARE(endpoints.status, 200);
  QVERIFY2(!endpoints.body.contains(cluster_->endpoint(old).toUtf8()),
           qPrintable(endpoints.describe()));
  leader_ = now;
}

QTEST_GUILESS_MAIN(FailoverSwitchoverTest)
#include "tst_failover_switchover.moc"
