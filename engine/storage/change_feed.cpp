// ChangeFeed (change_feed.h), Subscription and Store::subscribe (tandem/store.h).
#include "storage/change_feed.h"

#include <cassert>
#include <chrono>
#include <exception>
#include <string>

#include "storage/store_impl.h"

namespace tandem {
namespace storage {
namespace {

// Only a safety net: every commit and every cancel() wakes the feed at once.
constexpr std::chrono::milliseconds kIdleWait(200);
constexpr std::size_t kDefaultMaxBatch = 1000;
constexpr std::size_t kMaxMaxBatch = 100000;

}  // namespace

ChangeFeed::ChangeFeed(Writer& writer, ReaderPool& readers, ChangeFeedOptions options,
                       FeedPosition start, ChangeCallback on_changes, ChangeFeedEnd on_end)
    : writer_(&writer),
      readers_(&readers),
      options_(std::move(options)),
      start_(start),
      on_changes_(std::move(on_changes)),
      on_end_(std::move(on_end)),
      position_(start.tick) {}

ChangeFeed::~ChangeFeed() {
  // Destroying a feed from its own callback would leave its thread running on freed memory.
  assert(std::this_thread::get_id() != thread_id_.load());
  cancel();
}

void ChangeFeed::start() {
  thread_ = std::thread([this] {
    thread_id_.store(std::this_thread::get_id());
    run();
  });
  thread_id_.store(thread_.get_id());
}

void ChangeFeed::cancel() {
  cancelled_.store(true, std::memory_order_release);
  stop_.store(true, std::memory_order_release);
  interrupt();
  if (std::this_thread::get_id() == thread_id_.load()) return;  // from the callback: it ends after
  join();
}

void ChangeFeed::shutdown() {
  assert(std::this_thread::get_id() != thread_id_.load() &&
         "close the store outside feed callbacks");
  closing_.store(true, std::memory_order_release);
  stop_.store(true, std::memory_order_release);
  interrupt();
  join();
  std::lock_guard lock(mu_);
  detached_ = true;
}

Status ChangeFeed::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void ChangeFeed::interrupt() {
  std::lock_guard lock(mu_);
  if (!detached_) writer_->interruptWaits();
}

void ChangeFeed::join() {
  std::lock_guard lock(join_mu_);
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::run() {
  FeedPosition position = start_;
  while (!stop_.load(std::memory_order_acquire)) {
    // Taken before the read: a commit after the read's snapshot ends the wait below.
    const std::uint64_t seen = writer_->commitSequence();
    auto entries = read(position);
    if (!entries) return end(entries.status());
    if (entries->empty()) {
      writer_->waitForCommit(seen, kIdleWait, stop_);
      continue;
    }
    const OplogEntry& last = entries->back();
    const std::uint64_t last_tick = last.tick;
    const std::uint64_t last_term = last.term;
    std::erase_if(*entries, [this](const OplogEntry& entry) { return !passes(entry); });
    if (stop_.load(std::memory_order_acquire)) break;  // stopped: what was read stays unread
    if (!entries->empty() && !deliver(*entries)) return;
    position.tick = last_tick;
    position.term = last_term;
    position_.store(last_tick, std::memory_order_release);
  }
  if (closing_.load(std::memory_order_acquire)) {
    end(Status::error(ErrorCode::kShuttingDown,
                      "shutdown in progress: the store closed, the change feed ended at tick " +
                          std::to_string(position.tick)));
  }
}

Result<std::vector<OplogEntry>> ChangeFeed::read(FeedPosition& position) {
  auto lease = readers_->acquire();
  if (!lease) return lease.status();
  return FeedReader::next(**lease, position, options_.max_batch);
}

bool ChangeFeed::passes(const OplogEntry& entry) const {
  // Term starts are store-wide events: the database and collection filters do not apply.
  if (entry.type == OpType::kTermStart) return options_.include_term_starts;
  if (options_.db.empty()) return true;
  if (entry.db != options_.db) return false;
  if (options_.collection.empty()) return true;
  return entry.collection == options_.collection || entry.type == OpType::kCreateDatabase ||
         entry.type == OpType::kDropDatabase;
}

bool ChangeFeed::deliver(const std::vector<OplogEntry>& entries) {
  try {
    on_changes_(entries);
    return true;
  } catch (const std::exception& error) {
    end(Status::error(ErrorCode::kInternal,
                      std::string("the change callback threw (") + error.what() +
                          "), so the feed stopped before tick " +
                          std::to_string(entries.front().tick) + ": fix the callback and " +
                          "subscribe again from Subscription::position()"));
  } catch (...) {
    end(Status::error(ErrorCode::kInternal,
                      "the change callback threw, so the feed stopped before tick " +
                          std::to_string(entries.front().tick) +
                          ": fix the callback and subscribe again from Subscription::position()"));
  }
  return false;
}

void ChangeFeed::end(Status status) {
  {
    std::lock_guard lock(mu_);
    status_ = status;
  }
  if (!on_end_ || cancelled_.load(std::memory_order_acquire)) return;
  try {
    on_end_(std::move(status));
  } catch (...) {
    // Nothing is left to report it to; the feed has ended either way.
  }
}

}  // namespace storage

struct Subscription::Impl {
  std::shared_ptr<storage::ChangeFeed> feed;
};

Subscription::Subscription(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Subscription::~Subscription() {
  if (impl_) impl_->feed->cancel();
}

void Subscription::cancel() { impl_->feed->cancel(); }

std::uint64_t Subscription::position() const { return impl_->feed->position(); }

Status Subscription::status() const { return impl_->feed->status(); }

Result<std::unique_ptr<Subscription>> Store::subscribe(const ChangeFeedOptions& options,
                                                       ChangeCallback on_changes,
                                                       ChangeFeedEnd on_end) const {
  if (impl_->closed) return impl_->closedStatus();
  ChangeFeedOptions checked = options;
  if (checked.max_batch == 0) checked.max_batch = storage::kDefaultMaxBatch;
  if (checked.max_batch > storage::kMaxMaxBatch) {
    return Status::error(ErrorCode::kBadParameter,
                         "change feed max_batch " + std::to_string(options.max_batch) +
                             " is above 100000: pass 1..100000 (0 for 1000)");
  }
  if (!checked.collection.empty() && checked.db.empty()) {
    return Status::error(ErrorCode::kBadParameter,
                         "a change feed filtered by collection needs its database: set "
                         "ChangeFeedOptions::db as well");
  }
  if (!on_changes) {
    return Status::error(ErrorCode::kBadParameter, "subscribe() needs a change callback");
  }
  auto start = [&]() -> Result<storage::FeedPosition> {
    auto lease = impl_->readers->acquire();
    if (!lease) return lease.status();
    return storage::FeedReader::start(**lease, options.from_tick);
  }();
  if (!start) return start.status();
  auto feed =
      std::make_shared<storage::ChangeFeed>(*impl_->writer, *impl_->readers, std::move(checked),
                                            *start, std::move(on_changes), std::move(on_end));
  if (!impl_->feeds.add(feed, [&] { feed->start(); })) return impl_->closedStatus();
  auto impl = std::make_unique<Subscription::Impl>();
  impl->feed = std::move(feed);
  return std::make_unique<Subscription>(std::move(impl));
}

}  // namespace tandem
