/// @file
/// tandem::Store: the document store of one node — databases, collections and JSON documents
/// with ArangoDB's `_key/_id/_rev` semantics, persisted in one SQLite file together with the
/// operation log (oplog) that replication tails.
///
/// Ownership: a Store owns its SQLite connections and its writer thread. Open it with
/// Store::open(); destroying it (or close()) finishes every queued write, answers its
/// callback, checkpoints and closes the file cleanly.
///
/// Thread-safety: every method may be called from any thread concurrently (but see close()).
///  - Reads run on the calling thread on a pooled read-only connection (WAL snapshot reads);
///    they see every write whose callback has already been invoked.
///  - Writes are queued to the single writer thread, which batches concurrent writes into one
///    SQLite transaction (group commit). The callback is invoked exactly once, on the writer
///    thread, after the transaction is durable (or has failed); it must not block and must not
///    call write methods synchronously waiting for their result, nor close() the store.
///    Exception: a write submitted after close() is answered (kShuttingDown) at once, on the
///    calling thread.
///  - Cursors (Store::openCursor()) and change feeds (Store::subscribe()) may outlive the
///    store: close() ends them first (they then answer kShuttingDown).
///
/// Documents travel as JSON text: request bodies are passed in as received and parsed once by
/// the engine; results carry JSON text ready to be embedded in a response body.
/// Every data change and its oplog entry are written in the same transaction.
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

inline constexpr int kSchemaVersion = 3;  ///< on-disk layout this binary writes

/// Durability of commits (SQLite PRAGMA synchronous): kFull fsyncs every commit; kNormal only
/// those with waitForSync and DDL (see engine/storage/DESIGN.md, Durability).
enum class SyncMode { kFull, kNormal };

/// How Store::open() opens a data directory.
struct StoreOptions {
  std::string directory;            ///< created if missing; the file is <directory>/tandem.db
  SyncMode sync = SyncMode::kFull;  ///< commit durability
  int reader_connections = 4;       ///< pooled read-only connections (also used by feeds)
  std::size_t max_batch_operations = 2000;  ///< group-commit bound, in operations
};

/// ArangoDB's collection types (the numbers are the API's `type`).
enum class CollectionType : int { kDocument = 2, kEdge = 3 };
/// ArangoDB's key generators (`keyOptions.type`).
enum class KeyGeneratorType { kTraditional, kAutoincrement, kUuid, kPadded };

/// A collection's `keyOptions`.
struct KeyOptions {
  KeyGeneratorType type = KeyGeneratorType::kTraditional;  ///< how keys are generated
  bool allow_user_keys = true;   ///< false: a `_key` in an inserted document is refused
  std::uint64_t increment = 1;   ///< autoincrement only
  std::uint64_t offset = 0;      ///< autoincrement only
  std::uint64_t last_value = 0;  ///< last generated numeric key (reported, not set by clients)
};

/// What Store::createCollection() creates (ArangoDB's POST /_api/collection body).
struct CollectionSpec {
  std::string name;                                 ///< see isValidCollectionName()
  CollectionType type = CollectionType::kDocument;  ///< document or edge collection
  bool wait_for_sync = false;  ///< every write to it is fsynced before its callback
  bool is_system = false;      ///< must match the name: system collections start with '_'
  KeyOptions key_options;      ///< key generator
};

/// A collection's properties as the store reports them.
struct CollectionInfo {
  std::string id;                                   ///< numeric string, unique per store
  std::string name;                                 ///< collection name
  CollectionType type = CollectionType::kDocument;  ///< document or edge collection
  bool is_system = false;                           ///< name starts with '_'
  bool wait_for_sync = false;                       ///< every write is fsynced
  KeyOptions key_options;                           ///< key generator, with its current last_value
  std::string globally_unique_id;                   ///< "h<server id>/<id>"
};

/// A database as the store reports it.
struct DatabaseInfo {
  std::string id;          ///< numeric string ("1" for _system)
  std::string name;        ///< see isValidDatabaseName()
  bool is_system = false;  ///< only "_system"
};

/// ArangoDB's `overwriteMode` of an insert whose key exists: fail (1210), keep the existing
/// document, replace it, or update it.
enum class OverwriteMode { kConflict, kIgnore, kReplace, kUpdate };

/// Options of a document write; the names follow ArangoDB's query parameters.
struct WriteOptions {
  std::optional<bool> wait_for_sync;  ///< unset: the collection's setting
  bool return_new = false;            ///< fill DocumentResult::new_json
  bool return_old = false;            ///< fill DocumentResult::old_json
  bool silent = false;                ///< the HTTP layer answers without per-document details
  std::optional<OverwriteMode> overwrite_mode;  ///< insert only; unset: conflict
  bool keep_null = true;                        ///< update (and insert with overwriteMode update)
  bool merge_objects = true;                    ///< update (and insert with overwriteMode update)
  bool ignore_revs = true;                      ///< false: a `_rev` in each body is a precondition
  /// If-Match for single-document replace/update/remove: the current revision must equal it.
  std::optional<std::string> if_match;
};

/// The outcome for one document of a write (or of a multi-get).
struct DocumentResult {
  Status status;         ///< error for this document only (array requests go on after errors)
  std::string id;        ///< "<collection>/<key>"; on 412 conflicts: the current document's
  std::string key;       ///< the document's key
  std::string rev;       ///< new revision (or current on 412)
  std::string old_rev;   ///< replaced/updated/removed revision, empty if none
  std::string new_json;  ///< full new document if return_new (JSON text), else empty
  std::string old_json;  ///< full old document if return_old (JSON text), else empty
  bool ignored = false;  ///< insert with overwriteMode ignore found an existing document
};

/// The outcome of a write call: one item per document.
struct WriteResult {
  bool is_array = false;  ///< the request body was an array: answer with an array
  /// waitForSync was in effect (option or collection flag), so the commit was fsynced before
  /// the callback (ArangoDB answers 201 instead of 202). False for writes that did not ask for
  /// it, even if synchronous=FULL happened to fsync them as well.
  bool synced = false;
  std::vector<DocumentResult> items;  ///< one per input document, in order
  std::uint64_t last_tick = 0;        ///< tick of the last oplog entry written
};

/// Receives a write's outcome, once, on the writer thread (see the file comment). An error
/// Result means the whole call failed; per-document errors are in WriteResult::items.
using WriteCallback = std::function<void(Result<WriteResult>)>;

/// A stored document.
struct Document {
  std::string id;    ///< "<collection>/<key>"
  std::string key;   ///< `_key`
  std::string rev;   ///< `_rev`
  std::string json;  ///< full document including _key, _id, _rev
};

/// A histogram of commit batch sizes (operations per SQLite transaction).
struct CommitStats {
  /// Upper bounds (inclusive) of the buckets, in operations per commit.
  static constexpr std::uint64_t kBounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
  std::uint64_t bucket_counts[std::size(kBounds) + 1] = {};  ///< last bucket: +Inf
  std::uint64_t commits = 0;     ///< SQLite transactions committed since open
  std::uint64_t operations = 0;  ///< operations in them
};

/// Counters of a store since it was opened (Store::stats()).
struct StoreStats {
  std::uint64_t last_tick = 0;          ///< as Store::lastTick()
  std::uint64_t documents_written = 0;  ///< inserts + replaces + updates + removes since open
  CommitStats commit;                   ///< group-commit batch sizes
};

/// Oplog entry types: ArangoDB's replication marker numbers.
enum class OpType : int {
  kCreateDatabase = 1100,      ///< body {"id","name"}
  kDropDatabase = 1101,        ///< body {"id","name"}
  kCreateCollection = 2000,    ///< body: the collection's properties
  kDropCollection = 2001,      ///< body {"id","name"}
  kTruncateCollection = 2004,  ///< body {"id","name"}
  kDocumentUpsert = 2300,      ///< insert, replace or update: body is the full new document
  kDocumentRemove = 2302,      ///< body is {"_key":..,"_rev":..} of the removed revision
  kTermStart = 9001,           ///< first entry of a leader's term: {"term":N,"leader":"SNGL-..."}
};

/// A point in a replication history: the (tick, term) of an oplog entry.
struct OplogPosition {
  std::uint64_t tick = 0;  ///< oplog tick
  std::uint64_t term = 0;  ///< term of the entry at `tick`
  /// Same tick and term.
  bool operator==(const OplogPosition&) const = default;
};

/// One oplog row (see engine/storage/DESIGN.md for the table layout).
struct OplogEntry {
  std::uint64_t tick = 0;  ///< strictly increasing per store
  std::uint64_t term = 0;  ///< term of the leader that wrote it (0 before replication)
  OpType type = OpType::kDocumentUpsert;  ///< what happened
  std::string db;                         ///< database name
  std::string collection;                 ///< collection name; empty for database operations
  std::string key;                        ///< document key; empty for DDL
  std::string rev;                        ///< document revision; empty for DDL
  std::string body;                       ///< JSON text: the document, or the DDL's parameters
};

/// One leader term as the oplog records it: entries [first_tick, last_tick] carry `term`.
struct TermRange {
  std::uint64_t term = 0;        ///< the leader term
  std::uint64_t first_tick = 0;  ///< its oldest retained entry
  std::uint64_t last_tick = 0;   ///< its newest entry
  /// Same term and ticks.
  bool operator==(const TermRange&) const = default;
};

class StoreSnapshot;  // tandem/store_snapshot.h

/// How Store::openCursor() walks a collection.
struct CursorOptions {
  /// Begin after this key (exclusive); empty: from the first key. Resuming an interrupted
  /// walk passes the last key seen.
  std::string start_after;
  /// Documents read from SQLite per Cursor::next() (1..100000; 0 is taken as 1000).
  std::size_t batch_size = 1000;
  /// true: every batch sees the collection as of openCursor() (a pinned read transaction on a
  /// connection of the cursor's own, like StoreSnapshot; writes go on, but the file's WAL
  /// cannot be checkpointed past the cursor while it lives). false: each next() reads the
  /// newest committed state after the last key returned (keyset paging; no pinned
  /// transaction; a document inserted behind the cursor is not seen, one ahead of it is).
  bool snapshot = true;
};

/// An ordered walk over one collection's documents, in ascending key order (the byte order of
/// the UTF-8 `_key`, as SQLite's BINARY collation compares it).
///
/// Ownership: created by Store::openCursor(); it may outlive the store: Store::close() ends
/// it (releasing a snapshot cursor's pinned transaction), and next() then fails with
/// kShuttingDown.
/// Thread-safety: one cursor is used by one thread at a time; different cursors are
/// independent. Errors: kDatabaseNotFound, kDataSourceNotFound (also when the collection is
/// dropped while a non-snapshot cursor walks it), kShuttingDown after the store closed.
class Cursor {
 public:
  struct Impl;  ///< internal (engine/storage/cursor.cpp)
  /// Made by Store::openCursor().
  explicit Cursor(std::unique_ptr<Impl> impl);
  /// Ends the walk (a snapshot cursor's read transaction with it).
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  /// The next documents (at most CursorOptions::batch_size), in key order; an empty vector once
  /// the walk is over (then done() is true). After an error the cursor stays where it was:
  /// next() may be called again.
  Result<std::vector<Document>> next();
  /// True once next() has returned every document.
  bool done() const;
  /// The key of the last document returned so far (CursorOptions::start_after before the
  /// first); pass it as CursorOptions::start_after to resume later.
  const std::string& lastKey() const;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Which committed operations a change feed delivers (Store::subscribe()).
struct ChangeFeedOptions {
  /// Deliver entries with tick > from_tick. 0: from the oldest entry the oplog holds; use
  /// Store::lastTick() to get only what is committed from now on. Ticks are increasing but
  /// not dense (they skip, e.g. after a rollback): any tick may be passed.
  std::uint64_t from_tick = 0;
  /// Only this database's entries; empty: every database.
  std::string db;
  /// Only this collection's entries (needs `db`); empty: every collection. Database-level
  /// entries (kCreateDatabase, kDropDatabase) pass a collection filter only when `db` matches.
  std::string collection;
  /// Entries delivered per callback at most (1..100000; 0 is taken as 1000).
  std::size_t max_batch = 1000;
  /// Also deliver kTermStart entries (leader changes); off by default. They are store-wide:
  /// the db and collection filters do not apply to them.
  bool include_term_starts = false;
};

/// Receives committed oplog entries in tick order, several per call when they come in bursts.
/// Called on the subscription's own thread, never concurrently with itself; it may read the
/// store and submit writes, but must not wait for a write's callback (no *Sync calls), close
/// the store or destroy its own Subscription (cancel() is allowed). If it throws, the feed
/// ends with kInternal (ChangeFeedEnd).
using ChangeCallback = std::function<void(const std::vector<OplogEntry>& entries)>;
/// Called once, on the subscription's thread, when a feed ends on its own: kChangeFeedGap
/// (entries after its position were pruned, or a follower's rollback or full resync replaced
/// the history it delivered; the message names the tick to subscribe again from, after
/// re-reading the data), kShuttingDown (the store closed; Store::close() waits for it), or
/// another error (a read failed, or the change callback threw: kInternal).
/// Not called after cancel() or destruction of the Subscription.
using ChangeFeedEnd = std::function<void(Status status)>;

/// A running change feed (Store::subscribe()), with a thread of its own.
///
/// Ownership: destroying it (or cancel()) stops delivery and joins its thread; after that no
/// callback runs. Must not be destroyed from its own callbacks. It may outlive its Store:
/// Store::close() ends the feed first (ChangeFeedEnd gets kShuttingDown).
/// Thread-safety: every method may be called from any thread; cancel() also from the feed's
/// own callback (then it stops the feed without waiting for itself).
class Subscription {
 public:
  struct Impl;  ///< internal (engine/storage/change_feed.cpp)
  /// Made by Store::subscribe().
  explicit Subscription(std::unique_ptr<Impl> impl);
  /// cancel().
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  /// Stops delivery and waits for a running callback to return (unless called from that
  /// callback). Idempotent. Do not call it while holding something the callback waits for.
  void cancel();
  /// The tick of the last entry delivered (or examined and filtered out); before any, the
  /// starting position (from_tick, or for 0 the tick the oldest retained history starts
  /// after).
  std::uint64_t position() const;
  /// OK while running or after cancel(); the ending status once the feed ended on its own.
  Status status() const;

 private:
  std::unique_ptr<Impl> impl_;
};

/// What Store::upgrade() did.
struct UpgradeReport {
  int from_version = 0;  ///< schema version found (kSchemaVersion for a new file)
  int to_version = 0;    ///< schema version now (kSchemaVersion)
};

/// One store: a data directory opened by one process (see the file comment for ownership and
/// thread-safety).
class Store {
 public:
  /// Opens (creating if needed) the store in options.directory. Fails with kSchemaOlder if the
  /// file has an older schema (run upgrade()), kSchemaNewer if newer, kDatadirLocked if another
  /// process holds the directory.
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);

  /// Migrates the store in options.directory to kSchemaVersion and closes it (ArangoDB's
  /// --database.auto-upgrade). Succeeds with from == to when nothing was to do;
  /// kSchemaNewer for a newer schema (downgrade is refused).
  static Result<UpgradeReport> upgrade(const StoreOptions& options);

  /// close().
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Ends every change feed (their ChangeFeedEnd gets kShuttingDown; waits for a running
  /// callback) and every cursor, finishes queued writes (their callbacks run), stops the
  /// writer, checkpoints and closes the file. Idempotent. Not from a write or change callback.
  void close();

  /// This store's persistent id, "SNGL-<uuid>".
  std::string serverId() const;
  /// kSchemaVersion.
  int schemaVersion() const;
  /// The highest tick issued (ticks increase; not every tick has an oplog entry).
  std::uint64_t lastTick() const;
  /// Counters since open.
  StoreStats stats() const;

  /// Oplog entries with tick > after, in tick order, at most `limit` of them.
  Result<std::vector<OplogEntry>> readOplog(std::uint64_t after, std::size_t limit) const;

  // --- replication (engine/replication/DESIGN.md) -------------------------------------
  /// The (tick, term) of the newest oplog entry, or of the snapshot a full sync started from
  /// when none was applied since; {0, 0} for a new store.
  OplogPosition lastPosition() const;
  /// The term stamped on new entries (0 before this node first led).
  std::uint64_t currentTerm() const;
  /// Leader: begins `term` (> currentTerm(), else kBadParameter): writes the term-start entry
  /// (kTermStart, body {"term":term,"leader":leader_id}) and stamps `term` on every later entry.
  /// `done` gets the term-start entry's position once it is durable.
  void beginTerm(std::uint64_t term, std::string leader_id,
                 std::function<void(Result<OplogPosition>)> done);
  /// Blocks until an entry with tick > after is committed, the store closes or `timeout`
  /// passes; returns lastTick().
  std::uint64_t waitForTick(std::uint64_t after, std::chrono::milliseconds timeout) const;
  /// Terms present in the oplog, oldest first (a term's entries are contiguous: terms never go
  /// back in one oplog). Empty for an empty oplog; the snapshot base is not part of it.
  Result<std::vector<TermRange>> termHistory() const;
  /// Oldest retained oplog tick, 0 if the oplog is empty.
  std::uint64_t firstTick() const;
  /// The position a full sync started from ({0, 0} if this store never finished one). After a
  /// full sync the oplog is empty and lastPosition() is this base until an entry is applied.
  OplogPosition snapshotBase() const;
  /// True if the oplog holds an entry with exactly this tick and term, or `position` is the
  /// snapshot base: a follower at `position` shares this store's history up to it.
  Result<bool> hasPosition(OplogPosition position) const;
  /// Pins a read snapshot (an open read transaction on a connection of its own) for an initial
  /// sync: it sees the store as of one commit however long it stays open, and holds no lock
  /// on writers (WAL). Destroy every snapshot before the store closes.
  Result<std::unique_ptr<StoreSnapshot>> openSnapshot() const;

  /// Follower side. Each call runs on the writer thread in one transaction of its own; the
  /// callback runs there after the commit (or the failure), as for the other writes.
  ///
  /// Applies leader entries verbatim (documents with their _key/_rev/body, removes, databases,
  /// collections with the leader's ids and properties, term starts), writing each into this
  /// oplog with the same tick and term, raising currentTerm() to the entries' term and
  /// updating counts, key-generator state and meta.applied_tick/term. Entries with
  /// tick <= lastPosition().tick are skipped (re-delivery is harmless); ticks must increase
  /// within `entries` (else kBadParameter, nothing applied). `done` gets lastPosition() after
  /// the commit.
  void applyReplicated(std::vector<OplogEntry> entries,
                       std::function<void(Result<OplogPosition>)> done);
  /// Starts a full sync: drops every database but _system, every collection and the oplog;
  /// the snapshot base becomes {0, 0}. Keeps the server id, last_tick and currentTerm().
  void beginFullSync(std::function<void(Status)> done);
  /// Creates a database with the leader's id (`info.id`, `info.name`); kDuplicateName if it
  /// exists (_system always does: importing it is a no-op).
  void importDatabase(DatabaseInfo info, std::function<void(Status)> done);
  /// Creates a collection exactly as the leader has it (id, name, type, flags, key options
  /// including last_value, globallyUniqueId). kDatabaseNotFound, kDuplicateName.
  void importCollection(std::string db, CollectionInfo info, std::function<void(Status)> done);
  /// Inserts documents verbatim (each JSON text must carry _key and _rev; a document with an
  /// existing key replaces it), without oplog entries, in one transaction. kBadParameter for a
  /// document without _key/_rev (nothing written). Under SyncMode::kNormal the commit is not
  /// fsynced (finishFullSync() is): a crash during a sync means a new sync anyway.
  void importDocuments(std::string db, std::string collection, std::vector<std::string> json_docs,
                       std::function<void(Status)> done);
  /// Ends a full sync: records `base` as the snapshot base (lastPosition() returns it) and
  /// raises the tick counter and currentTerm() to it.
  void finishFullSync(OplogPosition base, std::function<void(Status)> done);
  /// Removes the oplog entries with tick > fork_tick and returns them, oldest first; the
  /// documents stay as they are (the caller restores them with restoreDocument()). kBadParameter
  /// if fork_tick is below the oldest entry and not the snapshot base (history missing).
  void rollbackAfter(std::uint64_t fork_tick,
                     std::function<void(Result<std::vector<OplogEntry>>)> done);
  /// Sets one document to the leader's current version (`json` with _key and _rev) or removes
  /// it (nullopt), without an oplog entry. kDatabaseNotFound, kDataSourceNotFound.
  void restoreDocument(std::string db, std::string collection, std::string key,
                       std::optional<std::string> json, std::function<void(Status)> done);
  /// Retention: deletes the oplog entries with tick <= keep_after_tick, but never the newest
  /// entry (lastPosition() stays what it is). `done` gets the number of entries deleted.
  /// Change feeds behind the deleted entries end with kChangeFeedGap.
  void pruneOplog(std::uint64_t keep_after_tick, std::function<void(Result<std::uint64_t>)> done);

  // --- ordered iteration and change feed -------------------------------------------------
  /// Opens a cursor over `collection` in key order (see Cursor, CursorOptions).
  /// kDatabaseNotFound, kDataSourceNotFound, kBadParameter (batch_size above 100000),
  /// kShuttingDown after close().
  Result<std::unique_ptr<Cursor>> openCursor(std::string_view db, std::string_view collection,
                                             const CursorOptions& options = {}) const;
  /// Starts a change feed: every committed entry with tick > options.from_tick that passes the
  /// filters goes to `on_changes`, in tick order, exactly once, as soon as it is committed
  /// (the feed wakes on each commit; no polling interval). Entries already committed are
  /// delivered first. Fails at once with kChangeFeedGap if entries after from_tick are gone:
  /// pruned (from_tick is below the highest tick pruneOplog() deleted, which for a dense oplog
  /// is firstTick() - 1) or older than the snapshot base of a full sync; kBadParameter for bad
  /// options (max_batch above 100000, a collection without db, no callback); kShuttingDown
  /// after close(). Each subscription runs a thread and, per batch, borrows a pooled reader.
  Result<std::unique_ptr<Subscription>> subscribe(const ChangeFeedOptions& options,
                                                  ChangeCallback on_changes,
                                                  ChangeFeedEnd on_end = {}) const;

  // --- databases -------------------------------------------------------------------
  /// Every database, by id.
  Result<std::vector<DatabaseInfo>> listDatabases() const;
  /// One database (kDatabaseNotFound).
  Result<DatabaseInfo> database(std::string_view name) const;
  /// Creates a database. kDatabaseNameInvalid (1229, "database name invalid") or
  /// kDuplicateName.
  void createDatabase(std::string name, std::function<void(Status)> done);
  /// Drops a database with its collections. kDatabaseNotFound; kForbidden for _system.
  void dropDatabase(std::string name, std::function<void(Status)> done);

  // --- collections -----------------------------------------------------------------
  /// The collections of `db`, by id (kDatabaseNotFound).
  Result<std::vector<CollectionInfo>> listCollections(std::string_view db) const;
  /// One collection (kDatabaseNotFound, kDataSourceNotFound).
  Result<CollectionInfo> collection(std::string_view db, std::string_view name) const;
  /// Its committed document count (kDatabaseNotFound, kDataSourceNotFound).
  Result<std::uint64_t> count(std::string_view db, std::string_view name) const;
  /// Creates a collection; `done` gets its properties. kIllegalName, kDuplicateName,
  /// kDatabaseNotFound.
  void createCollection(std::string db, CollectionSpec spec,
                        std::function<void(Result<CollectionInfo>)> done);
  /// Removes every document of a collection (one kTruncateCollection entry).
  /// kDatabaseNotFound, kDataSourceNotFound.
  void truncateCollection(std::string db, std::string name,
                          std::function<void(Result<CollectionInfo>)> done);
  /// Drops a collection and its documents. kDatabaseNotFound, kDataSourceNotFound; kForbidden
  /// if the collection is a system one and allow_system is false.
  void dropCollection(std::string db, std::string name, bool allow_system,
                      std::function<void(Result<CollectionInfo>)> done);

  // --- documents -------------------------------------------------------------------
  /// Reads one document: kDatabaseNotFound, kDataSourceNotFound, kDocumentNotFound.
  Result<Document> get(std::string_view db, std::string_view collection,
                       std::string_view key) const;
  /// Multi-get (PUT ?onlyget=true): `body` is a JSON array of keys or of objects with
  /// _key/_id. Per-item errors in DocumentResult::status; new_json holds the document.
  Result<std::vector<DocumentResult>> getMany(std::string_view db, std::string_view collection,
                                              std::string_view body) const;

  /// Writes. `body` is the request body as received: one JSON object, or an array of them
  /// (then WriteResult::is_array). Top-level errors (bad JSON 600, unknown database or
  /// collection, body neither object nor array 1227) fail the whole call; per-document
  /// errors are reported per item and change nothing for that item.
  /// `key` names the document for single-document replace/update/remove; for arrays (and
  /// for insert) it is empty and each element carries _key (or _id).
  ///
  /// insert: new documents (WriteOptions::overwrite_mode decides about existing keys).
  void insert(std::string db, std::string collection, std::string body, const WriteOptions& options,
              WriteCallback done);
  /// Replaces whole documents (kDocumentNotFound per item if missing).
  void replace(std::string db, std::string collection, std::string key, std::string body,
               const WriteOptions& options, WriteCallback done);
  /// Merges a patch into documents (keep_null, merge_objects).
  void update(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);
  /// Removes documents. For a single remove, body may be empty. For an array remove, elements are
  /// keys (strings) or objects with _key/_id (and _rev when ignore_revs is false).
  void remove(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);

  // --- batch writes ----------------------------------------------------------------------
  /// Batch insert: the documents (each one JSON object's text) are written in one SQLite
  /// transaction with one commit (one fsync), exactly as an array body to insert() — per-document
  /// errors (a bad key, a unique-constraint violation, a text that is not JSON: 600) are
  /// reported in their item and skip only that document, in input order. Each text is parsed
  /// once. The fastest way to load many documents.
  void insertMany(std::string db, std::string collection, std::vector<std::string> documents,
                  const WriteOptions& options, WriteCallback done);

  // --- blocking forms -------------------------------------------------------------------
  // Each submits the callback form and waits for its callback; same results and errors. For
  // threads that may block; never from a write callback (refused with kInternal: it would
  // wait for the writer thread it runs on) or a change-feed callback (it would hold the feed).

  /// insert(), waiting for the result.
  Result<WriteResult> insertSync(std::string db, std::string collection, std::string body,
                                 const WriteOptions& options = {});
  /// insertMany(), waiting for the result.
  Result<WriteResult> insertManySync(std::string db, std::string collection,
                                     std::vector<std::string> documents,
                                     const WriteOptions& options = {});
  /// replace(), waiting for the result.
  Result<WriteResult> replaceSync(std::string db, std::string collection, std::string key,
                                  std::string body, const WriteOptions& options = {});
  /// update(), waiting for the result.
  Result<WriteResult> updateSync(std::string db, std::string collection, std::string key,
                                 std::string body, const WriteOptions& options = {});
  /// A single-document remove(), waiting for the result.
  Result<WriteResult> removeSync(std::string db, std::string collection, std::string key,
                                 const WriteOptions& options = {});
  /// createDatabase(), waiting for the result.
  Status createDatabaseSync(std::string name);
  /// dropDatabase(), waiting for the result.
  Status dropDatabaseSync(std::string name);
  /// createCollection(), waiting for the result.
  Result<CollectionInfo> createCollectionSync(std::string db, CollectionSpec spec);
  /// truncateCollection(), waiting for the result.
  Result<CollectionInfo> truncateCollectionSync(std::string db, std::string name);
  /// dropCollection(), waiting for the result.
  Result<CollectionInfo> dropCollectionSync(std::string db, std::string name,
                                            bool allow_system = false);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Key rules of ArangoDB: 1–254 bytes of A-Z a-z 0-9 _ - . @ ( ) + , = ; $ ! * ' % :
bool isValidDocumentKey(std::string_view key);
/// Collection names: a letter (or '_' for system collections) then letters, digits, '_'
/// and '-', at most 256 bytes.
bool isValidCollectionName(std::string_view name, bool allow_system);
/// Database names: a letter (or "_system") then letters, digits, '_' and '-', at most 64 bytes.
bool isValidDatabaseName(std::string_view name);

}  // namespace tandem
