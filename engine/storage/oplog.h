// Oplog: the SQL of the `oplog` table (layout in schema.cpp): appending entries inside the
// writer's transaction and reading them back in tick order.
//
// Thread-safety: stateless; the connection's owner serializes its use.
#pragma once

#include <cstdint>
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

class Oplog {
 public:
  static Status append(SqliteConnection& db, const OplogRecord& entry);
  // Entries with tick > after, in tick order, at most `limit`.
  static Result<std::vector<OplogEntry>> read(SqliteConnection& db, std::uint64_t after,
                                              std::size_t limit);
  // Highest tick in the table, 0 if empty.
  static Result<std::uint64_t> maxTick(SqliteConnection& db);
  // Revision of the newest entry that has one, empty if none.
  static Result<std::string> lastRevision(SqliteConnection& db);
};

}  // namespace tandem::storage
