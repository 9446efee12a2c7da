// Progress: what a leader knows about one peer's log, and how it feeds it.
//
//   kProbe      the leader does not know where the peer's log ends: it sends one append at a
//               time (paused until an answer or the next heartbeat answer) and walks `next`
//               back on every rejection;
//   kReplicate  the peer accepted an append: the leader streams entries and advances `next`
//               optimistically as it sends them;
//   kSnapshot   the peer needs entries the leader has compacted: a snapshot was sent, nothing
//               else is sent until the peer acknowledges it (or it is presumed lost).
//
// Invariant: match < next. `match` only grows within a leadership (acknowledgements are
// durable); `next` may move back (a rejection), never below match + 1.
#pragma once

#include <algorithm>
#include <cstdint>

#include "agency/raft_types.h"

namespace tandem::agency {

struct Progress {
  enum class State : std::uint8_t { kProbe, kReplicate, kSnapshot };

  Index match = 0;
  Index next = 1;
  State state = State::kProbe;
  bool paused = false;        // kProbe: an append is in flight
  Index pendingSnapshot = 0;  // kSnapshot: the index of the snapshot sent
  int snapshotTicks = 0;      // kSnapshot: ticks since it was sent
  std::uint64_t ticksSinceHeard = 0;
  std::uint64_t readAck = 0;  // highest read-index round this peer answered

  bool isPaused() const { return state == State::kSnapshot || (state == State::kProbe && paused); }

  void becomeProbe() {
    // After a snapshot the peer holds at least the snapshot, if it arrived; probing from there
    // costs one rejection when it did not.
    next = state == State::kSnapshot ? std::max(match, pendingSnapshot) + 1 : match + 1;
    state = State::kProbe;
    paused = false;
    pendingSnapshot = 0;
  }
  void becomeReplicate() {
    state = State::kReplicate;
    next = match + 1;
    paused = false;
    pendingSnapshot = 0;
  }
  void becomeSnapshot(Index snapshotIndex) {
    state = State::kSnapshot;
    pendingSnapshot = snapshotIndex;
    snapshotTicks = 0;
    paused = false;
  }

  // An acknowledgement of everything up to `index`. False when it tells nothing new.
  bool maybeUpdate(Index index) {
    bool updated = false;
    if (match < index) {
      match = index;
      updated = true;
    }
    next = std::max(next, index + 1);
    paused = false;
    return updated;
  }

  // A rejection of an append after `rejected`; `hint` is the peer's last index. False when the
  // rejection is stale (answers an append sent before something newer was learned).
  bool maybeDecrTo(Index rejected, Index hint) {
    switch (state) {
      case State::kReplicate:
        if (rejected <= match) return false;
        becomeProbe();
        return true;
      case State::kProbe:
        if (next == 0 || rejected != next - 1) return false;
        next = std::max(std::min(rejected, hint + 1), match + 1);
        paused = false;
        return true;
      case State::kSnapshot:
        return false;  // the snapshot answer, or its loss, decides
    }
    return false;
  }
};

}  // namespace tandem::agency
