// The values the Raft core (raft.h) takes in and hands out: log entries, messages, hard state,
// snapshots, the configuration and the Ready batch.
//
// Everything here is a plain value type: no clock, socket, file or thread. Agents are named by
// string ids ("AGNT-..."); an agent's address is opaque to the core (the driver dials it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/status.h"

namespace tandem::agency {

using Term = std::uint64_t;
using Index = std::uint64_t;
using AgentId = std::string;

enum class EntryType : std::uint8_t {
  kNormal = 0,      // data is an agency write (the store applies it); empty data = no-op
  kConfChange = 1,  // data is an encoded ConfChange (encodeConfChange)
};

struct Entry {
  Term term = 0;
  Index index = 0;
  EntryType type = EntryType::kNormal;
  std::string data;

  friend bool operator==(const Entry&, const Entry&) = default;
};

// The voting members: id -> address ("tcp://host:port"). Quorum is a strict majority of it.
struct Configuration {
  std::map<AgentId, std::string> members;

  bool contains(const AgentId& id) const { return members.count(id) != 0; }
  std::size_t quorum() const { return members.size() / 2 + 1; }
  friend bool operator==(const Configuration&, const Configuration&) = default;
};

// A membership step. kSet replaces the whole configuration and is only used for the bootstrap
// entry (index 1, term 1) that every initial agent writes identically before it starts; after
// that the leader only proposes kAdd / kRemove, one at a time (single-server changes).
struct ConfChange {
  enum class Kind : std::uint8_t { kSet = 0, kAdd = 1, kRemove = 2 };
  Kind kind = Kind::kAdd;
  AgentId id;                   // kAdd / kRemove
  std::string address;          // kAdd
  Configuration configuration;  // kSet

  friend bool operator==(const ConfChange&, const ConfChange&) = default;
};
// A self-contained text encoding (no JSON dependency); decode rejects anything malformed.
std::string encodeConfChange(const ConfChange& change);
Result<ConfChange> decodeConfChange(std::string_view data);
// The configuration after applying `change` to `configuration`.
Configuration applyConfChange(Configuration configuration, const ConfChange& change);

// Persisted before any message that depends on it is sent.
struct HardState {
  Term term = 0;
  AgentId vote;  // empty = voted for nobody in `term`
  Index commit = 0;

  friend bool operator==(const HardState&, const HardState&) = default;
};

// A compacted prefix of the log: the state machine at `index` plus the configuration in force
// there. index 0 / term 0 with an empty configuration means "no snapshot".
struct SnapshotMeta {
  Index index = 0;
  Term term = 0;
  Configuration configuration;

  friend bool operator==(const SnapshotMeta&, const SnapshotMeta&) = default;
};
struct Snapshot {
  SnapshotMeta meta;
  std::string data;  // AgencyStore::snapshot() text

  bool empty() const { return meta.index == 0; }
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

enum class MessageType : std::uint8_t {
  kPreVote = 0,  // candidate asks "would you vote for me in term+1?" (term not yet raised)
  kPreVoteResponse = 1,
  kVote = 2,
  kVoteResponse = 3,
  kAppend = 4,  // entries (possibly none) after (logTerm, index), with the leader's commit
  kAppendResponse = 5,
  kHeartbeat = 6,  // commit = min(match, leader commit); context = read-index round
  kHeartbeatResponse = 7,
  kSnapshot = 8,  // snapshot carries the leader's snapshot
};
std::string_view messageTypeName(MessageType type);

struct Message {
  MessageType type = MessageType::kAppend;
  AgentId from;
  AgentId to;
  Term term = 0;     // sender's term (for kPreVote: the term it would campaign in)
  Term logTerm = 0;  // kAppend: term of entry `index`; kVote/kPreVote: term of last entry
  Index index = 0;   // kAppend: entry before `entries`; kVote/kPreVote: last index;
                     // kAppendResponse: last index matched (or the rejected index)
  std::vector<Entry> entries;
  Index commit = 0;
  bool reject = false;
  Index rejectHint = 0;  // kAppendResponse with reject: the follower's last index
  std::optional<Snapshot> snapshot;
  std::string context;  // kHeartbeat(Response): read-index round id

  friend bool operator==(const Message&, const Message&) = default;
};

enum class Role : std::uint8_t { kFollower = 0, kPreCandidate = 1, kCandidate = 2, kLeader = 3 };
std::string_view roleName(Role role);

// Volatile state the driver may want to show or react to.
struct SoftState {
  Role role = Role::kFollower;
  AgentId leader;  // empty when unknown

  friend bool operator==(const SoftState&, const SoftState&) = default;
};

// A linearizable read point: once the state machine has applied `index`, a read answered from
// it reflects every write committed before readIndex(context) was called.
struct ReadState {
  std::string context;
  Index index = 0;
};

// One batch of work for the driver. Handle it in this order, then call Raft::advance():
//   1. persist snapshot (if any), entries, hard state — durably, in one transaction;
//      entries may overwrite a suffix: drop stored entries >= entries.front().index first;
//   2. send messages (only now: a vote or an ack must not leave before it is durable);
//   3. install the snapshot into the state machine (if any), then apply committedEntries in order;
//   4. answer read states whose index has been applied.
struct Ready {
  std::optional<SoftState> softState;  // set when role or leader changed
  std::optional<HardState> hardState;  // set when it changed
  std::vector<Entry> entries;          // new or overwriting log entries
  std::optional<Snapshot> snapshot;    // received snapshot to persist and install
  std::vector<Entry> committedEntries;
  std::vector<Message> messages;
  std::vector<ReadState> readStates;

  bool empty() const {
    return !softState && !hardState && entries.empty() && !snapshot && committedEntries.empty() &&
           messages.empty() && readStates.empty();
  }
};

}  // namespace tandem::agency
