// Orderly shutdown: SIGTERM and DELETE /_admin/shutdown answer what is in flight, close the
// store cleanly, exit 0 — and nothing acknowledged is lost.
#include <signal.h>

#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"
#include "raw_http.h"
#include "write_load.h"

using namespace tandem::test;

namespace {

constexpr char kClosedCleanly[] = "database closed cleanly";

}  // namespace

class NodeShutdownTest : public QObject {
  Q_OBJECT

 private slots:
  void sigtermAnswersRequestInFlightAndClosesIdleConnections();
  void sigtermUnderLoadKeepsEveryAcknowledgedWrite();
  void adminShutdownAnswersOkThenExits();
  void secondSigtermClosesConnectionsAtOnce();
};

void NodeShutdownTest::sigtermAnswersRequestInFlightAndClosesIdleConnections() {
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  HttpClient client(node.baseUrl());
  QCOMPARE(createCollection(client, "c"), 200);

  RawHttpConnection idle(node.port());
  QCOMPARE(idle.request("GET", "/_api/version").status, 200);

  // A request whose body is still arriving when the signal comes.
  RawHttpConnection busy(node.port());
  const std::string request =
      buildRequest("POST", "/_db/_system/_api/document/c", R"({"_key":"late","value":1})");
  const std::size_t split = request.size() - 8;
  QVERIFY(busy.send(std::string_view(request).substr(0, split)));
  QThread::msleep(100);
  node.sendSignal(SIGTERM);

  QVERIFY2(idle.waitForClose(5000), "an idle keep-alive connection must be closed");
  QThread::msleep(200);
  QVERIFY2(node.isRunning(), "the node must wait for the request in flight");
  QVERIFY(busy.send(std::string_view(request).substr(split)));
  const RawResponse answer = busy.read();
  // It was read before the shutdown completed, so it gets a full answer: ArangoDB refuses
  // requests handled after shutdown began with 503/30.
  QVERIFY2(answer.status == 503 || isWriteAck(answer.status), answer.error.c_str());
  qInfo("the request in flight was answered %d", answer.status);
  if (answer.status == 503) {
    QCOMPARE(jsonObject(answer.body).value("errorNum").toInt(), 30);
  }
  QCOMPARE(answer.header("connection"), std::string("close"));

  QCOMPARE(node.waitForExit(), 0);
  QVERIFY2(node.stderrText().contains(kClosedCleanly), qPrintable(node.stderrText()));
  QVERIFY(!QFile::exists(node.dataDir() + "/ENDPOINT"));
}

void NodeShutdownTest::sigtermUnderLoadKeepsEveryAcknowledgedWrite() {
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  {
    HttpClient client(node.baseUrl());
    QCOMPARE(createCollection(client, "load"), 200);
  }
  WriteLoad load(node.port(), "load", 4, 5000);
  load.start();
  QVERIFY(load.waitForAcknowledged(200, 20000));
  node.sendSignal(SIGTERM);
  load.join();
  QVERIFY2(load.unexpected().empty(), load.unexpectedText().c_str());
  QCOMPARE(node.waitForExit(), 0);
  QVERIFY2(node.stderrText().contains(kClosedCleanly), qPrintable(node.stderrText()));
  qInfo("%zu inserts acknowledged, %zu refused with 503 during shutdown",
        load.acknowledged().size(), load.shuttingDownAnswers());

  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  HttpClient client(node.baseUrl());
  for (const auto& [key, rev] : load.acknowledged()) {
    const HttpReply reply = client.get(
        QStringLiteral("/_db/_system/_api/document/load/%1").arg(QString::fromStdString(key)));
    QVERIFY2(reply.status == 200, key.c_str());
    QCOMPARE(reply.json().object().value("_rev").toString().toStdString(), rev);
  }
  QVERIFY(collectionCount(client, "load") >= static_cast<qint64>(load.acknowledged().size()));
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

void NodeShutdownTest::adminShutdownAnswersOkThenExits() {
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  QString rev;
  {
    HttpClient client(node.baseUrl());
    QCOMPARE(createCollection(client, "c"), 200);
    const HttpReply inserted = client.post("/_db/_system/_api/document/c", R"({"_key":"k"})");
    QVERIFY(isWriteAck(inserted.status));
    rev = inserted.json().object().value("_rev").toString();

    const HttpReply reply = client.request("DELETE", "/_admin/shutdown");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body.trimmed(), QByteArray("\"OK\""));
  }
  QCOMPARE(node.waitForExit(), 0);
  QVERIFY2(node.stderrText().contains(kClosedCleanly), qPrintable(node.stderrText()));

  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  HttpClient client(node.baseUrl());
  const HttpReply fetched = client.get("/_db/_system/_api/document/c/k");
  QCOMPARE(fetched.status, 200);
  QCOMPARE(fetched.json().object().value("_rev").toString(), rev);
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

void NodeShutdownTest::secondSigtermClosesConnectionsAtOnce() {
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  // A request that never completes would hold the first shutdown for its grace period.
  RawHttpConnection stalled(node.port());
  QVERIFY(stalled.send("POST /_api/version HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  QThread::msleep(100);
  node.sendSignal(SIGTERM);
  // The second signal must arrive after the first was handled, or they would merge.
  QTRY_VERIFY_WITH_TIMEOUT(node.stderrText().contains("received signal"), 5000);
  QVERIFY(node.isRunning());
  node.sendSignal(SIGTERM);
  QVERIFY(stalled.waitForClose(3000));
  QCOMPARE(node.waitForExit(5000), 0);
  QVERIFY2(node.stderrText().contains(kClosedCleanly), qPrintable(node.stderrText()));
}

QTEST_GUILESS_MAIN(NodeShutdownTest)
#include "tst_node_shutdown.moc"
