// /_api/document: success shapes of single and array operations, headers and conditionals.
#include <QtTest>

#include "api_harness.h"

using tandem::node::Method;
using tandem::node::Response;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

namespace {

std::string etagOf(const std::string& rev) { return "\"" + rev + "\""; }

const boost::json::object& objectOf(const boost::json::value& value) { return value.as_object(); }

}  // namespace

class DocumentHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void insertAnswers202WithMetaEtagAndLocation();
  void insertWithWaitForSyncAnswers201_data();
  void insertWithWaitForSyncAnswers201();
  void insertReturnNewEmbedsTheStoredDocument();
  void insertSilentAnswersEmptyObject();
  void insertOverwriteReplaceReportsOldRevision_data();
  void insertOverwriteReplaceReportsOldRevision();
  void insertOverwriteModeUpdateMerges();
  void insertOverwriteModeIgnoreReturnsExisting();
  void arrayInsertReportsErrorsInlineWithErrorCodesHeader();
  void arrayInsertWithoutErrorsHasNoErrorCodesHeader();
  void silentArrayInsertReturnsOnlyErrors();
  void readReturnsStoredDocumentWithEtag();
  void readConditionals_data();
  void readConditionals();
  void replaceAnswersNewAndOldRevisions();
  void updateMergesAndHonoursKeepNullAndMergeObjects();
  void removeAnswersRemovedRevision();
  void removeWithWaitForSyncAnswers200();
  void writesWithMatchingIfMatchSucceed_data();
  void writesWithMatchingIfMatchSucceed();
  void writesWithStaleIfMatchGive412WithCurrentRevision_data();
  void writesWithStaleIfMatchGive412WithCurrentRevision();
  void onlyGetReturnsDocumentsAndInlineErrors();
  void arrayReplaceUpdateAndRemoveReportPerItem();
  void ignoreRevsFalseMakesBodyRevisionAPrecondition();
  void keyIsPercentDecodedAndLocationEncoded();
  void locationNamesTheRequestDatabase();

 private:
  std::unique_ptr<ApiHarness> api_;
};

void DocumentHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  QVERIFY(api_->createCollection("c"));
}

void DocumentHandlersTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void DocumentHandlersTest::insertAnswers202WithMetaEtagAndLocation() {
  Response response = api_->call(Method::kPost, "/_api/document/c", R"({"_key":"k1","a":1})");
  QCOMPARE(response.status, 202);
  auto body = parseBody(response);
  std::string rev = stringField(body, "_rev");
  QVERIFY(!rev.empty());
  QCOMPARE(response.body, std::string(R"({"_id":"c/k1","_key":"k1","_rev":")") + rev + "\"}");
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  QCOMPARE(headerOf(response, "location"), std::string("/_db/_system/_api/document/c/k1"));
  QCOMPARE(response.content_type, std::string("application/json; charset=utf-8"));
}

void DocumentHandlersTest::insertWithWaitForSyncAnswers201_data() {
  QTest::addColumn<QString>("collectionFields");
  QTest::addColumn<QString>("query");
  QTest::newRow("query parameter") << ""
                                   << "?waitForSync=true";
  QTest::newRow("collection property") << R"("waitForSync":true)"
                                       << "";
}

void DocumentHandlersTest::insertWithWaitForSyncAnswers201() {
  QFETCH(QString, collectionFields);
  QFETCH(QString, query);
  QVERIFY(api_->createCollection("synced", collectionFields.toStdString()));
  Response response =
      api_->call(Method::kPost, "/_api/document/synced" + query.toStdString(), "{}");
  QCOMPARE(response.status, 201);
  QVERIFY(!headerOf(response, "etag").empty());
}

void DocumentHandlersTest::insertReturnNewEmbedsTheStoredDocument() {
  Response response = api_->call(Method::kPost, "/_api/document/c?returnNew=true",
                                 R"({"_key":"n","a":{"b":[1,2]}})");
  QCOMPARE(response.status, 202);
  auto body = parseBody(response);
  const auto& stored = body.at("new");
  QCOMPARE(stringField(stored, "_key"), std::string("n"));
  QCOMPARE(stringField(stored, "_id"), std::string("c/n"));
  QCOMPARE(stringField(stored, "_rev"), stringField(body, "_rev"));
  QCOMPARE(stored.at("a").at("b").as_array().size(), std::size_t(2));
  QVERIFY(!objectOf(body).contains("old"));
  QVERIFY(!objectOf(body).contains("_oldRev"));
}

void DocumentHandlersTest::insertSilentAnswersEmptyObject() {
  Response response = api_->call(Method::kPost, "/_api/document/c?silent=true", R"({"a":1})");
  QCOMPARE(response.status, 202);
  QCOMPARE(response.body, std::string("{}"));
  QCOMPARE(*api_->store().count("_system", "c"), std::uint64_t(1));
}

void DocumentHandlersTest::insertOverwriteReplaceReportsOldRevision_data() {
  QTest::addColumn<QString>("query");
  QTest::newRow("overwrite") << "?overwrite=true&returnOld=true&returnNew=true";
  QTest::newRow("overwriteMode") << "?overwriteMode=replace&returnOld=true&returnNew=true";
  QTest::newRow("mode beats overwrite")
      << "?overwrite=false&overwriteMode=replace&returnOld=1&returnNew=1";
}

void DocumentHandlersTest::insertOverwriteReplaceReportsOldRevision() {
  QFETCH(QString, query);
  std::string first = api_->insert("c", R"({"_key":"k","a":1})");
  QVERIFY(!first.empty());
  Response response =
      api_->call(Method::kPost, "/_api/document/c" + query.toStdString(), R"({"_key":"k","b":2})");
  QCOMPARE(response.status, 202);
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "_oldRev"), first);
  QVERIFY(stringField(body, "_rev") != first);
  QCOMPARE(intField(body.at("old"), "a"), std::int64_t(1));
  QCOMPARE(intField(body.at("new"), "b"), std::int64_t(2));
  QVERIFY(!objectOf(body.at("new")).contains("a"));
}

void DocumentHandlersTest::insertOverwriteModeUpdateMerges() {
  QVERIFY(!api_->insert("c", R"({"_key":"k","a":1})").empty());
  Response response =
      api_->call(Method::kPost, "/_api/document/c?overwriteMode=update&returnNew=true",
                 R"({"_key":"k","b":2})");
  QCOMPARE(response.status, 202);
  auto stored = parseBody(response).at("new");
  QCOMPARE(intField(stored, "a"), std::int64_t(1));
  QCOMPARE(intField(stored, "b"), std::int64_t(2));
}

void DocumentHandlersTest::insertOverwriteModeIgnoreReturnsExisting() {
  std::string first = api_->insert("c", R"({"_key":"k","a":1})");
  std::uint64_t tick = api_->store().lastTick();
  Response response =
      api_->call(Method::kPost, "/_api/document/c?overwriteMode=ignore", R"({"_key":"k","a":2})");
  QVERIFY(response.status == 201 || response.status == 202);
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "_rev"), first);
  QCOMPARE(stringField(body, "_key"), std::string("k"));
  QVERIFY(!objectOf(body).contains("_oldRev"));
  QCOMPARE(api_->store().get("_system", "c", "k")->rev, first);
  QCOMPARE(api_->store().lastTick(), tick);
}

void DocumentHandlersTest::arrayInsertReportsErrorsInlineWithErrorCodesHeader() {
  Response response =
      api_->call(Method::kPost, "/_api/document/c",
                 R"([{"_key":"a"},{"_key":"a"},{"_key":"bad key"},{"_key":"b"},{"_key":"a"}])");
  QCOMPARE(response.status, 202);
  auto items = parseBody(response).as_array();
  QCOMPARE(items.size(), std::size_t(5));
  QCOMPARE(stringField(items[0], "_key"), std::string("a"));
  QCOMPARE(items[1].at("error").as_bool(), true);
  QCOMPARE(intField(items[1], "errorNum"), std::int64_t(1210));
  QVERIFY(!objectOf(items[1]).contains("code"));
  QVERIFY(!stringField(items[1], "errorMessage").empty());
  QCOMPARE(intField(items[2], "errorNum"), std::int64_t(1221));
  QCOMPARE(stringField(items[3], "_id"), std::string("c/b"));
  QCOMPARE(intField(items[4], "errorNum"), std::int64_t(1210));
  QCOMPARE(headerOf(response, "x-arango-error-codes"), std::string(R"({"1210":2,"1221":1})"));
  QVERIFY(headerOf(response, "etag").empty());
  QVERIFY(headerOf(response, "location").empty());
  QCOMPARE(*api_->store().count("_system", "c"), std::uint64_t(2));
}

void DocumentHandlersTest::arrayInsertWithoutErrorsHasNoErrorCodesHeader() {
  Response response =
      api_->call(Method::kPost, "/_api/document/c?returnNew=true", R"([{"v":1},{"v":2}])");
  QCOMPARE(response.status, 202);
  auto items = parseBody(response).as_array();
  QCOMPARE(items.size(), std::size_t(2));
  QCOMPARE(intField(items[1].at("new"), "v"), std::int64_t(2));
  QVERIFY(headerOf(response, "x-arango-error-codes").empty());
  Response empty = api_->call(Method::kPost, "/_api/document/c", "[]");
  QCOMPARE(empty.status, 202);
  QCOMPARE(empty.body, std::string("[]"));
}

void DocumentHandlersTest::silentArrayInsertReturnsOnlyErrors() {
  QVERIFY(!api_->insert("c", R"({"_key":"x"})").empty());
  Response response = api_->call(Method::kPost, "/_api/document/c?silent=true",
                                 R"([{"_key":"y"},{"_key":"x"},{"_key":"z"}])");
  QCOMPARE(response.status, 202);
  auto items = parseBody(response).as_array();
  QCOMPARE(items.size(), std::size_t(1));
  QCOMPARE(intField(items[0], "errorNum"), std::int64_t(1210));
  QCOMPARE(headerOf(response, "x-arango-error-codes"), std::string(R"({"1210":1})"));
  Response clean = api_->call(Method::kPost, "/_api/document/c?silent=true", R"([{},{}])");
  QCOMPARE(clean.body, std::string("[]"));
}

void DocumentHandlersTest::readReturnsStoredDocumentWithEtag() {
  std::string rev = api_->insert("c", R"({"_key":"k","a":1,"s":"t\u00e9xt"})");
  Response response = api_->call(Method::kGet, "/_api/document/c/k");
  QCOMPARE(response.status, 200);
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "_key"), std::string("k"));
  QCOMPARE(stringField(body, "_id"), std::string("c/k"));
  QCOMPARE(stringField(body, "_rev"), rev);
  QCOMPARE(intField(body, "a"), std::int64_t(1));
  QCOMPARE(stringField(body, "s"), std::string("t\xc3\xa9xt"));
}

void DocumentHandlersTest::readConditionals_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("header");
  QTest::addColumn<QString>("value");  // "$rev" stands for the current revision
  QTest::addColumn<int>("status");
  for (Method method : {Method::kGet, Method::kHead}) {
    const char* name = method == Method::kGet ? "GET" : "HEAD";
    auto row = [name](const char* what) { return QString("%1 %2").arg(name, what).toUtf8(); };
    QTest::newRow(row("none-match same")) << method << "if-none-match"
                                          << "\"$rev\"" << 304;
    QTest::newRow(row("none-match bare")) << method << "if-none-match"
                                          << "$rev" << 304;
    QTest::newRow(row("none-match other")) << method << "if-none-match"
                                           << "\"other\"" << 200;
    QTest::newRow(row("match same")) << method << "if-match"
                                     << " '$rev' " << 200;
    QTest::newRow(row("match other")) << method << "if-match"
                                      << "\"other\"" << 412;
    QTest::newRow(row("no header")) << method << ""
                                    << "" << 200;
  }
}

void DocumentHandlersTest::readConditionals() {
  QFETCH(Method, method);
  QFETCH(QString, header);
  QFETCH(QString, value);
  QFETCH(int, status);
  std::string rev = api_->insert("c", R"({"_key":"k","a":1})");
  Headers headers;
  if (!header.isEmpty()) {
    headers[header.toStdString()] =
        value.replace("$rev", QString::fromStdString(rev)).toStdString();
  }
  Response response = api_->call(method, "/_api/document/c/k", {}, headers);
  QCOMPARE(response.status, status);
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  QCOMPARE(response.omit_body, method == Method::kHead);
  if (status == 304) QVERIFY(response.body.empty());
  if (status == 412) {
    auto body = parseBody(response);
    QCOMPARE(intField(body, "errorNum"), std::int64_t(1200));
    QCOMPARE(intField(body, "code"), std::int64_t(412));
    QCOMPARE(stringField(body, "errorMessage"), std::string("conflict, _rev values do not match"));
    QCOMPARE(stringField(body, "_id"), std::string("c/k"));
    QCOMPARE(stringField(body, "_key"), std::string("k"));
    QCOMPARE(stringField(body, "_rev"), rev);
  }
  if (status == 200) QCOMPARE(stringField(parseBody(response), "_rev"), rev);
}

void DocumentHandlersTest::replaceAnswersNewAndOldRevisions() {
  std::string first = api_->insert("c", R"({"_key":"k","a":1})");
  Response response = api_->call(Method::kPut, "/_api/document/c/k?returnOld=true&returnNew=true",
                                 R"({"b":2,"_key":"ignored","_rev":"ignored"})");
  QCOMPARE(response.status, 202);
  auto body = parseBody(response);
  std::string rev = stringField(body, "_rev");
  QCOMPARE(stringField(body, "_id"), std::string("c/k"));
  QCOMPARE(stringField(body, "_key"), std::string("k"));
  QCOMPARE(stringField(body, "_oldRev"), first);
  QVERIFY(rev != first);
  QCOMPARE(intField(body.at("old"), "a"), std::int64_t(1));
  QCOMPARE(intField(body.at("new"), "b"), std::int64_t(2));
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  QCOMPARE(headerOf(response, "location"), std::string("/_db/_system/_api/document/c/k"));
  auto stored = api_->store().get("_system", "c", "k");
  QCOMPARE(stored->rev, rev);
  QVERIFY(stored->json.find("\"a\"") == std::string::npos);
}

void DocumentHandlersTest::updateMergesAndHonoursKeepNullAndMergeObjects() {
  std::string first = api_->insert("c", R"({"_key":"k","a":1,"o":{"x":1},"n":0})");
  Response merged = api_->call(Method::kPatch, "/_api/document/c/k?returnNew=true&keepNull=false",
                               R"({"n":null,"o":{"y":2},"b":2})");
  QCOMPARE(merged.status, 202);
  auto body = parseBody(merged);
  QCOMPARE(stringField(body, "_oldRev"), first);
  const auto& stored = body.at("new");
  QCOMPARE(intField(stored, "a"), std::int64_t(1));
  QCOMPARE(intField(stored, "b"), std::int64_t(2));
  QVERIFY(!objectOf(stored).contains("n"));
  QCOMPARE(intField(stored.at("o"), "x"), std::int64_t(1));
  QCOMPARE(intField(stored.at("o"), "y"), std::int64_t(2));
  Response replaced = api_->call(
      Method::kPatch, "/_api/document/c/k?returnNew=true&mergeObjects=false", R"({"o":{"z":3}})");
  QCOMPARE(replaced.status, 202);
  auto replaced_body = parseBody(replaced);
  const auto& object = replaced_body.at("new").at("o").as_object();
  QCOMPARE(object.size(), std::size_t(1));
  QVERIFY(object.contains("z"));
}

void DocumentHandlersTest::removeAnswersRemovedRevision() {
  std::string rev = api_->insert("c", R"({"_key":"k","a":1})");
  Response response = api_->call(Method::kDelete, "/_api/document/c/k?returnOld=true");
  QCOMPARE(response.status, 202);
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "_id"), std::string("c/k"));
  QCOMPARE(stringField(body, "_key"), std::string("k"));
  QCOMPARE(stringField(body, "_rev"), rev);
  QCOMPARE(intField(body.at("old"), "a"), std::int64_t(1));
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  QCOMPARE(api_->call(Method::kGet, "/_api/document/c/k").status, 404);
}

void DocumentHandlersTest::removeWithWaitForSyncAnswers200() {
  QVERIFY(!api_->insert("c", R"({"_key":"k"})").empty());
  Response response = api_->call(Method::kDelete, "/_api/document/c/k?waitForSync=true");
  QCOMPARE(response.status, 200);
}

void DocumentHandlersTest::writesWithMatchingIfMatchSucceed_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<int>("status");
  QTest::newRow("PUT") << Method::kPut << 202;
  QTest::newRow("PATCH") << Method::kPatch << 202;
  QTest::newRow("DELETE") << Method::kDelete << 202;
}

void DocumentHandlersTest::writesWithMatchingIfMatchSucceed() {
  QFETCH(Method, method);
  QFETCH(int, status);
  std::string rev = api_->insert("c", R"({"_key":"k"})");
  Response response =
      api_->call(method, "/_api/document/c/k", R"({"v":1})", {{"if-match", etagOf(rev)}});
  QCOMPARE(response.status, status);
}

void DocumentHandlersTest::writesWithStaleIfMatchGive412WithCurrentRevision_data() {
  QTest::addColumn<Method>("method");
  QTest::newRow("PUT") << Method::kPut;
  QTest::newRow("PATCH") << Method::kPatch;
  QTest::newRow("DELETE") << Method::kDelete;
}

void DocumentHandlersTest::writesWithStaleIfMatchGive412WithCurrentRevision() {
  QFETCH(Method, method);
  std::string rev = api_->insert("c", R"({"_key":"k","a":1})");
  std::uint64_t tick = api_->store().lastTick();
  Response response =
      api_->call(method, "/_api/document/c/k", R"({"a":2})", {{"if-match", "\"stale\""}});
  QCOMPARE(response.status, 412);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1200));
  QCOMPARE(intField(body, "code"), std::int64_t(412));
  QCOMPARE(stringField(body, "_id"), std::string("c/k"));
  QCOMPARE(stringField(body, "_key"), std::string("k"));
  QCOMPARE(stringField(body, "_rev"), rev);
  QCOMPARE(headerOf(response, "etag"), etagOf(rev));
  QCOMPARE(api_->store().lastTick(), tick);
  QCOMPARE(api_->store().get("_system", "c", "k")->rev, rev);
}

void DocumentHandlersTest::onlyGetReturnsDocumentsAndInlineErrors() {
  QVERIFY(!api_->insert("c", R"({"_key":"a","v":1})").empty());
  QVERIFY(!api_->insert("c", R"({"_key":"b","v":2})").empty());
  Response response =
      api_->call(Method::kPut, "/_api/document/c?onlyget=true", R"(["a","missing",{"_key":"b"}])");
  QCOMPARE(response.status, 200);
  auto items = parseBody(response).as_array();
  QCOMPARE(items.size(), std::size_t(3));
  QCOMPARE(intField(items[0], "v"), std::int64_t(1));
  QCOMPARE(stringField(items[0], "_id"), std::string("c/a"));
  QCOMPARE(intField(items[1], "errorNum"), std::int64_t(1202));
  QCOMPARE(items[1].at("error").as_bool(), true);
  QCOMPARE(intField(items[2], "v"), std::int64_t(2));
  QCOMPARE(headerOf(response, "x-arango-error-codes"), std::string(R"({"1202":1})"));
}

void DocumentHandlersTest::arrayReplaceUpdateAndRemoveReportPerItem() {
  std::string first = api_->insert("c", R"({"_key":"a","v":1})");
  Response replaced = api_->call(Method::kPut, "/_api/document/c",
                                 R"([{"_key":"a","v":2},{"_key":"missing","v":2}])");
  QCOMPARE(replaced.status, 202);
  auto items = parseBody(replaced).as_array();
  QCOMPARE(items.size(), std::size_t(2));
  QCOMPARE(stringField(items[0], "_oldRev"), first);
  QCOMPARE(intField(items[1], "errorNum"), std::int64_t(1202));
  QCOMPARE(headerOf(replaced, "x-arango-error-codes"), std::string(R"({"1202":1})"));

  Response updated =
      api_->call(Method::kPatch, "/_api/document/c?returnNew=true", R"([{"_key":"a","w":3}])");
  QCOMPARE(updated.status, 202);
  auto update_items = parseBody(updated).as_array();
  QCOMPARE(intField(update_items[0].at("new"), "v"), std::int64_t(2));
  QCOMPARE(intField(update_items[0].at("new"), "w"), std::int64_t(3));

  Response removed = api_->call(Method::kDelete, "/_api/document/c", R"(["a",{"_key":"gone"}])");
  QCOMPARE(removed.status, 202);
  auto remove_items = parseBody(removed).as_array();
  QCOMPARE(stringField(remove_items[0], "_key"), std::string("a"));
  QCOMPARE(intField(remove_items[1], "errorNum"), std::int64_t(1202));
  QCOMPARE(*api_->store().count("_system", "c"), std::uint64_t(0));
}

void DocumentHandlersTest::ignoreRevsFalseMakesBodyRevisionAPrecondition() {
  std::string rev = api_->insert("c", R"({"_key":"a"})");
  Response response = api_->call(Method::kPut, "/_api/document/c?ignoreRevs=false",
                                 R"([{"_key":"a","_rev":"stale","v":1}])");
  QCOMPARE(response.status, 202);
  auto items = parseBody(response).as_array();
  QCOMPARE(intField(items[0], "errorNum"), std::int64_t(1200));
  QCOMPARE(headerOf(response, "x-arango-error-codes"), std::string(R"({"1200":1})"));
  QCOMPARE(api_->store().get("_system", "c", "a")->rev, rev);
}

void DocumentHandlersTest::keyIsPercentDecodedAndLocationEncoded() {
  Response insert = api_->call(Method::kPost, "/_api/document/c", R"({"_key":"a:b@c"})");
  QCOMPARE(insert.status, 202);
  QCOMPARE(headerOf(insert, "location"), std::string("/_db/_system/_api/document/c/a%3Ab%40c"));
  Response read = api_->call(Method::kGet, "/_api/document/c/a%3Ab%40c");
  QCOMPARE(read.status, 200);
  QCOMPARE(stringField(parseBody(read), "_key"), std::string("a:b@c"));
  QCOMPARE(api_->call(Method::kGet, "/_api/document/c/a:b@c").status, 200);
}

void DocumentHandlersTest::locationNamesTheRequestDatabase() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"shop"})").status, 201);
  QCOMPARE(api_->call(Method::kPost, "/_db/shop/_api/collection", R"({"name":"c"})").status, 200);
  Response insert = api_->call(Method::kPost, "/_db/shop/_api/document/c", R"({"_key":"k"})");
  QCOMPARE(insert.status, 202);
  QCOMPARE(headerOf(insert, "location"), std::string("/_db/shop/_api/document/c/k"));
  QCOMPARE(api_->call(Method::kGet, "/_api/document/c/k").status, 404);
  QCOMPARE(api_->call(Method::kGet, "/_db/shop/_api/document/c/k").status, 200);
}

QTEST_GUILESS_MAIN(DocumentHandlersTest)
#include "tst_document_handlers.moc"
