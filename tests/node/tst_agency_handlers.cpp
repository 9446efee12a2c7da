// /_api/agency and /_api/agency_priv through Router::handle: body validation, the mapping of
// the agent's outcomes to HTTP (with a scripted AgencyService), the happy paths and refusals of
// a real single-agent AgencyDriver, 404 without an agent and 501 on an agency-only node.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agency/raft_codec.h"
#include "api/handlers.h"
#include "api_harness.h"
#include "cluster/agency_driver.h"
#include "cluster/agency_service.h"
#include "log.h"
#include "tandem/store.h"

using tandem::ErrorCode;
using tandem::Status;
using tandem::node::Method;
using tandem::node::Response;
using tandem::node::cluster::AgencyDriver;
using tandem::node::cluster::AgencyDriverOptions;
using tandem::node::cluster::AgencyOutcome;
using tandem::node::cluster::AgencyService;
using namespace tandem::node::testing;

Q_DECLARE_METATYPE(Method)

namespace {

// An AgencyService that answers every call with one scripted outcome, from a thread of its own
// (as the driver does), and counts the calls that reached it.
class ScriptedAgency final : public AgencyService {
 public:
  ~ScriptedAgency() override {
    for (auto& thread : threads_) thread.join();
  }

  void setOutcome(AgencyOutcome outcome) { outcome_ = std::move(outcome); }
  int calls() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(names_.size());
  }
  std::string lastCall() const {
    std::lock_guard lock(mutex_);
    return names_.empty() ? std::string() : names_.back();
  }

  void write(tandem::agency::AgencyWrite, Callback done) override { answer("write", done); }
  void read(std::vector<std::vector<std::string>>, Callback done) override { answer("read", done); }
  void writeTransient(tandem::agency::AgencyWrite, Callback done) override {
    answer("writeTransient", done);
  }
  void readTransient(std::vector<std::vector<std::string>>, Callback done) override {
    answer("readTransient", done);
  }
  void config(Callback done) override { answer("config", done); }
  void receive(tandem::agency::RaftEnvelope, Callback done) override { answer("receive", done); }
  void identity(Callback done) override { answer("identity", done); }
  void addMember(std::string, Callback done) override { answer("addMember", done); }
  void removeMember(std::string, Callback done) override { answer("removeMember", done); }
  void heartbeat(std::string, Callback done) override { answer("heartbeat", done); }

 private:
  void answer(const char* name, Callback done) {
    std::lock_guard lock(mutex_);
    names_.emplace_back(name);
    threads_.emplace_back([outcome = outcome_, done = std::move(done)] { done(outcome); });
  }

  AgencyOutcome outcome_;     // set and copied on the test thread (the router calls us there)
  mutable std::mutex mutex_;  // guards names_ and threads_
  std::vector<std::string> names_;
  std::vector<std::thread> threads_;
};

AgencyOutcome okOutcome(const char* json) {
  AgencyOutcome outcome;
  outcome.body = boost::json::parse(json);
  return outcome;
}

AgencyOutcome errorOutcome(Status status, std::string leader = {}) {
  AgencyOutcome outcome;
  outcome.status = std::move(status);
  outcome.leaderEndpoint = std::move(leader);
  return outcome;
}

// A real agent of an agency of one (no peers), in a directory of its own beside the harness's
// store, with short election timeouts so that it leads soon after start.
class SingleAgent {
 public:
  SingleAgent() {
    if (!dir_.isValid()) {
      error_ = "cannot create a temporary directory";
      return;
    }
    tandem::StoreOptions store_options;
    store_options.directory = dir_.path().toStdString();
    auto store = tandem::Store::open(store_options);
    if (!store) {
      error_ = store.status().toString();
      return;
    }
    store_ = std::move(*store);
    AgencyDriverOptions options;
    options.directory = store_options.directory;
    options.my_address = kAddress;
    options.size = 1;
    options.election_timeout_min = std::chrono::milliseconds(100);
    options.election_timeout_max = std::chrono::milliseconds(200);
    options.tick = std::chrono::milliseconds(20);
    auto driver = AgencyDriver::open(options);
    if (!driver) {
      error_ = driver.status().toString();
      return;
    }
    driver_ = std::move(*driver);
    driver_->start();
  }
  ~SingleAgent() {
    if (driver_) driver_->stop();
    if (store_) store_->close();
  }

  static constexpr const char* kAddress = "tcp://127.0.0.1:8529";
  const std::string& error() const { return error_; }
  AgencyDriver* driver() { return driver_.get(); }

 private:
  QTemporaryDir dir_;
  std::string error_;
  std::unique_ptr<tandem::Store> store_;
  std::unique_ptr<AgencyDriver> driver_;
};

// The body is ArangoDB's error body with this errorNum and HTTP code.
bool isErrorBody(const Response& response, int error_num) {
  const auto body = parseBody(response);
  const auto* object = body.if_object();
  if (object == nullptr || !object->contains("error") || !object->at("error").is_bool() ||
      !object->at("error").as_bool() || stringField(body, "errorMessage").empty()) {
    return false;
  }
  return intField(body, "errorNum") == error_num && intField(body, "code") == response.status;
}

QByteArray describe(const Response& response) {
  return QByteArray::number(response.status) + " " + QByteArray::fromStdString(response.body);
}

// Every malformed body of the agency routes, with the errorNum its parser answers: 600 for text
// that is not JSON, 10 (bad parameter) for JSON of the wrong shape.
void addMalformedBodyRows() {
  QTest::addColumn<QString>("path");
  QTest::addColumn<QString>("body");
  QTest::addColumn<int>("errorNum");
  const struct {
    const char* name;
    const char* path;
    const char* body;
    int error_num;
  } rows[] = {
      {"write: empty body", "/_api/agency/write", "", 600},
      {"write: not JSON", "/_api/agency/write", "set k", 600},
      {"write: truncated", "/_api/agency/write", R"([[{"/tandem/k":1})", 600},
      {"write: object", "/_api/agency/write", R"({"/tandem/k":1})", 10},
      {"write: transaction not array", "/_api/agency/write", "[1]", 10},
      {"write: empty transaction", "/_api/agency/write", "[[]]", 10},
      {"write: four elements", "/_api/agency/write", R"([[{"/tandem/k":1},{},"id",4]])", 10},
      {"write: operations not object", "/_api/agency/write", "[[1]]", 10},
      {"write: unknown op", "/_api/agency/write", R"([[{"/tandem/k":{"op":"sett","new":1}}]])", 10},
      {"write: op not string", "/_api/agency/write", R"([[{"/tandem/k":{"op":1}}]])", 10},
      {"write: set without new", "/_api/agency/write", R"([[{"/tandem/k":{"op":"set"}}]])", 10},
      {"write: push without new", "/_api/agency/write", R"([[{"/tandem/k":{"op":"push"}}]])", 10},
      {"write: erase without val", "/_api/agency/write", R"([[{"/tandem/k":{"op":"erase"}}]])", 10},
      {"write: step not number", "/_api/agency/write",
       R"([[{"/tandem/k":{"op":"increment","step":"x"}}]])", 10},
      {"write: extra operand", "/_api/agency/write", R"([[{"/tandem/k":{"op":"delete","new":1}}]])",
       10},
      {"write: root path", "/_api/agency/write", R"([[{"/":1}]])", 10},
      {"write: preconditions not object", "/_api/agency/write", R"([[{"/tandem/k":1},[]]])", 10},
      {"write: oldEmpty not bool", "/_api/agency/write",
       R"([[{"/tandem/k":1},{"/tandem/k":{"oldEmpty":"yes"}}]])", 10},
      {"write: client id not string", "/_api/agency/write", R"([[{"/tandem/k":1},{},5]])", 10},
      {"write: second transaction bad", "/_api/agency/write", R"([[{"/tandem/k":1}],[7]])", 10},
      {"transient: not JSON", "/_api/agency/transient", "{", 600},
      {"transient: unknown op", "/_api/agency/transient", R"([[{"/tandem/k":{"op":"nope"}}]])", 10},
      {"read: not JSON", "/_api/agency/read", "x", 600},
      {"read: object", "/_api/agency/read", "{}", 10},
      {"read: string", "/_api/agency/read", R"("/tandem/k")", 10},
      {"read: query not array", "/_api/agency/read", R"(["/tandem/k"])", 10},
      {"read: path not string", "/_api/agency/read", R"([["/tandem/k",1]])", 10},
      {"transient read: object", "/_api/agency/read?store=transient", "{}", 10},
      {"members: not JSON", "/_api/agency/members", "{", 600},
      {"members: array", "/_api/agency/members", R"(["tcp://127.0.0.1:1"])", 10},
      {"members: empty object", "/_api/agency/members", "{}", 10},
      {"members: unknown member", "/_api/agency/members", R"({"join":"tcp://127.0.0.1:1"})", 10},
      {"members: add and remove", "/_api/agency/members",
       R"({"add":"tcp://127.0.0.1:1","remove":"AGNT-a"})", 10},
      {"members: add not string", "/_api/agency/members", R"({"add":1})", 10},
      {"members: remove empty", "/_api/agency/members", R"({"remove":""})", 10},
      {"raft: not JSON", "/_api/agency_priv/raft", "]", 10},
      {"raft: array", "/_api/agency_priv/raft", "[]", 10},
      {"raft: no sender", "/_api/agency_priv/raft", R"({"clusterId":"c","messages":[]})", 10},
      {"raft: cluster id not string", "/_api/agency_priv/raft",
       R"({"clusterId":1,"from":"AGNT-a","messages":[]})", 10},
      {"raft: messages not array", "/_api/agency_priv/raft",
       R"({"clusterId":"c","from":"AGNT-a","messages":{}})", 10},
      {"raft: message not object", "/_api/agency_priv/raft",
       R"({"clusterId":"c","from":"AGNT-a","messages":[3]})", 10},
      {"raft: unknown message type", "/_api/agency_priv/raft",
       R"({"clusterId":"c","from":"AGNT-a","messages":[{"type":"shout"}]})", 10},
      {"raft: message without members", "/_api/agency_priv/raft",
       R"({"clusterId":"c","from":"AGNT-a","messages":[{"type":"heartbeat"}]})", 10},
      {"raft: report without servers", "/_api/agency_priv/raft",
       R"({"clusterId":"c","from":"AGNT-a","messages":[],"report":{"uptimeMs":1}})", 10},
      {"heartbeat: empty body", "/_api/agency_priv/heartbeat", "", 10},
      {"heartbeat: not JSON", "/_api/agency_priv/heartbeat", "{", 10},
      {"heartbeat: array", "/_api/agency_priv/heartbeat", "[]", 10},
      {"heartbeat: no id", "/_api/agency_priv/heartbeat",
       R"({"endpoint":"tcp://h:1","state":"leader","applied":{"term":1,"tick":1}})", 10},
      {"heartbeat: unknown state", "/_api/agency_priv/heartbeat",
       R"({"id":"S","endpoint":"tcp://h:1","state":"boss","applied":{"term":1,"tick":1}})", 10},
      {"heartbeat: applied without tick", "/_api/agency_priv/heartbeat",
       R"({"id":"S","endpoint":"tcp://h:1","state":"leader","applied":{"term":1}})", 10},
      {"heartbeat: leaderTerm negative", "/_api/agency_priv/heartbeat",
       R"({"id":"S","endpoint":"tcp://h:1","state":"leader","applied":{"term":1,"tick":1},)"
       R"("leaderTerm":-1})",
       10},
  };
  for (const auto& row : rows) {
    QTest::newRow(row.name) << row.path << row.body << row.error_num;
  }
}

}  // namespace

class AgencyHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  // Without an agent, and outside _system.
  void withoutAgentEveryAgencyRouteAnswers404_data();
  void withoutAgentEveryAgencyRouteAnswers404();
  void agencyRoutesExistOnlyUnderTheSystemDatabase();
  void agencyRoutesRefuseOtherMethods_data();
  void agencyRoutesRefuseOtherMethods();
  void agencyRoutesNeverReadTheStore();

  // Validation and outcome mapping, with a scripted agent.
  void malformedBodiesGive400AndNeverReachTheAgent_data();
  void malformedBodiesGive400AndNeverReachTheAgent();
  void unknownReadStoreGives400();
  void eachRouteCallsItsService_data();
  void eachRouteCallsItsService();
  void outcomesMapToHttp_data();
  void outcomesMapToHttp();
  void notLeaderRedirectsToTheLeaderWithTheSamePathAndQuery();
  void leaderLocationKeepsHostAndTarget_data();
  void leaderLocationKeepsHostAndTarget();

  // A real agent (an agency of one).
  void realAgentWritesAndReadsWithLogIndexes();
  void realAgentAnswers412WhenAPreconditionFails();
  void realAgentKeepsTheTransientStoreApart();
  void realAgentConfigAndIdentityNameItselfLeader();
  void malformedBodiesLeaveTheAgencyStoreUnchanged_data();
  void malformedBodiesLeaveTheAgencyStoreUnchanged();
  void raftMessagesFromOutsideTheAgencyAreForbidden_data();
  void raftMessagesFromOutsideTheAgencyAreForbidden();
  void realAgentRefusesMembershipStepsItCannotTake();
  void realAgentAnswersNumbersAsWritten();

  // Agency-only node.
  void agencyOnlyNodeAnswers501ForDocumentRoutes_data();
  void agencyOnlyNodeAnswers501ForDocumentRoutes();
  void agencyOnlyNodeKeepsVersionAdminAndAgencyRoutes();

 private:
  // Starts a real agent, plugs it into the router and waits until it leads (true) or fails.
  bool startAgent();
  Response post(const std::string& target, const std::string& body) {
    return api_->call(Method::kPost, target, body);
  }
  boost::json::value config() { return parseBody(api_->call(Method::kGet, "/_api/agency/config")); }
  // The whole replicated tree and the commit index, to show that nothing changed.
  std::string wholeTree() { return post("/_api/agency/read", R"([["/"]])").body; }

  std::unique_ptr<ApiHarness> api_;
  std::unique_ptr<ScriptedAgency> scripted_;
  std::unique_ptr<SingleAgent> agent_;
};

bool AgencyHandlersTest::startAgent() {
  agent_ = std::make_unique<SingleAgent>();
  if (!agent_->error().empty()) {
    qWarning("agent: %s", agent_->error().c_str());
    return false;
  }
  api_->context().agency = agent_->driver();
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < 20000) {
    const auto body = config();
    const std::string leader = stringField(body, "leaderId");
    if (!leader.empty() && leader == agent_->driver()->agentId()) return true;
    QTest::qWait(20);
  }
  qWarning("the agent did not become leader: %s", boost::json::serialize(config()).c_str());
  return false;
}

void AgencyHandlersTest::initTestCase() {
  // Every real agent logs its election at info level; only problems belong in the test output.
  tandem::node::Log::setLevel(tandem::node::LogLevel::kError);
}

void AgencyHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  scripted_ = std::make_unique<ScriptedAgency>();
}

void AgencyHandlersTest::cleanup() {
  // The agents answer into the harness from threads of their own: stop them before it goes.
  scripted_.reset();
  agent_.reset();
  QCOMPARE(api_->misbehavedAnswers(), 0);
  api_.reset();
}

void AgencyHandlersTest::withoutAgentEveryAgencyRouteAnswers404_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("path");
  QTest::newRow("write") << Method::kPost << "/_api/agency/write";
  QTest::newRow("read") << Method::kPost << "/_api/agency/read";
  QTest::newRow("transient") << Method::kPost << "/_api/agency/transient";
  QTest::newRow("config") << Method::kGet << "/_api/agency/config";
  QTest::newRow("raft") << Method::kPost << "/_api/agency_priv/raft";
  QTest::newRow("identity") << Method::kGet << "/_api/agency_priv/identity";
  QTest::newRow("members") << Method::kPost << "/_api/agency/members";
  QTest::newRow("heartbeat") << Method::kPost << "/_api/agency_priv/heartbeat";
  QTest::newRow("with prefix") << Method::kGet << "/_db/_system/_api/agency/config";
}

void AgencyHandlersTest::withoutAgentEveryAgencyRouteAnswers404() {
  QFETCH(Method, method);
  QFETCH(QString, path);
  const Response response = api_->call(method, path.toStdString(), "[]");
  QCOMPARE(response.status, 404);
  QVERIFY2(isErrorBody(response, 404), describe(response));
  QCOMPARE(stringField(parseBody(response), "errorMessage"),
           std::string("agency is not enabled on this server (start with --agency.activate true)"));
}

void AgencyHandlersTest::agencyRoutesExistOnlyUnderTheSystemDatabase() {
  api_->context().agency = scripted_.get();
  scripted_->setOutcome(okOutcome(R"({"term":1})"));
  QCOMPARE(api_->call(Method::kPost, "/_api/database", R"({"name":"shop"})").status, 201);
  const Response other = api_->call(Method::kGet, "/_db/shop/_api/agency/config");
  QCOMPARE(other.status, 404);
  QVERIFY2(isErrorBody(other, 404), describe(other));
  QCOMPARE(scripted_->calls(), 0);
  const Response system = api_->call(Method::kGet, "/_db/_system/_api/agency/config");
  QCOMPARE(system.status, 200);
  QCOMPARE(scripted_->lastCall(), std::string("config"));
}

void AgencyHandlersTest::agencyRoutesRefuseOtherMethods_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("path");
  QTest::newRow("GET write") << Method::kGet << "/_api/agency/write";
  QTest::newRow("PUT read") << Method::kPut << "/_api/agency/read";
  QTest::newRow("DELETE transient") << Method::kDelete << "/_api/agency/transient";
  QTest::newRow("POST config") << Method::kPost << "/_api/agency/config";
  QTest::newRow("GET raft") << Method::kGet << "/_api/agency_priv/raft";
  QTest::newRow("POST identity") << Method::kPost << "/_api/agency_priv/identity";
  QTest::newRow("GET heartbeat") << Method::kGet << "/_api/agency_priv/heartbeat";
}

void AgencyHandlersTest::agencyRoutesRefuseOtherMethods() {
  QFETCH(Method, method);
  QFETCH(QString, path);
  api_->context().agency = scripted_.get();
  const Response response = api_->call(method, path.toStdString(), "[]");
  QCOMPARE(response.status, 405);
  QVERIFY2(isErrorBody(response, 405), describe(response));
  QCOMPARE(scripted_->calls(), 0);
}

void AgencyHandlersTest::agencyRoutesNeverReadTheStore() {
  for (const char* target :
       {"/_api/agency/config", "/_api/agency_priv/identity", "/_db/_system/_api/agency/config"}) {
    tandem::node::Request request;
    request.method = Method::kGet;
    request.target = target;
    QVERIFY(request.parseTarget());
    QVERIFY2(!tandem::node::Router::readsStore(request), target);
  }
  tandem::node::Request write;
  write.method = Method::kPost;
  write.target = "/_api/agency/write";
  QVERIFY(write.parseTarget());
  QVERIFY(!tandem::node::Router::readsStore(write));
}

void AgencyHandlersTest::malformedBodiesGive400AndNeverReachTheAgent_data() {
  addMalformedBodyRows();
}

void AgencyHandlersTest::malformedBodiesGive400AndNeverReachTheAgent() {
  QFETCH(QString, path);
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  api_->context().agency = scripted_.get();
  scripted_->setOutcome(okOutcome(R"({"results":[1]})"));
  const Response response = api_->call(Method::kPost, path.toStdString(), body.toStdString());
  QCOMPARE(response.status, 400);
  QVERIFY2(isErrorBody(response, errorNum), describe(response));
  QCOMPARE(scripted_->calls(), 0);
}

void AgencyHandlersTest::unknownReadStoreGives400() {
  api_->context().agency = scripted_.get();
  const Response response =
      api_->call(Method::kPost, "/_api/agency/read?store=transitent", R"([["/tandem"]])");
  QCOMPARE(response.status, 400);
  QVERIFY2(isErrorBody(response, 400), describe(response));
  QCOMPARE(scripted_->calls(), 0);
}

void AgencyHandlersTest::eachRouteCallsItsService_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("body");
  QTest::addColumn<QString>("service");
  const std::string envelope = tandem::agency::encodeEnvelope({"cluster", "AGNT-a", {}, {}});
  QTest::newRow("write") << Method::kPost << "/_api/agency/write"
                         << R"([[{"/tandem/k":1}]])"
                         << "write";
  QTest::newRow("read") << Method::kPost << "/_api/agency/read"
                        << R"([["/tandem/k"]])"
                        << "read";
  QTest::newRow("read persistent") << Method::kPost << "/_api/agency/read?store=persistent"
                                   << R"([["/tandem/k"]])"
                                   << "read";
  QTest::newRow("read transient") << Method::kPost << "/_api/agency/read?store=transient"
                                  << R"([["/tandem/k"]])"
                                  << "readTransient";
  QTest::newRow("transient") << Method::kPost << "/_api/agency/transient"
                             << R"([[{"/tandem/k":1}]])"
                             << "writeTransient";
  QTest::newRow("config") << Method::kGet << "/_api/agency/config"
                          << ""
                          << "config";
  QTest::newRow("raft") << Method::kPost << "/_api/agency_priv/raft"
                        << QString::fromStdString(envelope) << "receive";
  QTest::newRow("identity") << Method::kGet << "/_api/agency_priv/identity"
                            << ""
                            << "identity";
  QTest::newRow("members add") << Method::kPost << "/_api/agency/members"
                               << R"({"add":"tcp://127.0.0.1:9"})"
                               << "addMember";
  QTest::newRow("members remove") << Method::kPost << "/_api/agency/members"
                                  << R"({"remove":"AGNT-a"})"
                                  << "removeMember";
  QTest::newRow("heartbeat") << Method::kPost << "/_api/agency_priv/heartbeat"
                             << R"({"id":"SNGL-a","endpoint":"tcp://127.0.0.1:9","seq":1,)"
                                R"("state":"follower","applied":{"term":1,"tick":5}})"
                             << "heartbeat";
}

void AgencyHandlersTest::eachRouteCallsItsService() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  QFETCH(QString, body);
  QFETCH(QString, service);
  api_->context().agency = scripted_.get();
  scripted_->setOutcome(okOutcome(R"({"answer":42})"));
  const Response response = api_->call(method, target.toStdString(), body.toStdString());
  QCOMPARE(response.status, 200);
  QCOMPARE(response.body, std::string(R"({"answer":42})"));
  QCOMPARE(scripted_->calls(), 1);
  QCOMPARE(scripted_->lastCall(), service.toStdString());
}

void AgencyHandlersTest::outcomesMapToHttp_data() {
  QTest::addColumn<int>("row");
  QTest::addColumn<int>("status");
  QTest::addColumn<int>("errorNum");  // -1: not an error body
  QTest::addColumn<QString>("body");  // expected exact body, or "" to skip the comparison
  QTest::newRow("ok") << 0 << 200 << -1 << R"({"results":[7]})";
  QTest::newRow("precondition failed") << 1 << 412 << -1 << R"({"results":[0,9]})";
  QTest::newRow("ok without body") << 2 << 200 << -1 << R"({"error":false,"code":200})";
  QTest::newRow("no leader yet") << 3 << 503 << 1496 << "";
  QTest::newRow("forbidden") << 4 << 403 << 11 << "";
  QTest::newRow("shutting down") << 5 << 503 << 30 << "";
  QTest::newRow("bad parameter") << 6 << 400 << 10 << "";
  QTest::newRow("internal") << 7 << 500 << 4 << "";
}

void AgencyHandlersTest::outcomesMapToHttp() {
  QFETCH(int, row);
  QFETCH(int, status);
  QFETCH(int, errorNum);
  QFETCH(QString, body);
  const AgencyOutcome outcomes[] = {
      okOutcome(R"({"results":[7]})"),
      [] {
        AgencyOutcome failed = okOutcome(R"({"results":[0,9]})");
        failed.preconditionFailed = true;
        return failed;
      }(),
      AgencyOutcome{},
      errorOutcome(Status::error(ErrorCode::kNotLeader)),
      errorOutcome(Status::error(ErrorCode::kForbidden, "cluster id mismatch")),
      errorOutcome(Status::error(ErrorCode::kShuttingDown)),
      errorOutcome(Status::error(ErrorCode::kBadParameter, "message for an unknown term")),
      errorOutcome(Status::error(ErrorCode::kInternal, "disk full")),
  };
  api_->context().agency = scripted_.get();
  scripted_->setOutcome(outcomes[row]);
  const Response response =
      api_->call(Method::kPost, "/_api/agency/write", R"([[{"/tandem/k":1}]])");
  QCOMPARE(response.status, status);
  if (errorNum >= 0) QVERIFY2(isErrorBody(response, errorNum), describe(response));
  if (!body.isEmpty()) QCOMPARE(response.body, body.toStdString());
  QCOMPARE(headerOf(response, "location"), std::string());
}

void AgencyHandlersTest::notLeaderRedirectsToTheLeaderWithTheSamePathAndQuery() {
  api_->context().agency = scripted_.get();
  scripted_->setOutcome(errorOutcome(Status::error(ErrorCode::kNotLeader), "tcp://127.0.0.1:8631"));
  const Response read =
      api_->call(Method::kPost, "/_db/_system/_api/agency/read?store=persistent", R"([["/x"]])");
  QCOMPARE(read.status, 307);
  QVERIFY2(isErrorBody(read, 1496), describe(read));
  QCOMPARE(stringField(parseBody(read), "errorMessage"), std::string("not a leader"));
  QCOMPARE(headerOf(read, "location"),
           std::string("http://127.0.0.1:8631/_db/_system/_api/agency/read?store=persistent"));

  scripted_->setOutcome(errorOutcome(Status::error(ErrorCode::kNotLeader), "tcp://[::1]:9000"));
  const Response write = api_->call(Method::kPost, "/_api/agency/write", R"([[{"/x":1}]])");
  QCOMPARE(write.status, 307);
  QCOMPARE(headerOf(write, "location"), std::string("http://[::1]:9000/_api/agency/write"));
}

void AgencyHandlersTest::leaderLocationKeepsHostAndTarget_data() {
  QTest::addColumn<QString>("endpoint");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("location");
  QTest::newRow("tcp") << "tcp://10.0.0.2:8529"
                       << "/_api/agency/write"
                       << "http://10.0.0.2:8529/_api/agency/write";
  QTest::newRow("ipv6") << "tcp://[fe80::1]:8530"
                        << "/_api/agency/read?store=transient"
                        << "http://[fe80::1]:8530/_api/agency/read?store=transient";
  QTest::newRow("ssl") << "ssl://db.example:8529"
                       << "/_api/agency/config"
                       << "https://db.example:8529/_api/agency/config";
  QTest::newRow("http") << "http://h:1/"
                        << "/_api/agency/write"
                        << "http://h:1/_api/agency/write";
  QTest::newRow("bare host") << "h:2"
                             << "/_api/agency/write"
                             << "http://h:2/_api/agency/write";
  QTest::newRow("encoded target") << "tcp://h:3"
                                  << "/_db/_system/_api/agency/read?x=a%20b"
                                  << "http://h:3/_db/_system/_api/agency/read?x=a%20b";
}

void AgencyHandlersTest::leaderLocationKeepsHostAndTarget() {
  QFETCH(QString, endpoint);
  QFETCH(QString, target);
  QFETCH(QString, location);
  QCOMPARE(tandem::node::api::leaderLocation(endpoint.toStdString(), target.toStdString()),
           location.toStdString());
}

void AgencyHandlersTest::realAgentWritesAndReadsWithLogIndexes() {
  QVERIFY(startAgent());
  const Response first = post("/_api/agency/write", R"([[{"/tandem/k":{"op":"set","new":1}}]])");
  QCOMPARE(first.status, 200);
  const auto first_body = parseBody(first);
  const auto& first_results = first_body.at("results").as_array();
  QCOMPARE(first_results.size(), std::size_t(1));
  const std::int64_t first_index = first_results[0].to_number<std::int64_t>();
  QVERIFY(first_index > 0);

  // Two transactions in one request: two entries, in order; a bare value is a set.
  const Response second = post("/_db/_system/_api/agency/write",
                               R"([[{"/tandem/k":{"op":"increment"}}],[{"/tandem/l/m":"x"}]])");
  QCOMPARE(second.status, 200);
  const auto second_body = parseBody(second);
  const auto& results = second_body.at("results").as_array();
  QCOMPARE(results.size(), std::size_t(2));
  QVERIFY(results[0].to_number<std::int64_t>() > first_index);
  QVERIFY(results[1].to_number<std::int64_t>() >= results[0].to_number<std::int64_t>());

  const Response read = post("/_api/agency/read", R"([["/tandem/k"],["/tandem/l","/none"]])");
  QCOMPARE(read.status, 200);
  QCOMPARE(parseBody(read),
           boost::json::parse(R"([{"tandem":{"k":2}},{"tandem":{"l":{"m":"x"}}}])"));
}

void AgencyHandlersTest::realAgentAnswers412WhenAPreconditionFails() {
  QVERIFY(startAgent());
  QCOMPARE(post("/_api/agency/write", R"([[{"/tandem/k":1}]])").status, 200);
  const Response failed =
      post("/_api/agency/write", R"([[{"/tandem/k":2},{"/tandem/k":{"oldEmpty":true}}]])");
  QCOMPARE(failed.status, 412);
  QCOMPARE(parseBody(failed), boost::json::parse(R"({"results":[0]})"));

  // One transaction applies, the next does not: 412, and the applied one keeps its index.
  const Response mixed =
      post("/_api/agency/write", R"([[{"/tandem/k":3},{"/tandem/k":{"old":1}}],)"
                                 R"([{"/tandem/j":4},{"/tandem/k":{"old":1}}]])");
  QCOMPARE(mixed.status, 412);
  const auto mixed_body = parseBody(mixed);
  const auto& results = mixed_body.at("results").as_array();
  QCOMPARE(results.size(), std::size_t(2));
  QVERIFY(results[0].to_number<std::int64_t>() > 0);
  QCOMPARE(results[1].to_number<std::int64_t>(), std::int64_t(0));
  QCOMPARE(parseBody(post("/_api/agency/read", R"([["/tandem"]])")),
           boost::json::parse(R"([{"tandem":{"k":3}}])"));
}

void AgencyHandlersTest::realAgentKeepsTheTransientStoreApart() {
  QVERIFY(startAgent());
  const Response write =
      post("/_api/agency/transient", R"([[{"/tandem/Sync/ServerStates/n1":{"time":5}}]])");
  QCOMPARE(write.status, 200);
  QCOMPARE(parseBody(write), boost::json::parse(R"({"results":[1]})"));
  const Response transient =
      post("/_api/agency/read?store=transient", R"([["/tandem/Sync/ServerStates/n1/time"]])");
  QCOMPARE(transient.status, 200);
  QCOMPARE(parseBody(transient),
           boost::json::parse(R"([{"tandem":{"Sync":{"ServerStates":{"n1":{"time":5}}}}}])"));
  const Response persistent = post("/_api/agency/read", R"([["/tandem/Sync"]])");
  QCOMPARE(persistent.status, 200);
  QCOMPARE(parseBody(persistent), boost::json::parse("[{}]"));
}

void AgencyHandlersTest::realAgentConfigAndIdentityNameItselfLeader() {
  QVERIFY(startAgent());
  const Response write = post("/_api/agency/write", R"([[{"/tandem/k":1}]])");
  QCOMPARE(write.status, 200);
  const std::int64_t index = parseBody(write).at("results").as_array()[0].to_number<std::int64_t>();
  const std::string id = agent_->driver()->agentId();
  QVERIFY(id.starts_with("AGNT-"));

  const Response response = api_->call(Method::kGet, "/_api/agency/config");
  QCOMPARE(response.status, 200);
  const auto body = parseBody(response);
  QCOMPARE(stringField(body, "leaderId"), id);
  QVERIFY(intField(body, "term") >= 1);
  QVERIFY(intField(body, "commitIndex") >= index);
  QVERIFY(body.as_object().contains("lastAcked"));
  const auto& configuration = body.at("configuration");
  QCOMPARE(stringField(configuration, "id"), id);
  QCOMPARE(configuration.at("pool"),
           boost::json::value(boost::json::object{{id, SingleAgent::kAddress}}));
  QCOMPARE(configuration.at("active"),
           boost::json::value(boost::json::array{boost::json::value(id)}));

  const Response identity = api_->call(Method::kGet, "/_api/agency_priv/identity");
  QCOMPARE(identity.status, 200);
  const auto identity_body = parseBody(identity);
  QCOMPARE(stringField(identity_body, "id"), id);
  QCOMPARE(stringField(identity_body, "endpoint"), std::string(SingleAgent::kAddress));
  QVERIFY(!stringField(identity_body, "clusterId").empty());
}

void AgencyHandlersTest::malformedBodiesLeaveTheAgencyStoreUnchanged_data() {
  addMalformedBodyRows();
}

void AgencyHandlersTest::malformedBodiesLeaveTheAgencyStoreUnchanged() {
  QFETCH(QString, path);
  QFETCH(QString, body);
  QFETCH(int, errorNum);
  QVERIFY(startAgent());
  QCOMPARE(post("/_api/agency/write", R"([[{"/tandem/k":{"op":"set","new":[1,2]}}]])").status, 200);
  QCOMPARE(post("/_api/agency/transient", R"([[{"/tandem/t":1}]])").status, 200);
  const std::string tree = wholeTree();
  const std::string transient = post("/_api/agency/read?store=transient", R"([["/"]])").body;
  const std::int64_t commit = intField(config(), "commitIndex");
  QVERIFY(commit > 0);

  const Response response = post(path.toStdString(), body.toStdString());
  QCOMPARE(response.status, 400);
  QVERIFY2(isErrorBody(response, errorNum), describe(response));

  QCOMPARE(wholeTree(), tree);
  QCOMPARE(post("/_api/agency/read?store=transient", R"([["/"]])").body, transient);
  QCOMPARE(intField(config(), "commitIndex"), commit);
}

void AgencyHandlersTest::raftMessagesFromOutsideTheAgencyAreForbidden_data() {
  QTest::addColumn<bool>("rightCluster");
  QTest::addColumn<QString>("sender");  // "self": this agent's own id
  QTest::newRow("wrong cluster id, member sender") << false << "self";
  QTest::newRow("wrong cluster id, unknown sender") << false << "AGNT-stranger";
  QTest::newRow("unknown sender") << true << "AGNT-stranger";
}

void AgencyHandlersTest::raftMessagesFromOutsideTheAgencyAreForbidden() {
  QFETCH(bool, rightCluster);
  QFETCH(QString, sender);
  QVERIFY(startAgent());
  const std::string id = agent_->driver()->agentId();
  const std::string cluster_id =
      stringField(parseBody(api_->call(Method::kGet, "/_api/agency_priv/identity")), "clusterId");
  QVERIFY(!cluster_id.empty());
  const std::string tree = wholeTree();
  const auto before = config();

  tandem::agency::Message append;
  append.type = tandem::agency::MessageType::kAppend;
  append.from = sender == "self" ? id : sender.toStdString();
  append.to = id;
  // A higher term and a new entry: accepted, it would depose the leader and change the log.
  append.term = static_cast<tandem::agency::Term>(intField(before, "term")) + 5;
  append.index = static_cast<tandem::agency::Index>(intField(before, "commitIndex"));
  append.entries.push_back({append.term, append.index + 1, tandem::agency::EntryType::kNormal,
                            R"([[{"/tandem/intruder":1}]])"});
  const std::string envelope = tandem::agency::encodeEnvelope(
      {rightCluster ? cluster_id : cluster_id + "-other", append.from, {append}, {}});

  const Response response = post("/_api/agency_priv/raft", envelope);
  QCOMPARE(response.status, 403);
  QVERIFY2(isErrorBody(response, 11), describe(response));
  QCOMPARE(wholeTree(), tree);
  const auto after = config();
  QCOMPARE(stringField(after, "leaderId"), id);
  QCOMPARE(intField(after, "term"), intField(before, "term"));
}

void AgencyHandlersTest::agencyOnlyNodeAnswers501ForDocumentRoutes_data() {
  QTest::addColumn<Method>("method");
  QTest::addColumn<QString>("target");
  QTest::newRow("read document") << Method::kGet << "/_api/document/c/k";
  QTest::newRow("head document") << Method::kHead << "/_api/document/c/k";
  QTest::newRow("insert") << Method::kPost << "/_api/document/c";
  QTest::newRow("remove") << Method::kDelete << "/_api/document/c/k";
  QTest::newRow("list collections") << Method::kGet << "/_api/collection";
  QTest::newRow("create collection") << Method::kPost << "/_api/collection";
  QTest::newRow("collection count") << Method::kGet << "/_api/collection/c/count";
  QTest::newRow("list databases") << Method::kGet << "/_api/database";
  QTest::newRow("create database") << Method::kPost << "/_api/database";
  QTest::newRow("drop database") << Method::kDelete << "/_api/database/shop";
  QTest::newRow("other database") << Method::kGet << "/_db/shop/_api/document/c/k";
  QTest::newRow("system prefix") << Method::kPost << "/_db/_system/_api/document/c";
}

void AgencyHandlersTest::agencyOnlyNodeAnswers501ForDocumentRoutes() {
  QFETCH(Method, method);
  QFETCH(QString, target);
  api_->context().agency = scripted_.get();
  api_->context().agency_only = true;
  const Response response = api_->call(method, target.toStdString(), R"({"name":"c"})");
  QCOMPARE(response.status, 501);
  if (method == Method::kHead) {
    QVERIFY(response.omit_body);
    return;
  }
  QVERIFY2(isErrorBody(response, 9), describe(response));
  const std::string message = stringField(parseBody(response), "errorMessage");
  QVERIFY2(message.find("agency-only") != std::string::npos, message.c_str());
  QVERIFY2(message.find("no documents") != std::string::npos, message.c_str());
  // Nothing was created behind the refusal.
  api_->context().agency_only = false;
  QVERIFY(!api_->store().database("shop"));
}

void AgencyHandlersTest::agencyOnlyNodeKeepsVersionAdminAndAgencyRoutes() {
  api_->context().agency = scripted_.get();
  api_->context().agency_only = true;
  scripted_->setOutcome(okOutcome(R"({"leaderId":"AGNT-a"})"));
  QCOMPARE(api_->call(Method::kGet, "/_api/version").status, 200);
  QCOMPARE(api_->call(Method::kGet, "/_admin/status").status, 200);
  // 500 without cluster membership, as ArangoDB (no id to report), but still answered.
  QCOMPARE(api_->call(Method::kGet, "/_admin/server/id").status, 500);
  const Response config = api_->call(Method::kGet, "/_api/agency/config");
  QCOMPARE(config.status, 200);
  QCOMPARE(config.body, std::string(R"({"leaderId":"AGNT-a"})"));
  QCOMPARE(api_->call(Method::kGet, "/_api/nothing").status, 404);
}

void AgencyHandlersTest::realAgentRefusesMembershipStepsItCannotTake() {
  QVERIFY(startAgent());
  const boost::json::value before = config();
  const std::string pool = boost::json::serialize(before.at("configuration").at("pool"));
  const std::string self = std::string(before.at("configuration").at("id").as_string());

  // Removing the only member would leave no agency.
  Response response = post("/_api/agency/members", R"({"remove":")" + self + R"("})");
  QCOMPARE(response.status, 400);
  QCOMPARE(intField(parseBody(response), "errorNum"), std::int64_t{10});
  // Nobody listens on port 1 of the loopback, so the new agent cannot be asked who it is.
  response = post("/_api/agency/members", R"({"add":"tcp://127.0.0.1:1"})");
  QVERIFY2(response.status >= 400, response.body.c_str());
  QCOMPARE(parseBody(response).at("error").as_bool(), true);

  QCOMPARE(boost::json::serialize(config().at("configuration").at("pool")), pool);
}

void AgencyHandlersTest::realAgentAnswersNumbersAsWritten() {
  QVERIFY(startAgent());
  QCOMPARE(post("/_api/agency/write", R"([[{"/tandem/n":{"op":"set","new":[1.5,0.1,-2,1e300]}}]])")
               .status,
           200);
  const Response read = post("/_api/agency/read", R"([["/tandem/n"]])");
  QCOMPARE(read.status, 200);
  QCOMPARE(read.body, std::string(R"([{"tandem":{"n":[1.5,0.1,-2,1e+300]}}])"));
}

QTEST_GUILESS_MAIN(AgencyHandlersTest)
#include "tst_agency_handlers.moc"
