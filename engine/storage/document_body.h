// DocumentBody: how a stored document's JSON text is taken apart and put together.
//
// Stored documents start with their identity, in ArangoDB's order:
//   {"_key":K,"_id":"<collection>/K",["_from":F,"_to":T,]"_rev":R, <user attributes...>}
// split() leaves the system attributes out of a parsed body and serializes the rest once, into
// a caller-owned buffer (one buffer per request, so a 1,000-document request makes one
// allocation, not 1,000); compose() glues identity and parts into the stored text without
// re-parsing anything. merge() is ArangoDB's update (PATCH) semantics.
//
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace tandem::storage {

// A range of a text buffer.
struct TextSpan {
  std::size_t offset = 0;
  std::size_t size = 0;
  std::string_view in(const std::string& text) const {
    return std::string_view(text).substr(offset, size);
  }
};

// The parts of a document other than _key/_id/_rev, as views.
struct PartsView {
  std::string_view from_json;   // serialized _from value, empty if absent
  std::string_view to_json;     // serialized _to value, empty if absent
  std::string_view rest;        // the other members, serialized, without the outer braces
  bool from_is_handle = false;  // _from is a string "<collection>/<key>" of valid names
  bool to_is_handle = false;
};

// The same parts as ranges of a buffer that split() appended to.
struct SplitParts {
  TextSpan from_json;
  TextSpan to_json;
  TextSpan rest;
  bool from_is_handle = false;
  bool to_is_handle = false;

  PartsView view(const std::string& text) const {
    return PartsView{from_json.in(text), to_json.in(text), rest.in(text), from_is_handle,
                     to_is_handle};
  }
};

// Parts with their own buffer (the result of an update merge).
struct OwnedParts {
  std::string text;
  SplitParts parts;
  PartsView view() const { return parts.view(text); }
};

class DocumentBody {
 public:
  // Appends the serialized _from, _to and the members other than _key, _id, _rev, _from and
  // _to (in their order) to `text` and returns where they are. `object` is not changed.
  static SplitParts split(const boost::json::object& object, std::string& text);
  // Writes the stored text into `out` (replacing its contents, keeping its capacity). `key`
  // and `collection` need no JSON escaping (valid names never do).
  static void compose(std::string_view key, std::string_view collection, std::string_view rev,
                      const PartsView& parts, std::string& out);
  // Applies `patch` to `target`: attributes of `patch` replace those of `target`; with
  // merge_objects, object values present on both sides are merged recursively; without
  // keep_null, null values in `patch` remove the attribute (also inside merged objects).
  static void merge(boost::json::object& target, const boost::json::object& patch, bool keep_null,
                    bool merge_objects);
  // True for a string "<collection>/<key>" with a valid collection name and key.
  static bool isDocumentHandle(const boost::json::value& value);
  // Parses stored text (always a valid object) into an object; empty object on corruption.
  static boost::json::object parseStored(std::string_view json);
  // Parser limits for request bodies and stored documents.
  static boost::json::parse_options parseOptions();
};

}  // namespace tandem::storage
