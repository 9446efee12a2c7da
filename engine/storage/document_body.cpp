#include "storage/document_body.h"

#include <algorithm>

#include "tandem/store.h"

namespace tandem::storage {
namespace {

// Appends the JSON text of `value` to `out`, serializing straight into its buffer.
template <typename Json>
TextSpan appendSerialized(const Json& value, std::string& out) {
  TextSpan span{out.size(), 0};
  boost::json::serializer serializer;
  serializer.reset(&value);
  while (!serializer.done()) {
    const std::size_t used = out.size();
    out.resize(std::max(out.capacity(), used + 256));
    const std::string_view written = serializer.read(out.data() + used, out.size() - used);
    out.resize(used + written.size());
  }
  span.size = out.size() - span.offset;
  return span;
}

TextSpan takeSerialized(boost::json::object& object, std::string_view name, std::string& text,
                        bool& is_handle) {
  auto found = object.find(name);
  if (found == object.end()) return {};
  is_handle = DocumentBody::isDocumentHandle(found->value());
  const TextSpan span = appendSerialized(found->value(), text);
  object.stable_erase(found);
  return span;
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

SplitParts DocumentBody::split(boost::json::object& object, std::string& text) {
  SplitParts parts;
  object.stable_erase("_key");
  object.stable_erase("_id");
  object.stable_erase("_rev");
  parts.from_json = takeSerialized(object, "_from", text, parts.from_is_handle);
  parts.to_json = takeSerialized(object, "_to", text, parts.to_is_handle);
  if (!object.empty()) {
    const TextSpan whole = appendSerialized(object, text);
    parts.rest = TextSpan{whole.offset + 1, whole.size - 2};  // without '{' and '}'
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
