#include "embedded_bench.h"

#include <linux/magic.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_phases.h"
#include "documents.h"
#include "sqlite_baseline.h"
#include "tandem/store.h"

namespace tandem::bench {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kDb = "_system";
constexpr char kDurablePrefix = 'n';
constexpr char kBatchPrefix = 'o';
constexpr char kFeedPrefix = 'p';
// A feed or a write that has not answered by then is not slow but stuck.
constexpr auto kFeedTimeout = std::chrono::seconds(30);
// (o), pipelined: insertMany calls in flight at once (one parsing while one commits).
constexpr std::size_t kPipelinedCalls = 2;

double msBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

Clock::duration secondsToDuration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// The value of rank ceil(q * n) (1-based), as bench_phases computes its percentiles.
double percentile(std::vector<double>& values, double q) {
  if (values.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  const std::size_t index = std::min(values.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}

LatencySpread spreadOf(std::vector<double> values) {
  LatencySpread spread;
  if (values.empty()) return spread;
  spread.min_ms = *std::min_element(values.begin(), values.end());
  spread.max_ms = *std::max_element(values.begin(), values.end());
  spread.p50_ms = percentile(values, 0.50);
  spread.p99_ms = percentile(values, 0.99);
  return spread;
}

std::filesystem::path makeTempDirectory() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                        "/tandem-bench-embedded-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw BenchFailure("cannot create a temporary directory from " + pattern +
                       " (set TMPDIR to a writable directory)");
  }
  return pattern;
}

bool isTmpfs(const std::filesystem::path& directory) {
  struct statfs info {};
  return ::statfs(directory.c_str(), &info) == 0 && info.f_type == TMPFS_MAGIC;
}

// `max_batch_operations` 0: the Store's default.
std::unique_ptr<Store> openStore(const std::filesystem::path& directory,
                                 std::size_t max_batch_operations = 0) {
  StoreOptions options;
  options.directory = directory.string();
  options.sync = SyncMode::kFull;
  if (max_batch_operations > 0) options.max_batch_operations = max_batch_operations;
  auto store = Store::open(options);
  if (!store) {
    throw BenchFailure("cannot open a Store in " + directory.string() + ": " +
                       store.status().toString());
  }
  return std::move(*store);
}

void createCollection(Store& store, const std::string& name) {
  CollectionSpec spec;
  spec.name = name;
  auto created = store.createCollectionSync(kDb, spec);
  if (!created) {
    throw BenchFailure("cannot create collection " + name + ": " + created.status().toString());
  }
}

void expectCount(const Store& store, const std::string& collection, std::uint64_t expected) {
  auto count = store.count(kDb, collection);
  if (!count) {
    throw BenchFailure("cannot count " + collection + ": " + count.status().toString());
  }
  if (*count != expected) {
    throw BenchFailure(collection + " holds " + std::to_string(*count) + " documents, but " +
                       std::to_string(expected) + " inserts were acknowledged");
  }
}

// Empty if `result` acknowledges exactly `keys` (in order), else what is wrong.
std::string writeProblem(const Result<WriteResult>& result, const std::vector<std::string>& keys) {
  if (!result) return "write failed: " + result.status().toString();
  if (result->items.size() != keys.size()) {
    return "write answered " + std::to_string(result->items.size()) + " items for " +
           std::to_string(keys.size()) + " documents";
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const DocumentResult& item = result->items[i];
    if (!item.status) return "document " + keys[i] + " failed: " + item.status.toString();
    if (item.key != keys[i]) return "document " + keys[i] + " acknowledged as " + item.key;
  }
  return {};
}

// The first failure of any thread; the others stop at their next write.
class FailureFlag {
 public:
  void set(const std::string& what) {
    const std::lock_guard lock(mutex_);
    if (what_.empty()) what_ = what;
    failed_ = true;
  }
  bool failed() const { return failed_; }
  void throwIfFailed() const {
    const std::lock_guard lock(mutex_);
    if (failed_) throw BenchFailure(what_);
  }

 private:
  mutable std::mutex mutex_;
  std::string what_;  // guarded by mutex_
  std::atomic<bool> failed_{false};
};

}  // namespace

namespace {

// What one writer thread of (n) measured.
struct WriterLog {
  std::vector<double> latencies_ms;  // writes submitted after the warm-up
  Clock::time_point last_done{};     // acknowledgement of the last of them
};

struct DurableRun {
  Store& store;
  const std::string& collection;
  std::size_t doc_size;
  Clock::time_point warm_end;
  Clock::time_point stop;
  std::atomic<std::uint64_t> next_seq{0};
  FailureFlag failure;
};

// One thread of (n): insert one document, wait for its acknowledgement, next, until `stop`.
void durableWriter(DurableRun& run, WriterLog& log) {
  std::vector<std::string> key(1);
  std::string body;
  while (!run.failure.failed()) {
    if (Clock::now() >= run.stop) return;
    const std::uint64_t seq = run.next_seq.fetch_add(1);
    key[0] = documentKey(kDurablePrefix, seq);
    body.clear();
    appendDocument(body, key[0], seq, run.doc_size);
    const Clock::time_point submitted = Clock::now();
    const auto result = run.store.insertSync(kDb, run.collection, std::move(body));
    const Clock::time_point done = Clock::now();
    if (std::string problem = writeProblem(result, key); !problem.empty()) {
      run.failure.set("(n) " + problem);
      return;
    }
    if (submitted >= run.warm_end) {
      log.latencies_ms.push_back(msBetween(submitted, done));
      log.last_done = done;
    }
  }
}

}  // namespace

EmbeddedBench::EmbeddedBench(const BenchOptions& options)
    : options_(options), directory_(makeTempDirectory()) {}

EmbeddedBench::~EmbeddedBench() {
  if (options_.keep_data) return;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

bool EmbeddedBench::onTmpfs() const { return isTmpfs(directory_); }

DurableWriteFigures EmbeddedBench::durableRun(std::size_t threads, const std::string& name) {
  const auto store = openStore(directory_ / name);
  const std::string collection = "durable";
  createCollection(*store, collection);
  const Clock::time_point start = Clock::now();
  DurableRun run{*store,
                 collection,
                 options_.doc_size,
                 start + secondsToDuration(options_.warmup),
                 start + secondsToDuration(options_.warmup + options_.embedded_duration),
                 {0},
                 {}};
  std::vector<WriterLog> logs(threads);
  std::vector<std::thread> writers;
  for (std::size_t t = 0; t < threads; ++t) {
    writers.emplace_back(durableWriter, std::ref(run), std::ref(logs[t]));
  }
  std::this_thread::sleep_until(run.warm_end);
  const StoreStats before = store->stats();
  for (auto& writer : writers) writer.join();
  const StoreStats after = store->stats();
  run.failure.throwIfFailed();
  expectCount(*store, collection, run.next_seq.load());

  DurableWriteFigures figures;
  figures.threads = threads;
  std::vector<double> latencies;
  Clock::time_point last_done = run.warm_end;
  for (WriterLog& log : logs) {
    latencies.insert(latencies.end(), log.latencies_ms.begin(), log.latencies_ms.end());
    last_done = std::max(last_done, log.last_done);
  }
  figures.writes = latencies.size();
  figures.seconds = msBetween(run.warm_end, last_done) / 1000.0;
  if (figures.seconds > 0.0) figures.rate = static_cast<double>(figures.writes) / figures.seconds;
  figures.p50_ms = percentile(latencies, 0.50);
  figures.p99_ms = percentile(latencies, 0.99);
  figures.commits = after.commit.commits - before.commit.commits;
  if (figures.commits > 0) {
    figures.mean_batch = static_cast<double>(after.commit.operations - before.commit.operations) /
                         static_cast<double>(figures.commits);
  }
  return figures;
}

void EmbeddedBench::durableWrites(EmbeddedFigures& figures) {
  figures.on_tmpfs = onTmpfs();
  figures.writes = durableRun(options_.embedded_threads, "n-threads");
  figures.writes_one = durableRun(1, "n-one-thread");
}

namespace {

// The documents of (o) as rows for raw SQLite; the Store gets the same bodies in batches. The
// raw revisions are made here, before the clock; the Store makes its own while it writes.
BaselineRows makeRows(std::uint64_t docs, std::size_t doc_size) {
  BaselineRows rows;
  rows.keys.reserve(docs);
  rows.revs.reserve(docs);
  rows.bodies.reserve(docs);
  for (std::uint64_t seq = 0; seq < docs; ++seq) {
    std::string key = documentKey(kBatchPrefix, seq);
    std::string body;
    appendSmallDocument(body, key, seq, doc_size);
    char rev[24];  // the length of a Store revision (11 characters)
    std::snprintf(rev, sizeof rev, "_%010llx", static_cast<unsigned long long>(seq));
    rows.keys.push_back(std::move(key));
    rows.revs.emplace_back(rev);
    rows.bodies.push_back(std::move(body));
  }
  return rows;
}

// Copies of the bodies, `batch` per insertMany call (made before the clock: the calls take them).
struct Batches {
  std::vector<std::vector<std::string>> bodies;
  std::vector<std::vector<std::string>> keys;  // to check the acknowledgements
};

Batches makeBatches(const BaselineRows& rows, std::size_t batch) {
  Batches batches;
  for (std::size_t i = 0; i < rows.keys.size(); ++i) {
    if (i % batch == 0) {
      batches.bodies.emplace_back();
      batches.keys.emplace_back();
    }
    batches.bodies.back().push_back(rows.bodies[i]);
    batches.keys.back().push_back(rows.keys[i]);
  }
  return batches;
}

// One insertManySync call at a time; returns the seconds.
double loadSequential(Store& store, const std::string& collection, Batches& batches) {
  const Clock::time_point start = Clock::now();
  for (std::size_t b = 0; b < batches.bodies.size(); ++b) {
    const auto result = store.insertManySync(kDb, collection, std::move(batches.bodies[b]));
    if (std::string problem = writeProblem(result, batches.keys[b]); !problem.empty()) {
      throw BenchFailure("(o) insertManySync: " + problem);
    }
  }
  return msBetween(start, Clock::now()) / 1000.0;
}

// Asynchronous insertMany calls, `in_flight` at most, so the caller's thread parses the next
// batch while the writer thread commits the previous one; returns the seconds.
double loadPipelined(Store& store, const std::string& collection, Batches& batches,
                     std::size_t in_flight) {
  std::mutex mutex;
  std::condition_variable done;
  std::size_t pending = 0;  // guarded by mutex
  FailureFlag failure;
  const Clock::time_point start = Clock::now();
  for (std::size_t b = 0; b < batches.bodies.size() && !failure.failed(); ++b) {
    {
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return pending < in_flight; });
      ++pending;
    }
    store.insertMany(kDb, collection, std::move(batches.bodies[b]), WriteOptions{},
                     [&, b](Result<WriteResult> result) {
                       const std::string problem = writeProblem(result, batches.keys[b]);
                       if (!problem.empty()) failure.set("(o) insertMany: " + problem);
                       const std::lock_guard lock(mutex);
                       --pending;
                       done.notify_all();
                     });
  }
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return pending == 0; });
  const double seconds = msBetween(start, Clock::now()) / 1000.0;
  failure.throwIfFailed();
  return seconds;
}

}  // namespace

void EmbeddedBench::batchInserts(EmbeddedFigures& figures) {
  BatchInsertFigures& f = figures.batch;
  f.docs = options_.embedded_docs;
  f.batch = options_.batch;
  const BaselineRows rows = makeRows(f.docs, options_.embedded_doc_size);
  std::size_t bytes = 0;
  for (const std::string& body : rows.bodies) bytes += body.size();
  f.doc_bytes = bytes / f.docs;
  const std::string collection = "batch";
  {
    const auto store = openStore(directory_ / "o-store");
    createCollection(*store, collection);
    Batches batches = makeBatches(rows, f.batch);
    const std::uint64_t commits_before = store->stats().commit.commits;
    f.store_seconds = loadSequential(*store, collection, batches);
    f.store_commits = store->stats().commit.commits - commits_before;
    expectCount(*store, collection, f.docs);
  }
  {
    // A commit holds one call at most, so both runs make the same transactions and fsyncs.
    const auto store = openStore(directory_ / "o-store-pipelined", f.batch);
    createCollection(*store, collection);
    Batches batches = makeBatches(rows, f.batch);
    const std::uint64_t commits_before = store->stats().commit.commits;
    f.pipelined_seconds = loadPipelined(*store, collection, batches, kPipelinedCalls);
    f.pipelined_commits = store->stats().commit.commits - commits_before;
    expectCount(*store, collection, f.docs);
  }
  const std::filesystem::path raw_directory = directory_ / "o-sqlite";
  std::error_code error;
  if (!std::filesystem::create_directory(raw_directory, error)) {
    throw BenchFailure("cannot create " + raw_directory.string() + ": " + error.message());
  }
  f.sqlite_seconds = loadRawSqlite(raw_directory / "raw.db", rows, f.batch);
  const auto rate = [&](double seconds) {
    return seconds > 0.0 ? static_cast<double>(f.docs) / seconds : 0.0;
  };
  f.store_rate = rate(f.store_seconds);
  f.pipelined_rate = rate(f.pipelined_seconds);
  f.sqlite_rate = rate(f.sqlite_seconds);
  f.ratio = f.sqlite_rate > 0.0 ? f.store_rate / f.sqlite_rate : 0.0;
  f.pipelined_ratio = f.sqlite_rate > 0.0 ? f.pipelined_rate / f.sqlite_rate : 0.0;
}

namespace {

// The timestamps of (p): per document its submit (main thread), acknowledgement (the write
// callback, on the Store's writer thread) and delivery (the feed callback, on the
// Subscription's thread). Each slot is written by one thread before it bumps its counter under
// mutex_; the main thread reads them after waiting on those counters.
class FeedProbe {
 public:
  explicit FeedProbe(std::size_t docs)
      : submit_(docs), ack_(docs), delivery_(docs), collection_("feed") {}

  const std::string& collection() const { return collection_; }

  void submitted(std::size_t index) { submit_[index] = Clock::now(); }

  WriteCallback callbackFor(std::size_t index, std::string key) {
    return [this, index, key = std::move(key)](Result<WriteResult> result) {
      ack_[index] = Clock::now();
      const std::string problem = writeProblem(result, {key});
      const std::lock_guard lock(mutex_);
      if (!problem.empty() && problem_.empty()) problem_ = "(p) " + problem;
      ++acks_;
      changed_.notify_all();
    };
  }

  // The feed callback: every entry must be the next document, in order, exactly once.
  void delivered(const std::vector<OplogEntry>& entries) {
    const Clock::time_point now = Clock::now();
    const std::lock_guard lock(mutex_);
    ++callbacks_;
    for (const OplogEntry& entry : entries) {
      std::size_t index = delivery_.size();
      const char* digits = entry.key.data() + 1;
      const char* end = entry.key.data() + entry.key.size();
      const bool ours = entry.type == OpType::kDocumentUpsert && entry.collection == collection_ &&
                        entry.key.size() > 1 && entry.key[0] == kFeedPrefix &&
                        std::from_chars(digits, end, index).ptr == end;
      if (!ours || index != deliveries_) {
        if (problem_.empty()) {
          problem_ = "(p) the feed delivered " + std::to_string(static_cast<int>(entry.type)) +
                     " " + entry.collection + "/" + entry.key + " where " +
                     documentKey(kFeedPrefix, deliveries_) + " was due";
        }
        continue;
      }
      delivery_[index] = now;
      ++deliveries_;
    }
    changed_.notify_all();
  }

  void ended(const Status& status) {
    const std::lock_guard lock(mutex_);
    if (problem_.empty()) problem_ = "(p) the change feed ended: " + status.toString();
    changed_.notify_all();
  }

  // Waits until `acks` writes are acknowledged; throws on a problem or after kFeedTimeout.
  void waitForAcks(std::size_t acks) {
    waitFor([&] { return acks_ >= acks; }, "acknowledged");
  }
  void waitForAll() {
    waitFor([&] { return acks_ == submit_.size() && deliveries_ == submit_.size(); },
            "acknowledged and delivered");
  }

  FeedFigures figures() const {
    FeedFigures f;
    f.docs = submit_.size();
    f.callbacks = callbacks_;
    std::vector<double> commit_to_delivery, submit_to_delivery, submit_to_commit;
    for (std::size_t i = 0; i < submit_.size(); ++i) {
      commit_to_delivery.push_back(msBetween(ack_[i], delivery_[i]));
      submit_to_delivery.push_back(msBetween(submit_[i], delivery_[i]));
      submit_to_commit.push_back(msBetween(submit_[i], ack_[i]));
      if (delivery_[i] < ack_[i]) ++f.delivered_before_ack;
    }
    f.commit_to_delivery = spreadOf(std::move(commit_to_delivery));
    f.submit_to_delivery = spreadOf(std::move(submit_to_delivery));
    f.submit_to_commit = spreadOf(std::move(submit_to_commit));
    return f;
  }

 private:
  template <typename Done>
  void waitFor(Done done, const char* what) {
    std::unique_lock lock(mutex_);
    const bool finished =
        changed_.wait_for(lock, kFeedTimeout, [&] { return done() || !problem_.empty(); });
    if (!problem_.empty()) throw BenchFailure(problem_);
    if (!finished) {
      throw BenchFailure("(p) not every write was " + std::string(what) + " within 30 s: " +
                         std::to_string(acks_) + " acknowledged, " + std::to_string(deliveries_) +
                         " delivered of " + std::to_string(submit_.size()));
    }
  }

  std::vector<Clock::time_point> submit_;
  std::vector<Clock::time_point> ack_;
  std::vector<Clock::time_point> delivery_;
  const std::string collection_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t acks_ = 0;        // guarded by mutex_
  std::size_t deliveries_ = 0;  // guarded by mutex_
  std::size_t callbacks_ = 0;   // guarded by mutex_
  std::string problem_;         // guarded by mutex_; the first one
};

}  // namespace

void EmbeddedBench::changeFeed(EmbeddedFigures& figures) {
  const std::size_t docs = options_.feed_docs;
  // Destroyed in reverse: the subscription first, then the store (which runs the callbacks of
  // writes still queued), then the probe those callbacks write to.
  FeedProbe probe(docs);
  const auto store = openStore(directory_ / "p");
  createCollection(*store, probe.collection());
  ChangeFeedOptions feed;
  feed.from_tick = store->lastTick();
  feed.db = kDb;
  feed.collection = probe.collection();
  auto subscription = store->subscribe(
      feed, [&probe](const std::vector<OplogEntry>& entries) { probe.delivered(entries); },
      [&probe](Status status) { probe.ended(status); });
  if (!subscription) {
    throw BenchFailure("(p) cannot subscribe: " + subscription.status().toString());
  }
  const auto interval = std::chrono::duration<double, std::milli>(options_.feed_interval_ms);
  const Clock::time_point start = Clock::now();
  for (std::size_t i = 0; i < docs; ++i) {
    if (options_.feed_interval_ms > 0) {
      std::this_thread::sleep_until(start +
                                    std::chrono::duration_cast<Clock::duration>(i * interval));
    } else {
      probe.waitForAcks(i);
    }
    std::string key = documentKey(kFeedPrefix, i);
    std::string body;
    appendDocument(body, key, i, options_.doc_size);
    probe.submitted(i);
    store->insert(kDb, probe.collection(), std::move(body), WriteOptions{},
                  probe.callbackFor(i, std::move(key)));
  }
  probe.waitForAll();
  (*subscription)->cancel();
  figures.feed = probe.figures();
  figures.feed.interval_ms = options_.feed_interval_ms;
}

}  // namespace tandem::bench
