// Active failover's HTTP routes with a scripted member: /_api/cluster/endpoints,
// /_admin/cluster/{health,maintenance,switchover,drain,remove} and /_admin/restart — shapes,
// body validation, and how the member's answers become responses.
#include <QtTest>

#include <atomic>
#include <chrono>

#include <boost/json/serialize.hpp>

#include "api_harness.h"
#include "fake_member.h"
#include "restart.h"

using tandem::ErrorCode;
using tandem::Status;
using tandem::node::Method;
using tandem::node::Response;
using tandem::node::cluster::ServingMode;
using namespace tandem::node::testing;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(Method)

namespace {

std::string describe(const Response& response) {
  return std::to_string(response.status) + " " + response.body;
}

}  // namespace

class ClusterHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void withoutMemberClusterRoutesAre501_data();
  void withoutMemberClusterRoutesAre501();
  void endpointsListLeaderFirstInArangoShape();
  void endpointsWithoutLeaderAre503With1495();
  void endpointsOnlyAnswerGet();
  void healthWrapsTheMembersView();
  void maintenanceBodies_data();
  void maintenanceBodies();
  void maintenanceRefusesBadBodies_data();
  void maintenanceRefusesBadBodies();
  void maintenanceFailureIsTheMembersStatus();
  void switchoverPassesTargetAndTimeout_data();
  void switchoverPassesTargetAndTimeout();
  void switchoverRefusesBadBodies_data();
  void switchoverRefusesBadBodies();
  void operationFailureKeepsStatusAndDetails();
  void drainAndRemoveNameTheServer_data();
  void drainAndRemoveNameTheServer();
  void drainAndRemoveRefuseBadBodies_data();
  void drainAndRemoveRefuseBadBodies();
  void restartAnswersThenShutsDown_data();
  void restartAnswersThenShutsDown();
  void restartRefusesBadBodies_data();
  void restartRefusesBadBodies();

 private:
  std::unique_ptr<ApiHarness> api_;
  std::unique_ptr<FakeMember> member_;
};

void ClusterHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  member_ = std::make_unique<FakeMember>();
  api_->context().member = member_.get();
}

void ClusterHandlersTest::cleanup() {
  tandem::node::cancelRestart();
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
  member_.reset();
}

void ClusterHandlersTest::withoutMemberClusterRoutesAre501_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::newRow("endpoints") << Method::kGet << "/_api/cluster/endpoints"
                             << "";
  QTest::newRow("endpoints in a db") << Method::kGet << "/_db/_system/_api/cluster/endpoints"
                                     << "";
  QTest::newRow("health") << Method::kGet << "/_admin/cluster/health"
                          << "";
  QTest::newRow("maintenance") << Method::kPut << "/_admin/cluster/maintenance"
                               << R"("on")";
  QTest::newRow("switchover") << Method::kPost << "/_admin/cluster/switchover"
                              << R"({"to":"SNGL-b"})";
  QTest::newRow("drain") << Method::kPost << "/_admin/cluster/drain"
                         << R"({"server":"SNGL-b"})";
  QTest::newRow("remove") << Method::kPost << "/_admin/cluster/remove"
                          << R"({"server":"SNGL-b"})";
}

void ClusterHandlersTest::withoutMemberClusterRoutesAre501() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  api_->context().member = nullptr;
  Response response = api_->call(method, target.toStdString(), body.toStdString());
  QCOMPARE(response.status, 501);
  QCOMPARE(response.body, std::string(R"({"error":true,"errorNum":9,"errorMessage":)"
                                      R"("automatic failover is not enabled","code":501})"));
}

void ClusterHandlersTest::endpointsListLeaderFirstInArangoShape() {
  member_->endpoint_list = {"tcp://127.0.0.1:9001", "tcp://127.0.0.1:9002", "tcp://127.0.0.1:9003"};
  Response response = api_->call(Method::kGet, "/_api/cluster/endpoints");
  QCOMPARE(response.status, 200);
  // Plain literals: moc would read the "//" of a raw string as a comment.
  QCOMPARE(response.body, std::string("{\"error\":false,\"code\":200,\"endpoints\":["
                                      "{\"endpoint\":\"tcp://127.0.0.1:9001\"},"
                                      "{\"endpoint\":\"tcp://127.0.0.1:9002\"},"
                                      "{\"endpoint\":\"tcp://127.0.0.1:9003\"}]}"));
}

void ClusterHandlersTest::endpointsWithoutLeaderAre503With1495() {
  member_->setMode(ServingMode::kLeader);
  Response response = api_->call(Method::kGet, "/_api/cluster/endpoints");
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1495));
  bool has_header = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "x-arango-endpoint") has_header = value.empty();
  }
  QVERIFY(has_header);
}

void ClusterHandlersTest::endpointsOnlyAnswerGet() {
  member_->endpoint_list = {"tcp://127.0.0.1:9001"};
  for (Method method : {Method::kPost, Method::kPut, Method::kDelete}) {
    Response response = api_->call(method, "/_api/cluster/endpoints", "{}");
    QCOMPARE(response.status, 405);
  }
}

void ClusterHandlersTest::healthWrapsTheMembersView() {
  member_->health = {
      {"ClusterId", "c1"},
      {"Health",
       {{"SNGL-a", {{"Status", "GOOD"}, {"Role", "LEADER"}, {"Endpoint", "tcp://h:1"}}},
        {"SNGL-b", {{"Status", "BAD"}, {"Role", "FOLLOWER"}, {"Endpoint", "tcp://h:2"}}}}}};
  Response response = api_->call(Method::kGet, "/_admin/cluster/health");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response).as_object();
  QCOMPARE(body.at("error").as_bool(), false);
  QCOMPARE(body.at("code").as_int64(), std::int64_t(200));
  QCOMPARE(stringField(body, "ClusterId"), std::string("c1"));
  QCOMPARE(stringField(body.at("Health").at("SNGL-b"), "Status"), std::string("BAD"));
}

void ClusterHandlersTest::maintenanceBodies_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("seconds");  // -1: off
  QTest::addColumn<QString>("warning");
  QTest::newRow("on") << R"("on")" << 3600
                      << "Cluster supervision deactivated. It will be reactivated automatically "
                         "in 60 minutes unless this call is repeated until then.";
  QTest::newRow("off") << R"("off")" << -1 << "Cluster supervision reactivated.";
  QTest::newRow("seconds") << R"("120")" << 120
                           << "Cluster supervision deactivated. It will be reactivated "
                              "automatically in 120 seconds unless this call is repeated until "
                              "then.";
  QTest::newRow("number") << "90" << 90
                          << "Cluster supervision deactivated. It will be reactivated "
                             "automatically in 90 seconds unless this call is repeated until "
                             "then.";
}

void ClusterHandlersTest::maintenanceBodies() {
  QFETCH(QString, body);
  QFETCH(int, seconds);
  QFETCH(QString, warning);
  Response response = api_->call(Method::kPut, "/_admin/cluster/maintenance", body.toStdString());
  QVERIFY2(response.status == 200, describe(response).c_str());
  QCOMPARE(response.body, R"({"error":false,"warning":")" + warning.toStdString() + "\"}");
  auto asked = member_->asked();
  QCOMPARE(asked.size(), std::size_t(1));
  QCOMPARE(asked[0].operation, std::string("maintenance"));
  if (seconds < 0) {
    QVERIFY(!asked[0].maintenance);
  } else {
    QVERIFY(asked[0].maintenance);
    QCOMPARE(asked[0].maintenance->count(), std::int64_t(seconds));
  }
}

void ClusterHandlersTest::maintenanceRefusesBadBodies_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("errorNum");
  QTest::newRow("unknown word") << R"("maybe")" << 10;
  QTest::newRow("negative") << R"("-5")" << 10;
  QTest::newRow("zero") << R"("0")" << 10;
  QTest::newRow("empty string") << R"("")" << 10;
  QTest::newRow("object") << R"({"mode":"on"})" << 10;
  QTest::newRow("not JSON") << "on" << 600;
  QTest::newRow("empty body") << "" << 600;
}

void ClusterHandlersTest::maintenanceRefusesBadBodies() {
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  Response response = api_->call(Method::kPut, "/_admin/cluster/maintenance", body.toStdString());
  QCOMPARE(response.status, 400);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(errorNum));
  QVERIFY(member_->asked().empty());
}

void ClusterHandlersTest::maintenanceFailureIsTheMembersStatus() {
  member_->setOperationAnswer(
      Status::error(ErrorCode::kHttpServiceUnavailable, "the agency did not answer", 504), {});
  Response response = api_->call(Method::kPut, "/_admin/cluster/maintenance", R"("on")");
  QCOMPARE(response.status, 504);
  QCOMPARE(stringField(parseBody(response), "errorMessage"),
           std::string("the agency did not answer"));
}

void ClusterHandlersTest::switchoverPassesTargetAndTimeout_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<qint64>("timeoutMs");
  QTest::newRow("default timeout") << R"({"to":"SNGL-b"})" << qint64(10000);
  QTest::newRow("seconds") << R"({"to":"SNGL-b","timeout":3})" << qint64(3000);
  QTest::newRow("fraction") << R"({"to":"SNGL-b","timeout":2.5})" << qint64(2500);
}

void ClusterHandlersTest::switchoverPassesTargetAndTimeout() {
  QFETCH(QString, body);
  QFETCH(qint64, timeoutMs);
  member_->setOperationAnswer(Status::ok(), {{"leader", "SNGL-b"}, {"term", 4}});
  Response response = api_->call(Method::kPost, "/_admin/cluster/switchover", body.toStdString());
  QVERIFY2(response.status == 200, describe(response).c_str());
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"leader":"SNGL-b","term":4})"));
  auto asked = member_->asked();
  QCOMPARE(asked.size(), std::size_t(1));
  QCOMPARE(asked[0].operation, std::string("switchover"));
  QCOMPARE(asked[0].server, std::string("SNGL-b"));
  QCOMPARE(qint64(asked[0].timeout.count()), timeoutMs);
}

void ClusterHandlersTest::switchoverRefusesBadBodies_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("errorNum");
  QTest::addColumn<QString>("names");  // a word the message must contain
  QTest::newRow("not JSON") << "to SNGL-b" << 600 << "JSON";
  QTest::newRow("array") << R"(["SNGL-b"])" << 10 << "object";
  QTest::newRow("no to") << R"({"server":"SNGL-b"})" << 10 << "'to'";
  QTest::newRow("empty to") << R"({"to":""})" << 10 << "'to'";
  QTest::newRow("numeric to") << R"({"to":7})" << 10 << "'to'";
  QTest::newRow("zero timeout") << R"({"to":"SNGL-b","timeout":0})" << 10 << "'timeout'";
  QTest::newRow("text timeout") << R"({"to":"SNGL-b","timeout":"5"})" << 10 << "'timeout'";
  QTest::newRow("huge timeout") << R"({"to":"SNGL-b","timeout":1e9})" << 10 << "'timeout'";
}

void ClusterHandlersTest::switchoverRefusesBadBodies() {
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  QFETCH(QString, names);
  Response response = api_->call(Method::kPost, "/_admin/cluster/switchover", body.toStdString());
  QCOMPARE(response.status, 400);
  auto parsed = parseBody(response);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  const std::string message = stringField(parsed, "errorMessage");
  QVERIFY2(message.find(names.toStdString()) != std::string::npos, message.c_str());
  QVERIFY(member_->asked().empty());
}

void ClusterHandlersTest::operationFailureKeepsStatusAndDetails() {
  member_->setOperationAnswer(
      Status::error(ErrorCode::kLeadershipChallengeOngoing,
                    "switchover aborted: SNGL-b did not catch up within 10 s", 503),
      {{"error", false}, {"target", "SNGL-b"}, {"lagTicks", 12}});
  Response response = api_->call(Method::kPost, "/_admin/cluster/switchover", R"({"to":"SNGL-b"})");
  QCOMPARE(response.status, 503);
  auto body = parseBody(response);
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1495));
  QCOMPARE(intField(body, "code"), std::int64_t(503));
  QCOMPARE(stringField(body, "target"), std::string("SNGL-b"));
  QCOMPARE(intField(body, "lagTicks"), std::int64_t(12));
}

void ClusterHandlersTest::drainAndRemoveNameTheServer_data() {
  QTest::addColumn<QString>("operation");
  QTest::newRow("drain") << "drain";
  QTest::newRow("remove") << "remove";
}

void ClusterHandlersTest::drainAndRemoveNameTheServer() {
  QFETCH(QString, operation);
  member_->setOperationAnswer(Status::ok(), {{"server", "SNGL-c"}});
  Response response = api_->call(Method::kPost, "/_admin/cluster/" + operation.toStdString(),
                                 R"({"server":"SNGL-c"})");
  QVERIFY2(response.status == 200, describe(response).c_str());
  QCOMPARE(response.body, std::string(R"({"error":false,"code":200,"server":"SNGL-c"})"));
  auto asked = member_->asked();
  QCOMPARE(asked.size(), std::size_t(1));
  QCOMPARE(asked[0].operation, operation.toStdString());
  QCOMPARE(asked[0].server, std::string("SNGL-c"));
}

void ClusterHandlersTest::drainAndRemoveRefuseBadBodies_data() {
  QTest::addColumn<QString>("operation");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("errorNum");
  for (const char* operation : {"drain", "remove"}) {
    const std::string name(operation);
    QTest::newRow((name + " not JSON").c_str()) << operation << "{" << 600;
    QTest::newRow((name + " string").c_str()) << operation << R"("SNGL-c")" << 10;
    QTest::newRow((name + " no server").c_str()) << operation << R"({"to":"SNGL-c"})" << 10;
    QTest::newRow((name + " null server").c_str()) << operation << R"({"server":null})" << 10;
  }
}

void ClusterHandlersTest::drainAndRemoveRefuseBadBodies() {
  QFETCH(QString, operation);
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  Response response =
      api_->call(Method::kPost, "/_admin/cluster/" + operation.toStdString(), body.toStdString());
  QCOMPARE(response.status, 400);
  auto parsed = parseBody(response);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  if (errorNum == 10) {
    const std::string message = stringField(parsed, "errorMessage");
    QVERIFY2(message.find("'server'") != std::string::npos ||
                 message.find("object") != std::string::npos,
             message.c_str());
  }
  QVERIFY(member_->asked().empty());
}

void ClusterHandlersTest::restartAnswersThenShutsDown_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<bool>("upgrade");
  QTest::addColumn<bool>("withMember");
  QTest::newRow("upgrade") << R"({"upgrade":true})" << true << true;
  QTest::newRow("no upgrade") << R"({"upgrade":false})" << false << true;
  QTest::newRow("empty body") << "" << false << true;
  QTest::newRow("empty object") << "{}" << false << true;
  QTest::newRow("plain single server") << R"({"upgrade":true})" << true << false;
}

void ClusterHandlersTest::restartAnswersThenShutsDown() {
  QFETCH(QString, body);
  QFETCH(bool, upgrade);
  QFETCH(bool, withMember);
  if (!withMember) api_->context().member = nullptr;
  std::atomic<int> shutdowns{0};
  api_->context().request_shutdown = [&shutdowns] { ++shutdowns; };
  Response response = api_->call(Method::kPost, "/_admin/restart", body.toStdString());
  QVERIFY2(response.status == 200, describe(response).c_str());
  const std::string expected = std::string(R"({"error":false,"code":200,"restarting":true,)") +
                               R"("upgrade":)" + (upgrade ? "true" : "false") + "}";
  QCOMPARE(response.body, expected);
  QCOMPARE(shutdowns.load(), 1);
  QVERIFY(tandem::node::pendingRestart().requested);
  QCOMPARE(tandem::node::pendingRestart().upgrade, upgrade);
}

void ClusterHandlersTest::restartRefusesBadBodies_data() {
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("status");
  QTest::newRow("text upgrade") << R"({"upgrade":"yes"})" << 400;
  QTest::newRow("array") << "[true]" << 400;
  QTest::newRow("not JSON") << "upgrade" << 400;
}

void ClusterHandlersTest::restartRefusesBadBodies() {
  QFETCH(QString, body);
  QFETCH(int, status);
  std::atomic<int> shutdowns{0};
  api_->context().request_shutdown = [&shutdowns] { ++shutdowns; };
  Response response = api_->call(Method::kPost, "/_admin/restart", body.toStdString());
  QCOMPARE(response.status, status);
  QCOMPARE(shutdowns.load(), 0);
  QVERIFY(!tandem::node::pendingRestart().requested);
}

QTEST_GUILESS_MAIN(ClusterHandlersTest)
#include "tst_cluster_handlers.moc"
