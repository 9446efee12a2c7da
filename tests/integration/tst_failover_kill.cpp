// SIGKILL of the leader of a three-node cluster under write load: a follower takes over and
// serves writes, and no acknowledged write is lost. Every key the clients saw acknowledged is
// on the new leader, or in the old leader's rollback file once it has been restarted and has
// rejoined as a follower (it may have acknowledged writes that no follower had yet). The time
// from the kill to the first write acknowledged by the new leader is printed, not asserted.
#include <signal.h>

#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cluster_harness.h"
#include "cluster_write_load.h"

using namespace tandem::test;

namespace {

constexpr int kLeaderTimeoutMs = 60000;
constexpr int kFailoverTimeoutMs = 30000;
constexpr int kSyncTimeoutMs = 60000;
constexpr int kWriters = 4;
const QString kCollection = QStringLiteral("killed");

}  // namespace

class FailoverKillTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void killedLeaderIsReplacedWithoutLosingAcknowledgedWrites();

 private:
  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
};

void FailoverKillTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
}

void FailoverKillTest::cleanupTestCase() {
  if (!cluster_) return;
  const QString failures = cluster_->stopAll();
  QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void FailoverKillTest::killedLeaderIsReplacedWithoutLosingAcknowledgedWrites() {
  const LeaderInfo first = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(first.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(first.index, kCollection), 200);
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i == first.index) continue;
    QVERIFY2(cluster_->waitInSync(i, first.index, kSyncTimeoutMs), qPrintable(cluster_->logs()));
  }

  ClusterWriteLoad load(cluster_->baseUrls(), cluster_->baseUrl(first.index), kCollection,
                        kWriters);
  load.start();
  QVERIFY2(load.waitForAcknowledged(200, 30000), qPrintable(load.summary() + cluster_->logs()));

  const qint64 killed_at = load.elapsedMs();
  cluster_->killNode(first.index);
  const LeaderInfo second = cluster_->waitForLeader(kFailoverTimeoutMs, first.index);
  QVERIFY2(second.index >= 0, qPrintable("no new leader" + cluster_->logs()));
  QVERIFY(second.id != first.id);

  // The first write acknowledged by the new leader.
  qint64 first_ack = -1;
  const QString new_leader_url = cluster_->baseUrl(second.index);
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        for (const AcknowledgedWrite& write : load.acknowledged()) {
          if (write.node == new_leader_url && (first_ack < 0 || write.at_ms < first_ack)) {
            first_ack = write.at_ms;
          }
        }
        return first_ack >= 0;
      }(),
      kFailoverTimeoutMs);
  qInfo("failover: %lld ms from SIGKILL of node %d to the first write acknowledged by node %d",
        static_cast<long long>(first_ack - killed_at), first.index, second.index);
  const std::size_t before = load.acknowledgedCount();
  QVERIFY2(load.waitForAcknowledged(before + 200, 30000), qPrintable(load.summary()));
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));

  // The old leader comes back as a follower of the new one and catches up.
  QString why;
  QVERIFY2(cluster_->startNode(first.index, &why), qPrintable(why));
  QVERIFY2(cluster_->waitInSync(first.index, second.index, kSyncTimeoutMs),
           qPrintable("the old leader never caught up" + cluster_->logs()));
  QCOMPARE(cluster_->request(first.index, "GET", "/_admin/server/availability").status, 503);
  QCOMPARE(cluster_->leaderIndex(), second.index);

  QStringList lost;
  QVERIFY2(cluster_->lostWrites(second.index, kCollection, load.acknowledgedKeys(), {first.index},
                                &lost, &why),
           qPrintable(why));
  QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 acknowledged writes lost: %3")
                                          .arg(lost.size())
                                          .arg(load.acknowledgedCount())
                                          .arg(lost.mid(0, 20).join(' '))));
  qInfo("%zu writes acknowledged, %lld of them in rollback files of the old leader",
        load.acknowledgedCount(),
        static_cast<long long>(
            ClusterHarness::keysInRollbackFiles(cluster_->rollbackFiles(first.index)).size()));
}

QTEST_GUILESS_MAIN(FailoverKillTest)
#include "tst_failover_kill.moc"
