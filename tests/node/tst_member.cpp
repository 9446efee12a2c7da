// Member, the driver of a data node's membership, in-process: three nodes on loopback ports,
// each running an agent (AgencyDriver) and a member (Membership: ReplicationDriver + Member)
// behind the node's real HTTP server and router, as `tandem-node` wires them. Registration,
// the first leader, write admission under the lease, losing the lease when the agents stop
// answering, and a switchover.

// Before any Qt header: http_server.h names a parameter `signals`, which Qt defines as a macro.
#include "http/http_server.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "cluster/agency_client.h"
#include "cluster/agency_driver.h"
#include "cluster/membership.h"
#include "http/metrics.h"
#include "http/router.h"
#include "node_options.h"
#include "tandem/store.h"

using namespace std::chrono_literals;
using tandem::ErrorCode;
using tandem::Status;
using tandem::node::NodeOptions;
using tandem::node::cluster::AgencyClient;
using tandem::node::cluster::AgencyClientOptions;
using tandem::node::cluster::AgencyDriver;
using tandem::node::cluster::AgencyDriverOptions;
using tandem::node::cluster::AgencyWriteOutcome;
using tandem::node::cluster::MemberService;
using tandem::node::cluster::Membership;
using tandem::node::cluster::ServingMode;
namespace json = boost::json;

namespace {

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds bound = 20s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

struct Admission {
  Status status = Status::ok();
  std::string endpoint;
};

Admission admit(MemberService& member) {
  auto promise = std::make_shared<std::promise<Admission>>();
  auto future = promise->get_future();
  member.admitWrite([promise](Status status, std::string endpoint) {
    promise->set_value(Admission{std::move(status), std::move(endpoint)});
  });
  if (future.wait_for(20s) != std::future_status::ready) {
    return Admission{Status::error(ErrorCode::kInternal, "no answer"), ""};
  }
  return future.get();
}

struct OperationAnswer {
  Status status = Status::ok();
  json::object body;
};

OperationAnswer await(const std::function<void(MemberService::Callback)>& call) {
  auto promise = std::make_shared<std::promise<OperationAnswer>>();
  auto future = promise->get_future();
  call([promise](Status status, json::object body) {
    promise->set_value(OperationAnswer{std::move(status), std::move(body)});
  });
  if (future.wait_for(30s) != std::future_status::ready) {
    return OperationAnswer{Status::error(ErrorCode::kInternal, "no answer"), {}};
  }
  return future.get();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

// One node: a store, the HTTP server in front of its router, an agent and a member.
class ClusterNode {
 public:
  ClusterNode() {
    tandem::StoreOptions store_options;
    store_options.directory = dir_.path().toStdString();
    auto store = tandem::Store::open(store_options);
    if (!store) qFatal("cannot open a store: %s", store.status().message().c_str());
    store_ = std::move(*store);
    context_.store = store_.get();
    context_.metrics = &metrics_;
    router_ = std::make_unique<tandem::node::Router>(context_);
    tandem::node::HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 2;
    options.shutdown_grace = 1s;
    server_ = std::make_unique<tandem::node::HttpServer>(options, *router_, context_);
    auto bound = server_->listen();
    if (!bound) qFatal("cannot listen: %s", bound.status().message().c_str());
    address_ = *bound;
    context_.endpoint = address_;
    serving_ = std::thread([this] { server_->run(); });
  }

  ~ClusterNode() { shutDown(); }

  void startAgent(const std::vector<std::string>& agents) {
    AgencyDriverOptions options;
    options.directory = dir_.path().toStdString();
    options.my_address = address_;
    options.endpoints = agents;
    options.size = static_cast<int>(agents.size());
    options.election_timeout_min = 150ms;
    options.election_timeout_max = 300ms;
    auto driver = AgencyDriver::open(options);
    if (!driver) qFatal("cannot open the agent: %s", driver.status().message().c_str());
    agent_ = std::move(*driver);
    context_.agency = agent_.get();
    agent_->start();
  }

  void startMember(const std::vector<std::string>& agents) {
    NodeOptions options;
    options.database_directory = dir_.path().toStdString();
    options.cluster.my_address = *tandem::node::parseEndpoint(address_);
    for (const std::string& agent : agents) {
      options.cluster.agency_endpoints.push_back(*tandem::node::parseEndpoint(agent));
    }
    options.cluster.switchover_timeout = 5s;
    membership_ = std::make_unique<Membership>(options, *store_, context_);
  }

  void stopAgent() {
    if (agent_) agent_->stop();
  }

  void shutDown() {
    if (membership_) membership_->stop();
    stopAgent();
    context_.agency = nullptr;
    if (server_) {
      server_->stop();
      if (serving_.joinable()) serving_.join();
    }
    if (store_) store_->close();
    membership_.reset();
    agent_.reset();
    server_.reset();
    store_.reset();
  }

  MemberService& member() { return *context_.member; }
  ServingMode mode() { return context_.member->snapshot().mode; }
  std::string id() const { return store_->serverId(); }
  const std::string& address() const { return address_; }
  tandem::Store& store() { return *store_; }

 private:
  QTemporaryDir dir_;
  std::unique_ptr<tandem::Store> store_;
  tandem::node::Metrics metrics_;
  tandem::node::NodeContext context_;
  std::unique_ptr<tandem::node::Router> router_;
  std::unique_ptr<tandem::node::HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<AgencyDriver> agent_;
  std::unique_ptr<Membership> membership_;
  std::string address_;
};

// Three nodes, each an agent and a member, started together.
class Cluster {
 public:
  Cluster() {
    for (int i = 0; i < 3; ++i) nodes_.push_back(std::make_unique<ClusterNode>());
    std::vector<std::string> agents;
    for (auto& node : nodes_) agents.push_back(node->address());
    for (auto& node : nodes_) node->startAgent(agents);
    for (auto& node : nodes_) node->startMember(agents);
  }
  ClusterNode& node(int i) { return *nodes_[i]; }

  // The index of the one serving leader once the others follow it, or -1.
  int leader() {
    int found = -1;
    waitUntil([&] {
      found = -1;
      int followers = 0;
      for (int i = 0; i < 3; ++i) {
        const auto snapshot = nodes_[i]->member().snapshot();
        if (snapshot.mode == ServingMode::kLeader) found = found < 0 ? i : -2;
        if (snapshot.mode == ServingMode::kFollower) ++followers;
      }
      return found >= 0 && followers == 2;
    });
    return found;
  }

 private:
  std::vector<std::unique_ptr<ClusterNode>> nodes_;
};

}  // namespace

class MemberTest : public QObject {
  Q_OBJECT

 private slots:
  void registersAndOneNodeBecomesTheServingLeader();
  void followersRefuseWritesNamingTheLeader();
  void leaderWithoutAgentsLosesItsLease();
  void switchoverHandsLeadershipToAFollower();
  void drainThenRemoveAFollower();
  void maintenanceIsSetAndCleared();
  void leavingLeaderHandsOver();
  void agencyClientReachesTheLeaderThroughAnyAgent();
  void agencyClientWithoutAgentsGivesUpAtTheDeadline();
};

void MemberTest::registersAndOneNodeBecomesTheServingLeader() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY2(leader >= 0, "no single serving leader with two followers");
  ClusterNode& node = cluster.node(leader);
  const auto snapshot = node.member().snapshot();
  QCOMPARE(text(snapshot.leader_id), text(node.id()));
  QVERIFY(snapshot.lease_valid);
  QVERIFY(snapshot.lease_remaining_ms > 0);
  QVERIFY(snapshot.term >= 1);
  // Its term began in the store before it served.
  QCOMPARE(node.store().currentTerm(), snapshot.term);
  QVERIFY(node.member().checkAcknowledge().isOk());
  QVERIFY(admit(node.member()).status.isOk());
  // Every node registered and is heard: GOOD in everyone's health view.
  QVERIFY(waitUntil([&] {
    const json::object health = cluster.node((leader + 1) % 3).member().clusterHealth();
    const json::value* servers = health.if_contains("Health");
    if (!servers || servers->as_object().size() != 3) return false;
    for (const auto& server : servers->as_object()) {
      if (server.value().as_object().at("Status").as_string() != "GOOD") return false;
    }
    return true;
  }));
  // Endpoints: the leader first, then both followers.
  const auto endpoints = cluster.node((leader + 2) % 3).member().endpoints();
  QCOMPARE(int(endpoints.size()), 3);
  QCOMPARE(text(endpoints.front()), text(node.address()));
  const std::string metrics = node.member().metricsText();
  QVERIFY(metrics.find("tandem_cluster_role{role=\"leader\"} 1") != std::string::npos);
  QVERIFY(metrics.find("tandem_cluster_lease_valid 1") != std::string::npos);
  QVERIFY(metrics.find("tandem_replication_writes_at_risk ") != std::string::npos);
  // Once both followers have tailed the leader's term start, nothing acknowledged is at risk.
  QVERIFY(waitUntil(
      [&] { return node.member().status().at("writesAtRisk").to_number<std::uint64_t>() == 0; },
      10s));
}

void MemberTest::followersRefuseWritesNamingTheLeader() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY(leader >= 0);
  ClusterNode& follower = cluster.node((leader + 1) % 3);
  const Admission refused = admit(follower.member());
  QCOMPARE(refused.status.code(), ErrorCode::kNotLeader);
  QCOMPARE(text(refused.endpoint), text(cluster.node(leader).address()));
  QVERIFY(!follower.member().checkAcknowledge().isOk());
  const json::object status = follower.member().status();
  QCOMPARE(text(std::string(status.at("role").as_string())), QString("follower"));
}

void MemberTest::leaderWithoutAgentsLosesItsLease() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY(leader >= 0);
  // Two of three agents stop answering: no majority grants the lease any more.
  cluster.node((leader + 1) % 3).stopAgent();
  cluster.node((leader + 2) % 3).stopAgent();
  const auto lost_at = std::chrono::steady_clock::now();
  QVERIFY(waitUntil([&] { return !cluster.node(leader).member().snapshot().lease_valid; }, 5s));
  // The lease ran out within its length (1 s), plus slack for a loaded machine.
  QVERIFY(std::chrono::steady_clock::now() - lost_at < 2500ms);
  const Admission refused = admit(cluster.node(leader).member());
  QCOMPARE(refused.status.code(), ErrorCode::kLeadershipChallengeOngoing);
  QCOMPARE(cluster.node(leader).member().checkAcknowledge().code(),
           ErrorCode::kLeadershipChallengeOngoing);
}

void MemberTest::switchoverHandsLeadershipToAFollower() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY(leader >= 0);
  ClusterNode& old_leader = cluster.node(leader);
  ClusterNode& target = cluster.node((leader + 1) % 3);
  const std::uint64_t term = old_leader.member().snapshot().term;
  // The target must be GOOD in the leader's view before it can take over.
  QVERIFY(waitUntil([&] {
    const json::object health = old_leader.member().clusterHealth();
    const json::value* entry = health.at("Health").as_object().if_contains(target.id());
    return entry && entry->as_object().at("Status").as_string() == "GOOD";
  }));
  const OperationAnswer answer = await([&](MemberService::Callback done) {
    old_leader.member().switchover(target.id(), 5s, std::move(done));
  });
  QVERIFY2(answer.status.isOk(), answer.status.message().c_str());
  QCOMPARE(text(std::string(answer.body.at("to").as_string())), text(target.id()));
  QCOMPARE(answer.body.at("term").to_number<std::uint64_t>(), term + 1);
  const auto pause_ms = answer.body.at("writePauseMs").to_number<std::int64_t>();
  qInfo("switchover write pause: %lld ms", static_cast<long long>(pause_ms));
  QVERIFY(pause_ms >= 0 && pause_ms < 5000);
  // The old leader stopped serving at once and names the target.
  const Admission refused = admit(old_leader.member());
  QCOMPARE(refused.status.code(), ErrorCode::kNotLeader);
  QCOMPARE(text(refused.endpoint), text(target.address()));
  // The target begins term t+1 and serves.
  QVERIFY(waitUntil([&] { return target.mode() == ServingMode::kLeader; }, 10s));
  QCOMPARE(target.member().snapshot().term, term + 1);
  QCOMPARE(target.store().currentTerm(), term + 1);
  QVERIFY(waitUntil([&] { return old_leader.mode() == ServingMode::kFollower; }, 5s));
}

void MemberTest::drainThenRemoveAFollower() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY(leader >= 0);
  ClusterNode& follower = cluster.node((leader + 1) % 3);
  ClusterNode& other = cluster.node((leader + 2) % 3);
  // Removal needs a drained server.
  OperationAnswer answer = await(
      [&](MemberService::Callback done) { other.member().remove(follower.id(), std::move(done)); });
  QCOMPARE(answer.status.code(), ErrorCode::kBadParameter);
  QVERIFY(answer.status.message().find("drain it first") != std::string::npos);
  answer = await(
      [&](MemberService::Callback done) { other.member().drain(follower.id(), std::move(done)); });
  QVERIFY2(answer.status.isOk(), answer.status.message().c_str());
  QCOMPARE(answer.body.at("draining").as_bool(), true);
  // Draining servers leave the endpoint list.
  QVERIFY(waitUntil([&] {
    const auto endpoints = cluster.node(leader).member().endpoints();
    return endpoints.size() == 2 &&
           std::find(endpoints.begin(), endpoints.end(), follower.address()) == endpoints.end();
  }));
  // The leader cannot be removed.
  answer = await([&](MemberService::Callback done) {
    other.member().remove(cluster.node(leader).id(), std::move(done));
  });
  QCOMPARE(answer.status.code(), ErrorCode::kBadParameter);
  QVERIFY(waitUntil(
      [&] {
        answer = await([&](MemberService::Callback done) {
          other.member().remove(follower.id(), std::move(done));
        });
        return answer.status.isOk();
      },
      5s));
  QVERIFY(waitUntil([&] { return follower.mode() == ServingMode::kRemoved; }, 5s));
  const auto snapshot = follower.member().snapshot();
  QVERIFY(snapshot.removed_reason.find("removed from the cluster") != std::string::npos);
  const Admission refused = admit(follower.member());
  QCOMPARE(refused.status.code(), ErrorCode::kNotLeader);
  QVERIFY(cluster.node(leader).member().snapshot().mode == ServingMode::kLeader);
}

void MemberTest::maintenanceIsSetAndCleared() {
  Cluster cluster;
  QVERIFY(cluster.leader() >= 0);
  MemberService& member = cluster.node(0).member();
  const auto wall_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  OperationAnswer answer = await([&](MemberService::Callback done) {
    member.setMaintenance(std::chrono::seconds(3600), std::move(done));
  });
  QVERIFY2(answer.status.isOk(), answer.status.message().c_str());
  const auto until = answer.body.at("maintenanceUntil").to_number<std::int64_t>();
  QVERIFY(until >= wall_now + 3600 * 1000 - 1000);
  QVERIFY(waitUntil([&] {
    return member.clusterHealth().at("maintenanceUntil").to_number<std::int64_t>() == until;
  }));
  answer = await(
      [&](MemberService::Callback done) { member.setMaintenance(std::nullopt, std::move(done)); });
  QVERIFY2(answer.status.isOk(), answer.status.message().c_str());
  QCOMPARE(answer.body.at("maintenanceUntil").to_number<std::int64_t>(), std::int64_t(0));
  QVERIFY(waitUntil([&] {
    return member.clusterHealth().at("maintenanceUntil").to_number<std::int64_t>() == 0;
  }));
}

void MemberTest::leavingLeaderHandsOver() {
  Cluster cluster;
  const int leader = cluster.leader();
  QVERIFY(leader >= 0);
  const std::uint64_t term = cluster.node(leader).member().snapshot().term;
  // Both followers must be GOOD and tailing before one can take over.
  QVERIFY(waitUntil([&] {
    const json::object health = cluster.node(leader).member().clusterHealth();
    for (const auto& server : health.at("Health").as_object()) {
      if (server.value().as_object().at("Status").as_string() != "GOOD") return false;
    }
    return true;
  }));
  cluster.node(leader).member().leave(8s);
  QVERIFY(waitUntil(
      [&] {
        for (int i = 0; i < 3; ++i) {
          if (i != leader && cluster.node(i).mode() == ServingMode::kLeader &&
              cluster.node(i).member().snapshot().term == term + 1) {
            return true;
          }
        }
        return false;
      },
      10s));
  const Admission refused = admit(cluster.node(leader).member());
  QCOMPARE(refused.status.code(), ErrorCode::kShuttingDown);
}

// Every agent is tried first once: followers redirect (307) to the leader, which applies.
void MemberTest::agencyClientReachesTheLeaderThroughAnyAgent() {
  Cluster cluster;
  QVERIFY(cluster.leader() >= 0);
  for (int first = 0; first < 3; ++first) {
    AgencyClientOptions options;
    for (int i = 0; i < 3; ++i)
      options.endpoints.push_back(cluster.node((first + i) % 3).address());
    AgencyClient client(options);
    const std::string key = "/tandem/Test/k" + std::to_string(first);
    const json::array set = json::parse(R"([[{")" + key + R"(":{"op":"set","new":1}},{")" + key +
                                        R"(":{"oldEmpty":true}}]])")
                                .as_array();
    auto result = client.write(set, 5s);
    QCOMPARE(result.outcome, AgencyWriteOutcome::kApplied);
    QCOMPARE(int(result.indexes.size()), 1);
    QVERIFY(result.indexes[0] > 0);
    // The same write again fails its precondition, and says so distinctly.
    result = client.write(set, 5s);
    QCOMPARE(result.outcome, AgencyWriteOutcome::kPreconditionFailed);
    const auto read = client.read(json::parse(R"([[")" + key + R"("]])").as_array(), 5s);
    QVERIFY2(read.isOk(), read.status().message().c_str());
    QCOMPARE(text(json::serialize(*read)),
             text(R"([{"tandem":{"Test":{"k)" + std::to_string(first) + R"(":1}}}])"));
  }
}

void MemberTest::agencyClientWithoutAgentsGivesUpAtTheDeadline() {
  AgencyClientOptions options;
  options.endpoints = {"tcp://127.0.0.1:1", "tcp://127.0.0.1:2"};
  options.request_timeout = 200ms;
  AgencyClient client(options);
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.write(json::parse(R"([[{"/tandem/x":1}]])").as_array(), 600ms);
  const auto took = std::chrono::steady_clock::now() - started;
  // Nothing answered: the write may or may not have arrived, which is not a refusal.
  QCOMPARE(result.outcome, AgencyWriteOutcome::kUnknown);
  QVERIFY(!result.status.isOk());
  QVERIFY(took >= 550ms && took < 3s);
  const auto read = client.read(json::parse(R"([["/tandem/x"]])").as_array(), 300ms);
  QCOMPARE(read.status().code(), ErrorCode::kHttpServiceUnavailable);
}

QTEST_GUILESS_MAIN(MemberTest)
#include "tst_member.moc"
