// Group commit: concurrent writers share transactions, every write is acknowledged exactly
// once, a failing batch fails every task in it and writes nothing, close() drains the queue.
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;

namespace {

// Counts callbacks and lets a test wait until all expected ones arrived.
class Acks {
 public:
  void add(bool ok) {
    std::lock_guard lock(mu_);
    (ok ? ok_ : failed_) += 1;
    changed_.notify_all();
  }
  void waitFor(int total) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return ok_ + failed_ >= total; });
  }
  int ok() const {
    std::lock_guard lock(mu_);
    return ok_;
  }
  int failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int ok_ = 0;
  int failed_ = 0;
};

void execRaw(const QString& directory, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open((directory + "/tandem.db").toStdString().c_str(), &db);
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) qFatal("%s", error);
  sqlite3_close(db);
}

}  // namespace

class GroupCommitTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Store> store_;

 private slots:
  void init() {
    QDir(dir_.path()).removeRecursively();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QVERIFY(test::createCollection(*store_, "_system", "docs").isOk());
  }
  void cleanup() { store_.reset(); }

  void concurrentWritersShareCommitsAndAllSurviveReopen() {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 250;
    Acks acks;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const std::string body = "{\"_key\":\"t" + std::to_string(t) + "-" + std::to_string(i) +
                                   "\",\"i\":" + std::to_string(i) + "}";
          store_->insert("_system", "docs", body, {}, [&acks](Result<WriteResult> result) {
            acks.add(result.isOk() && result->items[0].status.isOk());
          });
        }
      });
    }
    for (auto& thread : threads) thread.join();
    acks.waitFor(kThreads * kPerThread);
    QCOMPARE(acks.ok(), kThreads * kPerThread);

    const StoreStats stats = store_->stats();
    QCOMPARE(stats.documents_written, std::uint64_t(kThreads * kPerThread));
    QVERIFY(stats.commit.commits < stats.commit.operations);  // some commits held several
    std::uint64_t multi = 0;
    for (size_t b = 1; b < std::size(stats.commit.bucket_counts); ++b) {
      multi += stats.commit.bucket_counts[b];
    }
    QVERIFY(multi > 0);
    qDebug("%llu writes in %llu commits", static_cast<unsigned long long>(stats.commit.operations),
           static_cast<unsigned long long>(stats.commit.commits));

    store_.reset();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(kThreads * kPerThread));
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kPerThread; i += 37) {
        const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
        QVERIFY2(store_->get("_system", "docs", key).isOk(), key.c_str());
      }
    }
  }

  void batchBoundRespectsMaxBatchOperations() {
    store_.reset();
    StoreOptions options = test::optionsFor(dir_.path());
    options.max_batch_operations = 4;
    store_ = test::openStore(options);
    Acks acks;
    for (int i = 0; i < 40; ++i) {
      store_->insert("_system", "docs", "{}", {},
                     [&](Result<WriteResult> r) { acks.add(r.isOk()); });
    }
    acks.waitFor(40);
    const CommitStats commit = store_->stats().commit;
    // Buckets above "<= 4" must be empty.
    for (size_t b = 3; b < std::size(commit.bucket_counts); ++b) {
      QCOMPARE(commit.bucket_counts[b], std::uint64_t(0));
    }
  }

  void failingBatchFailsEveryTaskAndWritesNothing() {
    store_.reset();
    execRaw(dir_.path(),
            "CREATE TRIGGER boom BEFORE INSERT ON oplog WHEN NEW.key = 'boom'"
            " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    store_ = test::openStore(test::optionsFor(dir_.path()));
    const std::uint64_t before = store_->lastTick();

    // The first callback holds the writer thread until the next three writes are queued, so
    // those three form one batch.
    std::mutex gate;
    gate.lock();
    std::promise<void> entered;
    std::future<void> writer_held = entered.get_future();
    std::vector<Result<WriteResult>> results;
    std::mutex results_mu;
    Acks acks;
    auto collect = [&](Result<WriteResult> result) {
      std::lock_guard lock(results_mu);
      results.push_back(std::move(result));
      acks.add(true);
    };
    store_->insert("_system", "docs", j("{'_key':'first'}"), {}, [&](Result<WriteResult> r) {
      entered.set_value();
      std::lock_guard hold(gate);
      collect(std::move(r));
    });
    writer_held.wait();
    store_->insert("_system", "docs", j("{'_key':'a'}"), {}, collect);
    store_->insert("_system", "docs", j("{'_key':'boom'}"), {}, collect);
    store_->insert("_system", "docs", j("{'_key':'c'}"), {}, collect);
    gate.unlock();
    acks.waitFor(4);
    QVERIFY(results[0].isOk());
    for (size_t i = 1; i < 4; ++i) {
      QCOMPARE(results[i].status().code(), ErrorCode::kInternal);
      QVERIFY(results[i].status().message().find("injected failure") != std::string::npos);
    }
    QVERIFY(store_->get("_system", "docs", "first").isOk());
    QCOMPARE(store_->get("_system", "docs", "a").status().code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(store_->get("_system", "docs", "c").status().code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(1));
    QCOMPARE(store_->readOplog(before, 10)->size(), size_t(1));
    // The writer goes on after a failed batch, and ticks stay dense.
    auto next = test::insert(*store_, "docs", j("{'_key':'after'}"));
    QVERIFY(next.isOk());
    QCOMPARE(next->last_tick, before + 2);
  }

  void waitForSyncIsReportedAndHonouredInNormalMode() {
    store_.reset();
    StoreOptions options = test::optionsFor(dir_.path());
    options.sync = SyncMode::kNormal;
    store_ = test::openStore(options);
    WriteOptions sync;
    sync.wait_for_sync = true;
    auto synced = test::insert(*store_, "docs", "{}", sync);
    QVERIFY(synced->synced);
    auto plain = test::insert(*store_, "docs", "{}");
    QVERIFY(!plain->synced);
    CollectionSpec spec;
    spec.name = "durable";
    spec.wait_for_sync = true;
    QVERIFY(test::createCollection(*store_, "_system", spec).isOk());
    QVERIFY(test::insert(*store_, "durable", "{}")->synced);
  }

  void closeDrainsQueuedWritesThenRefusesNewOnes() {
    Acks acks;
    for (int i = 0; i < 200; ++i) {
      store_->insert("_system", "docs", "{}", {},
                     [&](Result<WriteResult> r) { acks.add(r.isOk()); });
    }
    store_->close();
    QCOMPARE(acks.ok(), 200);  // every callback ran before close() returned

    Status late;
    store_->insert("_system", "docs", "{}", {}, [&](Result<WriteResult> r) { late = r.status(); });
    QCOMPARE(late.code(), ErrorCode::kShuttingDown);
    Status late_ddl;
    store_->createDatabase("x", [&](Status s) { late_ddl = s; });
    QCOMPARE(late_ddl.code(), ErrorCode::kShuttingDown);
    QCOMPARE(store_->get("_system", "docs", "1").status().code(), ErrorCode::kShuttingDown);
    QCOMPARE(store_->readOplog(0, 1).status().code(), ErrorCode::kShuttingDown);
    store_->close();  // idempotent

    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(200));
  }

  void concurrentReadersSeeAcknowledgedWrites() {
    std::atomic<bool> stop{false};
    std::atomic<int> missing{0};
    std::atomic<int> acknowledged{-1};
    std::thread reader([&] {
      while (!stop) {
        const int upto = acknowledged.load();
        if (upto < 0) continue;
        if (!store_->get("_system", "docs", "k" + std::to_string(upto)).isOk()) ++missing;
      }
    });
    for (int i = 0; i < 200; ++i) {
      auto result = test::insert(*store_, "docs", "{\"_key\":\"k" + std::to_string(i) + "\"}");
      QVERIFY(result.isOk());
      acknowledged = i;
    }
    stop = true;
    reader.join();
    QCOMPARE(missing.load(), 0);
  }
};

QTEST_GUILESS_MAIN(GroupCommitTest)
#include "tst_group_commit.moc"
