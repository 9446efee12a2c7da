// FailoverSim: a seeded, deterministic simulation of active failover's lease rule — agents
// (each a HeartbeatTable, one of them running the Supervision), the agency's log reduced to
// its ordering and timing, and data nodes that heartbeat and compute their leases from the
// answers exactly as DESIGN.md states it. No sockets, threads or sleeps: one real-time axis in
// milliseconds, advanced in fixed steps; every process reads its own clock, which runs at its
// own rate (within the margin the options allow) from its own offset.
//
// Modelled faults: message delay, loss and reordering; node-agent partitions; process pauses
// (SIGSTOP: the clock keeps running, messages wait until the process runs again) of nodes and
// agents; agent restarts (the log survives, the heartbeat table and its fences do not: rules c
// and d); agency leader changes; agents applying the plan with lag. Raft itself is reduced to
// its effect: entries reach each agent's log at random times and commit once a majority has
// them, in log order.
//
// Invariants, checked after every step:
//  - no two nodes hold a valid lease at the same time at different (id, term);
//  - a Plan/Leader change commits only when no node holds a valid lease at a lower term.
// Liveness, once the faults stop: some node holds a valid lease within kLivenessMs.
//
// Thread-safety: none; one simulation per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "agency/agency_store.h"
#include "supervision/heartbeat_table.h"
#include "supervision/supervision.h"

namespace tandem::supervision::sim {

struct SimOptions {
  int agents = 3;
  int nodes = 3;
  std::int64_t fault_ms = 15000;  // faults are injected until then
  std::int64_t liveness_ms = 10000;
  // A scripted scenario instead of random faults: the first leader is paused at pause_at for
  // pause_ms (0: random faults).
  std::int64_t pause_leader_at = 0;
  std::int64_t pause_leader_ms = 0;
};

struct SimStats {
  std::uint64_t steps = 0;
  std::uint64_t leader_changes = 0;                // committed Plan/Leader changes
  std::uint64_t leases = 0;                        // steps in which some node held a valid lease
  std::int64_t promotion_after_lease_end_ms = -1;  // scripted pause: the safety gap observed
};

class FailoverSim {
 public:
  static constexpr std::int64_t kStepMs = 5;
  static constexpr std::int64_t kLeaseMs = 1000;
  static constexpr std::int64_t kRoundMs = 200;
  static constexpr std::int64_t kTickMs = 50;

  FailoverSim(std::uint64_t seed, SimOptions options, std::ostream* trace = nullptr);
  ~FailoverSim();

  // Runs to the end; the first violated invariant ("" if none).
  std::string run();
  const SimStats& stats() const { return stats_; }
  std::string describe() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  SimStats stats_;
};

}  // namespace tandem::supervision::sim
