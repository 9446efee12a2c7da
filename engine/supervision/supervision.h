// Supervision: the active-failover decisions of the agency leader, as a pure function of the
// agents' reports and the applied plan (engine/supervision/DESIGN.md, "Supervision").
//
// The agent that leads the agency calls step() every tick and proposes the writes it returns;
// every write carries the preconditions that make it safe to propose twice or after the plan
// moved on (the agency refuses it then). Between calls the object remembers only what keeps
// it from flooding the log while its own writes are on their way (a pending write is proposed
// again after kRetryMs) and the last reason it gave for doing nothing (so that the caller logs
// a reason once, when it changes).
//
// Times: `now_ms` and report receipt times are the leader's monotonic clock; `wall_now_ms`
// (ms since the epoch) only decides maintenance and stamps health records.
//
// Thread-safety: none; the agent's driver thread owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agency/agency_store.h"
#include "supervision/cluster_plan.h"
#include "supervision/heartbeat.h"

namespace tandem::supervision {

struct SupervisionConfig {
  std::int64_t ok_threshold_ms = 600;    // age up to which a server is GOOD
  std::int64_t grace_ms = 1500;          // age beyond which agents fence a server
  std::int64_t report_max_age_ms = 500;  // a report older than this is not counted
};

// An agent's newest report with the time the leader received it (its own: now).
struct ReceivedReport {
  AgentReport report;
  std::int64_t received_ms = 0;
};

struct SupervisionInput {
  std::int64_t now_ms = 0;
  std::int64_t wall_now_ms = 0;
  std::size_t agency_size = 1;      // agents in the configuration
  std::int64_t leading_for_ms = 0;  // since this agent became the agency leader
};

struct SupervisionResult {
  bool judged = false;                   // false until fresh reports from a majority
  std::map<std::string, Health> health;  // every registered, non-removed server (if judged)
  std::vector<agency::AgencyWrite> writes;
  std::vector<std::string> decisions;  // one line per write, for the log
  std::optional<LeaderRecord> leader;  // the Plan/Leader proposed, if any
  std::string blocked;                 // why no leader change happens although one is due
  bool blocked_changed = false;        // `blocked` differs from the previous step's
};

// ISO 8601 UTC with milliseconds: "2026-11-27T14:31:46.123Z".
std::string isoTime(std::int64_t wall_ms);

class Supervision {
 public:
  // How long a write proposed by step() is not proposed again while the plan does not show it.
  static constexpr std::int64_t kRetryMs = 1000;

  explicit Supervision(SupervisionConfig config);

  SupervisionResult step(const SupervisionInput& input, const ClusterPlan& plan,
                         const std::map<std::string, ReceivedReport>& reports);

  const SupervisionConfig& config() const { return config_; }

 private:
  struct Judgement;  // the per-step view of the reports (supervision.cpp)
  struct Pending {
    std::string what;  // the write's identity (health status, or leader id + term)
    std::int64_t at_ms = 0;
  };

  void judgeHealth(const Judgement& judgement, const ClusterPlan& plan,
                   SupervisionResult& result) const;
  void writeHealth(const SupervisionInput& input, const ClusterPlan& plan,
                   SupervisionResult& result);
  std::string decideLeader(const SupervisionInput& input, const Judgement& judgement,
                           const ClusterPlan& plan, SupervisionResult& result);
  std::string firstLeader(const SupervisionInput& input, const Judgement& judgement,
                          const ClusterPlan& plan, SupervisionResult& result);
  std::string failover(const SupervisionInput& input, const Judgement& judgement,
                       const ClusterPlan& plan, SupervisionResult& result);
  void proposeLeader(const SupervisionInput& input, const ClusterPlan& plan, LeaderRecord next,
                     std::string decision, SupervisionResult& result);
  // False when the same write was proposed less than kRetryMs ago (and remembers it if not).
  bool due(std::map<std::string, Pending>& pending, const std::string& key, const std::string& what,
           std::int64_t now_ms);

  SupervisionConfig config_;
  std::map<std::string, Pending> pending_health_;  // by server id
  std::map<std::string, Pending> pending_leader_;  // one key: "leader"
  std::string last_blocked_;
};

}  // namespace tandem::supervision
