// /_api/replication/* and /_api/wal/*: shapes, headers and status codes of the leader side of
// the replication wire, through Router::handle over a real store with a ReplicationDriver.
#include <QtTest>

#include <chrono>
#include <thread>

#include <boost/json/parse.hpp>

#include "api_harness.h"
#include "cluster/replication_driver.h"

using tandem::node::Method;
using tandem::node::Response;
using tandem::node::cluster::ReplicationDriver;
using tandem::node::cluster::ReplicationOptions;
using namespace tandem::node::testing;
using namespace std::chrono_literals;

namespace {

// The NDJSON lines of a dump or tail body, parsed.
std::vector<boost::json::object> lines(const std::string& body) {
  std::vector<boost::json::object> out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    if (end > start) {
      boost::json::error_code ec;
      auto value = boost::json::parse(std::string_view(body).substr(start, end - start), ec);
      out.push_back(!ec && value.is_object() ? value.as_object() : boost::json::object());
    }
    start = end + 1;
  }
  return out;
}

std::string str(const boost::json::object& object, const char* name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

class ReplicationHandlersTest : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void loggerStateAndServerIdHaveArangoShapes();
  void walRangeAndLastTickNameTheOplog();
  void tailAnswersNdjsonMarkersWithReplicationHeaders();
  void tailFromTheLastTickIsEmpty();
  void tailChunkSizeLimitsTheAnswerAndSetsCheckMore();
  void tailLongPollAnswersAtTheNextCommit();
  void tailLongPollWithoutCommitsEndsAfterWait();
  void tailWithAForeignTermAtFromIs409();
  void tailRecordsTheFollower();
  void followerLagIsTheAgeOfTheOldestMissingEntry();
  void prunedOplogAnswersFromPresentFalse();
  void tailRejectsBadParameters_data();
  void tailRejectsBadParameters();
  void batchLifecycle();
  void inventoryAndDumpReadThePinnedSnapshot();
  void dumpOfAnUnknownCollectionIs404AndUnknownBatchIs400();
  void termHistoryListsTheOplogTerms();

 private:
  void insertDocs(int count);

  std::unique_ptr<ApiHarness> api_;
  std::unique_ptr<ReplicationDriver> driver_;
};

void ReplicationHandlersTest::init() {
  api_ = std::make_unique<ApiHarness>();
  QVERIFY2(api_->openError().empty(), api_->openError().c_str());
  ReplicationOptions options;
  options.server_id = "SNGL-test";
  driver_ = std::make_unique<ReplicationDriver>(api_->store(), options);
  api_->context().replication = driver_.get();
  QVERIFY(api_->createCollection("c"));
}

void ReplicationHandlersTest::cleanup() {
  QCOMPARE(api_->misbehavedAnswers(), 0);
  driver_->stop();  // drops the batches before the store closes
  api_->context().replication = nullptr;
  driver_.reset();
  api_.reset();
}

void ReplicationHandlersTest::insertDocs(int count) {
  for (int i = 0; i < count; ++i) {
    QVERIFY(!api_->insert("c", R"({"_key":"k)" + std::to_string(i) + R"(","v":1})").empty());
  }
}

void ReplicationHandlersTest::loggerStateAndServerIdHaveArangoShapes() {
  insertDocs(2);
  Response response = api_->call(Method::kGet, "/_api/replication/logger-state");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  const auto& state = body.at("state").as_object();
  QVERIFY(state.at("running").as_bool());
  QCOMPARE(str(state, "lastLogTick"), std::to_string(api_->store().lastTick()));
  QCOMPARE(str(state, "lastUncommittedLogTick"), std::to_string(api_->store().lastTick()));
  QVERIFY(str(state, "time").ends_with("Z"));
  QCOMPARE(str(body.at("server").as_object(), "serverId"), api_->store().serverId());
  QVERIFY(body.at("clients").is_array());
  QVERIFY(body.at("term").is_number());

  Response id = api_->call(Method::kGet, "/_api/replication/server-id");
  QCOMPARE(id.status, 200);
  QCOMPARE(stringField(parseBody(id), "serverId"), api_->store().serverId());
}

void ReplicationHandlersTest::walRangeAndLastTickNameTheOplog() {
  insertDocs(3);
  const std::string last = std::to_string(api_->store().lastTick());
  Response range = api_->call(Method::kGet, "/_api/wal/range");
  QCOMPARE(range.status, 200);
  auto body = parseBody(range);
  QCOMPARE(stringField(body, "tickMax"), last);
  QVERIFY(std::stoull(stringField(body, "tickMin")) <= std::stoull(last));
  QVERIFY(std::stoull(stringField(body, "tickMin")) > 0);
  QCOMPARE(str(body.at("server").as_object(), "serverId"), api_->store().serverId());
  Response tick = api_->call(Method::kGet, "/_api/wal/lastTick");
  QCOMPARE(tick.status, 200);
  QCOMPARE(stringField(parseBody(tick), "tick"), last);
}

void ReplicationHandlersTest::tailAnswersNdjsonMarkersWithReplicationHeaders() {
  insertDocs(3);
  const std::uint64_t last = api_->store().lastTick();
  Response response = api_->call(Method::kPut, "/_api/wal/tail?from=0&serverId=f1", "[]");
  QCOMPARE(response.status, 200);
  QCOMPARE(response.content_type, std::string("application/x-arango-dump"));
  auto markers = lines(response.body);
  QVERIFY(markers.size() >= 4);  // the collection and three documents
  std::uint64_t previous = 0;
  for (const auto& marker : markers) {
    const std::uint64_t tick = std::stoull(str(marker, "tick"));
    QVERIFY(tick > previous);
    previous = tick;
    QVERIFY(!str(marker, "term").empty());
    QCOMPARE(str(marker, "db"), std::string("_system"));
    QCOMPARE(str(marker, "tid"), std::string("0"));
    QVERIFY(marker.at("type").is_number());
    QVERIFY(marker.at("data").is_object());
  }
  const auto& doc = markers.back();
  QCOMPARE(doc.at("type").to_number<int>(), 2300);
  QCOMPARE(str(doc, "cname"), std::string("c"));
  QCOMPARE(str(doc.at("data").as_object(), "_key"), std::string("k2"));
  QCOMPARE(headerOf(response, "x-arango-replication-lastincluded"), std::to_string(last));
  QCOMPARE(headerOf(response, "x-arango-replication-lastscanned"), std::to_string(last));
  QCOMPARE(headerOf(response, "x-arango-replication-lasttick"), std::to_string(last));
  QCOMPARE(headerOf(response, "x-arango-replication-frompresent"), std::string("true"));
  QCOMPARE(headerOf(response, "x-arango-replication-checkmore"), std::string("false"));
  QCOMPARE(headerOf(response, "x-arango-replication-active"), std::string("true"));
  QCOMPARE(headerOf(response, "x-tandem-leader-term"), std::to_string(api_->store().currentTerm()));
  // GET answers the same.
  Response get = api_->call(Method::kGet, "/_api/wal/tail?from=0");
  QCOMPARE(get.status, 200);
  QCOMPARE(get.body, response.body);
}

void ReplicationHandlersTest::tailFromTheLastTickIsEmpty() {
  insertDocs(1);
  const std::string last = std::to_string(api_->store().lastTick());
  Response response = api_->call(Method::kPut, "/_api/wal/tail?from=" + last, "[]");
  QCOMPARE(response.status, 204);
  QVERIFY(response.body.empty());
  QCOMPARE(headerOf(response, "x-arango-replication-lastincluded"), std::string("0"));
  QCOMPARE(headerOf(response, "x-arango-replication-lasttick"), last);
  QCOMPARE(headerOf(response, "x-arango-replication-checkmore"), std::string("false"));
  QCOMPARE(headerOf(response, "x-arango-replication-frompresent"), std::string("true"));
}

void ReplicationHandlersTest::tailChunkSizeLimitsTheAnswerAndSetsCheckMore() {
  insertDocs(3);
  Response response = api_->call(Method::kPut, "/_api/wal/tail?from=0&chunkSize=1", "[]");
  QCOMPARE(response.status, 200);
  auto markers = lines(response.body);
  QCOMPARE(markers.size(), std::size_t(1));
  QCOMPARE(headerOf(response, "x-arango-replication-lastincluded"), str(markers[0], "tick"));
  QCOMPARE(headerOf(response, "x-arango-replication-checkmore"), std::string("true"));
}

void ReplicationHandlersTest::tailLongPollAnswersAtTheNextCommit() {
  insertDocs(1);
  const std::string last = std::to_string(api_->store().lastTick());
  std::thread writer([this] {
    std::this_thread::sleep_for(200ms);
    api_->store().insert("_system", "c", R"({"_key":"late"})", {}, [](auto) {});
  });
  const auto started = std::chrono::steady_clock::now();
  Response response = api_->call(Method::kPut, "/_api/wal/tail?from=" + last + "&wait=5000", "[]");
  const auto took = std::chrono::steady_clock::now() - started;
  writer.join();
  QCOMPARE(response.status, 200);
  auto markers = lines(response.body);
  QCOMPARE(markers.size(), std::size_t(1));
  QCOMPARE(str(markers[0].at("data").as_object(), "_key"), std::string("late"));
  QVERIFY(took < 4s);
}

void ReplicationHandlersTest::tailLongPollWithoutCommitsEndsAfterWait() {
  const std::string last = std::to_string(api_->store().lastTick());
  const auto started = std::chrono::steady_clock::now();
  Response response = api_->call(Method::kGet, "/_api/wal/tail?from=" + last + "&wait=300");
  const auto took = std::chrono::steady_clock::now() - started;
  QCOMPARE(response.status, 204);
  QVERIFY(took >= 250ms);
  QVERIFY(took < 5s);
}

void ReplicationHandlersTest::tailWithAForeignTermAtFromIs409() {
  insertDocs(2);
  const tandem::OplogPosition position = api_->store().lastPosition();
  const std::string from = std::to_string(position.tick);
  Response diverged = api_->call(
      Method::kPut,
      "/_api/wal/tail?from=" + from + "&fromTerm=" + std::to_string(position.term + 7), "[]");
  QCOMPARE(diverged.status, 409);
  auto body = parseBody(diverged);
  QCOMPARE(intField(body, "errorNum"), std::int64_t(1414));
  QCOMPARE(stringField(body, "errorMessage"), "follower history diverged at tick " + from);
  Response ahead = api_->call(Method::kPut,
                              "/_api/wal/tail?from=" + std::to_string(position.tick + 50) +
                                  "&fromTerm=" + std::to_string(position.term),
                              "[]");
  QCOMPARE(ahead.status, 409);
  Response shared = api_->call(
      Method::kPut, "/_api/wal/tail?from=" + from + "&fromTerm=" + std::to_string(position.term),
      "[]");
  QCOMPARE(shared.status, 204);
}

void ReplicationHandlersTest::tailRecordsTheFollower() {
  insertDocs(2);
  const std::uint64_t last = api_->store().lastTick();
  QVERIFY(!driver_->waitFollowerApplied("SNGL-f1", last, 10ms));
  QCOMPARE(api_->call(Method::kPut,
                      "/_api/wal/tail?from=" + std::to_string(last) + "&serverId=SNGL-f1", "[]")
               .status,
           204);
  auto followers = driver_->followers(1min);
  QCOMPARE(followers.size(), std::size_t(1));
  QCOMPARE(followers[0].server_id, std::string("SNGL-f1"));
  QCOMPARE(followers[0].applied_tick, last);
  QCOMPARE(followers[0].lag_ticks, std::uint64_t(0));
  QVERIFY(driver_->waitFollowerApplied("SNGL-f1", last, 10ms));
  auto state = parseBody(api_->call(Method::kGet, "/_api/replication/logger-state"));
  const auto& clients = state.at("clients").as_array();
  QCOMPARE(clients.size(), std::size_t(1));
  QCOMPARE(str(clients[0].as_object(), "serverId"), std::string("SNGL-f1"));
  QCOMPARE(str(clients[0].as_object(), "lastServedTick"), std::to_string(last));
}

void ReplicationHandlersTest::followerLagIsTheAgeOfTheOldestMissingEntry() {
  driver_->start();
  insertDocs(1);
  const std::uint64_t before = api_->store().lastTick();
  QVERIFY(!api_->insert("c", R"({"_key":"missing"})").empty());  // the entry the follower lacks
  std::this_thread::sleep_for(300ms);
  driver_->recordTail("SNGL-f2", before);
  auto followers = driver_->followers(1min);
  QCOMPARE(followers.size(), std::size_t(1));
  QVERIFY(followers[0].lag_ticks > 0);
  QVERIFY2(followers[0].lag_ms >= 250, std::to_string(followers[0].lag_ms).c_str());
  QVERIFY(followers[0].lag_ms < 60000);
  driver_->recordTail("SNGL-f2", api_->store().lastTick());
  followers = driver_->followers(1min);
  QCOMPARE(followers[0].lag_ms, std::uint64_t(0));
  QCOMPARE(followers[0].lag_ticks, std::uint64_t(0));
}

void ReplicationHandlersTest::prunedOplogAnswersFromPresentFalse() {
  ReplicationOptions options;
  options.oplog_retention = 0;
  ReplicationDriver pruning(api_->store(), options);
  api_->context().replication = &pruning;
  insertDocs(5);
  const std::uint64_t last = api_->store().lastTick();
  // A follower at `last - 1` still needs the last entry and the one at its position.
  pruning.recordTail("SNGL-f3", last - 1);
  auto pruned = pruning.pruneOnce();
  QVERIFY2(pruned.isOk(), pruned.status().toString().c_str());
  QVERIFY(*pruned > 0);
  QCOMPARE(api_->store().firstTick(), last - 1);
  Response gone = api_->call(Method::kPut, "/_api/wal/tail?from=0", "[]");
  QCOMPARE(gone.status, 204);
  QCOMPARE(headerOf(gone, "x-arango-replication-frompresent"), std::string("false"));
  Response kept = api_->call(Method::kPut, "/_api/wal/tail?from=" + std::to_string(last - 1), "[]");
  QCOMPARE(kept.status, 200);
  QCOMPARE(headerOf(kept, "x-arango-replication-frompresent"), std::string("true"));
  QCOMPARE(lines(kept.body).size(), std::size_t(1));
  api_->context().replication = driver_.get();
}

void ReplicationHandlersTest::tailRejectsBadParameters_data() {
  QTest::addColumn<QString>("target");
  QTest::addColumn<int>("status");
  QTest::newRow("from not a number") << "/_api/wal/tail?from=abc" << 400;
  QTest::newRow("to zero") << "/_api/wal/tail?from=0&to=0" << 400;
  QTest::newRow("from after to") << "/_api/wal/tail?from=9&to=3" << 400;
  QTest::newRow("bad wait") << "/_api/wal/tail?from=0&wait=-1" << 400;
  QTest::newRow("bad chunkSize") << "/_api/wal/tail?from=0&chunkSize=x" << 400;
  QTest::newRow("global outside _system") << "/_db/other/_api/wal/tail?from=0&global=true" << 403;
  QTest::newRow("POST") << "/_api/wal/tail?from=0" << 405;
}

void ReplicationHandlersTest::tailRejectsBadParameters() {
  QFETCH(QString, target);
  QFETCH(int, status);
  Response created = api_->call(Method::kPost, "/_api/database", R"({"name":"other"})");
  QCOMPARE(created.status, 201);
  const Method method = QTest::currentDataTag() == QString("POST") ? Method::kPost : Method::kGet;
  Response response = api_->call(method, target.toStdString());
  QCOMPARE(response.status, status);
  QVERIFY(intField(parseBody(response), "errorNum") > 0);
}

void ReplicationHandlersTest::batchLifecycle() {
  insertDocs(2);
  Response created = api_->call(Method::kPost, "/_api/replication/batch", R"({"ttl":30})");
  QCOMPARE(created.status, 200);
  auto body = parseBody(created);
  const std::string id = stringField(body, "id");
  QVERIFY(!id.empty());
  QCOMPARE(stringField(body, "lastTick"), std::to_string(api_->store().lastPosition().tick));
  QVERIFY(body.at("term").is_number());
  QCOMPARE(api_->call(Method::kPut, "/_api/replication/batch/" + id, R"({"ttl":60})").status, 204);
  QCOMPARE(api_->call(Method::kDelete, "/_api/replication/batch/" + id).status, 204);
  QCOMPARE(api_->call(Method::kDelete, "/_api/replication/batch/" + id).status, 400);
  QCOMPARE(api_->call(Method::kPut, "/_api/replication/batch/" + id, R"({"ttl":60})").status, 400);
  QCOMPARE(api_->call(Method::kPost, "/_api/replication/batch", R"({"ttl":)").status, 400);
}

void ReplicationHandlersTest::inventoryAndDumpReadThePinnedSnapshot() {
  insertDocs(5);
  auto batch = parseBody(api_->call(Method::kPost, "/_api/replication/batch", R"({"ttl":30})"));
  const std::string id = stringField(batch, "id");
  QVERIFY(!id.empty());
  QVERIFY(!api_->insert("c", R"({"_key":"after-batch"})").empty());

  Response inventory =
      api_->call(Method::kGet, "/_api/replication/inventory?global=true&batchId=" + id);
  QCOMPARE(inventory.status, 200);
  auto body = parseBody(inventory);
  QCOMPARE(stringField(body, "tick"), stringField(batch, "lastTick"));
  QVERIFY(body.at("state").at("running").as_bool());
  const auto& system = body.at("databases").at("_system").as_object();
  QCOMPARE(str(system, "name"), std::string("_system"));
  bool found = false;
  for (const auto& entry : system.at("collections").as_array()) {
    const auto& parameters = entry.at("parameters").as_object();
    if (str(parameters, "name") != "c") continue;
    found = true;
    QCOMPARE(str(parameters, "id"), api_->store().collection("_system", "c")->id);
    QCOMPARE(parameters.at("type").to_number<int>(), 2);
    QVERIFY(parameters.at("keyOptions").is_object());
    QCOMPARE(entry.at("count").to_number<int>(), 5);
    QVERIFY(entry.at("indexes").is_array());
  }
  QVERIFY(found);

  std::vector<std::string> keys;
  std::string after;
  for (int round = 0; round < 20; ++round) {
    std::string target =
        "/_api/replication/dump?batchId=" + id + "&db=_system&collection=c&chunkSize=1";
    if (!after.empty()) target += "&after=" + after;
    Response dump = api_->call(Method::kGet, target);
    if (dump.status == 204) break;
    QCOMPARE(dump.status, 200);
    QCOMPARE(dump.content_type, std::string("application/x-arango-dump"));
    auto docs = lines(dump.body);
    QCOMPARE(docs.size(), std::size_t(1));
    QCOMPARE(docs[0].at("type").to_number<int>(), 2300);
    keys.push_back(str(docs[0].at("data").as_object(), "_key"));
    QVERIFY(!str(docs[0].at("data").as_object(), "_rev").empty());
    after = headerOf(dump, "x-tandem-dump-last");
    QCOMPARE(after, keys.back());
    if (headerOf(dump, "x-arango-replication-checkmore") != "true") break;
  }
  QCOMPARE(keys, (std::vector<std::string>{"k0", "k1", "k2", "k3", "k4"}));
}

void ReplicationHandlersTest::dumpOfAnUnknownCollectionIs404AndUnknownBatchIs400() {
  auto batch = parseBody(api_->call(Method::kPost, "/_api/replication/batch", "{}"));
  const std::string id = stringField(batch, "id");
  Response missing =
      api_->call(Method::kGet, "/_api/replication/dump?batchId=" + id + "&collection=nope");
  QCOMPARE(missing.status, 404);
  QCOMPARE(intField(parseBody(missing), "errorNum"), std::int64_t(1203));
  Response unknown = api_->call(Method::kGet, "/_api/replication/dump?batchId=999&collection=c");
  QCOMPARE(unknown.status, 400);
  Response no_collection = api_->call(Method::kGet, "/_api/replication/dump?batchId=" + id);
  QCOMPARE(no_collection.status, 400);
}

void ReplicationHandlersTest::termHistoryListsTheOplogTerms() {
  insertDocs(2);
  Response response = api_->call(Method::kGet, "/_api/replication/term-history");
  QCOMPARE(response.status, 200);
  auto body = parseBody(response);
  QCOMPARE(stringField(body, "lastTick"), std::to_string(api_->store().lastTick()));
  const auto& terms = body.at("terms").as_array();
  QVERIFY(!terms.empty());
  const auto& newest = terms.back().as_object();
  QCOMPARE(str(newest, "lastTick"), std::to_string(api_->store().lastTick()));
  QVERIFY(std::stoull(str(newest, "firstTick")) <= api_->store().lastTick());
  QCOMPARE(newest.at("term").to_number<std::uint64_t>(), api_->store().currentTerm());
}

QTEST_GUILESS_MAIN(ReplicationHandlersTest)
#include "tst_replication_handlers.moc"
