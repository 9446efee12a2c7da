#include "replication/markers.h"

#include <charconv>

#include <boost/json.hpp>

#include "storage/json_writer.h"

namespace tandem::replication {
namespace {

using storage::JsonWriter;

Status bad(std::string_view what) {
  return Status::error(ErrorCode::kBadParameter,
                       "invalid replication marker: " + std::string(what));
}

bool isDocumentType(OpType type) {
  return type == OpType::kDocumentUpsert || type == OpType::kDocumentRemove;
}

bool isKnownType(std::int64_t type) {
  switch (static_cast<OpType>(type)) {
    case OpType::kCreateDatabase:
    case OpType::kDropDatabase:
    case OpType::kCreateCollection:
    case OpType::kDropCollection:
    case OpType::kTruncateCollection:
    case OpType::kDocumentUpsert:
    case OpType::kDocumentRemove:
    case OpType::kTermStart:
      return true;
  }
  return false;
}

// A decimal string (as written by append()) or a JSON integer.
std::optional<std::uint64_t> numberField(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_uint64()) return value->get_uint64();
  if (value->is_int64() && value->get_int64() >= 0) {
    return static_cast<std::uint64_t>(value->get_int64());
  }
  if (!value->is_string()) return std::nullopt;
  const boost::json::string& text = value->get_string();
  std::uint64_t result = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return result;
}

std::string stringField(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

}  // namespace

void Markers::append(const OplogEntry& entry, std::string& out) {
  out += "{\"tick\":\"";
  out += std::to_string(entry.tick);
  out += "\",\"term\":\"";
  out += std::to_string(entry.term);
  out += "\",\"type\":";
  out += std::to_string(static_cast<int>(entry.type));
  out += ",\"db\":";
  JsonWriter::appendString(entry.db, out);
  out += ",\"cname\":";
  JsonWriter::appendString(entry.collection, out);
  out += ",\"tid\":\"0\",\"data\":";
  out += entry.body.empty() ? std::string_view("{}") : std::string_view(entry.body);
  out += '}';
}

std::string Markers::toJson(const OplogEntry& entry) {
  std::string out;
  out.reserve(96 + entry.body.size());
  append(entry, out);
  return out;
}

Result<OplogEntry> Markers::parse(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(json, ec);
  if (ec) return bad(ec.message());
  if (!parsed.is_object()) return bad("not an object");
  const boost::json::object& object = parsed.get_object();
  OplogEntry entry;
  auto tick = numberField(object, "tick");
  auto term = numberField(object, "term");
  auto type = object.if_contains("type");
  if (!tick || *tick == 0) return bad("tick missing");
  if (!term) return bad("term missing");
  if (type == nullptr || !type->is_int64() || !isKnownType(type->get_int64())) {
    return bad("unknown type");
  }
  entry.tick = *tick;
  entry.term = *term;
  entry.type = static_cast<OpType>(type->get_int64());
  entry.db = stringField(object, "db");
  entry.collection = stringField(object, "cname");
  const boost::json::value* data = object.if_contains("data");
  if (data == nullptr || !data->is_object()) return bad("data missing");
  if (isDocumentType(entry.type)) {
    entry.key = stringField(data->get_object(), "_key");
    entry.rev = stringField(data->get_object(), "_rev");
    if (entry.key.empty() || entry.rev.empty()) return bad("document without _key or _rev");
    if (entry.collection.empty()) return bad("document without cname");
  }
  JsonWriter::append(*data, entry.body);
  return entry;
}

Result<std::vector<OplogEntry>> Markers::parseLines(std::string_view ndjson) {
  std::vector<OplogEntry> entries;
  while (!ndjson.empty()) {
    const std::size_t end = ndjson.find('\n');
    std::string_view line = ndjson.substr(0, end);
    ndjson = end == std::string_view::npos ? std::string_view() : ndjson.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto entry = parse(line);
    if (!entry) return entry.status();
    entries.push_back(std::move(*entry));
  }
  return entries;
}

}  // namespace tandem::replication
