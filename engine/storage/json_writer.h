// JsonWriter: serializes a parsed Boost.JSON value straight into a std::string.
//
// Used instead of boost::json::serializer on the write path because
//  - it appends to the caller's buffer without a scratch buffer or zero-filling resize, and
//  - doubles are written in their shortest round-trip form ("1.5", "1e+21"), as clients wrote
//    and expect them, not in Boost 1.81's scientific form ("1.5E0"). Values are unchanged:
//    the text parses back to the same double. A number beyond the double range (parsed as
//    infinity) is written "1e99999" / "-1e99999", which parses back to infinity and stays
//    valid JSON (Boost 1.81 would write "Infinity", which no JSON parser accepts).
// Strings are escaped as JSON requires (quote, backslash, control characters); other UTF-8
// passes through unchanged (the parser has validated it).
//
// Thread-safety: stateless functions.
#pragma once

#include <string>

#include <boost/json.hpp>

namespace tandem::storage {

class JsonWriter {
 public:
  // Appends the JSON text of `value` to `out`.
  static void append(const boost::json::value& value, std::string& out);
  // Appends the members of `object` ("k":v,"k2":v2) without the surrounding braces.
  static void appendMembers(const boost::json::object& object, std::string& out);
  // Appends `text` as a quoted, escaped JSON string.
  static void appendString(std::string_view text, std::string& out);
  // Appends a double in its shortest round-trip form.
  static void appendDouble(double value, std::string& out);
};

}  // namespace tandem::storage
