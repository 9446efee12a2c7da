// Router: path dispatch, /_db/<name> prefix, 404/405, shutdown gate, HEAD, metrics.
#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

#include "api_harness.h"

using tandem::node::Method;
using tandem::node::Response;
using tandem::node::RouteFamily;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

class RouterTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void unknownPathGives404WithArangoBody_data();
  void unknownPathGives404WithArangoBody();
  void knownPathWithWrongMethodGives405_data();
  void knownPathWithWrongMethodGives405();
  void databasePrefixSelectsTheDatabase();
  void percentEncodedDatabaseNameIsDecoded();
  void unknownDatabaseGives1228_data();
  void unknownDatabaseGives1228();
  void shuttingDownAnswersEveryRequestWith503And30_data();
  void shuttingDownAnswersEveryRequestWith503And30();
  void headAnswersLikeGetWithoutBody();
  void malformedPercentEncodingGives400();
  void encodedSlashStaysInsideKeySegment();
  void routerParsesTheTargetItselfWhenPathIsEmpty();
  void trailingAndDoubleSlashesAreIgnored();
  void everyAnswerIsCountedInMetricsIncludingWrites();
  void errorBodiesAreJson();
  void concurrentRequestsAreEachAnsweredOnce();
  void onlyStoreReadsNeedTheWorkerPool_data();
  void onlyStoreReadsNeedTheWorkerPool();

 private:
  std::unique_ptr<ApiHarness> api_;
};

void RouterTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
}

void RouterTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void RouterTest::unknownPathGives404WithArangoBody_data() {
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("message");
  QTest::newRow("api") << "/_api/nothing"
                       << "unknown path '/_api/nothing'";
  QTest::newRow("root") << "/"
                        << "unknown path '/'";
  QTest::newRow("with query") << "/_api/foo?x=1"
                              << "unknown path '/_api/foo'";
  QTest::newRow("db prefix") << "/_db/_system/_api/foo"
                             << "unknown path '/_api/foo'";
  QTest::newRow("too deep") << "/_api/document/c/k/extra"
                            << "unknown path '/_api/document/c/k/extra'";
  QTest::newRow("bare document") << "/_api/document"
                                 << "unknown path '/_api/document'";
}

void RouterTest::unknownPathGives404WithArangoBody() {
  QFETCH(QString, target);
  QFETCH(QString, message);
  Response response = api_->call(Method::kGet, target.toStdString());
  QCOMPARE(response.status, 404);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(404));
  QCOMPARE(intField(body, "code"), std::int64_t(404));
  QCOMPARE(QString::fromStdString(stringField(body, "errorMessage")), message);
}

void RouterTest::knownPathWithWrongMethodGives405_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("DELETE collection list") << Method::kDelete << "/_api/collection";
  QTest::newRow("POST document key") << Method::kPost << "/_api/document/c/k";
  QTest::newRow("GET document collection") << Method::kGet << "/_api/document/c";
  QTest::newRow("PUT properties") << Method::kPut << "/_api/collection/c/properties";
  QTest::newRow("GET shutdown") << Method::kGet << "/_admin/shutdown";
  QTest::newRow("POST role") << Method::kPost << "/_admin/server/role";
  QTest::newRow("PUT database") << Method::kPut << "/_api/database";
  QTest::newRow("OPTIONS metrics") << Method::kOptions << "/_admin/metrics";
}

void RouterTest::knownPathWithWrongMethodGives405() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  Response response = api_->call(method, target.toStdString(), "{}");
  QCOMPARE(response.status, 405);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(405));
  QCOMPARE(intField(body, "code"), std::int64_t(405));
  QCOMPARE(stringField(body, "errorMessage"), std::string("method not supported"));
}

void RouterTest::databasePrefixSelectsTheDatabase() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"shop"})").status, 201);
  QCOMPARE(api_->call(Method::kPost, "/_db/shop/_api/collection", R"({"name":"items"})").status,
           200);
  QCOMPARE(api_->call(Method::kGet, "/_db/shop/_api/collection/items").status, 200);
  Response in_system = api_->call(Method::kGet, "/_api/collection/items");
  QCOMPARE(in_system.status, 404);
  QCOMPARE(intField(parseBody(in_system), "errorNum"), std::int64_t(1203));
  Response current = api_->call(Method::kGet, "/_db/shop/_api/database/current");
  QCOMPARE(current.status, 200);
  QCOMPARE(stringField(parseBody(current).at("result"), "name"), std::string("shop"));
}

void RouterTest::percentEncodedDatabaseNameIsDecoded() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"my-db"})").status, 201);
  Response current = api_->call(Method::kGet, "/_db/my%2Ddb/_api/database/current");
  QCOMPARE(current.status, 200);
  QCOMPARE(stringField(parseBody(current).at("result"), "name"), std::string("my-db"));
  QCOMPARE(api_->call(Method::kPost, "/_db/my%2ddb/_api/collection", R"({"name":"c"})").status,
           200);
  std::string rev = api_->insert("c", "{}");
  QVERIFY(rev.empty());  // the collection lives in my-db, not in _system
  Response insert = api_->call(Method::kPost, "/_db/my%2Ddb/_api/document/c", R"({"_key":"k"})");
  QVERIFY(insert.status == 201 || insert.status == 202);
  QCOMPARE(headerOf(insert, "location"), std::string("/_db/my-db/_api/document/c/k"));
}

void RouterTest::unknownDatabaseGives1228_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("version") << Method::kGet << "/_db/nope/_api/version";
  QTest::newRow("collections") << Method::kGet << "/_db/nope/_api/collection";
  QTest::newRow("insert") << Method::kPost << "/_db/nope/_api/document/c";
  QTest::newRow("read") << Method::kGet << "/_db/nope/_api/document/c/k";
  QTest::newRow("current") << Method::kGet << "/_db/nope/_api/database/current";
  QTest::newRow("unknown path") << Method::kGet << "/_db/nope/_api/whatever";
}

void RouterTest::unknownDatabaseGives1228() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  Response response = api_->call(method, target.toStdString(), "{}");
  QCOMPARE(response.status, 404);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1228));
  QCOMPARE(intField(body, "code"), std::int64_t(404));
  QCOMPARE(body.at("error").as_bool(), true);
}

void RouterTest::shuttingDownAnswersEveryRequestWith503And30_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("version") << Method::kGet << "/_api/version";
  QTest::newRow("insert") << Method::kPost << "/_api/document/c";
  QTest::newRow("availability") << Method::kGet << "/_admin/server/availability";
  QTest::newRow("unknown path") << Method::kGet << "/nothing";
  QTest::newRow("unknown database") << Method::kGet << "/_db/nope/_api/version";
  QTest::newRow("shutdown") << Method::kDelete << "/_admin/shutdown";
}

void RouterTest::shuttingDownAnswersEveryRequestWith503And30() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QVERIFY(api_->createCollection("c"));
  std::uint64_t tick = api_->store().lastTick();
  bool shutdown_requested = false;
  api_->context().request_shutdown = [&shutdown_requested] { shutdown_requested = true; };
  api_->context().shutting_down = true;
  Response response = api_->call(method, target.toStdString(), "{}");
  QCOMPARE(response.status, 503);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(30));
  QCOMPARE(stringField(body, "errorMessage"), std::string("shutdown in progress"));
  QCOMPARE(intField(body, "code"), std::int64_t(503));
  QCOMPARE(api_->store().lastTick(), tick);
  QVERIFY(!shutdown_requested);
}

void RouterTest::headAnswersLikeGetWithoutBody() {
  Response get = api_->call(Method::kGet, "/_api/version");
  Response head = api_->call(Method::kHead, "/_api/version");
  QCOMPARE(head.status, get.status);
  QVERIFY(head.omit_body);
  QVERIFY(!get.omit_body);
  Response missing = api_->call(Method::kHead, "/_api/collection/none");
  QCOMPARE(missing.status, 404);
  QVERIFY(missing.omit_body);
}

void RouterTest::malformedPercentEncodingGives400() {
  Response response = api_->callRaw(Method::kGet, "/_api/document/c/a%zz");
  QCOMPARE(response.status, 400);
  QCOMPARE(intField(parseBody(response), "code"), std::int64_t(400));
}

void RouterTest::encodedSlashStaysInsideKeySegment() {
  QVERIFY(api_->createCollection("c"));
  Response response = api_->call(Method::kGet, "/_api/document/c/a%2Fb");
  QCOMPARE(response.status == 404 || response.status == 400, true);
  auto error_num = intField(parseBody(response), "errorNum");
  QVERIFY2(error_num == 1202 || error_num == 1221, response.body.c_str());
}

void RouterTest::routerParsesTheTargetItselfWhenPathIsEmpty() {
  QVERIFY(api_->createCollection("c"));
  Response insert =
      api_->callRaw(Method::kPost, "/_api/document/c?returnNew=true", R"({"_key":"a:b","v":1})");
  QVERIFY2(insert.status == 201 || insert.status == 202, insert.body.c_str());
  QVERIFY(parseBody(insert).as_object().contains("new"));
  Response read = api_->callRaw(Method::kGet, "/_api/document/c/a%3Ab");
  QCOMPARE(read.status, 200);
  QCOMPARE(stringField(parseBody(read), "_key"), std::string("a:b"));
}

void RouterTest::trailingAndDoubleSlashesAreIgnored() {
  QCOMPARE(api_->call(Method::kGet, "/_api/version/").status, 200);
  QCOMPARE(api_->call(Method::kGet, "//_api//version").status, 200);
}

void RouterTest::everyAnswerIsCountedInMetricsIncludingWrites() {
  auto& metrics = api_->metrics();
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", R"({"a":1})").empty());
  api_->call(Method::kGet, "/_api/document/c/missing");
  api_->call(Method::kGet, "/_api/version");
  api_->call(Method::kGet, "/_admin/nothing");
  api_->call(Method::kGet, "/elsewhere");
  QCOMPARE(metrics.requests(RouteFamily::kCollection, 2), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kDocument, 2), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kDocument, 4), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kVersion, 2), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kAdmin, 4), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kOther, 4), std::uint64_t(1));
  Response text = api_->call(Method::kGet, "/_admin/metrics");
  QVERIFY(text.body.find(R"(tandem_http_requests_total{family="document",status="2xx"} 1)") !=
          std::string::npos);
  QVERIFY(text.body.find(R"(tandem_http_request_duration_seconds_count{family="document"} 2)") !=
          std::string::npos);
}

void RouterTest::errorBodiesAreJson() {
  Response response = api_->call(Method::kGet, "/_api/nothing");
  QCOMPARE(response.content_type, std::string("application/json; charset=utf-8"));
  QVERIFY(parseBody(response).is_object());
}

void RouterTest::concurrentRequestsAreEachAnsweredOnce() {
  QVERIFY(api_->createCollection("c"));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        Response insert =
            api_->call(Method::kPost, "/_api/document/c", R"({"_key":")" + key + "\"}");
        Response read = api_->call(Method::kGet, "/_api/document/c/" + key);
        if ((insert.status != 201 && insert.status != 202) || read.status != 200) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  QCOMPARE(failures.load(), 0);
  QCOMPARE(*api_->store().count("_system", "c"), std::uint64_t(kThreads * kPerThread));
  QCOMPARE(api_->metrics().requests(RouteFamily::kDocument, 2),
           std::uint64_t(2 * kThreads * kPerThread));
}

QTEST_GUILESS_MAIN(RouterTest)
void RouterTest::onlyStoreReadsNeedTheWorkerPool_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<bool>("reads");
  QTest::newRow("get document") << Method::kGet << "/_api/document/c/k" << true;
  QTest::newRow("head document in db") << Method::kHead << "/_db/shop/_api/document/c/k" << true;
  QTest::newRow("bulk read") << Method::kPut << "/_api/document/c?onlyget=true" << true;
  QTest::newRow("list collections") << Method::kGet << "/_api/collection" << true;
  QTest::newRow("collection count") << Method::kGet << "/_db/x/_api/collection/c/count" << true;
  QTest::newRow("list databases") << Method::kGet << "/_api/database" << true;
  QTest::newRow("insert") << Method::kPost << "/_api/document/c" << false;
  QTest::newRow("array replace") << Method::kPut << "/_api/document/c" << false;
  QTest::newRow("update") << Method::kPatch << "/_db/shop/_api/document/c/k" << false;
  QTest::newRow("remove") << Method::kDelete << "/_api/document/c/k" << false;
  QTest::newRow("create collection") << Method::kPost << "/_api/collection" << false;
  QTest::newRow("version") << Method::kGet << "/_api/version" << false;
  QTest::newRow("status") << Method::kGet << "/_admin/status" << false;
  QTest::newRow("metrics") << Method::kGet << "/_admin/metrics" << false;
}

void RouterTest::onlyStoreReadsNeedTheWorkerPool() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(bool, reads);
  tandem::node::Request request;
  request.method = method;
  request.target = target.toStdString();
  QVERIFY(request.parseTarget());
  QCOMPARE(tandem::node::Router::readsStore(request), reads);
}

#include "tst_router.moc"
