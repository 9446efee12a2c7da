#include "load_client.h"

#include <chrono>
#include <exception>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tandem::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Array answers for 1,000 documents are ~100 KB; this only guards against a runaway body.
constexpr std::uint64_t kMaxBodyBytes = 256u * 1024u * 1024u;

std::chrono::nanoseconds toDuration(double seconds) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(seconds));
}

std::string describe(const Request& request, const std::string& what) {
  return request.method + " " + request.target + ": " + what;
}

// State shared by the connection coroutines of one phase. They all run on one thread, so no
// field needs a lock. Invariant: once `warm_` is set, `measure_start_` and `deadline_` are valid
// and never change.
class PhaseState {
 public:
  PhaseState(const PhaseLimits& limits, const ResponseCheck& check)
      : limits_(limits), check_(check), start_(Clock::now()) {
    updateWarmup(start_);
  }

  // Whether a connection may send another request now.
  bool mayStart() {
    const auto now = Clock::now();
    updateWarmup(now);
    if (!result_.error.empty()) return false;
    return !warm_ || now < deadline_;
  }

  void record(const Request& request, const Response& response, Clock::time_point sent,
              Clock::time_point answered) {
    const bool measured = warm_;
    ++result_.total_requests;
    result_.total_items += request.items;
    if (measured) {
      ++result_.requests;
      result_.items += request.items;
      const auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(answered - sent).count();
      result_.latencies_us.push_back(static_cast<std::uint32_t>(micros));
      last_answer_ = answered;
    }
    std::string problem = check_(request, response);
    if (!problem.empty()) fail(describe(request, problem));
    updateWarmup(answered);
  }

  void fail(std::string what) {
    if (result_.error.empty()) result_.error = std::move(what);
  }

  PhaseResult finish() {
    if (warm_ && result_.requests > 0) {
      result_.seconds = std::chrono::duration<double>(last_answer_ - measure_start_).count();
    }
    return std::move(result_);
  }

 private:
  void updateWarmup(Clock::time_point now) {
    if (warm_) return;
    const bool by_time = now - start_ >= toDuration(limits_.warmup_seconds);
    const bool by_count = result_.total_requests >= limits_.warmup_requests;
    if (!by_time && !by_count) return;
    warm_ = true;
    measure_start_ = now;
    deadline_ = now + toDuration(limits_.duration_seconds);
  }

  const PhaseLimits& limits_;
  const ResponseCheck& check_;
  const Clock::time_point start_;
  bool warm_ = false;
  Clock::time_point measure_start_;
  Clock::time_point deadline_;
  Clock::time_point last_answer_;
  PhaseResult result_;
};

struct ConnectionContext {
  PhaseState& state;
  const RequestSource& source;
  tcp::endpoint endpoint;
  std::string host_header;
  std::chrono::nanoseconds timeout;
};

// Builds the Beast message for `request`; false if the method is unknown.
bool toMessage(const Request& request, const std::string& host,
               http::request<http::string_body>& message) {
  const http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) return false;
  message = {};
  message.method(verb);
  message.target(request.target);
  message.version(11);
  message.set(http::field::host, host);
  message.set(http::field::user_agent, "tandem-bench");
  if (!request.body.empty()) message.set(http::field::content_type, "application/json");
  message.body() = request.body;
  message.keep_alive(true);
  message.prepare_payload();
  return true;
}

void resetRequest(Request& request) {
  request.method = "GET";
  request.target.clear();  // clear() keeps the capacity of the reused strings
  request.body.clear();
  request.items = 1;
  request.tag = 0;
}

asio::awaitable<void> runConnection(ConnectionContext& context, std::size_t index) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  beast::flat_buffer buffer;
  http::request<http::string_body> message;
  Request request;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  bool connected = false;
  for (;;) {
    resetRequest(request);
    if (!context.state.mayStart() || !context.source(index, request)) break;
    if (!toMessage(request, context.host_header, message)) {
      context.state.fail(describe(request, "unknown HTTP method"));
      break;
    }
    if (!connected) {
      stream.expires_after(context.timeout);
      co_await stream.async_connect(context.endpoint, token);
      if (ec) {
        context.state.fail(describe(request, "cannot connect: " + ec.message()));
        break;
      }
      stream.socket().set_option(tcp::no_delay(true), ec);  // requests go out whole at once
      connected = true;
    }
    const auto sent = Clock::now();
    stream.expires_after(context.timeout);
    co_await http::async_write(stream, message, token);
    if (ec) {
      context.state.fail(describe(request, "sending failed: " + ec.message()));
      break;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    if (request.method == "HEAD") parser.skip(true);
    co_await http::async_read(stream, buffer, parser, token);
    if (ec) {
      context.state.fail(describe(request, "no answer: " + ec.message()));
      break;
    }
    const auto answered = Clock::now();
    auto& answer = parser.get();
    const bool keep_alive = answer.keep_alive();
    Response response{answer.result_int(), std::move(answer.body()), {}};
    if (const auto location = answer.find(http::field::location); location != answer.end()) {
      response.location = std::string(location->value());
    }
    context.state.record(request, std::move(response), sent, answered);
    if (!keep_alive) {  // the server may end a keep-alive connection: open a new one
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream.close();
      buffer.clear();
      connected = false;
    }
  }
  if (connected) stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

LoadClient::LoadClient(std::string host, std::uint16_t port)
    : host_(std::move(host)), port_(port) {}

PhaseResult LoadClient::run(const PhaseLimits& limits, const RequestSource& source,
                            const ResponseCheck& check) const {
  PhaseState state(limits, check);
  beast::error_code ec;
  const auto address = asio::ip::make_address(host_, ec);
  if (ec) {
    state.fail("bad server address " + host_ + ": " + ec.message());
    return state.finish();
  }
  ConnectionContext context{state, source, tcp::endpoint(address, port_),
                            host_ + ":" + std::to_string(port_),
                            toDuration(limits.request_timeout_seconds)};
  asio::io_context io(1);
  for (std::size_t i = 0; i < limits.connections; ++i) {
    asio::co_spawn(io, runConnection(context, i), [&state](std::exception_ptr failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        state.fail(std::string("client failure: ") + e.what());
      }
    });
  }
  io.run();
  return state.finish();
}

Response LoadClient::call(const Request& request, std::string* error, double timeout_s) const {
  PhaseLimits limits;
  limits.connections = 1;
  limits.warmup_seconds = 0.0;
  limits.request_timeout_seconds = timeout_s;
  limits.duration_seconds = timeout_s;
  bool sent = false;
  Response answer;
  const RequestSource source = [&](std::size_t, Request& next) {
    if (sent) return false;
    next = request;
    sent = true;
    return true;
  };
  const ResponseCheck keep = [&](const Request&, const Response& response) {
    answer = response;
    return std::string();
  };
  PhaseResult result = run(limits, source, keep);
  if (error != nullptr) *error = result.error;
  return answer;
}

}  // namespace tandem::bench
