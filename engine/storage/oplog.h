// Oplog: the SQL of the `oplog` table (layout in schema.cpp): appending entries inside the
// writer's transaction and reading them back in tick order.
//
// Thread-safety: Oplog is stateless (the connection's owner serializes its use); an OplogBuffer
// belongs to the writer's WriteContext and is used on the writer thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

// An entry to append, by reference to the caller's strings (no copies on the write path).
struct OplogRecord {
  std::uint64_t tick = 0;
  std::uint64_t term = 0;
  OpType type = OpType::kDocumentUpsert;
  std::string_view db;
  std::string_view collection;
  std::string_view key;
  std::string_view rev;
  std::string_view body;
};

// Oplog entries of the current transaction not yet handed to SQLite. Appending them in
// multi-row INSERT statements costs one statement execution per kRowsPerStatement entries
// instead of one per entry. The entries (and their string capacity) are reused from batch to
// batch, so buffering copies the texts without allocating.
class OplogBuffer {
 public:
  void add(const OplogRecord& record);
  std::size_t size() const { return size_; }
  bool full() const;
  // Writes the buffered entries (in tick order) and empties the buffer.
  Status flush(SqliteConnection& db);
  void clear() { size_ = 0; }

 private:
  std::vector<OplogEntry> entries_;  // the first size_ are pending
  std::size_t size_ = 0;
};

class Oplog {
 public:
  static constexpr std::size_t kRowsPerStatement = 32;

  static Status append(SqliteConnection& db, const OplogRecord& entry);
  // Appends kRowsPerStatement entries with one statement.
  static Status appendChunk(SqliteConnection& db, const OplogEntry* entries);
  // Entries with tick > after, in tick order, at most `limit`.
  static Result<std::vector<OplogEntry>> read(SqliteConnection& db, std::uint64_t after,
                                              std::size_t limit);
  // (tick, term) of the newest entry, {0, 0} if empty.
  static Result<OplogPosition> lastPosition(SqliteConnection& db);
  // Terms in tick order with their first and last tick (one scan of the table).
  static Result<std::vector<TermRange>> termHistory(SqliteConnection& db);
  // Lowest tick in the table, 0 if empty.
  static Result<std::uint64_t> minTick(SqliteConnection& db);
  // Term of the entry with `tick`, nullopt if there is none.
  static Result<std::optional<std::uint64_t>> termAt(SqliteConnection& db, std::uint64_t tick);
  // Highest tick in the table, 0 if empty.
  static Result<std::uint64_t> maxTick(SqliteConnection& db);
  // Revision of the newest entry that has one, empty if none.
  static Result<std::string> lastRevision(SqliteConnection& db);
};

}  // namespace tandem::storage
