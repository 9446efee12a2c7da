// Limits and malformed input: every bounded resource gives a clear ArangoDB-shaped error,
// and one bad client never disturbs the others.
#include <signal.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"
#include "raw_http.h"

using namespace tandem::test;

class HttpLimitsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void init();
  void cleanup();
  void oversizedBodyGets413AndConnectionCloses();
  void oversizedChunkedBodyGets413();
  void oversizedHeaderGets431();
  void garbageRequestGets400_data();
  void garbageRequestGets400();
  void badPercentEncodingGets400AndKeepsConnection();
  void expectContinueGetsInterimAnswer();
  void idleConnectionClosesAfterKeepAliveTimeout();
  void incompleteRequestClosesAfterRequestTimeout();

 private:
  void verifyErrorBody(const RawResponse& response, int code, int error_num);

  QTemporaryDir dir_;
  std::unique_ptr<NodeProcess> node_;
  // Opened before each test and used after it: a misbehaving client must not affect it.
  std::unique_ptr<RawHttpConnection> bystander_;
};

void HttpLimitsTest::initTestCase() {
  QVERIFY(dir_.isValid());
  node_ = std::make_unique<NodeProcess>(
      dir_.path() + "/node",
      QStringList{"--http.max-body-size", "1MiB", "--http.max-header-size", "8KiB",
                  "--http.keep-alive-timeout", "3", "--http.request-timeout", "1"});
  QVERIFY2(node_->start(), qPrintable(node_->stderrText()));
  HttpClient client(node_->baseUrl());
  QCOMPARE(createCollection(client, "c"), 200);
}

void HttpLimitsTest::cleanupTestCase() {
  if (!node_) return;
  node_->sendSignal(SIGTERM);
  QCOMPARE(node_->waitForExit(), 0);
}

void HttpLimitsTest::init() {
  bystander_ = std::make_unique<RawHttpConnection>(node_->port());
  QCOMPARE(bystander_->request("GET", "/_api/version").status, 200);
}

void HttpLimitsTest::cleanup() {
  QVERIFY(node_->isRunning());
  QCOMPARE(bystander_->request("GET", "/_api/version").status, 200);
  RawHttpConnection fresh(node_->port());
  QCOMPARE(fresh.request("GET", "/_api/version").status, 200);
  bystander_.reset();
}

void HttpLimitsTest::verifyErrorBody(const RawResponse& response, int code, int error_num) {
  QCOMPARE(response.status, code);
  const QJsonObject body = jsonObject(response.body);
  QCOMPARE(body.value("error").toBool(), true);
  QCOMPARE(body.value("code").toInt(), code);
  QCOMPARE(body.value("errorNum").toInt(), error_num);
  QVERIFY(!body.value("errorMessage").toString().isEmpty());
}

void HttpLimitsTest::oversizedBodyGets413AndConnectionCloses() {
  RawHttpConnection connection(node_->port());
  const std::string body = R"({"pad":")" + std::string(2 << 20, 'x') + R"("})";
  QVERIFY(connection.send(buildRequest("POST", "/_db/_system/_api/document/c", body)));
  const RawResponse response = connection.read();
  verifyErrorBody(response, 413, 413);
  QCOMPARE(jsonObject(response.body),
           jsonObject(std::string(R"({"error":true,"errorNum":413,)"
                                  R"("errorMessage":"request body too large","code":413})")));
  QCOMPARE(response.header("connection"), std::string("close"));
  QVERIFY(connection.waitForClose(5000));
}

void HttpLimitsTest::oversizedChunkedBodyGets413() {
  RawHttpConnection connection(node_->port());
  QVERIFY(
      connection.send("POST /_db/_system/_api/document/c HTTP/1.1\r\nHost: x\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk(256 << 10, 'y');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 6; ++i) {  // 1.5 MiB in total, over the 1 MiB limit
    if (!connection.send(size_line + chunk + "\r\n")) break;  // the server may close early
  }
  const RawResponse response = connection.read();
  verifyErrorBody(response, 413, 413);
  QVERIFY(connection.waitForClose(5000));
}

void HttpLimitsTest::oversizedHeaderGets431() {
  RawHttpConnection connection(node_->port());
  const std::string big = "X-Big: " + std::string(16 << 10, 'a') + "\r\n";
  QVERIFY(connection.send(buildRequest("GET", "/_api/version", {}, big)));
  const RawResponse response = connection.read();
  verifyErrorBody(response, 431, 431);
  QVERIFY(connection.waitForClose(5000));
}

void HttpLimitsTest::garbageRequestGets400_data() {
  QTest::addColumn<QByteArray>("bytes");
  QTest::newRow("no version") << QByteArray("HELLO WORLD\r\n\r\n");
  QTest::newRow("binary") << QByteArray("\x01\x02\x03\x04 / HTTP/1.1\r\n\r\n");
  QTest::newRow("bad version") << QByteArray("GET / HTTP/9.x\r\nHost: x\r\n\r\n");
  QTest::newRow("bad content-length")
      << QByteArray("POST /_api/version HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
}

void HttpLimitsTest::garbageRequestGets400() {
  QFETCH(QByteArray, bytes);
  RawHttpConnection connection(node_->port());
  QVERIFY(connection.send(bytes.toStdString()));
  const RawResponse response = connection.read();
  verifyErrorBody(response, 400, 400);
  QVERIFY(connection.waitForClose(5000));
}

void HttpLimitsTest::badPercentEncodingGets400AndKeepsConnection() {
  RawHttpConnection connection(node_->port());
  const RawResponse response = connection.request("GET", "/_db/_system/_api/document/c/%zz");
  verifyErrorBody(response, 400, 400);
  QCOMPARE(connection.request("GET", "/_api/version").status, 200);
}

void HttpLimitsTest::expectContinueGetsInterimAnswer() {
  RawHttpConnection connection(node_->port());
  const std::string body = R"({"_key":"continued"})";
  QVERIFY(
      connection.send("POST /_db/_system/_api/document/c HTTP/1.1\r\nHost: x\r\n"
                      "Expect: 100-continue\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n"));
  QCOMPARE(connection.read().status, 100);
  QVERIFY(connection.send(body));
  const RawResponse response = connection.read();
  QVERIFY2(isWriteAck(response.status), response.body.c_str());
}

void HttpLimitsTest::idleConnectionClosesAfterKeepAliveTimeout() {
  RawHttpConnection connection(node_->port());
  QCOMPARE(connection.request("GET", "/_api/version").status, 200);
  QElapsedTimer timer;
  timer.start();
  QVERIFY(!connection.waitForClose(1500));
  // Activity resets the timeout: the bystander, used now, must outlive `connection`.
  QCOMPARE(bystander_->request("GET", "/_api/version").status, 200);
  QVERIFY(connection.waitForClose(6000));
  QVERIFY2(timer.elapsed() >= 2500, qPrintable(QString::number(timer.elapsed())));
}

void HttpLimitsTest::incompleteRequestClosesAfterRequestTimeout() {
  RawHttpConnection connection(node_->port());
  QVERIFY(connection.send("GET /_api/version HTTP/1.1\r\nHost: x\r\n"));  // no blank line
  QElapsedTimer timer;
  timer.start();
  QVERIFY(connection.waitForClose(5000));
  QVERIFY2(timer.elapsed() >= 800 && timer.elapsed() < 2500,
           qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(HttpLimitsTest)
#include "tst_http_limits.moc"
