// Markers: the JSON form of one oplog entry on the wire (/_api/wal/tail lines) and in
// rollback files, and back.
//
//   {"tick":"N","term":"T","type":2300,"db":"_system","cname":"coll","tid":"0","data":{...}}
//
//   tick, term  decimal strings (64-bit values do not fit a JSON double)
//   type        OpType number (ArangoDB's marker types; 9001 term start is Tandem's own)
//   db          database name
//   cname       collection name; "" for database operations and term starts
//   tid         transaction id; always "0" (every entry is its own transaction)
//   data        the entry's body: the full document (2300), {"_key","_rev"} (2302), the DDL's
//               parameters (1100/1101/2000/2001/2004), {"term","leader"} (9001)
//
// Parsing restores an OplogEntry exactly: key and rev come from data._key/_rev for document
// types, the body text is written back in the store's own form (JsonWriter), so a stored
// document copied through a marker is byte-identical. Parse errors are kBadParameter.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::replication {

class Markers {
 public:
  // Appends the marker of `entry` (no trailing newline) to `out`. entry.body must be JSON.
  static void append(const OplogEntry& entry, std::string& out);
  static std::string toJson(const OplogEntry& entry);
  // One marker (a line of a tail answer, without its newline).
  static Result<OplogEntry> parse(std::string_view json);
  // Every non-empty line of an NDJSON body, in order. Stops at the first bad line.
  static Result<std::vector<OplogEntry>> parseLines(std::string_view ndjson);
};

}  // namespace tandem::replication
