#include "cluster/batch_registry.h"

#include <random>
#include <vector>

#include "log.h"
#include "tandem/store_snapshot.h"

namespace tandem::node::cluster {
using Clock = std::chrono::steady_clock;

namespace {

Status unknownBatch(const std::string& id) {
  return Status::error(ErrorCode::kHttpBadParameter, "invalid batchId '" + id + "'", 400);
}

// Random, so a batch id from before a restart never names a batch of this process.
std::string newBatchId() {
  static std::mt19937_64 generator{std::random_device{}()};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  return std::to_string(generator() >> 12);
}

}  // namespace

BatchRegistry::BatchRegistry() = default;

BatchRegistry::~BatchRegistry() = default;

Result<BatchInfo> BatchRegistry::create(const tandem::Store& store, std::chrono::seconds ttl) {
  auto snapshot = store.openSnapshot();
  if (!snapshot) return snapshot.status();
  Entry entry;
  entry.position = (*snapshot)->position();
  entry.snapshot = std::move(*snapshot);
  entry.ttl = ttl;
  entry.expires = Clock::now() + ttl;
  BatchInfo info{newBatchId(), entry.position};
  {
    std::lock_guard lock(mutex_);
    batches_.emplace(info.id, std::move(entry));
  }
  Log::info("replication", "replication batch opened",
            {{"id", info.id}, {"tick", info.position.tick}, {"ttl", ttl.count()}});
  return info;
}

Status BatchRegistry::extend(const std::string& id, std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  auto it = batches_.find(id);
  if (it == batches_.end() || it->second.expires <= Clock::now()) return unknownBatch(id);
  it->second.ttl = ttl;
  it->second.expires = Clock::now() + ttl;
  return Status::ok();
}

Status BatchRegistry::drop(const std::string& id) {
  std::shared_ptr<const tandem::StoreSnapshot> dropped;  // closed outside the lock
  std::lock_guard lock(mutex_);
  auto it = batches_.find(id);
  if (it == batches_.end()) return unknownBatch(id);
  dropped = std::move(it->second.snapshot);
  batches_.erase(it);
  return Status::ok();
}

std::shared_ptr<const tandem::StoreSnapshot> BatchRegistry::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = batches_.find(id);
  const auto now = Clock::now();
  if (it == batches_.end() || it->second.expires <= now) return nullptr;
  it->second.expires = now + it->second.ttl;
  return it->second.snapshot;
}

void BatchRegistry::expire() {
  std::vector<std::shared_ptr<const tandem::StoreSnapshot>> dropped;  // closed outside the lock
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  for (auto it = batches_.begin(); it != batches_.end();) {
    if (it->second.expires > now) {
      ++it;
      continue;
    }
    Log::info("replication", "replication batch expired", {{"id", it->first}});
    dropped.push_back(std::move(it->second.snapshot));
    it = batches_.erase(it);
  }
}

void BatchRegistry::clear() {
  std::map<std::string, Entry> dropped;
  std::lock_guard lock(mutex_);
  dropped.swap(batches_);
}

std::optional<std::uint64_t> BatchRegistry::oldestTick() const {
  std::lock_guard lock(mutex_);
  std::optional<std::uint64_t> oldest;
  for (const auto& [id, entry] : batches_) {
    if (!oldest || entry.position.tick < *oldest) oldest = entry.position.tick;
  }
  return oldest;
}

}  // namespace tandem::node::cluster
