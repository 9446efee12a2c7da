// HeartbeatTable: one agent's record of the data nodes' heartbeats, the lease rule's answer to
// each heartbeat, and the fences (engine/supervision/DESIGN.md, "The lease rule").
//
// Pure: every time is an input, in milliseconds of the agent's monotonic clock; the table
// remembers when the agent started (`start_ms`), so that a server never heard since counts
// as heard at start. What the agent has *applied* (its ClusterPlan) and the highest
// Plan/Leader term anywhere in its Raft log are inputs too: the driver owns both.
//
// Fences only grow, and only buildReport() sets them: a fence is what the agent reports to
// the supervision, so it must be in force from the moment a report can show it. The table is
// in memory only; an agent that restarts has none, which rules (c) and (d) cover.
//
// Thread-safety: none; the agent's driver thread owns it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <boost/json/object.hpp>

#include "supervision/cluster_plan.h"
#include "supervision/heartbeat.h"

namespace tandem::supervision {

class HeartbeatTable {
 public:
  // `grace_ms`: how long a server may stay silent before it is fenced, and how long a new
  // agent grants no lease (rule d).
  HeartbeatTable(std::int64_t start_ms, std::int64_t grace_ms);

  // Whether `heartbeat`, received at `now_ms`, is answered "lease":true (rules a–d).
  // `plan` is the applied plan; `highest_log_leader_term` the highest Plan/Leader term in any
  // entry of the Raft log, committed or not (and at least the applied one).
  bool grantsLease(const Heartbeat& heartbeat, const ClusterPlan& plan,
                   std::uint64_t highest_log_leader_term, std::int64_t now_ms) const;

  // Records a heartbeat with its receipt time. A heartbeat older (lower seq) than the one
  // recorded from the same server still counts as a sign of life but does not overwrite its
  // state.
  void record(const Heartbeat& heartbeat, std::int64_t now_ms);

  // This agent's report at `now_ms`: every server heard or registered in `plan`. Sets the
  // fence of every server silent for more than grace to the applied Plan/Leader term first.
  AgentReport buildReport(const ClusterPlan& plan, std::int64_t now_ms);

  // {"<id>":{"ageMs","applied","state","leader"}} for heartbeat answers (no side effects).
  boost::json::object serversJson(const ClusterPlan& plan, std::int64_t now_ms) const;

  std::uint64_t fencedTerm(const std::string& id) const;
  std::int64_t startMs() const { return start_ms_; }
  std::int64_t graceMs() const { return grace_ms_; }
  // The newest heartbeat of `id`, null if never heard.
  const Heartbeat* last(const std::string& id) const;

 private:
  struct Row {
    Heartbeat heartbeat;
    std::int64_t received_ms = 0;
    bool heard = false;
    std::uint64_t fenced_term = 0;
  };

  ServerReport reportOf(const Row& row, std::int64_t now_ms) const;
  // Rows for every registered server, so that never-heard ones count from the start.
  void addRegistered(const ClusterPlan& plan);

  std::int64_t start_ms_;
  std::int64_t grace_ms_;
  std::map<std::string, Row> rows_;
};

}  // namespace tandem::supervision
