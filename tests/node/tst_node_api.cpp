// tandem::Node (node/include/tandem/node.h), in-process: real stores in temporary
// directories, real HTTP on loopback. A single server (role, callbacks, writes and reads,
// status() against GET /_admin/status, no listener, shutdown over HTTP, bad options, a locked
// directory) and a cluster of three Nodes, each with an agent (election, follower refusals
// naming the leader, dirty reads, a hand-over when the leader stops).
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http_client.h"
#include "node_process.h"
#include "tandem/node.h"

using namespace std::chrono_literals;
using tandem::ErrorCode;
using tandem::Node;
using tandem::NodeOptions;
using tandem::NodeRole;
using tandem::RoleChange;
using tandem::test::HttpClient;

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }
QString text(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

// QCOMPARE prints a QString; tandem::toString(NodeRole) would hide QTest's own toString.
QString roleName(NodeRole role) { return text(tandem::toString(role)); }

// "tcp://127.0.0.1:8529" -> "http://127.0.0.1:8529"
QString baseUrl(const std::string& endpoint) {
  return "http://" + text(endpoint).mid(QStringLiteral("tcp://").size());
}

// Every role change a Node reported, in order.
class RoleLog {
 public:
  Node::RoleCallback callback() {
    return [this](const RoleChange& change) {
      std::lock_guard lock(mutex_);
      changes_.push_back(change);
    };
  }
  std::vector<RoleChange> changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
  }
  bool reported(NodeRole role) const {
    for (const RoleChange& change : changes()) {
      if (change.role == role) return true;
    }
    return false;
  }
  std::size_t size() const { return changes().size(); }
  RoleChange last() const {
    const auto all = changes();
    return all.empty() ? RoleChange{} : all.back();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<RoleChange> changes_;
};

NodeOptions singleOptions(const QTemporaryDir& dir) {
  NodeOptions options;
  options.store.directory = dir.path().toStdString() + "/node";
  options.store.sync = tandem::SyncMode::kNormal;
  options.http.port = 0;
  options.log_level = tandem::NodeLogLevel::kError;
  return options;
}

std::unique_ptr<Node> created(NodeOptions options) {
  auto node = Node::create(std::move(options));
  if (!node) qFatal("Node::create: %s", node.status().message().c_str());
  return std::move(*node);
}

// Each role change's `previous` is the role of the change before, starting from kStopped.
bool chained(const std::vector<RoleChange>& changes) {
  NodeRole previous = NodeRole::kStopped;
  for (const RoleChange& change : changes) {
    if (change.previous != previous) return false;
    previous = change.role;
  }
  return true;
}

tandem::CollectionSpec collection(const char* name) {
  tandem::CollectionSpec spec;
  spec.name = name;
  return spec;
}

}  // namespace

class NodeApiTest : public QObject {
  Q_OBJECT

 private slots:
  void singleServerServesAndReportsItsRoles();
  void statusMatchesTheHttpStatus();
  void worksWithoutAListener();
  void shutdownOverHttpEndsWait();
  void restartOverHttpIsReportedToTheApplication();
  void startTwiceIsRefused();
  void badOptionsAreRefusedNamingTheOption_data();
  void badOptionsAreRefusedNamingTheOption();
  void lockedDirectoryIsRefused();
  void clusterElectsHandsOverAndKeepsAcknowledgedWrites();
};

void NodeApiTest::singleServerServesAndReportsItsRoles() {
  QTemporaryDir dir;
  auto node = created(singleOptions(dir));
  RoleLog roles;
  node->onRoleChange(roles.callback());
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kStopped));
  QVERIFY2(node->start().isOk(), "start failed");
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kSingle));
  QTRY_COMPARE_WITH_TIMEOUT(roles.size(), std::size_t(1), 5000);
  QCOMPARE(roleName(roles.last().previous), roleName(NodeRole::kStopped));
  QCOMPARE(roleName(roles.last().role), roleName(NodeRole::kSingle));
  QVERIFY(text(node->serverId()).startsWith("SNGL-"));
  QCOMPARE(text(node->leaderEndpoint()), text(node->httpEndpoint()));

  QVERIFY(node->createCollectionSync("_system", collection("docs")).isOk());
  auto inserted = node->insertSync("_system", "docs", R"({"_key":"a","v":1})");
  QVERIFY2(inserted.isOk(), inserted.status().message().c_str());
  auto document = node->get("_system", "docs", "a");
  QVERIFY(document.isOk());
  QVERIFY(text(document->json).contains("\"v\":1"));
  QCOMPARE(*node->count("_system", "docs"), std::uint64_t(1));
  QCOMPARE(node->get("_system", "docs", "missing").status().code(), ErrorCode::kDocumentNotFound);
  // The same document over the node's own HTTP API.
  HttpClient client(baseUrl(node->httpEndpoint()));
  QCOMPARE(client.get("/_api/version").status, 200);
  QCOMPARE(client.get("/_api/document/docs/a").status, 200);
  // A blocking form inside a write callback is refused, not left waiting for its own thread.
  std::promise<tandem::Status> inner;
  node->insert("_system", "docs", "{}", {}, [&](tandem::Result<tandem::WriteResult>) {
    inner.set_value(node->insertSync("_system", "docs", "{}").status());
  });
  QCOMPARE(inner.get_future().get().code(), ErrorCode::kInternal);

  node->stop();
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kStopped));
  const auto changes = roles.changes();
  QCOMPARE(changes.size(), std::size_t(2));
  QCOMPARE(roleName(changes[1].previous), roleName(NodeRole::kSingle));
  QCOMPARE(roleName(changes[1].role), roleName(NodeRole::kStopped));
  QCOMPARE(node->insertSync("_system", "docs", "{}").status().code(), ErrorCode::kShuttingDown);
  QCOMPARE(node->get("_system", "docs", "a").status().code(), ErrorCode::kShuttingDown);
  node->stop();  // idempotent
  node->wait();  // returns at once once stopped
}

void NodeApiTest::statusMatchesTheHttpStatus() {
  QTemporaryDir dir;
  auto node = created(singleOptions(dir));
  QVERIFY(node->start().isOk());
  QVERIFY(node->createCollectionSync("_system", collection("docs")).isOk());
  auto inserted = node->insertSync("_system", "docs", R"({"_key":"a"})");
  QVERIFY(inserted.isOk());
  const tandem::NodeStatus status = node->status();
  QCOMPARE(roleName(status.role), roleName(NodeRole::kSingle));
  QCOMPARE(text(status.server_id), text(node->serverId()));
  QCOMPARE(text(status.http_endpoint), text(node->httpEndpoint()));
  QVERIFY(status.last_tick >= inserted->last_tick);
  const QJsonObject embedded =
      QJsonDocument::fromJson(QByteArray::fromStdString(status.json)).object();
  HttpClient client(baseUrl(node->httpEndpoint()));
  const auto reply = client.get("/_admin/status");
  QCOMPARE(reply.status, 200);
  const QJsonObject over_http = reply.json().object();
  QVERIFY(!embedded.isEmpty());
  QCOMPARE(embedded.keys(), over_http.keys());
  for (const char* field : {"id", "role", "mode", "endpoint", "version", "lastTick"}) {
    QCOMPARE(embedded.value(field), over_http.value(field));
  }
  QCOMPARE(embedded.value("id").toString(), text(status.server_id));
  QCOMPARE(embedded.value("lastTick").toString(), QString::number(status.last_tick));
  node->stop();
  QCOMPARE(roleName(node->status().role), roleName(NodeRole::kStopped));
  QVERIFY(node->status().json.empty());
}

void NodeApiTest::worksWithoutAListener() {
  QTemporaryDir dir;
  NodeOptions options = singleOptions(dir);
  options.http.enabled = false;
  auto node = created(options);
  QVERIFY(node->start().isOk());
  QVERIFY(node->httpEndpoint().empty());
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kSingle));
  QVERIFY(node->createCollectionSync("_system", collection("docs")).isOk());
  QVERIFY(node->insertSync("_system", "docs", R"({"_key":"k"})").isOk());
  QVERIFY(node->get("_system", "docs", "k").isOk());
  const QJsonObject status =
      QJsonDocument::fromJson(QByteArray::fromStdString(node->status().json)).object();
  QCOMPARE(status.value("id").toString(), text(node->serverId()));
  node->stop();
}

void NodeApiTest::shutdownOverHttpEndsWait() {
  QTemporaryDir dir;
  auto node = created(singleOptions(dir));
  RoleLog roles;
  node->onRoleChange(roles.callback());
  QVERIFY(node->start().isOk());
  auto waited = std::async(std::launch::async, [&] { node->wait(); });
  QCOMPARE(waited.wait_for(200ms), std::future_status::timeout);  // still running
  HttpClient client(baseUrl(node->httpEndpoint()));
  QCOMPARE(client.request("DELETE", "/_admin/shutdown").status, 200);
  QCOMPARE(waited.wait_for(20s), std::future_status::ready);
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kStopped));
  QCOMPARE(roleName(roles.last().role), roleName(NodeRole::kStopped));
  QVERIFY(!node->restartRequested());
}

void NodeApiTest::restartOverHttpIsReportedToTheApplication() {
  QTemporaryDir dir;
  auto node = created(singleOptions(dir));
  QVERIFY(node->start().isOk());
  HttpClient client(baseUrl(node->httpEndpoint()));
  QCOMPARE(client.post("/_admin/restart", R"({"upgrade":true})").status, 200);
  auto waited = std::async(std::launch::async, [&] { node->wait(); });
  QCOMPARE(waited.wait_for(20s), std::future_status::ready);
  bool upgrade = false;
  QVERIFY(node->restartRequested(&upgrade));
  QVERIFY(upgrade);
}

void NodeApiTest::startTwiceIsRefused() {
  QTemporaryDir dir;
  auto node = created(singleOptions(dir));
  QVERIFY(node->start().isOk());
  const tandem::Status again = node->start();
  QCOMPARE(again.code(), ErrorCode::kBadParameter);
  QVERIFY2(text(again.message()).contains("started already"), again.message().c_str());
  QCOMPARE(roleName(node->role()), roleName(NodeRole::kSingle));  // undisturbed
  // Another Node cannot listen on the same port: the error names the address.
  QTemporaryDir other_dir;
  NodeOptions same_port = singleOptions(other_dir);
  same_port.http.port =
      static_cast<std::uint16_t>(text(node->httpEndpoint()).section(':', -1).toUInt());
  auto other = created(same_port);
  const tandem::Status taken = other->start();
  QCOMPARE(taken.code(), ErrorCode::kInternal);
  QVERIFY2(text(taken.message()).contains(text(node->httpEndpoint())), taken.message().c_str());
  QCOMPARE(roleName(other->role()), roleName(NodeRole::kStopped));
  node->stop();
  // The failed start undid its steps (the store's lock too): it can start now.
  QVERIFY(other->start().isOk());
  other->stop();
}

void NodeApiTest::badOptionsAreRefusedNamingTheOption_data() {
  QTest::addColumn<int>("variant");
  QTest::addColumn<QString>("fragment");
  QTest::newRow("cluster without http") << 0 << "'http.enabled' must be true";
  QTest::newRow("lease rule") << 1 << "'cluster.leader_lease' (2 s) must be below";
  QTest::newRow("election max below min") << 2 << "'agent.election_timeout_max'";
  QTest::newRow("cluster port 0") << 3 << "'cluster.my_address' is required";
  QTest::newRow("bad agency endpoint") << 4 << "'cluster.agency_endpoints'";
  QTest::newRow("threads") << 5 << "'http.worker_threads'";
}

void NodeApiTest::badOptionsAreRefusedNamingTheOption() {
  QFETCH(int, variant);
  QFETCH(QString, fragment);
  QTemporaryDir dir;
  NodeOptions options = singleOptions(dir);
  options.http.port = 8529;
  options.cluster.agency_endpoints = {"tcp://127.0.0.1:1"};
  switch (variant) {
    case 0:
      options.http.enabled = false;
      break;
    case 1:
      options.cluster.leader_lease = 2s;
      break;
    case 2:
      options.agent.election_timeout_min = 900ms;
      options.agent.election_timeout_max = 400ms;
      break;
    case 3:
      options.http.port = 0;
      break;
    case 4:
      options.cluster.agency_endpoints = {"http://127.0.0.1:1"};
      break;
    default:
      options.http.worker_threads = 0;
  }
  auto node = Node::create(options);
  QVERIFY(!node.isOk());
  QCOMPARE(node.status().code(), ErrorCode::kBadParameter);
  QVERIFY2(text(node.status().message()).contains(fragment), node.status().message().c_str());
}

void NodeApiTest::lockedDirectoryIsRefused() {
  QTemporaryDir dir;
  auto first = created(singleOptions(dir));
  QVERIFY(first->start().isOk());
  auto second = created(singleOptions(dir));
  const tandem::Status refused = second->start();
  QCOMPARE(refused.code(), ErrorCode::kDatadirLocked);
  QCOMPARE(roleName(second->role()), roleName(NodeRole::kStopped));
  QVERIFY(first->insertSync("_system", "nope", "{}").status().code() ==
          ErrorCode::kDataSourceNotFound);  // the first is undisturbed
  first->stop();
}

namespace {

// Three Nodes, each a data node with an agent of a three-agent agency, with the short timings
// of tests/support/cluster_harness.h.
struct ThreeNodes {
  QTemporaryDir dir;
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<RoleLog>> roles;

  bool start() {
    QSet<quint16> ports;
    for (int attempt = 0; ports.size() < 3 && attempt < 50; ++attempt) {
      ports.insert(tandem::test::NodeProcess::freeLoopbackPort());
    }
    ports.remove(0);
    if (ports.size() < 3) return false;
    std::vector<std::string> agents;
    for (quint16 port : ports) agents.push_back("tcp://127.0.0.1:" + std::to_string(port));
    int index = 0;
    for (quint16 port : ports) {
      NodeOptions options;
      options.store.directory = dir.path().toStdString() + "/node" + std::to_string(index++);
      options.store.sync = tandem::SyncMode::kNormal;
      options.log_level = tandem::NodeLogLevel::kError;
      options.http.port = port;
      options.agent.enabled = true;
      options.agent.size = 3;
      options.agent.endpoints = agents;
      options.agent.election_timeout_min = 300ms;
      options.agent.election_timeout_max = 600ms;
      options.agent.supervision_grace_period = 800ms;
      options.agent.supervision_ok_threshold = 600ms;
      options.cluster.agency_endpoints = agents;
      options.cluster.heartbeat_interval = 100ms;
      options.cluster.leader_lease = 500ms;
      options.cluster.switchover_timeout = 2s;
      nodes.push_back(created(options));
      roles.push_back(std::make_unique<RoleLog>());
      nodes.back()->onRoleChange(roles.back()->callback());
    }
    for (auto& node : nodes) {
      if (!node->start().isOk()) return false;
    }
    return true;
  }

  // The index of the one leader whose two peers follow it, or -1.
  int settledLeader(const std::vector<int>& among) const {
    int leader = -1;
    for (int i : among) {
      if (nodes[i]->role() != NodeRole::kLeader) continue;
      if (leader >= 0) return -1;
      leader = i;
    }
    if (leader < 0) return -1;
    for (int i : among) {
      if (i == leader) continue;
      if (nodes[i]->role() != NodeRole::kFollower) return -1;
      if (nodes[i]->leaderEndpoint() != nodes[leader]->httpEndpoint()) return -1;
    }
    return leader;
  }
};

}  // namespace

void NodeApiTest::clusterElectsHandsOverAndKeepsAcknowledgedWrites() {
  ThreeNodes cluster;
  QVERIFY(cluster.start());
  for (auto& roles : cluster.roles) {
    // The first report (from the callback thread, so perhaps not yet delivered).
    QTRY_VERIFY_WITH_TIMEOUT(roles->size() >= 1, 5000);
    QCOMPARE(roleName(roles->changes().front().role), roleName(NodeRole::kUndecided));
  }
  int leader = -1;
  QTRY_VERIFY_WITH_TIMEOUT((leader = cluster.settledLeader({0, 1, 2})) >= 0, 30000);
  Node& lead = *cluster.nodes[leader];
  const std::string leader_endpoint = lead.httpEndpoint();
  // The callbacks say the same: the leader reported kLeader, the others follow it.
  QTRY_VERIFY_WITH_TIMEOUT(cluster.roles[leader]->last().role == NodeRole::kLeader, 5000);
  QCOMPARE(text(cluster.roles[leader]->last().leader_id), text(lead.serverId()));
  QVERIFY(cluster.roles[leader]->last().term >= 1);
  std::vector<int> followers;
  for (int i = 0; i < 3; ++i) {
    if (i == leader) continue;
    followers.push_back(i);
    QTRY_VERIFY_WITH_TIMEOUT(cluster.roles[i]->last().role == NodeRole::kFollower &&
                                 cluster.roles[i]->last().leader_endpoint == leader_endpoint,
                             5000);
    QVERIFY(!cluster.roles[i]->reported(NodeRole::kLeader));
  }

  // Writes: the leader acknowledges them; a follower names the leader.
  auto created_collection = lead.createCollectionSync("_system", collection("docs"));
  QVERIFY2(created_collection.isOk(), created_collection.status().message().c_str());
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 20; ++i) {
    const std::string key = "k" + std::to_string(i);
    auto written = lead.insertSync("_system", "docs", R"({"_key":")" + key + R"("})");
    QVERIFY2(written.isOk(), written.status().message().c_str());
    acknowledged.push_back(key);
  }
  Node& follower = *cluster.nodes[followers[0]];
  const auto refused = follower.insertSync("_system", "docs", R"({"_key":"nope"})");
  QCOMPARE(refused.status().code(), ErrorCode::kNotLeader);
  QCOMPARE(text(refused.status().leaderEndpoint()), text(leader_endpoint));
  // Reads on a follower: dirty ones see what it applied; others go to the leader.
  tandem::ReadOptions dirty;
  dirty.allow_dirty = true;
  QTRY_VERIFY_WITH_TIMEOUT(follower.get("_system", "docs", "k19", dirty).isOk(), 10000);
  const auto not_dirty = follower.get("_system", "docs", "k19");
  QCOMPARE(not_dirty.status().code(), ErrorCode::kNotLeader);
  QCOMPARE(text(not_dirty.status().leaderEndpoint()), text(leader_endpoint));

  // The leader stops: it hands over, and one of the others reports leadership.
  lead.stop();
  QCOMPARE(roleName(cluster.roles[leader]->last().role), roleName(NodeRole::kStopped));
  QVERIFY(chained(cluster.roles[leader]->changes()));
  int next = -1;
  QTRY_VERIFY_WITH_TIMEOUT(
      (next = cluster.roles[followers[0]]->last().role == NodeRole::kLeader   ? followers[0]
              : cluster.roles[followers[1]]->last().role == NodeRole::kLeader ? followers[1]
                                                                              : -1) >= 0,
      15000);
  Node& successor = *cluster.nodes[next];
  auto written = successor.insertSync("_system", "docs", R"({"_key":"after"})");
  QVERIFY2(written.isOk(), written.status().message().c_str());
  for (const std::string& key : acknowledged) {
    QVERIFY2(successor.get("_system", "docs", key).isOk(), key.c_str());
  }
  for (int i : followers) cluster.nodes[i]->stop();
  for (auto& roles : cluster.roles) {
    QCOMPARE(roleName(roles->last().role), roleName(NodeRole::kStopped));
    QVERIFY(chained(roles->changes()));
  }
}

QTEST_GUILESS_MAIN(NodeApiTest)
#include "tst_node_api.moc"
