// AgencyService: what the HTTP handlers (api/agency_handlers.cpp) ask of the agent running in
// this node. The agency driver (cluster/agency_driver.h) implements it; NodeContext::agency
// points at it when the node runs with --agency.activate true (else it is null and the agency
// routes answer 404).
//
// Every call answers exactly once through its callback, from the driver's own thread, and
// never blocks the caller: handlers pass their Responder along.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "agency/agency_store.h"
#include "agency/raft_codec.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

struct AgencyOutcome {
  // OK; kNotLeader when this agent is not the leader (leaderEndpoint names the leader, or is
  // empty while there is none: HTTP 503); kBadParameter / kForbidden for refused agency_priv
  // messages; kShuttingDown while the driver stops.
  Status status = Status::ok();
  std::string leaderEndpoint;  // "tcp://host:port" of the leader (kNotLeader only)
  // write/transient: {"results":[index-or-0,...]}; read: the array of answers;
  // config/identity: the object. Null for errors.
  boost::json::value body;
  bool preconditionFailed = false;  // write: some transaction's precondition failed (HTTP 412)
};

class AgencyService {
 public:
  using Callback = std::function<void(AgencyOutcome)>;
  virtual ~AgencyService() = default;

  // Replicated write: answered once the entry is committed and applied on this agent
  // (results: the entry's log index for applied transactions, 0 for failed preconditions).
  virtual void write(agency::AgencyWrite write, Callback done) = 0;
  // Linearizable read of the replicated store (read index through the leader).
  virtual void read(std::vector<std::vector<std::string>> queries, Callback done) = 0;
  // Transient store, on any agent (not replicated; results are 1 / 0 per transaction).
  virtual void writeTransient(agency::AgencyWrite write, Callback done) = 0;
  virtual void readTransient(std::vector<std::vector<std::string>> queries, Callback done) = 0;
  // {"term","leaderId","commitIndex","lastAcked":{id:seconds},"configuration":{"pool":{id:
  // endpoint},"active":[ids],"id":myId}} — answered on any agent.
  virtual void config(Callback done) = 0;
  // POST /_api/agency_priv/raft: messages from another agent. Refused (kForbidden) when the
  // cluster id differs or the sender is not a member (unless this agent is still waiting to be
  // added and has no cluster id yet).
  virtual void receive(agency::RaftEnvelope envelope, Callback done) = 0;
  // GET /_api/agency_priv/identity: {"id","endpoint","clusterId","pool":{id:endpoint}} — used
  // by agents forming the agency and by a leader adding a member.
  virtual void identity(Callback done) = 0;
  // POST /_api/agency/members: single-server membership steps, on the leader only (else
  // kNotLeader with the leader's endpoint). addMember asks the agent at `address` for its
  // identity, then proposes adding it; removeMember proposes removing agent `id`. Answered
  // once the change is committed, or kLeadershipChallengeOngoing while another is pending.
  virtual void addMember(std::string address, Callback done) = 0;
  virtual void removeMember(std::string id, Callback done) = 0;
  // POST /_api/agency_priv/heartbeat: a data node's heartbeat (supervision/heartbeat.h),
  // answered on any running agent with {"agent","agencyLeader","appliedIndex","lease","plan",
  // "servers"} (engine/supervision/DESIGN.md, "Heartbeats"). kBadParameter (400) for a body
  // that is not a heartbeat; kHttpServiceUnavailable (503) while the agent forms or after it
  // stopped.
  virtual void heartbeat(std::string body, Callback done) = 0;
};

}  // namespace tandem::node::cluster
