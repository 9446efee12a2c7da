// /_api/collection: create/list/describe/count/truncate/drop and their errors.
#include <QtTest>

#include "api_harness.h"

using tandem::node::Method;
using tandem::node::Response;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

class CollectionHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void createAnswers200WithFullProperties();
  void createEdgeWithAutoincrementKeys();
  void createIgnoresUnknownFieldsAndReplicationParameters();
  void listHasShortFormsAndCanExcludeSystem();
  void getAnswersShortForm();
  void propertiesCarryLocationHeader();
  void countAddsDocumentCount();
  void truncateEmptiesTheCollection();
  void dropAnswersIdAndRemovesIt();
  void dropSystemCollectionNeedsIsSystemFlag();
  void errors_data();
  void errors();

 private:
  std::unique_ptr<ApiHarness> api_;
};

void CollectionHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
}

void CollectionHandlersTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void CollectionHandlersTest::createAnswers200WithFullProperties() {
  Response response =
      api_->call(Method::kPost, "/_api/collection", R"({"name":"products","waitForSync":true})");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  const auto& object = body.as_object();
  QCOMPARE(object.at("error").as_bool(), false);
  QCOMPARE(intField(body, "code"), std::int64_t(200));
  QCOMPARE(stringField(body, "name"), std::string("products"));
  QCOMPARE(object.at("waitForSync").as_bool(), true);
  QCOMPARE(intField(body, "status"), std::int64_t(3));
  QCOMPARE(stringField(body, "statusString"), std::string("loaded"));
  QCOMPARE(intField(body, "type"), std::int64_t(2));
  QCOMPARE(object.at("isSystem").as_bool(), false);
  QVERIFY(!stringField(body, "id").empty());
  QVERIFY(!stringField(body, "objectId").empty());
  QVERIFY(!stringField(body, "globallyUniqueId").empty());
  QVERIFY(object.at("schema").is_null());
  QCOMPARE(intField(body, "writeConcern"), std::int64_t(1));
  QCOMPARE(object.at("cacheEnabled").as_bool(), false);
  QCOMPARE(object.at("syncByRevision").as_bool(), true);
  QCOMPARE(object.at("usesRevisionsAsDocumentIds").as_bool(), true);
  QCOMPARE(intField(body, "internalValidatorType"), std::int64_t(0));
  QCOMPARE(object.at("isSmartChild").as_bool(), false);
  const auto& key_options = object.at("keyOptions");
  QCOMPARE(stringField(key_options, "type"), std::string("traditional"));
  QCOMPARE(key_options.at("allowUserKeys").as_bool(), true);
  QCOMPARE(intField(key_options, "lastValue"), std::int64_t(0));
  QVERIFY(!key_options.as_object().contains("increment"));
}

void CollectionHandlersTest::createEdgeWithAutoincrementKeys() {
  Response response = api_->call(Method::kPost, "/_api/collection",
                                 R"({"name":"links","type":3,"keyOptions":{"type":"autoincrement",)"
                                 R"("allowUserKeys":false,"increment":5,"offset":10}})");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "type"), std::int64_t(3));
  const auto& key_options = body.at("keyOptions");
  QCOMPARE(stringField(key_options, "type"), std::string("autoincrement"));
  QCOMPARE(key_options.at("allowUserKeys").as_bool(), false);
  QCOMPARE(intField(key_options, "increment"), std::int64_t(5));
  QCOMPARE(intField(key_options, "offset"), std::int64_t(10));
}

void CollectionHandlersTest::createIgnoresUnknownFieldsAndReplicationParameters() {
  Response response = api_->call(
      Method::kPost, "/_api/collection?waitForSyncReplication=1&enforceReplicationFactor=0",
      R"({"name":"loose","numberOfShards":3,"replicationFactor":2,"schema":null,)"
      R"("cacheEnabled":false})");
  QCOMPARE(response.status, 200);
  QCOMPARE(stringField(parseBody(response), "name"), std::string("loose"));
}

void CollectionHandlersTest::listHasShortFormsAndCanExcludeSystem() {
  QVERIFY(api_->createCollection("visible"));
  QVERIFY(api_->createCollection("_hidden", R"("isSystem":true)"));
  auto all = parseBody(api_->call(Method::kGet, "/_api/collection"));
  QCOMPARE(all.at("error").as_bool(), false);
  bool saw_hidden = false;
  for (const auto& entry : all.at("result").as_array()) {
    QCOMPARE(intField(entry, "status"), std::int64_t(3));
    QVERIFY(entry.as_object().contains("globallyUniqueId"));
    if (stringField(entry, "name") == "_hidden") {
      saw_hidden = true;
      QCOMPARE(entry.at("isSystem").as_bool(), true);
    }
  }
  QVERIFY(saw_hidden);
  auto visible = parseBody(api_->call(Method::kGet, "/_api/collection?excludeSystem=true"));
  const auto& result = visible.at("result").as_array();
  QCOMPARE(result.size(), std::size_t(1));
  QCOMPARE(stringField(result[0], "name"), std::string("visible"));
  QCOMPARE(result[0].as_object().size(), std::size_t(6));
}

void CollectionHandlersTest::getAnswersShortForm() {
  QVERIFY(api_->createCollection("c"));
  Response response = api_->call(Method::kGet, "/_api/collection/c");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(body.as_object().size(), std::size_t(8));
  QCOMPARE(stringField(body, "name"), std::string("c"));
  QCOMPARE(intField(body, "status"), std::int64_t(3));
  QCOMPARE(intField(body, "type"), std::int64_t(2));
}

void CollectionHandlersTest::propertiesCarryLocationHeader() {
  QVERIFY(api_->createCollection("c"));
  Response response = api_->call(Method::kGet, "/_api/collection/c/properties");
  QCOMPARE(response.status, 200);
  QCOMPARE(headerOf(response, "location"),
           std::string("/_db/_system/_api/collection/c/properties"));
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "statusString"), std::string("loaded"));
  QVERIFY(body.as_object().contains("keyOptions"));
}

void CollectionHandlersTest::countAddsDocumentCount() {
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", "{}").empty());
  QVERIFY(!api_->insert("c", "{}").empty());
  Response response = api_->call(Method::kGet, "/_api/collection/c/count");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "count"), std::int64_t(2));
  QVERIFY(body.as_object().contains("keyOptions"));
  QCOMPARE(headerOf(response, "location"), std::string("/_db/_system/_api/collection/c/count"));
}

void CollectionHandlersTest::truncateEmptiesTheCollection() {
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", "{}").empty());
  Response response = api_->call(Method::kPut, "/_api/collection/c/truncate");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), false);
  QCOMPARE(stringField(body, "name"), std::string("c"));
  QCOMPARE(intField(body, "status"), std::int64_t(3));
  QCOMPARE(*api_->store().count("_system", "c"), std::uint64_t(0));
}

void CollectionHandlersTest::dropAnswersIdAndRemovesIt() {
  QVERIFY(api_->createCollection("c"));
  std::string id = api_->store().collection("_system", "c")->id;
  Response response = api_->call(Method::kDelete, "/_api/collection/c");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"id":")") + id + "\"}");
  QCOMPARE(api_->call(Method::kGet, "/_api/collection/c").status, 404);
}

void CollectionHandlersTest::dropSystemCollectionNeedsIsSystemFlag() {
  QVERIFY(api_->createCollection("_sys", R"("isSystem":true)"));
  Response refused = api_->call(Method::kDelete, "/_api/collection/_sys");
  QCOMPARE(refused.status, 403);
  QCOMPARE(intField(parseBody(refused), "errorNum"), std::int64_t(11));
  QCOMPARE(api_->call(Method::kDelete, "/_api/collection/_sys?isSystem=true").status, 200);
}

void CollectionHandlersTest::errors_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("status");
  QTest::addColumn<int>("errorNum");
  QTest::addColumn<QString>("message");
  const QString create = "/_api/collection";
  QTest::newRow("invalid JSON") << Method::kPost << create << "{\"name\"" << 400 << 600 << "";
  QTest::newRow("not an object") << Method::kPost << create << "[]" << 400 << 1208 << "";
  QTest::newRow("missing name") << Method::kPost << create << "{}" << 400 << 1208 << "";
  QTest::newRow("empty name") << Method::kPost << create << "{\"name\":\"\"}" << 400 << 1208 << "";
  QTest::newRow("illegal name") << Method::kPost << create << "{\"name\":\"1x\"}" << 400 << 1208
                                << "";
  QTest::newRow("system name without flag")
      << Method::kPost << create << "{\"name\":\"_x\"}" << 400 << 1208 << "";
  QTest::newRow("duplicate name") << Method::kPost << create << "{\"name\":\"existing\"}" << 409
                                  << 1207 << "";
  QTest::newRow("bad type") << Method::kPost << create << "{\"name\":\"t\",\"type\":7}" << 400
                            << 1218 << "";
  QTest::newRow("bad key generator")
      << Method::kPost << create << "{\"name\":\"k\",\"keyOptions\":{\"type\":\"magic\"}}" << 400
      << 1232 << "";
  const QString missing = "collection or view not found: nope";
  QTest::newRow("get unknown") << Method::kGet << "/_api/collection/nope"
                               << "" << 404 << 1203 << missing;
  QTest::newRow("properties unknown") << Method::kGet << "/_api/collection/nope/properties"
                                      << "" << 404 << 1203 << missing;
  QTest::newRow("count unknown") << Method::kGet << "/_api/collection/nope/count"
                                 << "" << 404 << 1203 << missing;
  QTest::newRow("truncate unknown") << Method::kPut << "/_api/collection/nope/truncate"
                                    << "" << 404 << 1203 << missing;
  QTest::newRow("drop unknown") << Method::kDelete << "/_api/collection/nope"
                                << "" << 404 << 1203 << missing;
  QTest::newRow("change properties") << Method::kPut << "/_api/collection/existing/properties"
                                     << "{\"waitForSync\":true}" << 405 << 405 << "";
}

// Every error leaves the store as it was: same collections, same count, no oplog entry.
void CollectionHandlersTest::errors() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(int, status);
  QFETCH(int, errorNum);
  QFETCH(QString, message);
  QVERIFY(api_->createCollection("existing"));
  QVERIFY(!api_->insert("existing", "{}").empty());
  std::uint64_t tick = api_->store().lastTick();
  std::size_t collections = api_->store().listCollections("_system")->size();
  Response response = api_->call(method, target.toStdString(), body.toStdString());
  QCOMPARE(response.status, status);
  auto parsed = parseBody(response);
  QCOMPARE(parsed.at("error").as_bool(), true);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  QCOMPARE(intField(parsed, "code"), std::int64_t(status));
  if (!message.isEmpty()) {
    QCOMPARE(QString::fromStdString(stringField(parsed, "errorMessage")), message);
  }
  QCOMPARE(api_->store().lastTick(), tick);
  QVERIFY(api_->store().readOplog(tick, 10)->empty());
  QCOMPARE(api_->store().listCollections("_system")->size(), collections);
  QCOMPARE(*api_->store().count("_system", "existing"), std::uint64_t(1));
}

QTEST_GUILESS_MAIN(CollectionHandlersTest)
#include "tst_collection_handlers.moc"
