// The request gate of active failover: what a node that is not the serving leader answers
// before any handler runs (ArangoDB's follower behaviour, reference §2.1).
//
// By the member's serving mode:
//   kLeader    nothing: every request runs.
//   kFollower  503/1496 "not a leader" with `x-arango-endpoint: http://<leader>`, except on the
//              allowed paths (below). With `x-arango-allow-dirty-read: <truthy>` reads run and
//              writes get 403/1004 "server is in read-only mode" (DDL 403/11). Every answer
//              carries `x-arango-endpoint` and `x-arango-potential-dirty-read: true`.
//   kTryAgain  503/1495 "leadership challenge is ongoing" with an empty `x-arango-endpoint`,
//              except on the allowed paths minus `/_api/version`; every answer carries the
//              empty header.
//   kRemoved   503/1496 with a message saying the node was removed and what to do; the
//              allowed paths still run (status, health, shutdown); no dirty reads.
//
// Allowed paths are database-relative prefixes (after `/_db/<name>`): ArangoDB's list plus
// Tandem's own routes that must work on every node (status, cluster admin, restart, metrics,
// replication, the agent's routes when the node runs one).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cluster/member_service.h"
#include "http/http_message.h"

namespace tandem::node {

struct GateDecision {
  // Set: answer this instead of running a handler.
  std::optional<Response> refusal;
  // Added to every answer to this request (the refusal included).
  std::vector<std::pair<std::string, std::string>> headers;
};

// `relative_path` is the decoded, database-relative path ("/_api/document/c/k");
// `runs_agent` whether this node runs an agent (its /_api/agency* routes stay open).
GateDecision gateRequest(const cluster::MemberSnapshot& snapshot, const Request& request,
                         std::string_view relative_path, bool runs_agent);

// "tcp://h:p" -> "http://h:p", "ssl://h:p" -> "https://h:p"; "" stays "".
std::string endpointHeaderValue(std::string_view endpoint);

// ArangoDB's boolean header values: true, yes, on, y, 1 (any case).
bool truthyHeader(std::string_view value);

}  // namespace tandem::node
