#include "http/error_body.h"

#include <utility>

#include <boost/json/serialize.hpp>

#include "storage/json_writer.h"

namespace tandem::node {
namespace {

std::string_view messageOf(const tandem::Status& status) {
  return status.message().empty() ? tandem::defaultMessage(status.code())
                                  : std::string_view(status.message());
}

}  // namespace

Response errorResponse(const tandem::Status& status, const boost::json::object& extra) {
  boost::json::object body;
  body.reserve(4 + extra.size());
  body["error"] = true;
  body["errorNum"] = status.errorNum();
  body["errorMessage"] = messageOf(status);
  body["code"] = status.httpStatus();
  for (const auto& field : extra) body[field.key()] = field.value();
  Response response;
  response.status = status.httpStatus();
  response.body = boost::json::serialize(body);
  return response;
}

void appendInlineError(std::string& out, const tandem::Status& status) {
  out += R"({"error":true,"errorNum":)";
  out += std::to_string(status.errorNum());
  out += R"(,"errorMessage":)";
  appendJsonString(out, messageOf(status));
  out += '}';
}

Response successResponse(int http_status, const boost::json::object& fields) {
  boost::json::object body;
  body.reserve(2 + fields.size());
  body["error"] = false;
  body["code"] = http_status;
  for (const auto& field : fields) body[field.key()] = field.value();
  return jsonResponse(http_status, body);
}

Response jsonResponse(int http_status, const boost::json::value& value) {
  std::string text;
  storage::JsonWriter::append(value, text);
  return jsonTextResponse(http_status, std::move(text));
}

Response jsonTextResponse(int http_status, std::string body) {
  Response response;
  response.status = http_status;
  response.body = std::move(body);
  return response;
}

void appendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  appendJsonEscaped(out, text);
  out.push_back('"');
}

void appendJsonEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t clean_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + clean_from, i - clean_from);
    clean_from = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0x0F]);
    }
  }
  out.append(text.data() + clean_from, text.size() - clean_from);
}

}  // namespace tandem::node
