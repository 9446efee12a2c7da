// CollectionRow: a collection as the leader describes it (the body of a kCreateCollection
// oplog entry, or an inventory entry) written as a row of `collections` with the leader's id,
// for a follower's copy.
//
// Thread-safety: stateless; used on the writer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "storage/catalog.h"
#include "storage/sqlite_connection.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

class CollectionRow {
 public:
  // Parses {"id","name","type","waitForSync","isSystem","globallyUniqueId","keyOptions"}
  // (engine/storage/DESIGN.md, Formats). kBadParameter if id or name is missing.
  static Result<CollectionInfo> fromJson(std::string_view body);
  // Inserts the row (doc_count 0, last_value from info.key_options) and returns the catalog
  // entry to publish after commit. kBadParameter for a non-numeric id.
  static Result<std::shared_ptr<CollectionEntry>> insert(SqliteConnection& db,
                                                         std::int64_t database_id,
                                                         std::string_view database,
                                                         const CollectionInfo& info);
};

}  // namespace tandem::storage
