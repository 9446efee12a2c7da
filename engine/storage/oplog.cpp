#include "storage/oplog.h"

#include <array>

namespace tandem::storage {
namespace {

constexpr std::string_view kInsertHead =
    "INSERT INTO oplog(tick, term, db, type, collection, key, rev, body) VALUES";
constexpr std::string_view kInsertRow = "(?,?,?,?,?,?,?,?)";
constexpr std::size_t kColumns = 8;

// "INSERT ... VALUES(?,...),(?,...),..." with kRowsPerStatement rows, built at compile time so
// the statement cache can key it by address like every other static SQL text.
constexpr auto makeChunkSql() {
  constexpr std::size_t rows = Oplog::kRowsPerStatement;
  std::array<char, kInsertHead.size() + rows*(kInsertRow.size() + 1)> sql{};
  std::size_t at = 0;
  for (char c : kInsertHead) sql[at++] = c;
  for (std::size_t row = 0; row < rows; ++row) {
    if (row > 0) sql[at++] = ',';
    for (char c : kInsertRow) sql[at++] = c;
  }
  sql[at] = '\0';
  return sql;
}

constexpr auto kChunkSql = makeChunkSql();

void bindEntry(SqliteStatement& stmt, int first, const OplogEntry& entry) {
  stmt.bindUint64(first, entry.tick);
  stmt.bindUint64(first + 1, entry.term);
  stmt.bindText(first + 2, entry.db);
  stmt.bindInt64(first + 3, static_cast<std::int64_t>(entry.type));
  stmt.bindText(first + 4, entry.collection);
  stmt.bindText(first + 5, entry.key);
  stmt.bindText(first + 6, entry.rev);
  stmt.bindText(first + 7, entry.body);
}

}  // namespace

void OplogBuffer::add(const OplogRecord& record) {
  if (size_ == entries_.size()) entries_.emplace_back();
  OplogEntry& entry = entries_[size_++];
  entry.tick = record.tick;
  entry.term = record.term;
  entry.type = record.type;
  entry.db.assign(record.db);
  entry.collection.assign(record.collection);
  entry.key.assign(record.key);
  entry.rev.assign(record.rev);
  entry.body.assign(record.body);
}

bool OplogBuffer::full() const { return size_ >= Oplog::kRowsPerStatement; }

Status OplogBuffer::flush(SqliteConnection& db) {
  std::size_t done = 0;
  Status status;
  for (; status && size_ - done >= Oplog::kRowsPerStatement; done += Oplog::kRowsPerStatement) {
    status = Oplog::appendChunk(db, entries_.data() + done);
  }
  for (; status && done < size_; ++done) {
    const OplogEntry& entry = entries_[done];
    status = Oplog::append(db, OplogRecord{entry.tick, entry.term, entry.type, entry.db,
                                           entry.collection, entry.key, entry.rev, entry.body});
  }
  size_ = 0;
  return status;
}

Status Oplog::appendChunk(SqliteConnection& db, const OplogEntry* entries) {
  auto stmt = db.prepare(kChunkSql.data());
  if (!stmt) return stmt.status();
  for (std::size_t row = 0; row < kRowsPerStatement; ++row) {
    bindEntry(**stmt, static_cast<int>(row * kColumns + 1), entries[row]);
  }
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot append to the oplog");
  return Status::ok();
}

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

Result<OplogPosition> Oplog::lastPosition(SqliteConnection& db) {
  auto stmt = db.prepare("SELECT tick, term FROM oplog ORDER BY tick DESC LIMIT 1");
  if (!stmt) return stmt.status();
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return OplogPosition{(*stmt)->columnUint64(0), (*stmt)->columnUint64(1)};
  if (rc == SQLITE_DONE) return OplogPosition{};
  return db.error(rc, "cannot read the oplog");
}

Result<std::vector<TermRange>> Oplog::termHistory(SqliteConnection& db) {
  auto stmt =
      db.prepare("SELECT term, min(tick), max(tick) FROM oplog GROUP BY term ORDER BY min(tick)");
  if (!stmt) return stmt.status();
  std::vector<TermRange> terms;
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    terms.push_back(
        TermRange{(*stmt)->columnUint64(0), (*stmt)->columnUint64(1), (*stmt)->columnUint64(2)});
  }
  if (rc != SQLITE_DONE) return db.error(rc, "cannot read the oplog");
  return terms;
}

Result<std::uint64_t> Oplog::minTick(SqliteConnection& db) {
  auto value = db.queryInt64("SELECT coalesce(min(tick), 0) FROM oplog", 0);
  if (!value) return value.status();
  return static_cast<std::uint64_t>(*value);
}

Result<std::optional<std::uint64_t>> Oplog::termAt(SqliteConnection& db, std::uint64_t tick) {
  auto stmt = db.prepare("SELECT term FROM oplog WHERE tick = ?1");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, tick);
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return std::optional<std::uint64_t>((*stmt)->columnUint64(0));
  if (rc == SQLITE_DONE) return std::optional<std::uint64_t>();
  return db.error(rc, "cannot read the oplog");
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
