// /_api/database: listing, current, create and drop, and their errors.
#include <QtTest>

#include "api_harness.h"

using tandem::node::Method;
using tandem::node::Response;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

namespace {

std::vector<std::string> names(const Response& response) {
  std::vector<std::string> out;
  auto body = parseBody(response);
  for (const auto& name : body.at("result").as_array()) {
    out.emplace_back(name.as_string());
  }
  return out;
}

}  // namespace

class DatabaseHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void listFromSystemNamesEveryDatabase();
  void listFromOtherDatabaseIsForbidden();
  void userListWorksFromEveryDatabase();
  void currentDescribesTheRequestDatabase();
  void createAnswers201True();
  void createErrors_data();
  void createErrors();
  void dropAnswers200TrueAndRemovesTheDatabase();
  void dropErrors_data();
  void dropErrors();

 private:
  std::unique_ptr<ApiHarness> api_;
};

void DatabaseHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
}

void DatabaseHandlersTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void DatabaseHandlersTest::listFromSystemNamesEveryDatabase() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"zeta"})").status, 201);
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"alpha"})").status, 201);
  Response response = api_->call(Method::kGet, "/_api/database");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), false);
  QCOMPARE(intField(body, "code"), std::int64_t(200));
  QCOMPARE(names(response), (std::vector<std::string>{"_system", "alpha", "zeta"}));
}

void DatabaseHandlersTest::listFromOtherDatabaseIsForbidden() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"other"})").status, 201);
  Response response = api_->call(Method::kGet, "/_db/other/_api/database");
  QCOMPARE(response.status, 403);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1230));
}

void DatabaseHandlersTest::userListWorksFromEveryDatabase() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"other"})").status, 201);
  Response response = api_->call(Method::kGet, "/_db/other/_api/database/user");
  QCOMPARE(response.status, 200);
  QCOMPARE(names(response), (std::vector<std::string>{"_system", "other"}));
}

void DatabaseHandlersTest::currentDescribesTheRequestDatabase() {
  Response system = api_->call(Method::kGet, "/_api/database/current");
  QCOMPARE(system.status, 200);
  auto result = parseBody(system).at("result");
  QCOMPARE(stringField(result, "name"), std::string("_system"));
  QCOMPARE(result.at("isSystem").as_bool(), true);
  QCOMPARE(stringField(result, "path"), std::string("none"));
  QVERIFY(!stringField(result, "id").empty());

  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"other"})").status, 201);
  auto other = parseBody(api_->call(Method::kGet, "/_db/other/_api/database/current"));
  QCOMPARE(stringField(other.at("result"), "name"), std::string("other"));
  QCOMPARE(other.at("result").at("isSystem").as_bool(), false);
}

void DatabaseHandlersTest::createAnswers201True() {
  Response response =
      api_->call(Method::kPost, "/_api/database", R"({"name":"fresh","options":{},"users":[]})");
  QCOMPARE(response.status, 201);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":201,"result":true})"));
  QVERIFY(api_->store().database("fresh").isOk());
}

void DatabaseHandlersTest::createErrors_data() {
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("status");
  QTest::addColumn<int>("errorNum");
  QTest::newRow("invalid JSON") << "/_api/database"
                                << "{\"name\":" << 400 << 600;
  QTest::newRow("not an object") << "/_api/database"
                                 << "[\"x\"]" << 400 << 400;
  QTest::newRow("missing name") << "/_api/database"
                                << "{}" << 400 << 1229;
  QTest::newRow("name not a string") << "/_api/database"
                                     << "{\"name\":3}" << 400 << 1229;
  QTest::newRow("illegal name") << "/_api/database"
                                << "{\"name\":\"1abc\"}" << 400 << 1229;
  QTest::newRow("duplicate") << "/_api/database"
                             << "{\"name\":\"taken\"}" << 409 << 1207;
  QTest::newRow("system exists") << "/_api/database"
                                 << "{\"name\":\"_system\"}" << 409 << 1207;
  QTest::newRow("not from _system") << "/_db/taken/_api/database"
                                    << "{\"name\":\"y\"}" << 403 << 1230;
}

void DatabaseHandlersTest::createErrors() {
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(int, status);
  QFETCH(int, errorNum);
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"taken"})").status, 201);
  std::uint64_t tick = api_->store().lastTick();
  Response response = api_->call(Method::kPost, target.toStdString(), body.toStdString());
  QCOMPARE(response.status, status);
  auto parsed = parseBody(response);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  QCOMPARE(intField(parsed, "code"), std::int64_t(status));
  QCOMPARE(api_->store().lastTick(), tick);
  QCOMPARE(api_->store().listDatabases()->size(), std::size_t(2));
}

void DatabaseHandlersTest::dropAnswers200TrueAndRemovesTheDatabase() {
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"gone"})").status, 201);
  Response response = api_->call(Method::kDelete, "/_api/database/gone");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"result":true})"));
  QVERIFY(!api_->store().database("gone").isOk());
  QCOMPARE(api_->call(Method::kGet, "/_db/gone/_api/version").status, 404);
}

void DatabaseHandlersTest::dropErrors_data() {
  QTest::addColumn<QString>("target");
  QTest::addColumn<int>("status");
  QTest::addColumn<int>("errorNum");
  QTest::newRow("missing") << "/_api/database/nothing" << 404 << 1228;
  QTest::newRow("_system") << "/_api/database/_system" << 403 << 11;
  QTest::newRow("not from _system") << "/_db/kept/_api/database/kept" << 403 << 1230;
}

void DatabaseHandlersTest::dropErrors() {
  QFETCH(QString, target);
  QFETCH(int, status);
  QFETCH(int, errorNum);
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"kept"})").status, 201);
  std::uint64_t tick = api_->store().lastTick();
  Response response = api_->call(Method::kDelete, target.toStdString());
  QCOMPARE(response.status, status);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(errorNum));
  QCOMPARE(api_->store().lastTick(), tick);
  QVERIFY(api_->store().database("kept").isOk());
}

QTEST_GUILESS_MAIN(DatabaseHandlersTest)
#include "tst_database_handlers.moc"
