// Wire form of Raft messages between agents: the body of POST /_api/agency_priv/raft.
//
//   {"clusterId":"...","from":"AGNT-...","messages":[{...message...}, ...],"report":{...}?}
//
// "report" is the sending agent's report on the data nodes (supervision/heartbeat.h,
// AgentReport): optional, so that envelopes without one (older agents, agents without a
// heartbeat table yet) still decode; when present its shape is checked like the rest.
//
// Every Message field has a short JSON member; entry and snapshot data are JSON strings (the
// agency's entries are JSON text themselves). decode checks every member's type and refuses
// anything malformed with kBadParameter naming what is wrong — it runs on bytes from the
// network, before any of it reaches the core.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "agency/raft_types.h"
#include "tandem/status.h"

namespace tandem::agency {

struct RaftEnvelope {
  std::string clusterId;
  AgentId from;
  std::vector<Message> messages;  // every message's `from` equals `from`
  boost::json::object report;     // the sender's AgentReport; empty: none
};

std::string encodeEnvelope(const RaftEnvelope& envelope);
Result<RaftEnvelope> decodeEnvelope(std::string_view body);

}  // namespace tandem::agency
