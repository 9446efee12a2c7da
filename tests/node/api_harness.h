// ApiHarness: a Router over a real Store in a temporary directory, driven without a socket.
//
// call() hands one Request to Router::handle and waits (bounded) for the Responder, the way
// the HTTP server would, then returns the Response. Answers that never come or come twice
// are recorded so tests can fail on them.
#pragma once

#include <QTemporaryDir>

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <string>

#include <boost/json/value.hpp>

#include "http/http_message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "tandem/store.h"

namespace tandem::node::testing {

using Headers = std::map<std::string, std::string>;

class ApiHarness {
 public:
  ApiHarness();
  ~ApiHarness();
  ApiHarness(const ApiHarness&) = delete;
  ApiHarness& operator=(const ApiHarness&) = delete;

  // Empty if the store opened; else the reason.
  const std::string& openError() const { return open_error_; }

  // Sends `method target` (target as on the wire: percent-encoded path and query) and waits
  // for the answer. Header names must be lower case.
  Response call(Method method, const std::string& target, std::string body = {},
                Headers headers = {});
  // As call(), but returns at once: the future is ready when the router answers (for
  // requests a test holds, such as writes waiting for admission).
  std::future<Response> begin(Method method, const std::string& target, std::string body = {},
                              Headers headers = {});
  // As call(), but hands the router the raw target only, leaving path/query to it.
  Response callRaw(Method method, const std::string& target, std::string body = {});

  // How many answers arrived late (after the wait gave up) or twice.
  int misbehavedAnswers() const { return misbehaved_->load(); }

  tandem::Store& store() { return *store_; }
  NodeContext& context() { return context_; }
  Metrics& metrics() { return metrics_; }
  Router& router() { return *router_; }

  // Creates a collection through the API; true on success.
  bool createCollection(const std::string& name, const std::string& extra_fields = {});
  // Inserts one document through the API; its revision, or "" on failure.
  std::string insert(const std::string& collection, const std::string& json);

 private:
  Response send(Request request);
  std::future<Response> dispatch(Request request);

  QTemporaryDir dir_;
  std::string open_error_;
  std::unique_ptr<tandem::Store> store_;
  Metrics metrics_;
  NodeContext context_;
  std::unique_ptr<Router> router_;
  std::shared_ptr<std::atomic<int>> misbehaved_ = std::make_shared<std::atomic<int>>(0);
};

// Parses a response body as JSON; a null value if it is not JSON.
boost::json::value parseBody(const Response& response);
// The header's value, or "" if the response has none.
std::string headerOf(const Response& response, const std::string& name);
// body["field"] as a string, or "" if absent or not a string.
std::string stringField(const boost::json::value& body, const char* field);
// body["field"] as an integer, or -1 if absent or not a number.
std::int64_t intField(const boost::json::value& body, const char* field);

}  // namespace tandem::node::testing
