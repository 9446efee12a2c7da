// Status and Result<T>: how every engine call reports success or failure.
//
// A Status carries an ArangoDB error number (ErrorCode), a human-readable message and the
// HTTP status ArangoDB answers with for that error, so the HTTP layer can build the
// `{"error":true,"errorNum":..,"errorMessage":..,"code":..}` body without a table of its own.
// No exception crosses the engine API: calls return [[nodiscard]] Status or Result<T>.
//
// Thread-safety: plain values; copy freely.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tandem {

// ArangoDB's error numbers (lib/Basics/errors.dat), plus a few of Tandem's own (>= 31000)
// for conditions ArangoDB reports only through exit codes.
enum class ErrorCode : int {
  kOk = 0,
  kInternal = 4,
  kBadParameter = 10,
  kNotImplemented = 9,
  kForbidden = 11,
  kShuttingDown = 30,
  kHttpBadParameter = 400,
  kHttpForbidden = 403,
  kHttpNotFound = 404,
  kHttpMethodNotAllowed = 405,
  kHttpRequestTooLarge = 413,
  kHttpServiceUnavailable = 503,
  kCorruptedJson = 600,
  kReadOnly = 1004,
  kDatadirLocked = 1112,
  kConflict = 1200,
  kDocumentNotFound = 1202,
  kDataSourceNotFound = 1203,
  kDocumentHandleBad = 1205,
  kDuplicateName = 1207,
  kIllegalName = 1208,
  kUniqueConstraintViolated = 1210,
  kDocumentKeyBad = 1221,
  kDocumentKeyUnexpected = 1222,
  kDocumentKeyMissing = 1226,
  kDocumentTypeInvalid = 1227,
  kDatabaseNotFound = 1228,
  kDatabaseNameInvalid = 1229,
  kUseSystemDatabase = 1230,
  kInvalidEdgeAttribute = 1233,  // edge without valid _from/_to
  kDocumentRevBad = 1239,
  kLeadershipChallengeOngoing = 1495,
  kNotLeader = 1496,
  kSchemaOlder = 31001,  // on-disk schema predates this binary: run with auto-upgrade
  kSchemaNewer = 31002,  // on-disk schema is newer than this binary: downgrade refused
};

// ArangoDB's default message for `code` ("document not found", ...).
std::string_view defaultMessage(ErrorCode code);

// The HTTP status ArangoDB answers with for `code` (lib/Rest/GeneralResponse.cpp);
// unmapped codes give 500.
int defaultHttpStatus(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status ok() { return Status(); }
  // An error with ArangoDB's default message and HTTP status for `code`.
  static Status error(ErrorCode code);
  static Status error(ErrorCode code, std::string message);
  // An error whose HTTP status differs from the default (1200 is 409 for a write-write
  // conflict but 412 for a failed revision precondition).
  static Status error(ErrorCode code, std::string message, int http_status);

  bool isOk() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return isOk(); }
  ErrorCode code() const { return code_; }
  int errorNum() const { return static_cast<int>(code_); }
  const std::string& message() const { return message_; }
  int httpStatus() const { return isOk() ? 200 : http_status_; }
  std::string toString() const;

  bool operator==(const Status&) const = default;

 private:
  Status(ErrorCode code, std::string message, int http_status)
      : code_(code), message_(std::move(message)), http_status_(http_status) {}

  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  int http_status_ = 200;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.isOk() && "a Result without a value needs an error Status");
  }

  bool isOk() const { return value_.has_value(); }
  explicit operator bool() const { return isOk(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(value_);
    return *value_;
  }
  const T& value() const& {
    assert(value_);
    return *value_;
  }
  T&& value() && {
    assert(value_);
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace tandem
