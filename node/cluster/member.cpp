// Member: threads, heartbeats, the actions MemberState asks for, and write admission.
// Operations (switchover, drain, remove, maintenance, leave): member_operations.cpp.
// Reports (health, endpoints, status, metrics): member_reports.cpp.
#include "cluster/member.h"

#include <ctime>
#include <utility>

#include <boost/json.hpp>

#include "log.h"
#include "supervision/heartbeat.h"
#include "tandem/store.h"

namespace tandem::node::cluster {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kRegisterRetry{1000};
constexpr milliseconds kAgencyDeadline{3000};

std::string isoNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::uint64_t uintMember(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (!value) return 0;
  if (value->is_uint64()) return value->get_uint64();
  if (value->is_int64() && value->get_int64() > 0) return value->get_int64();
  return 0;
}

}  // namespace

Member::Member(tandem::Store& store, ReplicationService& replication, MemberOptions options)
    : store_(store),
      replication_(replication),
      options_(std::move(options)),
      agency_(AgencyClientOptions{options_.agency_endpoints, milliseconds(1000),
                                  HttpClientOptions{milliseconds(1000), options_.bearer_token}}),
      state_(supervision::MemberConfig{options_.id, options_.agency_endpoints.size(),
                                       options_.lease.count(), store.currentTerm()}),
      agents_(options_.agency_endpoints.size()) {
  for (const std::string& endpoint : options_.agency_endpoints) {
    senders_.push_back(std::make_unique<SyncHttpClient>(
        endpoint, HttpClientOptions{options_.heartbeat_interval, options_.bearer_token}));
  }
}

Member::~Member() { stop(); }

std::int64_t Member::nowMs() const {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - epoch_).count();
}

bool Member::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void Member::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  threads_.emplace_back([this] { pacerLoop(); });
  threads_.emplace_back([this] { controlLoop(); });
  threads_.emplace_back([this] { operationsLoop(); });
  for (std::size_t agent = 0; agent < senders_.size(); ++agent) {
    threads_.emplace_back([this, agent] { senderLoop(agent); });
  }
}

void Member::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    state_.setStopping();
  }
  round_cv_.notify_all();
  control_cv_.notify_all();
  ops_cv_.notify_all();
  for (auto& sender : senders_) sender->cancel();
  agency_.cancel();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  std::vector<HeldWrite> held;
  std::deque<std::function<void()>> tasks;
  {
    std::lock_guard lock(mutex_);
    held.swap(held_);
    tasks.swap(tasks_);
  }
  // Tasks answer kShuttingDown themselves once stopping_ is set.
  for (auto& task : tasks) task();
  for (HeldWrite& write : held) {
    write(Status::error(ErrorCode::kShuttingDown, "shutdown in progress", 503), "");
  }
}

// --- heartbeats ----------------------------------------------------------------------------

void Member::pacerLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    startRound();
    releaseHeld();
    reportChanges();
    lock.lock();
    round_cv_.wait_for(lock, options_.heartbeat_interval,
                       [this] { return stopping_ || round_now_; });
    round_now_ = false;
  }
}

// A round's body is built once and sent by every sender; the applied position and the applier's
// phase are read before the lock is taken (the store and the applier have locks of their own).
void Member::startRound() {
  const tandem::OplogPosition position = store_.lastPosition();
  const bool syncing = replication_.applierStatus().phase == ApplierPhase::kInitialSync;
  std::lock_guard lock(mutex_);
  const std::int64_t now = nowMs();
  state_.tick(now);
  const supervision::HeartbeatClaim claim = state_.claim();
  supervision::Heartbeat heartbeat;
  heartbeat.id = options_.id;
  heartbeat.endpoint = options_.my_address;
  heartbeat.seq = round_.seq + 1;
  heartbeat.state = claim.state;
  if (claim.state == "follower" && syncing) heartbeat.state = "syncing";
  heartbeat.applied = supervision::Position{position.term, position.tick};
  heartbeat.leader = claim.leader;
  heartbeat.leader_term = claim.leader_term;
  heartbeat.version = options_.version;
  round_ = Round{heartbeat.seq, json::serialize(supervision::heartbeatToJson(heartbeat))};
  state_.roundSent(round_.seq, now);
  round_cv_.notify_all();
  noteChangeLocked(now);
}

// Sends every round it sees; a round started while the previous one was still in flight is
// sent next, and any older ones are skipped, so a slow agent never builds a backlog.
void Member::senderLoop(std::size_t agent) {
  std::uint64_t last = 0;
  SyncHttpClient& client = *senders_[agent];
  std::unique_lock lock(mutex_);
  while (true) {
    round_cv_.wait(lock, [&] { return stopping_ || round_.seq > last; });
    if (stopping_) return;
    const Round round = round_;
    last = round.seq;
    lock.unlock();
    const auto reply =
        client.request("POST", "/_api/agency_priv/heartbeat", round.body,
                       options_.heartbeat_interval, {{"content-type", "application/json"}});
    handleAnswer(agent, round.seq, reply);
    reportChanges();
    lock.lock();
  }
}

void Member::handleAnswer(std::size_t agent, std::uint64_t seq, const Result<HttpReply>& reply) {
  std::optional<json::object> answer;
  std::string error;
  if (!reply) {
    error = reply.status().message();
  } else if (reply->status != 200) {
    error = "HTTP " + std::to_string(reply->status);
  } else {
    boost::system::error_code ec;
    json::value value = json::parse(reply->body, ec);
    if (!ec && value.is_object()) answer = std::move(value.get_object());
    if (!answer) error = "the heartbeat answer is not a JSON object";
  }
  std::optional<supervision::ClusterPlan> plan;
  if (answer) {
    if (const json::value* plan_json = answer->if_contains("plan")) {
      plan = supervision::ClusterPlan::fromJson(*plan_json);
    }
    if (!plan) error = "the heartbeat answer has no valid plan";
  }
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  AgentView& view = agents_[agent];
  if (!plan) {
    view.last_error = error;
    state_.roundFailed(seq, agent);
    return;
  }
  const json::value* lease = answer->if_contains("lease");
  const std::uint64_t index = uintMember(*answer, "appliedIndex");
  view.answered = true;
  view.received = Clock::now();
  view.applied_index = index;
  view.last_error.clear();
  if (const json::value* servers = answer->if_contains("servers");
      servers && servers->is_object()) {
    view.servers = servers->get_object();
  }
  const std::int64_t now = nowMs();
  state_.answer(seq, agent, lease && lease->is_bool() && lease->get_bool(), index, *plan, now);
  noteChangeLocked(now);
  actions_pending_ = true;
  control_cv_.notify_one();
}

// --- actions -------------------------------------------------------------------------------

void Member::controlLoop() {
  std::unique_lock lock(mutex_);
  auto next_register = Clock::now();
  while (!stopping_) {
    if (!registered_ && Clock::now() >= next_register) {
      lock.unlock();
      const bool done = registerOnce();
      lock.lock();
      registered_ = registered_ || done;
      next_register = Clock::now() + kRegisterRetry;
      continue;
    }
    const auto wake = registered_ ? Clock::now() + kRegisterRetry : next_register;
    control_cv_.wait_until(lock, wake, [this] { return stopping_ || actions_pending_; });
    if (stopping_) return;
    actions_pending_ = false;
    // A term begun (the store's callback) changes the role without a heartbeat answer.
    noteChangeLocked(nowMs());
    supervision::MemberActions actions = state_.takeActions();
    lock.unlock();
    reportChanges();
    if (!actions.empty()) carryOut(std::move(actions));
    lock.lock();
  }
}

// In MemberActions' order: stop the applier, follow, begin the term.
void Member::carryOut(supervision::MemberActions actions) {
  if (actions.stepped_down) {
    Log::warn("cluster", "stepped down: the plan names another leader or a newer term",
              {{"id", options_.id}});
  }
  if (actions.stop_applier) {
    replication_.stopFollowing();
    std::lock_guard lock(mutex_);
    state_.applierStopped();
    actions_pending_ = true;
  }
  if (actions.follow) {
    Log::info("cluster", "following the leader",
              {{"leader", actions.follow->id},
               {"endpoint", actions.follow->endpoint},
               {"term", actions.follow->term}});
    replication_.follow(
        FollowTarget{actions.follow->id, actions.follow->endpoint, actions.follow->term});
  }
  if (actions.begin_term) beginTerm(*actions.begin_term);
  if (actions.stepped_down) releaseHeld();
}

void Member::beginTerm(std::uint64_t term) {
  Log::info("cluster", "beginning a term as leader", {{"id", options_.id}, {"term", term}});
  store_.beginTerm(term, options_.id, [this, term](Result<tandem::OplogPosition> position) {
    if (!position) {
      Log::error("cluster", "cannot begin the term: " + position.status().message(),
                 {{"term", term}});
    }
    std::lock_guard lock(mutex_);
    if (position) {
      state_.termBegun(term);
      // The claim of the new term goes out at once rather than with the next paced round: the
      // lease, and so the first acknowledged write, follows one round trip to the agents.
      round_now_ = true;
      round_cv_.notify_all();
    } else {
      state_.termFailed(term);
    }
    actions_pending_ = true;
    control_cv_.notify_one();
  });
}

// Plan/Singles/<id>, unless Target/Removed/<id> says this node was removed (then the plan
// tells MemberState so, and registration is not retried).
bool Member::registerOnce() {
  json::object single{
      {"endpoint", options_.my_address}, {"version", options_.version}, {"registered", isoNow()}};
  const std::string single_path = std::string(supervision::kPlanSinglesPath) + "/" + options_.id;
  const std::string removed_path = std::string(supervision::kTargetRemovedPath) + "/" + options_.id;
  json::array write{json::array{json::object{{single_path, {{"op", "set"}, {"new", single}}}},
                                json::object{{removed_path, {{"oldEmpty", true}}}}}};
  const AgencyWriteResult result = agency_.write(write, kAgencyDeadline);
  if (result.outcome == AgencyWriteOutcome::kApplied) {
    Log::info("cluster", "registered in the agency",
              {{"id", options_.id}, {"endpoint", options_.my_address}});
    return true;
  }
  if (result.outcome == AgencyWriteOutcome::kPreconditionFailed) {
    Log::error("cluster", "not registered: this server was removed from the cluster",
               {{"id", options_.id}});
    return true;
  }
  Log::debug("cluster", "registration not done yet: " + result.status.message(),
             {{"outcome", agencyWriteOutcomeName(result.outcome)}});
  return false;
}

void Member::operationsLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    ops_cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (stopping_) return;
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

void Member::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      tasks_.push_back(std::move(task));
      ops_cv_.notify_one();
      return;
    }
  }
  task();  // stopping: the task sees stopping_ and answers kShuttingDown
}

// --- write admission -----------------------------------------------------------------------

namespace {

Status notLeader(const std::string& why) {
  return Status::error(ErrorCode::kNotLeader, why.empty() ? "not a leader" : why, 503);
}

Status challenge(const std::string& why) {
  return Status::error(ErrorCode::kLeadershipChallengeOngoing, why, 503);
}

}  // namespace

void Member::admitWrite(std::function<void(Status, std::string)> done) {
  Status status = Status::ok();
  std::string endpoint;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      status = Status::error(ErrorCode::kShuttingDown, "shutdown in progress", 503);
    } else if (state_.writesHeld()) {
      held_.push_back(std::move(done));
      return;
    } else {
      switch (state_.role(nowMs())) {
        case supervision::MemberRole::kLeader:
          break;
        case supervision::MemberRole::kFollower:
          status = notLeader("");
          endpoint = state_.leader() ? state_.leader()->endpoint : "";
          break;
        case supervision::MemberRole::kRemoved:
          status = notLeader(state_.removedReason());
          break;
        case supervision::MemberRole::kLeaderNoLease:
          status = challenge("leadership challenge is ongoing: this leader holds no lease");
          break;
        case supervision::MemberRole::kTryAgain:
          status = challenge("leadership challenge is ongoing");
          break;
      }
    }
  }
  done(std::move(status), std::move(endpoint));
}

Status Member::checkAcknowledge() const {
  std::lock_guard lock(mutex_);
  if (state_.canWrite(nowMs())) return Status::ok();
  return challenge("the leadership lease was lost");
}

// Held writes wait while a switchover runs. When it ends they are answered: OK after an abort
// (if this node still serves), kNotLeader with the new leader's endpoint after a handover.
void Member::releaseHeldLocked(std::vector<std::pair<HeldWrite, Status>>& out,
                               std::string& endpoint) {
  if (held_.empty() || state_.writesHeld()) return;
  Status status = Status::ok();
  if (!state_.canWrite(nowMs())) {
    const auto leader = state_.leader();
    if (leader && leader->id != options_.id) {
      status = notLeader("");
      endpoint = leader->endpoint;
    } else {
      status = challenge("leadership challenge is ongoing");
    }
  }
  for (HeldWrite& write : held_) out.emplace_back(std::move(write), status);
  held_.clear();
}

void Member::releaseHeld() {
  std::vector<std::pair<HeldWrite, Status>> released;
  std::string endpoint;
  {
    std::lock_guard lock(mutex_);
    releaseHeldLocked(released, endpoint);
  }
  for (auto& [write, status] : released) write(status, endpoint);
}

MemberSnapshot Member::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshotLocked(nowMs());
}

MemberSnapshot Member::snapshotLocked(std::int64_t now) const {
  MemberSnapshot snapshot;
  snapshot.id = options_.id;
  switch (state_.role(now)) {
    case supervision::MemberRole::kLeader:
      snapshot.mode = ServingMode::kLeader;
      break;
    case supervision::MemberRole::kFollower:
      snapshot.mode = ServingMode::kFollower;
      break;
    case supervision::MemberRole::kRemoved:
      snapshot.mode = ServingMode::kRemoved;
      break;
    default:
      snapshot.mode = ServingMode::kTryAgain;
  }
  if (const auto leader = state_.leader()) {
    snapshot.leader_id = leader->id;
    snapshot.leader_endpoint = leader->endpoint;
    snapshot.term = leader->term;
  }
  snapshot.lease_valid = state_.canWrite(now);
  snapshot.lease_remaining_ms = state_.leaseRemainingMs(now);
  snapshot.switchover_in_progress = state_.writesHeld();
  snapshot.removed_reason = state_.removedReason();
  return snapshot;
}

// --- change reports ------------------------------------------------------------------------

void Member::noteChangeLocked(std::int64_t now) {
  if (!options_.on_change) return;
  MemberSnapshot current = snapshotLocked(now);
  if (reported_ && reported_->mode == current.mode && reported_->leader_id == current.leader_id &&
      reported_->leader_endpoint == current.leader_endpoint && reported_->term == current.term) {
    return;
  }
  reported_ = current;
  changes_.push_back(std::move(current));
}

void Member::reportChanges() {
  if (!options_.on_change) return;
  std::lock_guard report(report_mutex_);
  while (true) {
    std::optional<MemberSnapshot> next;
    {
      std::lock_guard lock(mutex_);
      if (changes_.empty()) return;
      next = std::move(changes_.front());
      changes_.pop_front();
    }
    options_.on_change(*next);
  }
}

}  // namespace tandem::node::cluster
