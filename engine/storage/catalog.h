// Catalog: the in-memory map database -> collections, so reads resolve names without SQL.
//
// Loaded from the databases/collections tables on open; afterwards changed only by the
// writer thread, after the DDL transaction that made the change has committed, so a reader
// never sees a database or collection that is not on disk.
//
// Thread-safety: all methods are safe from any thread; the maps are guarded by mu_ (shared for
// lookups, exclusive for changes). CollectionEntry objects are shared: the writer keeps using
// an entry it resolved even if a later DDL removes it from the map.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

struct CollectionEntry {
  std::int64_t id = 0;
  std::int64_t database_id = 0;
  std::string database;  // name
  CollectionInfo info;   // info.key_options.last_value is stale: read last_value instead
  // Written by the writer thread only; read by anyone.
  std::atomic<std::uint64_t> count{0};       // committed document count
  std::atomic<std::uint64_t> last_value{0};  // key generator state (may run ahead of commits)

  CollectionInfo snapshot() const;
};

struct DatabaseEntry {
  std::int64_t id = 0;
  std::string name;
  std::map<std::string, std::shared_ptr<CollectionEntry>, std::less<>> collections;
};

class Catalog {
 public:
  // Replaces the contents with the databases and collections stored in `db`.
  Status load(SqliteConnection& db);

  // kDatabaseNotFound / kDataSourceNotFound ("collection or view not found: <name>").
  Result<std::shared_ptr<CollectionEntry>> find(std::string_view db, std::string_view name) const;
  Result<DatabaseInfo> database(std::string_view name) const;
  // Database id; kDatabaseNotFound.
  Result<std::int64_t> databaseId(std::string_view name) const;
  std::vector<DatabaseInfo> databases() const;
  Result<std::vector<CollectionInfo>> collections(std::string_view db) const;
  // Every collection of `db` (empty if the database does not exist).
  std::vector<std::shared_ptr<CollectionEntry>> entries(std::string_view db) const;
  bool hasDatabase(std::string_view name) const;
  bool hasCollection(std::string_view db, std::string_view name) const;

  // Changes, made by the writer thread after commit.
  void addDatabase(std::int64_t id, std::string name);
  void removeDatabase(std::string_view name);
  void addCollection(std::shared_ptr<CollectionEntry> entry);
  void removeCollection(std::string_view db, std::string_view name);

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, DatabaseEntry, std::less<>> databases_;  // guarded by mu_
};

}  // namespace tandem::storage
