// Durability: whatever the node acknowledged before it was killed is there after a restart.
#include <signal.h>

#include <QTemporaryDir>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"
#include "write_load.h"

using namespace tandem::test;

class CrashRecoveryTest : public QObject {
  Q_OBJECT

 private slots:
  void acknowledgedWritesSurviveSigkill();
};

void CrashRecoveryTest::acknowledgedWritesSurviveSigkill() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  {
    HttpClient client(node.baseUrl());
    QCOMPARE(createCollection(client, "load"), 200);
  }

  // Six writers insert as fast as the node acknowledges; kill it while they are busy, so
  // that some inserts are committed-but-unanswered and some are in the middle of a commit.
  WriteLoad load(node.port(), "load", 6, 5000);
  load.start();
  QVERIFY2(load.waitForAcknowledged(1000, 20000), qPrintable(node.stderrText()));
  node.sendSignal(SIGKILL);
  QCOMPARE(node.waitForExit(), -1);  // killed, not exited
  load.join();
  QVERIFY2(load.unexpected().empty(), load.unexpectedText().c_str());
  const auto& acknowledged = load.acknowledged();
  QVERIFY(acknowledged.size() >= 1000);
  qInfo("%zu inserts acknowledged before SIGKILL", acknowledged.size());

  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  HttpClient client(node.baseUrl());
  int checked = 0;
  for (const auto& [key, rev] : acknowledged) {
    const HttpReply reply = client.get(
        QStringLiteral("/_db/_system/_api/document/load/%1").arg(QString::fromStdString(key)));
    QVERIFY2(reply.status == 200, qPrintable(QStringLiteral("acknowledged %1 is missing: %2")
                                                 .arg(QString::fromStdString(key))
                                                 .arg(QString::fromUtf8(reply.body))));
    QCOMPARE(reply.json().object().value("_rev").toString().toStdString(), rev);
    ++checked;
  }
  QCOMPARE(checked, static_cast<int>(acknowledged.size()));
  // At least every acknowledged insert, and at most one unacknowledged one per writer (the
  // insert each had in flight when the node died).
  const qint64 count = collectionCount(client, "load");
  QVERIFY(count >= static_cast<qint64>(acknowledged.size()));
  QVERIFY(count <= static_cast<qint64>(acknowledged.size()) + 6);
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

QTEST_GUILESS_MAIN(CrashRecoveryTest)
#include "tst_crash_recovery.moc"
