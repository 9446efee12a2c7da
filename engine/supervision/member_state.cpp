#include "supervision/member_state.h"

#include <algorithm>
#include <utility>

namespace tandem::supervision {

namespace {

// Rounds older than this many are forgotten: an answer that late cannot extend a lease that a
// newer round has not already extended further.
constexpr std::size_t kRoundsKept = 32;

bool switchoverRunning(const SwitchoverState& state) {
  return state.phase == SwitchoverPhase::kHolding || state.phase == SwitchoverPhase::kWritingPlan;
}

}  // namespace

std::string_view memberRoleName(MemberRole role) {
  switch (role) {
    case MemberRole::kTryAgain:
      return "tryagain";
    case MemberRole::kLeader:
      return "leader";
    case MemberRole::kLeaderNoLease:
      return "leader-no-lease";
    case MemberRole::kFollower:
      return "follower";
    case MemberRole::kRemoved:
      return "removed";
  }
  return "tryagain";
}

MemberState::MemberState(MemberConfig config)
    : config_(std::move(config)), local_term_(config_.local_term) {}

bool MemberState::planNamesMe() const {
  return plan_ && plan_->leader && plan_->leader->id == config_.id;
}

std::optional<LeaderTarget> MemberState::leader() const {
  if (!plan_ || !plan_->leader) return std::nullopt;
  return LeaderTarget{plan_->leader->id, plan_->endpointOf(plan_->leader->id), plan_->leader->term};
}

HeartbeatClaim MemberState::claim() const {
  if (removed_) return {"removed", "", 0};
  if (stopping_) return {"stopping", "", 0};
  if (planNamesMe()) return {"leader", config_.id, plan_->leader->term};
  if (following_) return {"follower", following_->id, 0};
  return {"tryagain", "", 0};
}

void MemberState::roundSent(std::uint64_t seq, std::int64_t send_ms) {
  now_ms_ = std::max(now_ms_, send_ms);
  ++rounds_sent_;
  rounds_[seq] = Round{send_ms, claim().leader_term, {}};
  pruneRounds();
}

void MemberState::pruneRounds() {
  while (rounds_.size() > kRoundsKept) rounds_.erase(rounds_.begin());
}

void MemberState::answer(std::uint64_t seq, std::size_t agent, bool lease,
                         std::uint64_t applied_index, const ClusterPlan& plan,
                         std::int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  adopt(plan, applied_index);
  if (!lease || !planNamesMe()) return;
  const auto round = rounds_.find(seq);
  // An ack counts only for the term the round claimed, and only while the plan still names
  // this node at that term: a grant for an older term proves nothing about the current one.
  if (round == rounds_.end() || round->second.claimed_term == 0 ||
      round->second.claimed_term != plan_->leader->term) {
    return;
  }
  round->second.lease_acks.insert(agent);
  if (round->second.lease_acks.size() * 2 <= config_.agents) return;
  const std::int64_t until = round->second.send_ms + config_.lease_ms;
  if (lease_term_ != round->second.claimed_term || until > lease_until_ms_) {
    lease_until_ms_ = until;
    lease_term_ = round->second.claimed_term;
  }
}

void MemberState::roundFailed(std::uint64_t /*seq*/, std::size_t /*agent*/) { ++answer_failures_; }

void MemberState::adopt(const ClusterPlan& plan, std::uint64_t index) {
  const std::uint64_t term = plan.leader ? plan.leader->term : 0;
  if (term < term_floor_) return;  // stale: names a leader older than one already seen
  // A higher term is newer whatever the index says (it cannot be older in one Raft history).
  if (plan_ && index < plan_index_ && term <= term_floor_) return;
  plan_ = plan;
  plan_index_ = std::max(plan_index_, index);
  term_floor_ = std::max(term_floor_, term);
  if (plan.leader != last_leader_) {
    if (last_leader_ && plan.leader) ++leader_changes_;
    last_leader_ = plan.leader;
  }
  evaluate();
}

void MemberState::stepDown() {
  led_term_ = 0;
  lease_until_ms_ = 0;
  lease_term_ = 0;
  rounds_.clear();
  actions_.stepped_down = true;
  if (switchoverRunning(switchover_)) {
    const bool moved = plan_ && plan_->leader && plan_->leader->id == switchover_.to;
    switchover_.phase = moved ? SwitchoverPhase::kDone : SwitchoverPhase::kAborted;
    if (!moved) switchover_.reason = "this node stopped leading during the switchover";
    switchover_.ended_ms = now_ms_;
  }
}

// Derives the actions the current plan asks for. Idempotent: calling it again without a new
// input asks for nothing new.
void MemberState::evaluate() {
  if (!removed_ && plan_ && plan_->isRemoved(config_.id)) {
    removed_ = true;
    removed_reason_ = "this server was removed from the cluster (Target/Removed/" + config_.id +
                      "); it no longer serves or replicates; start it with a new data directory "
                      "to join again";
  }
  const std::optional<LeaderRecord> leader = plan_ ? plan_->leader : std::nullopt;
  if (led_term_ != 0 &&
      (removed_ || !leader || leader->id != config_.id || leader->term != led_term_)) {
    stepDown();
  }
  if (removed_) {
    if (applier_ == Applier::kRunning) {
      actions_.stop_applier = true;
      applier_ = Applier::kStopping;
    }
    following_.reset();
    return;
  }
  if (!leader) return;
  if (leader->id == config_.id) {
    led_term_ = leader->term;
    following_.reset();
    if (local_term_ >= leader->term) return;  // the term has begun
    if (applier_ == Applier::kRunning) {
      // Everything received must be applied before the term starts above it.
      actions_.stop_applier = true;
      applier_ = Applier::kStopping;
    } else if (applier_ == Applier::kStopped && !begin_pending_) {
      actions_.begin_term = leader->term;
      begin_pending_ = leader->term;
    }
    return;
  }
  LeaderTarget target{leader->id, plan_->endpointOf(leader->id), leader->term};
  if (target.endpoint.empty() || target == following_) return;
  actions_.follow = target;
  following_ = std::move(target);
  applier_ = Applier::kRunning;
}

void MemberState::applierStopped() {
  if (applier_ == Applier::kStopping) applier_ = Applier::kStopped;
  evaluate();
}

void MemberState::termBegun(std::uint64_t term) {
  local_term_ = std::max(local_term_, term);
  if (begin_pending_ == term) begin_pending_.reset();
  evaluate();
}

void MemberState::termFailed(std::uint64_t term) {
  if (begin_pending_ == term) begin_pending_.reset();
  evaluate();
}

MemberActions MemberState::takeActions() { return std::exchange(actions_, MemberActions{}); }

MemberRole MemberState::role(std::int64_t now_ms) const {
  if (removed_) return MemberRole::kRemoved;
  if (!plan_ || !plan_->leader) return MemberRole::kTryAgain;
  if (planNamesMe()) {
    const std::uint64_t term = plan_->leader->term;
    const bool serving = local_term_ >= term && lease_term_ == term && now_ms < lease_until_ms_;
    return serving ? MemberRole::kLeader : MemberRole::kLeaderNoLease;
  }
  return following_ ? MemberRole::kFollower : MemberRole::kTryAgain;
}

bool MemberState::canWrite(std::int64_t now_ms) const {
  return role(now_ms) == MemberRole::kLeader;
}

std::int64_t MemberState::leaseRemainingMs(std::int64_t now_ms) const {
  if (!planNamesMe() || lease_term_ != plan_->leader->term) return 0;
  return std::max<std::int64_t>(0, lease_until_ms_ - now_ms);
}

Status MemberState::beginSwitchover(const std::string& to, std::int64_t now_ms,
                                    std::int64_t timeout_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (switchoverRunning(switchover_)) {
    return Status::error(ErrorCode::kConflict,
                         "a switchover to " + switchover_.to + " is already running", 409);
  }
  if (!canWrite(now_ms)) {
    return Status::error(ErrorCode::kNotLeader,
                         "not a leader: only the serving leader can "
                         "hand over leadership",
                         503);
  }
  if (to == config_.id) {
    return Status::error(ErrorCode::kBadParameter, "this server already leads", 400);
  }
  if (!plan_->singles.contains(to) || plan_->isRemoved(to)) {
    return Status::error(ErrorCode::kBadParameter, "server " + to + " is not registered", 400);
  }
  if (plan_->isDraining(to)) {
    return Status::error(ErrorCode::kBadParameter, "server " + to + " is draining", 400);
  }
  switchover_ = SwitchoverState{
      SwitchoverPhase::kHolding, to, plan_->leader->term, now_ms, now_ms + timeout_ms, 0, {}};
  return Status::ok();
}

void MemberState::switchoverCaughtUp(std::int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (switchover_.phase == SwitchoverPhase::kHolding) {
    switchover_.phase = SwitchoverPhase::kWritingPlan;
  }
}

void MemberState::switchoverPlanWritten(bool written, std::int64_t now_ms, std::string reason) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (switchover_.phase != SwitchoverPhase::kWritingPlan) return;
  if (!written) {
    abortSwitchover(now_ms, reason.empty() ? "the plan could not be written" : std::move(reason));
    return;
  }
  // The agency committed Plan/Leader = {to, t+1}: act on it now rather than when an answer
  // brings it, so no write is admitted meanwhile.
  ClusterPlan plan = *plan_;
  plan.leader = LeaderRecord{switchover_.to, switchover_.from_term + 1};
  adopt(plan, plan_index_);
  if (switchover_.phase == SwitchoverPhase::kWritingPlan) {  // stepDown() normally ends it
    switchover_.phase = SwitchoverPhase::kDone;
    switchover_.ended_ms = now_ms;
  }
}

void MemberState::abortSwitchover(std::int64_t now_ms, std::string reason) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (!switchoverRunning(switchover_)) return;
  switchover_.phase = SwitchoverPhase::kAborted;
  switchover_.reason = std::move(reason);
  switchover_.ended_ms = now_ms;
}

void MemberState::tick(std::int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (switchover_.phase == SwitchoverPhase::kHolding && now_ms >= switchover_.deadline_ms) {
    abortSwitchover(now_ms, "timeout: " + switchover_.to + " did not catch up within " +
                                std::to_string(switchover_.deadline_ms - switchover_.started_ms) +
                                " ms");
  }
}

bool MemberState::writesHeld() const { return switchoverRunning(switchover_); }

}  // namespace tandem::supervision
