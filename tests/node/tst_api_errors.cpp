// The bad-input table across every endpoint family: each case answers the right HTTP status
// and ArangoDB error number, and a failed request changes nothing (no oplog entry, same
// count, the existing document untouched).
#include <QtTest>

#include "api_harness.h"

using tandem::node::Method;
using tandem::node::Response;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

class ApiErrorsTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void badInputIsRejectedAndChangesNothing_data();
  void badInputIsRejectedAndChangesNothing();
  void arrayInsertIntoUnknownCollectionFailsAsAWhole();

 private:
  std::unique_ptr<ApiHarness> api_;
  std::string existing_rev_;
};

void ApiErrorsTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  QVERIFY(api_->createCollection("c"));
  existing_rev_ = api_->insert("c", R"({"_key":"existing","v":1})");
  QVERIFY(!existing_rev_.empty());
}

void ApiErrorsTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void ApiErrorsTest::badInputIsRejectedAndChangesNothing_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<QString>("ifMatch");
  QTest::addColumn<int>("status");
  QTest::addColumn<int>("errorNum");

  const QString doc = "/_api/document/c";
  const QString existing = "/_api/document/c/existing";
  // invalid JSON: 400/600
  QTest::newRow("insert invalid JSON") << Method::kPost << doc << "{\"a\":"
                                       << "" << 400 << 600;
  QTest::newRow("insert trailing garbage") << Method::kPost << doc << "{} x"
                                           << "" << 400 << 600;
  QTest::newRow("replace invalid JSON") << Method::kPut << existing << "{"
                                        << "" << 400 << 600;
  QTest::newRow("update invalid JSON") << Method::kPatch << existing << "nope"
                                       << "" << 400 << 600;
  QTest::newRow("array replace invalid JSON") << Method::kPut << doc << "[{"
                                              << "" << 400 << 600;
  QTest::newRow("collection invalid JSON") << Method::kPost << "/_api/collection"
                                           << "{"
                                           << "" << 400 << 600;
  QTest::newRow("database invalid JSON") << Method::kPost << "/_api/database"
                                         << "{"
                                         << "" << 400 << 600;
  // body not an object: 400/1227
  QTest::newRow("insert number") << Method::kPost << doc << "42"
                                 << "" << 400 << 1227;
  QTest::newRow("insert string") << Method::kPost << doc << "\"s\""
                                 << "" << 400 << 1227;
  QTest::newRow("insert null") << Method::kPost << doc << "null"
                               << "" << 400 << 1227;
  QTest::newRow("replace number") << Method::kPut << existing << "1"
                                  << "" << 400 << 1227;
  QTest::newRow("update string") << Method::kPatch << existing << "\"x\""
                                 << "" << 400 << 1227;
  // illegal key: 400/1221
  QTest::newRow("key with space") << Method::kPost << doc << "{\"_key\":\"a b\"}"
                                  << "" << 400 << 1221;
  QTest::newRow("key with slash") << Method::kPost << doc << "{\"_key\":\"a/b\"}"
                                  << "" << 400 << 1221;
  QTest::newRow("key not a string") << Method::kPost << doc << "{\"_key\":5}"
                                    << "" << 400 << 1221;
  QTest::newRow("key too long") << Method::kPost << doc
                                << QString("{\"_key\":\"%1\"}").arg(QString(255, 'k')) << "" << 400
                                << 1221;
  // duplicate key: 409/1210
  QTest::newRow("duplicate key") << Method::kPost << doc << "{\"_key\":\"existing\"}"
                                 << "" << 409 << 1210;
  QTest::newRow("duplicate key conflict mode") << Method::kPost << doc + "?overwriteMode=conflict"
                                               << "{\"_key\":\"existing\"}"
                                               << "" << 409 << 1210;
  // unknown collection: 404/1203
  QTest::newRow("insert unknown collection") << Method::kPost << "/_api/document/nope"
                                             << "{}"
                                             << "" << 404 << 1203;
  QTest::newRow("read unknown collection") << Method::kGet << "/_api/document/nope/k"
                                           << ""
                                           << "" << 404 << 1203;
  QTest::newRow("replace unknown collection") << Method::kPut << "/_api/document/nope/k"
                                              << "{}"
                                              << "" << 404 << 1203;
  QTest::newRow("remove unknown collection") << Method::kDelete << "/_api/document/nope/k"
                                             << ""
                                             << "" << 404 << 1203;
  QTest::newRow("onlyget unknown collection") << Method::kPut << "/_api/document/nope?onlyget=true"
                                              << "[\"k\"]"
                                              << "" << 404 << 1203;
  QTest::newRow("collection unknown") << Method::kGet << "/_api/collection/nope"
                                      << ""
                                      << "" << 404 << 1203;
  // unknown document: 404/1202
  QTest::newRow("read unknown document") << Method::kGet << "/_api/document/c/missing"
                                         << ""
                                         << "" << 404 << 1202;
  QTest::newRow("replace unknown document") << Method::kPut << "/_api/document/c/missing"
                                            << "{}"
                                            << "" << 404 << 1202;
  QTest::newRow("update unknown document") << Method::kPatch << "/_api/document/c/missing"
                                           << "{}"
                                           << "" << 404 << 1202;
  QTest::newRow("remove unknown document") << Method::kDelete << "/_api/document/c/missing"
                                           << ""
                                           << "" << 404 << 1202;
  // unknown database: 404/1228
  QTest::newRow("insert unknown database") << Method::kPost << "/_db/nope/_api/document/c"
                                           << "{}"
                                           << "" << 404 << 1228;
  QTest::newRow("collection create unknown database")
      << Method::kPost << "/_db/nope/_api/collection"
      << "{\"name\":\"x\"}"
      << "" << 404 << 1228;
  QTest::newRow("version unknown database") << Method::kGet << "/_db/nope/_api/version"
                                            << ""
                                            << "" << 404 << 1228;
  // collection names: 400/1208 and 409/1207
  QTest::newRow("illegal collection name") << Method::kPost << "/_api/collection"
                                           << "{\"name\":\"9lives\"}"
                                           << "" << 400 << 1208;
  QTest::newRow("collection name with slash") << Method::kPost << "/_api/collection"
                                              << "{\"name\":\"a/b\"}"
                                              << "" << 400 << 1208;
  QTest::newRow("duplicate collection name") << Method::kPost << "/_api/collection"
                                             << "{\"name\":\"c\"}"
                                             << "" << 409 << 1207;
  // revision mismatch: 412/1200
  QTest::newRow("replace stale If-Match") << Method::kPut << existing << "{}"
                                          << "\"stale\"" << 412 << 1200;
  QTest::newRow("update stale If-Match") << Method::kPatch << existing << "{}"
                                         << "stale" << 412 << 1200;
  QTest::newRow("remove stale If-Match") << Method::kDelete << existing << ""
                                         << "'stale'" << 412 << 1200;
  QTest::newRow("read stale If-Match") << Method::kGet << existing << ""
                                       << "\"stale\"" << 412 << 1200;
  // routing
  QTest::newRow("unknown path") << Method::kGet << "/_api/nothing"
                                << ""
                                << "" << 404 << 404;
  QTest::newRow("unknown path with db") << Method::kPost << "/_db/_system/_api/nothing"
                                        << "{}"
                                        << "" << 404 << 404;
  QTest::newRow("wrong method") << Method::kPatch << "/_api/collection"
                                << "{}"
                                << "" << 405 << 405;
  QTest::newRow("wrong method on document") << Method::kPost << existing << "{}"
                                            << "" << 405 << 405;
}

void ApiErrorsTest::badInputIsRejectedAndChangesNothing() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(QString, ifMatch);
  QFETCH(int, status);
  QFETCH(int, errorNum);
  tandem::Store& store = api_->store();
  std::uint64_t tick = store.lastTick();
  std::size_t collections = store.listCollections("_system")->size();
  std::size_t databases = store.listDatabases()->size();
  Headers headers;
  if (!ifMatch.isEmpty()) headers["if-match"] = ifMatch.toStdString();

  Response response = api_->call(method, target.toStdString(), body.toStdString(), headers);

  QCOMPARE(response.status, status);
  QCOMPARE(response.content_type, std::string("application/json; charset=utf-8"));
  auto parsed = parseBody(response);
  QVERIFY2(parsed.is_object(), response.body.c_str());
  QCOMPARE(parsed.at("error").as_bool(), true);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  QCOMPARE(intField(parsed, "code"), std::int64_t(status));
  QVERIFY(!stringField(parsed, "errorMessage").empty());
  if (errorNum == 1203) {
    QVERIFY2(
        stringField(parsed, "errorMessage").rfind("collection or view not found: nope", 0) == 0,
        response.body.c_str());
  }
  if (status == 412) {
    QCOMPARE(stringField(parsed, "_rev"), existing_rev_);
    QCOMPARE(stringField(parsed, "_key"), std::string("existing"));
    QCOMPARE(stringField(parsed, "_id"), std::string("c/existing"));
  }

  QCOMPARE(store.lastTick(), tick);
  QVERIFY(store.readOplog(tick, 10)->empty());
  QCOMPARE(*store.count("_system", "c"), std::uint64_t(1));
  QCOMPARE(store.get("_system", "c", "existing")->rev, existing_rev_);
  QCOMPARE(store.listCollections("_system")->size(), collections);
  QCOMPARE(store.listDatabases()->size(), databases);
}

void ApiErrorsTest::arrayInsertIntoUnknownCollectionFailsAsAWhole() {
  std::uint64_t tick = api_->store().lastTick();
  Response response = api_->call(Method::kPost, "/_api/document/nope", R"([{},{}])");
  QCOMPARE(response.status, 404);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1203));
  QCOMPARE(api_->store().lastTick(), tick);
}

QTEST_GUILESS_MAIN(ApiErrorsTest)
#include "tst_api_errors.moc"
