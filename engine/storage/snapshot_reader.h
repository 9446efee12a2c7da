// SnapshotReader: the SQL behind StoreSnapshot — databases, collections and documents read
// from the tables (not from the in-memory catalog, which is always current) on the snapshot's
// own connection, inside its open read transaction.
//
// Thread-safety: stateless; the caller serializes use of the connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"
#include "tandem/store.h"
#include "tandem/store_snapshot.h"

namespace tandem::storage {

struct SnapshotCollection {
  std::int64_t id = 0;
  std::uint64_t count = 0;
  CollectionInfo info;
};

class SnapshotReader {
 public:
  // Opens a read-only connection on `path`, begins the read transaction and pins it.
  static Result<std::unique_ptr<StoreSnapshot>> open(const std::string& path, int cache_kib);
  // meta.snapshot_base_tick/term, {0, 0} if absent.
  static Result<OplogPosition> basePosition(SqliteConnection& db);
  static Result<std::vector<DatabaseInfo>> databases(SqliteConnection& db);
  // kDatabaseNotFound.
  static Result<std::vector<CollectionInfo>> collections(SqliteConnection& db,
                                                         std::string_view database);
  // kDatabaseNotFound, kDataSourceNotFound.
  static Result<SnapshotCollection> collection(SqliteConnection& db, std::string_view database,
                                               std::string_view name);
  static Result<DumpChunk> dump(SqliteConnection& db, std::int64_t collection_id,
                                std::string_view collection, std::string_view after_key,
                                std::size_t limit);
};

}  // namespace tandem::storage
