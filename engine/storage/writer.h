// Writer: the store's single writer thread and its queue (group commit).
//
// Every write is a WriteTask submitted to the queue. The thread takes everything queued, up to
// max_batch_operations documents (at least one task; a DDL task always alone), runs it in ONE
// SQLite transaction on the only read-write connection, commits, publishes catalog changes and
// statistics, and then invokes every callback of the batch. While a batch commits (fsync), new
// tasks queue up and form the next batch, so throughput is not bounded by fsync latency.
//
// With synchronous=NORMAL a batch that contains a waitForSync write is committed with
// synchronous=FULL, so that write is durable when its callback runs.
//
// Ownership: owns the thread, the queue and (through WriteContext) the writer connection.
// Thread-safety: submit(), lastTick(), stats() and the waits may be called from any thread;
// stop() from any thread but the writer thread itself.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/write_context.h"
#include "storage/write_task.h"
#include "tandem/store.h"

namespace tandem::storage {

class Writer {
 public:
  Writer(std::unique_ptr<SqliteConnection> db, Catalog& catalog, const WriterSeed& seed,
         SyncMode sync, std::size_t max_batch_operations);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void start();
  // Queues `task`. After stop() the task is completed at once with kShuttingDown on the
  // calling thread.
  void submit(std::unique_ptr<WriteTask> task);
  // Lets the thread finish every queued task (their callbacks run), then joins it. Idempotent.
  void stop();
  // stop(), then checkpoint the WAL and close the writer connection. Idempotent.
  void close();

  std::uint64_t lastTick() const { return last_tick_.load(std::memory_order_acquire); }
  StoreStats stats() const;
  // Committed replication state, published after each commit before the callbacks run.
  OplogPosition position() const;
  OplogPosition base() const;
  std::uint64_t term() const;
  // Blocks until a commit takes lastTick() past `after`, stop() or `timeout`; returns lastTick().
  std::uint64_t waitForTick(std::uint64_t after, std::chrono::milliseconds timeout) const;
  // Number of commits so far, published with the position after each one. A reader that takes
  // it before reading the store and finds nothing new waits with waitForCommit(): any commit
  // after that read (also one that adds no tick, like a rollback) wakes it.
  std::uint64_t commitSequence() const;
  // Blocks until commitSequence() > seen, stop(), `interrupt` is true (set it, then call
  // interruptWaits()) or `timeout` passes.
  void waitForCommit(std::uint64_t seen, std::chrono::milliseconds timeout,
                     const std::atomic<bool>& interrupt) const;
  // Wakes every waitForCommit() so it re-checks its interrupt flag.
  void interruptWaits() const;

 private:
  void run();
  std::vector<std::unique_ptr<WriteTask>> takeBatch(std::unique_lock<std::mutex>& lock);
  void process(std::vector<std::unique_ptr<WriteTask>>& batch);
  Status execute(std::vector<std::unique_ptr<WriteTask>>& batch);
  Status setSynchronous(bool full);
  void record(std::size_t operations, std::uint64_t documents_written);
  void publishPosition();

  WriteContext context_;  // writer thread only
  const SyncMode sync_;
  const std::size_t max_batch_operations_;
  bool synchronous_full_;  // current PRAGMA synchronous; writer thread only

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<WriteTask>> queue_;  // guarded by mu_
  bool stopping_ = false;                         // guarded by mu_
  std::thread thread_;

  std::atomic<std::uint64_t> last_tick_;  // committed tick, published before callbacks
  mutable std::mutex position_mu_;
  mutable std::condition_variable committed_;  // notified with position_mu_ after each commit
  OplogPosition position_;                     // guarded by position_mu_
  OplogPosition base_;                         // guarded by position_mu_
  std::uint64_t term_ = 0;                     // guarded by position_mu_
  std::uint64_t commits_ = 0;                  // guarded by position_mu_
  bool closed_ = false;                        // guarded by position_mu_: wakes waiters
  mutable std::mutex stats_mu_;
  StoreStats stats_;  // guarded by stats_mu_
};

}  // namespace tandem::storage
