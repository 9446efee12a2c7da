// SimChecker: see sim_checker.h for the invariants and why each check is sufficient.
#include "sim_checker.h"

#include <algorithm>

namespace tandem::agency::sim {
namespace {

std::string str(std::uint64_t value) { return std::to_string(value); }

}  // namespace

void SimChecker::fail(const std::string& what) {
  if (failure_.empty()) failure_ = what;
}

void SimChecker::onPersist(const AgentId& id, const MemoryLogStore& store, const Ready& ready) {
  const HardState hs = store.hardState();
  Term& lastTerm = persistedTerm_[id];
  if (hs.term < lastTerm) {
    fail("persisted term of " + id + " went back from " + str(lastTerm) + " to " + str(hs.term));
  }
  lastTerm = hs.term;
  if (!hs.vote.empty()) {
    const auto [it, inserted] = votes_.emplace(std::make_pair(id, hs.term), hs.vote);
    if (!inserted && it->second != hs.vote) {
      fail(id + " voted for both " + it->second + " and " + hs.vote + " in term " + str(hs.term));
    }
  }
  if (hs.commit > store.lastIndex()) {
    fail(id + " persisted commit " + str(hs.commit) + " beyond its log (last " +
         str(store.lastIndex()) + ")");
  }
  // An (index, term) pair names one entry with one predecessor term: by induction, two logs
  // that share an (index, term) pair are identical up to it.
  for (const Entry& entry : ready.entries) {
    const std::optional<Term> prevTerm = store.term(entry.index - 1);
    if (!prevTerm) {
      fail(id + " persisted entry " + str(entry.index) + " without its predecessor");
      return;
    }
    const LogRecord record{*prevTerm, entry.type, entry.data};
    const auto [it, inserted] = entries_.emplace(std::make_pair(entry.index, entry.term), record);
    if (!inserted && (it->second.prevTerm != record.prevTerm || it->second.type != record.type ||
                      it->second.data != record.data)) {
      fail("log matching: " + id + " persisted a different entry at index " + str(entry.index) +
           " term " + str(entry.term) + " (data '" + entry.data + "' after term " + str(*prevTerm) +
           ", elsewhere '" + it->second.data + "' after term " + str(it->second.prevTerm) + ")");
    }
  }
}

void SimChecker::onStateMachineReset(const AgentId& id, const std::vector<std::string>& contents) {
  for (std::size_t k = 0; k < contents.size(); ++k) onApply(id, k, contents[k]);
}

void SimChecker::onApply(const AgentId& id, std::size_t position, const std::string& data) {
  if (position < history_.size()) {
    if (history_[position] != data) {
      fail("state machine safety: " + id + " applied '" + data + "' at position " + str(position) +
           " where another agent applied '" + history_[position] + "'");
    }
  } else if (position == history_.size()) {
    history_.push_back(data);
  } else {
    fail(id + " applied position " + str(position) + " past the history");
  }
}

void SimChecker::onCrash(const AgentId& id) {
  liveCommit_.erase(id);
  currentLeaders_.erase(id);
}

void SimChecker::onRestart(const AgentId& id) { onCrash(id); }

void SimChecker::onReadState(const AgentId& id, const ReadState& state, Index required) {
  if (state.index < required) {
    fail("read index: " + id + " answered read '" + state.context + "' at index " +
         str(state.index) + " although index " + str(required) +
         " was committed before it was asked");
  }
}

std::vector<Index> SimChecker::registerCommitted(const AgentId& id, Term term,
                                                 const MemoryLogStore& store, Index from,
                                                 Index commit) {
  std::vector<Index> changed;
  const Snapshot& snapshot = store.snapshot();
  if (committed_.size() <= commit) committed_.resize(commit + 1);
  for (Index index = std::max(from + 1, snapshot.meta.index); index <= commit; ++index) {
    Committed seen;
    seen.term = *store.term(index);  // index >= snapshot index, checked below for the top
    if (index > snapshot.meta.index) {
      const Entry entry = store.entries(index, index + 1, 1).front();
      seen.hasData = true;
      seen.type = entry.type;
      seen.data = entry.data;
    }
    Committed& known = committed_[index];
    if (known.term == 0) {
      known = std::move(seen);
      known.seenInTerm = term;
      changed.push_back(index);
      continue;
    }
    if (known.term != seen.term || (known.hasData && seen.hasData && known.data != seen.data)) {
      fail("two different entries committed at index " + str(index) + ": term " + str(known.term) +
           " '" + known.data + "' and, at " + id + ", term " + str(seen.term) + " '" + seen.data +
           "'");
      return changed;
    }
    if (!known.hasData && seen.hasData) {
      known.hasData = true;
      known.type = seen.type;
      known.data = seen.data;
    }
    if (term < known.seenInTerm) {
      known.seenInTerm = term;
      changed.push_back(index);
    }
  }
  return changed;
}

void SimChecker::checkLeaderHas(const AgentId& leader, Term leaderTerm, const MemoryLogStore& store,
                                Index index) {
  const Committed& known = committed_[index];
  const Index snapshotIndex = store.snapshot().meta.index;
  if (index < snapshotIndex) return;  // inside its snapshot, which holds only committed state
  const std::optional<Term> term = store.term(index);
  bool has = term && *term == known.term;
  if (has && known.hasData && index > snapshotIndex) {
    has = store.entries(index, index + 1, 1).front().data == known.data;
  }
  if (!has) {
    fail("leader completeness: leader " + leader + " of term " + str(leaderTerm) +
         " lacks committed entry " + str(index) + " (term " + str(known.term) +
         ", known committed in term " + str(known.seenInTerm) + ")");
  }
}

void SimChecker::afterStep(const AgentView& agent) {
  if (failed() || !agent.raft) return;
  const AgentId& id = *agent.id;
  const Index commit = agent.raft->commitIndex();
  std::vector<Index> changed;
  const auto it = liveCommit_.find(id);
  const bool known = it != liveCommit_.end();
  const Index before = known ? it->second : 0;
  if (known && commit < before) {
    return fail("commit index of " + id + " went back from " + str(before) + " to " + str(commit));
  }
  if (!known || commit > before) {
    if (commit > agent.store->lastIndex()) {
      return fail(id + " committed " + str(commit) + " beyond its persisted log (last " +
                  str(agent.store->lastIndex()) + ")");
    }
    changed = registerCommitted(id, agent.raft->term(), *agent.store, before, commit);
    liveCommit_[id] = commit;
  }

  if (agent.raft->role() == Role::kLeader) {
    const Term term = agent.raft->term();
    const auto [leader, inserted] = leaders_.emplace(term, id);
    if (!inserted && leader->second != id) {
      return fail("election safety: " + leader->second + " and " + id + " both led term " +
                  str(term));
    }
    currentLeaders_[id] = {term, agent.store};
    if (checkedLeaders_.emplace(id, term).second) {
      // A new leader: it must hold everything known committed in its term or before.
      for (Index index = 1; index < committed_.size(); ++index) {
        if (committed_[index].term != 0 && committed_[index].seenInTerm <= term) {
          checkLeaderHas(id, term, *agent.store, index);
        }
      }
    }
  } else {
    currentLeaders_.erase(id);
  }
  // Newly known commits bind every current leader of that term or later. (Leaders only append,
  // so what was checked once stays true while they lead.)
  for (Index index : changed) {
    for (const auto& [leaderId, leader] : currentLeaders_) {
      if (committed_[index].seenInTerm <= leader.term) {
        checkLeaderHas(leaderId, leader.term, *leader.store, index);
      }
    }
  }
}

void SimChecker::checkLogMatching(const std::vector<AgentView>& agents) {
  for (std::size_t a = 0; a < agents.size(); ++a) {
    for (std::size_t b = a + 1; b < agents.size(); ++b) {
      const MemoryLogStore& x = *agents[a].store;
      const MemoryLogStore& y = *agents[b].store;
      const Index lo = std::max(x.firstIndex(), y.firstIndex());
      Index hi = std::min(x.lastIndex(), y.lastIndex());
      while (hi >= lo && x.term(hi) != y.term(hi)) --hi;
      if (hi < lo) continue;
      // Same (index, term) at hi: everything from lo up to hi must be identical.
      const std::vector<Entry> xs = x.entries(lo, hi + 1, hi + 1 - lo);
      const std::vector<Entry> ys = y.entries(lo, hi + 1, hi + 1 - lo);
      if (xs != ys) {
        fail("log matching: " + *agents[a].id + " and " + *agents[b].id + " agree on index " +
             str(hi) + " but differ below it");
        return;
      }
    }
  }
}

}  // namespace tandem::agency::sim
