#include "storage/catalog.h"

#include <mutex>

#include "storage/key_generator.h"

namespace tandem::storage {
namespace {

DatabaseInfo toInfo(const DatabaseEntry& entry) {
  return DatabaseInfo{std::to_string(entry.id), entry.name, entry.name == "_system"};
}

Status dataSourceNotFound(std::string_view name) {
  return Status::error(ErrorCode::kDataSourceNotFound,
                       "collection or view not found: " + std::string(name));
}

std::shared_ptr<CollectionEntry> entryFromRow(const SqliteStatement& row,
                                              const std::map<std::int64_t, std::string>& names) {
  auto entry = std::make_shared<CollectionEntry>();
  entry->id = row.columnInt64(0);
  entry->database_id = row.columnInt64(1);
  auto name = names.find(entry->database_id);
  entry->database = name != names.end() ? name->second : std::string();
  CollectionInfo& info = entry->info;
  info.id = std::to_string(entry->id);
  info.name = row.columnString(2);
  info.type = static_cast<CollectionType>(row.columnInt64(3));
  info.is_system = row.columnInt64(4) != 0;
  info.wait_for_sync = row.columnInt64(5) != 0;
  info.key_options.type =
      KeyGenerator::typeFromName(row.columnText(6)).value_or(KeyGeneratorType::kTraditional);
  info.key_options.allow_user_keys = row.columnInt64(7) != 0;
  info.key_options.increment = row.columnUint64(8);
  info.key_options.offset = row.columnUint64(9);
  entry->last_value = row.columnUint64(10);
  info.globally_unique_id = row.columnString(11);
  entry->count = row.columnUint64(12);
  return entry;
}

}  // namespace

CollectionInfo CollectionEntry::snapshot() const {
  CollectionInfo copy = info;
  copy.key_options.last_value = last_value.load(std::memory_order_relaxed);
  return copy;
}

Status Catalog::load(SqliteConnection& db) {
  std::map<std::string, DatabaseEntry, std::less<>> loaded;
  std::map<std::int64_t, std::string> names;
  {
    auto stmt = db.prepare("SELECT id, name FROM databases");
    if (!stmt) return stmt.status();
    int rc;
    while ((rc = (*stmt)->step()) == SQLITE_ROW) {
      DatabaseEntry entry;
      entry.id = (*stmt)->columnInt64(0);
      entry.name = (*stmt)->columnString(1);
      names[entry.id] = entry.name;
      loaded.emplace(entry.name, std::move(entry));
    }
    if (rc != SQLITE_DONE) return db.error(rc, "cannot load databases");
  }
  auto stmt = db.prepare(
      "SELECT id, database_id, name, type, is_system, wait_for_sync, key_type, allow_user_keys,"
      " key_increment, key_offset, last_value, globally_unique_id, doc_count FROM collections");
  if (!stmt) return stmt.status();
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    auto entry = entryFromRow(**stmt, names);
    auto database = loaded.find(entry->database);
    if (database == loaded.end()) continue;  // orphan row: its database was dropped
    database->second.collections.emplace(entry->info.name, std::move(entry));
  }
  if (rc != SQLITE_DONE) return db.error(rc, "cannot load collections");
  std::unique_lock lock(mu_);
  databases_ = std::move(loaded);
  return Status::ok();
}

Result<std::shared_ptr<CollectionEntry>> Catalog::find(std::string_view db,
                                                       std::string_view name) const {
  std::shared_lock lock(mu_);
  auto database = databases_.find(db);
  if (database == databases_.end()) return Status::error(ErrorCode::kDatabaseNotFound);
  auto found = database->second.collections.find(name);
  if (found == database->second.collections.end()) return dataSourceNotFound(name);
  return found->second;
}

Result<DatabaseInfo> Catalog::database(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto found = databases_.find(name);
  if (found == databases_.end()) return Status::error(ErrorCode::kDatabaseNotFound);
  return toInfo(found->second);
}

Result<std::int64_t> Catalog::databaseId(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto found = databases_.find(name);
  if (found == databases_.end()) return Status::error(ErrorCode::kDatabaseNotFound);
  return found->second.id;
}

std::vector<DatabaseInfo> Catalog::databases() const {
  std::shared_lock lock(mu_);
  std::vector<DatabaseInfo> out;
  out.reserve(databases_.size());
  for (const auto& [name, entry] : databases_) out.push_back(toInfo(entry));
  return out;
}

Result<std::vector<CollectionInfo>> Catalog::collections(std::string_view db) const {
  std::shared_lock lock(mu_);
  auto database = databases_.find(db);
  if (database == databases_.end()) return Status::error(ErrorCode::kDatabaseNotFound);
  std::vector<CollectionInfo> out;
  out.reserve(database->second.collections.size());
  for (const auto& [name, entry] : database->second.collections) {
    out.push_back(entry->snapshot());
  }
  return out;
}

std::vector<std::shared_ptr<CollectionEntry>> Catalog::entries(std::string_view db) const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<CollectionEntry>> out;
  auto database = databases_.find(db);
  if (database == databases_.end()) return out;
  for (const auto& [name, entry] : database->second.collections) out.push_back(entry);
  return out;
}

bool Catalog::hasDatabase(std::string_view name) const {
  std::shared_lock lock(mu_);
  return databases_.find(name) != databases_.end();
}

bool Catalog::hasCollection(std::string_view db, std::string_view name) const {
  std::shared_lock lock(mu_);
  auto database = databases_.find(db);
  return database != databases_.end() &&
         database->second.collections.find(name) != database->second.collections.end();
}

void Catalog::addDatabase(std::int64_t id, std::string name) {
  std::unique_lock lock(mu_);
  DatabaseEntry entry;
  entry.id = id;
  entry.name = name;
  databases_.emplace(std::move(name), std::move(entry));
}

void Catalog::removeDatabase(std::string_view name) {
  std::unique_lock lock(mu_);
  auto found = databases_.find(name);
  if (found != databases_.end()) databases_.erase(found);
}

void Catalog::addCollection(std::shared_ptr<CollectionEntry> entry) {
  std::unique_lock lock(mu_);
  auto database = databases_.find(entry->database);
  if (database == databases_.end()) return;
  const std::string name = entry->info.name;
  database->second.collections[name] = std::move(entry);
}

void Catalog::removeCollection(std::string_view db, std::string_view name) {
  std::unique_lock lock(mu_);
  auto database = databases_.find(db);
  if (database == databases_.end()) return;
  auto found = database->second.collections.find(name);
  if (found != database->second.collections.end()) database->second.collections.erase(found);
}

}  // namespace tandem::storage
