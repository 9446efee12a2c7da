// MemoryLogStore: the LogStore of the tests and the simulation, a vector behind a snapshot.
//
// Invariant (checked by every write before it changes anything):
//   entries_[k].index == snapshot_.meta.index + 1 + k for every k.
// So firstIndex() is snapshot_.meta.index + 1 and lastIndex() is snapshot_.meta.index +
// entries_.size(), and "nothing changes when a write fails" only needs the checks to come first.
#include "agency/log_store.h"

#include <algorithm>
#include <iterator>

namespace tandem::agency {
namespace {

Status badWrite(std::string what) {
  return Status::error(ErrorCode::kBadParameter, "log store: " + std::move(what));
}

}  // namespace

HardState MemoryLogStore::hardState() const { return hardState_; }

const Snapshot& MemoryLogStore::snapshot() const { return snapshot_; }

Index MemoryLogStore::firstIndex() const { return snapshot_.meta.index + 1; }

Index MemoryLogStore::lastIndex() const { return snapshot_.meta.index + entries_.size(); }

std::optional<Term> MemoryLogStore::term(Index index) const {
  if (index == snapshot_.meta.index) return snapshot_.meta.term;
  if (index < snapshot_.meta.index || index > lastIndex()) return std::nullopt;
  return entries_[index - firstIndex()].term;
}

std::vector<Entry> MemoryLogStore::entries(Index lo, Index hi, std::size_t maxCount) const {
  if (lo < firstIndex() || lo > hi || hi > lastIndex() + 1) return {};
  const std::size_t count = std::min<std::size_t>(hi - lo, std::max<std::size_t>(maxCount, 1));
  const auto begin = entries_.begin() + static_cast<std::ptrdiff_t>(lo - firstIndex());
  return std::vector<Entry>(begin, begin + static_cast<std::ptrdiff_t>(count));
}

Status MemoryLogStore::persist(const std::optional<HardState>& hardState,
                               const std::vector<Entry>& entries,
                               const std::optional<Snapshot>& snapshot) {
  // First work out the log as it will be after the snapshot, and check everything against it.
  Index base = snapshot_.meta.index;  // index just before the first kept entry
  Index last = lastIndex();
  bool keepEntries = true;
  if (snapshot) {
    if (snapshot->meta.index < snapshot_.meta.index) return badWrite("snapshot older than log");
    keepEntries = term(snapshot->meta.index) == snapshot->meta.term;
    base = snapshot->meta.index;
    last = keepEntries ? std::max(last, base) : base;
  }
  if (!entries.empty()) {
    const Index first = entries.front().index;
    if (first <= base || first > last + 1) return badWrite("entries do not attach to the log");
    for (std::size_t k = 0; k < entries.size(); ++k) {
      if (entries[k].index != first + k) return badWrite("entries are not contiguous");
    }
  }

  if (snapshot) {
    if (keepEntries) {
      const std::size_t covered = snapshot->meta.index - snapshot_.meta.index;
      entries_.erase(entries_.begin(),
                     entries_.begin() + static_cast<std::ptrdiff_t>(
                                            std::min<std::size_t>(covered, entries_.size())));
    } else {
      entries_.clear();
    }
    snapshot_ = *snapshot;
  }
  if (!entries.empty()) {
    entries_.resize(entries.front().index - firstIndex());  // drop the overwritten suffix
    entries_.insert(entries_.end(), entries.begin(), entries.end());
  }
  if (hardState) hardState_ = *hardState;
  return Status::ok();
}

Status MemoryLogStore::compact(const Snapshot& snapshot) {
  const Index index = snapshot.meta.index;
  if (index < snapshot_.meta.index) return badWrite("compaction behind the snapshot");
  if (index > lastIndex()) return badWrite("compaction beyond the log");
  if (term(index) != snapshot.meta.term) return badWrite("compaction term does not match");
  entries_.erase(entries_.begin(),
                 entries_.begin() + static_cast<std::ptrdiff_t>(index - snapshot_.meta.index));
  snapshot_ = snapshot;
  return Status::ok();
}

}  // namespace tandem::agency
