// Raft::Impl, continued: log replication (follower and leader side), the commit rule,
// proposals and configuration changes, and read index. raft.cpp holds the rest.
#include "agency/raft_impl.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <utility>

namespace tandem::agency {
namespace {

std::uint64_t parseRound(const std::string& context) {
  std::uint64_t round = 0;
  const auto [end, error] = std::from_chars(context.data(), context.data() + context.size(), round);
  if (error != std::errc() || end != context.data() + context.size()) return 0;
  return round;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Replication: follower side

void Raft::Impl::handleAppend(const Message& m) {
  electionElapsed_ = 0;
  lead_ = m.from;
  Message answer = message(MessageType::kAppendResponse, m.from);
  if (m.index < log_.committed()) {
    // Everything up to our commit point matches any leader's log: say so, and let the leader
    // continue from there.
    answer.index = log_.committed();
    send(std::move(answer));
    return;
  }
  if (const std::optional<Index> lastNew = log_.maybeAppend(m.index, m.logTerm, m.entries)) {
    // Only what this message vouched for is known to match the leader: commit no further.
    advanceCommit(std::min(m.commit, *lastNew));
    answer.index = *lastNew;
  } else {
    answer.index = m.index;
    answer.reject = true;
    answer.rejectHint = log_.lastIndex();
  }
  send(std::move(answer));
}

void Raft::Impl::handleHeartbeat(const Message& m) {
  electionElapsed_ = 0;
  lead_ = m.from;
  // m.commit is min(our match, leader commit): entries we acknowledged, hence hold. (The
  // clamp only guards release builds against a broken peer.)
  assert(m.commit <= log_.lastIndex());
  advanceCommit(std::min(m.commit, log_.lastIndex()));
  Message answer = message(MessageType::kHeartbeatResponse, m.from);
  answer.context = m.context;
  send(std::move(answer));
}

void Raft::Impl::handleSnapshot(const Message& m) {
  electionElapsed_ = 0;
  lead_ = m.from;
  if (!m.snapshot || m.snapshot->empty()) return;
  const SnapshotMeta& meta = m.snapshot->meta;
  Message answer = message(MessageType::kAppendResponse, m.from);
  if (meta.index <= log_.committed()) {
    answer.index = log_.committed();
  } else if (log_.matchTerm(meta.index, meta.term)) {
    // Our log already holds the snapshot's last entry: keep the log, just learn the commit.
    advanceCommit(meta.index);
    answer.index = log_.committed();
  } else {
    log_.restore(*m.snapshot);
    config_ = meta.configuration;
    configIndex_ = meta.index;
    answer.index = meta.index;
  }
  send(std::move(answer));
}

// ---------------------------------------------------------------------------------------------
// Replication: leader side

void Raft::Impl::stepLeader(const Message& m) {
  auto it = progress_.find(m.from);
  if (it == progress_.end()) return;  // not (or no longer) a member
  it->second.ticksSinceHeard = 0;
  if (m.type == MessageType::kAppendResponse) {
    handleAppendResponse(m, it->second);
  } else if (m.type == MessageType::kHeartbeatResponse) {
    handleHeartbeatResponse(m, it->second);
  }
}

void Raft::Impl::handleAppendResponse(const Message& m, Progress& pr) {
  if (m.reject) {
    if (pr.maybeDecrTo(m.index, m.rejectHint)) sendAppend(m.from, true);
    return;
  }
  const bool probeConfirmed = pr.state == Progress::State::kProbe && pr.match == m.index;
  if (!pr.maybeUpdate(m.index) && !probeConfirmed) return;
  if (pr.state == Progress::State::kProbe) {
    pr.becomeReplicate();
  } else if (pr.state == Progress::State::kSnapshot && pr.match >= pr.pendingSnapshot) {
    pr.becomeReplicate();
  }
  const AgentId from = m.from;  // `pr` may be gone after a configuration change commits
  commitAndBroadcast();
  if (role_ != Role::kLeader || !progress_.count(from)) return;
  // Stream what the peer still lacks (one append only, if it is still being probed).
  while (sendAppend(from, false)) {
  }
}

void Raft::Impl::handleHeartbeatResponse(const Message& m, Progress& pr) {
  pr.paused = false;
  if (pr.match < log_.lastIndex()) sendAppend(m.from, true);
  if (const std::uint64_t round = parseRound(m.context); round != 0) {
    pr.readAck = std::max(pr.readAck, round);
    releaseReads();
  }
}

bool Raft::Impl::sendAppend(const AgentId& to, bool sendIfEmpty) {
  Progress& pr = progress_.at(to);
  if (pr.isPaused()) return false;
  const Index prevIndex = pr.next - 1;
  const std::optional<Term> prevTerm = log_.term(prevIndex);
  if (!prevTerm || pr.next < log_.firstIndex()) {
    sendSnapshot(to, pr);
    return false;
  }
  std::vector<Entry> entries;
  if (pr.next <= log_.lastIndex()) {
    entries = log_.entries(pr.next, log_.lastIndex() + 1, options_.maxEntriesPerAppend);
  }
  if (entries.empty() && !sendIfEmpty) return false;
  Message m = message(MessageType::kAppend, to);
  m.index = prevIndex;
  m.logTerm = *prevTerm;
  m.commit = log_.committed();
  if (!entries.empty()) {
    if (pr.state == Progress::State::kReplicate) pr.next = entries.back().index + 1;
  }
  if (pr.state == Progress::State::kProbe) pr.paused = true;
  m.entries = std::move(entries);
  send(std::move(m));
  return true;
}

void Raft::Impl::sendSnapshot(const AgentId& to, Progress& pr) {
  const Snapshot& snapshot = log_.snapshot();
  if (snapshot.empty()) return;
  Message m = message(MessageType::kSnapshot, to);
  m.snapshot = snapshot;
  send(std::move(m));
  pr.becomeSnapshot(snapshot.meta.index);
}

void Raft::Impl::bcastAppend() {
  for (const auto& [id, pr] : progress_) sendAppend(id, true);
}

void Raft::Impl::bcastHeartbeat() {
  const std::string context =
      pendingReads_.empty() ? std::string() : std::to_string(pendingReads_.back().round);
  for (const auto& [id, pr] : progress_) {
    Message m = message(MessageType::kHeartbeat, id);
    m.commit = std::min(pr.match, log_.committed());
    m.context = context;
    send(std::move(m));
  }
}

void Raft::Impl::appendEntry(EntryType type, std::string data) {
  Entry entry;
  entry.term = term_;
  entry.index = log_.lastIndex() + 1;
  entry.type = type;
  entry.data = std::move(data);
  log_.append({std::move(entry)});
  bcastAppend();
  commitAndBroadcast();  // a group of one commits at once
}

bool Raft::Impl::maybeCommitOnce() {
  std::vector<Index> matches;
  for (const auto& [id, address] : config_.members) {
    if (id == options_.id) {
      matches.push_back(log_.lastIndex());
    } else if (auto it = progress_.find(id); it != progress_.end()) {
      matches.push_back(it->second.match);
    } else {
      matches.push_back(0);
    }
  }
  if (matches.empty()) return false;
  std::sort(matches.begin(), matches.end(), std::greater<>());
  const Index candidate = matches[config_.quorum() - 1];
  // The commit rule: count replicas only of an entry of the current term. An older entry on a
  // majority can still be overwritten by a leader that never saw it (Raft's Figure 8); it is
  // committed indirectly, by the entry of this term after it.
  if (candidate <= log_.committed() || log_.term(candidate) != term_) return false;
  advanceCommit(candidate);
  return true;
}

void Raft::Impl::commitAndBroadcast() {
  bool advanced = false;
  // Again after each advance: a committed configuration entry may change the quorum.
  while (role_ == Role::kLeader && maybeCommitOnce()) advanced = true;
  if (!advanced) return;
  bcastAppend();  // followers learn the new commit point
  if (log_.committed() >= termStartIndex_ && !deferredReads_.empty()) {
    startReadRound(std::exchange(deferredReads_, {}));
  }
  if (!promotable()) {
    // Our own removal is committed (and the followers were just told): hand over. As a
    // non-member we never campaign again.
    becomeFollower(term_, AgentId());
  }
}

// ---------------------------------------------------------------------------------------------
// Proposals and configuration

Status Raft::Impl::propose(EntryType type, std::string data) {
  if (role_ != Role::kLeader) return Status::error(ErrorCode::kNotLeader);
  if (type == EntryType::kConfChange) pendingConfIndex_ = log_.lastIndex() + 1;
  appendEntry(type, std::move(data));
  return Status::ok();
}

Status Raft::Impl::proposeConfChange(const ConfChange& change) {
  if (role_ != Role::kLeader) return Status::error(ErrorCode::kNotLeader);
  // One change at a time, and only once our own term has committed an entry: then every
  // configuration entry in the log is committed and all agents that count votes or
  // acknowledgements use configurations at most one step apart, whose majorities overlap.
  if (log_.committed() < termStartIndex_ || pendingConfIndex_ > log_.committed()) {
    return Status::error(ErrorCode::kLeadershipChallengeOngoing);
  }
  switch (change.kind) {
    case ConfChange::Kind::kSet:
      return Status::error(ErrorCode::kBadParameter, "kSet is only the bootstrap entry");
    case ConfChange::Kind::kAdd:
      if (change.id.empty() || config_.contains(change.id)) {
        return Status::error(ErrorCode::kBadParameter, "already a member: " + change.id);
      }
      break;
    case ConfChange::Kind::kRemove:
      if (!config_.contains(change.id)) {
        return Status::error(ErrorCode::kBadParameter, "not a member: " + change.id);
      }
      if (config_.members.size() == 1) {
        return Status::error(ErrorCode::kBadParameter, "cannot remove the last member");
      }
      break;
  }
  return propose(EntryType::kConfChange, encodeConfChange(change));
}

void Raft::Impl::advanceCommit(Index index) {
  const Index before = log_.committed();
  if (index <= before) return;
  log_.commitTo(index);
  applyCommittedConfChanges(before + 1, index);
}

void Raft::Impl::applyCommittedConfChanges(Index lo, Index hi) {
  const Configuration before = config_;
  for (Index next = std::max(lo, log_.firstIndex()); next <= hi;) {
    const std::vector<Entry> batch = log_.entries(next, hi + 1, 1024);
    for (const Entry& entry : batch) {
      if (entry.type != EntryType::kConfChange) continue;
      auto change = decodeConfChange(entry.data);
      if (!change) continue;  // only a leader writes these, after validating them
      config_ = applyConfChange(std::move(config_), *change);
      configIndex_ = entry.index;
    }
    next += batch.size();
  }
  if (config_ != before && role_ == Role::kLeader) syncProgress();
}

void Raft::Impl::syncProgress() {
  for (auto it = progress_.begin(); it != progress_.end();) {
    it = config_.contains(it->first) ? std::next(it) : progress_.erase(it);
  }
  for (const auto& [id, address] : config_.members) {
    if (id == options_.id || progress_.count(id)) continue;
    Progress pr;
    pr.next = log_.lastIndex() + 1;
    progress_.emplace(id, pr);
  }
}

Configuration Raft::Impl::configurationAt(Index index) const {
  if (index >= configIndex_) return config_;
  // A committed configuration entry lies after `index`: replay from the stored snapshot.
  const Snapshot& snapshot = store_.snapshot();
  Configuration configuration = snapshot.meta.configuration;
  for (const Entry& entry : log_.entries(snapshot.meta.index + 1, index + 1)) {
    if (entry.type != EntryType::kConfChange) continue;
    if (auto change = decodeConfChange(entry.data)) {
      configuration = applyConfChange(std::move(configuration), *change);
    }
  }
  return configuration;
}

// ---------------------------------------------------------------------------------------------
// Read index

void Raft::Impl::readIndex(std::string context) {
  if (role_ != Role::kLeader) return;
  if (log_.committed() < termStartIndex_) {
    // Until an entry of our term commits we do not know the commit point of earlier leaders.
    deferredReads_.push_back(std::move(context));
    return;
  }
  startReadRound({std::move(context)});
}

void Raft::Impl::startReadRound(std::vector<std::string> contexts) {
  const std::uint64_t round = ++readRound_;
  for (std::string& context : contexts) {
    pendingReads_.push_back({round, std::move(context), log_.committed()});
  }
  releaseReads();  // a group of one needs no answer
  if (!pendingReads_.empty()) bcastHeartbeat();
}

void Raft::Impl::releaseReads() {
  // An answer to round r proves we still led after every request of rounds <= r was made.
  while (!pendingReads_.empty()) {
    const std::uint64_t round = pendingReads_.front().round;
    if (!hasQuorum([&](const AgentId& id) {
          auto it = progress_.find(id);
          return it != progress_.end() && it->second.readAck >= round;
        })) {
      return;
    }
    readStates_.push_back({std::move(pendingReads_.front().context), pendingReads_.front().index});
    pendingReads_.pop_front();
  }
}

}  // namespace tandem::agency
