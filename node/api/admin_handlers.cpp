// /_api/version, /_admin/version and the /_admin/* routes of one node.
#include "api/handlers.h"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "cluster/member_service.h"
#include "http/error_body.h"
#include "http/metrics.h"
#include "tandem/version.h"

namespace tandem::node::api {
namespace {

// This node's role and mode as /_admin/server/role reports them: a single server is "SINGLE";
// its mode is "resilient" in active failover (the Starter checks exactly this), else
// "default".
constexpr const char* kRole = "SINGLE";

const char* roleMode(const Call& call) {
  return call.node->member != nullptr ? "resilient" : "default";
}

// Writes are possible here: a plain single server, or the serving leader. A follower is
// read-only, as ArangoDB's followers are.
bool writable(const Call& call) {
  return call.node->member == nullptr ||
         call.node->member->snapshot().mode == cluster::ServingMode::kLeader;
}

Response serviceUnavailable() {
  return errorResponse(tandem::Status::error(tandem::ErrorCode::kHttpServiceUnavailable,
                                             "service unavailable", 503));
}

double uptimeSeconds(const NodeContext& node) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - node.started).count();
}

boost::json::object versionDetails(Call& call) {
  boost::json::object details;
  details["architecture"] = "64bit";
  details["platform"] = "linux";
  details["mode"] = "server";
  details["role"] = kRole;
  details["server-version"] = tandem::kArangoApiVersion;
  details["tandem-version"] = tandem::kTandemVersion;
  details["server-id"] = call.store().serverId();
  details["schema-version"] = std::to_string(call.store().schemaVersion());
  details["storage-engine"] = "sqlite";
  details["license"] = "community";
  return details;
}

}  // namespace

void getVersion(Call& call) {
  boost::json::object body;
  body["server"] = "arango";
  body["license"] = "community";
  body["version"] = tandem::kArangoApiVersion;
  if (call.request.flag("details", false)) body["details"] = versionDetails(call);
  call.respond(jsonTextResponse(200, boost::json::serialize(body)));
}

void getServerRole(Call& call) {
  call.respond(successResponse(200, {{"role", kRole}, {"mode", roleMode(call)}}));
}

void getServerMode(Call& call) {
  call.respond(successResponse(200, {{"mode", writable(call) ? "default" : "readonly"}}));
}

// 200 only where clients should send their requests: a serving leader (or a plain single
// server) that is not stopping. Load balancers and the cluster harness rely on this.
void getServerAvailability(Call& call) {
  if (call.node->shutting_down.load() || !writable(call)) {
    call.respond(serviceUnavailable());
    return;
  }
  call.respond(successResponse(200, {{"mode", "default"}}));
}

// The id a member registered in the agency. Like ArangoDB, a server that runs without an
// agency has no such id: 500.
void getServerId(Call& call) {
  if (call.node->member == nullptr) {
    call.respond(errorResponse(tandem::Status::error(
        tandem::ErrorCode::kInternal, "server is not running with an agency (no server id)", 500)));
    return;
  }
  call.respond(successResponse(200, {{"id", call.node->member->snapshot().id}}));
}

// The node's own view of itself, for the console and for operators. Field groups:
//   identity:  id, role, mode, version (Tandem), apiVersion (ArangoDB), schemaVersion
//   progress:  lastTick (string, as ArangoDB reports ticks), uptimeSeconds
//   serverInfo: ArangoDB's /_admin/status block (role, writeOpsEnabled, readOnly, ...)
//   storage:   write counters of the store
//   cluster:   with a member, member->status() (role, term, leader, lease, applied tick, lag,
//              sync progress)
void getAdminStatus(Call& call) {
  const tandem::Store& store = call.store();
  tandem::StoreStats stats = store.stats();
  std::string id = store.serverId();
  boost::json::object server_info;
  server_info["role"] = kRole;
  server_info["maintenance"] = false;
  const bool can_write = writable(call);
  server_info["readOnly"] = !can_write;
  server_info["writeOpsEnabled"] = can_write;
  server_info["serverId"] = id;
  server_info["address"] = call.node->endpoint;
  server_info["state"] = call.node->shutting_down.load() ? "SHUTDOWN" : "SERVING";
  boost::json::object storage;
  storage["engine"] = "sqlite";
  storage["documentsWritten"] = stats.documents_written;
  storage["commits"] = stats.commit.commits;
  storage["committedOperations"] = stats.commit.operations;
  boost::json::object fields;
  fields["server"] = "arango";
  fields["license"] = "community";
  fields["id"] = id;
  fields["role"] = kRole;
  fields["mode"] = roleMode(call);
  fields["version"] = tandem::kTandemVersion;
  fields["apiVersion"] = tandem::kArangoApiVersion;
  fields["schemaVersion"] = store.schemaVersion();
  fields["lastTick"] = std::to_string(stats.last_tick);
  fields["uptimeSeconds"] = uptimeSeconds(*call.node);
  fields["endpoint"] = call.node->endpoint;
  fields["pid"] = static_cast<std::int64_t>(::getpid());
  fields["serverInfo"] = std::move(server_info);
  fields["storage"] = std::move(storage);
  if (call.node->member != nullptr) fields["cluster"] = call.node->member->status();
  call.respond(successResponse(200, fields));
}

void getMetrics(Call& call) {
  Response response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = call.metrics->render(call.store().stats(),
                                       std::chrono::steady_clock::now() - call.node->started);
  if (call.node->member != nullptr) {
    std::string cluster = call.node->member->metricsText();
    if (!cluster.empty() && !response.body.empty() && response.body.back() != '\n') {
      response.body += '\n';
    }
    response.body += cluster;
  }
  call.respond(std::move(response));
}

// Answers first, then asks the server to shut down, so the client sees its "OK".
void deleteShutdown(Call& call) {
  call.respond(jsonTextResponse(200, "\"OK\""));
  if (call.node->request_shutdown) call.node->request_shutdown();
}

}  // namespace tandem::node::api
