#include "storage/collection_row.h"

#include <charconv>

#include <boost/json.hpp>

#include "storage/key_generator.h"

namespace tandem::storage {
namespace {

std::uint64_t numberOf(const boost::json::value* value, std::uint64_t fallback) {
  if (value == nullptr) return fallback;
  if (value->is_uint64()) return value->get_uint64();
  if (value->is_int64()) return static_cast<std::uint64_t>(value->get_int64());
  if (value->is_double()) return static_cast<std::uint64_t>(value->get_double());
  if (value->is_string()) {
    std::uint64_t result = fallback;
    const auto& text = value->get_string();
    std::from_chars(text.data(), text.data() + text.size(), result);
    return result;
  }
  return fallback;
}

bool boolOf(const boost::json::value* value, bool fallback) {
  return value != nullptr && value->is_bool() ? value->get_bool() : fallback;
}

std::string stringOf(const boost::json::value* value) {
  if (value == nullptr) return {};
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_number()) return std::to_string(numberOf(value, 0));
  return {};
}

}  // namespace

Result<CollectionInfo> CollectionRow::fromJson(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return Status::error(ErrorCode::kBadParameter, "collection properties are not an object");
  }
  const boost::json::object& object = parsed.get_object();
  CollectionInfo info;
  info.id = stringOf(object.if_contains("id"));
  info.name = stringOf(object.if_contains("name"));
  if (info.id.empty() || info.name.empty()) {
    return Status::error(ErrorCode::kBadParameter, "collection properties without id or name");
  }
  info.type = numberOf(object.if_contains("type"), 2) == 3 ? CollectionType::kEdge
                                                           : CollectionType::kDocument;
  info.wait_for_sync = boolOf(object.if_contains("waitForSync"), false);
  info.is_system = boolOf(object.if_contains("isSystem"), info.name.front() == '_');
  info.globally_unique_id = stringOf(object.if_contains("globallyUniqueId"));
  if (const auto* keys = object.if_contains("keyOptions"); keys != nullptr && keys->is_object()) {
    const boost::json::object& key_object = keys->get_object();
    KeyOptions& options = info.key_options;
    options.type = KeyGenerator::typeFromName(stringOf(key_object.if_contains("type")))
                       .value_or(KeyGeneratorType::kTraditional);
    options.allow_user_keys = boolOf(key_object.if_contains("allowUserKeys"), true);
    options.increment = numberOf(key_object.if_contains("increment"), 1);
    options.offset = numberOf(key_object.if_contains("offset"), 0);
    options.last_value = numberOf(key_object.if_contains("lastValue"), 0);
  }
  return info;
}

Result<std::shared_ptr<CollectionEntry>> CollectionRow::insert(SqliteConnection& db,
                                                               std::int64_t database_id,
                                                               std::string_view database,
                                                               const CollectionInfo& info) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(info.id.data(), info.id.data() + info.id.size(), id);
  if (ec != std::errc() || end != info.id.data() + info.id.size() || id <= 0) {
    return Status::error(ErrorCode::kBadParameter, "invalid collection id '" + info.id + "'");
  }
  auto stmt = db.prepare(
      "INSERT INTO collections(id, database_id, name, type, is_system, wait_for_sync, key_type,"
      " allow_user_keys, key_increment, key_offset, last_value, globally_unique_id, doc_count)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0)");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, id);
  (*stmt)->bindInt64(2, database_id);
  (*stmt)->bindText(3, info.name);
  (*stmt)->bindInt64(4, static_cast<int>(info.type));
  (*stmt)->bindInt64(5, info.is_system ? 1 : 0);
  (*stmt)->bindInt64(6, info.wait_for_sync ? 1 : 0);
  (*stmt)->bindText(7, KeyGenerator::typeName(info.key_options.type));
  (*stmt)->bindInt64(8, info.key_options.allow_user_keys ? 1 : 0);
  (*stmt)->bindUint64(9, info.key_options.increment);
  (*stmt)->bindUint64(10, info.key_options.offset);
  (*stmt)->bindUint64(11, info.key_options.last_value);
  (*stmt)->bindText(12, info.globally_unique_id);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot create collection " + info.name);
  auto entry = std::make_shared<CollectionEntry>();
  entry->id = id;
  entry->database_id = database_id;
  entry->database = std::string(database);
  entry->info = info;
  entry->last_value = info.key_options.last_value;
  return entry;
}

}  // namespace tandem::storage
