// On-disk format of <directory>/tandem.db (SQLite, WAL journal), schema version 3.
//
// meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID
//   schema_version   decimal; the layout version below (kSchemaVersion)
//   server_id        "SNGL-<uuid v4>", fixed when the file is created
//   last_tick        decimal; highest tick ever issued (kept even if the oplog is truncated)
//   current_term     decimal; term stamped on new oplog entries (0 before replication)
//   applied_tick     decimal; last leader tick applied by a follower (0 on a leader)
//   applied_term     decimal; term of applied_tick
//   snapshot_base_tick, snapshot_base_term   decimal; the leader position a follower's last
//                    full sync copied (absent: none). With an empty oplog it is the store's
//                    replication position. Optional rows: no schema version change.
//   oplog_pruned_tick decimal; highest tick pruneOplog() ever deleted; written as 0 in new
//                    files. Absent in files made before it existed: their oplog may have been
//                    pruned unrecorded, so the oldest entry's tick - 1 stands in for it.
//                    Entries after a change feed's position are gone iff this exceeds it.
//   history_epoch    decimal; counts rollbacks that removed entries and full syncs (absent:
//                    0). A change feed re-checks its position when it changes. Optional row.
//
// databases(id INTEGER PRIMARY KEY, name TEXT UNIQUE)
//   id               1 for _system, else the tick of its kCreateDatabase oplog entry
//
// collections(id INTEGER PRIMARY KEY, database_id, name, ..., UNIQUE(database_id, name))
//   id               the tick of its kCreateCollection oplog entry
//   database_id      databases.id
//   name             ArangoDB collection name; '_' prefix <=> is_system
//   type             2 document, 3 edge
//   is_system        0/1
//   wait_for_sync    0/1
//   key_type         "traditional" | "autoincrement" | "uuid" | "padded"
//   allow_user_keys  0/1
//   key_increment    autoincrement step
//   key_offset       autoincrement offset
//   last_value       last generated (or tracked) numeric key, as a 64-bit two's complement
//   globally_unique_id "h<12 hex digits of the server id>/<id>"
//   doc_count        number of documents (maintained in the same transaction as documents)
//
// documents(collection_id, key, rev, body) WITHOUT ROWID, PRIMARY KEY(collection_id, key)
//   collection_id    collections.id
//   key              _key
//   rev              _rev (ArangoDB base64 HLC, see revision_clock.h)
//   body             JSON text: {"_key","_id",["_from","_to",]"_rev", user attributes...}
//
// oplog(tick INTEGER PRIMARY KEY, db, type, collection, key, rev, body, term)
//   tick             strictly increasing, one per entry
//   db               database name
//   type             OpType (ArangoDB replication marker numbers)
//   collection       collection name ('' for database operations)
//   key, rev         document key and revision ('' for DDL)
//   body             JSON text: the full new document (upsert), {"_key","_rev"} of the removed
//                    revision (remove), or the DDL's parameters
//   term             term of the leader that wrote the entry
//
// agency_log(idx INTEGER PRIMARY KEY, term, type, data)   the agent's uncompacted Raft log
//   idx              Raft index; contiguous from agency_state.snapshot_index + 1
//   term             term of the leader that created the entry
//   type             agency::EntryType (0 normal: an agency write; 1 configuration change)
//   data             BLOB: the entry's bytes (JSON text of the write, or an encoded ConfChange)
//
// agency_state(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID   the agent's other durable state
//   agent_id         "AGNT-<uuid v4>", made on the agent's first start
//   cluster_id       the agency's id, fixed when it forms (absent before)
//   term, vote, commit                    Raft hard state (decimal, agent id, decimal)
//   snapshot_index, snapshot_term         decimal; the last entry the snapshot covers
//   snapshot_members JSON object {agent id: address}: the configuration at snapshot_index
//   snapshot_data    the agency key tree at snapshot_index (AgencyStore::snapshot() text)
//   A missing row reads as its empty value (0, "" or no snapshot). The document store never
//   touches these tables; the agent (agency/sqlite_log_store.cpp) writes them through a
//   connection of its own.
//
// Version 1 is the version-2 layout without oplog.term and without collections.doc_count.
// Migration 1 -> 2 adds both (term 0, counts computed from documents) and the meta rows
// current_term / applied_tick / applied_term when missing. Columns added by a migration are
// the last ones, and a new file has them in the same place, so both layouts are identical.
// Version 2 is the version-3 layout without the agency tables; migration 2 -> 3 creates them
// empty. A new file is created at version 3 directly. Migrations run in order in one
// transaction, so an upgrade from 1 goes to 3 or leaves the file as it was.
#include "storage/schema.h"

#include <iterator>

#include "storage/random_id.h"
#include "tandem/store.h"

namespace tandem::storage {
namespace {

constexpr std::string_view kCreateTables = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE databases(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE collections(
  id INTEGER PRIMARY KEY,
  database_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  type INTEGER NOT NULL,
  is_system INTEGER NOT NULL,
  wait_for_sync INTEGER NOT NULL,
  key_type TEXT NOT NULL,
  allow_user_keys INTEGER NOT NULL,
  key_increment INTEGER NOT NULL,
  key_offset INTEGER NOT NULL,
  last_value INTEGER NOT NULL,
  globally_unique_id TEXT NOT NULL,
  doc_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE(database_id, name));
CREATE TABLE documents(
  collection_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  rev TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY(collection_id, key)) WITHOUT ROWID;
CREATE TABLE oplog(
  tick INTEGER PRIMARY KEY,
  db TEXT NOT NULL,
  type INTEGER NOT NULL,
  collection TEXT NOT NULL,
  key TEXT NOT NULL,
  rev TEXT NOT NULL,
  body TEXT NOT NULL,
  term INTEGER NOT NULL DEFAULT 0);
)sql";

// Created with the other tables in a new file, and by migration 2 -> 3.
constexpr std::string_view kCreateAgencyTables = R"sql(
CREATE TABLE agency_log(
  idx INTEGER PRIMARY KEY,
  term INTEGER NOT NULL,
  type INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE agency_state(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
)sql";

constexpr std::string_view kMigrate1To2 = R"sql(
ALTER TABLE oplog ADD COLUMN term INTEGER NOT NULL DEFAULT 0;
ALTER TABLE collections ADD COLUMN doc_count INTEGER NOT NULL DEFAULT 0;
UPDATE collections SET doc_count =
  (SELECT count(*) FROM documents WHERE documents.collection_id = collections.id);
INSERT OR IGNORE INTO meta(key, value) VALUES('current_term', '0');
INSERT OR IGNORE INTO meta(key, value) VALUES('applied_tick', '0');
INSERT OR IGNORE INTO meta(key, value) VALUES('applied_term', '0');
INSERT OR IGNORE INTO meta(key, value) VALUES('last_tick', '0');
)sql";

// kMigrations[v - 1] takes a file from version v to v + 1 (migrate() then records v + 1).
constexpr std::string_view kMigrations[] = {kMigrate1To2, kCreateAgencyTables};
static_assert(std::size(kMigrations) == kSchemaVersion - 1,
              "every older schema version needs its migration step");

}  // namespace

Result<int> Schema::version(SqliteConnection& db, const std::string& path) {
  auto tables = db.queryInt64("SELECT count(*) FROM sqlite_master", 0);
  if (!tables) {
    return Status::error(ErrorCode::kInternal,
                         path + " is not a Tandem database: " + tables.status().message());
  }
  if (*tables == 0) return 0;
  auto has_meta =
      db.queryInt64("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'", 0);
  if (!has_meta) return has_meta.status();
  if (*has_meta == 0) {
    return Status::error(ErrorCode::kInternal,
                         path + " is not a Tandem database (it has no meta table)");
  }
  auto text = readMeta(db, kMetaSchemaVersion);
  if (!text) return text.status();
  if (!text->has_value()) {
    return Status::error(ErrorCode::kInternal, path + " has no schema version in its meta table");
  }
  try {
    return std::stoi(**text);
  } catch (const std::exception&) {
    return Status::error(ErrorCode::kInternal,
                         path + " has an unreadable schema version \"" + **text + "\"");
  }
}

Status Schema::create(SqliteConnection& db) {
  return db.immediateTransaction([&]() -> Status {
    if (Status status = db.exec(kCreateTables); !status) return status;
    if (Status status = db.exec(kCreateAgencyTables); !status) return status;
    if (Status status = db.exec("INSERT INTO databases(id, name) VALUES(1, '_system')"); !status) {
      return status;
    }
    const std::pair<std::string_view, std::string> rows[] = {
        {kMetaSchemaVersion, std::to_string(kSchemaVersion)},
        {kMetaServerId, "SNGL-" + randomUuid()},
        {kMetaLastTick, std::to_string(kReservedTicks)},
        {kMetaCurrentTerm, "0"},
        {kMetaAppliedTick, "0"},
        {kMetaAppliedTerm, "0"},
        {kMetaPrunedTick, "0"},  // present: this file records every prune (see the table)
    };
    for (const auto& [key, value] : rows) {
      if (Status status = writeMeta(db, key, value); !status) return status;
    }
    return Status::ok();
  });
}

Status Schema::migrate(SqliteConnection& db, int from) {
  if (from < 1 || from >= kSchemaVersion) {
    return Status::error(ErrorCode::kInternal,
                         "no migration from schema version " + std::to_string(from));
  }
  return db.immediateTransaction([&]() -> Status {
    for (int version = from; version < kSchemaVersion; ++version) {
      if (Status status = db.exec(kMigrations[version - 1]); !status) return status;
      if (Status status = writeMeta(db, kMetaSchemaVersion, std::to_string(version + 1)); !status) {
        return status;
      }
    }
    return Status::ok();
  });
}

Status Schema::checkOpenable(int version, const std::string& directory) {
  if (version == kSchemaVersion) return Status::ok();
  if (version > kSchemaVersion) return newerSchema(version, directory);
  return Status::error(ErrorCode::kSchemaOlder,
                       "database in " + directory + " has schema version " +
                           std::to_string(version) + ", this tandem-node needs " +
                           std::to_string(kSchemaVersion) +
                           ": back it up, then start once with --database.auto-upgrade true");
}

Status Schema::newerSchema(int version, const std::string& directory) {
  return Status::error(ErrorCode::kSchemaNewer,
                       "database in " + directory + " was written by a newer Tandem (schema " +
                           std::to_string(version) +
                           "); downgrade is not supported: run a newer tandem-node or restore a "
                           "backup");
}

Result<std::optional<std::string>> Schema::readMeta(SqliteConnection& db, std::string_view key) {
  auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, key);
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return std::optional<std::string>((*stmt)->columnString(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return db.error(rc, "cannot read meta");
}

Status Schema::writeMeta(SqliteConnection& db, std::string_view key, std::string_view value) {
  auto stmt = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, key);
  (*stmt)->bindText(2, value);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot write meta");
  return Status::ok();
}

}  // namespace tandem::storage
