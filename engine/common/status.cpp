// Default messages and HTTP statuses of ArangoDB's error numbers (lib/Basics/errors.dat and
// the generic error-to-HTTP map of lib/Rest/GeneralResponse.cpp), for the numbers Tandem uses.
#include "tandem/status.h"

namespace tandem {

std::string_view defaultMessage(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "no error";
    case ErrorCode::kInternal:
      return "internal error";
    case ErrorCode::kBadParameter:
      return "bad parameter";
    case ErrorCode::kNotImplemented:
      return "not implemented";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kShuttingDown:
      return "shutdown in progress";
    case ErrorCode::kHttpBadParameter:
      return "bad parameter";
    case ErrorCode::kHttpForbidden:
      return "forbidden";
    case ErrorCode::kHttpNotFound:
      return "not found";
    case ErrorCode::kHttpMethodNotAllowed:
      return "method not supported";
    case ErrorCode::kHttpRequestTooLarge:
      return "request too large";
    case ErrorCode::kHttpServiceUnavailable:
      return "service unavailable";
    case ErrorCode::kCorruptedJson:
      return "invalid JSON object";
    case ErrorCode::kReadOnly:
      return "read only";
    case ErrorCode::kDatadirLocked:
      return "database directory is locked";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kDocumentNotFound:
      return "document not found";
    case ErrorCode::kDataSourceNotFound:
      return "collection or view not found";
    case ErrorCode::kDocumentHandleBad:
      return "illegal document identifier";
    case ErrorCode::kDuplicateName:
      return "duplicate name";
    case ErrorCode::kIllegalName:
      return "illegal name";
    case ErrorCode::kUniqueConstraintViolated:
      return "unique constraint violated";
    case ErrorCode::kDocumentKeyBad:
      return "illegal document key";
    case ErrorCode::kDocumentKeyUnexpected:
      return "unexpected document key";
    case ErrorCode::kDocumentKeyMissing:
      return "missing document key";
    case ErrorCode::kDocumentTypeInvalid:
      return "invalid document type";
    case ErrorCode::kDatabaseNotFound:
      return "database not found";
    case ErrorCode::kDatabaseNameInvalid:
      return "database name invalid";
    case ErrorCode::kUseSystemDatabase:
      return "operation only allowed in system database";
    case ErrorCode::kInvalidEdgeAttribute:
      return "edge attribute missing or invalid";
    case ErrorCode::kDocumentRevBad:
      return "illegal document revision";
    case ErrorCode::kLeadershipChallengeOngoing:
      return "leadership challenge is ongoing";
    case ErrorCode::kNotLeader:
      return "not a leader";
    case ErrorCode::kSchemaOlder:
      return "database schema is older than this binary";
    case ErrorCode::kSchemaNewer:
      return "database schema is newer than this binary";
    case ErrorCode::kChangeFeedGap:
      return "the change feed cannot continue: its history is no longer in the oplog";
  }
  switch (static_cast<int>(code)) {
    case 409:
      return "conflict";
    case 412:
      return "precondition failed";
    case 500:
      return "internal server error";
    case 501:
      return "not implemented";
    default:
      return "unknown error";
  }
}

int defaultHttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kBadParameter:
    case ErrorCode::kCorruptedJson:
    case ErrorCode::kDocumentHandleBad:
    case ErrorCode::kIllegalName:
    case ErrorCode::kDocumentKeyBad:
    case ErrorCode::kDocumentKeyUnexpected:
    case ErrorCode::kDocumentKeyMissing:
    case ErrorCode::kDocumentTypeInvalid:
    case ErrorCode::kDatabaseNameInvalid:
    case ErrorCode::kInvalidEdgeAttribute:
    case ErrorCode::kDocumentRevBad:
      return 400;
    case ErrorCode::kForbidden:
    case ErrorCode::kReadOnly:
    case ErrorCode::kUseSystemDatabase:
      return 403;
    case ErrorCode::kDocumentNotFound:
    case ErrorCode::kDataSourceNotFound:
    case ErrorCode::kDatabaseNotFound:
      return 404;
    case ErrorCode::kNotImplemented:
      return 501;
    case ErrorCode::kConflict:
    case ErrorCode::kDuplicateName:
    case ErrorCode::kUniqueConstraintViolated:
      return 409;
    case ErrorCode::kChangeFeedGap:
      return 410;
    case ErrorCode::kShuttingDown:
    case ErrorCode::kLeadershipChallengeOngoing:
    case ErrorCode::kNotLeader:
      return 503;
    default:
      break;
  }
  const int number = static_cast<int>(code);
  if (number >= 400 && number < 600) return number;  // ERROR_HTTP_* map to themselves
  return 500;
}

Status Status::error(ErrorCode code) {
  return Status(code, std::string(defaultMessage(code)), defaultHttpStatus(code));
}

Status Status::error(ErrorCode code, std::string message) {
  return Status(code, std::move(message), defaultHttpStatus(code));
}

Status Status::error(ErrorCode code, std::string message, int http_status) {
  return Status(code, std::move(message), http_status);
}

std::string Status::toString() const {
  if (isOk()) return "OK";
  std::string out =
      "error " + std::to_string(errorNum()) + " (HTTP " + std::to_string(http_status_) + "): ";
  out += message_;
  return out;
}

}  // namespace tandem
