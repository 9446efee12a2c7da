// Restart in place (POST /_admin/restart) of a real tandem-node: the process answers, shuts down
// cleanly and re-executes itself — same pid, same port, same data — with the auto-upgrade step
// when asked, continuing into a normal start after it.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"

using namespace tandem::test;

namespace {

// Waits (processing events, so the child's stderr is read) until its log contains `line`.
bool waitForLog(NodeProcess& node, const QString& line, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    if (node.stderrText().contains(line)) return true;
    QTest::qWait(20);
  }
  return false;
}

// Polls /_api/version until the node answers; false after `timeout_ms`.
bool waitUntilServing(const QString& base_url, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    HttpClient client(base_url);
    if (client.request("GET", "/_api/version", {}, {}, 1000).status == 200) return true;
    QTest::qWait(50);
  }
  return false;
}

}  // namespace

class NodeRestartTest : public QObject {
  Q_OBJECT

 private slots:
  void restartKeepsPidPortAndData_data();
  void restartKeepsPidPortAndData();
};

void NodeRestartTest::restartKeepsPidPortAndData_data() {
  QTest::addColumn<bool>("upgrade");
  QTest::newRow("plain") << false;
  QTest::newRow("with the upgrade step") << true;
}

void NodeRestartTest::restartKeepsPidPortAndData() {
  QFETCH(bool, upgrade);
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  node.setPort(NodeProcess::freeLoopbackPort());
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  const qint64 pid = node.pid();
  HttpClient client(node.baseUrl());
  QCOMPARE(createCollection(client, "c"), 200);
  QVERIFY(isWriteAck(client.post("/_api/document/c", R"({"_key":"kept"})").status));

  const HttpReply reply =
      client.post("/_admin/restart", upgrade ? R"({"upgrade":true})" : R"({"upgrade":false})");
  QCOMPARE(reply.status, 200);
  QCOMPARE(jsonObject(reply.body).value("restarting").toBool(), true);
  QCOMPARE(jsonObject(reply.body).value("upgrade").toBool(), upgrade);

  // The old run answers until it has stopped: wait for the new one before asking it.
  QVERIFY2(
      waitForLog(node, upgrade ? "upgrade done, starting normally" : "restarting in place", 20000),
      qPrintable(node.stderrText()));
  QVERIFY2(waitUntilServing(node.baseUrl(), 20000), qPrintable(node.stderrText()));
  QVERIFY(node.isRunning());
  QCOMPARE(node.pid(), pid);
  HttpClient again(node.baseUrl());
  QCOMPARE(again.get("/_api/document/c/kept").status, 200);
  const QString log = node.stderrText();
  QVERIFY2(log.contains("restarting in place"), qPrintable(log));
  QCOMPARE(log.contains("database upgrade passed"), upgrade);
  QCOMPARE(log.contains("upgrade done, starting normally"), upgrade);

  // The restarted node still stops in order.
  QCOMPARE(again.request("DELETE", "/_admin/shutdown").status, 200);
  QCOMPARE(node.waitForExit(), 0);
}

QTEST_GUILESS_MAIN(NodeRestartTest)
#include "tst_node_restart.moc"
