// MemberService: what the HTTP layer (router gate, node/api/cluster_handlers.cpp, admin
// handlers) asks of this node's cluster membership (cluster/member.h implements it).
// NodeContext::member is null on a node started without --cluster.agency-endpoint: such a
// node is a plain single server (role SINGLE, mode "default").
//
// Thread-safety: every member function may be called from any thread; the *Async calls answer
// exactly once through their callback, from a thread of the member's own (never blocking the
// caller).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "supervision/cluster_plan.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

// What this node is right now, for the request gate.
enum class ServingMode {
  kLeader,    // serving leader: reads and writes (writes still check canWrite())
  kFollower,  // 503/1496 + x-arango-endpoint of the leader, dirty reads allowed
  kTryAgain,  // leadership unknown or being challenged: 503/1495, empty x-arango-endpoint
  kRemoved,   // removed from the cluster: 503/1496 with a message saying so
};

struct MemberSnapshot {
  ServingMode mode = ServingMode::kTryAgain;
  std::string id;               // this node's "SNGL-..."
  std::string leader_id;        // "" when unknown
  std::string leader_endpoint;  // "tcp://host:port", "" when unknown
  std::uint64_t term = 0;       // Plan/Leader term this node acts on
  bool lease_valid = false;     // leader only
  std::int64_t lease_remaining_ms = 0;
  bool switchover_in_progress = false;  // writes are being held
  std::string removed_reason;           // kRemoved only
};

class MemberService {
 public:
  using Callback = std::function<void(Status, boost::json::object)>;
  virtual ~MemberService() = default;

  virtual MemberSnapshot snapshot() const = 0;

  // Leader write admission. Called by write handlers before submitting a write and again before
  // acknowledging it. OK while this node leads with a valid lease. While a switchover holds
  // writes, `admitWrite` waits (up to the switchover's timeout) and then answers: OK if the
  // switchover was aborted, kNotLeader (with leaderEndpoint) if leadership moved.
  // kLeadershipChallengeOngoing (503/1495) without a lease; kNotLeader on followers.
  virtual void admitWrite(std::function<void(Status, std::string leader_endpoint)> done) = 0;
  virtual Status checkAcknowledge() const = 0;

  // The cluster as this node sees it (the newest plan it has, the agents' heartbeat tables, its
  // followers' progress when it leads): the body of GET /_admin/cluster/health and the source of
  // /_api/cluster/endpoints.
  virtual boost::json::object clusterHealth() const = 0;
  // Ordered endpoints for /_api/cluster/endpoints: leader first, then GOOD, then BAD followers
  // (FAILED, draining and removed ones left out). Empty while no leader is known.
  virtual std::vector<std::string> endpoints() const = 0;
  // This node's part of GET /_admin/status: role, term, leader, lease, applied tick, lag, sync
  // progress.
  virtual boost::json::object status() const = 0;
  // Prometheus text lines (replication and failover metrics), appended to /_admin/metrics.
  virtual std::string metricsText() const = 0;

  // Operations (DESIGN §4). Each answers with a status and a JSON body for the response.
  virtual void switchover(std::string to, std::chrono::milliseconds timeout, Callback done) = 0;
  virtual void drain(std::string server, Callback done) = 0;
  virtual void remove(std::string server, Callback done) = 0;
  // body "on" | "off" | "<seconds>"
  virtual void setMaintenance(std::optional<std::chrono::seconds> duration, Callback done) = 0;
  // Orderly leave before the process stops (SIGTERM, DELETE /_admin/shutdown): a leader
  // switches over to the best follower first. Blocks until done or `timeout`.
  virtual void leave(std::chrono::milliseconds timeout) = 0;
};

}  // namespace tandem::node::cluster
