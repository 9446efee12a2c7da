#include "storage/oplog.h"

namespace tandem::storage {

Status Oplog::append(SqliteConnection& db, const OplogRecord& entry) {
  auto stmt = db.prepare(
      "INSERT INTO oplog(tick, term, db, type, collection, key, rev, body)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, entry.tick);
  (*stmt)->bindUint64(2, entry.term);
  (*stmt)->bindText(3, entry.db);
  (*stmt)->bindInt64(4, static_cast<std::int64_t>(entry.type));
  (*stmt)->bindText(5, entry.collection);
  (*stmt)->bindText(6, entry.key);
  (*stmt)->bindText(7, entry.rev);
  (*stmt)->bindText(8, entry.body);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot append to the oplog");
  return Status::ok();
}

Result<std::vector<OplogEntry>> Oplog::read(SqliteConnection& db, std::uint64_t after,
                                            std::size_t limit) {
  auto stmt = db.prepare(
      "SELECT tick, term, db, type, collection, key, rev, body FROM oplog"
      " WHERE tick > ?1 ORDER BY tick LIMIT ?2");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, after);
  (*stmt)->bindUint64(2, limit);
  std::vector<OplogEntry> entries;
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    OplogEntry entry;
    entry.tick = (*stmt)->columnUint64(0);
    entry.term = (*stmt)->columnUint64(1);
    entry.db = (*stmt)->columnString(2);
    entry.type = static_cast<OpType>((*stmt)->columnInt64(3));
    entry.collection = (*stmt)->columnString(4);
    entry.key = (*stmt)->columnString(5);
    entry.rev = (*stmt)->columnString(6);
    entry.body = (*stmt)->columnString(7);
    entries.push_back(std::move(entry));
  }
  if (rc != SQLITE_DONE) return db.error(rc, "cannot read the oplog");
  return entries;
}

Result<std::uint64_t> Oplog::maxTick(SqliteConnection& db) {
  auto value = db.queryInt64("SELECT coalesce(max(tick), 0) FROM oplog", 0);
  if (!value) return value.status();
  return static_cast<std::uint64_t>(*value);
}

Result<std::string> Oplog::lastRevision(SqliteConnection& db) {
  auto stmt = db.prepare("SELECT rev FROM oplog WHERE rev <> '' ORDER BY tick DESC LIMIT 1");
  if (!stmt) return stmt.status();
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return (*stmt)->columnString(0);
  if (rc == SQLITE_DONE) return std::string();
  return db.error(rc, "cannot read the oplog");
}

}  // namespace tandem::storage
