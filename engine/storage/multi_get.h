// MultiGet: reads many documents of one collection (PUT /_api/document/<c>?onlyget=true) in a
// single read transaction, so all of them come from the same snapshot.
//
// Thread-safety: stateless; runs on the calling thread with a borrowed reader connection.
#pragma once

#include <string_view>
#include <vector>

#include "storage/catalog.h"
#include "storage/sqlite_connection.h"
#include "tandem/store.h"

namespace tandem::storage {

class MultiGet {
 public:
  // `body` is a JSON array of keys or of objects with _key/_id. 600 on bad JSON, 1227 if it
  // is not an array; per item 1205 (no usable key), 1202 (not found).
  static Result<std::vector<DocumentResult>> run(SqliteConnection& db,
                                                 const CollectionEntry& collection,
                                                 std::string_view body);
};

}  // namespace tandem::storage
