// Applier: the decisions of a follower's replication applier, as a pure state machine.
//
// The driver (node/cluster/applier_*) does the I/O: it performs the action the applier
// returns (an HTTP request to the leader, a store call, a pause), then feeds the outcome back
// through the matching on...() call, which returns the next action. The applier keeps only
// what it needs to decide: the phase, the follower's position, the backoff. So it is tested
// without sockets or clocks (tests/replication/tst_applier.cpp).
//
//   start ─► (position {0,0}) full sync ─► tailing ◄─► (409) term history ─► rollback ─┐
//                                  ▲           │                                       │
//                                  └─ resync ◄─┴── frompresent:false / no fork ◄───────┘
//
// Any failure ─► backoff (50 ms doubling to 2 s by default) ─► the failed step again.
// Every tail request carries fromTerm (the term of the follower's last entry).
//
// Thread-safety: none; one driver thread owns an Applier.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tandem/store.h"

namespace tandem::replication {

enum class ApplierPhase { kIdle, kInitialSync, kTailing, kDiverged, kResync, kError, kStopping };

enum class ActionKind {
  kNone,              // nothing to do (idle or stopped)
  kTail,              // GET /_api/wal/tail?from=from.tick&fromTerm=from.term&wait=wait
  kFullSync,          // beginFullSync, batch, inventory, dumps, finishFullSync
  kFetchTermHistory,  // GET /_api/replication/term-history
  kRollback,          // rollbackAfter(fork_tick), rollback file, restore or give up
  kBackoff,           // wait `wait`, then call onBackoffDone()
};

struct ApplierAction {
  ActionKind kind = ActionKind::kNone;
  OplogPosition from;                 // kTail: position to tail from
  std::uint64_t fork_tick = 0;        // kRollback
  std::chrono::milliseconds wait{0};  // kTail: long-poll wait; kBackoff: the pause
  bool operator==(const ApplierAction&) const = default;
};

struct ApplierOptions {
  std::chrono::milliseconds backoff_min{50};
  std::chrono::milliseconds backoff_max{2000};
  std::chrono::milliseconds tail_wait{1000};  // long poll when caught up
};

// What a tail request brought. `applied` is the follower's lastPosition() after applying the
// entries of a 200 answer (unchanged for 204).
struct TailAnswer {
  int http_status = 0;  // 200, 204, 409; anything else is an error
  bool from_present = true;
  bool check_more = false;
  std::uint64_t last_included = 0;
  std::uint64_t last_tick = 0;  // the leader's last tick
  OplogPosition applied;
  std::size_t entries_applied = 0;
};

// The newest tick up to which the follower's history (its term ranges, plus its snapshot base
// when it has no entries of that term) agrees with the leader's: a tick t of follower term e is
// shared when the leader has entries of term e up to at least t (one leader per term, and each
// copy is a prefix of that leader's log). nullopt if they share nothing: full resync.
std::optional<std::uint64_t> forkPoint(const std::vector<TermRange>& leader_terms,
                                       const std::vector<TermRange>& follower_terms,
                                       OplogPosition follower_base = {});

// True if every entry is a document operation or a term start, so a rollback can restore the
// touched documents one by one; false (full resync) if a database or collection changed.
bool canRestoreDocuments(const std::vector<OplogEntry>& divergent);

class Applier {
 public:
  explicit Applier(ApplierOptions options = {});

  // Follow a leader from `local` (the store's lastPosition()): a full sync for {0, 0}, else
  // tail with divergence check. Also used to retarget: whatever ran before is forgotten.
  ApplierAction start(OplogPosition local);
  ApplierAction stop();

  ApplierAction onTail(const TailAnswer& answer);
  // The leader's term history and the follower's own (Store::termHistory(), snapshotBase()).
  ApplierAction onTermHistory(const std::vector<TermRange>& leader_terms,
                              const std::vector<TermRange>& follower_terms,
                              OplogPosition follower_base);
  // After the kRollback action: `restored` false if the divergent entries could not be undone
  // document by document (canRestoreDocuments() false), which means a full resync.
  ApplierAction onRollbackDone(bool restored, OplogPosition local);
  ApplierAction onFullSyncDone(OplogPosition local);
  // The current step failed (network, HTTP error, store error): back off, then retry it.
  // A failed rollback (rollbackAfter refused, a document not restored) is retried as a full
  // resync: which documents it touched is known only to the failed attempt.
  ApplierAction onError(std::string message);
  ApplierAction onBackoffDone();

  ApplierPhase phase() const { return phase_; }
  OplogPosition position() const { return position_; }
  const std::string& lastError() const { return last_error_; }
  std::uint64_t resyncs() const { return resyncs_; }
  std::uint64_t rollbacks() const { return rollbacks_; }

 private:
  ApplierAction tail(std::chrono::milliseconds wait);
  ApplierAction fullSync(bool resync);
  ApplierAction retryPhase();

  ApplierOptions options_;
  ApplierPhase phase_ = ApplierPhase::kIdle;
  ApplierPhase failed_phase_ = ApplierPhase::kIdle;  // the phase a backoff will retry
  OplogPosition position_;
  std::chrono::milliseconds backoff_{0};
  bool rolled_back_without_progress_ = false;  // a second 409 at once means resync
  bool rollback_started_ = false;              // the last action was kRollback
  std::string last_error_;
  std::uint64_t resyncs_ = 0;
  std::uint64_t rollbacks_ = 0;
};

const char* applierPhaseName(ApplierPhase phase);

}  // namespace tandem::replication
