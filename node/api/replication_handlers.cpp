// /_api/replication/* and /_api/wal/*: the leader side of the replication wire
// (engine/replication/DESIGN.md, "Wire"). Every route reads the store, so the server runs
// them on its worker pool (Router::readsStore); the tail long poll blocks one worker for at
// most its `wait` (capped at 10 s) in Store::waitForTick, which wakes at the next commit.
#include <algorithm>
#include <charconv>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/handlers.h"
#include "cluster/replication_driver.h"
#include "http/error_body.h"
#include "replication/markers.h"
#include "tandem/store_snapshot.h"
#include "tandem/version.h"

namespace tandem::node::api {
namespace json = boost::json;
using cluster::ReplicationDriver;

namespace {

constexpr std::string_view kDumpContentType = "application/x-arango-dump";
constexpr std::uint64_t kDefaultChunkBytes = 1u << 20;
constexpr std::uint64_t kMaxChunkBytes = 128u << 20;
constexpr std::uint64_t kMaxWaitMs = 10000;
constexpr std::size_t kOplogPage = 1000;
constexpr std::size_t kDumpPage = 1000;
constexpr std::int64_t kDefaultBatchTtl = 300;
constexpr auto kDivergedErrorNum = static_cast<tandem::ErrorCode>(1414);

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

json::object serverObject(Call& call) {
  json::object server;
  server["version"] = tandem::kArangoApiVersion;
  server["serverId"] = call.store().serverId();
  server["engine"] = "sqlite";
  return server;
}

void answerJson(Call& call, int status, const json::value& body) {
  Response response;
  response.status = status;
  response.body = json::serialize(body);
  call.respond(std::move(response));
}

void answerError(Call& call, tandem::ErrorCode code, std::string message, int status) {
  call.respond(errorResponse(tandem::Status::error(code, std::move(message), status)));
}

void answerNoContent(Call& call) {
  Response response;
  response.status = 204;
  call.respond(std::move(response));
}

// An unsigned query parameter: `fallback` when absent, nullopt (after answering 400) when it
// is not a number.
std::optional<std::uint64_t> uintParam(Call& call, std::string_view name, std::uint64_t fallback) {
  const std::string* text = call.request.param(name);
  if (text == nullptr || text->empty()) return fallback;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    answerError(call, tandem::ErrorCode::kHttpBadParameter,
                "invalid value for parameter '" + std::string(name) + "'", 400);
    return std::nullopt;
  }
  return value;
}

ReplicationDriver* driverOf(Call& call) {
  return dynamic_cast<ReplicationDriver*>(call.node->replication);
}

// The node's batches: the replication driver's, or, on a node without one (a plain single
// server, which ArangoDB lets serve the replication API too), a registry of the process.
// Snapshots are connections of their own, so one outliving the store only delays a checkpoint.
cluster::BatchRegistry& batchesOf(Call& call) {
  if (ReplicationDriver* driver = driverOf(call)) return driver->batches();
  static cluster::BatchRegistry process_batches;
  process_batches.expire();
  return process_batches;
}

// The batch named by ?batchId=, or null after answering 400 for an unknown batch.
std::shared_ptr<const tandem::StoreSnapshot> batchOf(Call& call) {
  const std::string* id = call.request.param("batchId");
  if (id != nullptr) {
    if (auto snapshot = batchesOf(call).find(*id)) return snapshot;
  }
  if (id == nullptr) {
    // Without a batch the answer comes from a snapshot of its own.
    auto snapshot = call.store().openSnapshot();
    if (snapshot) return std::shared_ptr<const tandem::StoreSnapshot>(std::move(*snapshot));
    call.respond(errorResponse(snapshot.status()));
    return nullptr;
  }
  answerError(call, tandem::ErrorCode::kHttpBadParameter, "invalid batchId '" + *id + "'", 400);
  return nullptr;
}

std::optional<std::int64_t> ttlOf(Call& call) {
  if (call.request.body.empty()) return kDefaultBatchTtl;
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(errorResponse(body.status()));
    return std::nullopt;
  }
  if (!body->is_object()) return kDefaultBatchTtl;
  const auto* ttl = body->as_object().if_contains("ttl");
  if (ttl == nullptr) return kDefaultBatchTtl;
  if (ttl->is_int64() && ttl->as_int64() > 0) return ttl->as_int64();
  if (ttl->is_uint64()) return static_cast<std::int64_t>(ttl->as_uint64());
  if (ttl->is_double() && ttl->as_double() > 0) return static_cast<std::int64_t>(ttl->as_double());
  answerError(call, tandem::ErrorCode::kHttpBadParameter, "invalid ttl", 400);
  return std::nullopt;
}

std::string_view keyGeneratorName(tandem::KeyGeneratorType type) {
  switch (type) {
    case tandem::KeyGeneratorType::kAutoincrement:
      return "autoincrement";
    case tandem::KeyGeneratorType::kUuid:
      return "uuid";
    case tandem::KeyGeneratorType::kPadded:
      return "padded";
    case tandem::KeyGeneratorType::kTraditional:
      break;
  }
  return "traditional";
}

json::object collectionParameters(const tandem::CollectionInfo& info) {
  json::object key_options;
  key_options["type"] = keyGeneratorName(info.key_options.type);
  key_options["allowUserKeys"] = info.key_options.allow_user_keys;
  key_options["increment"] = info.key_options.increment;
  key_options["offset"] = info.key_options.offset;
  key_options["lastValue"] = info.key_options.last_value;
  json::object parameters;
  parameters["id"] = info.id;
  parameters["cid"] = info.id;
  parameters["name"] = info.name;
  parameters["type"] = static_cast<int>(info.type);
  parameters["isSystem"] = info.is_system;
  parameters["waitForSync"] = info.wait_for_sync;
  parameters["deleted"] = false;
  parameters["globallyUniqueId"] = info.globally_unique_id;
  parameters["keyOptions"] = std::move(key_options);
  return parameters;
}

// The collections of `db` at the snapshot, each {"parameters","indexes","count"} (count is
// Tandem's, for the follower's progress).
tandem::Result<json::array> inventoryCollections(const tandem::StoreSnapshot& snapshot,
                                                 const std::string& db) {
  auto collections = snapshot.collections(db);
  if (!collections) return collections.status();
  json::array out;
  for (const auto& info : *collections) {
    auto count = snapshot.documentCount(db, info.name);
    if (!count) return count.status();
    json::object entry;
    entry["parameters"] = collectionParameters(info);
    entry["indexes"] = json::array();
    entry["count"] = *count;
    out.push_back(std::move(entry));
  }
  return out;
}

json::object snapshotState(const tandem::StoreSnapshot& snapshot) {
  json::object state;
  state["running"] = true;
  state["lastLogTick"] = std::to_string(snapshot.position().tick);
  state["time"] = utcNow();
  return state;
}

void setReplicationHeaders(Response& response, std::uint64_t last_included,
                           std::uint64_t last_scanned, std::uint64_t last_tick, bool from_present,
                           bool check_more) {
  response.setHeader("x-arango-replication-lastincluded", std::to_string(last_included));
  response.setHeader("x-arango-replication-lastscanned", std::to_string(last_scanned));
  response.setHeader("x-arango-replication-lasttick", std::to_string(last_tick));
  response.setHeader("x-arango-replication-frompresent", from_present ? "true" : "false");
  response.setHeader("x-arango-replication-checkmore", check_more ? "true" : "false");
  response.setHeader("x-arango-replication-active", "true");
}

// Whether every entry after `from` is still in the oplog. Pruning deletes a prefix, so they
// are if `from` is not older than the oldest retained entry's predecessor; otherwise only if
// nothing after `from` was ever deleted: `from` is not older than the snapshot base (before
// it this store has no history) nor than what this process pruned. Ticks are not contiguous
// (ids share the counter), so a gap before the oldest entry proves nothing by itself.
bool fromPresent(Call& call, std::uint64_t from) {
  const tandem::Store& store = call.store();
  const std::uint64_t first = store.firstTick();
  if (first != 0 && from + 1 >= first) return true;
  const ReplicationDriver* driver = driverOf(call);
  const std::uint64_t pruned = driver != nullptr ? driver->prunedThrough() : 0;
  return from >= store.snapshotBase().tick && from >= pruned;
}

struct TailParams {
  std::uint64_t from = 0;
  std::optional<std::uint64_t> to;
  std::optional<std::uint64_t> from_term;
  std::uint64_t chunk_bytes = kDefaultChunkBytes;
  std::uint64_t wait_ms = 0;
  std::string server_id;
  bool global = false;
};

std::optional<TailParams> tailParams(Call& call) {
  TailParams params;
  auto from = uintParam(call, "from", 0);
  if (!from) return std::nullopt;
  params.from = *from;
  if (call.request.param("to") != nullptr) {
    auto to = uintParam(call, "to", 0);
    if (!to) return std::nullopt;
    params.to = *to;
    if (*to == 0 || params.from > *to) {
      answerError(call, tandem::ErrorCode::kHttpBadParameter, "invalid from/to values", 400);
      return std::nullopt;
    }
  }
  if (call.request.param("fromTerm") != nullptr) {
    auto term = uintParam(call, "fromTerm", 0);
    if (!term) return std::nullopt;
    params.from_term = *term;
  }
  auto chunk = uintParam(call, "chunkSize", kDefaultChunkBytes);
  auto wait = uintParam(call, "wait", 0);
  if (!chunk || !wait) return std::nullopt;
  params.chunk_bytes = std::clamp<std::uint64_t>(*chunk, 1, kMaxChunkBytes);
  params.wait_ms = std::min(*wait, kMaxWaitMs);
  if (const std::string* id = call.request.param("serverId")) params.server_id = *id;
  if (const std::string* id = call.request.param("syncerId"); id && params.server_id.empty()) {
    params.server_id = *id;
  }
  params.global = call.request.flag("global", false);
  if (params.global && call.db != "_system") {
    answerError(call, tandem::ErrorCode::kForbidden,
                "global tailing is only possible from within _system database", 403);
    return std::nullopt;
  }
  return params;
}

// Reads the entries after params.from into NDJSON until the chunk is full; entries of other
// databases are skipped unless the tail is global (or asked in _system).
struct TailChunk {
  std::string body;
  std::uint64_t last_included = 0;
  std::uint64_t last_scanned = 0;
  bool full = false;
};

tandem::Result<TailChunk> readTailChunk(Call& call, const TailParams& params) {
  TailChunk chunk;
  chunk.last_scanned = params.from;
  const bool all_databases = params.global || call.db == "_system";
  std::uint64_t after = params.from;
  while (!chunk.full) {
    auto entries = call.store().readOplog(after, kOplogPage);
    if (!entries) return entries.status();
    for (const auto& entry : *entries) {
      if (params.to && entry.tick > *params.to) return chunk;
      chunk.last_scanned = entry.tick;
      if (!all_databases && entry.db != call.db) continue;
      replication::Markers::append(entry, chunk.body);
      chunk.body.push_back('\n');
      chunk.last_included = entry.tick;
      if (chunk.body.size() >= params.chunk_bytes) {
        chunk.full = true;
        break;
      }
    }
    if (entries->size() < kOplogPage) break;
    after = entries->back().tick;
  }
  return chunk;
}

}  // namespace

void getLoggerState(Call& call) {
  const std::uint64_t tick = call.store().lastTick();
  json::object state;
  state["running"] = true;
  state["lastLogTick"] = std::to_string(tick);
  state["lastUncommittedLogTick"] = std::to_string(tick);
  state["totalEvents"] = tick;
  state["time"] = utcNow();
  json::array clients;
  if (ReplicationDriver* driver = driverOf(call)) {
    for (const auto& follower : driver->clients()) {
      json::object client;
      client["serverId"] = follower.server_id;
      client["lastServedTick"] = std::to_string(follower.applied_tick);
      client["lagTicks"] = follower.lag_ticks;
      client["lagMs"] = follower.lag_ms;
      clients.push_back(std::move(client));
    }
  }
  json::object body;
  body["state"] = std::move(state);
  body["server"] = serverObject(call);
  body["clients"] = std::move(clients);
  body["term"] = call.store().currentTerm();
  answerJson(call, 200, body);
}

void getReplicationServerId(Call& call) {
  json::object body;
  body["serverId"] = call.store().serverId();
  answerJson(call, 200, body);
}

void createReplicationBatch(Call& call) {
  auto ttl = ttlOf(call);
  if (!ttl) return;
  auto batch = batchesOf(call).create(call.store(), std::chrono::seconds(*ttl));
  if (!batch) return call.respond(errorResponse(batch.status()));
  json::object body;
  body["id"] = batch->id;
  body["lastTick"] = std::to_string(batch->position.tick);
  body["term"] = batch->position.term;
  answerJson(call, 200, body);
}

void extendReplicationBatch(Call& call) {
  auto ttl = ttlOf(call);
  if (!ttl) return;
  tandem::Status status = batchesOf(call).extend(call.args[0], std::chrono::seconds(*ttl));
  if (!status) return call.respond(errorResponse(status));
  answerNoContent(call);
}

void deleteReplicationBatch(Call& call) {
  tandem::Status status = batchesOf(call).drop(call.args[0]);
  if (!status) return call.respond(errorResponse(status));
  answerNoContent(call);
}

void getReplicationInventory(Call& call) {
  auto snapshot = batchOf(call);
  if (!snapshot) return;
  json::object body;
  if (call.request.flag("global", false)) {
    if (call.db != "_system") {
      answerError(call, tandem::ErrorCode::kForbidden,
                  "global inventory can only be fetched from within _system database", 403);
      return;
    }
    auto databases = snapshot->databases();
    if (!databases) return call.respond(errorResponse(databases.status()));
    json::object all;
    for (const auto& database : *databases) {
      auto collections = inventoryCollections(*snapshot, database.name);
      if (!collections) return call.respond(errorResponse(collections.status()));
      json::object entry;
      entry["id"] = database.id;
      entry["name"] = database.name;
      entry["collections"] = std::move(*collections);
      entry["views"] = json::array();
      all[database.name] = std::move(entry);
    }
    body["databases"] = std::move(all);
  } else {
    auto collections = inventoryCollections(*snapshot, call.db);
    if (!collections) return call.respond(errorResponse(collections.status()));
    body["collections"] = std::move(*collections);
    body["views"] = json::array();
  }
  body["state"] = snapshotState(*snapshot);
  body["tick"] = std::to_string(snapshot->position().tick);
  answerJson(call, 200, body);
}

void getReplicationDump(Call& call) {
  const std::string* collection = call.request.param("collection");
  if (collection == nullptr || collection->empty()) {
    answerError(call, tandem::ErrorCode::kHttpBadParameter, "invalid collection parameter", 400);
    return;
  }
  auto chunk_bytes = uintParam(call, "chunkSize", kDefaultChunkBytes);
  if (!chunk_bytes) return;
  auto snapshot = batchOf(call);
  if (!snapshot) return;
  const std::string* db_param = call.request.param("db");
  const std::string db = db_param != nullptr && !db_param->empty() ? *db_param : call.db;
  const std::string* after_param = call.request.param("after");
  std::string after = after_param != nullptr ? *after_param : std::string();
  const std::uint64_t limit = std::clamp<std::uint64_t>(*chunk_bytes, 1, kMaxChunkBytes);
  std::string body;
  bool more = true;
  while (more && body.size() < limit) {
    auto chunk = snapshot->dump(db, *collection, after, kDumpPage);
    if (!chunk)
      return call.respond(errorResponse(nameMissingCollection(chunk.status(), *collection)));
    std::size_t used = 0;
    for (const auto& doc : chunk->docs) {
      body.append("{\"type\":2300,\"data\":").append(doc.json).append("}\n");
      after = doc.key;
      ++used;
      if (body.size() >= limit) break;
    }
    more = used < chunk->docs.size() || chunk->more;
  }
  Response response;
  response.status = body.empty() ? 204 : 200;
  response.content_type = std::string(kDumpContentType);
  response.setHeader("x-arango-replication-checkmore", more && !body.empty() ? "true" : "false");
  response.setHeader("x-arango-replication-lastincluded",
                     body.empty() ? "0" : std::to_string(snapshot->position().tick));
  response.setHeader("x-tandem-dump-last", after);
  response.body = std::move(body);
  call.respond(std::move(response));
}

void getTermHistory(Call& call) {
  auto terms = call.store().termHistory();
  if (!terms) return call.respond(errorResponse(terms.status()));
  json::array list;
  for (const auto& range : *terms) {
    json::object entry;
    entry["term"] = range.term;
    entry["firstTick"] = std::to_string(range.first_tick);
    entry["lastTick"] = std::to_string(range.last_tick);
    list.push_back(std::move(entry));
  }
  const tandem::OplogPosition base = call.store().snapshotBase();
  json::object snapshot_base;
  snapshot_base["tick"] = std::to_string(base.tick);
  snapshot_base["term"] = base.term;
  json::object body;
  body["terms"] = std::move(list);
  body["lastTick"] = std::to_string(call.store().lastTick());
  body["firstTick"] = std::to_string(call.store().firstTick());
  body["snapshotBase"] = std::move(snapshot_base);
  body["term"] = call.store().currentTerm();
  answerJson(call, 200, body);
}

void getWalRange(Call& call) {
  json::object body;
  body["time"] = utcNow();
  const std::uint64_t first = call.store().firstTick();
  body["tickMin"] = std::to_string(first != 0 ? first : call.store().lastTick());
  body["tickMax"] = std::to_string(call.store().lastTick());
  body["server"] = serverObject(call);
  answerJson(call, 200, body);
}

void getWalLastTick(Call& call) {
  json::object body;
  body["time"] = utcNow();
  body["tick"] = std::to_string(call.store().lastTick());
  body["server"] = serverObject(call);
  answerJson(call, 200, body);
}

void tailWal(Call& call) {
  auto params = tailParams(call);
  if (!params) return;
  tandem::Store& store = call.store();
  if (ReplicationDriver* driver = driverOf(call); driver && !params->server_id.empty()) {
    driver->recordTail(params->server_id, params->from);
  }
  if (params->from_term && params->from != 0) {
    auto shared = store.hasPosition({params->from, *params->from_term});
    if (!shared) return call.respond(errorResponse(shared.status()));
    if (!*shared) {
      answerError(call, kDivergedErrorNum,
                  "follower history diverged at tick " + std::to_string(params->from), 409);
      return;
    }
  }
  // A `from` that passed the history check above is an entry of this oplog.
  const bool present =
      fromPresent(call, params->from) || (params->from_term.has_value() && params->from != 0);
  if (present && params->wait_ms > 0 && store.lastTick() <= params->from) {
    store.waitForTick(params->from, std::chrono::milliseconds(params->wait_ms));
  }
  TailChunk chunk;
  if (present) {
    auto read = readTailChunk(call, *params);
    if (!read) return call.respond(errorResponse(read.status()));
    chunk = std::move(*read);
  }
  const std::uint64_t last_tick = std::max(store.lastTick(), chunk.last_scanned);
  Response response;
  response.status = chunk.body.empty() ? 204 : 200;
  response.content_type = std::string(kDumpContentType);
  setReplicationHeaders(response, chunk.last_included, std::max(chunk.last_scanned, params->from),
                        last_tick, present,
                        chunk.last_included > 0 && chunk.last_included < last_tick);
  response.setHeader("x-tandem-leader-term", std::to_string(store.currentTerm()));
  response.body = std::move(chunk.body);
  call.respond(std::move(response));
}

}  // namespace tandem::node::api
