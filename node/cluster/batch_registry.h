// BatchRegistry: the pinned read snapshots behind /_api/replication/batch, by id, each kept
// until it is dropped or its ttl passes without use (every lookup restarts the ttl, so a
// follower copying a large collection keeps its batch alive by dumping).
//
// A snapshot is an open read transaction on a SQLite connection of its own: holding one only
// delays the store's checkpoints, never blocks writers.
//
// Ownership: owns the snapshots (shared with handlers that are reading one at the moment).
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem {
class StoreSnapshot;
}

namespace tandem::node::cluster {

// An open batch as POST /_api/replication/batch reports it.
struct BatchInfo {
  std::string id;
  tandem::OplogPosition position;  // the snapshot's (tick, term)
};

class BatchRegistry {
 public:
  BatchRegistry();
  ~BatchRegistry();
  BatchRegistry(const BatchRegistry&) = delete;
  BatchRegistry& operator=(const BatchRegistry&) = delete;

  Result<BatchInfo> create(const tandem::Store& store, std::chrono::seconds ttl);
  // kHttpBadParameter (400) for an unknown or expired id.
  Status extend(const std::string& id, std::chrono::seconds ttl);
  Status drop(const std::string& id);
  // The batch's snapshot (its ttl restarts), or null for an unknown or expired id.
  std::shared_ptr<const tandem::StoreSnapshot> find(const std::string& id);
  // Drops the batches whose ttl passed.
  void expire();
  // Drops every batch.
  void clear();
  // The lowest tick an open batch was taken at (its follower will tail from there).
  std::optional<std::uint64_t> oldestTick() const;

 private:
  struct Entry {
    std::shared_ptr<const tandem::StoreSnapshot> snapshot;
    tandem::OplogPosition position;
    std::chrono::seconds ttl{0};
    std::chrono::steady_clock::time_point expires;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Entry> batches_;
};

}  // namespace tandem::node::cluster
