// AgencyStore: the agency's key tree and its write/read operations (ArangoDB's agency shapes).
//
// Keys are slash-separated paths ("/tandem/Plan/Leader"); the tree is one JSON object, a path
// names a nested member. Used twice by every agent: as the replicated state machine (a write
// is applied when its Raft entry commits, in log order, on every agent) and as the transient
// store (heartbeats; applied directly on the agent that received it, never replicated).
//
// Write body: an array of transactions; a transaction is an array of 1-3 elements:
//   [ {path: operation, ...}, {path: precondition, ...}?, "client-id"? ]
// operation:  {"op":"set","new":V} | {"op":"delete"} | {"op":"increment","step":N?}
//             | {"op":"decrement","step":N?} | {"op":"push","new":V} | {"op":"erase","val":V}
//             | {"op":"prepend","new":V} | {"op":"pop"} | {"op":"shift"}
//             | V (a bare value that is not an object with "op": same as set)
// precondition: {"old":V} | {"oldEmpty":true|false} | {"isArray":true|false}
//             | V (a bare value: same as {"old":V})
// A transaction applies all its operations or none (if any precondition fails). increment on
// a missing or non-number key starts from 0; push/prepend on a missing or non-array key makes
// an array; erase removes every element equal to val; delete/pop/shift on missing keys do
// nothing. Intermediate objects are created by set/push/increment; a non-object in the way is
// replaced by an object.
//
// Read body: an array of queries, each an array of paths; the answer is an array with one
// object per query holding the subtrees of its paths, nested from the root (missing paths
// absent): [["/tandem/a","/tandem/b/c"]] -> [{"tandem":{"a":1,"b":{"c":2}}}].
//
// Determinism: apply() depends only on the tree and the write, so every agent that applies
// the same log reaches the same tree. Thread-safety: none; the driver's strand owns it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "tandem/status.h"

namespace tandem::agency {

// A validated write request: the transactions in the order given.
struct AgencyWrite {
  boost::json::array transactions;  // each already checked by parseWrite
};

class AgencyStore {
 public:
  AgencyStore();

  // Validates an HTTP write/transient body. kBadParameter (HTTP 400) naming the first problem
  // ("transaction 2: unknown operation \"sett\" for /tandem/k"); kCorruptedJson (400/600) for
  // text that is not JSON. Paths are normalised ("tandem//k/" -> "/tandem/k").
  static Result<AgencyWrite> parseWrite(std::string_view body);
  // Validates a read body into queries of normalised paths.
  static Result<std::vector<std::vector<std::string>>> parseRead(std::string_view body);

  // The entry text for a validated write (compact JSON); applyEntry(serialize(w)) == apply(w).
  static std::string serialize(const AgencyWrite& write);

  // Applies every transaction in order; for each, true if it was applied, false if a
  // precondition failed (then it changed nothing).
  std::vector<bool> apply(const AgencyWrite& write);
  // Applies a committed Raft entry's data. Empty data is a no-op (returns {}). Data that does
  // not parse is ignored (returns {}) — it was validated before it was proposed.
  std::vector<bool> applyEntry(std::string_view data);

  // Answers a read (see top) as a JSON array.
  boost::json::array read(const std::vector<std::vector<std::string>>& queries) const;
  // The value at one normalised path, or nullptr if absent.
  const boost::json::value* find(std::string_view path) const;

  // The whole tree, and its compact JSON text for snapshots; restore() replaces the tree
  // (kBadParameter if `text` is not a JSON object).
  const boost::json::object& root() const { return root_; }
  std::string snapshot() const;
  Status restore(std::string_view text);

 private:
  boost::json::object root_;
};

}  // namespace tandem::agency
