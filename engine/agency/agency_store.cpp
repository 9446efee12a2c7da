// AgencyStore: validation, canonical form and application of agency writes and reads.
//
// parseWrite() turns a request body into a canonical write: every transaction becomes
//   [ {path: {"op":NAME, ...operands}}, {path: {"old":V, "oldEmpty":B, "isArray":B}}, "id"? ]
// with normalised paths and bare values spelled out ({"op":"set","new":V}, {"old":V}). The
// canonical form parses to itself, so the Raft entry (serialize()) means exactly what was
// validated, on every agent and in every later version that reads the log.
//
// Decisions the header leaves open, made here:
//   - Transactions are numbered from 1 in error messages.
//   - The root "/" can be read and can carry preconditions, but no operation may target it
//     (the tree must stay an object).
//   - A path may appear only once among a transaction's operations and once among its
//     preconditions: the canonical form is an object keyed by path, and two operations on
//     "/a" and "a" would otherwise silently merge.
//   - pop/shift/erase on a value that is not an array change nothing, like delete on a missing
//     key.
//   - Numbers compare by value (1 == 1.0) in "old" and "erase"; increment/decrement keep
//     integers integral (int64, or uint64 above it) and fall back to double only when the
//     exact result fits neither, or when either side is a double.
//   - Depth limits keep every tree serialisable and re-parsable: bodies nest at most
//     kMaxBodyDepth, paths have at most kMaxPathSegments, so a tree (and a snapshot) nests
//     less than kMaxStoredDepth, the limit used for entries and snapshots.
#include "agency/agency_store.h"

#include <cstdint>
#include <limits>
#include <utility>

#include <boost/json.hpp>

namespace tandem::agency {
namespace {

namespace json = boost::json;

constexpr unsigned kMaxBodyDepth = 64;
constexpr std::size_t kMaxPathSegments = 64;
constexpr unsigned kMaxStoredDepth = 256;
static_assert(kMaxBodyDepth + kMaxPathSegments < kMaxStoredDepth);

using Path = std::vector<std::string>;

enum class OpKind { kSet, kDelete, kIncrement, kDecrement, kPush, kErase, kPrepend, kPop, kShift };

struct OpSpec {
  std::string_view name;
  OpKind kind;
  std::string_view operand;  // the member it needs or accepts; empty: none
  bool required;             // operand must be present
};

constexpr OpSpec kOps[] = {
    {"set", OpKind::kSet, "new", true},
    {"delete", OpKind::kDelete, "", false},
    {"increment", OpKind::kIncrement, "step", false},
    {"decrement", OpKind::kDecrement, "step", false},
    {"push", OpKind::kPush, "new", true},
    {"erase", OpKind::kErase, "val", true},
    {"prepend", OpKind::kPrepend, "new", true},
    {"pop", OpKind::kPop, "", false},
    {"shift", OpKind::kShift, "", false},
};

struct Operation {
  Path path;
  const OpSpec* spec = nullptr;
  const json::value* operand = nullptr;  // points into the parsed transaction; may be null
};

enum class CheckKind { kOld, kOldEmpty, kIsArray };

struct Check {
  CheckKind kind;
  const json::value* value = nullptr;  // kOld: the expected value
  bool flag = false;                   // kOldEmpty / kIsArray
};

struct Precondition {
  Path path;
  std::vector<Check> checks;  // all must hold
};

struct Transaction {
  std::vector<Operation> operations;
  std::vector<Precondition> preconditions;
  const json::string* client_id = nullptr;
};

Status badParameter(std::string message) {
  return Status::error(ErrorCode::kBadParameter, std::move(message));
}

std::string quoted(std::string_view text) {
  return json::serialize(json::string(text.data(), text.size()));
}

Path splitPath(std::string_view path) {
  Path segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

std::string joinPath(const Path& segments) {
  if (segments.empty()) return "/";
  std::string path;
  for (const auto& segment : segments) {
    path += '/';
    path += segment;
  }
  return path;
}

Result<json::value> parseJson(std::string_view text, unsigned max_depth, std::string_view what) {
  json::parse_options options;
  options.max_depth = max_depth;
  std::error_code ec;
  json::value value = json::parse(text, ec, json::storage_ptr(), options);
  if (ec) {
    return Status::error(ErrorCode::kCorruptedJson,
                         std::string(what) + " is not valid JSON: " + ec.message());
  }
  return value;
}

// ---- values ----

bool isNumber(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }
bool isIntegral(const json::value& v) { return v.is_int64() || v.is_uint64(); }

__int128 integralValue(const json::value& v) {
  return v.is_int64() ? __int128(v.get_int64()) : __int128(v.get_uint64());
}

// Exact on the platforms Tandem builds for: long double holds every int64/uint64 exactly.
long double numericValue(const json::value& v) {
  if (v.is_double()) return v.get_double();
  return v.is_int64() ? static_cast<long double>(v.get_int64())
                      : static_cast<long double>(v.get_uint64());
}

// JSON equality with numbers compared by value and objects as unordered maps.
bool sameValue(const json::value& a, const json::value& b) {
  if (isNumber(a) && isNumber(b)) {
    if (isIntegral(a) && isIntegral(b)) return integralValue(a) == integralValue(b);
    return numericValue(a) == numericValue(b);
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!sameValue(x[i], y[i])) return false;
      }
      return true;
    }
    case json::kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& member : x) {
        const json::value* other = y.if_contains(member.key());
        if (other == nullptr || !sameValue(member.value(), *other)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

// base + step (or base - step). Integral inputs give an integral result when the exact value
// fits int64 or uint64; otherwise, or when either side is a double, a double.
json::value addNumbers(const json::value& base, const json::value& step, bool subtract) {
  if (isIntegral(base) && isIntegral(step)) {
    const __int128 a = integralValue(base);
    const __int128 b = integralValue(step);
    const __int128 sum = subtract ? a - b : a + b;
    if (sum >= std::numeric_limits<std::int64_t>::min() &&
        sum <= std::numeric_limits<std::int64_t>::max()) {
      return json::value(static_cast<std::int64_t>(sum));
    }
    if (sum >= 0 && sum <= __int128(std::numeric_limits<std::uint64_t>::max())) {
      return json::value(static_cast<std::uint64_t>(sum));
    }
    return json::value(static_cast<double>(sum));
  }
  const double a = static_cast<double>(numericValue(base));
  const double b = static_cast<double>(numericValue(step));
  return json::value(subtract ? a - b : a + b);
}

// ---- tree navigation ----

const json::value* lookup(const json::object& root, const Path& path) {
  const json::object* node = &root;
  const json::value* found = nullptr;
  for (const auto& segment : path) {
    if (node == nullptr) return nullptr;
    found = node->if_contains(segment);
    if (found == nullptr) return nullptr;
    node = found->if_object();
  }
  return found;
}

json::value* lookupMutable(json::object& root, const Path& path) {
  return const_cast<json::value*>(lookup(root, path));
}

// The slot at `path` (non-empty), creating intermediate objects and replacing non-objects in
// the way; a new slot holds null.
json::value& makePath(json::object& root, const Path& path) {
  json::object* node = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json::value& child = (*node)[path[i]];
    if (!child.is_object()) child = json::object();
    node = &child.get_object();
  }
  return (*node)[path.back()];
}

// ---- validation ----

class TransactionParser {
 public:
  explicit TransactionParser(std::size_t number)
      : prefix_("transaction " + std::to_string(number) + ": ") {}

  Result<Transaction> parse(const json::value& value) {
    const json::array* parts = value.if_array();
    if (parts == nullptr) {
      return fail("must be an array [operations, preconditions?, client id?]");
    }
    if (parts->empty()) return fail("is empty; it needs at least an object of operations");
    if (parts->size() > 3) {
      return fail("has " + std::to_string(parts->size()) +
                  " elements; at most 3 are allowed (operations, preconditions, client id)");
    }
    Transaction transaction;
    if (Status status = parseOperations((*parts)[0], transaction); !status) return status;
    if (parts->size() > 1) {
      if (Status status = parsePreconditions((*parts)[1], transaction); !status) return status;
    }
    if (parts->size() > 2) {
      transaction.client_id = (*parts)[2].if_string();
      if (transaction.client_id == nullptr) return fail("client id must be a string");
    }
    return transaction;
  }

 private:
  Status fail(const std::string& problem) const { return badParameter(prefix_ + problem); }

  Result<Path> parsePath(std::string_view text) const {
    Path path = splitPath(text);
    if (path.size() > kMaxPathSegments) {
      return fail("path " + quoted(text) + " has more than " + std::to_string(kMaxPathSegments) +
                  " segments");
    }
    return path;
  }

  Status parseOperations(const json::value& value, Transaction& transaction) const {
    const json::object* ops = value.if_object();
    if (ops == nullptr) return fail("operations must be an object of path: operation");
    for (const auto& member : *ops) {
      auto path = parsePath(member.key());
      if (!path) return path.status();
      const std::string name = joinPath(*path);
      if (path->empty()) return fail("cannot write the root path /");
      for (const auto& earlier : transaction.operations) {
        if (earlier.path == *path) return fail("path " + name + " appears twice among operations");
      }
      Operation operation;
      operation.path = std::move(*path);
      if (Status status = parseOperation(member.value(), name, operation); !status) return status;
      transaction.operations.push_back(std::move(operation));
    }
    return Status::ok();
  }

  Status parseOperation(const json::value& value, const std::string& path,
                        Operation& operation) const {
    const json::object* object = value.if_object();
    const json::value* op = object != nullptr ? object->if_contains("op") : nullptr;
    if (op == nullptr) {  // a bare value: set
      operation.spec = &kOps[0];
      operation.operand = &value;
      return Status::ok();
    }
    const json::string* name = op->if_string();
    if (name == nullptr) return fail("\"op\" for " + path + " must be a string");
    for (const auto& spec : kOps) {
      if (spec.name == std::string_view(*name)) operation.spec = &spec;
    }
    if (operation.spec == nullptr) {
      return fail("unknown operation " + quoted(*name) + " for " + path);
    }
    const OpSpec& spec = *operation.spec;
    for (const auto& member : *object) {
      if (member.key() == "op") continue;
      if (spec.operand.empty() || member.key() != spec.operand) {
        return fail("operation \"" + std::string(spec.name) + "\" for " + path + " does not take " +
                    quoted(member.key()));
      }
      operation.operand = &member.value();
    }
    if (spec.required && operation.operand == nullptr) {
      return fail("operation \"" + std::string(spec.name) + "\" for " + path + " needs \"" +
                  std::string(spec.operand) + "\"");
    }
    if ((spec.kind == OpKind::kIncrement || spec.kind == OpKind::kDecrement) &&
        operation.operand != nullptr && !isNumber(*operation.operand)) {
      return fail("\"step\" of " + std::string(spec.name) + " for " + path + " must be a number");
    }
    return Status::ok();
  }

  Status parsePreconditions(const json::value& value, Transaction& transaction) const {
    const json::object* conditions = value.if_object();
    if (conditions == nullptr) return fail("preconditions must be an object of path: precondition");
    for (const auto& member : *conditions) {
      auto path = parsePath(member.key());
      if (!path) return path.status();
      const std::string name = joinPath(*path);
      for (const auto& earlier : transaction.preconditions) {
        if (earlier.path == *path) {
          return fail("path " + name + " appears twice among preconditions");
        }
      }
      Precondition precondition;
      precondition.path = std::move(*path);
      if (Status status = parseChecks(member.value(), name, precondition.checks); !status) {
        return status;
      }
      transaction.preconditions.push_back(std::move(precondition));
    }
    return Status::ok();
  }

  Status parseChecks(const json::value& value, const std::string& path,
                     std::vector<Check>& checks) const {
    const json::object* object = value.if_object();
    if (object == nullptr) {  // a bare value: old
      checks.push_back({CheckKind::kOld, &value, false});
      return Status::ok();
    }
    if (object->empty()) {
      return fail("precondition for " + path + " is an empty object; use {\"old\":{}}");
    }
    for (const auto& member : *object) {
      const std::string_view key = member.key();
      if (key == "old") {
        checks.push_back({CheckKind::kOld, &member.value(), false});
        continue;
      }
      CheckKind kind;
      if (key == "oldEmpty") {
        kind = CheckKind::kOldEmpty;
      } else if (key == "isArray") {
        kind = CheckKind::kIsArray;
      } else {
        return fail("unknown precondition " + quoted(key) + " for " + path);
      }
      if (!member.value().is_bool()) {
        return fail(quoted(key) + " for " + path + " must be true or false");
      }
      checks.push_back({kind, nullptr, member.value().get_bool()});
    }
    return Status::ok();
  }

  std::string prefix_;
};

json::value canonical(const Transaction& transaction) {
  json::object ops;
  for (const auto& operation : transaction.operations) {
    json::object op;
    op["op"] = operation.spec->name;
    if (operation.operand != nullptr) op[operation.spec->operand] = *operation.operand;
    ops[joinPath(operation.path)] = std::move(op);
  }
  json::object conditions;
  for (const auto& precondition : transaction.preconditions) {
    json::object checks;
    for (const auto& check : precondition.checks) {
      switch (check.kind) {
        case CheckKind::kOld:
          checks["old"] = *check.value;
          break;
        case CheckKind::kOldEmpty:
          checks["oldEmpty"] = check.flag;
          break;
        case CheckKind::kIsArray:
          checks["isArray"] = check.flag;
          break;
      }
    }
    conditions[joinPath(precondition.path)] = std::move(checks);
  }
  json::array parts;
  parts.emplace_back(std::move(ops));
  parts.emplace_back(std::move(conditions));
  if (transaction.client_id != nullptr) parts.emplace_back(*transaction.client_id);
  return parts;
}

// ---- application ----

bool holds(const json::object& root, const Precondition& precondition) {
  const json::value* current =
      precondition.path.empty() ? nullptr : lookup(root, precondition.path);
  const bool exists = precondition.path.empty() || current != nullptr;
  for (const auto& check : precondition.checks) {
    switch (check.kind) {
      case CheckKind::kOld:
        if (precondition.path.empty()) {
          if (!check.value->is_object() || !sameValue(json::value(root), *check.value)) {
            return false;
          }
        } else if (current == nullptr || !sameValue(*current, *check.value)) {
          return false;
        }
        break;
      case CheckKind::kOldEmpty:
        if (precondition.path.empty()) {
          if (root.empty() != check.flag) return false;
        } else if (exists == check.flag) {
          return false;
        }
        break;
      case CheckKind::kIsArray:
        if ((current != nullptr && current->is_array()) != check.flag) return false;
        break;
    }
  }
  return true;
}

void execute(json::object& root, const Operation& operation) {
  static const json::value kOne(1);
  switch (operation.spec->kind) {
    case OpKind::kSet:
      makePath(root, operation.path) = *operation.operand;
      return;
    case OpKind::kDelete: {
      Path parent_path(operation.path.begin(), operation.path.end() - 1);
      json::object* parent = &root;
      if (!parent_path.empty()) {
        json::value* found = lookupMutable(root, parent_path);
        parent = found != nullptr ? found->if_object() : nullptr;
      }
      if (parent != nullptr) parent->erase(operation.path.back());
      return;
    }
    case OpKind::kIncrement:
    case OpKind::kDecrement: {
      json::value& slot = makePath(root, operation.path);
      const json::value& step = operation.operand != nullptr ? *operation.operand : kOne;
      const json::value base = isNumber(slot) ? slot : json::value(0);
      slot = addNumbers(base, step, operation.spec->kind == OpKind::kDecrement);
      return;
    }
    case OpKind::kPush:
    case OpKind::kPrepend: {
      json::value& slot = makePath(root, operation.path);
      if (!slot.is_array()) slot = json::array();
      json::array& array = slot.get_array();
      if (operation.spec->kind == OpKind::kPush) {
        array.push_back(*operation.operand);
      } else {
        array.insert(array.begin(), *operation.operand);
      }
      return;
    }
    case OpKind::kErase:
    case OpKind::kPop:
    case OpKind::kShift: {
      json::value* found = lookupMutable(root, operation.path);
      json::array* array = found != nullptr ? found->if_array() : nullptr;
      if (array == nullptr) return;
      if (operation.spec->kind == OpKind::kPop) {
        if (!array->empty()) array->pop_back();
      } else if (operation.spec->kind == OpKind::kShift) {
        if (!array->empty()) array->erase(array->begin());
      } else {
        json::array kept;
        for (const auto& element : *array) {
          if (!sameValue(element, *operation.operand)) kept.push_back(element);
        }
        *array = std::move(kept);
      }
      return;
    }
  }
}

}  // namespace

AgencyStore::AgencyStore() = default;

Result<AgencyWrite> AgencyStore::parseWrite(std::string_view body) {
  auto parsed = parseJson(body, kMaxBodyDepth, "agency write body");
  if (!parsed) return parsed.status();
  const json::array* transactions = parsed->if_array();
  if (transactions == nullptr) {
    return badParameter("agency write body must be an array of transactions");
  }
  AgencyWrite write;
  write.transactions.reserve(transactions->size());
  for (std::size_t i = 0; i < transactions->size(); ++i) {
    auto transaction = TransactionParser(i + 1).parse((*transactions)[i]);
    if (!transaction) return transaction.status();
    write.transactions.push_back(canonical(*transaction));
  }
  return write;
}

Result<std::vector<std::vector<std::string>>> AgencyStore::parseRead(std::string_view body) {
  auto parsed = parseJson(body, kMaxBodyDepth, "agency read body");
  if (!parsed) return parsed.status();
  const json::array* queries = parsed->if_array();
  if (queries == nullptr) {
    return badParameter("agency read body must be an array of queries (arrays of paths)");
  }
  std::vector<std::vector<std::string>> result;
  for (std::size_t i = 0; i < queries->size(); ++i) {
    const json::array* paths = (*queries)[i].if_array();
    const std::string problem =
        "read query " + std::to_string(i + 1) + " must be an array of path strings";
    if (paths == nullptr) return badParameter(problem);
    std::vector<std::string> query;
    for (const auto& path : *paths) {
      if (!path.is_string()) return badParameter(problem);
      query.push_back(joinPath(splitPath(path.get_string())));
    }
    result.push_back(std::move(query));
  }
  return result;
}

std::string AgencyStore::serialize(const AgencyWrite& write) {
  return json::serialize(write.transactions);
}

std::vector<bool> AgencyStore::apply(const AgencyWrite& write) {
  std::vector<bool> results;
  results.reserve(write.transactions.size());
  for (std::size_t i = 0; i < write.transactions.size(); ++i) {
    // Canonical transactions always parse; anything else (a hand-made AgencyWrite) is refused
    // here as a failed transaction, the same way on every agent.
    auto transaction = TransactionParser(i + 1).parse(write.transactions[i]);
    bool applied = transaction.isOk();
    if (applied) {
      for (const auto& precondition : transaction->preconditions) {
        if (!holds(root_, precondition)) {
          applied = false;
          break;
        }
      }
    }
    if (applied) {
      // Operations cannot fail once the preconditions hold, so the transaction is all or
      // nothing without a copy of the tree.
      for (const auto& operation : transaction->operations) execute(root_, operation);
    }
    results.push_back(applied);
  }
  return results;
}

std::vector<bool> AgencyStore::applyEntry(std::string_view data) {
  if (data.empty()) return {};
  auto parsed = parseJson(data, kMaxStoredDepth, "agency entry");
  if (!parsed || !parsed->is_array()) return {};
  AgencyWrite write;
  write.transactions = std::move(parsed->get_array());
  return apply(write);
}

json::array AgencyStore::read(const std::vector<std::vector<std::string>>& queries) const {
  json::array answers;
  answers.reserve(queries.size());
  for (const auto& query : queries) {
    json::object answer;
    for (const auto& text : query) {
      const Path path = splitPath(text);
      if (path.empty()) {
        answer = root_;
        continue;
      }
      const json::value* found = lookup(root_, path);
      if (found != nullptr) makePath(answer, path) = *found;
    }
    answers.emplace_back(std::move(answer));
  }
  return answers;
}

const json::value* AgencyStore::find(std::string_view path) const {
  // The root is an object, not a value: callers that want it use root().
  return lookup(root_, splitPath(path));
}

std::string AgencyStore::snapshot() const { return json::serialize(root_); }

Status AgencyStore::restore(std::string_view text) {
  auto parsed = parseJson(text, kMaxStoredDepth, "agency snapshot");
  if (!parsed || !parsed->is_object()) {
    return badParameter("agency snapshot is not a JSON object" +
                        (parsed ? std::string() : ": " + parsed.status().message()));
  }
  root_ = std::move(parsed->get_object());
  return Status::ok();
}

}  // namespace tandem::agency
