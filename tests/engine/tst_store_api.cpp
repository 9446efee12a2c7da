// The embedding API of tandem::Store: ordered cursors, the change feed, batch inserts and the
// blocking forms, on real SQLite files.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <QTemporaryDir>
#include <QTest>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;
using tandem::test::waitFor;

namespace {

constexpr int kWaitMs = 10000;

std::vector<std::string> keysOf(const std::vector<Document>& docs) {
  std::vector<std::string> keys;
  for (const Document& doc : docs) keys.push_back(doc.key);
  return keys;
}

// Walks `cursor` to its end; every batch must respect `batch_size`.
std::vector<std::string> walk(Cursor& cursor, std::size_t batch_size) {
  std::vector<std::string> keys;
  while (!cursor.done()) {
    auto batch = cursor.next();
    if (!batch) qFatal("next: %s", batch.status().toString().c_str());
    if (batch->size() > batch_size) qFatal("batch of %zu > %zu", batch->size(), batch_size);
    for (const Document& doc : *batch) keys.push_back(doc.key);
  }
  return keys;
}

// What a change feed delivered, for checks from the test thread.
class Collector {
 public:
  ChangeCallback callback() {
    return [this](const std::vector<OplogEntry>& entries) {
      std::lock_guard lock(mu_);
      batches_.push_back(entries.size());
      entries_.insert(entries_.end(), entries.begin(), entries.end());
    };
  }
  ChangeFeedEnd endCallback() {
    return [this](Status status) {
      std::lock_guard lock(mu_);
      ends_.push_back(std::move(status));
    };
  }
  std::vector<OplogEntry> entries() const {
    std::lock_guard lock(mu_);
    return entries_;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
  }
  std::vector<std::size_t> batches() const {
    std::lock_guard lock(mu_);
    return batches_;
  }
  std::vector<Status> ends() const {
    std::lock_guard lock(mu_);
    return ends_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<OplogEntry> entries_;
  std::vector<std::size_t> batches_;
  std::vector<Status> ends_;
};

// A gate a callback waits at until the test opens it.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mu_);
    arrived_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  bool arrived() const {
    std::lock_guard lock(mu_);
    return arrived_;
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable changed_;
  bool arrived_ = false;
  bool open_ = false;
};

CursorOptions cursorOptions(std::size_t batch, bool snapshot = true, std::string start_after = {}) {
  CursorOptions options;
  options.batch_size = batch;
  options.snapshot = snapshot;
  options.start_after = std::move(start_after);
  return options;
}

ChangeFeedOptions feedFrom(std::uint64_t from_tick, std::size_t max_batch = 1000) {
  ChangeFeedOptions options;
  options.from_tick = from_tick;
  options.max_batch = max_batch;
  return options;
}

ChangeFeedOptions feedOf(std::string db, std::string collection = {}, std::uint64_t from_tick = 0) {
  ChangeFeedOptions options = feedFrom(from_tick);
  options.db = std::move(db);
  options.collection = std::move(collection);
  return options;
}

ChangeFeedOptions withTermStarts() {
  ChangeFeedOptions options;
  options.include_term_starts = true;
  return options;
}

bool ticksIncrease(const std::vector<OplogEntry>& entries) {
  for (std::size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].tick <= entries[i - 1].tick) return false;
  }
  return true;
}

}  // namespace

class StoreApiTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    store_ = test::openStore(test::optionsFor(dir_->path()));
    QVERIFY(store_->createCollectionSync("_system", spec("c")).isOk());
  }
  void cleanup() {
    store_.reset();
    dir_.reset();
  }

  // --- cursor ---------------------------------------------------------------------------
  void cursorWalksKeysInByteOrder_data() {
    QTest::addColumn<int>("batch");
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
    QTest::newRow("1000") << 1000;
  }
  void cursorWalksKeysInByteOrder() {
    QFETCH(int, batch);
    std::vector<std::string> keys = {"b", "B",  "a",   "A",   "10", "9",   "_x",  "-y", "a.b",
                                     "Z", "z(", "%41", "a-b", "0",  "a@b", "a:b", "$d", "!e"};
    for (const std::string& key : keys) insertKey("c", key);
    std::sort(keys.begin(), keys.end());  // std::string compares bytes, as BINARY does
    for (bool snapshot : {true, false}) {
      auto cursor = store_->openCursor("_system", "c", cursorOptions(batch, snapshot));
      QVERIFY(cursor.isOk());
      QCOMPARE(walk(**cursor, batch), keys);
      QVERIFY((*cursor)->done());
      QCOMPARE((*cursor)->lastKey(), keys.back());
      auto after = (*cursor)->next();
      QVERIFY(after.isOk());
      QVERIFY(after->empty());
    }
  }

  void cursorResumesAfterLastKey() {
    for (int i = 0; i < 10; ++i) insertKey("c", "k" + std::to_string(i));
    auto first = store_->openCursor("_system", "c", cursorOptions(3));
    QVERIFY(first.isOk());
    auto batch = (*first)->next();
    QCOMPARE(keysOf(*batch), (std::vector<std::string>{"k0", "k1", "k2"}));
    QVERIFY(!(*first)->done());
    const std::string resume = (*first)->lastKey();
    first->reset();
    auto second = store_->openCursor("_system", "c", cursorOptions(4, true, resume));
    QCOMPARE((*second)->lastKey(), resume);
    QCOMPARE(walk(**second, 4),
             (std::vector<std::string>{"k3", "k4", "k5", "k6", "k7", "k8", "k9"}));
  }

  void cursorOverEmptyCollectionEndsAtOnce() {
    auto cursor = store_->openCursor("_system", "c", cursorOptions(0));  // 0: default
    QVERIFY(cursor.isOk());
    auto batch = (*cursor)->next();
    QVERIFY(batch.isOk());
    QVERIFY(batch->empty());
    QVERIFY((*cursor)->done());
    QCOMPARE((*cursor)->lastKey(), std::string());
  }

  void cursorRejectsUnknownNamesAndBadBatch() {
    QCOMPARE(store_->openCursor("nodb", "c").status().code(), ErrorCode::kDatabaseNotFound);
    QCOMPARE(store_->openCursor("_system", "none").status().code(), ErrorCode::kDataSourceNotFound);
    QCOMPARE(store_->openCursor("_system", "none", cursorOptions(1000, false)).status().code(),
             ErrorCode::kDataSourceNotFound);
    QCOMPARE(store_->openCursor("_system", "c", cursorOptions(100001)).status().code(),
             ErrorCode::kBadParameter);
    QVERIFY(store_->openCursor("_system", "c", cursorOptions(100000)).isOk());
  }

  void snapshotCursorIgnoresLaterWritesLiveCursorSeesAhead() {
    for (int i = 0; i < 10; ++i) insertKey("c", "k" + std::to_string(i));
    auto pinned = store_->openCursor("_system", "c", cursorOptions(3, true));
    auto live = store_->openCursor("_system", "c", cursorOptions(3, false));
    QVERIFY(pinned.isOk() && live.isOk());
    QCOMPARE(keysOf(*(*pinned)->next()), (std::vector<std::string>{"k0", "k1", "k2"}));
    QCOMPARE(keysOf(*(*live)->next()), (std::vector<std::string>{"k0", "k1", "k2"}));
    insertKey("c", "k95");  // ahead of both cursors
    insertKey("c", "a0");   // behind both
    QVERIFY(store_->removeSync("_system", "c", "k8").isOk());
    QCOMPARE(walk(**pinned, 3),
             (std::vector<std::string>{"k3", "k4", "k5", "k6", "k7", "k8", "k9"}));
    QCOMPARE(walk(**live, 3),
             (std::vector<std::string>{"k3", "k4", "k5", "k6", "k7", "k9", "k95"}));
  }

  void liveCursorFailsWhenCollectionIsDropped() {
    for (int i = 0; i < 5; ++i) insertKey("c", "k" + std::to_string(i));
    auto live = store_->openCursor("_system", "c", cursorOptions(2, false));
    auto pinned = store_->openCursor("_system", "c", cursorOptions(2, true));
    QVERIFY((*live)->next().isOk());
    QVERIFY(store_->dropCollectionSync("_system", "c").isOk());
    QVERIFY(store_->createCollectionSync("_system", spec("c")).isOk());  // same name, new id
    QCOMPARE((*live)->next().status().code(), ErrorCode::kDataSourceNotFound);
    QCOMPARE(walk(**pinned, 2).size(), std::size_t(5));  // the snapshot still has it
  }

  void cursorAfterCloseIsShuttingDown() {
    insertKey("c", "a");
    auto pinned = store_->openCursor("_system", "c", cursorOptions(1000, true));
    auto live = store_->openCursor("_system", "c", cursorOptions(1000, false));
    QVERIFY(pinned.isOk() && live.isOk());
    store_->close();
    QCOMPARE((*pinned)->next().status().code(), ErrorCode::kShuttingDown);
    QCOMPARE((*live)->next().status().code(), ErrorCode::kShuttingDown);
    QCOMPARE(store_->openCursor("_system", "c").status().code(), ErrorCode::kShuttingDown);
    store_.reset();  // the cursors outlive their store
    QCOMPARE((*live)->next().status().code(), ErrorCode::kShuttingDown);
  }

  // --- change feed ----------------------------------------------------------------------
  void feedFromZeroDeliversEveryEntryInOrder() {
    insertKey("c", "a");
    QVERIFY(store_->replaceSync("_system", "c", "a", j("{'v':2}")).isOk());
    QVERIFY(store_->updateSync("_system", "c", "a", j("{'w':3}")).isOk());
    QVERIFY(store_->removeSync("_system", "c", "a").isOk());
    QVERIFY(store_->truncateCollectionSync("_system", "c").isOk());
    QVERIFY(store_->createDatabaseSync("d2").isOk());
    QVERIFY(store_->dropDatabaseSync("d2").isOk());
    QVERIFY(store_->dropCollectionSync("_system", "c").isOk());
    const auto expected = *store_->readOplog(0, 1000);
    QCOMPARE(expected.size(), std::size_t(9));
    Collector got;
    auto feed = store_->subscribe({}, got.callback(), got.endCallback());
    QVERIFY(feed.isOk());
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), expected.size(), kWaitMs);
    const auto entries = got.entries();
    const std::vector<OpType> types = {
        OpType::kCreateCollection, OpType::kDocumentUpsert, OpType::kDocumentUpsert,
        OpType::kDocumentUpsert,   OpType::kDocumentRemove, OpType::kTruncateCollection,
        OpType::kCreateDatabase,   OpType::kDropDatabase,   OpType::kDropCollection};
    for (std::size_t i = 0; i < entries.size(); ++i) {
      QCOMPARE(entries[i].tick, expected[i].tick);
      QCOMPARE(entries[i].type, types[i]);
      QCOMPARE(entries[i].body, expected[i].body);
      QCOMPARE(entries[i].key, expected[i].key);
    }
    QVERIFY(entries[3].body.find("\"w\":3") != std::string::npos);
    QVERIFY(entries[3].body.find("\"v\":2") != std::string::npos);  // update merges
    QVERIFY(entries[4].body.find("\"_rev\"") != std::string::npos);
    QCOMPARE((*feed)->position(), expected.back().tick);
    QVERIFY((*feed)->status().isOk());
    QVERIFY(got.ends().empty());
  }

  void feedFromLastTickGetsOnlyNewEntries() {
    insertKey("c", "old");
    Collector got;
    auto feed = store_->subscribe(feedFrom(store_->lastTick()), got.callback());
    QVERIFY(feed.isOk());
    QCOMPARE((*feed)->position(), store_->lastTick());
    for (const char* key : {"n1", "n2", "n3"}) insertKey("c", key);
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(3), kWaitMs);
    const auto entries = got.entries();
    QCOMPARE(entries[0].key, std::string("n1"));
    QCOMPARE(entries[2].key, std::string("n3"));
    QTRY_COMPARE_WITH_TIMEOUT((*feed)->position(), store_->lastTick(), kWaitMs);
  }

  void feedFiltersByDatabaseAndCollection() {
    QVERIFY(store_->createDatabaseSync("d1").isOk());
    QVERIFY(store_->createCollectionSync("d1", spec("c1")).isOk());
    QVERIFY(store_->createCollectionSync("d1", spec("c2")).isOk());
    insertKey("c", "x");
    Collector by_db;
    Collector by_collection;
    auto feed_db = store_->subscribe(feedOf("d1"), by_db.callback());
    auto feed_collection = store_->subscribe(feedOf("d1", "c1"), by_collection.callback());
    QVERIFY(feed_db.isOk() && feed_collection.isOk());
    insertKey("c1", "y", "d1");
    insertKey("c2", "z", "d1");
    insertKey("c", "w");
    QVERIFY(store_->dropDatabaseSync("d1").isOk());
    // d1: create db, create c1, create c2, y, z, drop db.
    QTRY_COMPARE_WITH_TIMEOUT(by_db.size(), std::size_t(6), kWaitMs);
    // c1: create db, create c1, y, drop db.
    QTRY_COMPARE_WITH_TIMEOUT(by_collection.size(), std::size_t(4), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT((*feed_db)->position(), store_->lastTick(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT((*feed_collection)->position(), store_->lastTick(), kWaitMs);
    for (const OplogEntry& entry : by_db.entries()) QCOMPARE(entry.db, std::string("d1"));
    const auto entries = by_collection.entries();
    QCOMPARE(entries[0].type, OpType::kCreateDatabase);
    QCOMPARE(entries[1].collection, std::string("c1"));
    QCOMPARE(entries[2].key, std::string("y"));
    QCOMPARE(entries[3].type, OpType::kDropDatabase);
    QCOMPARE(by_db.size(), std::size_t(6));  // nothing more arrived once caught up
  }

  void feedRejectsBadOptions() {
    Collector got;
    QCOMPARE(store_->subscribe(feedFrom(0, 100001), got.callback()).status().code(),
             ErrorCode::kBadParameter);
    QCOMPARE(store_->subscribe(feedOf("", "c"), got.callback()).status().code(),
             ErrorCode::kBadParameter);
    QCOMPARE(store_->subscribe({}, nullptr).status().code(), ErrorCode::kBadParameter);
  }

  void feedDeliversTermStartsOnlyWhenAsked() {
    Collector plain;
    Collector terms;
    auto feed_plain = store_->subscribe({}, plain.callback());
    auto feed_terms = store_->subscribe(withTermStarts(), terms.callback());
    auto begun =
        waitFor<Result<OplogPosition>>([&](auto done) { store_->beginTerm(3, "SNGL-test", done); });
    QVERIFY(begun.isOk());
    insertKey("c", "after");
    QTRY_COMPARE_WITH_TIMEOUT(terms.size(), std::size_t(3), kWaitMs);  // create c, term, doc
    QTRY_COMPARE_WITH_TIMEOUT(plain.size(), std::size_t(2), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT((*feed_plain)->position(), store_->lastTick(), kWaitMs);
    QCOMPARE(terms.entries()[1].type, OpType::kTermStart);
    QCOMPARE(terms.entries()[1].tick, begun->tick);
    QCOMPARE(terms.entries()[2].term, std::uint64_t(3));
    QCOMPARE(plain.entries()[1].key, std::string("after"));
  }

  void feedRespectsMaxBatch() {
    std::vector<std::string> docs;
    for (int i = 0; i < 25; ++i) docs.push_back(j("{'_key':'m" + std::to_string(i) + "'}"));
    QVERIFY(store_->insertManySync("_system", "c", docs).isOk());
    Collector got;
    auto feed = store_->subscribe(feedFrom(0, 4), got.callback());
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(26), kWaitMs);
    const auto batches = got.batches();
    QVERIFY(std::all_of(batches.begin(), batches.end(), [](std::size_t n) { return n <= 4; }));
    QCOMPARE(batches.size(), std::size_t(7));  // 26 entries in batches of 4
  }

  void concurrentWritersDeliverEachEntryOnceInTickOrder() {
    Collector got;
    auto feed = store_->subscribe(feedFrom(store_->lastTick()), got.callback());
    constexpr int kThreads = 4;
    constexpr int kPerThread = 50;
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([this, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
          if (!store_->insertSync("_system", "c", j("{'_key':'" + key + "'}")).isOk()) {
            qFatal("insert %s failed", key.c_str());
          }
        }
      });
    }
    for (auto& writer : writers) writer.join();
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(kThreads * kPerThread), kWaitMs);
    const auto entries = got.entries();
    QVERIFY(ticksIncrease(entries));
    std::set<std::string> keys;
    for (const OplogEntry& entry : entries) keys.insert(entry.key);
    QCOMPARE(keys.size(), std::size_t(kThreads * kPerThread));
    QCOMPARE(entries.back().tick, store_->lastTick());
  }

  void subscribeBehindPrunedEntriesFailsAtOnce() {
    for (int i = 0; i < 10; ++i) insertKey("c", "p" + std::to_string(i));
    const auto all = *store_->readOplog(0, 100);
    const std::uint64_t keep_after = all[5].tick;
    QVERIFY(prune(keep_after).isOk());
    Collector got;
    auto gap = store_->subscribe(feedFrom(all[2].tick), got.callback());
    QCOMPARE(gap.status().code(), ErrorCode::kChangeFeedGap);
    QCOMPARE(gap.status().httpStatus(), 410);
    QVERIFY(gap.status().message().find(std::to_string(keep_after)) != std::string::npos);
    auto at_edge = store_->subscribe(feedFrom(keep_after), got.callback());
    QVERIFY(at_edge.isOk());
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), all.size() - 6, kWaitMs);
    Collector from_zero;
    auto oldest = store_->subscribe({}, from_zero.callback());
    QVERIFY(oldest.isOk());
    QTRY_COMPARE_WITH_TIMEOUT(from_zero.size(), all.size() - 6, kWaitMs);
    QCOMPARE(from_zero.entries().front().tick, store_->firstTick());
  }

  void runningFeedEndsWhenEntriesAfterItArePruned() {
    Gate gate;
    Collector got;
    auto feed = feedHeldAfterFirst(gate, got);
    for (int i = 0; i < 5; ++i) insertKey("c", "q" + std::to_string(i));
    QTRY_VERIFY_WITH_TIMEOUT(gate.arrived(), kWaitMs);
    QVERIFY(prune(store_->lastTick()).isOk());  // all but the newest: q1..q3 are lost
    gate.open();
    QTRY_COMPARE_WITH_TIMEOUT(got.ends().size(), std::size_t(1), kWaitMs);
    QCOMPARE(got.ends()[0].code(), ErrorCode::kChangeFeedGap);
    QCOMPARE((*feed)->status().code(), ErrorCode::kChangeFeedGap);
    QCOMPARE(got.size(), std::size_t(1));
  }

  void feedWhoseHistoryIsRolledBackEndsWithGap() {
    for (int i = 0; i < 5; ++i) insertKey("c", "r" + std::to_string(i));
    const auto all = *store_->readOplog(0, 100);
    Collector got;
    auto feed = store_->subscribe({}, got.callback(), got.endCallback());
    QTRY_COMPARE_WITH_TIMEOUT((*feed)->position(), store_->lastTick(), kWaitMs);
    QVERIFY(rollback(all[2].tick).isOk());
    QTRY_COMPARE_WITH_TIMEOUT(got.ends().size(), std::size_t(1), kWaitMs);
    QCOMPARE(got.ends()[0].code(), ErrorCode::kChangeFeedGap);
    QVERIFY(got.ends()[0].message().find("replaced") != std::string::npos);
  }

  void rollbackAheadOfFeedIsNoGap() {
    Gate gate;
    Collector got;
    auto feed = feedHeldAfterFirst(gate, got);
    insertKey("c", "b");
    insertKey("c", "c1");
    QTRY_VERIFY_WITH_TIMEOUT(gate.arrived(), kWaitMs);
    const std::uint64_t b_tick = got.entries()[0].tick;
    QVERIFY(rollback(b_tick).isOk());  // removes c1, which the feed has not delivered
    gate.open();
    insertKey("c", "d");  // a tick above c1's: ticks now have a hole
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(2), kWaitMs);
    QCOMPARE(got.entries()[1].key, std::string("d"));
    QVERIFY(got.ends().empty());
    QVERIFY((*feed)->status().isOk());
  }

  void closeEndsFeedsWithShuttingDown() {
    Collector got;
    auto feed = store_->subscribe({}, got.callback(), got.endCallback());
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(1), kWaitMs);
    store_->close();
    QCOMPARE(got.ends().size(), std::size_t(1));  // close() waited for it
    QCOMPARE(got.ends()[0].code(), ErrorCode::kShuttingDown);
    QCOMPARE((*feed)->status().code(), ErrorCode::kShuttingDown);
    QCOMPARE(store_->subscribe({}, got.callback()).status().code(), ErrorCode::kShuttingDown);
    store_.reset();
    feed->reset();  // after its store: must not touch it
  }

  void cancelFromAnotherThreadWhileCallbackRuns() {
    Gate gate;
    std::atomic<int> calls{0};
    std::atomic<bool> returned{false};
    Collector ends;
    auto feed = store_->subscribe(
        {},
        [&](const std::vector<OplogEntry>&) {
          ++calls;
          gate.wait();
          std::this_thread::yield();
        },
        ends.endCallback());
    QTRY_VERIFY_WITH_TIMEOUT(gate.arrived(), kWaitMs);
    std::thread canceller([&] {
      (*feed)->cancel();
      returned = true;
    });
    QTest::qWait(50);  // cancel() must be waiting for the running callback
    QVERIFY(!returned);
    gate.open();
    canceller.join();
    QVERIFY(returned);
    const int seen = calls;
    insertKey("c", "late");
    QTest::qWait(100);  // a cancelled feed must stay silent: give it the chance to misbehave
    QCOMPARE(calls.load(), seen);
    QVERIFY(ends.ends().empty());
    (*feed)->cancel();  // idempotent
  }

  void callbackMayWriteToTheStore() {
    std::atomic<int> mirrored{0};
    QVERIFY(store_->createCollectionSync("_system", spec("mirror")).isOk());
    auto feed = store_->subscribe(
        feedOf("_system", "c", store_->lastTick()), [&](const std::vector<OplogEntry>& entries) {
          for (const OplogEntry& entry : entries) {
            if (entry.type != OpType::kDocumentUpsert) continue;
            store_->insert("_system", "mirror", j("{'_key':'" + entry.key + "'}"), {},
                           [&](Result<WriteResult> result) {
                             if (result.isOk()) ++mirrored;
                           });
          }
        });
    for (int i = 0; i < 5; ++i) insertKey("c", "m" + std::to_string(i));
    QTRY_COMPARE_WITH_TIMEOUT(mirrored.load(), 5, kWaitMs);
    QCOMPARE(*store_->count("_system", "mirror"), std::uint64_t(5));
  }

  // --- batch insert and blocking forms --------------------------------------------------
  void insertManyCommitsOnce() {
    std::vector<std::string> docs;
    for (int i = 0; i < 100; ++i) docs.push_back(j("{'_key':'b" + std::to_string(i) + "','i':1}"));
    const std::uint64_t commits = store_->stats().commit.commits;
    const std::uint64_t tick = store_->lastTick();
    auto result = store_->insertManySync("_system", "c", docs);
    QVERIFY(result.isOk());
    QVERIFY(result->is_array);
    QCOMPARE(result->items.size(), std::size_t(100));
    QCOMPARE(store_->stats().commit.commits, commits + 1);
    QCOMPARE(store_->lastTick(), tick + 100);
    QCOMPARE(*store_->count("_system", "c"), std::uint64_t(100));
  }

  void insertManyFailsOnlyTheBadDocuments() {
    const std::vector<std::string> docs = {
        j("{'_key':'a','n':1}"), j("{'_key':'a','n':2}"), j("{'_key':'b'}"), "{not json", "[1]",
        j("{'_key':'bad key'}")};
    auto result = store_->insertManySync("_system", "c", docs);
    QVERIFY(result.isOk());
    QCOMPARE(result->items.size(), docs.size());
    QVERIFY(result->items[0].status.isOk());
    QCOMPARE(result->items[1].status.code(), ErrorCode::kUniqueConstraintViolated);
    QVERIFY(result->items[2].status.isOk());
    QCOMPARE(result->items[3].status.code(), ErrorCode::kCorruptedJson);
    QCOMPARE(result->items[4].status.code(), ErrorCode::kDocumentTypeInvalid);
    QCOMPARE(result->items[5].status.code(), ErrorCode::kDocumentKeyBad);
    QCOMPARE(*store_->count("_system", "c"), std::uint64_t(2));
    QVERIFY(store_->get("_system", "c", "a")->json.find("\"n\":1") != std::string::npos);
    QCOMPARE(store_->insertManySync("_system", "none", docs).status().code(),
             ErrorCode::kDataSourceNotFound);
  }

  void blockingFormsWork() {
    QVERIFY(store_->createDatabaseSync("d").isOk());
    QCOMPARE(store_->createDatabaseSync("d").code(), ErrorCode::kDuplicateName);
    auto created = store_->createCollectionSync("d", spec("k"));
    QVERIFY(created.isOk());
    QCOMPARE(created->name, std::string("k"));
    auto inserted = store_->insertSync("d", "k", j("{'_key':'x','v':1}"));
    QVERIFY(inserted.isOk());
    QCOMPARE(inserted->items[0].key, std::string("x"));
    QVERIFY(store_->replaceSync("d", "k", "x", j("{'v':2}")).isOk());
    QVERIFY(store_->updateSync("d", "k", "x", j("{'w':3}")).isOk());
    const std::string json = store_->get("d", "k", "x")->json;
    QVERIFY(json.find("\"v\":2") != std::string::npos && json.find("\"w\":3") != std::string::npos);
    QCOMPARE(store_->removeSync("d", "k", "nope")->items[0].status.code(),
             ErrorCode::kDocumentNotFound);
    QVERIFY(store_->removeSync("d", "k", "x")->items[0].status.isOk());
    insertKey("k", "y", "d");
    QVERIFY(store_->truncateCollectionSync("d", "k").isOk());
    QCOMPARE(*store_->count("d", "k"), std::uint64_t(0));
    QVERIFY(store_->dropCollectionSync("d", "k").isOk());
    QCOMPARE(store_->dropCollectionSync("d", "k").status().code(), ErrorCode::kDataSourceNotFound);
    QVERIFY(store_->dropDatabaseSync("d").isOk());
    QCOMPARE(store_->dropDatabaseSync("d").code(), ErrorCode::kDatabaseNotFound);
    store_->close();
    QCOMPARE(store_->insertSync("_system", "c", "{}").status().code(), ErrorCode::kShuttingDown);
    QCOMPARE(store_->createDatabaseSync("e").code(), ErrorCode::kShuttingDown);
  }

  void blockingFormInsideWriteCallbackIsRefused() {
    auto inner = waitFor<Result<WriteResult>>([&](auto done) {
      store_->insert("_system", "c", "{}", {}, [&, done](Result<WriteResult>) {
        done(store_->insertSync("_system", "c", "{}"));
      });
    });
    QCOMPARE(inner.status().code(), ErrorCode::kInternal);
  }

 private:
  static CollectionSpec spec(const std::string& name) {
    CollectionSpec spec;
    spec.name = name;
    return spec;
  }
  void insertKey(const std::string& collection, const std::string& key,
                 const std::string& db = "_system") {
    auto result = store_->insertSync(db, collection, j("{'_key':'" + key + "'}"));
    if (!result || !result->items[0].status) qFatal("insert %s failed", key.c_str());
  }
  // A feed from now, one entry per call, whose callback stops at `gate` after the first entry
  // (so the test can change the oplog under a feed that is in the middle of its work).
  Result<std::unique_ptr<Subscription>> feedHeldAfterFirst(Gate& gate, Collector& got) {
    return store_->subscribe(
        feedFrom(store_->lastTick(), 1),
        [&gate, &got](const std::vector<OplogEntry>& entries) {
          got.callback()(entries);
          if (got.size() == 1) gate.wait();
        },
        got.endCallback());
  }
  Result<std::uint64_t> prune(std::uint64_t keep_after) {
    return waitFor<Result<std::uint64_t>>([&](auto done) { store_->pruneOplog(keep_after, done); });
  }
  Result<std::vector<OplogEntry>> rollback(std::uint64_t fork) {
    return waitFor<Result<std::vector<OplogEntry>>>(
        [&](auto done) { store_->rollbackAfter(fork, done); });
  }

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<Store> store_;
};

QTEST_GUILESS_MAIN(StoreApiTest)
#include "tst_store_api.moc"
