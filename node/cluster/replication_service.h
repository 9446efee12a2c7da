// ReplicationService: what the member (cluster/member.h: roles, lease, switchover) and the
// admin handlers ask of replication on this node (engine/replication/DESIGN.md).
//
// Follower side: the applier, which pulls the leader's oplog (initial sync, tailing,
// divergence and rollback) on a thread of its own. Leader side: what the leader learned from
// its followers' tail requests (/_api/wal/tail records serverId -> applied tick).
//
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "replication/applier.h"
#include "supervision/cluster_plan.h"

namespace tandem::node::cluster {

struct FollowTarget {
  std::string leader_id;        // "SNGL-..."
  std::string leader_endpoint;  // "tcp://host:port"
  std::uint64_t term = 0;       // the leader's term (Plan/Leader)
  bool operator==(const FollowTarget&) const = default;
};

// The applier's phases are the pure applier's (engine/replication/applier.h).
using replication::ApplierPhase;
using replication::applierPhaseName;  // "idle", "initial-sync", "tailing", ...

struct SyncProgress {
  std::uint64_t documents = 0;        // copied so far in this sync
  std::uint64_t documents_total = 0;  // at the snapshot (0 while unknown)
  std::uint64_t bytes = 0;
  double rate_docs_per_s = 0;
  double eta_s = 0;
};

struct ApplierStatus {
  ApplierPhase phase = ApplierPhase::kIdle;
  FollowTarget target;                 // empty leader_id when idle
  supervision::Position applied;       // last applied (term, tick) on this node
  std::uint64_t leader_last_tick = 0;  // from the last tail answer's lasttick header
  std::uint64_t lag_ticks = 0;         // leader_last_tick - applied.tick (0 if ahead)
  std::uint64_t lag_ms = 0;            // age of the oldest entry the leader has and we lack
  SyncProgress sync;                   // initial sync / resync progress
  std::uint64_t resyncs = 0;           // full resyncs since start
  std::uint64_t rollbacks = 0;         // divergences handled since start
  std::uint64_t entries_applied = 0;   // since start
  std::string last_error;              // empty if none
};

// What the leader knows about one follower from its tail requests.
struct FollowerProgress {
  std::string server_id;
  std::uint64_t applied_tick = 0;  // the `from` of its last tail request
  std::uint64_t lag_ticks = 0;     // leader's last tick - applied_tick
  std::uint64_t lag_ms = 0;        // age of the oldest entry it lacks (0 when caught up)
  std::chrono::steady_clock::time_point last_seen{};
};

class ReplicationService {
 public:
  virtual ~ReplicationService() = default;

  // Follower: start following `target` (initial sync if this node has nothing in common with
  // it, else tail from the applied position with divergence checks), or retarget. Returns at
  // once; the applier runs on its own thread.
  virtual void follow(const FollowTarget& target) = 0;
  // Stops the applier and returns when it has stopped: nothing more will be applied. Used
  // before this node begins a term as leader. Idempotent.
  virtual void stopFollowing() = 0;
  virtual ApplierStatus applierStatus() const = 0;

  // Leader: what the followers' tail requests said, heard within `within`.
  virtual std::vector<FollowerProgress> followers(std::chrono::milliseconds within) const = 0;
  // Leader: blocks until follower `server_id` has reported applied_tick >= tick (through its
  // tail requests) or `timeout` passed; true if it has.
  virtual bool waitFollowerApplied(const std::string& server_id, std::uint64_t tick,
                                   std::chrono::milliseconds timeout) = 0;
};

}  // namespace tandem::node::cluster
