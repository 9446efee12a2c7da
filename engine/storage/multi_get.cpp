#include "storage/multi_get.h"

#include <boost/json.hpp>

#include "storage/document_body.h"
#include "storage/document_table.h"

namespace tandem::storage {
namespace {

// The key an element names, or an error for the element.
Result<std::string> keyOf(const boost::json::value& element, std::string_view collection) {
  if (element.is_string()) return std::string(element.get_string());
  if (!element.is_object()) return Status::error(ErrorCode::kDocumentHandleBad);
  const boost::json::object& object = element.get_object();
  if (auto key = object.find("_key"); key != object.end()) {
    if (!key->value().is_string()) return Status::error(ErrorCode::kDocumentHandleBad);
    return std::string(key->value().get_string());
  }
  auto id = object.find("_id");
  if (id == object.end() || !id->value().is_string()) {
    return Status::error(ErrorCode::kDocumentHandleBad);
  }
  const std::string_view text = id->value().get_string();
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || text.substr(0, slash) != collection) {
    return Status::error(ErrorCode::kDocumentHandleBad);
  }
  return std::string(text.substr(slash + 1));
}

Status readOne(SqliteConnection& db, const CollectionEntry& collection,
               const boost::json::value& element, DocumentResult& out) {
  auto key = keyOf(element, collection.info.name);
  if (!key) {
    out.status = key.status();
    return Status::ok();
  }
  if (!isValidDocumentKey(*key)) {
    out.status = Status::error(ErrorCode::kDocumentNotFound);
    return Status::ok();
  }
  auto found = DocumentTable::find(db, collection.id, *key, true);
  if (!found) return found.status();
  if (!found->has_value()) {
    out.status = Status::error(ErrorCode::kDocumentNotFound);
    return Status::ok();
  }
  out.id = collection.info.name + "/" + *key;
  out.key = std::move(*key);
  out.rev = std::move((*found)->rev);
  out.new_json = std::move((*found)->body);
  return Status::ok();
}

}  // namespace

Result<std::vector<DocumentResult>> MultiGet::run(SqliteConnection& db,
                                                  const CollectionEntry& collection,
                                                  std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value root = boost::json::parse(body, ec, {}, DocumentBody::parseOptions());
  if (ec) return Status::error(ErrorCode::kCorruptedJson, "invalid JSON object: " + ec.message());
  if (!root.is_array()) {
    return Status::error(ErrorCode::kDocumentTypeInvalid, "expecting an array of documents");
  }
  const boost::json::array& elements = root.get_array();
  std::vector<DocumentResult> results(elements.size());
  if (Status status = db.exec("BEGIN"); !status) return status;
  Status status;
  for (std::size_t i = 0; i < elements.size() && status; ++i) {
    status = readOne(db, collection, elements[i], results[i]);
  }
  const Status ended = db.exec("COMMIT");
  if (!status) return status;
  if (!ended) return ended;
  return results;
}

}  // namespace tandem::storage
