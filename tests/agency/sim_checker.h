// SimChecker: the Raft invariants, checked by the simulation after every step of every run.
//
//   election safety       at most one leader per term, over the whole run;
//   log matching          two persisted logs with an entry of the same index and term hold the
//                         same entries up to it (checked incrementally at every persist: an
//                         (index, term) pair always names the same entry and the same
//                         predecessor term; and pairwise over all logs by checkLogMatching());
//   leader completeness   an entry that any agent knows committed while in term T is in the log
//                         of every leader of a term >= T;
//   state-machine safety  every agent's applied sequence is a prefix of one global history, and
//                         entries are applied in index order without gaps;
//   monotonicity          an agent's commit index never decreases while it is up; its persisted
//                         term never decreases; it never votes for two agents in one term;
//   read index            a read point is at least every index committed before it was asked.
//
// The first violation is kept (failure()); the simulation stops there and prints it with the
// seed. Single-threaded, like the simulation.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "agency/log_store.h"
#include "agency/raft.h"
#include "agency/raft_types.h"

namespace tandem::agency::sim {

// One agent as the checker sees it: its disk and, while it is up, its Raft.
struct AgentView {
  const AgentId* id;
  const MemoryLogStore* store;
  const Raft* raft;  // null while down
};

class SimChecker {
 public:
  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }
  void fail(const std::string& what);

  // The driver persisted `ready` into `store` (already written).
  void onPersist(const AgentId& id, const MemoryLogStore& store, const Ready& ready);
  // The agent's state machine restarted (crash) or was replaced by a snapshot's contents.
  void onStateMachineReset(const AgentId& id, const std::vector<std::string>& contents);
  // The agent applied `data` as the `position`-th element of its state machine.
  void onApply(const AgentId& id, std::size_t position, const std::string& data);
  // The agent went down (its Raft is gone) or was recreated from its disk.
  void onCrash(const AgentId& id);
  void onRestart(const AgentId& id);
  // A read point answered for a request made when `required` was the highest committed index.
  void onReadState(const AgentId& id, const ReadState& state, Index required);

  // After every step of `agent` (a step changes only the agent that took it): election
  // safety, commit monotonicity, leader completeness.
  void afterStep(const AgentView& agent);
  // Pairwise log matching over the persisted logs (more expensive; run now and then).
  void checkLogMatching(const std::vector<AgentView>& agents);

  // The highest index known committed by anyone so far.
  Index highestCommitted() const { return committed_.empty() ? 0 : committed_.size() - 1; }
  const std::vector<std::string>& history() const { return history_; }

 private:
  struct Committed {
    Term term = 0;  // 0: nothing known at this index
    bool hasData = false;
    EntryType type = EntryType::kNormal;
    std::string data;
    Term seenInTerm = 0;  // lowest term of an agent that knew it committed
  };
  struct LogRecord {
    Term prevTerm;
    EntryType type;
    std::string data;
  };

  // Records that `id` (in term `term`) knows entries up to `commit` committed; returns the
  // indexes whose record is new or now binds more leaders.
  std::vector<Index> registerCommitted(const AgentId& id, Term term, const MemoryLogStore& store,
                                       Index from, Index commit);
  void checkLeaderHas(const AgentId& leader, Term leaderTerm, const MemoryLogStore& store,
                      Index index);

  std::string failure_;
  std::map<Term, AgentId> leaders_;
  std::set<std::pair<AgentId, Term>> checkedLeaders_;
  struct CurrentLeader {
    Term term;
    const MemoryLogStore* store;
  };
  std::map<AgentId, CurrentLeader> currentLeaders_;  // up agents that lead after their last step
  std::map<AgentId, Index> liveCommit_;              // per agent, while up
  std::map<AgentId, Term> persistedTerm_;
  std::map<std::pair<AgentId, Term>, AgentId> votes_;
  std::map<std::pair<Index, Term>, LogRecord> entries_;
  std::vector<Committed> committed_;  // by index; [0] unused
  std::vector<std::string> history_;
};

}  // namespace tandem::agency::sim
