// MemberState: a data node's view of its own role in active failover, as a pure state machine
// (engine/supervision/DESIGN.md, "The member", "The lease rule", "Switchover").
//
// The driver (node/cluster/member.h) feeds it heartbeat rounds (sent, each agent's answer,
// failures), the applier's progress and the outcome of the actions it carried out; every input
// carries the time, in milliseconds of the caller's monotonic clock. It answers what the node
// is (role, serving mode, lease) and what to do next (takeActions): follow a leader, stop the
// applier, begin a term. It never blocks, reads a clock or starts a thread.
//
// Role rules:
// - no plan, or a plan without a leader: tryagain;
// - Plan/Leader names this node at term t: it claims t in its heartbeats; it serves (canWrite)
//   once its applier has stopped, term t has begun in its store and a lease holds;
// - Plan/Leader names another node: follower of it (the applier follows the leader's endpoint);
// - Plan/Removed names this node: removed (for good; it says why).
// A node that acted as leader at t steps down at once on any answer whose plan shows a higher
// term or another leader at t. The plan used is that of the answer with the highest
// appliedIndex (the agents share one Raft history: a higher index is newer).
//
// Thread-safety: none; the driver serialises calls under its own mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "supervision/cluster_plan.h"
#include "tandem/status.h"

namespace tandem::supervision {

struct MemberConfig {
  std::string id;                // this node's "SNGL-..."
  std::size_t agents = 1;        // configured agents: a lease needs acks from a majority
  std::int64_t lease_ms = 1000;  // a lease lasts this long from the granting round's send time
  std::uint64_t local_term = 0;  // the store's current term at start (terms already begun)
};

enum class MemberRole { kTryAgain, kLeader, kLeaderNoLease, kFollower, kRemoved };
std::string_view memberRoleName(MemberRole role);  // "tryagain", "leader", "leader-no-lease", ...

// Whom the applier follows.
struct LeaderTarget {
  std::string id;
  std::string endpoint;
  std::uint64_t term = 0;
  bool operator==(const LeaderTarget&) const = default;
};

// What the driver must do, in this order: stop the applier, (re)target it, begin a term.
struct MemberActions {
  bool stop_applier = false;                // then call applierStopped()
  std::optional<LeaderTarget> follow;       // start or retarget the applier
  std::optional<std::uint64_t> begin_term;  // Store::beginTerm, then termBegun()/termFailed()
  bool stepped_down = false;                // this node stopped leading (for logs and metrics)
  bool empty() const { return !stop_applier && !follow && !begin_term && !stepped_down; }
};

// The fields of this node's next heartbeat that depend on its role.
struct HeartbeatClaim {
  std::string state;              // "leader", "follower", "tryagain", "stopping", "removed"
  std::string leader;             // the leader it follows ("" if none)
  std::uint64_t leader_term = 0;  // the term it claims to lead in (0 unless "leader")
};

enum class SwitchoverPhase {
  kNone,
  kHolding,      // writes held, waiting for the target to catch up
  kWritingPlan,  // target caught up; Plan/Leader being written
  kDone,         // the plan names the target: this node stepped down
  kAborted,      // timed out or failed: writes resumed
};

struct SwitchoverState {
  SwitchoverPhase phase = SwitchoverPhase::kNone;
  std::string to;
  std::uint64_t from_term = 0;  // the term this node led in when it began
  std::int64_t started_ms = 0;
  std::int64_t deadline_ms = 0;
  std::int64_t ended_ms = 0;
  std::string reason;  // why it was aborted
  std::int64_t writePauseMs() const { return ended_ms - started_ms; }
};

class MemberState {
 public:
  explicit MemberState(MemberConfig config);

  // --- heartbeats -----------------------------------------------------------------------
  // The claim to send in the next round; call roundSent with the same time.
  HeartbeatClaim claim() const;
  void roundSent(std::uint64_t seq, std::int64_t send_ms);
  void answer(std::uint64_t seq, std::size_t agent, bool lease, std::uint64_t applied_index,
              const ClusterPlan& plan, std::int64_t now_ms);
  void roundFailed(std::uint64_t seq, std::size_t agent);
  void setStopping() { stopping_ = true; }

  // --- what the driver did --------------------------------------------------------------
  void applierStopped();
  void termBegun(std::uint64_t term);
  void termFailed(std::uint64_t term);  // beginTerm failed: it is asked for again
  MemberActions takeActions();

  // --- what the node is -----------------------------------------------------------------
  MemberRole role(std::int64_t now_ms) const;
  bool canWrite(std::int64_t now_ms) const;
  std::int64_t leaseRemainingMs(std::int64_t now_ms) const;
  const std::optional<ClusterPlan>& plan() const { return plan_; }
  std::uint64_t planIndex() const { return plan_index_; }
  // The leader this node acts on, if any (from the plan).
  std::optional<LeaderTarget> leader() const;
  std::uint64_t localTerm() const { return local_term_; }
  const std::string& removedReason() const { return removed_reason_; }
  const std::string& id() const { return config_.id; }

  // Counters since start.
  std::uint64_t roundsSent() const { return rounds_sent_; }
  std::uint64_t answerFailures() const { return answer_failures_; }
  std::uint64_t leaderChanges() const { return leader_changes_; }

  // --- switchover -----------------------------------------------------------------------
  // Begins holding writes for a switchover to `to`. kNotLeader unless this node serves as
  // leader; kBadParameter when `to` is this node, not registered, draining or removed;
  // kConflict (409) while another switchover runs.
  Status beginSwitchover(const std::string& to, std::int64_t now_ms, std::int64_t timeout_ms);
  void switchoverCaughtUp(std::int64_t now_ms);  // holding -> writing the plan
  // The plan write's result: written (the plan now names `to` at from_term + 1) or not.
  void switchoverPlanWritten(bool written, std::int64_t now_ms, std::string reason = {});
  void abortSwitchover(std::int64_t now_ms, std::string reason);
  // Aborts a holding switchover whose deadline passed. (A plan write in flight is decided by
  // its outcome, not by the clock.)
  void tick(std::int64_t now_ms);
  bool writesHeld() const;
  const SwitchoverState& switchover() const { return switchover_; }

 private:
  struct Round {
    std::int64_t send_ms = 0;
    std::uint64_t claimed_term = 0;
    std::set<std::size_t> lease_acks;
  };

  bool planNamesMe() const;
  void adopt(const ClusterPlan& plan, std::uint64_t index);
  void evaluate();
  void stepDown();
  void pruneRounds();

  MemberConfig config_;
  std::optional<ClusterPlan> plan_;
  std::uint64_t plan_index_ = 0;
  std::optional<LeaderRecord> last_leader_;  // for counting leader changes

  std::map<std::uint64_t, Round> rounds_;
  std::int64_t lease_until_ms_ = 0;
  std::uint64_t lease_term_ = 0;  // the term lease_until_ms_ belongs to

  enum class Applier { kStopped, kRunning, kStopping };
  Applier applier_ = Applier::kStopped;
  std::optional<LeaderTarget> following_;
  std::uint64_t local_term_ = 0;
  std::optional<std::uint64_t> begin_pending_;
  std::uint64_t led_term_ = 0;  // the term this node acts as leader in (0: none)
  // The highest Plan/Leader term seen: a plan naming a lower one is stale (an agent lagging
  // behind a write this node already knows of) and is ignored.
  std::uint64_t term_floor_ = 0;
  std::int64_t now_ms_ = 0;  // the latest time an input carried

  bool removed_ = false;
  std::string removed_reason_;
  bool stopping_ = false;
  MemberActions actions_;
  SwitchoverState switchover_;

  std::uint64_t rounds_sent_ = 0;
  std::uint64_t answer_failures_ = 0;
  std::uint64_t leader_changes_ = 0;
};

}  // namespace tandem::supervision
