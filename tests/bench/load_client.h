// LoadClient: a closed-loop HTTP/1.1 load generator for tandem-bench.
//
// run() opens `connections` keep-alive connections to one loopback server and drives each as a
// C++20 coroutine doing request -> response -> next request, all on one thread (one
// io_context). Every answer is handed to a ResponseCheck; the first failed check, transport
// error or timeout stops the phase and is reported in PhaseResult::error. A phase has a warm-up
// (by time and/or answer count) whose answers are checked but not measured, then a measured
// window bounded by time; the RequestSource ends a phase early by returning false.
//
// This is the only translation unit of the benchmark that includes Boost.Beast: the header
// exposes plain types only.
//
// Thread-safety: one LoadClient per thread; the callbacks run on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace tandem::bench {

struct Request {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE or HEAD
  std::string target;          // path and query, e.g. "/_api/version"
  std::string body;            // sent with content-type application/json when not empty
  std::uint64_t items = 1;     // units of work this request stands for (documents of a batch)
  std::uint64_t tag = 0;       // free for the source, read back by the check
};

struct Response {
  unsigned status = 0;
  std::string body;
  std::string location;  // the Location header (redirects), empty if absent
};

// Fills `request` with the next request of connection `connection` (0-based); returns false
// when this connection has no more work.
using RequestSource = std::function<bool(std::size_t connection, Request& request)>;
// Checks one answer: an empty string if it is right, else what is wrong with it.
using ResponseCheck = std::function<std::string(const Request&, const Response&)>;

struct PhaseLimits {
  std::size_t connections = 64;
  double warmup_seconds = 1.0;  // warm-up ends after this long ...
  std::uint64_t warmup_requests = std::numeric_limits<std::uint64_t>::max();  // ... or answers
  double duration_seconds = 5.0;  // length of the measured window (no new requests after it)
  double request_timeout_seconds = 60.0;
};

struct PhaseResult {
  std::uint64_t requests = 0;        // answered in the measured window
  std::uint64_t items = 0;           // their Request::items
  double seconds = 0.0;              // measured window: end of warm-up to the last answer
  std::uint64_t total_requests = 0;  // answered, warm-up included
  std::uint64_t total_items = 0;
  std::vector<std::uint32_t> latencies_us;  // one per measured request
  std::string error;  // the first failure; empty when every request was answered correctly
};

class LoadClient {
 public:
  LoadClient(std::string host, std::uint16_t port);

  PhaseResult run(const PhaseLimits& limits, const RequestSource& source,
                  const ResponseCheck& check) const;

  // One request on a fresh connection; on a transport failure or after timeout_s, status 0
  // and `error` set.
  Response call(const Request& request, std::string* error, double timeout_s = 60.0) const;

 private:
  std::string host_;
  std::uint16_t port_;
};

}  // namespace tandem::bench
