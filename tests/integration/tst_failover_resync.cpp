// A follower that missed writes catches up: one stopped for a while tails what it missed when it
// starts again, and one whose directory was wiped while it was stopped copies everything anew
// (initial sync from a pinned snapshot of the leader) and then follows. The wiped node is a data
// node only (the fourth node): an agent cannot lose its Raft log and rejoin as the same member.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "cluster_harness.h"

using namespace tandem::test;

namespace {

constexpr int kLeaderTimeoutMs = 60000;
constexpr int kSyncTimeoutMs = 60000;
constexpr int kBatch = 500;  // documents per array insert
const QString kCollection = QStringLiteral("resync");

}  // namespace

class FailoverResyncTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void stoppedFollowerCatchesUp();
  void wipedFollowerResyncsFully();

 private:
  // Inserts `count` documents through the leader in array requests; false if one failed.
  bool insert(int count, const QString& prefix);
  void expectAllOn(int index);

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  LeaderInfo leader_;
  QStringList keys_;  // every document written
};

bool FailoverResyncTest::insert(int count, const QString& prefix) {
  for (int from = 0; from < count; from += kBatch) {
    QJsonArray batch;
    for (int i = from; i < std::min(count, from + kBatch); ++i) {
      const QString key = QStringLiteral("%1-%2").arg(prefix).arg(i);
      batch.append(QJsonObject{{"_key", key}, {"n", i}, {"pad", QString(100, 'r')}});
      keys_ << key;
    }
    const HttpReply reply =
        cluster_->request(leader_.index, "POST", "/_db/_system/_api/document/" + kCollection,
                          QJsonDocument(batch).toJson(QJsonDocument::Compact), {}, 30000);
    if (reply.status != 201 && reply.status != 202) return false;
    if (reply.headers.contains("x-arango-error-codes")) return false;
  }
  return true;
}

void FailoverResyncTest::expectAllOn(int index) {
  QMap<QString, QString> found;
  QString why;
  QVERIFY2(cluster_->documents(index, kCollection, keys_, &found, &why), qPrintable(why));
  QCOMPARE(found.size(), keys_.size());
  const HttpReply count =
      cluster_->request(index, "GET", "/_db/_system/_api/collection/" + kCollection + "/count", {},
                        {{"x-arango-allow-dirty-read", "true"}});
  QCOMPARE(count.json().object().value("count").toInteger(), static_cast<qint64>(keys_.size()));
}

void FailoverResyncTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  leader_ = cluster_->waitForLeader(kLeaderTimeoutMs);
  QVERIFY2(leader_.index >= 0, qPrintable("no leader serves" + cluster_->logs()));
  QCOMPARE(cluster_->createCollection(leader_.index, kCollection), 200);
  QVERIFY(insert(5000, "base"));
}

void FailoverResyncTest::cleanupTestCase() {
  if (!cluster_) return;
  const QString failures = cluster_->stopAll();
  QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void FailoverResyncTest::stoppedFollowerCatchesUp() {
  const int follower = (leader_.index + 1) % 3;
  QVERIFY2(cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  QCOMPARE(cluster_->stopNode(follower), 0);
  QVERIFY(insert(3000, "missed"));
  QString why;
  QVERIFY2(cluster_->startNode(follower, &why), qPrintable(why));
  QVERIFY2(cluster_->waitInSync(follower, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  expectAllOn(follower);
  QVERIFY(cluster_->rollbackFiles(follower).isEmpty());
}

void FailoverResyncTest::wipedFollowerResyncsFully() {
  QString why;
  const int fresh = cluster_->addDataNode(&why);
  QVERIFY2(fresh >= 0, qPrintable(why));
  QVERIFY2(cluster_->waitInSync(fresh, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  expectAllOn(fresh);
  const QString first_id = cluster_->serverId(fresh);

  QCOMPARE(cluster_->stopNode(fresh), 0);
  QVERIFY(insert(3000, "while-wiped"));
  QVERIFY2(cluster_->wipeAndRestart(fresh, &why), qPrintable(why));
  QVERIFY2(cluster_->waitInSync(fresh, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  expectAllOn(fresh);
  QVERIFY(cluster_->serverId(fresh) != first_id);  // a new store, a new identity
  // And it keeps following.
  QVERIFY(insert(500, "after-resync"));
  QVERIFY2(cluster_->waitInSync(fresh, leader_.index, kSyncTimeoutMs),
           qPrintable(cluster_->logs()));
  expectAllOn(fresh);
}

QTEST_GUILESS_MAIN(FailoverResyncTest)
#include "tst_failover_resync.moc"
