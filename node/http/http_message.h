// Request and Response: the plain, socket-free HTTP messages the router works on.
//
// The listener (http_server.cpp, the only place that knows Beast) converts each Beast request
// into a Request and each Response back, so handlers and their tests never touch a socket.
//
// Thread-safety: plain values.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem::node {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view methodName(Method method);

// Percent-decodes one path segment or path ("%2F" becomes '/'; '+' stays '+'); nullopt for a
// malformed escape or an escaped NUL byte.
std::optional<std::string> percentDecode(std::string_view in);
// Percent-encodes everything except RFC 3986 unreserved characters (for Location headers).
std::string percentEncode(std::string_view in);

struct Request {
  Method method = Method::kGet;
  std::string target;                        // as received: path and query string, percent-encoded
  std::string path;                          // decoded path without the query string
  std::map<std::string, std::string> query;  // decoded query parameters (last one wins)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header `name` (lower case), or "" if absent.
  std::string_view header(std::string_view name) const;
  // The query parameter `name`, or nullptr if absent.
  const std::string* param(std::string_view name) const;
  // A boolean query parameter: "true"/"yes"/"on"/"1" are true, anything else false;
  // `fallback` when absent.
  bool flag(std::string_view name, bool fallback) const;

  // Splits `target` into path and query (percent-decoding both); false on bad encoding.
  bool parseTarget();
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  bool omit_body = false;  // HEAD: headers as for GET, no body

  void setHeader(std::string name, std::string value);
};

// Invoked exactly once with the response, on any thread (writes answer from the store's
// writer thread); the server moves the response back onto the connection's executor.
using Responder = std::function<void(Response)>;

}  // namespace tandem::node
