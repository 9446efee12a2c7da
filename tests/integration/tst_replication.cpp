// Replication end to end: a real leader process (tandem-node) and an in-process follower (a
// Store and the ReplicationDriver that follows the leader over HTTP): initial sync, tailing a
// concurrent write load, restart and catch-up, a wiped follower's full resync, and a divergent
// follower that saves its divergent entries to a rollback file and converges.
//
// "Identical" is checked on documents (every key with the same JSON) and on positions (the
// follower's last applied tick equals the leader's last tick).
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "cluster/http_client.h"
#include "cluster/replication_driver.h"
#include "node_process.h"
#include "tandem/store.h"
#include "tandem/store_snapshot.h"

using tandem::node::cluster::ApplierPhase;
using tandem::node::cluster::FollowTarget;
using tandem::node::cluster::ReplicationDriver;
using tandem::node::cluster::ReplicationOptions;
using tandem::node::cluster::SyncHttpClient;
using namespace std::chrono_literals;

namespace {

constexpr auto kCatchUp = 30s;
using Documents = std::map<std::string, boost::json::value>;

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

std::string docsArray(int from, int count, const std::string& prefix) {
  std::string body = "[";
  for (int i = from; i < from + count; ++i) {
    if (i > from) body += ",";
    body += R"({"_key":")" + prefix + std::to_string(i) + R"(","n":)" + std::to_string(i) +
            R"(,"text":"some payload to copy"})";
  }
  return body + "]";
}

// The follower: a store in a directory of its own and the driver following the leader.
class Follower {
 public:
  explicit Follower(std::string dir) : dir_(std::move(dir)) {}
  ~Follower() { close(); }

  bool open() {
    tandem::StoreOptions options;
    options.directory = dir_;
    auto store = tandem::Store::open(options);
    if (!store) return false;
    store_ = std::move(*store);
    ReplicationOptions replication;
    replication.database_directory = dir_;
    replication.server_id = store_->serverId();
    replication.tail_wait = 500ms;
    replication.retry_backoff = 200ms;
    replication.dump_chunk_bytes = 64 * 1024;
    driver_ = std::make_unique<ReplicationDriver>(*store_, replication);
    driver_->start();
    return true;
  }
  void follow(const tandem::test::NodeProcess& leader) {
    driver_->follow(FollowTarget{"SNGL-leader", leader.endpoint().toStdString(), 0});
  }
  void close() {
    if (driver_) driver_->stop();
    driver_.reset();
    if (store_) store_->close();
    store_.reset();
  }

  tandem::Store& store() { return *store_; }
  ReplicationDriver& driver() { return *driver_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::unique_ptr<tandem::Store> store_;
  std::unique_ptr<ReplicationDriver> driver_;
};

}  // namespace

class ReplicationTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void initialSyncCopiesTheLeader();
  void tailingFollowsAConcurrentWriteLoad();
  void restartedFollowerCatchesUpWithoutResync();
  void wipedFollowerResyncsFully();
  void divergentFollowerSavesARollbackFileAndConverges();

 private:
  std::uint64_t leaderLastTick();
  Documents leaderDocuments(const std::string& collection);
  static Documents followerDocuments(tandem::Store& store, const std::string& collection);
  bool post(const std::string& target, const std::string& body);
  bool caughtUp(Follower& follower);
  void verifyIdentical(Follower& follower);

  QTemporaryDir dir_;
  std::unique_ptr<tandem::test::NodeProcess> leader_;
  std::unique_ptr<SyncHttpClient> client_;
  std::unique_ptr<Follower> follower_;
};

void ReplicationTest::initTestCase() {
  QVERIFY(dir_.isValid());
  QDir(dir_.path()).mkpath("leader");
  leader_ = std::make_unique<tandem::test::NodeProcess>(dir_.filePath("leader"));
  QVERIFY2(leader_->start(), qPrintable(leader_->stderrText()));
  client_ = std::make_unique<SyncHttpClient>(leader_->endpoint().toStdString());
  QVERIFY(post("/_api/collection", R"({"name":"c"})"));
  QVERIFY(post("/_api/database", R"({"name":"shop"})"));
  QVERIFY(post("/_db/shop/_api/collection",
               R"({"name":"orders","keyOptions":{"type":"autoincrement"}})"));
  for (int i = 0; i < 3000; i += 500) QVERIFY(post("/_api/document/c", docsArray(i, 500, "k")));
  QVERIFY(post("/_db/shop/_api/document/orders", R"([{"total":1},{"total":2},{"total":3}])"));
}

void ReplicationTest::cleanupTestCase() {
  if (follower_) follower_->close();
  follower_.reset();
  client_.reset();
  leader_.reset();
}

bool ReplicationTest::post(const std::string& target, const std::string& body) {
  auto reply = client_->request("POST", target, body, 30s);
  return reply.isOk() && reply->status >= 200 && reply->status < 300;
}

std::uint64_t ReplicationTest::leaderLastTick() {
  auto reply = client_->request("GET", "/_api/wal/lastTick", "", 10s);
  if (!reply.isOk() || reply->status != 200) return 0;
  auto body = boost::json::parse(reply->body);
  return std::stoull(std::string(body.at("tick").as_string()));
}

// The leader's documents through its own replication API (a batch and dump chunks).
Documents ReplicationTest::leaderDocuments(const std::string& collection) {
  Documents out;
  auto batch = client_->request("POST", "/_api/replication/batch", R"({"ttl":60})", 10s);
  if (!batch.isOk() || batch->status != 200) return out;
  const std::string id(boost::json::parse(batch->body).at("id").as_string());
  std::string after;
  for (;;) {
    std::string target =
        "/_api/replication/dump?batchId=" + id + "&collection=" + collection + "&chunkSize=1000000";
    if (!after.empty()) target += "&after=" + after;
    auto dump = client_->request("GET", target, "", 10s);
    if (!dump.isOk() || dump->status != 200) break;
    std::size_t start = 0;
    while (start < dump->body.size()) {
      const std::size_t end = dump->body.find('\n', start);
      auto line = boost::json::parse(std::string_view(dump->body).substr(start, end - start));
      const auto& data = line.at("data");
      out[std::string(data.at("_key").as_string())] = data;
      start = end + 1;
    }
    after = dump->header("x-tandem-dump-last");
    if (dump->header("x-arango-replication-checkmore") != "true") break;
  }
  (void)client_->request("DELETE", "/_api/replication/batch/" + id, "", 10s);
  return out;
}

Documents ReplicationTest::followerDocuments(tandem::Store& store, const std::string& collection) {
  Documents out;
  auto snapshot = store.openSnapshot();
  if (!snapshot) return out;
  std::string after;
  for (;;) {
    auto chunk = (*snapshot)->dump("_system", collection, after, 1000);
    if (!chunk) break;
    for (const auto& doc : chunk->docs) out[doc.key] = boost::json::parse(doc.json);
    if (!chunk->more || chunk->docs.empty()) break;
    after = chunk->last_key;
  }
  return out;
}

bool ReplicationTest::caughtUp(Follower& follower) {
  const auto status = follower.driver().applierStatus();
  return status.phase == ApplierPhase::kTailing &&
         follower.store().lastPosition().tick == leaderLastTick();
}

void ReplicationTest::verifyIdentical(Follower& follower) {
  QVERIFY2(waitUntil([&] { return caughtUp(follower); }, kCatchUp),
           follower.driver().applierStatus().last_error.c_str());
  QCOMPARE(follower.store().lastPosition().tick, leaderLastTick());
  const Documents leader = leaderDocuments("c");
  QVERIFY(!leader.empty());
  const Documents mine = followerDocuments(follower.store(), "c");
  QCOMPARE(mine.size(), leader.size());
  QVERIFY(mine == leader);
  auto orders = follower.store().count("shop", "orders");
  QVERIFY(orders.isOk());
  QVERIFY(*orders >= 3);
}

void ReplicationTest::initialSyncCopiesTheLeader() {
  follower_ = std::make_unique<Follower>(dir_.filePath("follower").toStdString());
  QVERIFY(follower_->open());
  follower_->follow(*leader_);
  verifyIdentical(*follower_);
  const auto status = follower_->driver().applierStatus();
  QVERIFY(status.sync.documents >= 3003);
  QCOMPARE(status.sync.documents_total, status.sync.documents);
  QCOMPARE(status.resyncs, std::uint64_t(0));
  auto collection = follower_->store().collection("shop", "orders");
  QVERIFY(collection.isOk());
  QCOMPARE(collection->key_options.type, tandem::KeyGeneratorType::kAutoincrement);
}

void ReplicationTest::tailingFollowsAConcurrentWriteLoad() {
  QVERIFY(follower_);
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    SyncHttpClient client(leader_->endpoint().toStdString());
    for (int round = 0; writing.load() && round < 400; ++round) {
      std::string body = docsArray(10000 + round * 20, 20, "load");
      auto inserted = client.request("POST", "/_api/document/c", body, 10s);
      auto updated = client.request("PATCH", "/_api/document/c/k" + std::to_string(round),
                                    R"({"updated":true})", 10s);
      auto removed =
          client.request("DELETE", "/_api/document/c/k" + std::to_string(2000 + round), "", 10s);
      if (!inserted.isOk() || !updated.isOk() || !removed.isOk()) ++failures;
    }
  });
  std::this_thread::sleep_for(2s);
  writing = false;
  writer.join();
  QCOMPARE(failures.load(), 0);
  verifyIdentical(*follower_);
  const auto status = follower_->driver().applierStatus();
  QVERIFY(status.entries_applied > 0);
  QCOMPARE(status.lag_ticks, std::uint64_t(0));
  // The leader heard the follower: its tail requests name it.
  auto state = client_->request("GET", "/_api/replication/logger-state", "", 10s);
  QVERIFY(state.isOk());
  QCOMPARE(state->status, 200);
}

void ReplicationTest::restartedFollowerCatchesUpWithoutResync() {
  QVERIFY(follower_);
  follower_->close();
  QVERIFY(post("/_api/document/c", docsArray(0, 300, "after-restart")));
  QVERIFY(follower_->open());
  follower_->follow(*leader_);
  verifyIdentical(*follower_);
  QCOMPARE(follower_->driver().applierStatus().resyncs, std::uint64_t(0));
  QCOMPARE(follower_->driver().applierStatus().sync.documents, std::uint64_t(0));
}

void ReplicationTest::wipedFollowerResyncsFully() {
  QVERIFY(follower_);
  follower_->close();
  std::filesystem::remove_all(follower_->dir());
  QVERIFY(post("/_api/document/c", docsArray(0, 100, "while-wiped")));
  QVERIFY(follower_->open());
  QCOMPARE(follower_->store().lastPosition(), tandem::OplogPosition{});
  follower_->follow(*leader_);
  verifyIdentical(*follower_);
  QVERIFY(follower_->driver().applierStatus().sync.documents > 3000);
}

void ReplicationTest::divergentFollowerSavesARollbackFileAndConverges() {
  QVERIFY(follower_);
  // The follower briefly led a term of its own and wrote what the leader never saw.
  follower_->driver().stopFollowing();
  tandem::Store& store = follower_->store();
  const std::uint64_t fork = store.lastPosition().tick;
  std::promise<tandem::Result<tandem::OplogPosition>> began;
  store.beginTerm(store.currentTerm() + 5, "SNGL-follower",
                  [&](tandem::Result<tandem::OplogPosition> done) { began.set_value(done); });
  QVERIFY(began.get_future().get().isOk());
  std::promise<tandem::Result<tandem::WriteResult>> wrote;
  tandem::WriteOptions replace;
  replace.overwrite_mode = tandem::OverwriteMode::kReplace;
  store.insert("_system", "c", R"([{"_key":"only-here"},{"_key":"k1","mine":true}])", replace,
               [&](tandem::Result<tandem::WriteResult> done) { wrote.set_value(done); });
  QVERIFY(wrote.get_future().get().isOk());
  QVERIFY(post("/_api/document/c", docsArray(0, 50, "leader-moved-on")));

  follower_->follow(*leader_);
  verifyIdentical(*follower_);
  const auto status = follower_->driver().applierStatus();
  QVERIFY(status.rollbacks >= 1);
  QVERIFY(!store.get("_system", "c", "only-here").isOk());
  // The divergent entries are kept: header line, the term start and the two documents.
  const auto rollback_dir = std::filesystem::path(follower_->dir()) / "rollback";
  QVERIFY(std::filesystem::exists(rollback_dir));
  std::size_t lines = 0;
  bool names_the_key = false;
  for (const auto& file : std::filesystem::directory_iterator(rollback_dir)) {
    QVERIFY(file.path().filename().string().find("-" + std::to_string(fork)) != std::string::npos);
    std::ifstream in(file.path());
    for (std::string line; std::getline(in, line);) {
      ++lines;
      names_the_key = names_the_key || line.find("only-here") != std::string::npos;
    }
  }
  QCOMPARE(lines, std::size_t(4));
  QVERIFY(names_the_key);
}

QTEST_GUILESS_MAIN(ReplicationTest)
#include "tst_replication.moc"
