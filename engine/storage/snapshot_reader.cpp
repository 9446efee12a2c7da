#include "storage/snapshot_reader.h"

#include "storage/key_generator.h"
#include "storage/schema.h"

namespace tandem::storage {
namespace {

constexpr StaticSql kCollectionColumns =
    "SELECT c.id, c.name, c.type, c.is_system, c.wait_for_sync, c.key_type, c.allow_user_keys,"
    " c.key_increment, c.key_offset, c.last_value, c.globally_unique_id, c.doc_count"
    " FROM collections c JOIN databases d ON c.database_id = d.id WHERE d.name = ?1"
    " ORDER BY c.id";

SnapshotCollection collectionFromRow(const SqliteStatement& row) {
  SnapshotCollection result;
  result.id = row.columnInt64(0);
  CollectionInfo& info = result.info;
  info.id = std::to_string(result.id);
  info.name = row.columnString(1);
  info.type = static_cast<CollectionType>(row.columnInt64(2));
  info.is_system = row.columnInt64(3) != 0;
  info.wait_for_sync = row.columnInt64(4) != 0;
  info.key_options.type =
      KeyGenerator::typeFromName(row.columnText(5)).value_or(KeyGeneratorType::kTraditional);
  info.key_options.allow_user_keys = row.columnInt64(6) != 0;
  info.key_options.increment = row.columnUint64(7);
  info.key_options.offset = row.columnUint64(8);
  info.key_options.last_value = row.columnUint64(9);
  info.globally_unique_id = row.columnString(10);
  result.count = row.columnUint64(11);
  return result;
}

std::uint64_t parseOr0(const std::optional<std::string>& text) {
  return text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
}

Result<bool> hasDatabase(SqliteConnection& db, std::string_view name) {
  auto stmt = db.prepare("SELECT 1 FROM databases WHERE name = ?1");
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, name);
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db.error(rc, "cannot read databases");
}

}  // namespace

Result<OplogPosition> SnapshotReader::basePosition(SqliteConnection& db) {
  auto tick = Schema::readMeta(db, kMetaBaseTick);
  if (!tick) return tick.status();
  auto term = Schema::readMeta(db, kMetaBaseTerm);
  if (!term) return term.status();
  return OplogPosition{parseOr0(*tick), parseOr0(*term)};
}

Result<std::vector<DatabaseInfo>> SnapshotReader::databases(SqliteConnection& db) {
  auto stmt = db.prepare("SELECT id, name FROM databases ORDER BY id");
  if (!stmt) return stmt.status();
  std::vector<DatabaseInfo> result;
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    DatabaseInfo info;
    info.id = std::to_string((*stmt)->columnInt64(0));
    info.name = (*stmt)->columnString(1);
    info.is_system = info.name == "_system";
    result.push_back(std::move(info));
  }
  if (rc != SQLITE_DONE) return db.error(rc, "cannot read databases");
  return result;
}

Result<std::vector<CollectionInfo>> SnapshotReader::collections(SqliteConnection& db,
                                                                std::string_view database) {
  auto exists = hasDatabase(db, database);
  if (!exists) return exists.status();
  if (!*exists) return Status::error(ErrorCode::kDatabaseNotFound);
  auto stmt = db.prepare(kCollectionColumns);
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, database);
  std::vector<CollectionInfo> result;
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) result.push_back(collectionFromRow(**stmt).info);
  if (rc != SQLITE_DONE) return db.error(rc, "cannot read collections");
  return result;
}

Result<SnapshotCollection> SnapshotReader::collection(SqliteConnection& db,
                                                      std::string_view database,
                                                      std::string_view name) {
  auto exists = hasDatabase(db, database);
  if (!exists) return exists.status();
  if (!*exists) return Status::error(ErrorCode::kDatabaseNotFound);
  auto stmt = db.prepare(kCollectionColumns);
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, database);
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    if ((*stmt)->columnText(1) == name) return collectionFromRow(**stmt);
  }
  if (rc != SQLITE_DONE) return db.error(rc, "cannot read collections");
  return Status::error(ErrorCode::kDataSourceNotFound,
                       "collection or view not found: " + std::string(name));
}

Result<DumpChunk> SnapshotReader::dump(SqliteConnection& db, std::int64_t collection_id,
                                       std::string_view collection, std::string_view after_key,
                                       std::size_t limit) {
  auto stmt = db.prepare(
      "SELECT key, rev, body FROM documents WHERE collection_id = ?1 AND key > ?2"
      " ORDER BY key LIMIT ?3");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  (*stmt)->bindText(2, after_key);
  limit = std::max<std::size_t>(limit, 1);
  (*stmt)->bindInt64(3, static_cast<std::int64_t>(limit) + 1);  // one more: is there more?
  DumpChunk chunk;
  chunk.docs.reserve(std::min<std::size_t>(limit, 4096));
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    if (chunk.docs.size() == limit) {
      chunk.more = true;
      break;
    }
    Document document;
    document.key = (*stmt)->columnString(0);
    document.rev = (*stmt)->columnString(1);
    document.json = (*stmt)->columnString(2);
    document.id.reserve(collection.size() + 1 + document.key.size());
    document.id.append(collection).append("/").append(document.key);
    chunk.docs.push_back(std::move(document));
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db.error(rc, "cannot read documents");
  if (!chunk.docs.empty()) chunk.last_key = chunk.docs.back().key;
  return chunk;
}

}  // namespace tandem::storage
