// Document CRUD against a real tandem-node over real HTTP: the whole path from socket to
// store and back, with ArangoDB's URL forms and connection reuse.
#include <signal.h>

#include <QTemporaryDir>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"
#include "raw_http.h"

using namespace tandem::test;

class HttpCrudTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void createInsertGetUpdateDeleteDocument();
  void pathsWithoutDatabasePrefixUseSystemDatabase();
  void keepAliveConnectionServesManyRequests();
  void pipelinedRequestsAreAnsweredInOrder();
  void headAnswersHeadersWithoutBody();
  void unknownPathGetsArangoErrorBody();

 private:
  QTemporaryDir dir_;
  std::unique_ptr<NodeProcess> node_;
  std::unique_ptr<HttpClient> client_;
};

void HttpCrudTest::initTestCase() {
  QVERIFY(dir_.isValid());
  node_ = std::make_unique<NodeProcess>(dir_.path() + "/node");
  QVERIFY2(node_->start(), qPrintable(node_->stderrText()));
  client_ = std::make_unique<HttpClient>(node_->baseUrl());
  QCOMPARE(createCollection(*client_, "people"), 200);
}

void HttpCrudTest::cleanupTestCase() {
  if (!node_) return;
  node_->sendSignal(SIGTERM);
  QCOMPARE(node_->waitForExit(), 0);
}

void HttpCrudTest::createInsertGetUpdateDeleteDocument() {
  HttpClient& client = *client_;
  const QString base = "/_db/_system/_api/document/people";

  const HttpReply inserted = client.post(base, R"({"_key":"alice","age":30})");
  QVERIFY2(isWriteAck(inserted.status), inserted.body.constData());
  const QJsonObject meta = inserted.json().object();
  QCOMPARE(meta.value("_id").toString(), QString("people/alice"));
  QCOMPARE(meta.value("_key").toString(), QString("alice"));
  const QString rev1 = meta.value("_rev").toString();
  QVERIFY(!rev1.isEmpty());

  const HttpReply fetched = client.get(base + "/alice");
  QCOMPARE(fetched.status, 200);
  QCOMPARE(fetched.json().object().value("age").toInt(), 30);
  QCOMPARE(fetched.json().object().value("_rev").toString(), rev1);

  const HttpReply updated = client.request("PATCH", base + "/alice", R"({"age":31})");
  QVERIFY2(isWriteAck(updated.status), updated.body.constData());
  const QString rev2 = updated.json().object().value("_rev").toString();
  QVERIFY(!rev2.isEmpty() && rev2 != rev1);
  QCOMPARE(updated.json().object().value("_oldRev").toString(), rev1);

  const HttpReply refetched = client.get(base + "/alice");
  QCOMPARE(refetched.status, 200);
  QCOMPARE(refetched.json().object().value("age").toInt(), 31);

  const HttpReply removed = client.request("DELETE", base + "/alice");
  QVERIFY2(removed.status == 200 || removed.status == 202, removed.body.constData());
  QCOMPARE(removed.json().object().value("_rev").toString(), rev2);

  const HttpReply gone = client.get(base + "/alice");
  QCOMPARE(gone.status, 404);
  QCOMPARE(gone.json().object().value("errorNum").toInt(), 1202);
}

void HttpCrudTest::pathsWithoutDatabasePrefixUseSystemDatabase() {
  HttpClient& client = *client_;
  const HttpReply inserted = client.post("/_api/document/people", R"({"_key":"bob"})");
  QVERIFY2(isWriteAck(inserted.status), inserted.body.constData());
  const HttpReply viaPrefix = client.get("/_db/_system/_api/document/people/bob");
  QCOMPARE(viaPrefix.status, 200);
  QCOMPARE(viaPrefix.json().object().value("_rev").toString(),
           inserted.json().object().value("_rev").toString());
}

void HttpCrudTest::keepAliveConnectionServesManyRequests() {
  RawHttpConnection connection(node_->port());
  QVERIFY(connection.isConnected());
  for (int i = 0; i < 25; ++i) {
    const std::string key = "ka" + std::to_string(i);
    const RawResponse inserted = connection.request("POST", "/_db/_system/_api/document/people",
                                                    R"({"_key":")" + key + R"("})");
    QVERIFY2(isWriteAck(inserted.status), inserted.error.c_str());
    QVERIFY(inserted.header("connection") != "close");
    const RawResponse fetched =
        connection.request("GET", "/_db/_system/_api/document/people/" + key);
    QCOMPARE(fetched.status, 200);
    QCOMPARE(jsonObject(fetched.body).value("_key").toString().toStdString(), key);
  }
}

void HttpCrudTest::pipelinedRequestsAreAnsweredInOrder() {
  RawHttpConnection connection(node_->port());
  std::string batch;
  for (int i = 0; i < 5; ++i) {
    batch += buildRequest("POST", "/_db/_system/_api/document/people",
                          R"({"_key":"pipe)" + std::to_string(i) + R"("})");
  }
  batch += buildRequest("GET", "/_db/_system/_api/document/people/pipe3");
  QVERIFY(connection.send(batch));  // all requests in one write
  for (int i = 0; i < 5; ++i) {
    const RawResponse response = connection.read();
    QVERIFY2(isWriteAck(response.status), response.error.c_str());
    QCOMPARE(jsonObject(response.body).value("_key").toString().toStdString(),
             "pipe" + std::to_string(i));
  }
  const RawResponse fetched = connection.read();
  QCOMPARE(fetched.status, 200);
  QCOMPARE(jsonObject(fetched.body).value("_key").toString(), QString("pipe3"));
}

void HttpCrudTest::headAnswersHeadersWithoutBody() {
  RawHttpConnection connection(node_->port());
  const RawResponse get = connection.request("GET", "/_db/_system/_api/document/people/bob");
  QCOMPARE(get.status, 200);
  const RawResponse head = connection.request("HEAD", "/_db/_system/_api/document/people/bob");
  QCOMPARE(head.status, 200);
  QCOMPARE(head.header("content-length"), std::to_string(get.body.size()));
  QCOMPARE(head.header("etag"), get.header("etag"));
  // Had the server sent a body, it would now be read as the next status line.
  const RawResponse after = connection.request("GET", "/_api/version");
  QCOMPARE(after.status, 200);
}

void HttpCrudTest::unknownPathGetsArangoErrorBody() {
  const HttpReply reply = client_->get("/_api/no-such-thing");
  QCOMPARE(reply.status, 404);
  const QJsonObject body = reply.json().object();
  QCOMPARE(body.value("error").toBool(), true);
  QCOMPARE(body.value("code").toInt(), 404);
  QVERIFY(body.contains("errorNum"));
  QVERIFY(body.contains("errorMessage"));
}

QTEST_GUILESS_MAIN(HttpCrudTest)
#include "tst_http_crud.moc"
