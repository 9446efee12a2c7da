#include "storage/document_table.h"

namespace tandem::storage {

Result<std::optional<StoredDocument>> DocumentTable::find(SqliteConnection& db,
                                                          std::int64_t collection_id,
                                                          std::string_view key, bool with_body) {
  static constexpr StaticSql kWithBody =
      "SELECT rev, body FROM documents WHERE collection_id=?1 AND key=?2";
  static constexpr StaticSql kRevOnly =
      "SELECT rev FROM documents WHERE collection_id=?1 AND key=?2";
  auto stmt = db.prepare(with_body ? kWithBody : kRevOnly);
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  (*stmt)->bindText(2, key);
  const int rc = (*stmt)->step();
  if (rc == SQLITE_DONE) return std::optional<StoredDocument>();
  if (rc != SQLITE_ROW) return db.error(rc, "cannot read document");
  StoredDocument found;
  found.rev = (*stmt)->columnString(0);
  if (with_body) found.body = (*stmt)->columnString(1);
  return std::optional<StoredDocument>(std::move(found));
}

Result<bool> DocumentTable::insert(SqliteConnection& db, std::int64_t collection_id,
                                   std::string_view key, std::string_view rev,
                                   std::string_view body) {
  auto stmt =
      db.prepare("INSERT INTO documents(collection_id, key, rev, body) VALUES(?1, ?2, ?3, ?4)");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  (*stmt)->bindText(2, key);
  (*stmt)->bindText(3, rev);
  (*stmt)->bindText(4, body);
  const int rc = (*stmt)->step();
  if (rc == SQLITE_DONE) return true;
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return false;
  return db.error(rc, "cannot insert document");
}

Status DocumentTable::update(SqliteConnection& db, std::int64_t collection_id, std::string_view key,
                             std::string_view rev, std::string_view body) {
  auto stmt = db.prepare("UPDATE documents SET rev=?3, body=?4 WHERE collection_id=?1 AND key=?2");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  (*stmt)->bindText(2, key);
  (*stmt)->bindText(3, rev);
  (*stmt)->bindText(4, body);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot update document");
  return Status::ok();
}

Status DocumentTable::remove(SqliteConnection& db, std::int64_t collection_id,
                             std::string_view key) {
  auto stmt = db.prepare("DELETE FROM documents WHERE collection_id=?1 AND key=?2");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  (*stmt)->bindText(2, key);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot remove document");
  return Status::ok();
}

Status DocumentTable::removeAll(SqliteConnection& db, std::int64_t collection_id) {
  auto stmt = db.prepare("DELETE FROM documents WHERE collection_id=?1");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, collection_id);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot remove documents");
  return Status::ok();
}

}  // namespace tandem::storage
