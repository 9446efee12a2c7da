#include "cluster/replication_driver.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "cluster/applier_thread.h"
#include "log.h"

namespace tandem::node::cluster {
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kTopic = "replication";
// How long the maintenance thread waits for a commit before looking at its timers again.
constexpr std::chrono::milliseconds kWatchSlice{200};
// Lag samples kept: at one per observed commit batch this covers minutes of a busy leader.
constexpr std::size_t kMaxSamples = 8192;

std::uint64_t millisSince(Clock::time_point then, Clock::time_point now) {
  if (now <= then) return 0;
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now - then).count());
}

}  // namespace

struct ReplicationDriver::Impl {
  struct Follower {
    std::uint64_t applied = 0;
    Clock::time_point last_seen;
  };
  struct Sample {
    std::uint64_t tick = 0;
    Clock::time_point seen;
  };

  Impl(tandem::Store& s, ReplicationOptions o) : store(s), options(std::move(o)) {}

  void maintain();
  void noteTick(std::uint64_t tick, Clock::time_point now);
  std::uint64_t lagMs(std::uint64_t applied, std::uint64_t last_tick, Clock::time_point now) const;
  tandem::Result<std::uint64_t> prune();
  FollowerProgress progressOf(const std::string& id, const Follower& follower,
                              std::uint64_t last_tick, Clock::time_point now) const;

  tandem::Store& store;
  ReplicationOptions options;

  // Leader side: followers and lag samples. One mutex; none of it is held long.
  mutable std::mutex mutex;
  std::condition_variable follower_heard;
  std::map<std::string, Follower> followers;
  std::deque<Sample> samples;
  BatchRegistry batches;
  std::atomic<std::uint64_t> pruned_through{0};

  // Maintenance thread.
  std::mutex run_mutex;  // serializes start/stop
  std::atomic<bool> running{false};
  std::thread maintenance;

  // Follower side.
  std::mutex applier_mutex;                // serializes follow/stopFollowing
  std::shared_ptr<ApplierThread> applier;  // guarded by applier_mutex and `mutex` (status)
  ApplierStatus finished;                  // counters of appliers that ended

  // Adds an ended applier's counters to `finished`. Needs `mutex`.
  void retire(const ApplierStatus& ended) {
    finished.resyncs += ended.resyncs;
    finished.rollbacks += ended.rollbacks;
    finished.entries_applied += ended.entries_applied;
  }
};

void ReplicationDriver::Impl::noteTick(std::uint64_t tick, Clock::time_point now) {
  std::lock_guard lock(mutex);
  if (!samples.empty() && samples.back().tick >= tick) return;
  samples.push_back({tick, now});
  if (samples.size() > kMaxSamples) samples.pop_front();
}

std::uint64_t ReplicationDriver::Impl::lagMs(std::uint64_t applied, std::uint64_t last_tick,
                                             Clock::time_point now) const {
  if (applied >= last_tick || samples.empty()) return 0;
  // The first sample past `applied` is when the oldest entry the follower lacks was seen.
  auto it = std::upper_bound(samples.begin(), samples.end(), applied,
                             [](std::uint64_t tick, const Sample& s) { return tick < s.tick; });
  if (it == samples.end()) return 0;
  return millisSince(it->seen, now);
}

FollowerProgress ReplicationDriver::Impl::progressOf(const std::string& id,
                                                     const Follower& follower,
                                                     std::uint64_t last_tick,
                                                     Clock::time_point now) const {
  FollowerProgress progress;
  progress.server_id = id;
  progress.applied_tick = follower.applied;
  progress.lag_ticks = last_tick > follower.applied ? last_tick - follower.applied : 0;
  progress.lag_ms = lagMs(follower.applied, last_tick, now);
  progress.last_seen = follower.last_seen;
  return progress;
}

void ReplicationDriver::Impl::maintain() {
  std::uint64_t last = store.lastTick();
  noteTick(last, Clock::now());
  auto next_prune = Clock::now() + options.prune_interval;
  while (running.load()) {
    const std::uint64_t tick = store.waitForTick(last, kWatchSlice);
    const auto now = Clock::now();
    if (tick > last) {
      noteTick(tick, now);
      last = tick;
    }
    batches.expire();
    if (now >= next_prune) {
      next_prune = now + options.prune_interval;
      auto pruned = prune();
      if (!pruned) {
        Log::warn(kTopic, "oplog pruning failed", {{"error", pruned.status().message()}});
      }
    }
  }
}

ReplicationDriver::ReplicationDriver(tandem::Store& store, ReplicationOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {}

ReplicationDriver::~ReplicationDriver() { stop(); }

void ReplicationDriver::start() {
  std::lock_guard lock(impl_->run_mutex);
  if (impl_->running.exchange(true)) return;
  impl_->maintenance = std::thread([impl = impl_.get()] { impl->maintain(); });
}

void ReplicationDriver::stop() {
  stopFollowing();
  {
    std::lock_guard lock(impl_->run_mutex);
    impl_->running.store(false);
    if (impl_->maintenance.joinable()) impl_->maintenance.join();
  }
  impl_->batches.clear();
}

void ReplicationDriver::follow(const FollowTarget& target) {
  std::lock_guard lock(impl_->applier_mutex);
  if (impl_->applier && impl_->applier->target() == target) return;
  if (impl_->applier) {
    impl_->applier->stop();
    Log::info(kTopic, "applier retargeted", {{"leader", target.leader_id}});
  }
  auto applier = std::make_shared<ApplierThread>(impl_->store, impl_->options, target);
  std::lock_guard status_lock(impl_->mutex);
  if (impl_->applier) impl_->retire(impl_->applier->status());
  impl_->applier = std::move(applier);
}

void ReplicationDriver::stopFollowing() {
  std::lock_guard lock(impl_->applier_mutex);
  std::shared_ptr<ApplierThread> applier;
  {
    std::lock_guard status_lock(impl_->mutex);
    applier = impl_->applier;
  }
  if (!applier) return;
  applier->stop();
  std::lock_guard status_lock(impl_->mutex);
  impl_->retire(applier->status());
  impl_->applier.reset();
}

ApplierStatus ReplicationDriver::applierStatus() const {
  std::shared_ptr<ApplierThread> applier;
  ApplierStatus status;
  {
    std::lock_guard lock(impl_->mutex);
    applier = impl_->applier;
    status = impl_->finished;
  }
  if (!applier) {
    const auto position = impl_->store.lastPosition();
    status.applied.term = position.term;
    status.applied.tick = position.tick;
    return status;
  }
  ApplierStatus current = applier->status();
  current.resyncs += status.resyncs;
  current.rollbacks += status.rollbacks;
  current.entries_applied += status.entries_applied;
  return current;
}

std::vector<FollowerProgress> ReplicationDriver::followers(std::chrono::milliseconds within) const {
  const auto now = Clock::now();
  const std::uint64_t last_tick = impl_->store.lastTick();
  std::vector<FollowerProgress> out;
  std::lock_guard lock(impl_->mutex);
  for (const auto& [id, follower] : impl_->followers) {
    if (now - follower.last_seen > within) continue;
    out.push_back(impl_->progressOf(id, follower, last_tick, now));
  }
  return out;
}

std::vector<FollowerProgress> ReplicationDriver::clients() const {
  return followers(impl_->options.retention_follower_ttl);
}

bool ReplicationDriver::waitFollowerApplied(const std::string& server_id, std::uint64_t tick,
                                            std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  return impl_->follower_heard.wait_for(lock, timeout, [&] {
    auto it = impl_->followers.find(server_id);
    return it != impl_->followers.end() && it->second.applied >= tick;
  });
}

void ReplicationDriver::recordTail(const std::string& server_id, std::uint64_t from) {
  {
    std::lock_guard lock(impl_->mutex);
    auto& follower = impl_->followers[server_id];
    follower.applied = from;
    follower.last_seen = Clock::now();
  }
  impl_->follower_heard.notify_all();
}

BatchRegistry& ReplicationDriver::batches() { return impl_->batches; }

Result<std::uint64_t> ReplicationDriver::pruneOnce() { return impl_->prune(); }

std::uint64_t ReplicationDriver::prunedThrough() const { return impl_->pruned_through.load(); }

// Keeps every entry a follower heard within the retention window (or an open batch) still
// needs, counting the entry at its position (the tail's history check looks it up), plus
// oplog_retention ticks before that.
Result<std::uint64_t> ReplicationDriver::Impl::prune() {
  std::uint64_t needed = store.lastTick();
  const auto now = Clock::now();
  {
    std::lock_guard lock(mutex);
    for (const auto& [id, follower] : followers) {
      if (now - follower.last_seen <= options.retention_follower_ttl) {
        needed = std::min(needed, follower.applied);
      }
    }
  }
  if (auto oldest = batches.oldestTick()) needed = std::min(needed, *oldest);
  if (needed <= options.oplog_retention + 1) return std::uint64_t{0};
  const std::uint64_t keep_after = needed - options.oplog_retention - 1;
  std::promise<Result<std::uint64_t>> promise;
  auto future = promise.get_future();
  store.pruneOplog(keep_after, [&promise](Result<std::uint64_t> deleted) {
    promise.set_value(std::move(deleted));
  });
  auto deleted = future.get();
  if (deleted) {
    // The newest entry is never deleted, so the horizon stays below it.
    const std::uint64_t last = store.lastTick();
    const std::uint64_t horizon = std::min(keep_after, last == 0 ? 0 : last - 1);
    std::uint64_t seen = pruned_through.load();
    while (seen < horizon && !pruned_through.compare_exchange_weak(seen, horizon)) {
    }
  }
  if (deleted && *deleted > 0) {
    Log::info(kTopic, "oplog pruned", {{"upTo", keep_after}, {"entries", *deleted}});
  }
  return deleted;
}

}  // namespace tandem::node::cluster
