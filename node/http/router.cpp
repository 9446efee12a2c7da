#include "http/router.h"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "api/handlers.h"
#include "cluster/member_service.h"
#include "http/error_body.h"
#include "http/metrics.h"
#include "http/request_gate.h"
#include "tandem/store.h"

namespace tandem::node {
namespace {

constexpr std::string_view kSystemDatabase = "_system";

constexpr unsigned bit(Method method) { return 1u << static_cast<unsigned>(method); }
constexpr unsigned kGet = bit(Method::kGet);
constexpr unsigned kPost = bit(Method::kPost);
constexpr unsigned kPut = bit(Method::kPut);
constexpr unsigned kPatch = bit(Method::kPatch);
constexpr unsigned kDelete = bit(Method::kDelete);
constexpr unsigned kAnyMethod = ~0u;

// A route: database-relative path segments, where "*" matches any one segment (and hands it
// to the handler in Call::args), the methods it accepts, and its handler. HEAD is accepted
// wherever GET is; the router then drops the body.
struct Route {
  std::vector<std::string_view> pattern;
  unsigned methods;
  api::Handler handler;
};

const std::vector<Route>& routeTable() {
  static const std::vector<Route> table = {
      {{"_api", "version"}, kAnyMethod, api::getVersion},
      {{"_admin", "version"}, kAnyMethod, api::getVersion},
      {{"_api", "document", "*", "*"}, kGet, api::readDocument},
      {{"_api", "document", "*", "*"}, kPut, api::replaceDocument},
      {{"_api", "document", "*", "*"}, kPatch, api::updateDocument},
      {{"_api", "document", "*", "*"}, kDelete, api::removeDocument},
      {{"_api", "document", "*"}, kPost, api::insertDocuments},
      {{"_api", "document", "*"}, kPut, api::putDocuments},
      {{"_api", "document", "*"}, kPatch, api::updateDocuments},
      {{"_api", "document", "*"}, kDelete, api::removeDocuments},
      {{"_api", "collection"}, kGet, api::listCollections},
      {{"_api", "collection"}, kPost, api::createCollection},
      {{"_api", "collection", "*"}, kGet, api::getCollection},
      {{"_api", "collection", "*"}, kDelete, api::dropCollection},
      {{"_api", "collection", "*", "properties"}, kGet, api::getCollectionProperties},
      {{"_api", "collection", "*", "count"}, kGet, api::getCollectionCount},
      {{"_api", "collection", "*", "truncate"}, kPut, api::truncateCollection},
      {{"_api", "database"}, kGet, api::listDatabases},
      {{"_api", "database"}, kPost, api::createDatabase},
      {{"_api", "database", "user"}, kGet, api::listUserDatabases},
      {{"_api", "database", "current"}, kGet, api::getCurrentDatabase},
      {{"_api", "database", "*"}, kDelete, api::dropDatabase},
      {{"_admin", "server", "role"}, kGet, api::getServerRole},
      {{"_admin", "server", "mode"}, kGet, api::getServerMode},
      {{"_admin", "server", "availability"}, kGet, api::getServerAvailability},
      {{"_admin", "server", "id"}, kGet, api::getServerId},
      {{"_admin", "status"}, kGet, api::getAdminStatus},
      {{"_admin", "metrics"}, kGet, api::getMetrics},
      {{"_admin", "metrics", "v2"}, kGet, api::getMetrics},
      {{"_admin", "shutdown"}, kDelete, api::deleteShutdown},
      // Active failover: the cluster as this node sees it, and its operations.
      {{"_api", "cluster", "endpoints"}, kGet, api::getClusterEndpoints},
      {{"_admin", "cluster", "health"}, kGet, api::getClusterHealth},
      {{"_admin", "cluster", "maintenance"}, kPut, api::putClusterMaintenance},
      {{"_admin", "cluster", "switchover"}, kPost, api::postClusterSwitchover},
      {{"_admin", "cluster", "drain"}, kPost, api::postClusterDrain},
      {{"_admin", "cluster", "remove"}, kPost, api::postClusterRemove},
      {{"_admin", "restart"}, kPost, api::postRestart},
      // The agent of this node: answered by the agency driver, never from the store.
      {{"_api", "agency", "write"}, kPost, api::agencyWrite},
      {{"_api", "agency", "read"}, kPost, api::agencyRead},
      {{"_api", "agency", "transient"}, kPost, api::agencyTransient},
      {{"_api", "agency", "config"}, kGet, api::agencyConfig},
      {{"_api", "agency", "members"}, kPost, api::agencyMembers},
      {{"_api", "agency_priv", "raft"}, kPost, api::agencyRaft},
      {{"_api", "agency_priv", "identity"}, kGet, api::agencyIdentity},
      {{"_api", "agency_priv", "heartbeat"}, kPost, api::agencyHeartbeat},
      // Replication (leader side of the wire); they read the store, so run on the workers.
      {{"_api", "replication", "logger-state"}, kGet, api::getLoggerState},
      {{"_api", "replication", "server-id"}, kGet, api::getReplicationServerId},
      {{"_api", "replication", "batch"}, kPost, api::createReplicationBatch},
      {{"_api", "replication", "batch", "*"}, kPut, api::extendReplicationBatch},
      {{"_api", "replication", "batch", "*"}, kDelete, api::deleteReplicationBatch},
      {{"_api", "replication", "inventory"}, kGet, api::getReplicationInventory},
      {{"_api", "replication", "dump"}, kGet, api::getReplicationDump},
      {{"_api", "replication", "term-history"}, kGet, api::getTermHistory},
      {{"_api", "wal", "range"}, kGet, api::getWalRange},
      {{"_api", "wal", "lastTick"}, kGet, api::getWalLastTick},
      {{"_api", "wal", "tail"}, kGet | kPut, api::tailWal},
  };
  return table;
}

bool accepts(const Route& route, Method method) {
  if (route.methods & bit(method)) return true;
  return method == Method::kHead && (route.methods & kGet) != 0;
}

bool matches(const Route& route, const std::vector<std::string>& segments) {
  if (route.pattern.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.pattern[i] != "*" && route.pattern[i] != segments[i]) return false;
  }
  return true;
}

// Splits the raw path on '/' before decoding each segment, so an encoded "%2F" inside a
// document key stays inside its segment. Empty segments are dropped. nullopt on a malformed
// escape.
std::optional<std::vector<std::string>> pathSegments(const Request& request) {
  std::string_view path = request.path;
  bool raw = !request.target.empty();
  if (raw) path = std::string_view(request.target).substr(0, request.target.find('?'));
  std::vector<std::string> segments;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (segment.empty()) continue;
    if (!raw) {
      segments.emplace_back(segment);
      continue;
    }
    auto decoded = percentDecode(segment);
    if (!decoded) return std::nullopt;
    segments.push_back(std::move(*decoded));
  }
  return segments;
}

std::string joinPath(const std::vector<std::string>& segments) {
  if (segments.empty()) return "/";
  std::string path;
  for (const auto& segment : segments) path.append("/").append(segment);
  return path;
}

// The route family depends on the first two segments only ("/_api/document").
RouteFamily familyOf(const std::vector<std::string>& segments) {
  std::string prefix;
  prefix.reserve(32);
  for (std::size_t i = 0; i < segments.size() && i < 2; ++i) prefix.append("/").append(segments[i]);
  return routeFamilyOf(prefix);
}

// The routes an agency-only agent (--agency.only true) does not serve: it keeps no documents,
// collections or databases of its own.
bool needsDocuments(const std::vector<std::string>& segments) {
  if (segments.size() < 2 || segments[0] != "_api") return false;
  return segments[1] == "document" || segments[1] == "collection" || segments[1] == "database";
}

// Adds `headers` to every answer (the follower modes' x-arango-endpoint and dirty-read mark).
Responder withHeaders(Responder done, std::vector<std::pair<std::string, std::string>> headers) {
  return [done = std::move(done), headers = std::move(headers)](Response response) {
    for (const auto& [name, value] : headers) response.setHeader(name, value);
    done(std::move(response));
  };
}

Response errorFor(tandem::ErrorCode code, std::string message, int http_status) {
  return errorResponse(tandem::Status::error(code, std::move(message), http_status));
}

// Wraps `done` so every answer, synchronous or from the writer thread, is measured, and
// HEAD answers lose their body.
Responder measured(Responder done, Metrics* metrics, RouteFamily family, bool head,
                   std::chrono::steady_clock::time_point started) {
  return [done = std::move(done), metrics, family, head, started](Response response) {
    if (head) response.omit_body = true;
    metrics->record(family, response.status, std::chrono::steady_clock::now() - started);
    done(std::move(response));
  };
}

}  // namespace

struct Router::Impl {
  explicit Impl(NodeContext& node_context)
      : context(node_context),
        metrics(node_context.metrics != nullptr ? node_context.metrics : &own_metrics) {}

  void handle(Request request, Responder done);
  void dispatch(api::Call& call, const std::vector<std::string>& segments);

  NodeContext& context;
  Metrics own_metrics;  // used when the node supplies none
  Metrics* metrics;
};

void Router::Impl::handle(Request request, Responder done) {
  auto started = std::chrono::steady_clock::now();
  bool well_formed = true;
  if (request.path.empty() && !request.target.empty()) well_formed = request.parseTarget();
  auto segments = pathSegments(request);
  if (!segments) {
    well_formed = false;
    segments.emplace();
  }
  std::string db(kSystemDatabase);
  if (segments->size() >= 2 && segments->front() == "_db") {
    db = std::move((*segments)[1]);
    segments->erase(segments->begin(), segments->begin() + 2);
  }
  RouteFamily family = familyOf(*segments);
  Responder respond =
      measured(std::move(done), metrics, family, request.method == Method::kHead, started);
  if (context.shutting_down.load()) {
    respond(errorFor(tandem::ErrorCode::kShuttingDown, "shutdown in progress", 503));
    return;
  }
  if (!well_formed) {
    respond(errorFor(tandem::ErrorCode::kHttpBadParameter, "malformed percent-encoding", 400));
    return;
  }
  // Before the database gate: an agency-only agent has no databases to look up, and the
  // answer should say why rather than that the database is missing.
  if (context.agency_only && needsDocuments(*segments)) {
    respond(errorFor(tandem::ErrorCode::kNotImplemented,
                     "not implemented: this node is an agency-only agent (--agency.only true) "
                     "and keeps no documents, collections or databases",
                     501));
    return;
  }
  // Before the database gate: a follower answers for an unknown database as for any other
  // (ArangoDB sends the client to the leader rather than saying 1228).
  if (context.member != nullptr) {
    GateDecision gate = gateRequest(context.member->snapshot(), request, joinPath(*segments),
                                    context.agency != nullptr);
    if (!gate.headers.empty()) respond = withHeaders(std::move(respond), std::move(gate.headers));
    if (gate.refusal) {
      respond(std::move(*gate.refusal));
      return;
    }
  }
  if (db != kSystemDatabase) {
    auto database = context.store->database(db);
    if (!database) {
      respond(errorResponse(database.status()));
      return;
    }
  }
  api::Call call{&context, metrics, std::move(request), std::move(db), {}, std::move(respond)};
  dispatch(call, *segments);
}

// Agency routes (/_api/agency, /_api/agency_priv) hand their work to the agency driver, whose
// thread answers: they never read the store, so they stay on the I/O thread.
bool Router::readsStore(const Request& request) {
  std::string_view path = request.path;
  if (path.starts_with("/_db/")) {
    const std::size_t end = path.find('/', 5);
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
  }
  const bool read_method = request.method == Method::kGet || request.method == Method::kHead;
  // Replication reads snapshots and the oplog; a tail long poll waits for the next commit.
  if (path.starts_with("/_api/replication") || path.starts_with("/_api/wal")) return true;
  if (path.starts_with("/_api/document")) {
    return read_method || (request.method == Method::kPut && request.flag("onlyget", false));
  }
  return read_method &&
         (path.starts_with("/_api/collection") || path.starts_with("/_api/database"));
}

void Router::Impl::dispatch(api::Call& call, const std::vector<std::string>& segments) {
  bool path_known = false;
  for (const Route& route : routeTable()) {
    if (!matches(route, segments)) continue;
    path_known = true;
    if (!accepts(route, call.request.method)) continue;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (route.pattern[i] == "*") call.args.push_back(segments[i]);
    }
    route.handler(call);
    return;
  }
  if (path_known) {
    call.respond(errorFor(tandem::ErrorCode::kHttpMethodNotAllowed, "method not supported", 405));
    return;
  }
  call.respond(
      errorFor(tandem::ErrorCode::kHttpNotFound, "unknown path '" + joinPath(segments) + "'", 404));
}

Router::Router(NodeContext& context) : impl_(std::make_unique<Impl>(context)) {}

Router::~Router() = default;

void Router::handle(Request request, Responder done) {
  impl_->handle(std::move(request), std::move(done));
}

}  // namespace tandem::node
