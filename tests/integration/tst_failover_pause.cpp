// SIGSTOP of the leader past the grace period, under write load, then SIGCONT: a follower takes
// over; the resumed old leader refuses writes at once (its lease ran out while it was stopped)
// and rejoins as a follower of the new leader. Whatever it holds that the new leader lacks is
// written to a rollback file under its rollback/ directory, and every write a client saw
// acknowledged is on the new leader or in that file.
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
const QString kCollection = QStringLiteral("paused");

}  // namespace

class FailoverPauseTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void pausedLeaderIsReplacedAndRejoinsAsFollower();

 private:
  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
};

void FailoverPauseTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
}

void FailoverPauseTest::cleanupTestCase() {
  if (!cluster_) return;
  const QString failures = cluster_->stopAll();
  QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void FailoverPauseTest::pausedLeaderIsReplacedAndRejoinsAsFollower() {
  const LeaderInfo first = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(first.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(first.index, kCollection), 200);
  ClusterWriteLoad load(cluster_->baseUrls(), cluster_->baseUrl(first.index), kCollection,
                        kWriters);
  load.start();
  QVERIFY2(load.waitForAcknowledged(200, 30000), qPrintable(load.summary() + cluster_->logs()));

  const qint64 paused_at = load.elapsedMs();
  cluster_->pauseNode(first.index);
  const LeaderInfo second = cluster_->waitForLeader(kFailoverTimeoutMs, first.index);
  QVERIFY2(second.index >= 0, qPrintable("no new leader" + cluster_->logs()));
  QVERIFY(second.id != first.id);
  QTRY_VERIFY_WITH_TIMEOUT(load.firstAcknowledgedAfter(paused_at) >= 0 &&
                               load.acknowledged().last().node == cluster_->baseUrl(second.index),
                           kFailoverTimeoutMs);
  qInfo("pause: the new leader (node %d) took over; load so far: %s", second.index,
        qPrintable(load.summary()));

  cluster_->resumeNode(first.index);
  // Its lease ended long ago: the first write it sees after waking is refused, not applied.
  const HttpReply refused =
      cluster_->request(first.index, "POST", QStringLiteral("/_db/_system/_api/document/paused"),
                        R"({"_key":"after-resume"})");
  QVERIFY2(refused.status == 503,
           qPrintable(QString::number(refused.status) + " " + QString::fromUtf8(refused.body)));
  const int error_num = refused.json().object().value("errorNum").toInt();
  QVERIFY2(error_num == 1495 || error_num == 1496, qPrintable(QString::fromUtf8(refused.body)));

  QVERIFY2(cluster_->waitInSync(first.index, second.index, kSyncTimeoutMs),
           qPrintable("the old leader never caught up" + cluster_->logs()));
  QCOMPARE(cluster_->request(first.index, "GET", "/_admin/server/availability").status, 503);
  const HttpReply redirect = cluster_->request(
      first.index, "POST", QStringLiteral("/_db/_system/_api/document/paused"), "{}");
  QCOMPARE(redirect.status, 503);
  QCOMPARE(QString::fromUtf8(redirect.header("x-arango-endpoint")),
           QStringLiteral("http://127.0.0.1:%1").arg(cluster_->port(second.index)));

  const std::size_t before = load.acknowledgedCount();
  QVERIFY2(load.waitForAcknowledged(before + 100, 30000), qPrintable(load.summary()));
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));

  QString why;
  QStringList lost;
  QVERIFY2(cluster_->lostWrites(second.index, kCollection, load.acknowledgedKeys(), {first.index},
                                &lost, &why),
           qPrintable(why));
  QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 acknowledged writes lost: %3")
                                          .arg(lost.size())
                                          .arg(load.acknowledgedCount())
                                          .arg(lost.mid(0, 20).join(' '))));
  // The write refused after the resume exists nowhere.
  QMap<QString, QString> found;
  QVERIFY2(cluster_->documents(second.index, kCollection, {"after-resume"}, &found, &why),
           qPrintable(why));
  QVERIFY(found.isEmpty());
  qInfo("%zu writes acknowledged; rollback files of the old leader: %s", load.acknowledgedCount(),
        qPrintable(cluster_->rollbackFiles(first.index).join(' ')));
}

QTEST_GUILESS_MAIN(FailoverPauseTest)
#include "tst_failover_pause.moc"
