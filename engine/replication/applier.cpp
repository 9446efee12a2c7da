#include "replication/applier.h"

#include <algorithm>

namespace tandem::replication {
namespace {

ApplierAction actionOf(ActionKind kind) {
  ApplierAction action;
  action.kind = kind;
  return action;
}

}  // namespace

std::optional<std::uint64_t> forkPoint(const std::vector<TermRange>& leader_terms,
                                       const std::vector<TermRange>& follower_terms,
                                       OplogPosition follower_base) {
  auto leaderLast = [&](std::uint64_t term) -> std::optional<std::uint64_t> {
    for (const TermRange& range : leader_terms) {
      if (range.term == term) return range.last_tick;
    }
    return std::nullopt;
  };
  // Newest first: the first shared tick found is the fork.
  for (auto it = follower_terms.rbegin(); it != follower_terms.rend(); ++it) {
    auto last = leaderLast(it->term);
    if (!last || *last < it->first_tick) continue;
    return std::min(it->last_tick, *last);
  }
  // No entry in common: the base a full sync started from may still be shared.
  if (follower_base.tick != 0) {
    auto last = leaderLast(follower_base.term);
    if (last && *last >= follower_base.tick) return follower_base.tick;
  }
  return std::nullopt;
}

bool canRestoreDocuments(const std::vector<OplogEntry>& divergent) {
  return std::all_of(divergent.begin(), divergent.end(), [](const OplogEntry& entry) {
    return entry.type == OpType::kDocumentUpsert || entry.type == OpType::kDocumentRemove ||
           entry.type == OpType::kTermStart;
  });
}

Applier::Applier(ApplierOptions options) : options_(options) {}

ApplierAction Applier::start(OplogPosition local) {
  position_ = local;
  backoff_ = std::chrono::milliseconds(0);
  rolled_back_without_progress_ = false;
  rollback_started_ = false;
  last_error_.clear();
  if (local.tick == 0) return fullSync(false);
  phase_ = ApplierPhase::kTailing;
  return tail(std::chrono::milliseconds(0));
}

ApplierAction Applier::stop() {
  phase_ = ApplierPhase::kStopping;
  return {};
}

ApplierAction Applier::onTail(const TailAnswer& answer) {
  if (phase_ != ApplierPhase::kTailing) return {};
  if (answer.http_status == 409) {
    if (rolled_back_without_progress_) return fullSync(true);
    phase_ = ApplierPhase::kDiverged;
    return actionOf(ActionKind::kFetchTermHistory);
  }
  if (answer.http_status != 200 && answer.http_status != 204) {
    return onError("tail answered HTTP " + std::to_string(answer.http_status));
  }
  if (!answer.from_present) return fullSync(true);
  backoff_ = std::chrono::milliseconds(0);
  last_error_.clear();
  if (answer.http_status == 200) {
    position_ = answer.applied;
    if (answer.entries_applied > 0) rolled_back_without_progress_ = false;
  }
  const bool caught_up = answer.http_status == 204 || !answer.check_more;
  return tail(caught_up ? options_.tail_wait : std::chrono::milliseconds(0));
}

ApplierAction Applier::onTermHistory(const std::vector<TermRange>& leader_terms,
                                     const std::vector<TermRange>& follower_terms,
                                     OplogPosition follower_base) {
  if (phase_ != ApplierPhase::kDiverged) return {};
  auto fork = forkPoint(leader_terms, follower_terms, follower_base);
  if (!fork) return fullSync(true);
  ApplierAction action = actionOf(ActionKind::kRollback);
  action.fork_tick = *fork;
  rollback_started_ = true;
  return action;
}

ApplierAction Applier::onRollbackDone(bool restored, OplogPosition local) {
  if (phase_ != ApplierPhase::kDiverged) return {};
  rollback_started_ = false;
  ++rollbacks_;
  if (!restored) return fullSync(true);
  position_ = local;
  rolled_back_without_progress_ = true;
  backoff_ = std::chrono::milliseconds(0);
  phase_ = ApplierPhase::kTailing;
  return tail(std::chrono::milliseconds(0));
}

ApplierAction Applier::onFullSyncDone(OplogPosition local) {
  if (phase_ != ApplierPhase::kInitialSync && phase_ != ApplierPhase::kResync) return {};
  position_ = local;
  backoff_ = std::chrono::milliseconds(0);
  rolled_back_without_progress_ = false;
  phase_ = ApplierPhase::kTailing;
  return tail(std::chrono::milliseconds(0));
}

ApplierAction Applier::onError(std::string message) {
  if (phase_ == ApplierPhase::kIdle || phase_ == ApplierPhase::kStopping) return {};
  last_error_ = std::move(message);
  if (phase_ != ApplierPhase::kError) failed_phase_ = phase_;
  if (rollback_started_) {
    rollback_started_ = false;
    failed_phase_ = ApplierPhase::kResync;
    ++resyncs_;
  }
  phase_ = ApplierPhase::kError;
  backoff_ =
      backoff_.count() == 0 ? options_.backoff_min : std::min(backoff_ * 2, options_.backoff_max);
  ApplierAction action = actionOf(ActionKind::kBackoff);
  action.wait = backoff_;
  return action;
}

ApplierAction Applier::onBackoffDone() {
  if (phase_ != ApplierPhase::kError) return {};
  return retryPhase();
}

ApplierAction Applier::retryPhase() {
  switch (failed_phase_) {
    case ApplierPhase::kInitialSync:
    case ApplierPhase::kResync:
      // A sync is not resumable: it starts over (beginFullSync clears what was copied).
      phase_ = failed_phase_;
      return actionOf(ActionKind::kFullSync);
    case ApplierPhase::kDiverged:
      // The term history is fetched again: the leader may have changed meanwhile.
      phase_ = ApplierPhase::kDiverged;
      return actionOf(ActionKind::kFetchTermHistory);
    default:
      phase_ = ApplierPhase::kTailing;
      return tail(std::chrono::milliseconds(0));
  }
}

ApplierAction Applier::tail(std::chrono::milliseconds wait) {
  ApplierAction action = actionOf(ActionKind::kTail);
  action.from = position_;
  action.wait = wait;
  return action;
}

ApplierAction Applier::fullSync(bool resync) {
  if (resync) ++resyncs_;
  phase_ = resync ? ApplierPhase::kResync : ApplierPhase::kInitialSync;
  rolled_back_without_progress_ = false;
  return actionOf(ActionKind::kFullSync);
}

const char* applierPhaseName(ApplierPhase phase) {
  switch (phase) {
    case ApplierPhase::kIdle:
      return "idle";
    case ApplierPhase::kInitialSync:
      return "initial-sync";
    case ApplierPhase::kTailing:
      return "tailing";
    case ApplierPhase::kDiverged:
      return "diverged";
    case ApplierPhase::kResync:
      return "resync";
    case ApplierPhase::kError:
      return "error";
    case ApplierPhase::kStopping:
      return "stopping";
  }
  return "unknown";
}

}  // namespace tandem::replication
