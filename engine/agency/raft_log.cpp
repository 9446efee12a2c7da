// RaftLog: reads go to the unstable part for indexes at or after offset_, to the store before.
#include "agency/raft_log.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <utility>

namespace tandem::agency {

RaftLog::RaftLog(const LogStore& store)
    : store_(store),
      offset_(store.lastIndex() + 1),
      committed_(store.snapshot().meta.index),
      applied_(store.snapshot().meta.index) {}

Index RaftLog::firstIndex() const {
  return unstableSnapshot_ ? unstableSnapshot_->meta.index + 1 : store_.firstIndex();
}

Index RaftLog::lastIndex() const {
  if (!unstable_.empty()) return offset_ + unstable_.size() - 1;
  if (unstableSnapshot_) return unstableSnapshot_->meta.index;
  return store_.lastIndex();
}

Term RaftLog::lastTerm() const { return term(lastIndex()).value_or(0); }

std::optional<Term> RaftLog::term(Index index) const {
  if (unstableSnapshot_) {
    if (index == unstableSnapshot_->meta.index) return unstableSnapshot_->meta.term;
    if (index < unstableSnapshot_->meta.index) return std::nullopt;
  }
  if (index >= offset_) {
    if (index - offset_ < unstable_.size()) return unstable_[index - offset_].term;
    return std::nullopt;
  }
  return store_.term(index);
}

bool RaftLog::isUpToDate(Index lastIndex, Term lastTerm) const {
  const Term myLastTerm = this->lastTerm();
  return lastTerm > myLastTerm || (lastTerm == myLastTerm && lastIndex >= this->lastIndex());
}

std::vector<Entry> RaftLog::entries(Index lo, Index hi, std::size_t maxCount) const {
  assert(firstIndex() <= lo && lo <= hi && hi <= lastIndex() + 1);
  std::vector<Entry> out;
  if (lo >= hi) return out;
  maxCount = std::max<std::size_t>(maxCount, 1);
  if (lo < offset_) {
    out = store_.entries(lo, std::min(hi, offset_), maxCount);
    if (out.size() == maxCount || lo + out.size() < std::min(hi, offset_)) return out;
  }
  const Index from = std::max(lo, offset_);
  if (from >= hi) return out;
  const std::size_t take = std::min<std::size_t>(hi - from, maxCount - out.size());
  const auto begin = unstable_.begin() + static_cast<std::ptrdiff_t>(from - offset_);
  out.insert(out.end(), begin, begin + static_cast<std::ptrdiff_t>(take));
  return out;
}

const Snapshot& RaftLog::snapshot() const {
  return unstableSnapshot_ ? *unstableSnapshot_ : store_.snapshot();
}

void RaftLog::append(std::vector<Entry> entries) {
  if (entries.empty()) return;
  const Index after = entries.front().index;
  assert(after > committed_ && after <= lastIndex() + 1);
  if (after == offset_ + unstable_.size()) {
    std::move(entries.begin(), entries.end(), std::back_inserter(unstable_));
  } else if (after <= offset_) {
    // Replaces the whole unstable part and shadows the stored entries from `after` on; the
    // driver drops those when it persists this batch.
    offset_ = after;
    unstable_ = std::move(entries);
  } else {
    unstable_.resize(after - offset_);
    std::move(entries.begin(), entries.end(), std::back_inserter(unstable_));
  }
}

std::optional<Index> RaftLog::maybeAppend(Index prevIndex, Term prevTerm,
                                          const std::vector<Entry>& entries) {
  if (!matchTerm(prevIndex, prevTerm)) return std::nullopt;
  const Index lastNew = prevIndex + entries.size();
  // The first entry whose term differs from ours (or that we lack); everything before it is
  // already in our log, so re-delivered or reordered appends never truncate anything.
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (matchTerm(entries[k].index, entries[k].term)) continue;
    assert(entries[k].index > committed_ && "a committed entry never conflicts");
    append(std::vector<Entry>(entries.begin() + static_cast<std::ptrdiff_t>(k), entries.end()));
    break;
  }
  return lastNew;
}

void RaftLog::restore(Snapshot snapshot) {
  const Index index = snapshot.meta.index;
  assert(index > committed_);
  unstableSnapshot_ = std::move(snapshot);
  unstable_.clear();
  offset_ = index + 1;
  committed_ = index;
}

void RaftLog::commitTo(Index index) {
  if (index <= committed_) return;
  assert(index <= lastIndex() && "commit beyond the log");
  committed_ = index;
}

void RaftLog::appliedTo(Index index) {
  assert(index <= committed_);
  applied_ = std::max(applied_, index);
}

bool RaftLog::hasNextCommitted() const {
  return !unstableSnapshot_ && committed_ > std::max(applied_, firstIndex() - 1);
}

std::vector<Entry> RaftLog::nextCommitted() const {
  if (!hasNextCommitted()) return {};
  return entries(std::max(applied_ + 1, firstIndex()), committed_ + 1);
}

void RaftLog::stableTo(Index index, Term term) {
  if (index < offset_ || index - offset_ >= unstable_.size()) return;
  if (unstable_[index - offset_].term != term) return;  // replaced since it was handed out
  unstable_.erase(unstable_.begin(),
                  unstable_.begin() + static_cast<std::ptrdiff_t>(index - offset_ + 1));
  offset_ = index + 1;
}

void RaftLog::stableSnapshotTo(Index index) {
  if (unstableSnapshot_ && unstableSnapshot_->meta.index == index) unstableSnapshot_.reset();
}

}  // namespace tandem::agency
