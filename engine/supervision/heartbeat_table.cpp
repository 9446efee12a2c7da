#include "supervision/heartbeat_table.h"

#include <algorithm>

namespace tandem::supervision {

HeartbeatTable::HeartbeatTable(std::int64_t start_ms, std::int64_t grace_ms)
    : start_ms_(start_ms), grace_ms_(grace_ms) {}

bool HeartbeatTable::grantsLease(const Heartbeat& heartbeat, const ClusterPlan& plan,
                                 std::uint64_t highest_log_leader_term, std::int64_t now_ms) const {
  if (!heartbeat.claimsLeadership()) return false;
  const std::uint64_t term = heartbeat.leader_term;
  // (a) the applied plan names exactly this leader at this term.
  if (!plan.leader || plan.leader->id != heartbeat.id || plan.leader->term != term) return false;
  // (b) above any fence this agent has set for it.
  if (term <= fencedTerm(heartbeat.id)) return false;
  // (c) no newer leader is on its way through the log.
  if (term < highest_log_leader_term) return false;
  // (d) an agent that may have lost its fences in a restart waits them out.
  return now_ms - start_ms_ > grace_ms_;
}

void HeartbeatTable::record(const Heartbeat& heartbeat, std::int64_t now_ms) {
  Row& row = rows_[heartbeat.id];
  // Receipt time always moves: any heartbeat proves the process lives. The state is kept
  // from the newest round, since rounds to one agent may overtake each other.
  row.received_ms = std::max(row.received_ms, now_ms);
  if (!row.heard || heartbeat.seq >= row.heartbeat.seq) row.heartbeat = heartbeat;
  row.heard = true;
}

void HeartbeatTable::addRegistered(const ClusterPlan& plan) {
  for (const auto& [id, single] : plan.singles) {
    if (plan.isRemoved(id)) continue;
    rows_.try_emplace(id);
  }
}

ServerReport HeartbeatTable::reportOf(const Row& row, std::int64_t now_ms) const {
  ServerReport server;
  server.age_ms = now_ms - (row.heard ? row.received_ms : start_ms_);
  server.fenced_term = row.fenced_term;
  if (row.heard) {
    server.applied = row.heartbeat.applied;
    server.state = row.heartbeat.state;
    server.leader = row.heartbeat.leader;
  }
  return server;
}

AgentReport HeartbeatTable::buildReport(const ClusterPlan& plan, std::int64_t now_ms) {
  addRegistered(plan);
  const std::uint64_t applied_term = plan.leader ? plan.leader->term : 0;
  AgentReport report;
  report.uptime_ms = now_ms - start_ms_;
  for (auto& [id, row] : rows_) {
    if (plan.isRemoved(id)) continue;
    // The fence first: a report showing age > grace must never leave this agent while it
    // could still grant the server a lease at the fenced term.
    if (reportOf(row, now_ms).age_ms > grace_ms_) {
      row.fenced_term = std::max(row.fenced_term, applied_term);
    }
    report.servers.emplace(id, reportOf(row, now_ms));
  }
  return report;
}

boost::json::object HeartbeatTable::serversJson(const ClusterPlan& plan,
                                                std::int64_t now_ms) const {
  boost::json::object servers;
  for (const auto& [id, row] : rows_) {
    if (plan.isRemoved(id)) continue;
    const ServerReport server = reportOf(row, now_ms);
    servers[id] = boost::json::object{{"ageMs", server.age_ms},
                                      {"applied", positionToJson(server.applied)},
                                      {"state", server.state},
                                      {"leader", server.leader}};
  }
  return servers;
}

std::uint64_t HeartbeatTable::fencedTerm(const std::string& id) const {
  const auto row = rows_.find(id);
  return row == rows_.end() ? 0 : row->second.fenced_term;
}

const Heartbeat* HeartbeatTable::last(const std::string& id) const {
  const auto row = rows_.find(id);
  return row == rows_.end() || !row->second.heard ? nullptr : &row->second.heartbeat;
}

}  // namespace tandem::supervision
