// Raft: the pure consensus core of one agent (in the manner of etcd-io/raft's RawNode).
//
// Inputs: tick(), step(message), propose(data), proposeConfChange(change), readIndex(context).
// Output: a Ready batch (raft_types.h says how to handle it), then advance(). The core holds
// no clock, socket, file or thread: time is the number of tick() calls, randomness comes from
// the injected function, and the durable log is read through a LogStore that only the driver
// writes. Given the same inputs and random numbers it does exactly the same thing, which is
// what makes the seeded simulation replayable.
//
// Protocol choices (the invariants the simulation checks are in tests/agency/):
//  - Pre-vote: a follower whose election timer fires first asks for pre-votes in term+1
//    without raising its term; only with a quorum of pre-votes does it campaign. A node grants
//    a (pre-)vote only if the candidate's log is at least as up to date as its own and it has
//    not heard from a leader within electionTicksMin ticks (so a returning, partitioned node
//    cannot depose a healthy leader).
//  - Check-quorum: a leader that has not heard from a quorum within electionTicksMin ticks
//    steps down.
//  - A new leader appends an empty entry of its term; an entry is committed only by counting
//    replicas of an entry of the current term (earlier terms commit indirectly).
//  - Membership: single-server steps (ConfChange kAdd / kRemove). The configuration in force
//    is the one of the last *committed* configuration entry. The leader refuses a new change
//    while one is uncommitted or before an entry of its own term is committed. A leader that
//    removed itself steps down once the change commits; a non-member never campaigns.
//  - Snapshots: compact(appliedIndex, data) snapshots the driver's state machine; a peer that
//    needs compacted entries gets kSnapshot.
//  - Read index: readIndex(context) on the leader yields a ReadState once a quorum has
//    answered a heartbeat round sent after the call (and an entry of the leader's term is
//    committed). On a non-leader, or if leadership is lost first, the request is dropped.
//
// Thread-safety: none; the driver calls it from one strand.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "agency/log_store.h"
#include "agency/raft_types.h"
#include "tandem/status.h"

namespace tandem::agency {

struct RaftOptions {
  AgentId id;
  // Election timeout: a random number of ticks in [electionTicksMin, electionTicksMax],
  // redrawn at every reset.
  int electionTicksMin = 10;
  int electionTicksMax = 20;
  int heartbeatTicks = 1;  // leader sends heartbeats every this many ticks
  std::size_t maxEntriesPerAppend = 256;
  // Called for every random draw; must be deterministic in tests (seeded).
  std::function<std::uint64_t()> random;
};

// What the leader knows about one peer's log (for /_api/agency/config and tests).
struct PeerProgress {
  Index match = 0;
  Index next = 0;
  std::uint64_t ticksSinceHeard = 0;  // ticks since the last message from this peer
};

class Raft {
 public:
  // Restores from `log`: hard state, snapshot and the configuration in force (snapshot
  // configuration + committed configuration entries). Starts as a follower. `log` must outlive
  // the Raft. An agent whose configuration does not contain it stays a passive follower until
  // a leader adds it.
  Raft(RaftOptions options, const LogStore& log);
  ~Raft();
  Raft(const Raft&) = delete;
  Raft& operator=(const Raft&) = delete;

  void tick();
  // Any message addressed to this agent; stale or foreign ones are ignored (OK).
  // kBadParameter for a message not addressed to this agent.
  Status step(const Message& message);
  // Appends a normal entry (leader only). kNotLeader otherwise. The entry's index is
  // lastIndex() after the call.
  Status propose(std::string data);
  // Leader only; kNotLeader, or kLeadershipChallengeOngoing when a change is pending or the
  // leader has not committed an entry of its term yet, or kBadParameter for a change that
  // would not change membership (adding a member, removing a non-member, removing the last).
  Status proposeConfChange(const ConfChange& change);
  // Requests a linearizable read point (see top).
  void readIndex(std::string context);

  bool hasReady() const;
  // The pending batch. Call advance() after handling it, before the next ready().
  Ready ready();
  void advance();

  // Replaces the log prefix up to `appliedIndex` (<= the last applied index handed out and
  // advanced) by a snapshot of the state machine, `data`. Returns the snapshot for the driver
  // to pass to LogStore::compact().
  Result<Snapshot> compact(Index appliedIndex, std::string data);

  // --- introspection ---
  const AgentId& id() const;
  Role role() const;
  Term term() const;
  const AgentId& leader() const;  // empty when unknown
  Index commitIndex() const;
  Index lastIndex() const;  // including not yet persisted entries
  const Configuration& configuration() const;
  std::map<AgentId, PeerProgress> progress() const;  // leader: every member but itself

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::agency
