// AgencyDiscovery: how a new agent finds the others and decides whether it forms the agency,
// joins one that has formed already, or keeps waiting — pure decisions, no sockets.
//
// The driver asks every address in addressesToAsk() for its identity (GET
// /_api/agency_priv/identity), every 200 ms, and feeds each answer to onIdentity(), which says
// what to do:
//  - kForm: exactly `size` distinct agents (this one included) have answered, none belongs to
//    an agency yet, and every --agency.endpoint has answered at least once: the initial
//    configuration is those agents (id -> the address each reports for itself). Every agent
//    that sees the same agents computes the same configuration and the same cluster id, so
//    they all write the same bootstrap entry.
//    Also kForm when an agent reports an agency whose configuration contains this agent at its
//    address and whose cluster id is the one that configuration gives: the others formed it
//    with this agent in it a moment earlier; writing the same bootstrap entry is joining it.
//  - kJoin: an agent reports an agency that formed without this agent: wait to be added
//    (AgencyDriver::addMember on the leader) with an empty log.
//  - kWait: not enough agents yet, or more than `size` (then forming could disagree: the
//    operator must fix the endpoints or the size; tooMany() says so).
//
// Thread-safety: none; the driver's thread owns it.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "agency/raft_types.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

// An agent's answer to GET /_api/agency_priv/identity.
struct AgentIdentity {
  agency::AgentId id;
  std::string endpoint;                         // the address the agent reports for itself
  std::string cluster_id;                       // empty until it belongs to a formed agency
  std::map<agency::AgentId, std::string> pool;  // the agents it knows: id -> address
};

// The JSON shape of the identity answer, both ways. parseIdentity refuses (kBadParameter) an
// answer without a non-empty "id" and "endpoint" or with members of the wrong type.
boost::json::object identityToJson(const AgentIdentity& identity);
Result<AgentIdentity> parseIdentity(const boost::json::value& body);

// The cluster id of an agency formed with `configuration`: lowercase hex of the first 16 bytes
// of SHA-256 over the lines "id=address\n", sorted by id.
std::string clusterIdOf(const agency::Configuration& configuration);

class AgencyDiscovery {
 public:
  struct Outcome {
    enum class Kind { kWait, kForm, kJoin };
    Kind kind = Kind::kWait;
    agency::Configuration configuration;  // kForm
    std::string cluster_id;               // kForm; kJoin: the agency's, for the log
  };

  // `endpoints` are --agency.endpoint; `size` is --agency.size.
  AgencyDiscovery(agency::AgentId self, std::string self_address,
                  std::vector<std::string> endpoints, std::size_t size);

  // Every address to ask: the endpoints and the addresses learned from pools, minus this
  // agent's own address.
  std::vector<std::string> addressesToAsk() const;

  // The decision before any answer (an agency of one with no endpoints forms at once).
  Outcome evaluate() const;
  // Records the answer from `address` and decides again.
  Outcome onIdentity(const std::string& address, const AgentIdentity& identity);

  // Agents that answered (this one included): id -> reported address.
  const std::map<agency::AgentId, std::string>& known() const { return known_; }
  // Every id -> address learned from answers and their pools (for sending to agents).
  const std::map<agency::AgentId, std::string>& addressBook() const { return address_book_; }
  bool tooMany() const { return known_.size() > size_; }
  std::size_t size() const { return size_; }

 private:
  const agency::AgentId self_;
  const std::string self_address_;
  const std::vector<std::string> endpoints_;
  const std::size_t size_;
  std::set<std::string> addresses_;  // to ask
  std::set<std::string> answered_;   // addresses that answered at least once
  std::map<agency::AgentId, std::string> known_;
  std::map<agency::AgentId, std::string> address_book_;
};

}  // namespace tandem::node::cluster
