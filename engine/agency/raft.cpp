// Raft: the protocol. raft.h states the choices; this file and raft_replication.cpp state why
// each rule is there. Here: construction, the Ready cycle, time, dispatch, roles, elections.
//
// Roles and what moves between them:
//   follower --(election timer, member)--> pre-candidate --(quorum of pre-votes)--> candidate
//   candidate --(quorum of votes)--> leader
//   any --(message of a higher term, not a (pre-)vote ignored under lease)--> follower
//   leader --(no quorum heard within electionTicksMin, or own removal committed)--> follower
//
// State kept across restarts is exactly the LogStore: hard state (term, vote, commit), the
// snapshot and the entries. After a restart the core starts as a follower with applied = the
// snapshot index, so the committed entries after the snapshot are handed out again: the driver
// rebuilds its state machine from LogStore::snapshot() before handling the first Ready.
//
// The bootstrap entry (index 1, term 1, ConfChange kSet) is written identically by every
// initial agent before it starts, so it is committed by construction: the core treats it as
// committed even if the stored hard state says commit 0, and treats term 1 as reached.
#include "agency/raft.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "agency/raft_impl.h"

namespace tandem::agency {
namespace {

bool isVoteRequest(MessageType type) {
  return type == MessageType::kVote || type == MessageType::kPreVote;
}

bool isFromLeader(MessageType type) {
  return type == MessageType::kAppend || type == MessageType::kHeartbeat ||
         type == MessageType::kSnapshot;
}

bool isBootstrapEntry(const Entry& entry) {
  if (entry.index != 1 || entry.term != 1 || entry.type != EntryType::kConfChange) return false;
  auto change = decodeConfChange(entry.data);
  return change && change->kind == ConfChange::Kind::kSet;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Construction and the Ready cycle

Raft::Impl::Impl(RaftOptions options, const LogStore& store)
    : options_(std::move(options)), store_(store), log_(store) {
  assert(options_.electionTicksMin > 0 && options_.electionTicksMax >= options_.electionTicksMin);
  assert(options_.heartbeatTicks > 0);
  fallbackRandom_ = std::hash<std::string>{}(options_.id);
  const HardState hs = store.hardState();
  term_ = hs.term;
  vote_ = hs.vote;
  const Snapshot& snapshot = store.snapshot();
  config_ = snapshot.meta.configuration;
  configIndex_ = snapshot.meta.index;

  Index commit = std::max(hs.commit, snapshot.meta.index);
  if (store.firstIndex() == 1 && store.lastIndex() >= 1 &&
      isBootstrapEntry(store.entries(1, 2, 1).front())) {
    commit = std::max<Index>(commit, 1);
    if (term_ == 0) term_ = 1;
  }
  commit = std::min(commit, log_.lastIndex());
  log_.commitTo(commit);
  applyCommittedConfChanges(snapshot.meta.index + 1, commit);

  prevSoft_ = softState();
  prevHard_ = hs;
  resetElectionTimer();
}

bool Raft::Impl::hasReady() const {
  // Field by field rather than through softState()/hardState(): this runs after every input.
  const bool softChanged = role_ != prevSoft_.role || lead_ != prevSoft_.leader;
  const bool hardChanged =
      term_ != prevHard_.term || vote_ != prevHard_.vote || log_.committed() != prevHard_.commit;
  return softChanged || hardChanged || !log_.unstableEntries().empty() || log_.unstableSnapshot() ||
         log_.hasNextCommitted() || !msgs_.empty() || !readStates_.empty();
}

Ready Raft::Impl::ready() {
  assert(!readyOutstanding_ && "advance() the previous Ready first");
  Ready rd;
  if (softState() != prevSoft_) rd.softState = prevSoft_ = softState();
  if (hardState() != prevHard_) rd.hardState = prevHard_ = hardState();
  rd.entries = log_.unstableEntries();
  rd.snapshot = log_.unstableSnapshot();
  rd.committedEntries = log_.nextCommitted();
  rd.messages = std::move(msgs_);
  msgs_.clear();
  rd.readStates = std::move(readStates_);
  readStates_.clear();

  readyOutstanding_ = true;
  handedIndex_ = rd.entries.empty() ? 0 : rd.entries.back().index;
  handedTerm_ = rd.entries.empty() ? 0 : rd.entries.back().term;
  handedSnapshot_ = rd.snapshot ? rd.snapshot->meta.index : 0;
  handedApplied_ = rd.committedEntries.empty() ? 0 : rd.committedEntries.back().index;
  return rd;
}

void Raft::Impl::advance() {
  if (!readyOutstanding_) return;
  readyOutstanding_ = false;
  if (handedSnapshot_ != 0) {
    log_.stableSnapshotTo(handedSnapshot_);
    log_.appliedTo(handedSnapshot_);
  }
  if (handedIndex_ != 0) log_.stableTo(handedIndex_, handedTerm_);
  if (handedApplied_ != 0) log_.appliedTo(handedApplied_);
}

Result<Snapshot> Raft::Impl::compact(Index appliedIndex, std::string data) {
  if (appliedIndex > log_.applied()) {
    return Status::error(ErrorCode::kBadParameter, "compaction beyond the applied index");
  }
  if (appliedIndex <= store_.snapshot().meta.index || log_.unstableSnapshot()) {
    return Status::error(ErrorCode::kBadParameter, "already compacted");
  }
  const std::optional<Term> term = log_.term(appliedIndex);
  if (!term) return Status::error(ErrorCode::kBadParameter, "compaction index not in the log");
  Snapshot snapshot;
  snapshot.meta.index = appliedIndex;
  snapshot.meta.term = *term;
  snapshot.meta.configuration = configurationAt(appliedIndex);
  snapshot.data = std::move(data);
  return snapshot;
}

// ---------------------------------------------------------------------------------------------
// Time

void Raft::Impl::tick() {
  if (role_ == Role::kLeader) {
    tickLeader();
    return;
  }
  // Capped so that a non-member, which never campaigns, cannot overflow it.
  if (electionElapsed_ < randomizedTimeout_) ++electionElapsed_;
  if (electionElapsed_ >= randomizedTimeout_ && promotable()) becomePreCandidate();
}

void Raft::Impl::tickLeader() {
  ++heartbeatElapsed_;
  for (auto& [id, pr] : progress_) {
    ++pr.ticksSinceHeard;
    // No transport reports a lost snapshot: presume it lost after an election timeout and
    // probe again (which sends a fresh one if the peer still needs it).
    if (pr.state == Progress::State::kSnapshot && ++pr.snapshotTicks >= options_.electionTicksMin) {
      pr.becomeProbe();
    }
  }
  // Check-quorum: a leader cut off from a majority stops acting as one, so that the majority's
  // new leader is the only one clients can reach, and its lease on followers (inLease) is real.
  const auto heardRecently = [this](const AgentId& id) {
    auto it = progress_.find(id);
    return it != progress_.end() &&
           it->second.ticksSinceHeard < static_cast<std::uint64_t>(options_.electionTicksMin);
  };
  if (!hasQuorum(heardRecently)) {
    becomeFollower(term_, AgentId());
    return;
  }
  if (heartbeatElapsed_ >= options_.heartbeatTicks) {
    heartbeatElapsed_ = 0;
    bcastHeartbeat();
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

Status Raft::Impl::step(const Message& m) {
  if (m.to != options_.id) {
    return Status::error(ErrorCode::kBadParameter, "message addressed to another agent");
  }
  if (m.from == options_.id || m.from.empty()) return Status::ok();

  if (m.term > term_) {
    // Under lease (we heard from a leader within electionTicksMin, or we are that leader) a
    // vote request is ignored outright, without adopting its term: this is what keeps a node
    // that was partitioned away, or removed, from deposing a leader the majority still hears.
    if (isVoteRequest(m.type) && inLease()) return Status::ok();
    if (m.type == MessageType::kPreVote) {
      // A pre-vote never changes anyone's term.
    } else if (m.type == MessageType::kPreVoteResponse && !m.reject) {
      // A granted pre-vote carries the term we would campaign in, not a term anyone holds.
    } else {
      becomeFollower(m.term, isFromLeader(m.type) ? m.from : AgentId());
    }
  } else if (m.term < term_) {
    if (m.type == MessageType::kAppend || m.type == MessageType::kHeartbeat) {
      // A stale leader (it may have been partitioned away): tell it our term so it steps down.
      // Without this, pre-vote could leave the cluster stuck: it ignores our higher term and we
      // ignore its appends.
      send(message(MessageType::kAppendResponse, m.from));
    } else if (m.type == MessageType::kPreVote) {
      Message reject = message(MessageType::kPreVoteResponse, m.from);
      reject.reject = true;
      send(std::move(reject));
    }
    return Status::ok();
  }

  if (isVoteRequest(m.type)) {
    handleVoteRequest(m);
    return Status::ok();
  }
  if ((role_ == Role::kPreCandidate || role_ == Role::kCandidate) && isFromLeader(m.type)) {
    becomeFollower(term_, m.from);  // someone won this term: follow it
  }
  switch (role_) {
    case Role::kLeader:
      stepLeader(m);
      break;
    case Role::kPreCandidate:
    case Role::kCandidate:
      handleVoteResponse(m);
      break;
    case Role::kFollower:
      if (m.type == MessageType::kAppend) {
        handleAppend(m);
      } else if (m.type == MessageType::kHeartbeat) {
        handleHeartbeat(m);
      } else if (m.type == MessageType::kSnapshot) {
        handleSnapshot(m);
      }
      break;
  }
  return Status::ok();
}

Message Raft::Impl::message(MessageType type, const AgentId& to) const {
  Message m;
  m.type = type;
  m.from = options_.id;
  m.to = to;
  m.term = term_;
  return m;
}

void Raft::Impl::send(Message m) { msgs_.push_back(std::move(m)); }

std::uint64_t Raft::Impl::random() {
  if (options_.random) return options_.random();
  // Deterministic fallback (splitmix64) so that a missing source is not undefined behaviour.
  std::uint64_t z = (fallbackRandom_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// ---------------------------------------------------------------------------------------------
// Roles

void Raft::Impl::resetElectionTimer() {
  electionElapsed_ = 0;
  const auto span =
      static_cast<std::uint64_t>(options_.electionTicksMax - options_.electionTicksMin + 1);
  randomizedTimeout_ = options_.electionTicksMin + static_cast<int>(random() % span);
}

bool Raft::Impl::inLease() const {
  return !lead_.empty() && (role_ == Role::kLeader || electionElapsed_ < options_.electionTicksMin);
}

void Raft::Impl::becomeFollower(Term term, AgentId lead) {
  if (term != term_) {
    assert(term > term_);
    term_ = term;
    vote_.clear();
  }
  role_ = Role::kFollower;
  lead_ = std::move(lead);
  votes_.clear();
  progress_.clear();
  pendingReads_.clear();
  deferredReads_.clear();
  resetElectionTimer();
}

void Raft::Impl::becomePreCandidate() {
  // Neither term nor vote changes: a pre-campaign that fails leaves no trace, so a node that
  // cannot win (partitioned, or with a stale log) never forces the others to a higher term.
  role_ = Role::kPreCandidate;
  lead_.clear();
  votes_.clear();
  progress_.clear();
  resetElectionTimer();
  votes_[options_.id] = true;
  requestVotes(MessageType::kPreVote, term_ + 1);
  if (wonVote()) becomeCandidate();
}

void Raft::Impl::becomeCandidate() {
  role_ = Role::kCandidate;
  ++term_;
  vote_ = options_.id;
  lead_.clear();
  votes_.clear();
  resetElectionTimer();
  votes_[options_.id] = true;
  requestVotes(MessageType::kVote, term_);
  if (wonVote()) becomeLeader();
}

void Raft::Impl::becomeLeader() {
  role_ = Role::kLeader;
  lead_ = options_.id;
  votes_.clear();
  heartbeatElapsed_ = 0;
  progress_.clear();
  syncProgress();
  // The empty entry of the new term: only entries of the current term are committed by
  // counting, so without it entries of earlier terms could wait for the next client write.
  termStartIndex_ = log_.lastIndex() + 1;
  pendingConfIndex_ = 0;
  appendEntry(EntryType::kNormal, std::string());
}

// ---------------------------------------------------------------------------------------------
// Elections

void Raft::Impl::requestVotes(MessageType type, Term term) {
  for (const auto& [id, address] : config_.members) {
    if (id == options_.id) continue;
    Message m = message(type, id);
    m.term = term;
    m.index = log_.lastIndex();
    m.logTerm = log_.lastTerm();
    send(std::move(m));
  }
}

void Raft::Impl::handleVoteRequest(const Message& m) {
  const bool preVote = m.type == MessageType::kPreVote;
  // One vote per term: only for the one we voted for already, or, if we voted for nobody and
  // follow nobody in this term, for anyone. A pre-vote for a later term commits us to nothing.
  const bool canVote =
      vote_ == m.from || (vote_.empty() && lead_.empty()) || (preVote && m.term > term_);
  Message answer =
      message(preVote ? MessageType::kPreVoteResponse : MessageType::kVoteResponse, m.from);
  if (canVote && log_.isUpToDate(m.index, m.logTerm)) {
    answer.term = m.term;
    if (!preVote) {
      vote_ = m.from;  // persisted (hard state) before the answer leaves
      electionElapsed_ = 0;
    }
  } else {
    answer.reject = true;
  }
  send(std::move(answer));
}

void Raft::Impl::handleVoteResponse(const Message& m) {
  const MessageType expected =
      role_ == Role::kPreCandidate ? MessageType::kPreVoteResponse : MessageType::kVoteResponse;
  if (m.type != expected) return;
  votes_.emplace(m.from, !m.reject);  // the first answer of a voter counts
  if (wonVote()) {
    if (role_ == Role::kPreCandidate) {
      becomeCandidate();
    } else {
      becomeLeader();
    }
  } else if (!hasQuorum([this](const AgentId& id) {
               auto it = votes_.find(id);
               return it == votes_.end() || it->second;
             })) {
    becomeFollower(term_, AgentId());  // lost: wait for a leader or the next timeout
  }
}

bool Raft::Impl::wonVote() const {
  return hasQuorum([this](const AgentId& id) {
    auto it = votes_.find(id);
    return it != votes_.end() && it->second;
  });
}

bool Raft::Impl::hasQuorum(const std::function<bool(const AgentId&)>& acked) const {
  // The agent counts for itself (its own vote, its own log, its own read round) if it is a
  // member; a non-member counts only others.
  std::size_t count = 0;
  for (const auto& [id, address] : config_.members) {
    if (id == options_.id || acked(id)) ++count;
  }
  return !config_.members.empty() && count >= config_.quorum();
}

// ---------------------------------------------------------------------------------------------
// Raft

Raft::Raft(RaftOptions options, const LogStore& log)
    : impl_(std::make_unique<Impl>(std::move(options), log)) {}
Raft::~Raft() = default;

void Raft::tick() { impl_->tick(); }
Status Raft::step(const Message& message) { return impl_->step(message); }
Status Raft::propose(std::string data) {
  return impl_->propose(EntryType::kNormal, std::move(data));
}
Status Raft::proposeConfChange(const ConfChange& change) {
  return impl_->proposeConfChange(change);
}
void Raft::readIndex(std::string context) { impl_->readIndex(std::move(context)); }
bool Raft::hasReady() const { return impl_->hasReady(); }
Ready Raft::ready() { return impl_->ready(); }
void Raft::advance() { impl_->advance(); }
Result<Snapshot> Raft::compact(Index appliedIndex, std::string data) {
  return impl_->compact(appliedIndex, std::move(data));
}

const AgentId& Raft::id() const { return impl_->options_.id; }
Role Raft::role() const { return impl_->role_; }
Term Raft::term() const { return impl_->term_; }
const AgentId& Raft::leader() const { return impl_->lead_; }
Index Raft::commitIndex() const { return impl_->log_.committed(); }
Index Raft::lastIndex() const { return impl_->log_.lastIndex(); }
const Configuration& Raft::configuration() const { return impl_->config_; }

std::map<AgentId, PeerProgress> Raft::progress() const {
  std::map<AgentId, PeerProgress> out;
  if (impl_->role_ != Role::kLeader) return out;
  for (const auto& [id, pr] : impl_->progress_) out[id] = {pr.match, pr.next, pr.ticksSinceHeard};
  return out;
}

}  // namespace tandem::agency
