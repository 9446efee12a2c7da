// The replication members of Store: terms stamped on the oplog, waiting for commits, a
// follower's copy through the tail markers, a full sync through a pinned snapshot, rollback,
// document restore and oplog retention.
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include "replication/markers.h"
#include "store_sync.h"
#include "tandem/store_snapshot.h"

using namespace tandem;
using tandem::test::j;
using tandem::test::waitFor;

namespace {

// Every document of every collection, "db/collection/key" -> JSON, read through a snapshot.
std::map<std::string, std::string> contents(const Store& store) {
  std::map<std::string, std::string> out;
  auto snapshot = store.openSnapshot();
  if (!snapshot) qFatal("openSnapshot: %s", snapshot.status().toString().c_str());
  auto databases = (*snapshot)->databases();
  for (const DatabaseInfo& db : *databases) {
    auto collections = (*snapshot)->collections(db.name);
    for (const CollectionInfo& collection : *collections) {
      out[db.name + "/" + collection.name] = "";  // the collection exists, even if empty
      std::string after;
      for (;;) {
        auto chunk = (*snapshot)->dump(db.name, collection.name, after, 100);
        if (!chunk) qFatal("dump: %s", chunk.status().toString().c_str());
        for (const Document& doc : chunk->docs) {
          out[db.name + "/" + collection.name + "/" + doc.key] = doc.json;
        }
        if (!chunk->more) break;
        after = chunk->last_key;
      }
    }
  }
  return out;
}

std::vector<OplogEntry> oplog(const Store& store, std::uint64_t after = 0) {
  auto entries = store.readOplog(after, 1'000'000);
  if (!entries) qFatal("readOplog: %s", entries.status().toString().c_str());
  return *entries;
}

bool sameEntries(const std::vector<OplogEntry>& a, const std::vector<OplogEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const OplogEntry& x = a[i];
    const OplogEntry& y = b[i];
    if (x.tick != y.tick || x.term != y.term || x.type != y.type || x.db != y.db ||
        x.collection != y.collection || x.key != y.key || x.rev != y.rev || x.body != y.body) {
      qWarning("entry %zu differs: tick %llu/%llu body %s / %s", i,
               static_cast<unsigned long long>(x.tick), static_cast<unsigned long long>(y.tick),
               x.body.c_str(), y.body.c_str());
      return false;
    }
  }
  return true;
}

// Sends entries through the wire form, as the tail handler and the applier do.
std::vector<OplogEntry> throughMarkers(const std::vector<OplogEntry>& entries) {
  std::string ndjson;
  for (const OplogEntry& entry : entries) {
    replication::Markers::append(entry, ndjson);
    ndjson += '\n';
  }
  auto parsed = replication::Markers::parseLines(ndjson);
  if (!parsed) qFatal("markers: %s", parsed.status().toString().c_str());
  return *parsed;
}

Result<OplogPosition> apply(Store& store, std::vector<OplogEntry> entries) {
  return waitFor<Result<OplogPosition>>(
      [&](auto done) { store.applyReplicated(std::move(entries), done); });
}

Result<OplogPosition> beginTerm(Store& store, std::uint64_t term) {
  return waitFor<Result<OplogPosition>>(
      [&](auto done) { store.beginTerm(term, "SNGL-leader", done); });
}

Status call(const std::function<void(std::function<void(Status)>)>& submit) {
  return waitFor<Status>([&](auto done) { submit(done); });
}

// Copies `leader` into `follower` through a snapshot, in chunks of `chunk` documents.
OplogPosition fullSync(const Store& leader, Store& follower, std::size_t chunk) {
  auto snapshot = leader.openSnapshot();
  if (!snapshot) qFatal("openSnapshot: %s", snapshot.status().toString().c_str());
  StoreSnapshot& view = **snapshot;
  if (!call([&](auto done) { follower.beginFullSync(done); })) qFatal("beginFullSync");
  auto databases = view.databases();
  for (const DatabaseInfo& db : *databases) {
    if (!call([&](auto done) { follower.importDatabase(db, done); })) qFatal("importDatabase");
    auto collections = view.collections(db.name);
    for (const CollectionInfo& collection : *collections) {
      if (!call([&](auto done) { follower.importCollection(db.name, collection, done); })) {
        qFatal("importCollection");
      }
      std::string after;
      for (bool more = true; more;) {
        auto dumped = view.dump(db.name, collection.name, after, chunk);
        std::vector<std::string> docs;
        for (Document& doc : dumped->docs) docs.push_back(std::move(doc.json));
        Status imported = call([&](auto done) {
          follower.importDocuments(db.name, collection.name, std::move(docs), done);
        });
        if (!imported) qFatal("importDocuments: %s", imported.toString().c_str());
        more = dumped->more;
        after = dumped->last_key;
      }
    }
  }
  const OplogPosition base = view.position();
  if (!call([&](auto done) { follower.finishFullSync(base, done); })) qFatal("finishFullSync");
  return base;
}

void writeHistory(Store& store) {
  QVERIFY(test::createDatabase(store, "shop").isOk());
  CollectionSpec spec;
  spec.name = "items";
  spec.key_options.type = KeyGeneratorType::kAutoincrement;
  spec.key_options.increment = 5;
  QVERIFY(test::createCollection(store, "shop", std::move(spec)).isOk());
  QVERIFY(test::createCollection(store, "_system", "logs").isOk());
  QVERIFY(test::createCollection(store, "_system", "gone").isOk());
  for (int i = 0; i < 20; ++i) {
    QVERIFY(test::insert(store, "items", j("{'n':" + std::to_string(i) + ",'x':1.5}"), {}, "shop")
                .isOk());
  }
  QVERIFY(test::insert(store, "logs", j("[{'_key':'a','v':1},{'_key':'b','v':2e30}]")).isOk());
  QVERIFY(test::update(store, "logs", "a", j("{'w':{'deep':[1,2,null]}}")).isOk());
  QVERIFY(test::remove(store, "logs", "b").isOk());
  QVERIFY(test::insert(store, "gone", j("{'_key':'z'}")).isOk());
  QVERIFY(test::truncateCollection(store, "_system", "gone").isOk());
  QVERIFY(test::dropCollection(store, "_system", "gone").isOk());
}

}  // namespace

class StoreReplicationTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir leader_dir_;
  QTemporaryDir follower_dir_;
  std::unique_ptr<Store> leader_;
  std::unique_ptr<Store> follower_;

  void reopenFollower() {
    follower_.reset();
    follower_ = test::openStore(test::optionsFor(follower_dir_.path()));
  }

 private slots:
  void init() {
    QDir(leader_dir_.path()).removeRecursively();
    QDir(follower_dir_.path()).removeRecursively();
    leader_ = test::openStore(test::optionsFor(leader_dir_.path()));
    follower_ = test::openStore(test::optionsFor(follower_dir_.path()));
  }
  void cleanup() {
    leader_.reset();
    follower_.reset();
  }

  void newStoreHasNoPosition() {
    QCOMPARE(leader_->lastPosition(), OplogPosition{});
    QCOMPARE(leader_->currentTerm(), 0u);
    QCOMPARE(leader_->firstTick(), 0u);
    QVERIFY(leader_->termHistory()->empty());
  }

  void beginTermStampsLaterEntries() {
    QVERIFY(test::createCollection(*leader_, "_system", "docs").isOk());
    auto started = beginTerm(*leader_, 3);
    QVERIFY(started.isOk());
    QCOMPARE(started->term, 3u);
    QCOMPARE(leader_->lastPosition(), *started);
    QCOMPARE(leader_->currentTerm(), 3u);
    auto written = test::insert(*leader_, "docs", j("{'_key':'k'}"));
    QVERIFY(written.isOk());
    const auto entries = oplog(*leader_);
    QCOMPARE(entries.size(), 3u);
    QCOMPARE(entries[0].term, 0u);
    QCOMPARE(entries[1].type, OpType::kTermStart);
    QCOMPARE(entries[1].body, j("{'term':3,'leader':'SNGL-leader'}"));
    QCOMPARE(entries[2].term, 3u);
    QCOMPARE(leader_->lastPosition(), (OplogPosition{written->last_tick, 3}));
    QCOMPARE(beginTerm(*leader_, 3).status().code(), ErrorCode::kBadParameter);
    QCOMPARE(beginTerm(*leader_, 2).status().code(), ErrorCode::kBadParameter);
    auto history = leader_->termHistory();
    QCOMPARE(history->size(), 2u);
    QCOMPARE((*history)[1], (TermRange{3, started->tick, written->last_tick}));
    QVERIFY(*leader_->hasPosition(*started));
    QVERIFY(!*leader_->hasPosition(OplogPosition{started->tick, 2}));
    // Terms and positions survive a restart.
    const OplogPosition before = leader_->lastPosition();
    leader_.reset();
    leader_ = test::openStore(test::optionsFor(leader_dir_.path()));
    QCOMPARE(leader_->currentTerm(), 3u);
    QCOMPARE(leader_->lastPosition(), before);
  }

  void waitForTickWakesOnCommit() {
    QVERIFY(test::createCollection(*leader_, "_system", "docs").isOk());
    const std::uint64_t after = leader_->lastTick();
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(leader_->waitForTick(after, std::chrono::milliseconds(50)), after);  // times out
    QVERIFY(timer.elapsed() >= 45);
    auto waiter = std::async(std::launch::async,
                             [&] { return leader_->waitForTick(after, std::chrono::seconds(20)); });
    QVERIFY(test::insert(*leader_, "docs", j("{'_key':'k'}")).isOk());
    QCOMPARE(waiter.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    QVERIFY(waiter.get() > after);
  }

  void followerCopiesLeaderThroughMarkers() {
    QVERIFY(beginTerm(*leader_, 1).isOk());
    writeHistory(*leader_);
    const auto entries = oplog(*leader_);
    // In two parts, the second re-delivering the end of the first.
    const std::size_t half = entries.size() / 2;
    std::vector<OplogEntry> first(entries.begin(), entries.begin() + half);
    std::vector<OplogEntry> second(entries.begin() + half - 3, entries.end());
    QVERIFY(apply(*follower_, throughMarkers(first)).isOk());
    auto position = apply(*follower_, throughMarkers(second));
    QVERIFY(position.isOk());
    QCOMPARE(*position, leader_->lastPosition());
    QCOMPARE(follower_->lastPosition(), leader_->lastPosition());
    QCOMPARE(follower_->currentTerm(), 1u);
    QVERIFY(sameEntries(oplog(*follower_), entries));
    QCOMPARE(contents(*follower_), contents(*leader_));
    QCOMPARE(*follower_->count("shop", "items"), 20u);
    QCOMPARE(*follower_->count("_system", "logs"), 1u);
    QCOMPARE(follower_->collection("shop", "items")->id, leader_->collection("shop", "items")->id);
    // Applying everything again changes nothing.
    QVERIFY(apply(*follower_, throughMarkers(entries)).isOk());
    QVERIFY(sameEntries(oplog(*follower_), entries));
    // Out of order entries are refused as a whole.
    std::vector<OplogEntry> swapped = {entries.back(), entries.front()};
    swapped[0].tick += 10;
    QCOMPARE(apply(*follower_, swapped).status().code(), ErrorCode::kBadParameter);
    // A promoted follower continues above the copied ticks, with a higher term and keys
    // that do not collide with the copied ones.
    reopenFollower();
    QCOMPARE(follower_->lastPosition(), leader_->lastPosition());
    auto promoted = beginTerm(*follower_, 2);
    QVERIFY(promoted.isOk());
    QVERIFY(promoted->tick > leader_->lastTick());
    auto written = test::insert(*follower_, "items", "{}", {}, "shop");
    QVERIFY(written.isOk());
    QVERIFY(written->items[0].status.isOk());
    QCOMPARE(*follower_->count("shop", "items"), 21u);
  }

  void fullSyncCopiesSnapshotThenTails() {
    QVERIFY(beginTerm(*leader_, 4).isOk());
    writeHistory(*leader_);
    QVERIFY(test::createCollection(*follower_, "_system", "stale").isOk());
    QVERIFY(test::createDatabase(*follower_, "old").isOk());
    const OplogPosition base = fullSync(*leader_, *follower_, 7);
    QCOMPARE(base, leader_->lastPosition());
    QCOMPARE(follower_->lastPosition(), base);
    QCOMPARE(follower_->snapshotBase(), base);
    QVERIFY(*follower_->hasPosition(base));
    QVERIFY(oplog(*follower_).empty());
    QCOMPARE(contents(*follower_), contents(*leader_));
    QCOMPARE(*follower_->count("shop", "items"), 20u);
    QCOMPARE(follower_->currentTerm(), 4u);
    QVERIFY(!follower_->database("old").isOk());
    // Tail after the base.
    QVERIFY(test::insert(*leader_, "logs", j("{'_key':'after'}")).isOk());
    QVERIFY(apply(*follower_, throughMarkers(oplog(*leader_, base.tick))).isOk());
    QCOMPARE(contents(*follower_), contents(*leader_));
    QCOMPARE(follower_->lastPosition(), leader_->lastPosition());
    reopenFollower();
    QCOMPARE(follower_->lastPosition(), leader_->lastPosition());
    QCOMPARE(follower_->snapshotBase(), base);
  }

  void snapshotIsStableWhileWritesContinue() {
    QVERIFY(test::createCollection(*leader_, "_system", "docs").isOk());
    QVERIFY(test::insert(*leader_, "docs", j("[{'_key':'a'},{'_key':'b'}]")).isOk());
    auto snapshot = leader_->openSnapshot();
    QVERIFY(snapshot.isOk());
    const OplogPosition pinned = (*snapshot)->position();
    QCOMPARE(pinned, leader_->lastPosition());
    QVERIFY(test::insert(*leader_, "docs", j("[{'_key':'c'},{'_key':'0'}]")).isOk());
    QVERIFY(test::remove(*leader_, "docs", "a").isOk());
    QVERIFY(test::createCollection(*leader_, "_system", "later").isOk());
    QCOMPARE((*snapshot)->position(), pinned);
    QCOMPARE(*(*snapshot)->documentCount("_system", "docs"), 2u);
    auto chunk = (*snapshot)->dump("_system", "docs", "", 1);
    QCOMPARE(chunk->docs.size(), 1u);
    QCOMPARE(chunk->docs[0].key, std::string("a"));
    QVERIFY(chunk->more);
    chunk = (*snapshot)->dump("_system", "docs", chunk->last_key, 10);
    QCOMPARE(chunk->docs.size(), 1u);
    QCOMPARE(chunk->docs[0].key, std::string("b"));
    QVERIFY(!chunk->more);
    QCOMPARE((*snapshot)->collections("_system")->size(), 1u);
    QCOMPARE((*snapshot)->dump("_system", "later", "", 10).status().code(),
             ErrorCode::kDataSourceNotFound);
    QCOMPARE((*snapshot)->collections("nope").status().code(), ErrorCode::kDatabaseNotFound);
    auto second = leader_->openSnapshot();
    QCOMPARE(*(*second)->documentCount("_system", "docs"), 3u);
  }

  void rollbackReturnsExactlyTheDivergentEntries() {
    QVERIFY(beginTerm(*follower_, 1).isOk());
    QVERIFY(test::createCollection(*follower_, "_system", "docs").isOk());
    QVERIFY(test::insert(*follower_, "docs", j("{'_key':'keep','v':1}")).isOk());
    const OplogPosition fork = follower_->lastPosition();
    QVERIFY(test::insert(*follower_, "docs", j("{'_key':'new'}")).isOk());
    QVERIFY(test::update(*follower_, "docs", "keep", j("{'v':2}")).isOk());
    const auto divergent = oplog(*follower_, fork.tick);
    QCOMPARE(divergent.size(), 2u);
    auto removed = waitFor<Result<std::vector<OplogEntry>>>(
        [&](auto done) { follower_->rollbackAfter(fork.tick, done); });
    QVERIFY(removed.isOk());
    QVERIFY(sameEntries(*removed, divergent));
    QCOMPARE(follower_->lastPosition(), fork);
    QVERIFY(oplog(*follower_, fork.tick).empty());
    // Documents are restored one by one from the leader's current state.
    const std::string keep = j("{'_key':'keep','_id':'docs/keep','_rev':'_aaaaaaaaaa','v':1}");
    QVERIFY(call(
        [&](auto done) { follower_->restoreDocument("_system", "docs", "keep", keep, done); }));
    QVERIFY(call([&](auto done) {
      follower_->restoreDocument("_system", "docs", "new", std::nullopt, done);
    }));
    QCOMPARE(follower_->get("_system", "docs", "keep")->json, keep);
    QVERIFY(!follower_->get("_system", "docs", "new").isOk());
    QCOMPARE(*follower_->count("_system", "docs"), 1u);
    // Nothing after the position: nothing to remove.
    removed = waitFor<Result<std::vector<OplogEntry>>>(
        [&](auto done) { follower_->rollbackAfter(fork.tick, done); });
    QVERIFY(removed->empty());
  }

  void pruneKeepsTheNewestEntry() {
    QVERIFY(test::createCollection(*leader_, "_system", "docs").isOk());
    for (int i = 0; i < 5; ++i) QVERIFY(test::insert(*leader_, "docs", "{}").isOk());
    const auto entries = oplog(*leader_);
    QCOMPARE(leader_->firstTick(), entries.front().tick);
    auto deleted = waitFor<Result<std::uint64_t>>(
        [&](auto done) { leader_->pruneOplog(entries[2].tick, done); });
    QCOMPARE(*deleted, 3u);
    QCOMPARE(leader_->firstTick(), entries[3].tick);
    deleted = waitFor<Result<std::uint64_t>>(
        [&](auto done) { leader_->pruneOplog(entries.back().tick + 100, done); });
    QCOMPARE(*deleted, 2u);
    QCOMPARE(oplog(*leader_).size(), 1u);
    QCOMPARE(leader_->lastPosition().tick, entries.back().tick);
    // A rollback below the retained history is refused and removes nothing.
    auto refused = waitFor<Result<std::vector<OplogEntry>>>(
        [&](auto done) { leader_->rollbackAfter(entries[0].tick, done); });
    QCOMPARE(refused.status().code(), ErrorCode::kBadParameter);
    QCOMPARE(oplog(*leader_).size(), 1u);
  }

  void importReplacesExistingDocumentsAndRefusesBadOnes() {
    CollectionInfo info;
    info.id = "5000";
    info.name = "copy";
    info.globally_unique_id = "hABC/5000";
    info.key_options.last_value = 77;
    QVERIFY(call([&](auto done) { follower_->importCollection("_system", info, done); }));
    QCOMPARE(call([&](auto done) { follower_->importCollection("_system", info, done); }).code(),
             ErrorCode::kDuplicateName);
    auto docs = [](int from, int to, const std::string& rev) {
      std::vector<std::string> out;
      for (int i = from; i < to; ++i) {
        const std::string key = "d" + std::to_string(1000 + i);
        out.push_back("{\"_key\":\"" + key + "\",\"_id\":\"copy/" + key + "\",\"_rev\":\"" + rev +
                      "\",\"i\":" + std::to_string(i) + "}");
      }
      return out;
    };
    auto import = [&](std::vector<std::string> batch) {
      return call([&](auto done) {
        follower_->importDocuments("_system", "copy", std::move(batch), done);
      });
    };
    QVERIFY(import(docs(0, 40, "_aaaaaaaaa-")));
    QVERIFY(import(docs(0, 45, "_bbbbbbbbb-")));  // 40 replaced (in chunks and one by one), 5 new
    QCOMPARE(*follower_->count("_system", "copy"), 45u);
    QCOMPARE(follower_->get("_system", "copy", "d1017")->rev, std::string("_bbbbbbbbb-"));
    QCOMPARE(follower_->collection("_system", "copy")->key_options.last_value, 77u);
    std::vector<std::string> bad = docs(45, 50, "_ccccccccc-");
    bad.push_back(j("{'_key':'norev'}"));
    QCOMPARE(import(bad).code(), ErrorCode::kBadParameter);
    QCOMPARE(*follower_->count("_system", "copy"), 45u);
    // Edges and other layouts are parsed.
    QVERIFY(
        import({j("{'_key':'e','_id':'copy/e','_from':'a/b','_to':'a/c','_rev':'_ddddddddd-'}")}));
    QCOMPARE(follower_->get("_system", "copy", "e")->rev, std::string("_ddddddddd-"));
  }

  void importAndApplyAreFast() {
    constexpr int kDocs = 20'000;
    QVERIFY(test::createCollection(*leader_, "_system", "bulk").isOk());
    std::vector<std::string> batch;
    for (int i = 0; i < kDocs; ++i) {
      batch.push_back("{\"_key\":\"k" + std::to_string(i) + "\",\"name\":\"document " +
                      std::to_string(i) + "\",\"value\":" + std::to_string(i * 7) +
                      ",\"tags\":[\"a\",\"b\"]}");
    }
    for (int i = 0; i < kDocs; i += 1000) {
      std::string body = "[";
      for (int k = i; k < i + 1000; ++k) body += (k > i ? "," : "") + batch[k];
      body += "]";
      QVERIFY(test::insert(*leader_, "bulk", body).isOk());
    }
    QElapsedTimer timer;
    timer.start();
    fullSync(*leader_, *follower_, 5000);
    const double sync_rate = kDocs * 1000.0 / std::max<qint64>(timer.elapsed(), 1);
    QCOMPARE(*follower_->count("_system", "bulk"), std::uint64_t{kDocs});
    // Tailing: the same documents replaced, applied in batches of 1000 entries.
    WriteOptions replace;
    replace.overwrite_mode = OverwriteMode::kReplace;
    for (int i = 0; i < kDocs; i += 1000) {
      std::string body = "[";
      for (int k = i; k < i + 1000; ++k) {
        body += std::string(k > i ? "," : "") + "{\"_key\":\"k" + std::to_string(k) + "\",\"v\":2}";
      }
      body += "]";
      QVERIFY(test::insert(*leader_, "bulk", body, replace).isOk());
    }
    auto entries = oplog(*leader_, follower_->lastPosition().tick);
    QCOMPARE(entries.size(), std::size_t{kDocs});
    timer.restart();
    for (std::size_t i = 0; i < entries.size(); i += 1000) {
      std::vector<OplogEntry> part(entries.begin() + i, entries.begin() + i + 1000);
      QVERIFY(apply(*follower_, std::move(part)).isOk());
    }
    const double apply_rate = kDocs * 1000.0 / std::max<qint64>(timer.elapsed(), 1);
    qInfo("full sync %.0f docs/s, applyReplicated %.0f docs/s", sync_rate, apply_rate);
    QCOMPARE(follower_->lastPosition(), leader_->lastPosition());
    QVERIFY(sync_rate > 5'000);  // loose: catches quadratic costs, not a benchmark
  }
};

QTEST_GUILESS_MAIN(StoreReplicationTest)
#include "tst_store_replication.moc"
