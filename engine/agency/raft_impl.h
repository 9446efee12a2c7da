// Raft::Impl: the state and the steps of the Raft core, shared by its two sources —
// raft.cpp (construction, the Ready cycle, time, message dispatch, roles and elections) and
// raft_replication.cpp (log replication, commit, configuration changes and read index).
// Private to the core: nothing outside engine/agency/raft*.cpp includes it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agency/raft.h"
#include "agency/raft_log.h"
#include "agency/raft_progress.h"

namespace tandem::agency {

struct Raft::Impl {
  Impl(RaftOptions options, const LogStore& store);

  // --- inputs ---
  void tick();
  Status step(const Message& m);
  Status propose(EntryType type, std::string data);
  Status proposeConfChange(const ConfChange& change);
  void readIndex(std::string context);

  // --- Ready ---
  SoftState softState() const { return {role_, lead_}; }
  HardState hardState() const { return {term_, vote_, log_.committed()}; }
  bool hasReady() const;
  Ready ready();
  void advance();
  Result<Snapshot> compact(Index appliedIndex, std::string data);

  // --- role changes ---
  void becomeFollower(Term term, AgentId lead);
  void becomePreCandidate();
  void becomeCandidate();
  void becomeLeader();
  void resetElectionTimer();
  bool promotable() const { return config_.contains(options_.id); }
  bool inLease() const;

  // --- elections ---
  void requestVotes(MessageType type, Term term);
  void handleVoteRequest(const Message& m);
  void handleVoteResponse(const Message& m);
  bool wonVote() const;

  // --- replication, follower side ---
  void handleAppend(const Message& m);
  void handleHeartbeat(const Message& m);
  void handleSnapshot(const Message& m);

  // --- replication, leader side ---
  void tickLeader();
  void stepLeader(const Message& m);
  void handleAppendResponse(const Message& m, Progress& pr);
  void handleHeartbeatResponse(const Message& m, Progress& pr);
  bool sendAppend(const AgentId& to, bool sendIfEmpty);
  void sendSnapshot(const AgentId& to, Progress& pr);
  void bcastAppend();
  void bcastHeartbeat();
  void appendEntry(EntryType type, std::string data);
  bool maybeCommitOnce();
  void commitAndBroadcast();

  // --- configuration ---
  void advanceCommit(Index index);
  void applyCommittedConfChanges(Index lo, Index hi);
  void syncProgress();
  Configuration configurationAt(Index index) const;

  // --- read index ---
  void startReadRound(std::vector<std::string> contexts);
  void releaseReads();
  bool hasQuorum(const std::function<bool(const AgentId&)>& acked) const;

  void send(Message m);
  Message message(MessageType type, const AgentId& to) const;
  std::uint64_t random();

  RaftOptions options_;
  const LogStore& store_;
  RaftLog log_;

  Term term_ = 0;
  AgentId vote_;
  AgentId lead_;
  Role role_ = Role::kFollower;
  Configuration config_;   // from the last committed configuration entry (or the snapshot)
  Index configIndex_ = 0;  // index of that entry

  int electionElapsed_ = 0;
  int heartbeatElapsed_ = 0;
  int randomizedTimeout_ = 0;
  std::uint64_t fallbackRandom_ = 0;

  std::map<AgentId, bool> votes_;         // (pre-)candidate: answers of this campaign
  std::map<AgentId, Progress> progress_;  // leader: every member but itself
  Index termStartIndex_ = 0;              // leader: its empty entry of this term
  Index pendingConfIndex_ = 0;            // leader: its last configuration entry

  struct PendingRead {
    std::uint64_t round;
    std::string context;
    Index index;
  };
  std::deque<PendingRead> pendingReads_;    // rounds in increasing order
  std::vector<std::string> deferredReads_;  // until an entry of this term commits
  std::uint64_t readRound_ = 0;             // never reused, across terms
  std::vector<ReadState> readStates_;

  std::vector<Message> msgs_;

  // What the last ready() handed out, for advance().
  SoftState prevSoft_;
  HardState prevHard_;
  bool readyOutstanding_ = false;
  Index handedIndex_ = 0;
  Term handedTerm_ = 0;
  Index handedSnapshot_ = 0;
  Index handedApplied_ = 0;
};

}  // namespace tandem::agency
