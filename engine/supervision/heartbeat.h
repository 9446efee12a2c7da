// The two messages about data nodes that agents handle (engine/supervision/DESIGN.md,
// "Heartbeats" and "Agent reports"), in typed form with their JSON codecs:
//
//   Heartbeat    node -> every agent, the body of POST /_api/agency_priv/heartbeat
//   AgentReport  agent -> agency leader, carried in every Raft envelope ("report")
//
// Parsing runs on bytes from the network: every member's type is checked and anything
// malformed is refused with kBadParameter naming the member. Members not listed are ignored.
//
// Thread-safety: plain values and free functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "supervision/cluster_plan.h"
#include "tandem/status.h"

namespace tandem::supervision {

// The states a node reports; anything else is refused.
inline constexpr std::string_view kNodeStates[] = {"leader",   "follower", "syncing",
                                                   "tryagain", "stopping", "removed"};

// {"id","endpoint","seq","state","applied":{"term","tick"},"leader","leaderTerm","version"}
// id, endpoint and state are required non-empty strings; seq and leaderTerm non-negative
// integers (leaderTerm defaults to 0, seq to 0); applied is required; leader and version are
// optional strings.
struct Heartbeat {
  std::string id;
  std::string endpoint;
  std::uint64_t seq = 0;
  std::string state;
  Position applied;
  std::string leader;             // the leader it follows, "" if none
  std::uint64_t leader_term = 0;  // the term it leads in; 0 unless state is "leader"
  std::string version;

  bool operator==(const Heartbeat&) const = default;
  bool claimsLeadership() const { return state == "leader" && leader_term > 0; }
};

boost::json::object heartbeatToJson(const Heartbeat& heartbeat);
Result<Heartbeat> heartbeatFromJson(const boost::json::value& value);
Result<Heartbeat> parseHeartbeat(std::string_view body);  // kBadParameter for non-JSON too

// One server as one agent sees it.
// {"ageMs":N,"applied":{"term","tick"},"state":S,"leader":S,"fencedTerm":N}
struct ServerReport {
  std::int64_t age_ms = 0;  // since the last heartbeat (or since the agent started)
  Position applied;
  std::string state;   // "" when never heard
  std::string leader;  // "" when never heard or following nobody
  std::uint64_t fenced_term = 0;
  bool operator==(const ServerReport&) const = default;
};

// {"servers":{id:ServerReport},"uptimeMs":N}
struct AgentReport {
  std::map<std::string, ServerReport> servers;
  std::int64_t uptime_ms = 0;
  bool operator==(const AgentReport&) const = default;
};

boost::json::object serverReportToJson(const ServerReport& server);
boost::json::object reportToJson(const AgentReport& report);
Result<AgentReport> reportFromJson(const boost::json::value& value);

}  // namespace tandem::supervision
