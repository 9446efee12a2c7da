// ReplicationDriver: this node's replication (engine/replication/DESIGN.md), both sides.
//
// Leader side (always on while started): the follower tracker fed by /_api/wal/tail requests
// (serverId -> applied tick, last seen), lag in milliseconds, the registry of pinned read
// snapshots behind /_api/replication/batch (BatchRegistry), and oplog retention. Lag: a maintenance
// thread watches the store's last tick (Store::waitForTick) and keeps a bounded ring of (tick, time
// first seen); a follower's lag is the age of the first sample past its applied tick. That measures
// commit time as this node saw it, independent of entry contents.
//
// Follower side: follow(target) runs the applier on a thread of its own (ApplierThread in
// applier_thread.h): initial sync, long-poll tailing, divergence and rollback, resync.
//
// Ownership: borrows the Store (it must outlive the driver). Owns its threads and the open
// snapshots; stop() (or the destructor) joins the threads and drops the snapshots, so call it
// before closing the store.
// Thread-safety: every public member may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cluster/batch_registry.h"
#include "cluster/replication_service.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::node::cluster {

struct ReplicationOptions {
  std::string database_directory;  // rollback files go to <database_directory>/rollback/
  std::string server_id;           // this node's id ("SNGL-…"), sent as serverId when tailing
  std::string bearer_token;        // for requests to the leader, empty if none
  // Follower timing.
  std::chrono::milliseconds request_timeout{15000};  // one request (plus the long-poll wait)
  std::chrono::milliseconds tail_wait{1000};         // long-poll `wait` of tail requests
  std::chrono::milliseconds retry_backoff{500};      // after a failed request
  std::size_t tail_chunk_bytes = 4u << 20;
  std::size_t dump_chunk_bytes = 4u << 20;
  std::chrono::seconds batch_ttl{600};  // asked for by the initial sync (extended per dump)
  // Leader retention: followers heard within this window hold back pruning...
  std::chrono::seconds retention_follower_ttl{3600};
  // ...and this many entries are kept beyond what they need.
  std::uint64_t oplog_retention = 100000;
  std::chrono::milliseconds prune_interval{30000};
};

class ReplicationDriver final : public ReplicationService {
 public:
  ReplicationDriver(tandem::Store& store, ReplicationOptions options);
  ~ReplicationDriver() override;
  ReplicationDriver(const ReplicationDriver&) = delete;
  ReplicationDriver& operator=(const ReplicationDriver&) = delete;

  // Starts the maintenance thread (lag samples, retention, batch expiry). Idempotent.
  void start();
  // Stops the applier and the maintenance thread and drops every batch. Idempotent.
  void stop();

  // ReplicationService
  void follow(const FollowTarget& target) override;
  void stopFollowing() override;
  ApplierStatus applierStatus() const override;
  std::vector<FollowerProgress> followers(std::chrono::milliseconds within) const override;
  bool waitFollowerApplied(const std::string& server_id, std::uint64_t tick,
                           std::chrono::milliseconds timeout) override;

  // Leader side, for the /_api/wal and /_api/replication handlers.
  // Records that follower `server_id` asked for entries after `from` (it has applied `from`).
  void recordTail(const std::string& server_id, std::uint64_t from);
  // Followers heard within the retention window, as ArangoDB's logger-state lists clients.
  std::vector<FollowerProgress> clients() const;
  // The open batches (/_api/replication/batch); expired ones are dropped by the maintenance
  // thread, all of them by stop().
  BatchRegistry& batches();
  // Prunes the oplog once (what the maintenance thread does every prune_interval); the number
  // of entries deleted.
  Result<std::uint64_t> pruneOnce();
  // The highest tick up to which this process pruned the oplog (0 if it did not): entries
  // after it are all still there. Not persistent: after a restart only firstTick() tells.
  std::uint64_t prunedThrough() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node::cluster
