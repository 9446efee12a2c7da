// AgencyDriver::Impl, the requests: writes, reads, the transient store, Raft messages from
// other agents and membership changes, and the views of the agent's state (config, identity,
// addresses). Everything here runs on the driver's thread (agency_driver_impl.h).
#include <algorithm>
#include <utility>

#include "cluster/agency_driver_impl.h"
#include "log.h"

namespace tandem::node::cluster {
namespace json = boost::json;
using agency::AgentId;
using agency::ConfChange;
using agency::Configuration;
using agency::Index;
using agency::Role;
using agency_detail::Clock;
using agency_detail::failure;
using agency_detail::kTopic;
using agency_detail::outcomeUnknown;
using agency_detail::shuttingDown;

// ---------------------------------------------------------------------------------------------
// Operations

void AgencyDriver::Impl::expireDeadlines(Clock::time_point now) {
  for (auto it = proposals_.begin(); it != proposals_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    Callback done = std::move(it->second.done);
    it = proposals_.erase(it);
    done(failure(outcomeUnknown("it was not applied in time")));
  }
  for (auto it = reads_.begin(); it != reads_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    Callback done = std::move(it->second.done);
    it = reads_.erase(it);
    done(failure(Status::error(ErrorCode::kNotLeader,
                               "a majority of agents did not confirm the read in time")));
  }
}

void AgencyDriver::Impl::track(Index index, Proposal proposal) {
  // Our own new entry replaced an older one at this index: that one will never apply.
  if (auto it = proposals_.find(index); it != proposals_.end()) {
    Callback done = std::move(it->second.done);
    proposals_.erase(it);
    done(failure(outcomeUnknown("another leader's entry took its place")));
  }
  proposals_.emplace(index, std::move(proposal));
}

void AgencyDriver::Impl::doWrite(agency::AgencyWrite write, Callback done) {
  if (!isLeader() || phase_ != Phase::kRunning) {
    done(notLeader());
    return;
  }
  if (Status status = raft_->propose(agency::AgencyStore::serialize(write)); !status) {
    done(notLeader());
    return;
  }
  track(raft_->lastIndex(),
        Proposal{raft_->term(), Clock::now() + options_.write_timeout, std::move(done), {}});
  requestReady();
}

void AgencyDriver::Impl::doRead(std::vector<std::vector<std::string>> queries, Callback done) {
  if (!isLeader() || phase_ != Phase::kRunning) {
    done(notLeader());
    return;
  }
  std::string context = "read-" + std::to_string(++next_read_);
  reads_.emplace(context, PendingRead{std::move(queries), std::move(done),
                                      Clock::now() + options_.read_timeout, std::nullopt});
  raft_->readIndex(std::move(context));
  requestReady();
}

void AgencyDriver::Impl::doTransient(const agency::AgencyWrite& write, Callback done) {
  AgencyOutcome outcome;
  json::array values;
  for (const bool applied : transient_.apply(write)) {
    values.emplace_back(applied ? 1 : 0);
    if (!applied) outcome.preconditionFailed = true;
  }
  outcome.body = json::object{{"results", std::move(values)}};
  done(std::move(outcome));
}

void AgencyDriver::Impl::doReceive(agency::RaftEnvelope envelope, Callback done) {
  if (phase_ != Phase::kRunning) {
    done(failure(phase_ == Phase::kHalted
                     ? halt_status_
                     : Status::error(ErrorCode::kHttpServiceUnavailable,
                                     "this agent is still looking for the others", 503)));
    return;
  }
  if (Status refusal = admit(envelope); !refusal) {
    std::uint64_t suppressed = 0;
    if (refusals_.allow(suppressed)) {
      Log::warn(kTopic, "refused messages from an agent",
                {{"agent", agent_id_},
                 {"from", envelope.from},
                 {"cluster_id", envelope.clusterId},
                 {"reason", refusal.message()},
                 {"suppressed", suppressed}});
    }
    done(failure(std::move(refusal)));
    return;
  }
  last_heard_[envelope.from] = Clock::now();
  noteReport(envelope);
  for (const agency::Message& message : envelope.messages) {
    if (Status status = raft_->step(message); !status) {
      Log::debug(kTopic, "ignored a message",
                 {{"agent", agent_id_}, {"from", envelope.from}, {"error", status.message()}});
    }
  }
  requestReady();
  done(AgencyOutcome{});
}

// Whether an envelope may reach the core (see agency_service.h). An agent without a
// configuration (waiting to be added) takes the cluster id of the first leader that
// replicates to it.
Status AgencyDriver::Impl::admit(const agency::RaftEnvelope& envelope) {
  const std::string& ours = log_->clusterId();
  if (!ours.empty() && envelope.clusterId != ours) {
    return Status::error(ErrorCode::kForbidden, "cluster id '" + envelope.clusterId +
                                                    "' is not this agency's ('" + ours + "')");
  }
  const Configuration& configuration = raft_->configuration();
  if (!configuration.members.empty()) {
    if (!configuration.contains(envelope.from)) {
      return Status::error(ErrorCode::kForbidden,
                           "agent '" + envelope.from + "' is not a member of this agency");
    }
    return Status::ok();
  }
  const bool replicates = std::any_of(envelope.messages.begin(), envelope.messages.end(),
                                      [](const agency::Message& message) {
                                        return message.type == agency::MessageType::kAppend ||
                                               message.type == agency::MessageType::kSnapshot;
                                      });
  if (ours.empty() && !envelope.clusterId.empty() && replicates) {
    if (Status status = log_->setClusterId(envelope.clusterId); !status) return status;
    transport_->setClusterId(envelope.clusterId);
    Log::info(
        kTopic, "added to the agency: its leader replicates to this agent",
        {{"agent", agent_id_}, {"cluster_id", envelope.clusterId}, {"leader", envelope.from}});
  }
  return Status::ok();
}

void AgencyDriver::Impl::doAddMember(std::string address, Callback done) {
  if (!isLeader() || phase_ != Phase::kRunning) {
    done(notLeader());
    return;
  }
  transport_->fetchIdentity(address, [this,
                                      done = std::move(done)](Result<json::value> answer) mutable {
    if (phase_ == Phase::kStopped) {
      done(failure(shuttingDown()));
      return;
    }
    if (!answer) {
      done(failure(answer.status()));
      return;
    }
    auto identity = parseIdentity(*answer);
    if (!identity) {
      done(failure(identity.status()));
      return;
    }
    if (!identity->cluster_id.empty() && identity->cluster_id != log_->clusterId()) {
      done(failure(Status::error(ErrorCode::kBadParameter, "the agent at " + identity->endpoint +
                                                               " belongs to another agency (" +
                                                               identity->cluster_id + ")")));
      return;
    }
    ConfChange change;
    change.kind = ConfChange::Kind::kAdd;
    change.id = identity->id;
    change.address = identity->endpoint;
    proposeChange(std::move(change), std::move(done));
  });
}

void AgencyDriver::Impl::proposeChange(ConfChange change, Callback done) {
  if (!isLeader() || phase_ != Phase::kRunning) {
    done(notLeader());
    return;
  }
  if (Status status = raft_->proposeConfChange(change); !status) {
    done(status.code() == ErrorCode::kNotLeader ? notLeader() : failure(std::move(status)));
    return;
  }
  Log::info(kTopic, "proposed a membership change",
            {{"agent", agent_id_},
             {"change", change.kind == ConfChange::Kind::kAdd ? "add" : "remove"},
             {"member", change.id},
             {"address", change.address}});
  track(raft_->lastIndex(), Proposal{raft_->term(), Clock::now() + options_.write_timeout,
                                     std::move(done), std::move(change)});
  requestReady();
}

// ---------------------------------------------------------------------------------------------
// Views

AgencyOutcome AgencyDriver::Impl::notLeader() const {
  if (phase_ == Phase::kHalted) return failure(halt_status_);
  if (phase_ == Phase::kStopped) return failure(shuttingDown());
  if (!raft_) {
    return failure(Status::error(ErrorCode::kNotLeader, "the agency is still forming"));
  }
  const AgentId& leader = raft_->leader();
  if (leader.empty() || leader == agent_id_) {
    return failure(Status::error(ErrorCode::kNotLeader, "the agency has no leader at the moment"));
  }
  return failure(Status::error(ErrorCode::kNotLeader, "this agent is not the agency leader"),
                 addressOf(leader));
}

std::string AgencyDriver::Impl::addressOf(const AgentId& id) const {
  if (raft_) {
    const auto& members = raft_->configuration().members;
    if (auto it = members.find(id); it != members.end()) return it->second;
  }
  auto it = address_book_.find(id);
  return it == address_book_.end() ? std::string() : it->second;
}

void AgencyDriver::Impl::learnAddresses() {
  if (discovery_) {
    for (const auto& [id, address] : discovery_->addressBook()) address_book_[id] = address;
  }
  if (raft_) {
    for (const auto& [id, address] : raft_->configuration().members) address_book_[id] = address;
  }
  address_book_[agent_id_] = options_.my_address;
}

// The agents this one knows: the configuration once it has one; while forming, those found so
// far; while waiting to be added, every address learned (so that others find the agency).
std::map<AgentId, std::string> AgencyDriver::Impl::pool() const {
  if (raft_ && !raft_->configuration().members.empty()) return raft_->configuration().members;
  if (phase_ == Phase::kForming && discovery_) return discovery_->known();
  return address_book_;
}

json::object AgencyDriver::Impl::configurationJson() const {
  json::object pool_json;
  for (const auto& [id, address] : pool()) pool_json[id] = address;
  json::array active;
  if (raft_) {
    for (const auto& [id, address] : raft_->configuration().members) active.emplace_back(id);
  }
  return json::object{
      {"pool", std::move(pool_json)}, {"active", std::move(active)}, {"id", agent_id_}};
}

std::string AgencyDriver::Impl::roleText() const {
  switch (phase_) {
    case Phase::kIdle:
    case Phase::kForming:
      return "forming";
    case Phase::kHalted:
    case Phase::kStopped:
      return "stopped";
    case Phase::kRunning:
      break;
  }
  if (!raft_->configuration().contains(agent_id_)) return "waiting";
  switch (raft_->role()) {
    case Role::kLeader:
      return "leader";
    case Role::kFollower:
      return "follower";
    case Role::kPreCandidate:
    case Role::kCandidate:
      return "candidate";
  }
  return "follower";
}

json::object AgencyDriver::Impl::configBody() const {
  const auto now = Clock::now();
  json::object last_acked;
  for (const auto& [id, when] : last_heard_) {
    if (raft_ && !raft_->configuration().members.empty() && !raft_->configuration().contains(id)) {
      continue;
    }
    last_acked[id] = std::chrono::duration<double>(now - when).count();
  }
  last_acked[agent_id_] = 0.0;
  json::object body;
  body["term"] = raft_ ? raft_->term() : log_->hardState().term;
  body["leaderId"] = raft_ ? raft_->leader() : AgentId();
  body["commitIndex"] = raft_ ? raft_->commitIndex() : Index{0};
  body["appliedIndex"] = applied_;
  body["role"] = roleText();
  body["lastAcked"] = std::move(last_acked);
  body["configuration"] = configurationJson();
  return body;
}

}  // namespace tandem::node::cluster
