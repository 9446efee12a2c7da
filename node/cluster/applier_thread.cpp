#include "cluster/applier_thread.h"

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <future>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "cluster/http_client.h"
#include "http/http_message.h"
#include "log.h"
#include "replication/applier.h"
#include "replication/markers.h"
#include "replication/rollback_file.h"

namespace tandem::node::cluster {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kTopic = "replication";

// Runs one asynchronous Store write and waits for its callback (which the store always
// invokes, with kShuttingDown once it closes).
template <typename T, typename Start>
T awaitStore(Start&& start) {
  std::promise<T> promise;
  auto future = promise.get_future();
  start([&promise](T value) { promise.set_value(std::move(value)); });
  return future.get();
}

std::uint64_t numberOf(const json::value* value) {
  if (value == nullptr) return 0;
  if (value->is_uint64()) return value->as_uint64();
  if (value->is_int64()) return value->as_int64() < 0 ? 0 : value->as_int64();
  if (!value->is_string()) return 0;
  std::uint64_t out = 0;
  const auto& text = value->as_string();
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

std::uint64_t headerNumber(const HttpReply& reply, std::string_view name) {
  const std::string text = reply.header(name);
  std::uint64_t out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

std::string stringOf(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

tandem::Status protocolError(std::string what) {
  return tandem::Status::error(tandem::ErrorCode::kInternal, std::move(what), 500);
}

tandem::Status unexpected(const HttpReply& reply, std::string_view what) {
  return protocolError(std::string(what) + " answered HTTP " + std::to_string(reply.status) + ": " +
                       reply.body.substr(0, 200));
}

tandem::KeyGeneratorType keyGeneratorOf(std::string_view name) {
  if (name == "autoincrement") return tandem::KeyGeneratorType::kAutoincrement;
  if (name == "uuid") return tandem::KeyGeneratorType::kUuid;
  if (name == "padded") return tandem::KeyGeneratorType::kPadded;
  return tandem::KeyGeneratorType::kTraditional;
}

// An inventory entry's "parameters" as the leader wrote them (replication_handlers.cpp).
tandem::CollectionInfo collectionOf(const json::object& parameters) {
  tandem::CollectionInfo info;
  info.id = stringOf(parameters, "id");
  info.name = stringOf(parameters, "name");
  info.type = numberOf(parameters.if_contains("type")) == 3 ? tandem::CollectionType::kEdge
                                                            : tandem::CollectionType::kDocument;
  const auto* is_system = parameters.if_contains("isSystem");
  info.is_system = is_system != nullptr && is_system->is_bool() && is_system->as_bool();
  const auto* wait = parameters.if_contains("waitForSync");
  info.wait_for_sync = wait != nullptr && wait->is_bool() && wait->as_bool();
  info.globally_unique_id = stringOf(parameters, "globallyUniqueId");
  if (const auto* keys = parameters.if_contains("keyOptions"); keys && keys->is_object()) {
    const auto& object = keys->as_object();
    info.key_options.type = keyGeneratorOf(stringOf(object, "type"));
    const auto* allow = object.if_contains("allowUserKeys");
    info.key_options.allow_user_keys = allow == nullptr || !allow->is_bool() || allow->as_bool();
    info.key_options.increment =
        std::max<std::uint64_t>(1, numberOf(object.if_contains("increment")));
    info.key_options.offset = numberOf(object.if_contains("offset"));
    info.key_options.last_value = numberOf(object.if_contains("lastValue"));
  }
  return info;
}

// A full sync's snapshot on the leader: its id and position.
struct Batch {
  std::string id;
  tandem::OplogPosition position;
};

// The documents of a dump answer ({"type":2300,"data":{…}} per line), as JSON texts.
tandem::Result<std::vector<std::string>> dumpDocuments(std::string_view body) {
  std::vector<std::string> docs;
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (line.empty()) continue;
    json::error_code ec;
    auto marker = json::parse(line, ec);
    const auto* data = !ec && marker.is_object() ? marker.as_object().if_contains("data") : nullptr;
    if (data == nullptr || !data->is_object()) return protocolError("dump line without data");
    docs.push_back(json::serialize(*data));
  }
  return docs;
}

// The errorNum of an error body, 0 if there is none.
std::uint64_t errorNumOf(const std::string& body) {
  json::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) return 0;
  return numberOf(value.as_object().if_contains("errorNum"));
}

}  // namespace

struct ApplierThread::Impl {
  Impl(tandem::Store& s, const ReplicationOptions& o, FollowTarget t)
      : store(s),
        options(o),
        target(std::move(t)),
        client(target.leader_endpoint, HttpClientOptions{o.request_timeout, o.bearer_token}),
        applier(
            replication::ApplierOptions{o.retry_backoff / 10, o.retry_backoff * 4, o.tail_wait}) {
    status.target = target;
    status.applied = toPosition(store.lastPosition());
  }

  static supervision::Position toPosition(tandem::OplogPosition position) {
    supervision::Position out;
    out.term = position.term;
    out.tick = position.tick;
    return out;
  }

  void run();
  replication::ApplierAction perform(const replication::ApplierAction& action);
  tandem::Status fullSync();
  tandem::Result<Batch> openBatch();
  tandem::Status importInventory(const Batch& batch,
                                 std::vector<std::pair<std::string, std::string>>& collections);
  tandem::Status copyCollection(const Batch& batch, const std::string& db, const std::string& name);
  tandem::Result<replication::TailAnswer> tail(const replication::ApplierAction& action);
  tandem::Result<std::vector<tandem::TermRange>> leaderTermHistory();
  // True if the divergent entries were undone document by document; false: resync.
  tandem::Result<bool> rollBack(std::uint64_t fork_tick);
  // True if every touched document now matches the leader; false: a collection is gone there.
  tandem::Result<bool> restoreDocuments(const std::vector<tandem::OplogEntry>& removed);

  tandem::Result<HttpReply> request(std::string_view method, const std::string& target_path,
                                    std::string_view body, std::chrono::milliseconds extra = {}) {
    if (stopping.load()) {
      return tandem::Status::error(tandem::ErrorCode::kShuttingDown, "applier stopping", 503);
    }
    return client.request(method, target_path, body, options.request_timeout + extra);
  }

  // Publishes the applier's phase and counters; logs phase changes.
  void publish() {
    const ApplierPhase phase = applier.phase();
    std::lock_guard lock(mutex);
    status.resyncs = applier.resyncs();
    status.rollbacks = applier.rollbacks();
    status.last_error = applier.lastError();
    if (status.phase == phase) return;
    status.phase = phase;
    Log::info(kTopic, "applier phase",
              {{"phase", applierPhaseName(phase)}, {"leader", target.leader_id}});
  }

  void noteApplied() {
    const auto position = store.lastPosition();
    std::lock_guard lock(mutex);
    status.applied = toPosition(position);
    status.lag_ticks =
        status.leader_last_tick > position.tick ? status.leader_last_tick - position.tick : 0;
    // The leader does not say when its entries were written: lag_ms is how long this follower
    // has been behind without interruption.
    if (status.lag_ticks == 0) {
      behind_since.reset();
      status.lag_ms = 0;
    } else {
      if (!behind_since) behind_since = Clock::now();
      status.lag_ms = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *behind_since)
              .count());
    }
  }

  void noteProgress(std::size_t documents, std::size_t bytes, Clock::time_point started) {
    std::lock_guard lock(mutex);
    SyncProgress& sync = status.sync;
    sync.documents += documents;
    sync.bytes += bytes;
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (seconds > 0) sync.rate_docs_per_s = static_cast<double>(sync.documents) / seconds;
    const std::uint64_t left =
        sync.documents_total > sync.documents ? sync.documents_total - sync.documents : 0;
    sync.eta_s = sync.rate_docs_per_s > 0 ? static_cast<double>(left) / sync.rate_docs_per_s : 0;
  }

  void pause(std::chrono::milliseconds wait) {
    std::unique_lock lock(wake_mutex);
    wake.wait_for(lock, wait, [this] { return stopping.load(); });
  }

  tandem::Store& store;
  ReplicationOptions options;
  FollowTarget target;
  SyncHttpClient client;
  replication::Applier applier;  // only the applier thread touches it
  std::atomic<bool> stopping{false};
  std::mutex wake_mutex;
  std::condition_variable wake;
  mutable std::mutex mutex;  // guards status and behind_since
  ApplierStatus status;
  std::optional<Clock::time_point> behind_since;
  std::thread thread;
};

void ApplierThread::Impl::run() {
  Log::info(kTopic, "applier started",
            {{"leader", target.leader_id},
             {"endpoint", target.leader_endpoint},
             {"from", store.lastPosition().tick}});
  replication::ApplierAction action = applier.start(store.lastPosition());
  publish();
  while (!stopping.load() && action.kind != replication::ActionKind::kNone) {
    action = perform(action);
    publish();
  }
  applier.stop();
  std::lock_guard lock(mutex);
  status.phase = ApplierPhase::kIdle;
}

replication::ApplierAction ApplierThread::Impl::perform(const replication::ApplierAction& action) {
  using replication::ActionKind;
  auto failed = [&](const tandem::Status& status_of_step) {
    // A step cut short by stop() is no failure: the applier just ends.
    if (stopping.load()) return applier.stop();
    Log::warn(kTopic, "applier step failed, retrying",
              {{"leader", target.leader_id}, {"error", status_of_step.message()}});
    return applier.onError(status_of_step.message());
  };
  switch (action.kind) {
    case ActionKind::kTail: {
      auto answer = tail(action);
      return answer ? applier.onTail(*answer) : failed(answer.status());
    }
    case ActionKind::kFullSync: {
      auto synced = fullSync();
      return synced ? applier.onFullSyncDone(store.lastPosition()) : failed(synced);
    }
    case ActionKind::kFetchTermHistory: {
      auto leader_terms = leaderTermHistory();
      if (!leader_terms) return failed(leader_terms.status());
      auto own_terms = store.termHistory();
      if (!own_terms) return failed(own_terms.status());
      return applier.onTermHistory(*leader_terms, *own_terms, store.snapshotBase());
    }
    case ActionKind::kRollback: {
      auto restored = rollBack(action.fork_tick);
      if (!restored) return failed(restored.status());
      if (!*restored) {
        Log::info(kTopic, "divergence cannot be undone document by document, resyncing",
                  {{"leader", target.leader_id}, {"fork", action.fork_tick}});
      }
      return applier.onRollbackDone(*restored, store.lastPosition());
    }
    case ActionKind::kBackoff:
      pause(action.wait);
      return applier.onBackoffDone();
    case ActionKind::kNone:
      break;
  }
  return {};
}

tandem::Result<Batch> ApplierThread::Impl::openBatch() {
  const std::string body = "{\"ttl\":" + std::to_string(options.batch_ttl.count()) + "}";
  auto reply = request("POST", "/_api/replication/batch", body);
  if (!reply) return reply.status();
  if (reply->status != 200) return unexpected(*reply, "POST /_api/replication/batch");
  json::error_code ec;
  auto value = json::parse(reply->body, ec);
  if (ec || !value.is_object()) return protocolError("batch answer is not an object");
  Batch batch;
  batch.id = stringOf(value.as_object(), "id");
  batch.position.tick = numberOf(value.as_object().if_contains("lastTick"));
  batch.position.term = numberOf(value.as_object().if_contains("term"));
  return batch;
}

tandem::Status ApplierThread::Impl::fullSync() {
  auto batch = openBatch();
  if (!batch) return batch.status();
  Log::info(kTopic, "full sync started",
            {{"leader", target.leader_id},
             {"tick", batch->position.tick},
             {"term", batch->position.term},
             {"resyncs", applier.resyncs()}});
  std::vector<std::pair<std::string, std::string>> collections;
  tandem::Status copied = importInventory(*batch, collections);
  for (const auto& [db, name] : collections) {
    if (!copied) break;
    copied = copyCollection(*batch, db, name);
  }
  if (copied) {
    copied = awaitStore<tandem::Status>(
        [&](auto done) { store.finishFullSync(batch->position, std::move(done)); });
  }
  // The batch is released either way; if this fails its ttl runs out.
  (void)request("DELETE", "/_api/replication/batch/" + batch->id, "");
  if (!copied) return copied;
  noteApplied();
  std::lock_guard lock(mutex);
  Log::info(kTopic, "full sync done",
            {{"leader", target.leader_id},
             {"documents", status.sync.documents},
             {"tick", batch->position.tick}});
  return tandem::Status::ok();
}

tandem::Status ApplierThread::Impl::importInventory(
    const Batch& batch, std::vector<std::pair<std::string, std::string>>& collections) {
  auto reply = request("GET", "/_api/replication/inventory?global=true&batchId=" + batch.id, "");
  if (!reply) return reply.status();
  if (reply->status != 200) return unexpected(*reply, "GET /_api/replication/inventory");
  json::error_code ec;
  auto value = json::parse(reply->body, ec);
  const json::object* root = !ec && value.is_object() ? &value.as_object() : nullptr;
  const auto* databases = root != nullptr ? root->if_contains("databases") : nullptr;
  if (databases == nullptr || !databases->is_object()) {
    return protocolError("inventory without databases");
  }
  tandem::Status step =
      awaitStore<tandem::Status>([&](auto done) { store.beginFullSync(std::move(done)); });
  if (!step) return step;
  std::uint64_t total = 0;
  for (const auto& [name, database] : databases->as_object()) {
    if (!database.is_object()) return protocolError("inventory database is not an object");
    const std::string db(name);
    if (db != "_system") {
      tandem::DatabaseInfo info{stringOf(database.as_object(), "id"), db, false};
      step = awaitStore<tandem::Status>(
          [&](auto done) { store.importDatabase(info, std::move(done)); });
      if (!step) return step;
    }
    const auto* list = database.as_object().if_contains("collections");
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& entry : list->as_array()) {
      const auto* parameters =
          entry.is_object() ? entry.as_object().if_contains("parameters") : nullptr;
      if (parameters == nullptr || !parameters->is_object()) {
        return protocolError("inventory collection without parameters");
      }
      tandem::CollectionInfo info = collectionOf(parameters->as_object());
      total += numberOf(entry.as_object().if_contains("count"));
      step = awaitStore<tandem::Status>(
          [&](auto done) { store.importCollection(db, info, std::move(done)); });
      if (!step) return step;
      collections.emplace_back(db, info.name);
    }
  }
  std::lock_guard lock(mutex);
  status.sync = SyncProgress{};
  status.sync.documents_total = total;
  return tandem::Status::ok();
}

tandem::Status ApplierThread::Impl::copyCollection(const Batch& batch, const std::string& db,
                                                   const std::string& name) {
  const auto started = Clock::now();
  std::string after;
  while (!stopping.load()) {
    std::string path = "/_api/replication/dump?batchId=" + batch.id + "&db=" + percentEncode(db) +
                       "&collection=" + percentEncode(name) +
                       "&chunkSize=" + std::to_string(options.dump_chunk_bytes);
    if (!after.empty()) path += "&after=" + percentEncode(after);
    auto reply = request("GET", path, "");
    if (!reply) return reply.status();
    if (reply->status == 204) return tandem::Status::ok();
    if (reply->status != 200) return unexpected(*reply, "GET /_api/replication/dump");
    auto docs = dumpDocuments(reply->body);
    if (!docs) return docs.status();
    const std::size_t count = docs->size();
    tandem::Status imported = awaitStore<tandem::Status>(
        [&](auto done) { store.importDocuments(db, name, std::move(*docs), std::move(done)); });
    if (!imported) return imported;
    noteProgress(count, reply->body.size(), started);
    after = reply->header("x-tandem-dump-last");
    if (reply->header("x-arango-replication-checkmore") != "true" || after.empty()) {
      return tandem::Status::ok();
    }
  }
  return tandem::Status::error(tandem::ErrorCode::kShuttingDown, "applier stopping", 503);
}

tandem::Result<replication::TailAnswer> ApplierThread::Impl::tail(
    const replication::ApplierAction& action) {
  const std::string path = "/_api/wal/tail?from=" + std::to_string(action.from.tick) +
                           "&fromTerm=" + std::to_string(action.from.term) +
                           "&serverId=" + percentEncode(options.server_id) +
                           "&chunkSize=" + std::to_string(options.tail_chunk_bytes) +
                           "&wait=" + std::to_string(action.wait.count());
  auto reply = request("PUT", path, "[]", action.wait);
  if (!reply) return reply.status();
  replication::TailAnswer answer;
  answer.http_status = reply->status;
  answer.applied = store.lastPosition();
  if (reply->status != 200 && reply->status != 204) return answer;
  answer.from_present = reply->header("x-arango-replication-frompresent") != "false";
  answer.check_more = reply->header("x-arango-replication-checkmore") == "true";
  answer.last_included = headerNumber(*reply, "x-arango-replication-lastincluded");
  answer.last_tick = headerNumber(*reply, "x-arango-replication-lasttick");
  {
    std::lock_guard lock(mutex);
    status.leader_last_tick = answer.last_tick;
  }
  if (!answer.from_present) {
    Log::info(kTopic, "leader no longer has the entries after our position, resyncing",
              {{"leader", target.leader_id}, {"from", action.from.tick}});
    return answer;
  }
  if (reply->status == 200) {
    auto entries = replication::Markers::parseLines(reply->body);
    if (!entries) return entries.status();
    answer.entries_applied = entries->size();
    auto applied = awaitStore<tandem::Result<tandem::OplogPosition>>(
        [&](auto done) { store.applyReplicated(std::move(*entries), std::move(done)); });
    if (!applied) return applied.status();
    answer.applied = *applied;
    std::lock_guard lock(mutex);
    status.entries_applied += answer.entries_applied;
  }
  noteApplied();
  return answer;
}

tandem::Result<std::vector<tandem::TermRange>> ApplierThread::Impl::leaderTermHistory() {
  auto reply = request("GET", "/_api/replication/term-history", "");
  if (!reply) return reply.status();
  if (reply->status != 200) return unexpected(*reply, "GET /_api/replication/term-history");
  json::error_code ec;
  auto value = json::parse(reply->body, ec);
  if (ec || !value.is_object()) return protocolError("term history is not an object");
  std::vector<tandem::TermRange> terms;
  if (const auto* list = value.as_object().if_contains("terms"); list && list->is_array()) {
    for (const auto& term : list->as_array()) {
      if (!term.is_object()) return protocolError("term history entry is not an object");
      const auto& object = term.as_object();
      terms.push_back({numberOf(object.if_contains("term")),
                       numberOf(object.if_contains("firstTick")),
                       numberOf(object.if_contains("lastTick"))});
    }
  }
  return terms;
}

tandem::Result<bool> ApplierThread::Impl::rollBack(std::uint64_t fork_tick) {
  // The divergent entries go to the rollback file before anything is undone.
  auto divergent = store.readOplog(fork_tick, std::numeric_limits<std::size_t>::max());
  if (!divergent) return divergent.status();
  replication::RollbackHeader header{fork_tick, target.leader_id, target.term,
                                     std::chrono::system_clock::now()};
  auto file = replication::RollbackFile::write(options.database_directory, header, *divergent);
  if (!file) return file.status();
  Log::info(kTopic, "history diverged: divergent entries saved",
            {{"leader", target.leader_id},
             {"fork", fork_tick},
             {"entries", divergent->size()},
             {"file", *file}});
  if (!replication::canRestoreDocuments(*divergent)) return false;
  auto removed = awaitStore<tandem::Result<std::vector<tandem::OplogEntry>>>(
      [&](auto done) { store.rollbackAfter(fork_tick, std::move(done)); });
  if (!removed) return removed.status();
  auto restored = restoreDocuments(*removed);
  if (!restored || !*restored) return restored;
  noteApplied();
  Log::info(kTopic, "rolled back to the fork point",
            {{"leader", target.leader_id}, {"fork", fork_tick}, {"entries", removed->size()}});
  return true;
}

tandem::Result<bool> ApplierThread::Impl::restoreDocuments(
    const std::vector<tandem::OplogEntry>& removed) {
  std::set<std::tuple<std::string, std::string, std::string>> touched;
  for (const auto& entry : removed) {
    if (!entry.key.empty()) touched.emplace(entry.db, entry.collection, entry.key);
  }
  for (const auto& [db, collection, key] : touched) {
    auto reply = request("GET",
                         "/_db/" + percentEncode(db) + "/_api/document/" +
                             percentEncode(collection) + "/" + percentEncode(key),
                         "");
    if (!reply) return reply.status();
    std::optional<std::string> current;
    if (reply->status == 200) {
      current = reply->body;
    } else if (reply->status == 404 && errorNumOf(reply->body) != 1202) {
      return false;  // the collection or database is gone on the leader
    } else if (reply->status != 404) {
      return unexpected(*reply, "GET document from the leader");
    }
    tandem::Status restored = awaitStore<tandem::Status>(
        [&](auto done) { store.restoreDocument(db, collection, key, current, std::move(done)); });
    if (!restored) return restored;
  }
  return true;
}

ApplierThread::ApplierThread(tandem::Store& store, const ReplicationOptions& options,
                             FollowTarget target)
    : impl_(std::make_unique<Impl>(store, options, std::move(target))) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

ApplierThread::~ApplierThread() { stop(); }

void ApplierThread::stop() {
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard lock(impl_->wake_mutex);
    impl_->stopping.store(true);
  }
  impl_->wake.notify_all();
  impl_->client.cancel();
  impl_->thread.join();
  Log::info(kTopic, "applier stopped", {{"leader", impl_->target.leader_id}});
}

ApplierStatus ApplierThread::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->status;
}

const FollowTarget& ApplierThread::target() const { return impl_->target; }

}  // namespace tandem::node::cluster
