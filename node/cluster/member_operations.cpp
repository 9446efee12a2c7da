// Member: the operations of the admin API — switchover, drain, remove, maintenance — and the
// orderly leave before shutdown. They run on the member's operations thread (leave() on the
// caller's), never holding mutex_ across an agency request or a wait for a follower.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

#include <boost/json.hpp>

#include "cluster/member.h"
#include "log.h"
#include "tandem/store.h"

namespace tandem::node::cluster {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kAgencyDeadline{3000};
constexpr milliseconds kFollowerWindow{3000};  // followers heard within this long can take over

Status shuttingDown() {
  return Status::error(ErrorCode::kShuttingDown, "shutdown in progress", 503);
}

Status badParameter(std::string message) {
  return Status::error(ErrorCode::kBadParameter, std::move(message), 400);
}

std::string path(std::string_view prefix, const std::string& id) {
  return std::string(prefix) + "/" + id;
}

std::int64_t wallNowMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string isoNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Status agencyFailure(const AgencyWriteResult& result, std::string_view what) {
  std::string message =
      std::string(what) + ": agency write " + agencyWriteOutcomeName(result.outcome);
  if (!result.status.message().empty()) message += " (" + result.status.message() + ")";
  const int http = result.outcome == AgencyWriteOutcome::kPreconditionFailed ? 412 : 503;
  return Status::error(result.outcome == AgencyWriteOutcome::kPreconditionFailed
                           ? ErrorCode::kConflict
                           : ErrorCode::kHttpServiceUnavailable,
                       std::move(message), http);
}

}  // namespace

// --- switchover ----------------------------------------------------------------------------

Status Member::requireGood(const std::string& server) const {
  for (const ServerView& view : serverViewsLocked()) {
    if (view.id != server) continue;
    if (view.status == supervision::Health::kGood) return Status::ok();
    return badParameter("server " + server + " is " +
                        std::string(supervision::healthName(view.status)) +
                        ", not GOOD: it cannot take over");
  }
  return badParameter("server " + server + " is not registered");
}

std::optional<std::string> Member::bestFollower() const {
  std::vector<FollowerProgress> followers = replication_.followers(kFollowerWindow);
  std::sort(followers.begin(), followers.end(),
            [](const FollowerProgress& a, const FollowerProgress& b) {
              return a.applied_tick > b.applied_tick;
            });
  std::lock_guard lock(mutex_);
  const auto& plan = state_.plan();
  if (!plan) return std::nullopt;
  for (const FollowerProgress& follower : followers) {
    if (follower.server_id == options_.id || plan->isDraining(follower.server_id)) continue;
    if (requireGood(follower.server_id)) return follower.server_id;
  }
  return std::nullopt;
}

// Plan/Leader = {to, term+1} if it still is {me, term}. An unknown outcome is settled by
// reading the plan: whatever it shows decides (MemberState also steps down by itself when a
// heartbeat answer brings the new plan).
supervision::SwitchoverState Member::writeLeaderPlan(const std::string& to, std::uint64_t term) {
  const std::string leader_path(supervision::kPlanLeaderPath);
  const json::object next{{"id", to}, {"term", term + 1}};
  const json::array write{
      json::array{json::object{{leader_path, {{"op", "set"}, {"new", next}}}},
                  json::object{{leader_path, {{"old", {{"id", options_.id}, {"term", term}}}}}}}};
  const AgencyWriteResult result = agency_.write(write, kAgencyDeadline);
  bool written = result.outcome == AgencyWriteOutcome::kApplied;
  std::string reason;
  if (result.outcome == AgencyWriteOutcome::kUnknown) {
    const auto read =
        agency_.read(json::array{json::array{json::string(leader_path)}}, kAgencyDeadline);
    if (read && !read->empty() && read->front().is_object()) {
      const auto plan = supervision::ClusterPlan::fromTree(read->front().get_object());
      written = plan.leader == supervision::LeaderRecord{to, term + 1};
    }
    if (!written) reason = "the plan write's outcome was unknown and the plan does not show it";
  } else if (!written) {
    reason = std::string("Plan/Leader could not be written: ") +
             agencyWriteOutcomeName(result.outcome) +
             (result.status.message().empty() ? "" : " (" + result.status.message() + ")");
  }
  std::lock_guard lock(mutex_);
  state_.switchoverPlanWritten(written, nowMs(), reason);
  actions_pending_ = true;
  control_cv_.notify_one();
  return state_.switchover();
}

// Holds writes, waits for `to` to apply everything, moves Plan/Leader. Writes already queued
// in the store when the hold began may still commit, so the wait repeats until the last tick
// stays put.
Status Member::runSwitchover(const std::string& to, milliseconds timeout, json::object& body) {
  const auto deadline = Clock::now() + timeout;
  std::uint64_t term = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return shuttingDown();
    if (Status good = requireGood(to); !good) return good;
    if (Status begun = state_.beginSwitchover(to, nowMs(), timeout.count()); !begun) return begun;
    term = state_.switchover().from_term;
  }
  Log::info("cluster", "switchover: holding writes", {{"to", to}, {"term", term}});
  std::uint64_t tick = store_.lastTick();
  bool caught_up = false;
  while (!caught_up && Clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (!replication_.waitFollowerApplied(to, tick, left)) break;
    const std::uint64_t now_tick = store_.lastTick();
    caught_up = now_tick == tick;
    tick = now_tick;
  }
  supervision::SwitchoverState outcome;
  {
    std::lock_guard lock(mutex_);
    if (caught_up) {
      state_.switchoverCaughtUp(nowMs());
    } else {
      state_.abortSwitchover(nowMs(), "timeout: " + to + " did not apply tick " +
                                          std::to_string(tick) + " within " +
                                          std::to_string(timeout.count()) + " ms");
    }
    outcome = state_.switchover();
  }
  if (outcome.phase == supervision::SwitchoverPhase::kWritingPlan) {
    outcome = writeLeaderPlan(to, term);
  }
  releaseHeld();
  const bool done = outcome.phase == supervision::SwitchoverPhase::kDone;
  body["from"] = options_.id;
  body["to"] = to;
  body["term"] = done ? term + 1 : term;
  body["writePauseMs"] = outcome.writePauseMs();
  body["switched"] = done;
  {
    std::lock_guard lock(mutex_);
    last_write_pause_ms_ = outcome.writePauseMs();
    if (done) ++switchovers_;
    if (const auto leader = state_.leader()) body["leaderEndpoint"] = leader->endpoint;
  }
  Log::info("cluster", done ? "switchover done" : "switchover aborted",
            {{"to", to}, {"write_pause_ms", outcome.writePauseMs()}, {"reason", outcome.reason}});
  if (done) return Status::ok();
  body["reason"] = outcome.reason;
  return Status::error(ErrorCode::kHttpServiceUnavailable, "switchover aborted: " + outcome.reason,
                       503);
}

void Member::switchover(std::string to, milliseconds timeout, Callback done) {
  post([this, to = std::move(to), timeout, done = std::move(done)] {
    json::object body;
    Status status = stopping() ? shuttingDown() : runSwitchover(to, timeout, body);
    done(std::move(status), std::move(body));
  });
}

// --- drain, remove, maintenance ------------------------------------------------------------

void Member::drain(std::string server, Callback done) {
  post([this, server = std::move(server), done = std::move(done)] {
    json::object body{{"server", server}};
    std::optional<supervision::ClusterPlan> plan;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return done(shuttingDown(), body);
      plan = state_.plan();
    }
    if (!plan)
      return done(
          Status::error(ErrorCode::kLeadershipChallengeOngoing, "no cluster plan known yet", 503),
          body);
    if (!plan->singles.contains(server)) {
      return done(badParameter("server " + server + " is not registered"), body);
    }
    if (plan->leader && plan->leader->id == server) {
      if (server != options_.id) {
        return done(badParameter("server " + server + " leads: send the drain to it (" +
                                 plan->endpointOf(server) + "), which hands over first"),
                    body);
      }
      const auto to = bestFollower();
      if (!to) return done(badParameter("no GOOD follower can take over from " + server), body);
      json::object switchover;
      Status switched = runSwitchover(*to, options_.switchover_timeout, switchover);
      body["switchover"] = std::move(switchover);
      if (!switched) return done(std::move(switched), body);
    }
    const json::array write{json::array{
        json::object{
            {path(supervision::kTargetDrainingPath, server), {{"op", "set"}, {"new", true}}}},
        json::object{{path(supervision::kPlanSinglesPath, server), {{"oldEmpty", false}}}}}};
    const AgencyWriteResult result = agency_.write(write, kAgencyDeadline);
    if (result.outcome != AgencyWriteOutcome::kApplied) {
      return done(agencyFailure(result, "drain of " + server), body);
    }
    body["draining"] = true;
    done(Status::ok(), body);
  });
}

void Member::remove(std::string server, Callback done) {
  post([this, server = std::move(server), done = std::move(done)] {
    json::object body{{"server", server}};
    std::optional<supervision::ClusterPlan> plan;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return done(shuttingDown(), body);
      plan = state_.plan();
    }
    if (!plan || !plan->singles.contains(server)) {
      return done(badParameter("server " + server + " is not registered"), body);
    }
    if (!plan->isDraining(server)) {
      return done(badParameter("server " + server + " is not drained: drain it first"), body);
    }
    if (plan->leader && plan->leader->id == server) {
      return done(badParameter("server " + server + " leads: drain it on itself first"), body);
    }
    // One transaction: deregistered and marked removed, while it is still drained and still
    // not the leader.
    json::object preconditions{{path(supervision::kTargetDrainingPath, server), {{"old", true}}}};
    const std::string leader_path(supervision::kPlanLeaderPath);
    if (plan->leader) {
      preconditions[leader_path] = {
          {"old", {{"id", plan->leader->id}, {"term", plan->leader->term}}}};
    } else {
      preconditions[leader_path] = {{"oldEmpty", true}};
    }
    const json::object removed{{"endpoint", plan->endpointOf(server)}, {"time", isoNow()}};
    const json::array write{json::array{
        json::object{
            {path(supervision::kPlanSinglesPath, server), {{"op", "delete"}}},
            {path(supervision::kTargetRemovedPath, server), {{"op", "set"}, {"new", removed}}}},
        preconditions}};
    const AgencyWriteResult result = agency_.write(write, kAgencyDeadline);
    if (result.outcome != AgencyWriteOutcome::kApplied) {
      return done(agencyFailure(result, "removal of " + server), body);
    }
    body["removed"] = true;
    done(Status::ok(), body);
  });
}

void Member::setMaintenance(std::optional<std::chrono::seconds> duration, Callback done) {
  post([this, duration, done = std::move(done)] {
    json::object body;
    if (stopping()) return done(shuttingDown(), body);
    const std::string maintenance_path(supervision::kMaintenancePath);
    std::int64_t until = 0;
    json::object operation{{"op", "delete"}};
    if (duration) {
      until = wallNowMs() + std::chrono::duration_cast<milliseconds>(*duration).count();
      operation = {{"op", "set"}, {"new", until}};
    }
    const json::array write{json::array{json::object{{maintenance_path, operation}}}};
    const AgencyWriteResult result = agency_.write(write, kAgencyDeadline);
    if (result.outcome != AgencyWriteOutcome::kApplied) {
      return done(agencyFailure(result, "maintenance mode"), body);
    }
    body["maintenanceUntil"] = until;
    done(Status::ok(), body);
  });
}

// --- leave ---------------------------------------------------------------------------------

void Member::leave(milliseconds timeout) {
  bool leading = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    leading = state_.canWrite(nowMs());
  }
  if (leading) {
    if (const auto to = bestFollower()) {
      json::object body;
      const Status status =
          runSwitchover(*to, std::min(timeout, options_.switchover_timeout), body);
      Log::info("cluster", "leaving: handed leadership over",
                {{"to", *to}, {"ok", status.isOk()}, {"message", status.message()}});
    } else {
      Log::warn("cluster", "leaving: no GOOD follower to hand leadership to");
    }
  }
  stop();
}

}  // namespace tandem::node::cluster
