// /_api/version, /_admin/version and /_admin/*: shapes drivers and the Starter rely on.
#include <QtTest>

#include <atomic>

#include "api/handlers.h"
#include "api_harness.h"
#include "fake_member.h"
#include "tandem/version.h"

using tandem::node::Method;
using tandem::node::Response;
using tandem::node::cluster::ServingMode;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

class AdminHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void versionAnswersArangoShapeForAnyMethod_data();
  void versionAnswersArangoShapeForAnyMethod();
  void versionDetailsDescribeTandem();
  void serverRoleIsSingleDefault();
  void serverModeIsDefault();
  void availabilityIsOkWhileServing();
  void availabilityHandlerAnswers503WhileStopping();
  void serverIdNeedsAnAgency();
  void serverIdIsTheMembersId();
  void memberMakesRoleResilient();
  void availabilityOnlyOnTheServingLeader_data();
  void availabilityOnlyOnTheServingLeader();
  void adminStatusCarriesTheMembersView();
  void metricsAppendTheMembersLines();
  void adminStatusDescribesThisNode();
  void adminStatusLastTickFollowsWrites();
  void metricsEndpointServesPrometheusText_data();
  void metricsEndpointServesPrometheusText();
  void shutdownAnswersOkBeforeRequestingShutdown();
  void shutdownWithoutCallbackStillAnswers();

 private:
  std::unique_ptr<ApiHarness> api_;
};

void AdminHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
}

void AdminHandlersTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void AdminHandlersTest::versionAnswersArangoShapeForAnyMethod_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("GET api") << Method::kGet << "/_api/version";
  QTest::newRow("GET admin") << Method::kGet << "/_admin/version";
  QTest::newRow("POST api") << Method::kPost << "/_api/version";
  QTest::newRow("PUT admin") << Method::kPut << "/_admin/version";
  QTest::newRow("DELETE api") << Method::kDelete << "/_api/version";
  QTest::newRow("query string") << Method::kGet << "/_api/version?foo=bar&details=false";
  QTest::newRow("db prefix") << Method::kGet << "/_db/_system/_api/version";
}

void AdminHandlersTest::versionAnswersArangoShapeForAnyMethod() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  Response response = api_->call(method, target.toStdString());
  QCOMPARE(response.status, 200);
  auto body = parseBody(response).as_object();
  QCOMPARE(body.size(), std::size_t(3));
  QCOMPARE(stringField(body, "server"), std::string("arango"));
  QCOMPARE(stringField(body, "license"), std::string("community"));
  QCOMPARE(stringField(body, "version"), std::string(tandem::kArangoApiVersion));
}

void AdminHandlersTest::versionDetailsDescribeTandem() {
  Response response = api_->call(Method::kGet, "/_api/version?details=true");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  const auto& details = body.at("details");
  QCOMPARE(stringField(details, "tandem-version"), std::string(tandem::kTandemVersion));
  QCOMPARE(stringField(details, "role"), std::string("SINGLE"));
  QCOMPARE(stringField(details, "mode"), std::string("server"));
  QCOMPARE(stringField(details, "server-id"), api_->store().serverId());
  QCOMPARE(stringField(details, "schema-version"), std::to_string(tandem::kSchemaVersion));
  for (const auto& field : details.as_object()) QVERIFY(field.value().is_string());
}

void AdminHandlersTest::serverRoleIsSingleDefault() {
  Response response = api_->call(Method::kGet, "/_admin/server/role");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body,
           std::string(R"({"error":false,"code":200,"role":"SINGLE","mode":"default"})"));
}

void AdminHandlersTest::serverModeIsDefault() {
  Response response = api_->call(Method::kGet, "/_admin/server/mode");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"mode":"default"})"));
}

void AdminHandlersTest::availabilityIsOkWhileServing() {
  Response response = api_->call(Method::kGet, "/_admin/server/availability");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"mode":"default"})"));
}

// The router's shutdown gate answers 503/30 first; the handler itself still refuses with
// ArangoDB's 503/503 if shutdown begins after the gate.
void AdminHandlersTest::availabilityHandlerAnswers503WhileStopping() {
  api_->context().shutting_down = true;
  Response answer;
  tandem::node::api::Call call;
  call.node = &api_->context();
  call.metrics = &api_->metrics();
  call.respond = [&answer](Response response) { answer = std::move(response); };
  tandem::node::api::getServerAvailability(call);
  QCOMPARE(answer.status, 503);
  auto body = parseBody(answer);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(503));
  QCOMPARE(stringField(body, "errorMessage"), std::string("service unavailable"));
  QCOMPARE(intField(body, "code"), std::int64_t(503));
}

// As in ArangoDB, a server running without an agency has no cluster id to report.
void AdminHandlersTest::serverIdNeedsAnAgency() {
  Response response = api_->call(Method::kGet, "/_admin/server/id");
  QCOMPARE(response.status, 500);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(intField(body, "code"), std::int64_t(500));
}

void AdminHandlersTest::serverIdIsTheMembersId() {
  FakeMember member;
  api_->context().member = &member;
  Response response = api_->call(Method::kGet, "/_admin/server/id");
  api_->context().member = nullptr;
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"id":"SNGL-self"})"));
}

// The Starter checks exactly role SINGLE and mode resilient; a follower is read-only.
void AdminHandlersTest::memberMakesRoleResilient() {
  FakeMember member;
  member.setMode(ServingMode::kFollower);
  api_->context().member = &member;
  Response role = api_->call(Method::kGet, "/_admin/server/role");
  Response mode = api_->call(Method::kGet, "/_admin/server/mode");
  api_->context().member = nullptr;
  QCOMPARE(role.status, 200);
  QCOMPARE(role.body,
           std::string(R"({"error":false,"code":200,"role":"SINGLE","mode":"resilient"})"));
  QCOMPARE(mode.body, std::string(R"({"error":false,"code":200,"mode":"readonly"})"));
}

void AdminHandlersTest::availabilityOnlyOnTheServingLeader_data() {
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("status");
  QTest::newRow("leader") << int(ServingMode::kLeader) << 200;
  QTest::newRow("follower") << int(ServingMode::kFollower) << 503;
  QTest::newRow("try again") << int(ServingMode::kTryAgain) << 503;
}

void AdminHandlersTest::availabilityOnlyOnTheServingLeader() {
  QFETCH(int, mode);
  QFETCH(int, status);
  FakeMember member;
  member.setMode(static_cast<ServingMode>(mode));
  api_->context().member = &member;
  Response response = api_->call(Method::kGet, "/_admin/server/availability");
  api_->context().member = nullptr;
  QCOMPARE(response.status, status);
  if (status == 503) {
    QCOMPARE(response.body, std::string(R"({"error":true,"errorNum":503,)"
                                        R"("errorMessage":"service unavailable","code":503})"));
  }
}

void AdminHandlersTest::adminStatusCarriesTheMembersView() {
  FakeMember member;
  member.setMode(ServingMode::kFollower);
  member.status_object = {{"role", "follower"}, {"term", 3}, {"leader", "SNGL-leader"}};
  api_->context().member = &member;
  auto body = parseBody(api_->call(Method::kGet, "/_admin/status"));
  api_->context().member = nullptr;
  QCOMPARE(stringField(body, "mode"), std::string("resilient"));
  QCOMPARE(stringField(body.at("cluster"), "role"), std::string("follower"));
  QCOMPARE(intField(body.at("cluster"), "term"), std::int64_t(3));
  QCOMPARE(body.at("serverInfo").at("readOnly").as_bool(), true);
  QCOMPARE(body.at("serverInfo").at("writeOpsEnabled").as_bool(), false);
}

void AdminHandlersTest::metricsAppendTheMembersLines() {
  FakeMember member;
  member.metrics = "# TYPE tandem_replication_lag_ticks gauge\ntandem_replication_lag_ticks 7\n";
  api_->context().member = &member;
  Response response = api_->call(Method::kGet, "/_admin/metrics");
  api_->context().member = nullptr;
  QCOMPARE(response.status, 200);
  QVERIFY(response.body.find("tandem_http_requests_total") != std::string::npos);
  QVERIFY(response.body.ends_with("\ntandem_replication_lag_ticks 7\n"));
}

void AdminHandlersTest::adminStatusDescribesThisNode() {
  Response response = api_->call(Method::kGet, "/_admin/status");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), false);
  QCOMPARE(intField(body, "code"), std::int64_t(200));
  QCOMPARE(stringField(body, "id"), api_->store().serverId());
  QCOMPARE(stringField(body, "role"), std::string("SINGLE"));
  QCOMPARE(stringField(body, "mode"), std::string("default"));
  QCOMPARE(stringField(body, "version"), std::string(tandem::kTandemVersion));
  QCOMPARE(stringField(body, "apiVersion"), std::string(tandem::kArangoApiVersion));
  QCOMPARE(intField(body, "schemaVersion"), std::int64_t(tandem::kSchemaVersion));
  QCOMPARE(stringField(body, "endpoint"), std::string("tcp://127.0.0.1:8529"));
  QVERIFY(body.at("uptimeSeconds").is_double());
  QVERIFY(body.at("uptimeSeconds").as_double() >= 0.0);
  const auto& server_info = body.at("serverInfo");
  QCOMPARE(stringField(server_info, "role"), std::string("SINGLE"));
  QCOMPARE(server_info.at("writeOpsEnabled").as_bool(), true);
  QCOMPARE(server_info.at("readOnly").as_bool(), false);
  QVERIFY(body.at("storage").is_object());
  QVERIFY(!body.as_object().contains("cluster"));
}

void AdminHandlersTest::adminStatusLastTickFollowsWrites() {
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", "{}").empty());
  auto body = parseBody(api_->call(Method::kGet, "/_admin/status"));
  QCOMPARE(stringField(body, "lastTick"), std::to_string(api_->store().lastTick()));
  QVERIFY(api_->store().lastTick() > 0);
}

void AdminHandlersTest::metricsEndpointServesPrometheusText_data() {
  QTest::addColumn<QString>("target");
  QTest::newRow("metrics") << "/_admin/metrics";
  QTest::newRow("metrics v2") << "/_admin/metrics/v2";
}

void AdminHandlersTest::metricsEndpointServesPrometheusText() {
  QFETCH(QString, target);
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", R"({"x":1})").empty());
  Response response = api_->call(Method::kGet, target.toStdString());
  QCOMPARE(response.status, 200);
  QCOMPARE(response.content_type, std::string("text/plain; version=0.0.4"));
  const std::string& text = response.body;
  auto contains = [&text](const std::string& needle) { return text.find(needle) != text.npos; };
  QVERIFY(contains("# TYPE tandem_http_requests_total counter\n"));
  QVERIFY(contains("tandem_http_requests_total{family=\"document\",status=\"2xx\"} 1\n"));
  QVERIFY(contains("tandem_http_requests_total{family=\"collection\",status=\"2xx\"} 1\n"));
  QVERIFY(
      contains("tandem_http_request_duration_seconds_bucket{family=\"document\",le=\"+Inf\"} 1\n"));
  QVERIFY(contains("tandem_documents_written_total 1\n"));
  QVERIFY(contains("tandem_last_tick " + std::to_string(api_->store().lastTick()) + "\n"));
  QVERIFY(contains("# TYPE tandem_commit_batch_size histogram\n"));
  QVERIFY(contains("tandem_commit_batch_size_bucket{le=\"+Inf\"} "));
}

void AdminHandlersTest::shutdownAnswersOkBeforeRequestingShutdown() {
  auto answered_first = std::make_shared<std::atomic<int>>(0);
  auto answered = std::make_shared<std::atomic<bool>>(false);
  api_->context().request_shutdown = [answered, answered_first] {
    answered_first->store(answered->load() ? 1 : 2);
  };
  api_->router().handle(
      [] {
        tandem::node::Request request;
        request.method = Method::kDelete;
        request.target = "/_admin/shutdown";
        request.path = "/_admin/shutdown";
        return request;
      }(),
      [answered](Response response) {
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, std::string("\"OK\""));
        answered->store(true);
      });
  QCOMPARE(answered_first->load(), 1);
}

void AdminHandlersTest::shutdownWithoutCallbackStillAnswers() {
  Response response = api_->call(Method::kDelete, "/_admin/shutdown");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string("\"OK\""));
}

QTEST_GUILESS_MAIN(AdminHandlersTest)
#include "tst_admin_handlers.moc"
