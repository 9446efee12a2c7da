#include "storage/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tandem::storage {
namespace {

// 0: copied as is; 'u': \u00XX; otherwise the letter after the backslash.
constexpr char escapeOf(unsigned char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return c < 0x20 ? 'u' : 0;
  }
}

// True if any of the 8 bytes at `p` is a control character, '"' or '\\' (SWAR: a byte b of
// word w is flagged by (w - b...) & ~w & 0x80... when it is below the subtrahend).
bool hasEscapableByte(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  std::uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t found = ((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
                              ((backslash - kOnes) & ~backslash);
  return (found & kHigh) != 0;
}

template <typename Integer>
void appendInteger(Integer value, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, end);
}

}  // namespace

void JsonWriter::appendString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0;  // start of the pending unescaped run
  std::size_t i = 0;
  while (i < size) {
    // Most strings need no escaping: skip 8 clean bytes at a time.
    if (i + 8 <= size && !hasEscapableByte(data + i)) {
      i += 8;
      continue;
    }
    const char escape = escapeOf(static_cast<unsigned char>(data[i]));
    if (escape != 0) {
      out.append(data + run, i - run);
      run = i + 1;
      const char sequence[6] = {
          '\\', escape, '0', '0', kHex[(data[i] >> 4) & 0xf], kHex[data[i] & 0xf]};
      out.append(sequence, escape == 'u' ? 6 : 2);
    }
    ++i;
  }
  out.append(data + run, size - run);
  out.push_back('"');
}

void JsonWriter::appendDouble(double value, std::string& out) {
  if (std::isnan(value)) {
    out.append("null");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? "1e99999" : "-1e99999");
    return;
  }
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, end);
}

void JsonWriter::appendMembers(const boost::json::object& object, std::string& out) {
  bool first = true;
  for (const auto& member : object) {
    if (!first) out.push_back(',');
    first = false;
    appendString(member.key(), out);
    out.push_back(':');
    append(member.value(), out);
  }
}

void JsonWriter::append(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out.append("null");
      return;
    case boost::json::kind::bool_:
      out.append(value.get_bool() ? "true" : "false");
      return;
    case boost::json::kind::int64:
      appendInteger(value.get_int64(), out);
      return;
    case boost::json::kind::uint64:
      appendInteger(value.get_uint64(), out);
      return;
    case boost::json::kind::double_:
      appendDouble(value.get_double(), out);
      return;
    case boost::json::kind::string:
      appendString(value.get_string(), out);
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append(element, out);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object:
      out.push_back('{');
      appendMembers(value.get_object(), out);
      out.push_back('}');
      return;
  }
}

}  // namespace tandem::storage
