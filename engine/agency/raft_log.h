// RaftLog: the log as the Raft core sees it — the durable LogStore, overlaid by what the core
// has appended or received but the driver has not yet persisted ("unstable"), plus the commit
// and apply positions.
//
//   store:    [snapshot] firstIndex ............ lastIndex
//   unstable:                     offset_ ........ (shadows every stored entry >= offset_)
//
// Invariants:
//   - without an unstable snapshot, offset_ <= store.lastIndex() + 1, and offset_ ==
//     store.lastIndex() + 1 whenever unstable_ is empty (the driver persisted exactly what it
//     was handed);
//   - with an unstable snapshot S, offset_ == S.index + 1 and the stored log is invisible;
//   - snapshot index <= applied_ <= committed_ <= lastIndex() (applied_ may trail the snapshot
//     only while a received snapshot is waiting to be installed).
// Only the core holds it; the store is read, never written, here.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "agency/log_store.h"
#include "agency/raft_types.h"

namespace tandem::agency {

class RaftLog {
 public:
  explicit RaftLog(const LogStore& store);

  Index firstIndex() const;
  Index lastIndex() const;
  Term lastTerm() const;
  // nullopt for a compacted index or one beyond lastIndex().
  std::optional<Term> term(Index index) const;
  bool matchTerm(Index index, Term term) const { return this->term(index) == term; }
  // Raft's "at least as up to date": a later last term, or the same one and no shorter.
  bool isUpToDate(Index lastIndex, Term lastTerm) const;
  // [lo, hi), at most maxCount (at least one when lo < hi); firstIndex() <= lo <= hi <=
  // lastIndex() + 1.
  std::vector<Entry> entries(Index lo, Index hi,
                             std::size_t maxCount = std::numeric_limits<std::size_t>::max()) const;
  // The newest snapshot: the received one waiting to be persisted, else the stored one.
  const Snapshot& snapshot() const;

  // Appends `entries` (contiguous, starting at or before lastIndex() + 1 and after the commit
  // point), first dropping every entry at or after the first one's index.
  void append(std::vector<Entry> entries);
  // Follower side of kAppend: if the entry at `prevIndex` has `prevTerm`, appends whatever of
  // `entries` is new (truncating a conflicting suffix, never a committed entry) and returns
  // the index of the last entry the message vouched for; nullopt when the logs do not match.
  std::optional<Index> maybeAppend(Index prevIndex, Term prevTerm,
                                   const std::vector<Entry>& entries);
  // Replaces the whole log by `snapshot` (its index becomes the commit point).
  void restore(Snapshot snapshot);

  Index committed() const { return committed_; }
  void commitTo(Index index);
  Index applied() const { return applied_; }
  void appliedTo(Index index);

  // --- the Ready batch ---
  const std::vector<Entry>& unstableEntries() const { return unstable_; }
  const std::optional<Snapshot>& unstableSnapshot() const { return unstableSnapshot_; }
  bool hasNextCommitted() const;
  std::vector<Entry> nextCommitted() const;  // (applied, committed], none while a snapshot waits
  // The driver persisted the unstable entries up to (index, term) / the unstable snapshot.
  void stableTo(Index index, Term term);
  void stableSnapshotTo(Index index);

 private:
  const LogStore& store_;
  std::optional<Snapshot> unstableSnapshot_;
  std::vector<Entry> unstable_;  // unstable_[k].index == offset_ + k
  Index offset_ = 1;
  Index committed_ = 0;
  Index applied_ = 0;
};

}  // namespace tandem::agency
