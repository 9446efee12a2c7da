/// @file
/// Status and Result<T>: how every engine call reports success or failure.
///
/// A Status carries an ArangoDB error number (ErrorCode), a human-readable message and the
/// HTTP status ArangoDB answers with for that error, so the HTTP layer can build the
/// `{"error":true,"errorNum":..,"errorMessage":..,"code":..}` body without a table of its own.
/// No exception crosses the engine API: calls return [[nodiscard]] Status or Result<T>.
///
/// Thread-safety: plain values; copy freely.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tandem {

/// ArangoDB's error numbers (lib/Basics/errors.dat), plus a few of Tandem's own (>= 31000)
/// for conditions ArangoDB reports only through exit codes.
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
  kInvalidEdgeAttribute = 1233,  ///< edge without valid _from/_to
  kDocumentRevBad = 1239,
  kLeadershipChallengeOngoing = 1495,
  kNotLeader = 1496,
  kSchemaOlder = 31001,  ///< on-disk schema predates this binary: run with auto-upgrade
  kSchemaNewer = 31002,  ///< on-disk schema is newer than this binary: downgrade refused
  /// A change feed cannot go on from where it is: the entries it needs were pruned from the
  /// oplog, or this store's history changed under it (a follower's rollback or full resync).
  kChangeFeedGap = 31003,
};

/// ArangoDB's default message for `code` ("document not found", ...).
std::string_view defaultMessage(ErrorCode code);

/// The HTTP status ArangoDB answers with for `code` (lib/Rest/GeneralResponse.cpp);
/// unmapped codes give 500.
int defaultHttpStatus(ErrorCode code);

/// Success, or an error: an ErrorCode (ArangoDB's errorNum), a message that says what went
/// wrong and what to do next, and the HTTP status ArangoDB answers with.
class [[nodiscard]] Status {
 public:
  Status() = default;  ///< OK

  /// OK.
  static Status ok() { return Status(); }
  /// An error with ArangoDB's default message and HTTP status for `code`.
  static Status error(ErrorCode code);
  /// An error with its own message and the default HTTP status for `code`.
  static Status error(ErrorCode code, std::string message);
  /// An error whose HTTP status differs from the default (1200 is 409 for a write-write
  /// conflict but 412 for a failed revision precondition).
  static Status error(ErrorCode code, std::string message, int http_status);

  /// True for success.
  bool isOk() const { return code_ == ErrorCode::kOk; }
  /// Same as isOk().
  explicit operator bool() const { return isOk(); }
  /// kOk, or the error.
  ErrorCode code() const { return code_; }
  /// code() as ArangoDB's numeric errorNum.
  int errorNum() const { return static_cast<int>(code_); }
  /// Human-readable description (empty for OK).
  const std::string& message() const { return message_; }
  /// The HTTP status of an answer carrying this Status (200 for OK).
  int httpStatus() const { return isOk() ? 200 : http_status_; }
  /// "OK" or "error <errorNum> (HTTP <status>): <message>", for logs.
  std::string toString() const;

  /// For kNotLeader from an embedded cluster node (tandem/node.h): the endpoint of the current
  /// leader ("tcp://host:port"), where the write should go instead; empty when unknown or not
  /// applicable. The HTTP API sends the same address as the `x-arango-endpoint` header.
  const std::string& leaderEndpoint() const { return leader_endpoint_; }
  /// Returns a copy of this Status naming `endpoint` as the leader (see leaderEndpoint()).
  Status withLeaderEndpoint(std::string endpoint) const {
    Status copy = *this;
    copy.leader_endpoint_ = std::move(endpoint);
    return copy;
  }

  /// Equal code, message, HTTP status and leader endpoint.
  bool operator==(const Status&) const = default;

 private:
  Status(ErrorCode code, std::string message, int http_status)
      : code_(code), message_(std::move(message)), http_status_(http_status) {}

  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  int http_status_ = 200;
  std::string leader_endpoint_;
};

/// A value or the Status that explains why there is none.
///
/// Construct it from a T (success) or from an error Status (never from an OK Status); check
/// isOk() before value(), operator* or operator->.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.isOk() && "a Result without a value needs an error Status");
  }

  /// True if a value is present.
  bool isOk() const { return value_.has_value(); }
  /// Same as isOk().
  explicit operator bool() const { return isOk(); }
  /// The error (OK if a value is present).
  const Status& status() const { return status_; }

  /// The value (requires isOk()).

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
