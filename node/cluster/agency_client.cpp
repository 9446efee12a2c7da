#include "cluster/agency_client.h"

#include <algorithm>
#include <thread>
#include <utility>

#include <boost/json.hpp>

namespace tandem::node::cluster {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kFirstBackoff{50};
constexpr milliseconds kMaxBackoff{400};

// "http://127.0.0.1:8531/_api/agency/write" -> "tcp://127.0.0.1:8531"; "" if not a URL.
std::string endpointOfLocation(const std::string& location) {
  std::string_view rest = location;
  for (std::string_view scheme : {"http://", "https://", "tcp://"}) {
    if (rest.starts_with(scheme)) {
      rest.remove_prefix(scheme.size());
      break;
    }
  }
  if (rest.size() == location.size()) return {};
  rest = rest.substr(0, rest.find('/'));
  return rest.empty() ? std::string() : "tcp://" + std::string(rest);
}

std::string errorMessageOf(const std::string& body) {
  boost::system::error_code ec;
  const json::value value = json::parse(body, ec);
  if (!ec && value.is_object()) {
    if (const json::value* message = value.get_object().if_contains("errorMessage");
        message && message->is_string()) {
      return std::string(message->get_string());
    }
  }
  return body.substr(0, 200);
}

std::vector<std::uint64_t> indexesOf(const std::string& body) {
  std::vector<std::uint64_t> indexes;
  boost::system::error_code ec;
  const json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return indexes;
  const json::value* results = value.get_object().if_contains("results");
  if (!results || !results->is_array()) return indexes;
  for (const json::value& index : results->get_array()) {
    indexes.push_back(index.is_uint64()  ? index.get_uint64()
                      : index.is_int64() ? static_cast<std::uint64_t>(index.get_int64())
                                         : 0);
  }
  return indexes;
}

}  // namespace

const char* agencyWriteOutcomeName(AgencyWriteOutcome outcome) {
  switch (outcome) {
    case AgencyWriteOutcome::kApplied:
      return "applied";
    case AgencyWriteOutcome::kPreconditionFailed:
      return "precondition failed";
    case AgencyWriteOutcome::kUnknown:
      return "unknown";
    case AgencyWriteOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

// One request's fate across all the tries it took.
struct AgencyClient::Attempt {
  Status status = Status::ok();  // transport-level: OK when `reply` holds a definite answer
  HttpReply reply;
  bool maybe_sent = false;  // some try may have reached the agency without an answer back
};

AgencyClient::AgencyClient(AgencyClientOptions options) : options_(std::move(options)) {
  if (!options_.endpoints.empty()) current_ = options_.endpoints.front();
}

AgencyClient::~AgencyClient() = default;

SyncHttpClient& AgencyClient::clientFor(const std::string& endpoint) {
  std::lock_guard lock(clients_mutex_);
  auto& client = clients_[endpoint];
  if (!client) {
    client = std::make_unique<SyncHttpClient>(endpoint, options_.http);
    if (cancelled_) client->cancel();
  }
  return *client;
}

void AgencyClient::cancel() {
  std::lock_guard lock(clients_mutex_);
  cancelled_ = true;
  for (auto& [endpoint, client] : clients_) client->cancel();
}

// Tries agents until one gives a definite answer (anything but a redirect or a 503) or the
// deadline passes. A redirect goes straight to the named leader; a failure or 503 moves on to
// the next configured agent, pausing after each full cycle.
AgencyClient::Attempt AgencyClient::exchange(const std::string& target, const std::string& body,
                                             Clock::time_point deadline) {
  Attempt attempt;
  attempt.status = Status::error(ErrorCode::kHttpServiceUnavailable, "no agent answered", 503);
  if (options_.endpoints.empty()) return attempt;
  std::size_t failed_in_cycle = 0;
  milliseconds backoff = kFirstBackoff;
  std::string endpoint = current_.empty() ? options_.endpoints.front() : current_;
  auto moveOn = [&] {
    auto it = std::find(options_.endpoints.begin(), options_.endpoints.end(), endpoint);
    const std::size_t at = it == options_.endpoints.end() ? 0 : it - options_.endpoints.begin();
    endpoint = options_.endpoints[(at + 1) % options_.endpoints.size()];
    if (++failed_in_cycle < options_.endpoints.size()) return;
    failed_in_cycle = 0;
    const auto pause = std::min(backoff, std::chrono::duration_cast<milliseconds>(
                                             std::max(deadline - Clock::now(), Clock::duration{})));
    std::this_thread::sleep_for(pause);
    backoff = std::min(backoff * 2, kMaxBackoff);
  };
  while (Clock::now() < deadline) {
    const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    auto reply = clientFor(endpoint).request(
        "POST", target, body,
        std::max(milliseconds(1), std::min(options_.request_timeout, remaining)),
        {{"content-type", "application/json"}});
    if (!reply) {
      if (reply.status().code() == ErrorCode::kShuttingDown) {
        attempt.status = reply.status();
        return attempt;
      }
      attempt.maybe_sent = true;
      attempt.status = reply.status();
      moveOn();
      continue;
    }
    if (reply->status == 307) {
      const std::string leader = endpointOfLocation(reply->header("location"));
      if (!leader.empty() && leader != endpoint) {
        endpoint = leader;
        continue;
      }
    }
    if (reply->status == 503 || reply->status == 307) {
      attempt.status = Status::error(ErrorCode::kHttpServiceUnavailable,
                                     "agency: " + errorMessageOf(reply->body), 503);
      moveOn();
      continue;
    }
    current_ = endpoint;
    attempt.status = Status::ok();
    attempt.reply = std::move(*reply);
    return attempt;
  }
  return attempt;
}

AgencyWriteResult AgencyClient::write(const json::array& transactions, milliseconds deadline) {
  std::lock_guard lock(call_mutex_);
  Attempt attempt =
      exchange("/_api/agency/write", json::serialize(transactions), Clock::now() + deadline);
  AgencyWriteResult result;
  if (!attempt.status) {
    result.outcome =
        attempt.maybe_sent ? AgencyWriteOutcome::kUnknown : AgencyWriteOutcome::kFailed;
    result.status = attempt.status;
    return result;
  }
  const int http = attempt.reply.status;
  result.indexes = indexesOf(attempt.reply.body);
  if (http == 200) {
    result.outcome = AgencyWriteOutcome::kApplied;
  } else if (http == 412) {
    // After a try that may have applied the write, a failed precondition may be its own echo.
    result.outcome =
        attempt.maybe_sent ? AgencyWriteOutcome::kUnknown : AgencyWriteOutcome::kPreconditionFailed;
    result.status = Status::error(ErrorCode::kConflict, "agency precondition failed", 412);
  } else {
    result.outcome = AgencyWriteOutcome::kFailed;
    result.status = Status::error(ErrorCode::kInternal,
                                  "agency write refused (HTTP " + std::to_string(http) +
                                      "): " + errorMessageOf(attempt.reply.body),
                                  http >= 400 ? http : 500);
  }
  return result;
}

Result<json::array> AgencyClient::read(const json::array& queries, milliseconds deadline) {
  std::lock_guard lock(call_mutex_);
  Attempt attempt =
      exchange("/_api/agency/read", json::serialize(queries), Clock::now() + deadline);
  if (!attempt.status) return attempt.status;
  if (attempt.reply.status != 200) {
    return Status::error(ErrorCode::kInternal,
                         "agency read refused (HTTP " + std::to_string(attempt.reply.status) +
                             "): " + errorMessageOf(attempt.reply.body),
                         500);
  }
  boost::system::error_code ec;
  json::value value = json::parse(attempt.reply.body, ec);
  if (ec || !value.is_array()) {
    return Status::error(ErrorCode::kInternal, "agency read: the answer is not a JSON array", 500);
  }
  return std::move(value.get_array());
}

}  // namespace tandem::node::cluster
