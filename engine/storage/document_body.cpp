#include "storage/document_body.h"

#include "storage/json_writer.h"
#include "tandem/store.h"

namespace tandem::storage {
namespace {

// Appends the JSON text of `value` to `out` and returns where it is.
TextSpan appendSerialized(const boost::json::value& value, std::string& out) {
  const std::size_t offset = out.size();
  JsonWriter::append(value, out);
  return TextSpan{offset, out.size() - offset};
}

// _key, _id, _rev, _from or _to: stored in front of the user attributes, not among them.
bool isSystemAttribute(std::string_view name) {
  if (name.size() < 3 || name.size() > 5 || name[0] != '_') return false;
  return name == "_key" || name == "_id" || name == "_rev" || name == "_from" || name == "_to";
}

// A patch value that is a new attribute (nothing to merge with): with merge_objects its
// nested nulls are removed like merged ones; otherwise it is taken as is.
boost::json::value sanitizedNew(const boost::json::value& value, bool keep_null,
                                bool merge_objects) {
  if (keep_null || !merge_objects || !value.is_object()) return value;
  boost::json::object clean(value.storage());
  DocumentBody::merge(clean, value.get_object(), keep_null, merge_objects);
  return clean;
}

}  // namespace

SplitParts DocumentBody::split(const boost::json::object& object, std::string& text) {
  // One pass over the members: the user attributes are written in their order, _from and _to
  // are remembered and written after them (their spans need not precede `rest`).
  SplitParts parts;
  const boost::json::value* from = nullptr;
  const boost::json::value* to = nullptr;
  const std::size_t rest_offset = text.size();
  for (const auto& member : object) {
    const std::string_view name = member.key();
    if (isSystemAttribute(name)) {
      if (name == "_from") from = &member.value();
      if (name == "_to") to = &member.value();
      continue;
    }
    if (text.size() != rest_offset) text.push_back(',');
    JsonWriter::appendString(name, text);
    text.push_back(':');
    JsonWriter::append(member.value(), text);
  }
  parts.rest = TextSpan{rest_offset, text.size() - rest_offset};
  if (from != nullptr) {
    parts.from_is_handle = isDocumentHandle(*from);
    parts.from_json = appendSerialized(*from, text);
  }
  if (to != nullptr) {
    parts.to_is_handle = isDocumentHandle(*to);
    parts.to_json = appendSerialized(*to, text);
  }
  return parts;
}

void DocumentBody::compose(std::string_view key, std::string_view collection, std::string_view rev,
                           const PartsView& parts, std::string& out) {
  out.clear();
  out.reserve(40 + 2 * key.size() + collection.size() + rev.size() + parts.from_json.size() +
              parts.to_json.size() + parts.rest.size());
  out.append("{\"_key\":\"").append(key);
  out.append("\",\"_id\":\"").append(collection).append("/").append(key).append("\"");
  if (!parts.from_json.empty()) out.append(",\"_from\":").append(parts.from_json);
  if (!parts.to_json.empty()) out.append(",\"_to\":").append(parts.to_json);
  out.append(",\"_rev\":\"").append(rev).append("\"");
  if (!parts.rest.empty()) out.append(",").append(parts.rest);
  out.push_back('}');
}

void DocumentBody::merge(boost::json::object& target, const boost::json::object& patch,
                         bool keep_null, bool merge_objects) {
  for (const auto& member : patch) {
    const boost::json::value& value = member.value();
    if (!keep_null && value.is_null()) {
      target.stable_erase(member.key());
      continue;
    }
    auto existing = target.find(member.key());
    if (existing == target.end()) {
      target.emplace(member.key(), sanitizedNew(value, keep_null, merge_objects));
    } else if (merge_objects && value.is_object() && existing->value().is_object()) {
      merge(existing->value().get_object(), value.get_object(), keep_null, merge_objects);
    } else {
      existing->value() = sanitizedNew(value, keep_null, merge_objects);
    }
  }
}

bool DocumentBody::isDocumentHandle(const boost::json::value& value) {
  if (!value.is_string()) return false;
  const std::string_view text = value.get_string();
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  return isValidCollectionName(text.substr(0, slash), true) &&
         isValidDocumentKey(text.substr(slash + 1));
}

boost::json::object DocumentBody::parseStored(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec, {}, parseOptions());
  if (ec || !value.is_object()) return {};
  return std::move(value.get_object());
}

boost::json::parse_options DocumentBody::parseOptions() {
  boost::json::parse_options options;
  options.max_depth = 128;
  return options;
}

}  // namespace tandem::storage
