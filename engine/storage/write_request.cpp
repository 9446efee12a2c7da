#include "storage/write_request.h"

#include <cassert>

namespace tandem::storage {
namespace {

Status documentTypeInvalid() { return Status::error(ErrorCode::kDocumentTypeInvalid); }
Status handleBad() { return Status::error(ErrorCode::kDocumentHandleBad); }
Status keyBad() { return Status::error(ErrorCode::kDocumentKeyBad); }

const boost::json::string* stringMember(const boost::json::object& object, std::string_view name) {
  auto found = object.find(name);
  if (found == object.end() || !found->value().is_string()) return nullptr;
  return &found->value().get_string();
}

// Insert: `_key` is optional but must be a valid key string when present.
void readInsertKey(const boost::json::object& object, DocumentInput& input) {
  auto found = object.find("_key");
  if (found == object.end()) return;
  if (!found->value().is_string() || !isValidDocumentKey(found->value().get_string())) {
    input.status = keyBad();
    return;
  }
  input.key = std::string(found->value().get_string());
}

// Replace/update/remove: the document is named by `_key`, else by `_id` ("<collection>/<key>").
void readExistingKey(const boost::json::object& object, DocumentInput& input) {
  if (auto found = object.find("_key"); found != object.end()) {
    if (!found->value().is_string()) {
      input.status = handleBad();
      return;
    }
    input.key = std::string(found->value().get_string());
    return;
  }
  const boost::json::string* id = stringMember(object, "_id");
  if (id == nullptr) {
    input.status = handleBad();
    return;
  }
  const std::string_view text = *id;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    input.status = handleBad();
    return;
  }
  input.id_collection = std::string(text.substr(0, slash));
  input.key = std::string(text.substr(slash + 1));
}

void readRevision(const boost::json::object& object, const WriteOptions& options, bool single,
                  DocumentInput& input) {
  if (single && options.if_match) {
    input.expected_rev = *options.if_match;
  } else if (!options.ignore_revs) {
    if (const boost::json::string* rev = stringMember(object, "_rev")) {
      input.expected_rev = std::string(*rev);
    }
  }
}

void stripIdentity(boost::json::object& object) {
  object.stable_erase("_key");
  object.stable_erase("_id");
  object.stable_erase("_rev");
}

DocumentInput prepareElement(WriteKind kind, std::string_view url_key, boost::json::value& element,
                             const WriteOptions& options, bool single, std::string& text) {
  DocumentInput input;
  if (kind == WriteKind::kRemove && element.is_string()) {
    input.key = std::string(element.get_string());
    return input;
  }
  if (!element.is_object()) {
    input.status = kind == WriteKind::kRemove ? handleBad() : documentTypeInvalid();
    return input;
  }
  boost::json::object& object = element.get_object();
  if (kind == WriteKind::kInsert) {
    readInsertKey(object, input);
  } else if (!url_key.empty()) {
    input.key = std::string(url_key);
  } else {
    readExistingKey(object, input);
  }
  if (!input.status) return input;
  if (kind != WriteKind::kInsert) readRevision(object, options, single, input);
  const bool keeps_patch =
      kind == WriteKind::kUpdate ||
      (kind == WriteKind::kInsert && options.overwrite_mode == OverwriteMode::kUpdate);
  if (keeps_patch) {
    stripIdentity(object);
    input.has_patch = true;
  } else if (kind != WriteKind::kRemove) {
    input.parts = DocumentBody::split(object, text);
  }
  return input;
}

Status corruptedJson(const boost::system::error_code& ec) {
  return Status::error(ErrorCode::kCorruptedJson, "invalid JSON object: " + ec.message());
}

}  // namespace

WriteRequest WriteRequest::parse(WriteKind kind, std::string_view url_key, std::string_view body,
                                 const WriteOptions& options) {
  WriteRequest request;
  if (kind == WriteKind::kRemove && !url_key.empty()) {
    // A single remove is named by the URL; its body (if any) is ignored.
    DocumentInput input;
    input.key = std::string(url_key);
    if (options.if_match) input.expected_rev = *options.if_match;
    request.items.push_back(std::move(input));
    return request;
  }
  boost::system::error_code ec;
  request.arena = std::make_unique<boost::json::monotonic_resource>();
  const boost::json::storage_ptr arena(request.arena.get());
  boost::json::value& root =
      request.root.emplace(boost::json::parse(body, ec, arena, DocumentBody::parseOptions()));
  if (ec) {
    request.status = corruptedJson(ec);
    return request;
  }
  assert(root.storage().get() == request.arena.get());
  if (!url_key.empty() && !root.is_object()) {
    request.status = documentTypeInvalid();  // a single document named by the URL
    return request;
  }
  request.text.reserve(body.size());
  if (root.is_array()) {
    request.is_array = true;
    boost::json::array& elements = root.get_array();
    request.items.reserve(elements.size());
    for (auto& element : elements) {
      request.items.push_back(prepareElement(kind, {}, element, options, false, request.text));
    }
    return request;
  }
  const bool single_ok = root.is_object() || (kind == WriteKind::kRemove && root.is_string());
  if (!single_ok) {
    request.status = documentTypeInvalid();
    return request;
  }
  request.items.push_back(prepareElement(kind, url_key, root, options, true, request.text));
  return request;
}

WriteRequest WriteRequest::parseMany(const std::vector<std::string>& documents,
                                     const WriteOptions& options) {
  WriteRequest request;
  request.is_array = true;
  request.arena = std::make_unique<boost::json::monotonic_resource>();
  const boost::json::storage_ptr arena(request.arena.get());
  boost::json::array& elements = request.root.emplace(boost::json::array(arena)).get_array();
  elements.reserve(documents.size());
  request.items.reserve(documents.size());
  std::size_t total = 0;
  for (const std::string& document : documents) total += document.size();
  request.text.reserve(total);
  for (const std::string& document : documents) {
    boost::system::error_code ec;
    // Parsed into the same arena as the array, so moving it in below copies nothing.
    boost::json::value parsed =
        boost::json::parse(document, ec, arena, DocumentBody::parseOptions());
    if (ec) {
      elements.emplace_back(nullptr);  // keeps element i == item i (patch() indexes by it)
      DocumentInput input;
      input.status = corruptedJson(ec);
      request.items.push_back(std::move(input));
      continue;
    }
    boost::json::value& element = elements.emplace_back(std::move(parsed));
    request.items.push_back(
        prepareElement(WriteKind::kInsert, {}, element, options, false, request.text));
  }
  return request;
}

}  // namespace tandem::storage
