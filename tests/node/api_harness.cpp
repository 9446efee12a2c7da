#include "api_harness.h"

#include <chrono>
#include <future>

#include <boost/json/parse.hpp>

namespace tandem::node::testing {
namespace {

constexpr auto kAnswerTimeout = std::chrono::seconds(20);

}  // namespace

ApiHarness::ApiHarness() {
  if (!dir_.isValid()) {
    open_error_ = "cannot create a temporary directory";
    return;
  }
  tandem::StoreOptions options;
  options.directory = dir_.path().toStdString();
  auto store = tandem::Store::open(options);
  if (!store) {
    open_error_ = store.status().toString();
    return;
  }
  store_ = std::move(*store);
  context_.store = store_.get();
  context_.metrics = &metrics_;
  context_.endpoint = "tcp://127.0.0.1:8529";
  router_ = std::make_unique<Router>(context_);
}

ApiHarness::~ApiHarness() {
  // Close the store first: it answers queued writes, whose responders reference nothing here
  // but the shared promise state.
  if (store_) store_->close();
}

Response ApiHarness::call(Method method, const std::string& target, std::string body,
                          Headers headers) {
  Request request;
  request.method = method;
  request.target = target;
  request.body = std::move(body);
  request.headers = std::move(headers);
  if (!request.parseTarget()) {
    Response bad;
    bad.status = -1;
    return bad;
  }
  return send(std::move(request));
}

Response ApiHarness::callRaw(Method method, const std::string& target, std::string body) {
  Request request;
  request.method = method;
  request.target = target;
  request.body = std::move(body);
  return send(std::move(request));
}

std::future<Response> ApiHarness::begin(Method method, const std::string& target, std::string body,
                                        Headers headers) {
  Request request;
  request.method = method;
  request.target = target;
  request.body = std::move(body);
  request.headers = std::move(headers);
  if (!request.parseTarget()) {
    std::promise<Response> bad;
    Response response;
    response.status = -1;
    bad.set_value(std::move(response));
    return bad.get_future();
  }
  return dispatch(std::move(request));
}

std::future<Response> ApiHarness::dispatch(Request request) {
  auto promise = std::make_shared<std::promise<Response>>();
  auto answered = std::make_shared<std::atomic<bool>>(false);
  std::future<Response> future = promise->get_future();
  auto misbehaved = misbehaved_;
  router_->handle(std::move(request), [promise, answered, misbehaved](Response response) {
    if (answered->exchange(true)) {
      misbehaved->fetch_add(1);
      return;
    }
    promise->set_value(std::move(response));
  });
  return future;
}

Response ApiHarness::send(Request request) {
  std::future<Response> future = dispatch(std::move(request));
  if (future.wait_for(kAnswerTimeout) != std::future_status::ready) {
    misbehaved_->fetch_add(1);
    Response timeout;
    timeout.status = -2;
    return timeout;
  }
  return future.get();
}

bool ApiHarness::createCollection(const std::string& name, const std::string& extra_fields) {
  std::string body =
      R"({"name":")" + name + "\"" + (extra_fields.empty() ? "" : ",") + extra_fields + "}";
  return call(Method::kPost, "/_api/collection", body).status == 200;
}

std::string ApiHarness::insert(const std::string& collection, const std::string& json) {
  Response response = call(Method::kPost, "/_api/document/" + collection, json);
  if (response.status != 201 && response.status != 202) return {};
  return stringField(parseBody(response), "_rev");
}

boost::json::value parseBody(const Response& response) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(response.body, ec);
  if (ec) return nullptr;
  return value;
}

std::string headerOf(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

std::string stringField(const boost::json::value& body, const char* field) {
  const auto* object = body.if_object();
  if (object == nullptr) return {};
  const auto* value = object->if_contains(field);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->as_string());
}

std::int64_t intField(const boost::json::value& body, const char* field) {
  const auto* object = body.if_object();
  if (object == nullptr) return -1;
  const auto* value = object->if_contains(field);
  if (value == nullptr) return -1;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  return -1;
}

}  // namespace tandem::node::testing
