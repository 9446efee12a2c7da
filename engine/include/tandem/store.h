// tandem::Store: the document store of one node — databases, collections and JSON documents
// with ArangoDB's `_key/_id/_rev` semantics, persisted in one SQLite file together with the
// operation log (oplog) that replication tails.
//
// Ownership: a Store owns its SQLite connections and its writer thread. Open it with
// Store::open(); destroying it (or close()) finishes every queued write, answers its
// callback, checkpoints and closes the file cleanly.
//
// Thread-safety: every method may be called from any thread concurrently.
//  - Reads run on the calling thread on a pooled read-only connection (WAL snapshot reads);
//    they see every write whose callback has already been invoked.
//  - Writes are queued to the single writer thread, which batches concurrent writes into one
//    SQLite transaction (group commit). The callback is invoked exactly once, on the writer
//    thread, after the transaction is durable (or has failed); it must not block and must not
//    call write methods synchronously waiting for their result, nor close() the store.
//    Exception: a write submitted after close() is answered (kShuttingDown) at once, on the
//    calling thread.
//
// Documents travel as JSON text: request bodies are passed in as received and parsed once by
// the engine; results carry JSON text ready to be embedded in a response body.
// Every data change and its oplog entry are written in the same transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/status.h"

namespace tandem {

inline constexpr int kSchemaVersion = 3;  // on-disk layout this binary writes

enum class SyncMode { kFull, kNormal };  // SQLite PRAGMA synchronous

struct StoreOptions {
  std::string directory;  // created if missing; the file is <directory>/tandem.db
  SyncMode sync = SyncMode::kFull;
  int reader_connections = 4;
  std::size_t max_batch_operations = 2000;  // group-commit bound, in operations
};

enum class CollectionType : int { kDocument = 2, kEdge = 3 };
enum class KeyGeneratorType { kTraditional, kAutoincrement, kUuid, kPadded };

struct KeyOptions {
  KeyGeneratorType type = KeyGeneratorType::kTraditional;
  bool allow_user_keys = true;
  std::uint64_t increment = 1;   // autoincrement only
  std::uint64_t offset = 0;      // autoincrement only
  std::uint64_t last_value = 0;  // last generated numeric key (reported, not set by clients)
};

struct CollectionSpec {
  std::string name;
  CollectionType type = CollectionType::kDocument;
  bool wait_for_sync = false;
  bool is_system = false;  // must match the name: system collections start with '_'
  KeyOptions key_options;
};

struct CollectionInfo {
  std::string id;  // numeric string, unique per store
  std::string name;
  CollectionType type = CollectionType::kDocument;
  bool is_system = false;
  bool wait_for_sync = false;
  KeyOptions key_options;
  std::string globally_unique_id;  // "h<server id>/<id>"
};

struct DatabaseInfo {
  std::string id;
  std::string name;
  bool is_system = false;  // only "_system"
};

enum class OverwriteMode { kConflict, kIgnore, kReplace, kUpdate };

// Options of a document write; the names follow ArangoDB's query parameters.
struct WriteOptions {
  std::optional<bool> wait_for_sync;  // unset: the collection's setting
  bool return_new = false;
  bool return_old = false;
  bool silent = false;
  std::optional<OverwriteMode> overwrite_mode;  // insert only; unset: conflict
  bool keep_null = true;                        // update (and insert with overwriteMode update)
  bool merge_objects = true;                    // update (and insert with overwriteMode update)
  bool ignore_revs = true;                      // false: a `_rev` in each body is a precondition
  // If-Match for single-document replace/update/remove: the current revision must equal it.
  std::optional<std::string> if_match;
};

// The outcome for one document of a write (or of a multi-get).
struct DocumentResult {
  Status status;   // error for this document only (array requests go on after errors)
  std::string id;  // "<collection>/<key>"; on 412 conflicts: the current document's
  std::string key;
  std::string rev;       // new revision (or current on 412)
  std::string old_rev;   // replaced/updated/removed revision, empty if none
  std::string new_json;  // full new document if return_new (JSON text), else empty
  std::string old_json;  // full old document if return_old (JSON text), else empty
  bool ignored = false;  // insert with overwriteMode ignore found an existing document
};

struct WriteResult {
  bool is_array = false;  // the request body was an array: answer with an array
  // waitForSync was in effect (option or collection flag), so the commit was fsynced before
  // the callback (ArangoDB answers 201 instead of 202). False for writes that did not ask for
  // it, even if synchronous=FULL happened to fsync them as well.
  bool synced = false;
  std::vector<DocumentResult> items;  // one per input document, in order
  std::uint64_t last_tick = 0;        // tick of the last oplog entry written
};

using WriteCallback = std::function<void(Result<WriteResult>)>;

struct Document {
  std::string id;
  std::string key;
  std::string rev;
  std::string json;  // full document including _key, _id, _rev
};

// A histogram of commit batch sizes (operations per SQLite transaction).
struct CommitStats {
  static constexpr std::uint64_t kBounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
  std::uint64_t bucket_counts[std::size(kBounds) + 1] = {};  // last bucket: +Inf
  std::uint64_t commits = 0;
  std::uint64_t operations = 0;
};

struct StoreStats {
  std::uint64_t last_tick = 0;
  std::uint64_t documents_written = 0;  // inserts + replaces + updates + removes since open
  CommitStats commit;
};

// Oplog entry types: ArangoDB's replication marker numbers.
enum class OpType : int {
  kCreateDatabase = 1100,
  kDropDatabase = 1101,
  kCreateCollection = 2000,
  kDropCollection = 2001,
  kTruncateCollection = 2004,
  kDocumentUpsert = 2300,  // insert, replace or update: body is the full new document
  kDocumentRemove = 2302,  // body is {"_key":..,"_rev":..} of the removed revision
  kTermStart = 9001,       // first entry of a leader's term: {"term":N,"leader":"SNGL-..."}
};

// A point in a replication history: the (tick, term) of an oplog entry.
struct OplogPosition {
  std::uint64_t tick = 0;
  std::uint64_t term = 0;
  bool operator==(const OplogPosition&) const = default;
};

// One oplog row (see engine/storage/DESIGN.md for the table layout).
struct OplogEntry {
  std::uint64_t tick = 0;  // strictly increasing per store
  std::uint64_t term = 0;  // term of the leader that wrote it (0 before replication)
  OpType type = OpType::kDocumentUpsert;
  std::string db;
  std::string collection;  // collection name; empty for database operations
  std::string key;         // document key; empty for DDL
  std::string rev;         // document revision; empty for DDL
  std::string body;        // JSON text: the document, or the DDL's parameters
};

// One leader term as the oplog records it: entries [first_tick, last_tick] carry `term`.
struct TermRange {
  std::uint64_t term = 0;
  std::uint64_t first_tick = 0;
  std::uint64_t last_tick = 0;
  bool operator==(const TermRange&) const = default;
};

class StoreSnapshot;  // tandem/store_snapshot.h

struct UpgradeReport {
  int from_version = 0;
  int to_version = 0;
};

class Store {
 public:
  // Opens (creating if needed) the store in options.directory. Fails with kSchemaOlder if the
  // file has an older schema (run upgrade()), kSchemaNewer if newer, kDatadirLocked if another
  // process holds the directory.
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);

  // Migrates the store in options.directory to kSchemaVersion and closes it (ArangoDB's
  // --database.auto-upgrade). Succeeds with from == to when nothing was to do;
  // kSchemaNewer for a newer schema (downgrade is refused).
  static Result<UpgradeReport> upgrade(const StoreOptions& options);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Finishes queued writes, stops the writer and closes the file. Idempotent.
  void close();

  std::string serverId() const;  // persistent, "SNGL-<uuid>"
  int schemaVersion() const;
  std::uint64_t lastTick() const;
  StoreStats stats() const;

  // Oplog entries with tick > after, in tick order, at most `limit` of them.
  Result<std::vector<OplogEntry>> readOplog(std::uint64_t after, std::size_t limit) const;

  // --- replication (engine/replication/DESIGN.md) -------------------------------------
  // The (tick, term) of the newest oplog entry, or of the snapshot a full sync started from
  // when none was applied since; {0, 0} for a new store.
  OplogPosition lastPosition() const;
  // The term stamped on new entries (0 before this node first led).
  std::uint64_t currentTerm() const;
  // Leader: begins `term` (> currentTerm(), else kBadParameter): writes the term-start entry
  // (kTermStart, body {"term":term,"leader":leader_id}) and stamps `term` on every later entry.
  // `done` gets the term-start entry's position once it is durable.
  void beginTerm(std::uint64_t term, std::string leader_id,
                 std::function<void(Result<OplogPosition>)> done);
  // Blocks until an entry with tick > after is committed, the store closes or `timeout`
  // passes; returns lastTick().
  std::uint64_t waitForTick(std::uint64_t after, std::chrono::milliseconds timeout) const;
  // Terms present in the oplog, oldest first (a term's entries are contiguous: terms never go
  // back in one oplog). Empty for an empty oplog; the snapshot base is not part of it.
  Result<std::vector<TermRange>> termHistory() const;
  // Oldest retained oplog tick, 0 if the oplog is empty.
  std::uint64_t firstTick() const;
  // The position a full sync started from ({0, 0} if this store never finished one). After a
  // full sync the oplog is empty and lastPosition() is this base until an entry is applied.
  OplogPosition snapshotBase() const;
  // True if the oplog holds an entry with exactly this tick and term, or `position` is the
  // snapshot base: a follower at `position` shares this store's history up to it.
  Result<bool> hasPosition(OplogPosition position) const;
  // Pins a read snapshot (an open read transaction on a connection of its own) for an initial
  // sync: it sees the store as of one commit however long it stays open, and holds no lock
  // on writers (WAL). Destroy every snapshot before the store closes.
  Result<std::unique_ptr<StoreSnapshot>> openSnapshot() const;

  // Follower side. Each call runs on the writer thread in one transaction of its own; the
  // callback runs there after the commit (or the failure), as for the other writes.
  //
  // Applies leader entries verbatim (documents with their _key/_rev/body, removes, databases,
  // collections with the leader's ids and properties, term starts), writing each into this
  // oplog with the same tick and term, raising currentTerm() to the entries' term and
  // updating counts, key-generator state and meta.applied_tick/term. Entries with
  // tick <= lastPosition().tick are skipped (re-delivery is harmless); ticks must increase
  // within `entries` (else kBadParameter, nothing applied). `done` gets lastPosition() after
  // the commit.
  void applyReplicated(std::vector<OplogEntry> entries,
                       std::function<void(Result<OplogPosition>)> done);
  // Starts a full sync: drops every database but _system, every collection and the oplog;
  // the snapshot base becomes {0, 0}. Keeps the server id, last_tick and currentTerm().
  void beginFullSync(std::function<void(Status)> done);
  // Creates a database with the leader's id (`info.id`, `info.name`); kDuplicateName if it
  // exists (_system always does: importing it is a no-op).
  void importDatabase(DatabaseInfo info, std::function<void(Status)> done);
  // Creates a collection exactly as the leader has it (id, name, type, flags, key options
  // including last_value, globallyUniqueId). kDatabaseNotFound, kDuplicateName.
  void importCollection(std::string db, CollectionInfo info, std::function<void(Status)> done);
  // Inserts documents verbatim (each JSON text must carry _key and _rev; a document with an
  // existing key replaces it), without oplog entries, in one transaction. kBadParameter for a
  // document without _key/_rev (nothing written). Under SyncMode::kNormal the commit is not
  // fsynced (finishFullSync() is): a crash during a sync means a new sync anyway.
  void importDocuments(std::string db, std::string collection, std::vector<std::string> json_docs,
                       std::function<void(Status)> done);
  // Ends a full sync: records `base` as the snapshot base (lastPosition() returns it) and
  // raises the tick counter and currentTerm() to it.
  void finishFullSync(OplogPosition base, std::function<void(Status)> done);
  // Removes the oplog entries with tick > fork_tick and returns them, oldest first; the
  // documents stay as they are (the caller restores them with restoreDocument()). kBadParameter
  // if fork_tick is below the oldest entry and not the snapshot base (history missing).
  void rollbackAfter(std::uint64_t fork_tick,
                     std::function<void(Result<std::vector<OplogEntry>>)> done);
  // Sets one document to the leader's current version (`json` with _key and _rev) or removes
  // it (nullopt), without an oplog entry. kDatabaseNotFound, kDataSourceNotFound.
  void restoreDocument(std::string db, std::string collection, std::string key,
                       std::optional<std::string> json, std::function<void(Status)> done);
  // Retention: deletes the oplog entries with tick <= keep_after_tick, but never the newest
  // entry (lastPosition() stays what it is). `done` gets the number of entries deleted.
  void pruneOplog(std::uint64_t keep_after_tick, std::function<void(Result<std::uint64_t>)> done);

  // --- databases -------------------------------------------------------------------
  Result<std::vector<DatabaseInfo>> listDatabases() const;
  Result<DatabaseInfo> database(std::string_view name) const;  // kDatabaseNotFound
  // kDatabaseNameInvalid (1229, "database name invalid") or kDuplicateName.
  void createDatabase(std::string name, std::function<void(Status)> done);
  // kDatabaseNotFound; kForbidden for _system.
  void dropDatabase(std::string name, std::function<void(Status)> done);

  // --- collections -----------------------------------------------------------------
  Result<std::vector<CollectionInfo>> listCollections(std::string_view db) const;
  Result<CollectionInfo> collection(std::string_view db, std::string_view name) const;
  Result<std::uint64_t> count(std::string_view db, std::string_view name) const;
  // kIllegalName, kDuplicateName, kDatabaseNotFound.
  void createCollection(std::string db, CollectionSpec spec,
                        std::function<void(Result<CollectionInfo>)> done);
  void truncateCollection(std::string db, std::string name,
                          std::function<void(Result<CollectionInfo>)> done);
  // kForbidden if the collection is a system one and allow_system is false.
  void dropCollection(std::string db, std::string name, bool allow_system,
                      std::function<void(Result<CollectionInfo>)> done);

  // --- documents -------------------------------------------------------------------
  // Reads one document: kDatabaseNotFound, kDataSourceNotFound, kDocumentNotFound.
  Result<Document> get(std::string_view db, std::string_view collection,
                       std::string_view key) const;
  // Multi-get (PUT ?onlyget=true): `body` is a JSON array of keys or of objects with
  // _key/_id. Per-item errors in DocumentResult::status; new_json holds the document.
  Result<std::vector<DocumentResult>> getMany(std::string_view db, std::string_view collection,
                                              std::string_view body) const;

  // Writes. `body` is the request body as received: one JSON object, or an array of them
  // (then WriteResult::is_array). Top-level errors (bad JSON 600, unknown database or
  // collection, body neither object nor array 1227) fail the whole call; per-document
  // errors are reported per item and change nothing for that item.
  // `key` names the document for single-document replace/update/remove; for arrays (and
  // for insert) it is empty and each element carries _key (or _id).
  void insert(std::string db, std::string collection, std::string body, const WriteOptions& options,
              WriteCallback done);
  void replace(std::string db, std::string collection, std::string key, std::string body,
               const WriteOptions& options, WriteCallback done);
  void update(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);
  // For a single remove, body may be empty. For an array remove, elements are keys (strings)
  // or objects with _key/_id (and _rev when ignore_revs is false).
  void remove(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Key rules of ArangoDB: 1–254 bytes of A-Z a-z 0-9 _ - . @ ( ) + , = ; $ ! * ' % :
bool isValidDocumentKey(std::string_view key);
// Collection names: a letter (or '_' for system collections) then letters, digits, '_'
// and '-', at most 256 bytes.
bool isValidCollectionName(std::string_view name, bool allow_system);
// Database names: a letter (or "_system") then letters, digits, '_' and '-', at most 64 bytes.
bool isValidDatabaseName(std::string_view name);

}  // namespace tandem
