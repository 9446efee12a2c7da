// Supervision::step, in the order DESIGN.md states the rules: wait for a majority of fresh
// reports, judge health (FAILED only by the fenced majority), write health changes, then at
// most one Plan/Leader change (first leader, failover or re-election).
#include "supervision/supervision.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <limits>
#include <utility>

#include <boost/json.hpp>

namespace tandem::supervision {

namespace json = boost::json;

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

// A write the supervision builds itself: its shape is known to be valid.
agency::AgencyWrite makeWrite(const json::array& transactions) {
  auto write = agency::AgencyStore::parseWrite(json::serialize(transactions));
  assert(write && "supervision builds valid writes");
  return write ? std::move(*write) : agency::AgencyWrite{};
}

json::object leaderJson(const LeaderRecord& leader) {
  return json::object{{"id", leader.id}, {"term", leader.term}};
}

std::string healthPath(const std::string& id) { return std::string(kHealthPath) + "/" + id; }

json::object healthJson(Health status, const std::string& endpoint, std::int64_t wall_ms) {
  return json::object{
      {"Status", healthName(status)}, {"Endpoint", endpoint}, {"Timestamp", isoTime(wall_ms)}};
}

std::string positionText(const Position& position) {
  return "(" + std::to_string(position.term) + "," + std::to_string(position.tick) + ")";
}

}  // namespace

std::string isoTime(std::int64_t wall_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> time{milliseconds(wall_ms)};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                int(clock.minutes().count()), int(clock.seconds().count()),
                int(clock.subseconds().count()));
  return text;
}

// What the fresh reports say about each server.
struct Supervision::Judgement {
  struct View {
    std::int64_t min_age = kNever;
    std::int64_t freshest_heard = kNever;  // smallest age among reports that heard it
    Position applied;
    std::string leader;
    std::size_t stale_fenced = 0;  // reports: age > grace and fence >= the plan's term
    std::size_t fenced = 0;        // reports: fence >= the plan's term
  };
  std::size_t majority = 1;
  std::size_t fresh = 0;
  std::map<std::string, View> servers;

  Judgement(const SupervisionInput& input, const SupervisionConfig& config, const ClusterPlan& plan,
            const std::map<std::string, ReceivedReport>& reports) {
    majority = input.agency_size / 2 + 1;
    const std::int64_t leading_since = input.now_ms - input.leading_for_ms;
    const std::uint64_t term = plan.leader ? plan.leader->term : 0;
    for (const auto& [agent, received] : reports) {
      // Fresh, and received while this agent leads: an older leader's view does not count.
      if (input.now_ms - received.received_ms > config.report_max_age_ms) continue;
      if (received.received_ms < leading_since) continue;
      ++fresh;
      for (const auto& [id, server] : received.report.servers) add(id, server, term, config);
    }
  }

  void add(const std::string& id, const ServerReport& server, std::uint64_t term,
           const SupervisionConfig& config) {
    View& view = servers[id];
    view.min_age = std::min(view.min_age, server.age_ms);
    if (!server.state.empty() && server.age_ms < view.freshest_heard) {
      view.freshest_heard = server.age_ms;
      view.applied = server.applied;
      view.leader = server.leader;
    }
    if (server.fenced_term >= term) {
      ++view.fenced;
      if (server.age_ms > config.grace_ms) ++view.stale_fenced;
    }
  }

  // Some fresh report has heard the server (a never-heard one is no candidate).
  bool heard(const std::string& id) const {
    const View* view = find(id);
    return view != nullptr && view->freshest_heard != kNever;
  }

  const View* find(const std::string& id) const {
    const auto it = servers.find(id);
    return it == servers.end() ? nullptr : &it->second;
  }
};

Supervision::Supervision(SupervisionConfig config) : config_(config) {}

SupervisionResult Supervision::step(const SupervisionInput& input, const ClusterPlan& plan,
                                    const std::map<std::string, ReceivedReport>& reports) {
  SupervisionResult result;
  const Judgement judgement(input, config_, plan, reports);
  std::string blocked;
  if (judgement.fresh < judgement.majority) {
    blocked = "waiting for fresh reports from a majority of the agents (" +
              std::to_string(judgement.fresh) + " of " + std::to_string(input.agency_size) + ")";
  } else {
    result.judged = true;
    judgeHealth(judgement, plan, result);
    blocked = decideLeader(input, judgement, plan, result);
    writeHealth(input, plan, result);
  }
  result.blocked = blocked;
  result.blocked_changed = blocked != last_blocked_;
  last_blocked_ = std::move(blocked);
  return result;
}

void Supervision::judgeHealth(const Judgement& judgement, const ClusterPlan& plan,
                              SupervisionResult& result) const {
  for (const auto& [id, single] : plan.singles) {
    if (plan.isRemoved(id)) continue;
    const Judgement::View* view = judgement.find(id);
    Health health = Health::kBad;
    if (view != nullptr && view->stale_fenced >= judgement.majority) {
      health = Health::kFailed;
    } else if (view != nullptr && view->min_age <= config_.ok_threshold_ms) {
      health = Health::kGood;
    }
    result.health[id] = health;
  }
}

bool Supervision::due(std::map<std::string, Pending>& pending, const std::string& key,
                      const std::string& what, std::int64_t now_ms) {
  auto it = pending.find(key);
  if (it != pending.end() && it->second.what == what && now_ms - it->second.at_ms < kRetryMs) {
    return false;
  }
  pending[key] = Pending{what, now_ms};
  return true;
}

// One transaction per changed server; the failover transaction already carries the old
// leader's FAILED, so it is not written twice.
void Supervision::writeHealth(const SupervisionInput& input, const ClusterPlan& plan,
                              SupervisionResult& result) {
  json::array transactions;
  for (const auto& [id, health] : result.health) {
    const auto recorded = plan.health.find(id);
    if (recorded != plan.health.end() && recorded->second.status == health) {
      pending_health_.erase(id);
      continue;
    }
    const bool in_failover =
        result.leader && plan.leader && plan.leader->id == id && result.leader->id != id;
    if (in_failover || !due(pending_health_, id, std::string(healthName(health)), input.now_ms)) {
      continue;
    }
    json::object operations;
    operations[healthPath(id)] = healthJson(health, plan.endpointOf(id), input.wall_now_ms);
    transactions.emplace_back(json::array{std::move(operations)});
    result.decisions.push_back("health of " + id + " is " + std::string(healthName(health)));
  }
  if (!transactions.empty()) result.writes.push_back(makeWrite(transactions));
}

std::string Supervision::decideLeader(const SupervisionInput& input, const Judgement& judgement,
                                      const ClusterPlan& plan, SupervisionResult& result) {
  if (!plan.leader) return firstLeader(input, judgement, plan, result);
  const LeaderRecord& current = *plan.leader;
  const auto health = result.health.find(current.id);
  if (health == result.health.end()) return {};  // removed or unregistered: nobody judges it
  if (health->second == Health::kFailed) return failover(input, judgement, plan, result);
  const Judgement::View* view = judgement.find(current.id);
  const bool fenced = view != nullptr && view->fenced >= judgement.majority;
  if (health->second != Health::kGood || !fenced) return {};
  // A majority fenced it at its term: it can never hold a lease there again.
  if (plan.inMaintenance(input.wall_now_ms)) {
    return "maintenance: no re-election of " + current.id + " fenced at term " +
           std::to_string(current.term);
  }
  proposeLeader(input, plan, LeaderRecord{current.id, current.term + 1},
                "re-election of " + current.id + " at term " + std::to_string(current.term + 1) +
                    " (a majority of agents fenced it at term " + std::to_string(current.term) +
                    ")",
                result);
  return {};
}

namespace {

// The best candidate among `ids`: highest applied (term, tick), ties to the smallest id (the
// map's order, with a strict comparison).
template <typename Eligible>
std::optional<std::string> bestCandidate(const std::map<std::string, Health>& health,
                                         const std::map<std::string, Position>& applied,
                                         Eligible eligible) {
  std::optional<std::string> best;
  Position best_position;
  for (const auto& [id, status] : health) {
    if (status != Health::kGood || !eligible(id)) continue;
    const auto position = applied.find(id);
    const Position at = position == applied.end() ? Position{} : position->second;
    if (!best || at > best_position) {
      best = id;
      best_position = at;
    }
  }
  return best;
}

}  // namespace

std::string Supervision::firstLeader(const SupervisionInput& input, const Judgement& judgement,
                                     const ClusterPlan& plan, SupervisionResult& result) {
  std::map<std::string, Position> applied;
  std::uint64_t highest_term = 0;
  for (const auto& [id, view] : judgement.servers) {
    applied[id] = view.applied;
    highest_term = std::max(highest_term, view.applied.term);
  }
  const auto best = bestCandidate(result.health, applied, [&](const std::string& id) {
    return !plan.isDraining(id) && judgement.heard(id);
  });
  if (!best) return "no GOOD, non-draining server to become the first leader";
  proposeLeader(input, plan, LeaderRecord{*best, highest_term + 1},
                "first leader " + *best + " at term " + std::to_string(highest_term + 1) +
                    ", applied " + positionText(applied[*best]),
                result);
  return {};
}

std::string Supervision::failover(const SupervisionInput& input, const Judgement& judgement,
                                  const ClusterPlan& plan, SupervisionResult& result) {
  const LeaderRecord& current = *plan.leader;
  if (plan.inMaintenance(input.wall_now_ms)) {
    return "maintenance: leader " + current.id + " FAILED, no failover";
  }
  std::map<std::string, Position> applied;
  for (const auto& [id, view] : judgement.servers) applied[id] = view.applied;
  const auto best = bestCandidate(result.health, applied, [&](const std::string& id) {
    const Judgement::View* view = judgement.find(id);
    const bool follows = view != nullptr && (view->leader.empty() || view->leader == current.id);
    return id != current.id && !plan.isDraining(id) && judgement.heard(id) && follows;
  });
  if (!best) {
    return "leader " + current.id + " FAILED at term " + std::to_string(current.term) +
           ", but no GOOD, non-draining follower of it can take over";
  }
  proposeLeader(input, plan, LeaderRecord{*best, current.term + 1},
                "failover from " + current.id + " to " + *best + " at term " +
                    std::to_string(current.term + 1) + ", applied " + positionText(applied[*best]),
                result);
  return {};
}

void Supervision::proposeLeader(const SupervisionInput& input, const ClusterPlan& plan,
                                LeaderRecord next, std::string decision,
                                SupervisionResult& result) {
  result.leader = next;
  const std::string what = next.id + "@" + std::to_string(next.term);
  if (!due(pending_leader_, "leader", what, input.now_ms)) return;
  json::object operations;
  operations[std::string(kPlanLeaderPath)] = leaderJson(next);
  json::object preconditions;
  if (plan.leader) {
    preconditions[std::string(kPlanLeaderPath)] = json::object{{"old", leaderJson(*plan.leader)}};
    if (next.id != plan.leader->id) {
      // The replaced leader is FAILED in the same transaction that replaces it.
      operations[healthPath(plan.leader->id)] =
          healthJson(Health::kFailed, plan.endpointOf(plan.leader->id), input.wall_now_ms);
    }
  } else {
    preconditions[std::string(kPlanLeaderPath)] = json::object{{"oldEmpty", true}};
  }
  result.writes.push_back(
      makeWrite(json::array{json::array{std::move(operations), std::move(preconditions)}}));
  result.decisions.push_back(std::move(decision));
}

}  // namespace tandem::supervision
