// EmbeddedBench: the in-process phases of tandem-bench, through the public tandem::Store API
// (engine/include/tandem/store.h) in this process, no HTTP. Each phase opens a Store of its own
// in a subdirectory of one temporary directory ($TMPDIR, like the node's), SyncMode::kFull.
//
//   (n) durable writes   `embedded_threads` threads (then 1), each: insertSync of one ~doc_size
//                        document, wait for the acknowledgement, next; timed like (b) (warm-up,
//                        then `embedded_duration` s); writes/s, p50/p99 submit -> callback, and
//                        the mean commit batch (StoreStats: operations / commits in the window)
//   (o) batch inserts    `embedded_docs` documents of ~`embedded_doc_size` bytes, `batch` per
//                        insertManySync call, one thread (one transaction and fsync per batch);
//                        again with asynchronous insertMany calls, two in flight (parsing one
//                        while the other commits; max_batch_operations = batch keeps one call
//                        per transaction); then the same keys and bodies into raw SQLite
//                        (sqlite_baseline.h); docs/s of each, ratios to raw SQLite
//   (p) change feed      a Subscription from lastTick() on a collection; `feed_docs` inserts
//                        submitted every `feed_interval_ms` (0: each after the previous one's
//                        acknowledgement); per document the submit, acknowledgement (write
//                        callback) and delivery (feed callback) times; percentiles of delivery -
//                        acknowledgement (signed: the feed may deliver before the writer thread
//                        has run the write's callback) and of delivery - submit
//
// Every write's result is checked (OK, one item, the key sent), every count afterwards, and the
// feed must deliver each key exactly once and nothing else; anything else throws BenchFailure.
// Thread-safety: use from one thread (the phases start and join their own threads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "bench_options.h"

namespace tandem::bench {

struct DurableWriteFigures {
  std::size_t threads = 0;
  std::uint64_t writes = 0;  // measured (after warm-up)
  double seconds = 0.0;      // measured window
  double rate = 0.0;         // writes/s
  double p50_ms = 0.0;
  double p99_ms = 0.0;
  std::uint64_t commits = 0;  // SQLite transactions in the window
  double mean_batch = 0.0;    // operations per commit in the window
};

struct BatchInsertFigures {
  std::uint64_t docs = 0;
  std::size_t batch = 0;
  std::size_t doc_bytes = 0;  // mean JSON text size of one document
  double store_seconds = 0.0;
  double store_rate = 0.0;  // docs/s through Store::insertManySync, one call at a time
  double pipelined_seconds = 0.0;
  double pipelined_rate = 0.0;  // docs/s through Store::insertMany, two calls in flight
  double sqlite_seconds = 0.0;
  double sqlite_rate = 0.0;             // docs/s into raw SQLite
  double ratio = 0.0;                   // store_rate / sqlite_rate (the target's figure)
  double pipelined_ratio = 0.0;         // pipelined_rate / sqlite_rate
  std::uint64_t store_commits = 0;      // transactions of the sequential run
  std::uint64_t pipelined_commits = 0;  // and of the pipelined one
};

struct LatencySpread {
  double p50_ms = 0.0;
  double p99_ms = 0.0;
  double max_ms = 0.0;
  double min_ms = 0.0;
};

struct FeedFigures {
  std::uint64_t docs = 0;
  double interval_ms = 0.0;
  LatencySpread commit_to_delivery;        // delivery - write callback (signed)
  LatencySpread submit_to_delivery;        // delivery - submit
  LatencySpread submit_to_commit;          // write callback - submit
  std::uint64_t delivered_before_ack = 0;  // documents whose delivery preceded their callback
  std::uint64_t callbacks = 0;             // feed callbacks (batches) for the documents
};

struct EmbeddedFigures {
  bool on_tmpfs = false;           // fsync is free there: the durable figures flatter the store
  DurableWriteFigures writes;      // (n) with embedded_threads threads
  DurableWriteFigures writes_one;  // (n) with one thread, for reference
  BatchInsertFigures batch;        // (o)
  FeedFigures feed;                // (p)
};

class EmbeddedBench {
 public:
  // Creates the temporary directory (throws BenchFailure if it cannot).
  explicit EmbeddedBench(const BenchOptions& options);
  // Removes the directory unless --keep-data.
  ~EmbeddedBench();
  EmbeddedBench(const EmbeddedBench&) = delete;
  EmbeddedBench& operator=(const EmbeddedBench&) = delete;

  void durableWrites(EmbeddedFigures& figures);  // (n), both thread counts
  void batchInserts(EmbeddedFigures& figures);   // (o)
  void changeFeed(EmbeddedFigures& figures);     // (p)

  const std::filesystem::path& directory() const { return directory_; }
  // True if the directory is on tmpfs (fsync is free there).
  bool onTmpfs() const;

 private:
  DurableWriteFigures durableRun(std::size_t threads, const std::string& name);

  const BenchOptions& options_;
  std::filesystem::path directory_;
};

}  // namespace tandem::bench
