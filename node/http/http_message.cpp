#include "http/http_message.h"

#include <optional>

namespace tandem::node {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in`; in a query string '+' also stands for a space (form encoding).
// nullopt for a truncated or non-hex escape, or an escaped NUL byte.
std::optional<std::string> decode(std::string_view in, bool plus_is_space) {
  // Most paths and parameters contain nothing to decode: copy them in one go.
  if (in.find_first_of(plus_is_space ? "%+" : "%") == std::string_view::npos) {
    return std::string(in);
  }
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hexValue(in[i + 1]);
      int lo = hexValue(in[i + 2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> percentDecode(std::string_view in) { return decode(in, false); }

std::string percentEncode(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string_view methodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::string_view Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

const std::string* Request::param(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

bool Request::flag(std::string_view name, bool fallback) const {
  const std::string* value = param(name);
  if (value == nullptr) return fallback;
  return *value == "true" || *value == "1" || *value == "yes" || *value == "on";
}

bool Request::parseTarget() {
  std::string_view target_view(target);
  std::size_t question = target_view.find('?');
  std::string_view raw_path = target_view.substr(0, question);
  auto decoded_path = decode(raw_path, false);
  if (!decoded_path) return false;
  std::map<std::string, std::string> decoded_query;
  if (question != std::string_view::npos) {
    std::string_view rest = target_view.substr(question + 1);
    while (!rest.empty()) {
      std::size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.empty()) continue;
      std::size_t eq = pair.find('=');
      auto name = decode(pair.substr(0, eq), true);
      auto value = eq == std::string_view::npos ? std::optional<std::string>(std::string())
                                                : decode(pair.substr(eq + 1), true);
      if (!name || !value) return false;
      decoded_query[std::move(*name)] = std::move(*value);
    }
  }
  path = std::move(*decoded_path);
  query = std::move(decoded_query);
  return true;
}

void Response::setHeader(std::string name, std::string value) {
  for (auto& header : headers) {
    if (equalsIgnoreCase(header.first, name)) {
      header.second = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace tandem::node
