// LogStore: the durable Raft log, hard state and snapshot of one agent.
//
// The Raft core only reads it (the const half); the driver writes it with persist()/compact()
// while handling a Ready, before it sends that Ready's messages. Two implementations:
// MemoryLogStore (below; tests and simulation, "crash" = keep the object, drop the Raft) and
// SqliteLogStore (sqlite_log_store.h; agency tables in the node's tandem.db).
//
// Invariants, for every implementation:
//   snapshot().meta.index == firstIndex() - 1;  lastIndex() >= snapshot().meta.index;
//   entries are contiguous: entry i has index i for firstIndex() <= i <= lastIndex().
// Thread-safety: none; one owner (the driver's strand, or the simulation).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "agency/raft_types.h"
#include "tandem/status.h"

namespace tandem::agency {

class LogStore {
 public:
  virtual ~LogStore() = default;

  // --- reads (the core) ---
  virtual HardState hardState() const = 0;
  virtual const Snapshot& snapshot() const = 0;
  virtual Index firstIndex() const = 0;  // snapshot().meta.index + 1
  virtual Index lastIndex() const = 0;   // snapshot().meta.index when there are no entries
  // Term of entry `index`; snapshot().meta.term for index == snapshot().meta.index;
  // nullopt when `index` is compacted (< snapshot index) or beyond lastIndex().
  virtual std::optional<Term> term(Index index) const = 0;
  // Entries [lo, hi), at most maxCount of them (at least one if lo < hi);
  // requires firstIndex() <= lo <= hi <= lastIndex() + 1.
  virtual std::vector<Entry> entries(Index lo, Index hi, std::size_t maxCount) const = 0;

  // --- writes (the driver) ---
  // Durably and atomically: install `snapshot` (dropping every entry it covers, and every
  // entry when the snapshot's (index, term) does not match the stored log), then append
  // `entries` (first dropping stored entries with index >= entries.front().index), then store
  // `hardState`. Nothing changes when it fails.
  virtual Status persist(const std::optional<HardState>& hardState,
                         const std::vector<Entry>& entries,
                         const std::optional<Snapshot>& snapshot) = 0;
  // Replaces the snapshot by `snapshot` (taken by this agent of its own applied state, so
  // snapshot.meta.index <= lastIndex()) and drops the entries it covers.
  virtual Status compact(const Snapshot& snapshot) = 0;
};

// In memory; for unit tests and the simulation (where it stands for the disk of one agent,
// surviving the agent's "crash").
class MemoryLogStore final : public LogStore {
 public:
  MemoryLogStore() = default;

  HardState hardState() const override;
  const Snapshot& snapshot() const override;
  Index firstIndex() const override;
  Index lastIndex() const override;
  std::optional<Term> term(Index index) const override;
  std::vector<Entry> entries(Index lo, Index hi, std::size_t maxCount) const override;
  Status persist(const std::optional<HardState>& hardState, const std::vector<Entry>& entries,
                 const std::optional<Snapshot>& snapshot) override;
  Status compact(const Snapshot& snapshot) override;

 private:
  HardState hardState_;
  Snapshot snapshot_;
  std::vector<Entry> entries_;  // entries_[k].index == snapshot_.meta.index + 1 + k
};

}  // namespace tandem::agency
