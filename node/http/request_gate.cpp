#include "http/request_gate.h"

#include <array>
#include <cctype>

#include "http/error_body.h"
#include "tandem/status.h"

namespace tandem::node {
namespace {

using cluster::ServingMode;

constexpr std::string_view kEndpointHeader = "x-arango-endpoint";
constexpr std::string_view kDirtyReadHeader = "x-arango-potential-dirty-read";

// A path prefix that passes the gate. `exact` prefixes match only the whole path.
struct Allowed {
  std::string_view prefix;
  bool exact = false;
};

// ArangoDB's list (CommTask::prepareExecution), then Tandem's own routes that answer for the
// node itself on any member: its status and metrics, the cluster operations (a follower
// forwards or refuses them itself), restart, and the replication wire the followers pull.
constexpr std::array<Allowed, 16> kAllowed = {{
    {"/_admin/shutdown"},
    {"/_admin/cluster/health"},
    {"/_admin/compact", true},
    {"/_admin/log"},
    {"/_admin/server/"},
    {"/_admin/status"},
    {"/_admin/statistics"},
    {"/_api/agency/agency-callbacks"},
    {"/_api/cluster/"},
    {"/_api/engine/stats"},
    {"/_api/replication"},
    {"/_api/ttl/statistics"},
    {"/_api/wal"},
    {"/_admin/cluster/"},
    {"/_admin/restart"},
    {"/_admin/metrics"},
}};

bool matchesAllowed(const Allowed& allowed, std::string_view path) {
  return allowed.exact ? path == allowed.prefix : path.starts_with(allowed.prefix);
}

// `/_api/version` passes a follower (the Starter's liveness probe) but not a node whose
// leadership is being decided.
bool isAllowed(std::string_view path, ServingMode mode, bool runs_agent) {
  if (path == "/_api/version") return mode != ServingMode::kTryAgain;
  if (runs_agent && path.starts_with("/_api/agency")) return true;
  for (const Allowed& allowed : kAllowed) {
    if (matchesAllowed(allowed, path)) return true;
  }
  return false;
}

// Reads: GET, HEAD, OPTIONS, and the bulk read PUT /_api/document/<c>?onlyget=true.
bool isRead(const Request& request, std::string_view path) {
  switch (request.method) {
    case Method::kGet:
    case Method::kHead:
    case Method::kOptions:
      return true;
    case Method::kPut:
      return path.starts_with("/_api/document/") && request.flag("onlyget", false);
    default:
      return false;
  }
}

// Creating or dropping collections and databases; truncating is a data write.
bool isDdl(std::string_view path) {
  if (path.ends_with("/truncate")) return false;
  return path.starts_with("/_api/collection") || path.starts_with("/_api/database");
}

Response refusal(tandem::ErrorCode code, std::string message, int http_status) {
  return errorResponse(tandem::Status::error(code, std::move(message), http_status));
}

std::string removedMessage(const cluster::MemberSnapshot& snapshot) {
  std::string message = "not a leader: this server was removed from the cluster";
  if (!snapshot.removed_reason.empty()) message += " (" + snapshot.removed_reason + ")";
  message +=
      " and serves no requests any more; stop it, and to add it again start it with an "
      "empty database directory (it then joins as a new server)";
  return message;
}

GateDecision followerGate(const cluster::MemberSnapshot& snapshot, const Request& request,
                          std::string_view path, bool runs_agent) {
  GateDecision decision;
  decision.headers.emplace_back(kEndpointHeader, endpointHeaderValue(snapshot.leader_endpoint));
  decision.headers.emplace_back(kDirtyReadHeader, "true");
  if (isAllowed(path, ServingMode::kFollower, runs_agent)) return decision;
  if (!truthyHeader(request.header("x-arango-allow-dirty-read"))) {
    decision.refusal = refusal(tandem::ErrorCode::kNotLeader, "not a leader", 503);
  } else if (isRead(request, path)) {
    // A dirty read: served from this follower's copy, marked by the headers above.
  } else if (isDdl(path)) {
    decision.refusal =
        refusal(tandem::ErrorCode::kForbidden,
                "forbidden: this server is a follower and read-only; send DDL to the leader", 403);
  } else {
    decision.refusal = refusal(tandem::ErrorCode::kReadOnly, "server is in read-only mode", 403);
  }
  return decision;
}

}  // namespace

GateDecision gateRequest(const cluster::MemberSnapshot& snapshot, const Request& request,
                         std::string_view relative_path, bool runs_agent) {
  switch (snapshot.mode) {
    case ServingMode::kLeader:
      return {};
    case ServingMode::kFollower:
      return followerGate(snapshot, request, relative_path, runs_agent);
    case ServingMode::kTryAgain: {
      GateDecision decision;
      decision.headers.emplace_back(kEndpointHeader, "");
      if (!isAllowed(relative_path, ServingMode::kTryAgain, runs_agent)) {
        decision.refusal = refusal(tandem::ErrorCode::kLeadershipChallengeOngoing,
                                   "leadership challenge is ongoing", 503);
      }
      return decision;
    }
    case ServingMode::kRemoved: {
      // The leader's address, when known, lets a driver move on at once.
      GateDecision decision;
      decision.headers.emplace_back(kEndpointHeader, endpointHeaderValue(snapshot.leader_endpoint));
      if (!isAllowed(relative_path, ServingMode::kRemoved, runs_agent)) {
        decision.refusal = refusal(tandem::ErrorCode::kNotLeader, removedMessage(snapshot), 503);
      }
      return decision;
    }
  }
  return {};
}

std::string endpointHeaderValue(std::string_view endpoint) {
  if (endpoint.empty()) return {};
  if (endpoint.starts_with("tcp://")) return "http://" + std::string(endpoint.substr(6));
  if (endpoint.starts_with("ssl://")) return "https://" + std::string(endpoint.substr(6));
  return std::string(endpoint);
}

bool truthyHeader(std::string_view value) {
  std::string lower;
  lower.reserve(value.size());
  for (char c : value)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "true" || lower == "yes" || lower == "on" || lower == "y" || lower == "1";
}

}  // namespace tandem::node
