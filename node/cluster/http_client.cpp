// SyncHttpClient: a blocking facade over Beast's asynchronous client operations.
//
// Each request starts one asynchronous operation at a time on a private io_context and runs
// that context on the calling thread until the operation's handler has run. Timeouts are
// tcp_stream deadlines (the stream cancels its own operation when the deadline passes), so a
// stopped peer costs at most the request's timeout. cancel() posts a cancellation to the
// context: it runs on the requesting thread inside run_one(), so the stream is only ever
// touched by one thread.
#include "cluster/http_client.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "node_options.h"

namespace tandem::node::cluster {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Dump and tail answers carry up to a few MiB; this bounds a misbehaving peer.
constexpr std::uint64_t kMaxAnswerBody = 512u << 20;

std::string lowerCase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<http::verb> verbOf(std::string_view method) {
  const http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) return std::nullopt;
  return verb;
}

}  // namespace

std::string HttpReply::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

struct SyncHttpClient::Impl {
  Impl(std::string endpoint_text, HttpClientOptions client_options)
      : endpoint(std::move(endpoint_text)), options(std::move(client_options)) {
    std::string text = endpoint;
    if (text.starts_with("http://")) text = "tcp://" + text.substr(7);
    if (auto parsed = parseEndpoint(text); parsed && parsed->port != 0) {
      host = parsed->host;
      port = std::to_string(parsed->port);
      const bool v6 = host.find(':') != std::string::npos;
      host_header = (v6 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  // Runs the context until `finished` is set by the operation's handler.
  void runUntil(const bool& finished) {
    io.restart();
    while (!finished) {
      if (io.run_one() == 0) io.restart();  // ran out of work: only possible after stop()
    }
  }

  // Starts `start(handler)` and waits for it; the handler's error code.
  template <typename Start>
  beast::error_code await(Start&& start) {
    bool finished = false;
    beast::error_code result;
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      finished = true;
    });
    runUntil(finished);
    return result;
  }

  beast::error_code connect(Clock::time_point deadline) {
    tcp::resolver::results_type endpoints;
    bool finished = false;
    beast::error_code result;
    resolver.async_resolve(host, port,
                           [&](beast::error_code ec, tcp::resolver::results_type found) {
                             result = ec;
                             endpoints = std::move(found);
                             finished = true;
                           });
    runUntil(finished);
    if (cancelled.load()) return asio::error::operation_aborted;
    if (result) return result;
    const auto connect_deadline = std::min(deadline, Clock::now() + options.connect_timeout);
    stream.expires_at(connect_deadline);
    result = await([&](auto handler) { stream.async_connect(endpoints, std::move(handler)); });
    if (result) return result;
    beast::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    connected = true;
    return {};
  }

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    connected = false;
  }

  // One exchange on the current (or a new) connection.
  beast::error_code exchange(const http::request<http::string_body>& message,
                             Clock::time_point deadline, HttpReply& reply, bool& reused) {
    reused = connected;
    if (!connected) {
      if (auto ec = connect(deadline)) return ec;
    }
    stream.expires_at(deadline);
    if (auto ec = await([&](auto handler) { http::async_write(stream, message, handler); })) {
      return ec;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswerBody);
    stream.expires_at(deadline);
    if (auto ec = await([&](auto handler) { http::async_read(stream, buffer, parser, handler); })) {
      return ec;
    }
    auto response = parser.release();
    reply.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      reply.headers[lowerCase(field.name_string())] = std::string(field.value());
    }
    reply.body = std::move(response.body());
    if (!response.keep_alive()) close();
    return {};
  }

  Status failure(beast::error_code ec, std::chrono::milliseconds timeout) const {
    if (cancelled.load()) {
      return Status::error(ErrorCode::kShuttingDown, "request to " + endpoint + " cancelled", 503);
    }
    std::string cause = ec == beast::error::timeout
                            ? "timed out after " + std::to_string(timeout.count()) + " ms"
                            : ec.message();
    return Status::error(ErrorCode::kHttpServiceUnavailable,
                         "cannot reach " + endpoint + ": " + cause, 503);
  }

  std::string endpoint;
  HttpClientOptions options;
  std::string host;
  std::string port;
  std::string host_header;
  asio::io_context io{1};
  tcp::resolver resolver{io};
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool connected = false;
  std::atomic<bool> cancelled{false};
};

SyncHttpClient::SyncHttpClient(std::string endpoint, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(options))) {}

SyncHttpClient::~SyncHttpClient() { impl_->close(); }

const std::string& SyncHttpClient::endpoint() const { return impl_->endpoint; }

Result<HttpReply> SyncHttpClient::request(
    std::string_view method, std::string_view target, std::string_view body,
    std::chrono::milliseconds timeout,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  Impl& d = *impl_;
  if (d.cancelled.load()) return d.failure({}, timeout);
  if (d.host.empty()) {
    return Status::error(ErrorCode::kBadParameter, "invalid endpoint '" + d.endpoint + "'", 400);
  }
  const auto verb = verbOf(method);
  if (!verb) {
    return Status::error(ErrorCode::kBadParameter, "unknown method '" + std::string(method) + "'",
                         400);
  }
  http::request<http::string_body> message{*verb, std::string(target), 11};
  message.set(http::field::host, d.host_header);
  message.set(http::field::connection, "keep-alive");
  if (!d.options.bearer_token.empty()) {
    message.set(http::field::authorization, "bearer " + d.options.bearer_token);
  }
  for (const auto& [name, value] : headers) message.set(name, value);
  message.body() = std::string(body);
  message.prepare_payload();

  const auto deadline = Clock::now() + timeout;
  HttpReply reply;
  bool reused = false;
  beast::error_code ec = d.exchange(message, deadline, reply, reused);
  // A kept-alive connection the peer closed while idle fails at once: try a fresh one.
  if (ec && reused && ec != beast::error::timeout && !d.cancelled.load()) {
    d.close();
    reply = HttpReply{};
    ec = d.exchange(message, deadline, reply, reused);
  }
  if (ec) {
    d.close();
    return d.failure(ec, timeout);
  }
  return reply;
}

void SyncHttpClient::disconnect() { impl_->close(); }

void SyncHttpClient::cancel() {
  impl_->cancelled.store(true);
  // Runs on the requesting thread (inside run_one), or at the start of the next request.
  asio::post(impl_->io, [d = impl_.get()] {
    d->resolver.cancel();
    d->stream.cancel();
  });
}

}  // namespace tandem::node::cluster
