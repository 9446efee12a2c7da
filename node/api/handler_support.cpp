#include "api/handlers.h"

#include <boost/json/parse.hpp>

#include "http/http_message.h"

namespace tandem::node::api {

tandem::Result<boost::json::value> parseJsonBody(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) {
    return tandem::Status::error(tandem::ErrorCode::kCorruptedJson,
                                 "invalid JSON object: " + ec.message(), 400);
  }
  return value;
}

tandem::Status nameMissingCollection(tandem::Status status, std::string_view collection) {
  if (status.code() != tandem::ErrorCode::kDataSourceNotFound) return status;
  if (status.message().find(':') != std::string::npos) return status;
  std::string message(tandem::defaultMessage(tandem::ErrorCode::kDataSourceNotFound));
  message += ": ";
  message += collection;
  return tandem::Status::error(status.code(), std::move(message), status.httpStatus());
}

std::string documentLocation(std::string_view db, std::string_view collection,
                             std::string_view key) {
  std::string location = "/_db/";
  location += percentEncode(db);
  location += "/_api/document/";
  location += percentEncode(collection);
  location += '/';
  location += percentEncode(key);
  return location;
}

}  // namespace tandem::node::api
