// The route handlers of tandem-node's HTTP API and what they share.
//
// The router (http/router.cpp) decodes the path, resolves the database, picks one handler by
// path pattern and method, and calls it with a Call. A handler answers exactly once through
// Call::respond: read handlers on the calling thread, write handlers from the store's writer
// thread inside the write callback (they never block waiting for a write). Handlers may move
// from the Call's fields; the router never looks at the Call again.
//
// Thread-safety: handlers keep no state; many run at once on different threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "http/http_message.h"
#include "http/router.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::node::cluster {
struct AgencyOutcome;
}

namespace tandem::node::api {

// One request on its way through a handler.
struct Call {
  NodeContext* node = nullptr;
  Metrics* metrics = nullptr;  // never null (the router supplies its own if the node has none)
  Request request;
  std::string db;                 // decoded database name from /_db/<name>, else "_system"
  std::vector<std::string> args;  // decoded path segments matched by the route's wildcards
  Responder respond;              // answer exactly once

  tandem::Store& store() const { return *node->store; }
};

using Handler = void (*)(Call& call);

// --- admin_handlers.cpp -----------------------------------------------------------------
void getVersion(Call& call);             // any /_api/version, /_admin/version
void getServerRole(Call& call);          // GET /_admin/server/role
void getServerMode(Call& call);          // GET /_admin/server/mode
void getServerAvailability(Call& call);  // GET /_admin/server/availability
void getServerId(Call& call);            // GET /_admin/server/id
void getAdminStatus(Call& call);         // GET /_admin/status
void getMetrics(Call& call);             // GET /_admin/metrics[/v2]
void deleteShutdown(Call& call);         // DELETE /_admin/shutdown

// --- database_handlers.cpp --------------------------------------------------------------
void listDatabases(Call& call);       // GET /_api/database
void listUserDatabases(Call& call);   // GET /_api/database/user
void getCurrentDatabase(Call& call);  // GET /_api/database/current
void createDatabase(Call& call);      // POST /_api/database
void dropDatabase(Call& call);        // DELETE /_api/database/<name>

// --- collection_handlers.cpp ------------------------------------------------------------
void listCollections(Call& call);          // GET /_api/collection
void createCollection(Call& call);         // POST /_api/collection
void getCollection(Call& call);            // GET /_api/collection/<name>
void getCollectionProperties(Call& call);  // GET /_api/collection/<name>/properties
void getCollectionCount(Call& call);       // GET /_api/collection/<name>/count
void truncateCollection(Call& call);       // PUT /_api/collection/<name>/truncate
void dropCollection(Call& call);           // DELETE /_api/collection/<name>

// --- document_handlers.cpp --------------------------------------------------------------
void insertDocuments(Call& call);  // POST /_api/document/<coll>
void putDocuments(Call& call);     // PUT /_api/document/<coll> (replace array, onlyget)
void updateDocuments(Call& call);  // PATCH /_api/document/<coll>
void removeDocuments(Call& call);  // DELETE /_api/document/<coll>
void readDocument(Call& call);     // GET|HEAD /_api/document/<coll>/<key>
void replaceDocument(Call& call);  // PUT /_api/document/<coll>/<key>
void updateDocument(Call& call);   // PATCH /_api/document/<coll>/<key>
void removeDocument(Call& call);   // DELETE /_api/document/<coll>/<key>

// --- agency_handlers.cpp ----------------------------------------------------------------
// The agent of this node (NodeContext::agency), under _system only; 404 when the node runs no
// agent. Bodies are validated here (400 with the error body) before they reach the agent; the
// agent answers from its own thread.
void agencyWrite(Call& call);      // POST /_api/agency/write
void agencyRead(Call& call);       // POST /_api/agency/read[?store=transient]
void agencyTransient(Call& call);  // POST /_api/agency/transient
void agencyConfig(Call& call);     // GET /_api/agency/config
void agencyMembers(Call& call);    // POST /_api/agency/members {"add":endpoint}|{"remove":id}
void agencyRaft(Call& call);       // POST /_api/agency_priv/raft
void agencyIdentity(Call& call);   // GET /_api/agency_priv/identity
void agencyHeartbeat(Call& call);  // POST /_api/agency_priv/heartbeat (from a data node)
// The HTTP answer for an agent's outcome: 200 (412 when a precondition failed) with the body;
// not the leader: 307 to the leader (Location: leaderLocation(leader, target)) or 503 while no
// leader is known, both with errorNum 1496; refused: 403; shutting down: 503/30; bad input: 400.
Response agencyOutcomeResponse(cluster::AgencyOutcome outcome, std::string_view target);
// "tcp://host:port" + "/_api/agency/write?x=1" -> "http://host:port/_api/agency/write?x=1"
// (ssl:// becomes https://; an IPv6 host keeps its brackets).
std::string leaderLocation(std::string_view endpoint, std::string_view target);

// --- cluster_handlers.cpp ---------------------------------------------------------------
// Active failover (NodeContext::member). Without a member every one of them answers 501/9
// "automatic failover is not enabled" (POST /_admin/restart works on any node).
void getClusterEndpoints(Call& call);    // GET /_api/cluster/endpoints
void getClusterHealth(Call& call);       // GET /_admin/cluster/health
void putClusterMaintenance(Call& call);  // PUT /_admin/cluster/maintenance "on"|"off"|"<s>"
void postClusterSwitchover(Call& call);  // POST /_admin/cluster/switchover {"to"[,"timeout"]}
void postClusterDrain(Call& call);       // POST /_admin/cluster/drain {"server"}
void postClusterRemove(Call& call);      // POST /_admin/cluster/remove {"server"}
void postRestart(Call& call);            // POST /_admin/restart {"upgrade":bool}
// Write admission: runs `write` once this node's member admits a write (at once, on the
// calling thread, on a node without a member). The member may hold the call during a
// switchover and run `write` later from its own thread; refused writes answer 503/1496 with
// x-arango-endpoint of the leader, or 503/1495 with an empty one. `call.respond` is wrapped
// so that a success (2xx) is answered only if member->checkAcknowledge() still holds; else
// 503/1495 saying the write was committed but not acknowledged.
void admitWrite(Call& call, Handler write);

// --- replication_handlers.cpp -----------------------------------------------------------
// The leader side of the replication wire (engine/replication/DESIGN.md); served by every
// node, as ArangoDB allows them on followers. Batches live in the cluster::ReplicationDriver
// of NodeContext::replication, or in a registry of the process on a node without one.
void getLoggerState(Call& call);           // GET /_api/replication/logger-state
void getReplicationServerId(Call& call);   // GET /_api/replication/server-id
void createReplicationBatch(Call& call);   // POST /_api/replication/batch {"ttl":S}
void extendReplicationBatch(Call& call);   // PUT /_api/replication/batch/<id> {"ttl":S}
void deleteReplicationBatch(Call& call);   // DELETE /_api/replication/batch/<id>
void getReplicationInventory(Call& call);  // GET /_api/replication/inventory
void getReplicationDump(Call& call);       // GET /_api/replication/dump
void getTermHistory(Call& call);           // GET /_api/replication/term-history
void getWalRange(Call& call);              // GET /_api/wal/range
void getWalLastTick(Call& call);           // GET /_api/wal/lastTick
void tailWal(Call& call);                  // GET|PUT /_api/wal/tail

// --- handler_support.cpp ----------------------------------------------------------------
// Parses a JSON request body: kCorruptedJson (400/600) with the parser's message on failure.
tandem::Result<boost::json::value> parseJsonBody(std::string_view body);
// ArangoDB names the missing collection in 1203 messages of data-source lookups:
// "collection or view not found: <name>". Other statuses pass through unchanged.
tandem::Status nameMissingCollection(tandem::Status status, std::string_view collection);
// `/_db/<db>/_api/document/<collection>/<key>`, each part percent-encoded.
std::string documentLocation(std::string_view db, std::string_view collection,
                             std::string_view key);

}  // namespace tandem::node::api
