#include "storage/writer.h"

#include <cassert>
#include <exception>
#include <string>

#include "storage/blocking_call.h"

namespace tandem::storage {
namespace {

// Set on every Writer's thread (storage/blocking_call.h refuses to block there).
thread_local bool running_writer = false;

Status shuttingDown() {
  return Status::error(ErrorCode::kShuttingDown, "shutdown in progress: the store is closed");
}

// A callback that throws must not take the writer thread (and every later write) with it.
void completeQuietly(WriteTask& task, const Status& status) {
  try {
    task.complete(status);
  } catch (...) {
  }
}

}  // namespace

Writer::Writer(std::unique_ptr<SqliteConnection> db, Catalog& catalog, const WriterSeed& seed,
               SyncMode sync, std::size_t max_batch_operations)
    : context_(std::move(db), catalog, seed),
      sync_(sync),
      max_batch_operations_(max_batch_operations == 0 ? 1 : max_batch_operations),
      synchronous_full_(sync == SyncMode::kFull),
      last_tick_(seed.last_tick),
      position_(seed.position),
      base_(seed.base),
      term_(seed.term) {}

Writer::~Writer() { stop(); }

void Writer::start() {
  thread_ = std::thread([this] { run(); });
}

void Writer::submit(std::unique_ptr<WriteTask> task) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(task));
      wake_.notify_one();
      return;
    }
  }
  completeQuietly(*task, shuttingDown());
}

void Writer::stop() {
  // A callback (running on the writer thread) must not close the store: it cannot join itself.
  assert(std::this_thread::get_id() != thread_.get_id());
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(position_mu_);
    closed_ = true;
  }
  committed_.notify_all();
  // Tasks submitted before start() (or if the thread never ran) are answered, not dropped.
  std::deque<std::unique_ptr<WriteTask>> left;
  {
    std::lock_guard lock(mu_);
    left.swap(queue_);
  }
  for (auto& task : left) completeQuietly(*task, shuttingDown());
}

void Writer::close() {
  stop();
  context_.closeConnection();
}

StoreStats Writer::stats() const {
  std::lock_guard lock(stats_mu_);
  StoreStats copy = stats_;
  copy.last_tick = lastTick();
  return copy;
}

void Writer::run() {
  running_writer = true;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued has been written
    auto batch = takeBatch(lock);
    lock.unlock();
    process(batch);
    lock.lock();
  }
}

std::vector<std::unique_ptr<WriteTask>> Writer::takeBatch(std::unique_lock<std::mutex>&) {
  std::vector<std::unique_ptr<WriteTask>> batch;
  std::size_t operations = 0;
  while (!queue_.empty()) {
    WriteTask& next = *queue_.front();
    if (!batch.empty() &&
        (next.exclusive() || operations + next.operationCount() > max_batch_operations_)) {
      break;
    }
    operations += next.operationCount();
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    if (batch.back()->exclusive()) break;
  }
  return batch;
}

void Writer::process(std::vector<std::unique_ptr<WriteTask>>& batch) {
  const Status status = execute(batch);
  for (auto& task : batch) completeQuietly(*task, status);
}

Status Writer::execute(std::vector<std::unique_ptr<WriteTask>>& batch) {
  bool needs_sync = false;
  std::size_t operations = 0;
  for (auto& task : batch) {
    needs_sync = task->prepare(context_.catalog()) || needs_sync;
    operations += task->operationCount();
  }
  const bool full = sync_ == SyncMode::kFull || needs_sync;
  if (Status status = setSynchronous(full); !status) return status;
  SqliteConnection& db = context_.db();
  context_.beginBatch();
  Status status = db.exec("BEGIN IMMEDIATE");
  try {
    for (auto& task : batch) {
      if (!status) break;
      status = task->apply(context_);
    }
  } catch (const std::exception& error) {
    status = Status::error(ErrorCode::kInternal, std::string("write failed: ") + error.what());
  }
  if (status) status = context_.flushBatch();
  if (status) status = db.exec("COMMIT");
  if (!status) {
    if (db.inTransaction()) (void)db.exec("ROLLBACK");
    context_.rollbackBatch();
    return Status::error(status.code(),
                         "transaction rolled back, nothing was written: " + status.message());
  }
  const std::uint64_t written = context_.commitBatch();
  for (auto& task : batch) task->publish(context_);
  last_tick_.store(context_.lastTick(), std::memory_order_release);
  publishPosition();
  record(operations, written);
  return Status::ok();
}

Status Writer::setSynchronous(bool full) {
  if (full == synchronous_full_) return Status::ok();
  Status status =
      context_.db().exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  if (status) synchronous_full_ = full;
  return status;
}

OplogPosition Writer::position() const {
  std::lock_guard lock(position_mu_);
  return position_;
}

OplogPosition Writer::base() const {
  std::lock_guard lock(position_mu_);
  return base_;
}

std::uint64_t Writer::term() const {
  std::lock_guard lock(position_mu_);
  return term_;
}

std::uint64_t Writer::waitForTick(std::uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(position_mu_);
  committed_.wait_for(lock, timeout, [&] { return closed_ || lastTick() > after; });
  return lastTick();
}

std::uint64_t Writer::commitSequence() const {
  std::lock_guard lock(position_mu_);
  return commits_;
}

void Writer::waitForCommit(std::uint64_t seen, std::chrono::milliseconds timeout,
                           const std::atomic<bool>& interrupt) const {
  std::unique_lock lock(position_mu_);
  committed_.wait_for(lock, timeout, [&] {
    return closed_ || commits_ > seen || interrupt.load(std::memory_order_acquire);
  });
}

void Writer::interruptWaits() const {
  // Taking the mutex orders the caller's flag store before a waiter's predicate check, so
  // the wake-up cannot fall between its check and its sleep.
  { std::lock_guard lock(position_mu_); }
  committed_.notify_all();
}

void Writer::publishPosition() {
  {
    std::lock_guard lock(position_mu_);
    position_ = context_.position();
    base_ = context_.base();
    term_ = context_.term();
    ++commits_;
  }
  committed_.notify_all();
}

void Writer::record(std::size_t operations, std::uint64_t documents_written) {
  std::lock_guard lock(stats_mu_);
  CommitStats& commit = stats_.commit;
  std::size_t bucket = 0;
  while (bucket < std::size(CommitStats::kBounds) && operations > CommitStats::kBounds[bucket]) {
    ++bucket;
  }
  ++commit.bucket_counts[bucket];
  ++commit.commits;
  commit.operations += operations;
  stats_.documents_written += documents_written;
}

bool onWriterThread() { return running_writer; }

}  // namespace tandem::storage
