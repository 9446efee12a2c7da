// Schema: creates, inspects and migrates the on-disk layout of <directory>/tandem.db.
// The field tables of every version are at the top of schema.cpp.
//
// Thread-safety: none; used while a Store opens or upgrades, before any other thread runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"

namespace tandem::storage {

// Meta keys (table `meta`).
inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaServerId = "server_id";
inline constexpr std::string_view kMetaLastTick = "last_tick";
inline constexpr std::string_view kMetaCurrentTerm = "current_term";
inline constexpr std::string_view kMetaAppliedTick = "applied_tick";
inline constexpr std::string_view kMetaAppliedTerm = "applied_term";
inline constexpr std::string_view kMetaBaseTick = "snapshot_base_tick";
inline constexpr std::string_view kMetaBaseTerm = "snapshot_base_term";
// Change-feed bookkeeping (optional rows, absent in older files; see schema.cpp).
inline constexpr std::string_view kMetaPrunedTick = "oplog_pruned_tick";
inline constexpr std::string_view kMetaHistoryEpoch = "history_epoch";

// Ticks up to this value are reserved for built-in objects (the _system database has id 1);
// the first oplog entry of a new store gets kReservedTicks + 1.
inline constexpr std::uint64_t kReservedTicks = 100;
inline constexpr std::int64_t kSystemDatabaseId = 1;

class Schema {
 public:
  // 0 for a file without tables (new), else meta.schema_version. kInternal if the file is not
  // a SQLite database or has tables but no Tandem meta table.
  static Result<int> version(SqliteConnection& db, const std::string& path);
  // Creates the current layout, the _system database and the meta rows, in one transaction.
  static Status create(SqliteConnection& db);
  // Migrates from `from` (1 <= from < kSchemaVersion) to kSchemaVersion in one transaction,
  // one version step after the other (1 -> 2 -> 3): all steps happen or none.
  static Status migrate(SqliteConnection& db, int from);
  // kSchemaOlder / kSchemaNewer with an operator-facing message naming `directory`; OK when
  // `version` is kSchemaVersion.
  static Status checkOpenable(int version, const std::string& directory);
  static Status newerSchema(int version, const std::string& directory);

  static Result<std::optional<std::string>> readMeta(SqliteConnection& db, std::string_view key);
  static Status writeMeta(SqliteConnection& db, std::string_view key, std::string_view value);
};

}  // namespace tandem::storage
