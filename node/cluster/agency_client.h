// AgencyClient: a data node's reads and writes against the agency (POST /_api/agency/read and
// /_api/agency/write, the shapes of engine/agency/agency_store.h).
//
// It tries the configured agents in turn, follows a 307's Location to the agency leader and
// retries a 503 (no leader yet) with backoff, all within the caller's deadline. A write whose
// request may have reached the agency without an answer coming back (timeout, connection lost)
// has an *unknown* outcome: retrying it could only tell "applied now" from "refused now", so
// a later precondition failure keeps the outcome unknown and the caller must read the agency
// before deciding.
//
// Thread-safety: every member function may be called from any thread; calls are serialised
// (one request in flight), so a slow agency delays the next caller. cancel() makes a call in
// flight, and every later one, fail at once with kShuttingDown.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "cluster/http_client.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

struct AgencyClientOptions {
  std::vector<std::string> endpoints;               // "tcp://host:port" of the agents
  std::chrono::milliseconds request_timeout{1000};  // one HTTP exchange
  HttpClientOptions http;
};

enum class AgencyWriteOutcome {
  kApplied,             // every transaction applied
  kPreconditionFailed,  // the agency answered 412: nothing of a failed transaction applied
  kUnknown,             // sent, but no definite answer before the deadline
  kFailed,              // never accepted: no agency reachable, no leader, or refused (status)
};
const char* agencyWriteOutcomeName(AgencyWriteOutcome outcome);

struct AgencyWriteResult {
  AgencyWriteOutcome outcome = AgencyWriteOutcome::kFailed;
  std::vector<std::uint64_t> indexes;  // per transaction: its log index, 0 if not applied
  Status status = Status::ok();        // why, unless kApplied
};

class AgencyClient {
 public:
  explicit AgencyClient(AgencyClientOptions options);
  ~AgencyClient();
  AgencyClient(const AgencyClient&) = delete;
  AgencyClient& operator=(const AgencyClient&) = delete;

  // `transactions`: the write body (an array of [operations, preconditions?]).
  AgencyWriteResult write(const boost::json::array& transactions,
                          std::chrono::milliseconds deadline);
  // `queries`: the read body (an array of arrays of paths); the answer array.
  // kHttpServiceUnavailable when no agent answered within the deadline.
  Result<boost::json::array> read(const boost::json::array& queries,
                                  std::chrono::milliseconds deadline);

  void cancel();

 private:
  struct Attempt;
  Attempt exchange(const std::string& target, const std::string& body,
                   std::chrono::steady_clock::time_point deadline);
  SyncHttpClient& clientFor(const std::string& endpoint);

  AgencyClientOptions options_;
  std::mutex call_mutex_;     // serialises calls; guards current_
  std::string current_;       // the agent to try first: the last one that answered
  std::mutex clients_mutex_;  // guards clients_ and cancelled_ (cancel() takes only this one)
  std::map<std::string, std::unique_ptr<SyncHttpClient>> clients_;
  bool cancelled_ = false;
};

}  // namespace tandem::node::cluster
