// DocumentTable: the SQL of the `documents` table (layout in schema.cpp), on whatever
// connection the caller owns — the writer's inside its transaction, or a pooled reader.
//
// Thread-safety: stateless; the connection's owner serializes its use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"

namespace tandem::storage {

struct StoredDocument {
  std::string rev;
  std::string body;  // empty unless asked for
};

class DocumentTable {
 public:
  static Result<std::optional<StoredDocument>> find(SqliteConnection& db,
                                                    std::int64_t collection_id,
                                                    std::string_view key, bool with_body);
  // false: a document with this key exists already (nothing written).
  static Result<bool> insert(SqliteConnection& db, std::int64_t collection_id, std::string_view key,
                             std::string_view rev, std::string_view body);
  static Status update(SqliteConnection& db, std::int64_t collection_id, std::string_view key,
                       std::string_view rev, std::string_view body);
  static Status remove(SqliteConnection& db, std::int64_t collection_id, std::string_view key);
  // Removes every document of a collection (truncate / drop).
  static Status removeAll(SqliteConnection& db, std::int64_t collection_id);
};

}  // namespace tandem::storage
