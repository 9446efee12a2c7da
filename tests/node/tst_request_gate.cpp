// The request gate and write admission of active failover, through Router::handle with a
// scripted member: what followers, nodes without a known leader and removed nodes answer, and
// how a leader's writes wait for, and are refused by, the member.
#include <QtTest>

#include <chrono>
#include <future>

#include "api_harness.h"
#include "fake_member.h"
#include "http/request_gate.h"

using tandem::ErrorCode;
using tandem::Status;
using tandem::node::Method;
using tandem::node::Response;
using tandem::node::cluster::ServingMode;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

namespace {

const std::string kLeaderUrl = "http://127.0.0.1:9001";
const Headers kDirty = {{"x-arango-allow-dirty-read", "true"}};

bool hasHeader(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return true;
  }
  return false;
}

std::string describe(const Response& response) {
  return std::to_string(response.status) + " " + response.body;
}

}  // namespace

class RequestGateTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void followerRefusesWithLeaderEndpoint_data();
  void followerRefusesWithLeaderEndpoint();
  void followerServesAllowedPaths_data();
  void followerServesAllowedPaths();
  void followerMarksEveryAnswer();
  void endpointHeaderSchemes_data();
  void endpointHeaderSchemes();
  void followerWithUnknownLeaderSendsEmptyEndpoint();
  void agencyRoutesPassOnlyWhereAnAgentRuns();
  void dirtyReadsAreServedAndMarked_data();
  void dirtyReadsAreServedAndMarked();
  void dirtyReadHeaderMustBeTruthy();
  void dirtyWritesAreReadOnly_data();
  void dirtyWritesAreReadOnly();
  void tryAgainRefusesWith1495AndEmptyEndpoint_data();
  void tryAgainRefusesWith1495AndEmptyEndpoint();
  void tryAgainServesStatusWithEmptyEndpoint();
  void removedNodeSaysWhatHappenedAndWhatToDo();
  void leaderAnswersWithoutFollowerHeaders();

  void admittedWriteIsAnsweredNormally();
  void readsDoNotAskForAdmission();
  void refusedWriteRedirectsToLeader();
  void writeDuringChallengeIsRefusedWithEmptyEndpoint();
  void heldWriteRunsOnceReleased();
  void heldWriteIsRedirectedWhenLeadershipMoved();
  void writeCommittedAfterLeaseLossIsNotAcknowledged();
  void failedWriteAfterLeaseLossKeepsItsError();
  void ddlGoesThroughAdmission_data();
  void ddlGoesThroughAdmission();

 private:
  std::unique_ptr<ApiHarness> api_;
  std::unique_ptr<FakeMember> member_;
};

void RequestGateTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  QVERIFY(api_->createCollection("c"));
  QVERIFY(!api_->insert("c", R"({"_key":"k","v":1})").empty());
  member_ = std::make_unique<FakeMember>();
  api_->context().member = member_.get();
}

void RequestGateTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
  member_.reset();
}

void RequestGateTest::followerRefusesWithLeaderEndpoint_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("read document") << Method::kGet << "/_api/document/c/k";
  QTest::newRow("insert") << Method::kPost << "/_api/document/c";
  QTest::newRow("list collections") << Method::kGet << "/_api/collection";
  QTest::newRow("starter's leader probe") << Method::kGet << "/_api/database";
  QTest::newRow("db prefix") << Method::kGet << "/_db/_system/_api/document/c/k";
  QTest::newRow("unknown database") << Method::kGet << "/_db/nowhere/_api/collection";
  QTest::newRow("unknown path") << Method::kGet << "/_api/nothing";
  QTest::newRow("admin version alias") << Method::kGet << "/_admin/version";
  QTest::newRow("cluster without slash") << Method::kGet << "/_api/cluster";
}

void RequestGateTest::followerRefusesWithLeaderEndpoint() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  member_->setMode(ServingMode::kFollower);
  Response response = api_->call(method, target.toStdString(), "{}");
  QCOMPARE(response.status, 503);
  QCOMPARE(
      response.body,
      std::string(R"({"error":true,"errorNum":1496,"errorMessage":"not a leader","code":503})"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), kLeaderUrl);
  QCOMPARE(headerOf(response, "x-arango-potential-dirty-read"), std::string("true"));
}

void RequestGateTest::followerServesAllowedPaths_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<int>("status");
  QTest::newRow("version") << Method::kGet << "/_api/version" << 200;
  QTest::newRow("version in a database") << Method::kGet << "/_db/_system/_api/version" << 200;
  QTest::newRow("status") << Method::kGet << "/_admin/status" << 200;
  QTest::newRow("role") << Method::kGet << "/_admin/server/role" << 200;
  QTest::newRow("availability") << Method::kGet << "/_admin/server/availability" << 503;
  QTest::newRow("endpoints") << Method::kGet << "/_api/cluster/endpoints" << 200;
  QTest::newRow("health") << Method::kGet << "/_admin/cluster/health" << 200;
  QTest::newRow("drain") << Method::kPost << "/_admin/cluster/drain" << 400;
  QTest::newRow("metrics") << Method::kGet << "/_admin/metrics" << 200;
  QTest::newRow("restart") << Method::kPost << "/_admin/restart" << 400;
  // Their handlers belong to replication: any answer but the refusal will do (0).
  QTest::newRow("replication") << Method::kGet << "/_api/replication/no-such-route" << 0;
  QTest::newRow("wal") << Method::kGet << "/_api/wal/no-such-route" << 0;
  QTest::newRow("compact (exact)") << Method::kPut << "/_admin/compact" << 404;
  QTest::newRow("unknown database, allowed path")
      << Method::kGet << "/_db/nowhere/_admin/status" << 404;
}

// Allowed paths reach their handler: what it answers (`status`, 0 for anything), never the
// follower refusal.
void RequestGateTest::followerServesAllowedPaths() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(int, status);
  member_->setMode(ServingMode::kFollower);
  member_->endpoint_list = {"tcp://127.0.0.1:9001"};
  Response response = api_->call(method, target.toStdString(), "[]");
  QVERIFY2(status == 0 || response.status == status, describe(response).c_str());
  QVERIFY2(intField(parseBody(response), "errorNum") != 1496, describe(response).c_str());
  QCOMPARE(headerOf(response, "x-arango-endpoint"), kLeaderUrl);
}

void RequestGateTest::followerMarksEveryAnswer() {
  member_->setMode(ServingMode::kFollower);
  Response response = api_->call(Method::kGet, "/_api/version");
  QCOMPARE(response.status, 200);
  QCOMPARE(headerOf(response, "x-arango-endpoint"), kLeaderUrl);
  QCOMPARE(headerOf(response, "x-arango-potential-dirty-read"), std::string("true"));
}

void RequestGateTest::endpointHeaderSchemes_data() {
  QTest::addColumn<QString>("endpoint");
  QTest::addColumn<QString>("header");
  QTest::newRow("tcp") << "tcp://10.0.0.1:8529"
                       << "http://10.0.0.1:8529";
  QTest::newRow("ssl") << "ssl://db.example:8530"
                       << "https://db.example:8530";
  QTest::newRow("ipv6") << "tcp://[::1]:8531"
                        << "http://[::1]:8531";
  QTest::newRow("unknown") << ""
                           << "";
}

void RequestGateTest::endpointHeaderSchemes() {
  QFETCH(QString, endpoint);
  QFETCH(QString, header);
  member_->setMode(ServingMode::kFollower, endpoint.toStdString());
  Response response = api_->call(Method::kGet, "/_api/document/c/k");
  QCOMPARE(response.status, 503);
  QVERIFY(hasHeader(response, "x-arango-endpoint"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), header.toStdString());
  QCOMPARE(tandem::node::endpointHeaderValue(endpoint.toStdString()), header.toStdString());
}

void RequestGateTest::followerWithUnknownLeaderSendsEmptyEndpoint() {
  member_->setMode(ServingMode::kFollower, "");
  Response response = api_->call(Method::kPost, "/_api/document/c", "{}");
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1496));
  QVERIFY(hasHeader(response, "x-arango-endpoint"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string());
}

// Without an agent the agency routes answer 404 themselves; with one they pass the gate.
void RequestGateTest::agencyRoutesPassOnlyWhereAnAgentRuns() {
  member_->setMode(ServingMode::kFollower);
  Response response = api_->call(Method::kGet, "/_api/agency/config");
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1496));
  Response callbacks = api_->call(Method::kGet, "/_api/agency/agency-callbacks");
  QVERIFY2(intField(parseBody(callbacks), "errorNum") != 1496, describe(callbacks).c_str());
}

void RequestGateTest::dirtyReadsAreServedAndMarked_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("status");
  QTest::newRow("get") << Method::kGet << "/_api/document/c/k"
                       << "" << 200;
  QTest::newRow("head") << Method::kHead << "/_api/document/c/k"
                        << "" << 200;
  QTest::newRow("bulk read") << Method::kPut << "/_api/document/c?onlyget=true"
                             << R"(["k"])" << 200;
  QTest::newRow("count") << Method::kGet << "/_api/collection/c/count"
                         << "" << 200;
  QTest::newRow("missing document") << Method::kGet << "/_api/document/c/nope"
                                    << "" << 404;
  QTest::newRow("unknown database") << Method::kGet << "/_db/nowhere/_api/collection"
                                    << "" << 404;
}

void RequestGateTest::dirtyReadsAreServedAndMarked() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(int, status);
  member_->setMode(ServingMode::kFollower);
  Response response = api_->call(method, target.toStdString(), body.toStdString(), kDirty);
  QVERIFY2(response.status == status, describe(response).c_str());
  QCOMPARE(headerOf(response, "x-arango-potential-dirty-read"), std::string("true"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), kLeaderUrl);
}

void RequestGateTest::dirtyReadHeaderMustBeTruthy() {
  member_->setMode(ServingMode::kFollower);
  for (const char* value : {"true", "TRUE", "yes", "on", "1", "y"}) {
    Response response =
        api_->call(Method::kGet, "/_api/document/c/k", {}, {{"x-arango-allow-dirty-read", value}});
    QVERIFY2(response.status == 200, value);
    QVERIFY(tandem::node::truthyHeader(value));
  }
  for (const char* value : {"false", "0", "", "no", "maybe"}) {
    Response response =
        api_->call(Method::kGet, "/_api/document/c/k", {}, {{"x-arango-allow-dirty-read", value}});
    QVERIFY2(response.status == 503, value);
    QVERIFY(!tandem::node::truthyHeader(value));
  }
}

void RequestGateTest::dirtyWritesAreReadOnly_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("errorNum");
  QTest::newRow("insert") << Method::kPost << "/_api/document/c"
                          << "{}" << 1004;
  QTest::newRow("replace") << Method::kPut << "/_api/document/c/k"
                           << "{}" << 1004;
  QTest::newRow("update") << Method::kPatch << "/_api/document/c/k"
                          << "{}" << 1004;
  QTest::newRow("remove") << Method::kDelete << "/_api/document/c/k"
                          << "" << 1004;
  QTest::newRow("array replace") << Method::kPut << "/_api/document/c"
                                 << "[]" << 1004;
  QTest::newRow("truncate") << Method::kPut << "/_api/collection/c/truncate"
                            << "" << 1004;
  QTest::newRow("create collection") << Method::kPost << "/_api/collection"
                                     << R"({"name":"d"})" << 11;
  QTest::newRow("drop collection") << Method::kDelete << "/_api/collection/c"
                                   << "" << 11;
  QTest::newRow("create database") << Method::kPost << "/_api/database"
                                   << R"({"name":"x"})" << 11;
  QTest::newRow("drop database") << Method::kDelete << "/_api/database/x"
                                 << "" << 11;
}

void RequestGateTest::dirtyWritesAreReadOnly() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  member_->setMode(ServingMode::kFollower);
  Response response = api_->call(method, target.toStdString(), body.toStdString(), kDirty);
  QCOMPARE(response.status, 403);
  auto parsed = parseBody(response);
  QCOMPARE(intField(parsed, "errorNum"), std::int64_t(errorNum));
  if (errorNum == 1004) {
    QCOMPARE(stringField(parsed, "errorMessage"), std::string("server is in read-only mode"));
  }
  QCOMPARE(member_->admissions(), 0);
  // Nothing changed behind the refusal.
  QCOMPARE(api_->store().count("_system", "c").value(), std::uint64_t(1));
  QVERIFY(!api_->store().collection("_system", "d"));
}

void RequestGateTest::tryAgainRefusesWith1495AndEmptyEndpoint_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<bool>("dirty");
  QTest::newRow("read") << Method::kGet << "/_api/document/c/k" << false;
  QTest::newRow("dirty read") << Method::kGet << "/_api/document/c/k" << true;
  QTest::newRow("write") << Method::kPost << "/_api/document/c" << false;
  QTest::newRow("version") << Method::kGet << "/_api/version" << false;
  QTest::newRow("unknown database") << Method::kGet << "/_db/nowhere/_api/collection" << false;
}

void RequestGateTest::tryAgainRefusesWith1495AndEmptyEndpoint() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(bool, dirty);
  member_->setMode(ServingMode::kTryAgain, "");
  Response response = api_->call(method, target.toStdString(), "{}", dirty ? kDirty : Headers{});
  QCOMPARE(response.status, 503);
  QCOMPARE(response.body,
           std::string(R"({"error":true,"errorNum":1495,"errorMessage":"leadership challenge )"
                       R"(is ongoing","code":503})"));
  QVERIFY(hasHeader(response, "x-arango-endpoint"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string());
  QVERIFY(!hasHeader(response, "x-arango-potential-dirty-read"));
}

void RequestGateTest::tryAgainServesStatusWithEmptyEndpoint() {
  member_->setMode(ServingMode::kTryAgain, "");
  Response response = api_->call(Method::kGet, "/_admin/status");
  QCOMPARE(response.status, 200);
  QVERIFY(hasHeader(response, "x-arango-endpoint"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string());
  QVERIFY(!hasHeader(response, "x-arango-potential-dirty-read"));
}

void RequestGateTest::removedNodeSaysWhatHappenedAndWhatToDo() {
  member_->setRemoved("removed by POST /_admin/cluster/remove");
  Response response = api_->call(Method::kGet, "/_api/document/c/k", {}, kDirty);
  QCOMPARE(response.status, 503);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1496));
  const std::string message = stringField(body, "errorMessage");
  QVERIFY2(message.find("removed from the cluster") != std::string::npos, message.c_str());
  QVERIFY2(message.find("POST /_admin/cluster/remove") != std::string::npos, message.c_str());
  QVERIFY2(message.find("empty database directory") != std::string::npos, message.c_str());
  QCOMPARE(api_->call(Method::kGet, "/_admin/status").status, 200);
}

void RequestGateTest::leaderAnswersWithoutFollowerHeaders() {
  member_->setMode(ServingMode::kLeader);
  Response response = api_->call(Method::kGet, "/_api/document/c/k");
  QCOMPARE(response.status, 200);
  QVERIFY(!hasHeader(response, "x-arango-endpoint"));
  QVERIFY(!hasHeader(response, "x-arango-potential-dirty-read"));
}

void RequestGateTest::admittedWriteIsAnsweredNormally() {
  Response response = api_->call(Method::kPost, "/_api/document/c", R"({"_key":"a"})");
  QVERIFY2(response.status == 202, describe(response).c_str());
  QCOMPARE(member_->admissions(), 1);
  QVERIFY(!hasHeader(response, "x-arango-endpoint"));
}

void RequestGateTest::readsDoNotAskForAdmission() {
  member_->setAdmission(FakeMember::Admission::kRefuse, Status::error(ErrorCode::kNotLeader));
  QCOMPARE(api_->call(Method::kGet, "/_api/document/c/k").status, 200);
  QCOMPARE(api_->call(Method::kPut, "/_api/document/c?onlyget=true", R"(["k"])").status, 200);
  QCOMPARE(api_->call(Method::kGet, "/_api/collection/c/count").status, 200);
  QCOMPARE(member_->admissions(), 0);
}

void RequestGateTest::refusedWriteRedirectsToLeader() {
  member_->setAdmission(FakeMember::Admission::kRefuse,
                        Status::error(ErrorCode::kNotLeader, "not a leader", 503),
                        "tcp://127.0.0.1:9002");
  Response response = api_->call(Method::kPatch, "/_api/document/c/k", R"({"v":2})");
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1496));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string("http://127.0.0.1:9002"));
  auto document = api_->store().get("_system", "c", "k");
  QVERIFY(document);
  QVERIFY(document->json.find(R"("v":1)") != std::string::npos);
}

void RequestGateTest::writeDuringChallengeIsRefusedWithEmptyEndpoint() {
  member_->setAdmission(FakeMember::Admission::kRefuse,
                        Status::error(ErrorCode::kLeadershipChallengeOngoing,
                                      "leadership challenge is ongoing", 503));
  Response response = api_->call(Method::kDelete, "/_api/document/c/k");
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1495));
  QVERIFY(hasHeader(response, "x-arango-endpoint"));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string());
  QVERIFY(api_->store().get("_system", "c", "k"));
}

void RequestGateTest::heldWriteRunsOnceReleased() {
  member_->setAdmission(FakeMember::Admission::kHold);
  std::future<Response> pending =
      api_->begin(Method::kPost, "/_api/document/c", R"({"_key":"held"})");
  QCOMPARE(pending.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  QCOMPARE(member_->heldCount(), std::size_t(1));
  QVERIFY(!api_->store().get("_system", "c", "held"));
  QVERIFY(member_->releaseHeld(Status::ok()));
  QCOMPARE(pending.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  Response response = pending.get();
  QVERIFY2(response.status == 202, describe(response).c_str());
  QVERIFY(api_->store().get("_system", "c", "held"));
}

void RequestGateTest::heldWriteIsRedirectedWhenLeadershipMoved() {
  member_->setAdmission(FakeMember::Admission::kHold);
  std::future<Response> pending = api_->begin(Method::kPut, "/_api/document/c/k", R"({"v":3})");
  QCOMPARE(member_->heldCount(), std::size_t(1));
  QVERIFY(member_->releaseHeld(Status::error(ErrorCode::kNotLeader, "not a leader", 503),
                               "ssl://127.0.0.1:9003"));
  QCOMPARE(pending.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  Response response = pending.get();
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1496));
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string("https://127.0.0.1:9003"));
  QVERIFY(api_->store().get("_system", "c", "k")->json.find(R"("v":1)") != std::string::npos);
}

void RequestGateTest::writeCommittedAfterLeaseLossIsNotAcknowledged() {
  member_->setAcknowledge(
      Status::error(ErrorCode::kLeadershipChallengeOngoing, "lease expired", 503));
  Response response = api_->call(Method::kPost, "/_api/document/c", R"({"_key":"late"})");
  QCOMPARE(response.status, 503);
  auto body = parseBody(response);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1495));
  const std::string message = stringField(body, "errorMessage");
  QVERIFY2(message.find("committed") != std::string::npos, message.c_str());
  QVERIFY2(message.find("not acknowledged") != std::string::npos, message.c_str());
  QVERIFY2(message.find("lease expired") != std::string::npos, message.c_str());
  QCOMPARE(headerOf(response, "x-arango-endpoint"), std::string());
  // Committed nevertheless: the answer says so, and the store has it.
  QVERIFY(api_->store().get("_system", "c", "late"));
}

void RequestGateTest::failedWriteAfterLeaseLossKeepsItsError() {
  member_->setAcknowledge(Status::error(ErrorCode::kLeadershipChallengeOngoing));
  Response response = api_->call(Method::kPost, "/_api/document/missing", "{}");
  QCOMPARE(response.status, 404);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1203));
}

void RequestGateTest::ddlGoesThroughAdmission_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::newRow("create collection") << Method::kPost << "/_api/collection"
                                     << R"({"name":"d"})";
  QTest::newRow("truncate") << Method::kPut << "/_api/collection/c/truncate"
                            << "";
  QTest::newRow("drop collection") << Method::kDelete << "/_api/collection/c"
                                   << "";
  QTest::newRow("create database") << Method::kPost << "/_api/database"
                                   << R"({"name":"x"})";
  QTest::newRow("drop database") << Method::kDelete << "/_api/database/x"
                                 << "";
}

void RequestGateTest::ddlGoesThroughAdmission() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  member_->setAdmission(FakeMember::Admission::kRefuse,
                        Status::error(ErrorCode::kNotLeader, "not a leader", 503),
                        "tcp://127.0.0.1:9002");
  Response response = api_->call(method, target.toStdString(), body.toStdString());
  QCOMPARE(response.status, 503);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t(1496));
  QCOMPARE(member_->admissions(), 1);
  QCOMPARE(api_->store().count("_system", "c").value(), std::uint64_t(1));
  QVERIFY(!api_->store().collection("_system", "d"));
  QVERIFY(!api_->store().database("x"));
}

QTEST_GUILESS_MAIN(RequestGateTest)
#include "tst_request_gate.moc"
