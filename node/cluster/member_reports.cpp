// Member: what the node reports about the cluster and itself — /_admin/cluster/health,
// /_api/cluster/endpoints, its part of /_admin/status and of /_admin/metrics. Sources: the
// newest plan, the agents' heartbeat tables (their "servers" answers, aged by the time since
// each answer arrived) and, on the leader, the followers' tail requests.
#include <algorithm>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "cluster/member.h"
#include "tandem/store.h"

namespace tandem::node::cluster {

namespace json = boost::json;
using std::chrono::milliseconds;
using supervision::Health;

namespace {

constexpr milliseconds kFollowerWindow{3000};

std::optional<std::int64_t> intMember(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->get_uint64());
  if (value->is_double()) return static_cast<std::int64_t>(value->get_double());
  return std::nullopt;
}

const FollowerProgress* progressOf(const std::vector<FollowerProgress>& followers,
                                   const std::string& id) {
  for (const FollowerProgress& follower : followers) {
    if (follower.server_id == id) return &follower;
  }
  return nullptr;
}

// Acknowledged writes no follower has yet (DESIGN.md §5): the leader's oplog ticks past the
// most advanced follower's applied tick. Every oplog entry takes one tick, so within a term
// this counts operations; with no follower heard from, everything is at risk.
std::uint64_t writesAtRisk(std::uint64_t last_tick,
                           const std::vector<FollowerProgress>& followers) {
  std::uint64_t best = 0;
  for (const FollowerProgress& follower : followers) {
    best = std::max(best, follower.applied_tick);
  }
  return last_tick > best ? last_tick - best : 0;
}

}  // namespace

// GOOD while some agent heard the server within ok-threshold; FAILED when supervision says so
// and no agent heard it since; BAD otherwise.
Health Member::healthOfLocked(const std::string& id, std::int64_t age_ms) const {
  const bool fresh = age_ms >= 0 && age_ms <= options_.ok_threshold.count();
  if (fresh) return Health::kGood;
  const auto& plan = state_.plan();
  if (plan) {
    const auto it = plan->health.find(id);
    if (it != plan->health.end() && it->second.status == Health::kFailed) return Health::kFailed;
  }
  return Health::kBad;
}

std::vector<Member::ServerView> Member::serverViewsLocked() const {
  std::vector<ServerView> views;
  const auto& plan = state_.plan();
  if (!plan) return views;
  std::set<std::string> ids;
  for (const auto& [id, single] : plan->singles) ids.insert(id);
  for (const auto& [id, endpoint] : plan->removed) ids.insert(id);
  const auto now = Clock::now();
  for (const std::string& id : ids) {
    ServerView view;
    view.id = id;
    view.endpoint = plan->endpointOf(id);
    if (view.endpoint.empty() && plan->removed.contains(id)) view.endpoint = plan->removed.at(id);
    if (const auto single = plan->singles.find(id); single != plan->singles.end()) {
      view.version = single->second.version;
    }
    for (const AgentView& agent : agents_) {
      const json::value* entry = agent.answered ? agent.servers.if_contains(id) : nullptr;
      if (!entry || !entry->is_object()) continue;
      const auto age = intMember(entry->get_object(), "ageMs");
      if (!age) continue;
      const std::int64_t aged =
          *age + std::chrono::duration_cast<milliseconds>(now - agent.received).count();
      if (view.age_ms < 0 || aged < view.age_ms) view.age_ms = aged;
      if (const json::value* applied = entry->get_object().if_contains("applied")) {
        view.applied =
            std::max(view.applied, supervision::positionFromJson(*applied).value_or(view.applied));
      }
    }
    view.status = healthOfLocked(id, view.age_ms);
    view.leader = plan->leader && plan->leader->id == id;
    view.draining = plan->isDraining(id);
    view.removed = plan->isRemoved(id);
    views.push_back(std::move(view));
  }
  return views;
}

json::object Member::clusterHealth() const {
  const std::vector<FollowerProgress> followers = replication_.followers(kFollowerWindow);
  std::lock_guard lock(mutex_);
  const std::vector<ServerView> views = serverViewsLocked();
  std::uint64_t leader_tick = 0;
  for (const ServerView& view : views) {
    if (view.leader) leader_tick = view.applied.tick;
  }
  const bool leading = state_.canWrite(nowMs());
  json::object health;
  for (const ServerView& view : views) {
    json::object entry{{"Endpoint", view.endpoint},
                       {"Role", "SINGLE"},
                       {"Status", supervision::healthName(view.status)},
                       {"Version", view.version},
                       {"leader", view.leader},
                       {"appliedTick", view.applied.tick},
                       {"appliedTerm", view.applied.term},
                       {"heartbeatAgeMs", view.age_ms},
                       {"draining", view.draining},
                       {"removed", view.removed}};
    std::uint64_t lag_ticks = leader_tick > view.applied.tick ? leader_tick - view.applied.tick : 0;
    std::uint64_t lag_ms = 0;
    if (const FollowerProgress* progress = progressOf(followers, view.id); leading && progress) {
      lag_ticks = progress->lag_ticks;
      lag_ms = progress->lag_ms;
    }
    entry["lagTicks"] = view.leader ? 0 : lag_ticks;
    entry["lagMs"] = view.leader ? 0 : lag_ms;
    health[view.id] = std::move(entry);
  }
  json::object body{{"Health", std::move(health)}};
  if (const auto leader = state_.leader()) {
    body["leader"] = {{"id", leader->id}, {"term", leader->term}, {"endpoint", leader->endpoint}};
  } else {
    body["leader"] = nullptr;
  }
  const auto& plan = state_.plan();
  body["maintenanceUntil"] = plan ? plan->maintenance_until_ms : 0;
  return body;
}

// Leader first, then GOOD, then BAD followers; FAILED, draining and removed ones left out.
std::vector<std::string> Member::endpoints() const {
  std::lock_guard lock(mutex_);
  const auto leader = state_.leader();
  if (!leader || leader->endpoint.empty()) return {};
  std::vector<std::string> good;
  std::vector<std::string> bad;
  for (const ServerView& view : serverViewsLocked()) {
    if (view.leader || view.draining || view.removed || view.endpoint.empty()) continue;
    if (view.status == Health::kGood) good.push_back(view.endpoint);
    if (view.status == Health::kBad) bad.push_back(view.endpoint);
  }
  std::vector<std::string> out{leader->endpoint};
  out.insert(out.end(), good.begin(), good.end());
  out.insert(out.end(), bad.begin(), bad.end());
  return out;
}

json::object Member::status() const {
  const ApplierStatus applier = replication_.applierStatus();
  const std::vector<FollowerProgress> followers = replication_.followers(kFollowerWindow);
  const tandem::OplogPosition position = store_.lastPosition();
  std::lock_guard lock(mutex_);
  const std::int64_t now = nowMs();
  json::object body{{"id", options_.id},
                    {"role", supervision::memberRoleName(state_.role(now))},
                    {"registered", registered_},
                    {"localTerm", state_.localTerm()},
                    {"leaseValid", state_.canWrite(now)},
                    {"leaseRemainingMs", state_.leaseRemainingMs(now)},
                    {"writesHeld", state_.writesHeld()},
                    {"planIndex", state_.planIndex()},
                    {"applied", {{"term", position.term}, {"tick", position.tick}}}};
  if (const auto leader = state_.leader()) {
    body["term"] = leader->term;
    body["leader"] = {{"id", leader->id}, {"endpoint", leader->endpoint}};
  } else {
    body["term"] = 0;
    body["leader"] = nullptr;
  }
  if (!state_.removedReason().empty()) body["removedReason"] = state_.removedReason();
  body["applier"] = {{"phase", applierPhaseName(applier.phase)},
                     {"leader", applier.target.leader_id},
                     {"lagTicks", applier.lag_ticks},
                     {"lagMs", applier.lag_ms},
                     {"sync",
                      {{"documents", applier.sync.documents},
                       {"documentsTotal", applier.sync.documents_total},
                       {"bytes", applier.sync.bytes},
                       {"rateDocsPerSecond", applier.sync.rate_docs_per_s},
                       {"etaSeconds", applier.sync.eta_s}}},
                     {"resyncs", applier.resyncs},
                     {"rollbacks", applier.rollbacks},
                     {"lastError", applier.last_error}};
  json::array follower_list;
  for (const FollowerProgress& follower : followers) {
    follower_list.push_back({{"id", follower.server_id},
                             {"appliedTick", follower.applied_tick},
                             {"lagTicks", follower.lag_ticks},
                             {"lagMs", follower.lag_ms}});
  }
  body["followers"] = std::move(follower_list);
  const bool leads = state_.role(now) == supervision::MemberRole::kLeader ||
                     state_.role(now) == supervision::MemberRole::kLeaderNoLease;
  body["writesAtRisk"] = leads ? writesAtRisk(position.tick, followers) : 0;
  const auto& switchover = state_.switchover();
  if (switchover.phase != supervision::SwitchoverPhase::kNone) {
    body["lastSwitchover"] = {{"to", switchover.to},
                              {"writePauseMs", switchover.writePauseMs()},
                              {"reason", switchover.reason}};
  }
  return body;
}

std::string Member::metricsText() const {
  const ApplierStatus applier = replication_.applierStatus();
  const std::vector<FollowerProgress> followers = replication_.followers(kFollowerWindow);
  const tandem::OplogPosition position = store_.lastPosition();
  std::lock_guard lock(mutex_);
  const std::int64_t now = nowMs();
  const supervision::MemberRole role = state_.role(now);
  std::ostringstream out;
  auto metric = [&out](const char* name, const char* type, const char* help, auto value) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
        << name << ' ' << value << '\n';
  };
  out << "# HELP tandem_cluster_role 1 for this node's current role\n"
      << "# TYPE tandem_cluster_role gauge\n";
  for (auto each : {supervision::MemberRole::kLeader, supervision::MemberRole::kLeaderNoLease,
                    supervision::MemberRole::kFollower, supervision::MemberRole::kTryAgain,
                    supervision::MemberRole::kRemoved}) {
    out << "tandem_cluster_role{role=\"" << supervision::memberRoleName(each) << "\"} "
        << (each == role ? 1 : 0) << '\n';
  }
  const auto leader = state_.leader();
  metric("tandem_cluster_term", "gauge", "Plan/Leader term this node acts on",
         leader ? leader->term : 0);
  metric("tandem_cluster_lease_valid", "gauge", "1 while this leader holds a lease",
         state_.canWrite(now) ? 1 : 0);
  metric("tandem_cluster_lease_remaining_seconds", "gauge", "time left on the lease",
         static_cast<double>(state_.leaseRemainingMs(now)) / 1000.0);
  metric("tandem_cluster_heartbeat_rounds_total", "counter", "heartbeat rounds sent",
         state_.roundsSent());
  metric("tandem_cluster_heartbeat_failures_total", "counter",
         "heartbeats to one agent that got no valid answer", state_.answerFailures());
  metric("tandem_cluster_leader_changes_total", "counter",
         "changes of Plan/Leader seen (failovers and switchovers)", state_.leaderChanges());
  metric("tandem_cluster_switchovers_total", "counter", "switchovers completed from this node",
         switchovers_);
  metric("tandem_cluster_last_write_pause_seconds", "gauge",
         "how long the last switchover held writes",
         static_cast<double>(last_write_pause_ms_) / 1000.0);
  metric("tandem_cluster_writes_held", "gauge", "writes waiting for a switchover to end",
         held_.size());
  metric("tandem_replication_applied_tick", "gauge", "last tick applied on this node",
         position.tick);
  metric("tandem_replication_lag_ticks", "gauge", "ticks this follower is behind its leader",
         applier.lag_ticks);
  metric("tandem_replication_lag_seconds", "gauge", "age of the oldest entry not yet applied",
         static_cast<double>(applier.lag_ms) / 1000.0);
  const bool leads =
      role == supervision::MemberRole::kLeader || role == supervision::MemberRole::kLeaderNoLease;
  metric("tandem_replication_writes_at_risk", "gauge",
         "acknowledged operations (oplog ticks) no follower has yet; 0 on followers",
         leads ? writesAtRisk(position.tick, followers) : 0);
  return out.str();
}

}  // namespace tandem::node::cluster
