// AgencyDriver: the agent of a node, in-process. A single agent over a real Store in a
// temporary directory (forming alone, writes, reads, transient store, config, identity,
// refusals, restart, compaction, stop), and groups of agents on loopback ports, each behind
// the node's real HTTP server and router, talking to each other over HTTP (election,
// replication, redirects, losing the leader, adding and removing a member).

// Before any Qt header: http_server.h names a parameter `signals`, which Qt defines as a macro.
#include "http/http_server.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "agency/agency_store.h"
#include "agency/raft_codec.h"
#include "agency/sqlite_log_store.h"
#include "cluster/agency_driver.h"
#include "http/metrics.h"
#include "http/router.h"
#include "tandem/store.h"

using namespace std::chrono_literals;
using tandem::ErrorCode;
using tandem::node::cluster::AgencyDriver;
using tandem::node::cluster::AgencyDriverOptions;
using tandem::node::cluster::AgencyOutcome;
using tandem::node::cluster::AgencyService;
namespace agency = tandem::agency;
namespace json = boost::json;

namespace {

std::atomic<int> g_double_answers{0};

// Runs one asynchronous call and waits (bounded) for its single answer.
AgencyOutcome await(const std::function<void(AgencyService::Callback)>& call) {
  auto promise = std::make_shared<std::promise<AgencyOutcome>>();
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto future = promise->get_future();
  call([promise, answered](AgencyOutcome outcome) {
    if (answered->exchange(true)) {
      ++g_double_answers;
      return;
    }
    promise->set_value(std::move(outcome));
  });
  if (future.wait_for(40s) != std::future_status::ready) {
    AgencyOutcome none;
    none.status = tandem::Status::error(ErrorCode::kInternal, "no answer");
    return none;
  }
  return future.get();
}

// Polls `condition` until it holds; false if it never did within the bound.
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds bound = 20s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

agency::AgencyWrite parseWrite(const std::string& body) {
  auto write = agency::AgencyStore::parseWrite(body);
  if (!write) qFatal("bad write in a test: %s", write.status().message().c_str());
  return std::move(*write);
}

std::vector<std::vector<std::string>> parseRead(const std::string& body) {
  auto read = agency::AgencyStore::parseRead(body);
  if (!read) qFatal("bad read in a test: %s", read.status().message().c_str());
  return std::move(*read);
}

std::string str(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  const auto* member = object ? object->if_contains(key) : nullptr;
  return member && member->is_string() ? std::string(member->as_string()) : std::string();
}

std::uint64_t num(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  const auto* member = object ? object->if_contains(key) : nullptr;
  if (member == nullptr) return ~0ull;
  if (member->is_uint64()) return member->as_uint64();
  if (member->is_int64()) return static_cast<std::uint64_t>(member->as_int64());
  return ~0ull;
}

QString text(const std::string& s) { return QString::fromStdString(s); }
QString text(const json::value& v) { return QString::fromStdString(json::serialize(v)); }

// One agent: a Store (which creates tandem.db), optionally the node's HTTP server in front
// of it, and the driver.
class Agent {
 public:
  // `with_server`: listen on a free loopback port (needed by groups).
  explicit Agent(bool with_server, QString dir = {}) : dir_path_(dir) {
    if (dir_path_.isEmpty()) dir_path_ = owned_dir_.path();
    tandem::StoreOptions store_options;
    store_options.directory = dir_path_.toStdString();
    auto store = tandem::Store::open(store_options);
    if (!store) qFatal("cannot open a store: %s", store.status().message().c_str());
    store_ = std::move(*store);
    context_.store = store_.get();
    context_.metrics = &metrics_;
    router_ = std::make_unique<tandem::node::Router>(context_);
    if (with_server) {
      tandem::node::HttpServerOptions options;
      options.host = "127.0.0.1";
      options.port = 0;
      options.io_threads = 1;
      options.worker_threads = 1;
      options.shutdown_grace = 1s;
      server_ = std::make_unique<tandem::node::HttpServer>(options, *router_, context_);
      auto bound = server_->listen();
      if (!bound) qFatal("cannot listen: %s", bound.status().message().c_str());
      address_ = *bound;
    } else {
      address_ = "tcp://127.0.0.1:1";  // never dialled: a single agent sends nothing
    }
  }

  ~Agent() { shutDown(); }

  // Opens and starts the driver; the server (if any) starts serving first.
  void startDriver(std::vector<std::string> endpoints = {}, int size = 1) {
    AgencyDriverOptions options;
    options.directory = dir_path_.toStdString();
    options.my_address = address_;
    options.endpoints = std::move(endpoints);
    options.size = size;
    options.election_timeout_min = 150ms;
    options.election_timeout_max = 300ms;
    options.compact_every = compact_every_;
    // Short supervision timings, so that failover happens within the test's patience.
    options.supervision_ok_threshold = 300ms;
    options.supervision_grace = 600ms;
    options.report_max_age = 500ms;
    auto driver = AgencyDriver::open(options);
    if (!driver) qFatal("cannot open the driver: %s", driver.status().message().c_str());
    driver_ = std::move(*driver);
    context_.agency = driver_.get();
    if (server_ && !serving_.joinable()) serving_ = std::thread([this] { server_->run(); });
    driver_->start();
  }

  void stopDriver() {
    if (driver_) driver_->stop();
    context_.agency = nullptr;
  }

  // Stops the driver, then the server, then closes the store (tandem-node's order).
  void shutDown() {
    stopDriver();
    if (server_) {
      server_->stop();
      if (serving_.joinable()) serving_.join();
    }
    if (store_) store_->close();
    driver_.reset();
    server_.reset();
    store_.reset();
  }

  AgencyDriver& driver() { return *driver_; }
  const std::string& address() const { return address_; }
  QString dir() const { return dir_path_; }
  void setCompactEvery(std::uint64_t n) { compact_every_ = n; }

  json::value config() {
    AgencyOutcome outcome = await([this](auto done) { driver_->config(std::move(done)); });
    return outcome.status.isOk() ? outcome.body : json::value();
  }
  std::string role() { return str(config(), "role"); }
  AgencyOutcome write(const std::string& body) {
    return await([&](auto done) { driver_->write(parseWrite(body), std::move(done)); });
  }
  AgencyOutcome read(const std::string& body) {
    return await([&](auto done) { driver_->read(parseRead(body), std::move(done)); });
  }

 private:
  QTemporaryDir owned_dir_;
  QString dir_path_;
  std::unique_ptr<tandem::Store> store_;
  tandem::node::Metrics metrics_;
  tandem::node::NodeContext context_;
  std::unique_ptr<tandem::node::Router> router_;
  std::unique_ptr<tandem::node::HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<AgencyDriver> driver_;
  std::string address_;
  std::uint64_t compact_every_ = 1000;
};

// Fake data nodes that heartbeat to agents through the driver API, every 50 ms, from a thread
// of their own. Each node's heartbeat body can be changed, or its heartbeats stopped, at any
// time.
class FakeNodes {
 public:
  explicit FakeNodes(std::vector<Agent*> agents) : agents_(std::move(agents)) {
    thread_ = std::thread([this] { run(); });
  }
  ~FakeNodes() {
    stop_ = true;
    thread_.join();
  }

  // Heartbeats `id` as `state`, following `leader`, leading at `leader_term`.
  void set(const std::string& id, const std::string& state, std::uint64_t term, std::uint64_t tick,
           const std::string& leader = {}, std::uint64_t leader_term = 0) {
    std::lock_guard lock(mutex_);
    Node& node = nodes_[id];
    node.body = json::object{
        {"id", id},         {"endpoint", "tcp://127.0.0.1:" + std::to_string(9000 + nodes_.size())},
        {"state", state},   {"applied", json::object{{"term", term}, {"tick", tick}}},
        {"leader", leader}, {"leaderTerm", leader_term}};
    node.silent = false;
  }
  void silence(const std::string& id) {
    std::lock_guard lock(mutex_);
    nodes_[id].silent = true;
  }

 private:
  struct Node {
    json::object body;
    bool silent = false;
    std::uint64_t seq = 0;
  };

  void run() {
    while (!stop_) {
      {
        std::lock_guard lock(mutex_);
        for (auto& [id, node] : nodes_) {
          if (node.silent) continue;
          node.body["seq"] = ++node.seq;
          const std::string body = json::serialize(node.body);
          for (Agent* agent : agents_) agent->driver().heartbeat(body, [](AgencyOutcome) {});
        }
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  std::vector<Agent*> agents_;
  std::mutex mutex_;
  std::map<std::string, Node> nodes_;  // guarded by mutex_
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string heartbeatBody(const std::string& id, const std::string& state,
                          std::uint64_t leader_term = 0) {
  return json::serialize(json::object{{"id", id},
                                      {"endpoint", "tcp://127.0.0.1:9001"},
                                      {"seq", 1},
                                      {"state", state},
                                      {"applied", json::object{{"term", 1}, {"tick", 5}}},
                                      {"leaderTerm", leader_term}});
}

// Plan/Leader as "id@term" ("" while absent), read through the agency leader.
std::string planLeader(Agent& leader) {
  const AgencyOutcome read = leader.read(R"([["/tandem/Plan/Leader"]])");
  if (!read.status.isOk()) return "?";
  const json::value* record = read.body.as_array()[0].as_object().if_contains("tandem");
  if (record == nullptr) return "";
  const json::value& value = record->at("Plan").at("Leader");
  return str(value, "id") + "@" + std::to_string(num(value, "term"));
}

void registerServers(Agent& leader, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    const AgencyOutcome written =
        leader.write(R"([[{"/tandem/Plan/Singles/)" + id +
                     R"(":{"endpoint":"tcp://127.0.0.1:9000","version":"1","registered":"t"}}]])");
    QVERIFY2(written.status.isOk(), written.status.message().c_str());
  }
}

bool becomesLeader(Agent& agent) {
  return waitUntil([&] { return agent.role() == "leader"; });
}

// The index of the leader among `agents` once every one of them agrees on it (same leader
// id in the same term), or -1.
int agreedLeader(const std::vector<Agent*>& agents) {
  int found = -1;
  waitUntil([&] {
    std::string leader;
    std::uint64_t term = 0;
    for (std::size_t i = 0; i < agents.size(); ++i) {
      const json::value config = agents[i]->config();
      const std::string id = str(config, "leaderId");
      if (id.empty() || (i > 0 && (id != leader || num(config, "term") != term))) return false;
      leader = id;
      term = num(config, "term");
    }
    for (std::size_t i = 0; i < agents.size(); ++i) {
      if (agents[i]->driver().agentId() == leader) found = static_cast<int>(i);
    }
    return found >= 0;
  });
  return found;
}

}  // namespace

class AgencyDriverTest : public QObject {
  Q_OBJECT

 private slots:
  void cleanup();

  // One agent.
  void singleAgentFormsAloneAndLeads();
  void identityNamesTheAgentAndItsCluster();
  void writeIsAppliedAndReadable();
  void failedPreconditionAnswersZeroForThatTransaction();
  void transientStoreIsSeparateAndAnswersOneOrZero();
  void receiveRefusesAnotherClusterAndNonMembers();
  void restartKeepsDataTermAndClusterId();
  void compactionKeepsDataAcrossRestart();
  void callsAfterStopAnswerShuttingDown();
  void aFormingAgentAnswersItsIdentityButNoWrites();
  void heartbeatIsRecordedAndAnsweredWithPlanAndLease();

  // Groups over HTTP.
  void threeAgentsFormOneAgencyAndReplicate();
  void losingTheLeaderElectsAnotherThatTakesWrites();
  void anAgentWithAnEmptyDirectoryJoinsWhenAdded();
  void supervisionElectsAFirstLeaderThenFailsOverToTheMostAdvancedFollower();
};

void AgencyDriverTest::cleanup() { QCOMPARE(g_double_answers.load(), 0); }

// --- one agent -------------------------------------------------------------------------------

void AgencyDriverTest::singleAgentFormsAloneAndLeads() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  const json::value config = agent.config();
  const std::string id = agent.driver().agentId();
  QVERIFY2(text(id).startsWith("AGNT-"), id.c_str());
  QCOMPARE(text(str(config, "leaderId")), text(id));
  QVERIFY(num(config, "term") >= 2);  // the bootstrap entry is term 1; the election raised it
  QVERIFY(num(config, "commitIndex") >= 2);
  const json::value& configuration = config.at("configuration");
  QCOMPARE(text(str(configuration, "id")), text(id));
  QCOMPARE(text(configuration.at("active")), text("[\"" + id + "\"]"));
  QCOMPARE(text(str(configuration.at("pool"), id)), text(agent.address()));
  QVERIFY(config.at("lastAcked").as_object().contains(id));
}

void AgencyDriverTest::identityNamesTheAgentAndItsCluster() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  const AgencyOutcome outcome = await([&](auto done) { agent.driver().identity(std::move(done)); });
  QVERIFY(outcome.status.isOk());
  const std::string id = agent.driver().agentId();
  QCOMPARE(text(str(outcome.body, "id")), text(id));
  QCOMPARE(text(str(outcome.body, "endpoint")), text(agent.address()));
  QCOMPARE(text(str(outcome.body.at("pool"), id)), text(agent.address()));
  // The cluster id every initial agent computes alike from the configuration.
  const QByteArray lines = QByteArray::fromStdString(id + "=" + agent.address() + "\n");
  const QByteArray expected =
      QCryptographicHash::hash(lines, QCryptographicHash::Sha256).left(16).toHex();
  QCOMPARE(text(str(outcome.body, "clusterId")), QString::fromLatin1(expected));
}

void AgencyDriverTest::writeIsAppliedAndReadable() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  const AgencyOutcome written = agent.write(
      R"([[{"/tandem/Plan/Leader":{"op":"set","new":{"id":"SNGL-1","term":3}}}],
          [{"/tandem/Counter":{"op":"increment"}}]])");
  QVERIFY2(written.status.isOk(), written.status.message().c_str());
  QVERIFY(!written.preconditionFailed);
  const auto& results = written.body.at("results").as_array();
  QCOMPARE(int(results.size()), 2);
  const std::uint64_t index = results[0].as_uint64();
  QVERIFY(index > 1);
  QCOMPARE(results[1].as_uint64(), index);  // one entry holds both transactions

  const AgencyOutcome read = agent.read(R"([["/tandem/Plan/Leader","/tandem/Counter"]])");
  QVERIFY2(read.status.isOk(), read.status.message().c_str());
  QCOMPARE(text(read.body),
           QString(R"([{"tandem":{"Plan":{"Leader":{"id":"SNGL-1","term":3}},"Counter":1}}])"));
  QVERIFY(num(agent.config(), "appliedIndex") >= index);
}

void AgencyDriverTest::failedPreconditionAnswersZeroForThatTransaction() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  QVERIFY(agent.write(R"([[{"/tandem/k":"a"}]])").status.isOk());
  const AgencyOutcome outcome = agent.write(
      R"([[{"/tandem/k":"b"},{"/tandem/k":{"oldEmpty":true}}],
          [{"/tandem/k":"c"},{"/tandem/k":{"old":"a"}}]])");
  QVERIFY2(outcome.status.isOk(), outcome.status.message().c_str());
  QVERIFY(outcome.preconditionFailed);
  const auto& results = outcome.body.at("results").as_array();
  QCOMPARE(int(results.size()), 2);
  QCOMPARE(results[0].as_uint64(), std::uint64_t(0));
  QVERIFY(results[1].as_uint64() > 0);
  QCOMPARE(text(agent.read(R"([["/tandem/k"]])").body), QString(R"([{"tandem":{"k":"c"}}])"));
}

void AgencyDriverTest::transientStoreIsSeparateAndAnswersOneOrZero() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  AgencyDriver& driver = agent.driver();
  const AgencyOutcome written = await([&](auto done) {
    driver.writeTransient(parseWrite(R"([[{"/tandem/Sync/beat":7}],
                                         [{"/tandem/x":1},{"/tandem/x":{"oldEmpty":false}}]])"),
                          std::move(done));
  });
  QVERIFY(written.status.isOk());
  QCOMPARE(text(written.body), QString(R"({"results":[1,0]})"));
  QVERIFY(written.preconditionFailed);
  const AgencyOutcome transient = await([&](auto done) {
    driver.readTransient(parseRead(R"([["/tandem/Sync/beat"]])"), std::move(done));
  });
  QCOMPARE(text(transient.body), QString(R"([{"tandem":{"Sync":{"beat":7}}}])"));
  // Not replicated, not in the replicated store.
  QCOMPARE(text(agent.read(R"([["/tandem/Sync"]])").body), QString("[{}]"));
}

void AgencyDriverTest::receiveRefusesAnotherClusterAndNonMembers() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  AgencyDriver& driver = agent.driver();
  const std::string cluster =
      str(await([&](auto done) { driver.identity(std::move(done)); }).body, "clusterId");
  const std::uint64_t term = num(agent.config(), "term");

  auto envelope = [&](std::string cluster_id, std::string from) {
    agency::Message message;
    message.type = agency::MessageType::kAppend;
    message.from = from;
    message.to = driver.agentId();
    message.term = term + 5;  // would depose the leader if it got through
    return agency::RaftEnvelope{std::move(cluster_id), std::move(from), {message}, {}};
  };
  const AgencyOutcome foreign_cluster = await([&](auto done) {
    driver.receive(envelope("0123456789abcdef", "AGNT-other"), std::move(done));
  });
  QCOMPARE(int(foreign_cluster.status.code()), int(ErrorCode::kForbidden));
  QVERIFY(text(foreign_cluster.status.message()).contains("cluster id"));
  const AgencyOutcome no_cluster =
      await([&](auto done) { driver.receive(envelope("", "AGNT-other"), std::move(done)); });
  QCOMPARE(int(no_cluster.status.code()), int(ErrorCode::kForbidden));
  const AgencyOutcome non_member = await(
      [&](auto done) { driver.receive(envelope(cluster, "AGNT-stranger"), std::move(done)); });
  QCOMPARE(int(non_member.status.code()), int(ErrorCode::kForbidden));
  QVERIFY(text(non_member.status.message()).contains("not a member"));
  // Nothing reached the core: still the leader of the same term.
  const json::value config = agent.config();
  QCOMPARE(text(str(config, "role")), QString("leader"));
  QCOMPARE(num(config, "term"), term);
}

void AgencyDriverTest::restartKeepsDataTermAndClusterId() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  std::string cluster;
  std::uint64_t term = 0;
  std::string id;
  {
    Agent agent(false, dir.path());
    agent.startDriver();
    QVERIFY(becomesLeader(agent));
    QVERIFY(agent.write(R"([[{"/tandem/kept":{"op":"push","new":"x"}}]])").status.isOk());
    cluster =
        str(await([&](auto done) { agent.driver().identity(std::move(done)); }).body, "clusterId");
    term = num(agent.config(), "term");
    id = agent.driver().agentId();
  }
  Agent again(false, dir.path());
  again.startDriver();
  QVERIFY(becomesLeader(again));
  QCOMPARE(text(again.driver().agentId()), text(id));
  QVERIFY(num(again.config(), "term") > term);
  const AgencyOutcome identity =
      await([&](auto done) { again.driver().identity(std::move(done)); });
  QCOMPARE(text(str(identity.body, "clusterId")), text(cluster));
  QCOMPARE(text(again.read(R"([["/tandem/kept"]])").body),
           QString(R"([{"tandem":{"kept":["x"]}}])"));
}

void AgencyDriverTest::compactionKeepsDataAcrossRestart() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  constexpr int kWrites = 260;
  {
    Agent agent(false, dir.path());
    agent.setCompactEvery(100);
    agent.startDriver();
    QVERIFY(becomesLeader(agent));
    // Submitted together: they share Readies, as concurrent clients' writes do.
    std::vector<std::future<AgencyOutcome>> answers;
    for (int i = 0; i < kWrites; ++i) {
      answers.push_back(std::async(std::launch::async, [&agent] {
        return agent.write(R"([[{"/tandem/n":{"op":"increment"}}]])");
      }));
    }
    for (auto& answer : answers) QVERIFY(answer.get().status.isOk());
  }
  {
    auto log = agency::SqliteLogStore::open(dir.path().toStdString());
    QVERIFY(log.isOk());
    QVERIFY2((*log)->snapshot().meta.index >= 100, "the log was compacted");
    QVERIFY((*log)->firstIndex() == (*log)->snapshot().meta.index + 1);
  }
  Agent again(false, dir.path());
  again.startDriver();
  QVERIFY(becomesLeader(again));
  QCOMPARE(text(again.read(R"([["/tandem/n"]])").body),
           QString(R"([{"tandem":{"n":%1}}])").arg(kWrites));
}

void AgencyDriverTest::callsAfterStopAnswerShuttingDown() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  agent.driver().stop();
  agent.driver().stop();  // idempotent
  QCOMPARE(int(agent.write(R"([[{"/tandem/k":1}]])").status.code()), int(ErrorCode::kShuttingDown));
  const AgencyOutcome config = await([&](auto done) { agent.driver().config(std::move(done)); });
  QCOMPARE(int(config.status.code()), int(ErrorCode::kShuttingDown));
}

void AgencyDriverTest::aFormingAgentAnswersItsIdentityButNoWrites() {
  Agent agent(false);
  // Two more agents are expected, at addresses where nobody listens: the agency cannot form.
  agent.startDriver({"tcp://127.0.0.1:1", "tcp://127.0.0.1:2"}, 3);
  const AgencyOutcome identity =
      await([&](auto done) { agent.driver().identity(std::move(done)); });
  QVERIFY(identity.status.isOk());
  QCOMPARE(text(str(identity.body, "id")), text(agent.driver().agentId()));
  QCOMPARE(text(str(identity.body, "clusterId")), QString());
  const json::value config = agent.config();
  QCOMPARE(text(str(config, "role")), QString("forming"));
  QCOMPARE(text(str(config, "leaderId")), QString());
  const AgencyOutcome written = agent.write(R"([[{"/tandem/k":1}]])");
  QCOMPARE(int(written.status.code()), int(ErrorCode::kNotLeader));
  QVERIFY(written.leaderEndpoint.empty());
  agency::RaftEnvelope envelope{"", "AGNT-other", {}, {}};
  const AgencyOutcome received =
      await([&](auto done) { agent.driver().receive(std::move(envelope), std::move(done)); });
  QCOMPARE(received.status.httpStatus(), 503);
  // The transient store needs no agency.
  const AgencyOutcome transient = await([&](auto done) {
    agent.driver().writeTransient(parseWrite(R"([[{"/tandem/beat":1}]])"), std::move(done));
  });
  QCOMPARE(text(transient.body), QString(R"({"results":[1]})"));
}

// --- groups over HTTP ------------------------------------------------------------------------

void AgencyDriverTest::threeAgentsFormOneAgencyAndReplicate() {
  Agent a(true), b(true), c(true);
  const std::vector<std::string> endpoints{a.address(), b.address(), c.address()};
  for (Agent* agent : {&a, &b, &c}) agent->startDriver(endpoints, 3);
  const std::vector<Agent*> agents{&a, &b, &c};
  const int leader_index = agreedLeader(agents);
  QVERIFY(leader_index >= 0);
  Agent& leader = *agents[leader_index];
  Agent& follower = *agents[(leader_index + 1) % 3];

  // One agency: the same cluster id and the same three members everywhere.
  std::string cluster;
  for (Agent* agent : agents) {
    const AgencyOutcome identity =
        await([&](auto done) { agent->driver().identity(std::move(done)); });
    const std::string id = str(identity.body, "clusterId");
    QCOMPARE(int(id.size()), 32);
    if (cluster.empty()) cluster = id;
    QCOMPARE(text(id), text(cluster));
    QCOMPARE(int(agent->config().at("configuration").at("active").as_array().size()), 3);
  }

  const AgencyOutcome written = leader.write(R"([[{"/tandem/Plan/Leader":"SNGL-a"}]])");
  QVERIFY2(written.status.isOk(), written.status.message().c_str());
  const std::uint64_t index = written.body.at("results").as_array()[0].as_uint64();
  QCOMPARE(text(leader.read(R"([["/tandem/Plan/Leader"]])").body),
           QString(R"([{"tandem":{"Plan":{"Leader":"SNGL-a"}}}])"));
  for (Agent* agent : agents) {
    QVERIFY(waitUntil([&] { return num(agent->config(), "appliedIndex") >= index; }));
  }

  // A follower sends writers and readers to the leader.
  const AgencyOutcome redirected = follower.write(R"([[{"/tandem/x":1}]])");
  QCOMPARE(int(redirected.status.code()), int(ErrorCode::kNotLeader));
  QCOMPARE(text(redirected.leaderEndpoint), text(leader.address()));
  const AgencyOutcome read_elsewhere = follower.read(R"([["/tandem"]])");
  QCOMPARE(int(read_elsewhere.status.code()), int(ErrorCode::kNotLeader));
  QCOMPARE(text(read_elsewhere.leaderEndpoint), text(leader.address()));
  // The leader hears from both followers.
  QVERIFY(waitUntil([&] { return leader.config().at("lastAcked").as_object().size() == 3; }));
}

void AgencyDriverTest::losingTheLeaderElectsAnotherThatTakesWrites() {
  Agent a(true), b(true), c(true);
  const std::vector<std::string> endpoints{a.address(), b.address(), c.address()};
  for (Agent* agent : {&a, &b, &c}) agent->startDriver(endpoints, 3);
  std::vector<Agent*> agents{&a, &b, &c};
  const int first = agreedLeader(agents);
  QVERIFY(first >= 0);
  QVERIFY(agents[first]->write(R"([[{"/tandem/before":1}]])").status.isOk());
  const std::string old_leader = agents[first]->driver().agentId();
  agents[first]->shutDown();
  agents.erase(agents.begin() + first);

  const int second = agreedLeader(agents);
  QVERIFY(second >= 0);
  Agent& leader = *agents[second];
  QVERIFY(leader.driver().agentId() != old_leader);
  AgencyOutcome written;
  // The first write of a new leader may still find it committing its term's first entry.
  QVERIFY(waitUntil([&] {
    written = leader.write(R"([[{"/tandem/after":2}]])");
    return written.status.isOk();
  }));
  QCOMPARE(text(leader.read(R"([["/tandem/before","/tandem/after"]])").body),
           QString(R"([{"tandem":{"before":1,"after":2}}])"));
}

void AgencyDriverTest::anAgentWithAnEmptyDirectoryJoinsWhenAdded() {
  Agent a(true), b(true), c(true);
  const std::vector<std::string> endpoints{a.address(), b.address(), c.address()};
  for (Agent* agent : {&a, &b, &c}) agent->startDriver(endpoints, 3);
  const std::vector<Agent*> agents{&a, &b, &c};
  const int leader_index = agreedLeader(agents);
  QVERIFY(leader_index >= 0);
  Agent& leader = *agents[leader_index];
  const AgencyOutcome written = leader.write(R"([[{"/tandem/seen":"by the newcomer"}]])");
  QVERIFY(written.status.isOk());
  const std::uint64_t index = written.body.at("results").as_array()[0].as_uint64();

  // A fourth agent pointed at one member: the agency has formed, so it waits to be added.
  Agent d(true);
  d.startDriver({a.address()}, 1);
  QVERIFY(waitUntil([&] { return d.role() == "waiting"; }));
  QCOMPARE(int(d.config().at("configuration").at("active").as_array().size()), 0);

  // Only the leader adds members.
  Agent& follower = *agents[(leader_index + 1) % 3];
  const AgencyOutcome refused =
      await([&](auto done) { follower.driver().addMember(d.address(), std::move(done)); });
  QCOMPARE(int(refused.status.code()), int(ErrorCode::kNotLeader));

  AgencyOutcome added;
  QVERIFY(waitUntil([&] {
    added = await([&](auto done) { leader.driver().addMember(d.address(), std::move(done)); });
    return added.status.code() != ErrorCode::kLeadershipChallengeOngoing;
  }));
  QVERIFY2(added.status.isOk(), added.status.message().c_str());
  QCOMPARE(text(str(added.body, "id")), text(d.driver().agentId()));
  QCOMPARE(int(added.body.at("configuration").at("active").as_array().size()), 4);

  // It catches up, under the agency's cluster id.
  QVERIFY(waitUntil(
      [&] { return d.role() == "follower" && num(d.config(), "appliedIndex") >= index; }));
  const std::string cluster =
      str(await([&](auto done) { leader.driver().identity(std::move(done)); }).body, "clusterId");
  QCOMPARE(
      text(str(await([&](auto done) { d.driver().identity(std::move(done)); }).body, "clusterId")),
      text(cluster));

  // And leaves again when removed.
  const AgencyOutcome removed = await(
      [&](auto done) { leader.driver().removeMember(d.driver().agentId(), std::move(done)); });
  QVERIFY2(removed.status.isOk(), removed.status.message().c_str());
  QCOMPARE(int(removed.body.at("configuration").at("active").as_array().size()), 3);
}

// --- data nodes ------------------------------------------------------------------------------

void AgencyDriverTest::heartbeatIsRecordedAndAnsweredWithPlanAndLease() {
  Agent agent(false);
  agent.startDriver();
  QVERIFY(becomesLeader(agent));
  AgencyDriver& driver = agent.driver();
  const AgencyOutcome bad =
      await([&](auto done) { driver.heartbeat("{\"id\":1}", std::move(done)); });
  QCOMPARE(int(bad.status.code()), int(ErrorCode::kBadParameter));

  registerServers(agent, {"SNGL-a"});
  const AgencyOutcome answer = await(
      [&](auto done) { driver.heartbeat(heartbeatBody("SNGL-a", "tryagain"), std::move(done)); });
  QVERIFY2(answer.status.isOk(), answer.status.message().c_str());
  QCOMPARE(text(str(answer.body, "agent")), text(driver.agentId()));
  QCOMPARE(text(str(answer.body, "agencyLeader")), text(driver.agentId()));
  QVERIFY(num(answer.body, "appliedIndex") >= 2);
  QCOMPARE(answer.body.at("lease").as_bool(), false);
  QVERIFY(answer.body.at("plan").at("singles").as_object().contains("SNGL-a"));
  QCOMPARE(text(str(answer.body.at("servers").at("SNGL-a"), "state")), QString("tryagain"));
  // Mirrored into the transient store.
  const AgencyOutcome states = await([&](auto done) {
    driver.readTransient(parseRead(R"([["/tandem/Sync/ServerStates/SNGL-a/state"]])"),
                         std::move(done));
  });
  QCOMPARE(text(states.body),
           QString(R"([{"tandem":{"Sync":{"ServerStates":{"SNGL-a":{"state":"tryagain"}}}}}])"));

  // The supervision of this agency of one makes the heartbeating server the first leader, at
  // one term above what it has applied; its heartbeats as leader then get the lease.
  FakeNodes nodes({&agent});
  nodes.set("SNGL-a", "tryagain", 1, 5);
  QVERIFY(waitUntil([&] { return planLeader(agent) == "SNGL-a@2"; }));
  QVERIFY(waitUntil([&] {
    const AgencyOutcome leading = await([&](auto done) {
      driver.heartbeat(heartbeatBody("SNGL-a", "leader", 2), std::move(done));
    });
    return leading.status.isOk() && leading.body.at("lease").as_bool();
  }));
  // A claim at another term is refused.
  const AgencyOutcome wrong_term = await(
      [&](auto done) { driver.heartbeat(heartbeatBody("SNGL-a", "leader", 3), std::move(done)); });
  QCOMPARE(wrong_term.body.at("lease").as_bool(), false);
}

void AgencyDriverTest::supervisionElectsAFirstLeaderThenFailsOverToTheMostAdvancedFollower() {
  Agent a(true), b(true), c(true);
  const std::vector<std::string> endpoints{a.address(), b.address(), c.address()};
  for (Agent* agent : {&a, &b, &c}) agent->startDriver(endpoints, 3);
  std::vector<Agent*> agents{&a, &b, &c};
  const int leader_index = agreedLeader(agents);
  QVERIFY(leader_index >= 0);
  Agent& leader = *agents[leader_index];
  registerServers(leader, {"SNGL-a", "SNGL-b", "SNGL-c"});

  FakeNodes nodes(agents);
  nodes.set("SNGL-a", "tryagain", 1, 10);
  nodes.set("SNGL-b", "tryagain", 1, 30);
  nodes.set("SNGL-c", "tryagain", 1, 20);
  QVERIFY(waitUntil([&] { return planLeader(leader) == "SNGL-b@2"; }));

  // b leads; a has applied more of b's history than c.
  nodes.set("SNGL-b", "leader", 2, 60, "", 2);
  nodes.set("SNGL-a", "follower", 2, 50, "SNGL-b");
  nodes.set("SNGL-c", "follower", 2, 40, "SNGL-b");
  // Health GOOD for all three before b goes silent.
  QVERIFY(waitUntil([&] {
    const AgencyOutcome health = leader.read(R"([["/tandem/Supervision/Health/SNGL-b/Status"]])");
    return text(health.body).contains("GOOD");
  }));
  nodes.silence("SNGL-b");
  QVERIFY(waitUntil([&] { return planLeader(leader) == "SNGL-a@3"; }));
  const AgencyOutcome health = leader.read(R"([["/tandem/Supervision/Health/SNGL-b/Status"]])");
  QCOMPARE(text(health.body),
           QString(R"([{"tandem":{"Supervision":{"Health":{"SNGL-b":{"Status":"FAILED"}}}}}])"));
}

QTEST_GUILESS_MAIN(AgencyDriverTest)
#include "tst_agency_driver.moc"
