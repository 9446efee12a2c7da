// SyncHttpClient: one keep-alive HTTP/1.1 connection to one endpoint, used by one thread at a
// time — the applier's pulls, a heartbeat sender's rounds, agency writes from admin calls.
// It connects lazily, reconnects after an error, and bounds every step by a timeout, so a
// stopped (SIGSTOP) or vanished peer costs at most the timeout.
//
// Thread-safety: request() from one thread at a time; cancel() from any thread (it makes a
// request in flight fail at once with kShuttingDown, and every later one too).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tandem/status.h"

namespace tandem::node::cluster {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, empty if absent. `name` in lower case.
  std::string header(std::string_view name) const;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::string bearer_token;  // "Authorization: bearer <token>" when not empty
};

class SyncHttpClient {
 public:
  // `endpoint`: "tcp://host:port" or "http://host:port" (IPv6 hosts bracketed).
  explicit SyncHttpClient(std::string endpoint, HttpClientOptions options = {});
  ~SyncHttpClient();
  SyncHttpClient(const SyncHttpClient&) = delete;
  SyncHttpClient& operator=(const SyncHttpClient&) = delete;

  const std::string& endpoint() const;

  // Sends one request and reads the whole answer within `timeout` (connecting counts against
  // it too). Errors: kHttpServiceUnavailable (503) with the cause for connection failures and
  // timeouts ("cannot reach tcp://...: connection refused"); kShuttingDown after cancel().
  // An HTTP error status is not an error here: it is in HttpReply::status.
  Result<HttpReply> request(std::string_view method, std::string_view target, std::string_view body,
                            std::chrono::milliseconds timeout,
                            const std::vector<std::pair<std::string, std::string>>& headers = {});

  // Drops the connection (the next request connects again).
  void disconnect();
  void cancel();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node::cluster
