// The one translation unit with Beast and Asio (each such unit costs ~20 s and 700 MB to
// compile). Structure:
//
//   HttpServer::Impl   io_context + I/O threads, the acceptor coroutine, the session registry,
//                      the worker pool that runs store reads, shutdown and signals
//   Session            one connection: a coroutine on its own strand that loops
//                      wait-for-bytes -> read request -> route -> write response
//   PendingAnswer      carries a Router answer from any thread back to the session's strand
//
// Invariants:
//  - A session's members are touched only on its strand (the coroutine and the closeIfIdle /
//    forceClose calls posted to it); the registry is guarded by sessions_mutex_.
//  - Requests that read the store (Router::readsStore) run on workers_, never on an I/O thread;
//    the rest answer from memory or queue to the store's writer, and run where they were read.
//  - stopping_ is set before any session is told to stop, so a session that checks it on its
//    strand and then goes idle is always reached by the closeIfIdle posted after it.
#include "http/http_server.h"

#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "http/error_body.h"
#include "http/http_message.h"
#include "http/router.h"
#include "log.h"

namespace tandem::node {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Completion token for coroutines that inspect error codes instead of catching exceptions.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// How long a connection that is being closed after an error response keeps reading (and
// discarding) what the client still sends, so that closing does not reset the connection
// before the client has read the response.
constexpr std::chrono::seconds kLingerTime{2};
// After the grace period has run out and every connection was closed by force, how long
// run() still waits for sessions to notice before it returns anyway.
constexpr std::chrono::seconds kForcedCloseWait{1};
constexpr std::size_t kReadChunk = 16 * 1024;

Method toMethod(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::head:
      return Method::kHead;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string lowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Request toRequest(http::request<http::string_body>&& message) {
  Request request;
  request.method = toMethod(message.method());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    auto [it, inserted] =
        request.headers.try_emplace(lowerCase(field.name_string()), field.value());
    if (!inserted) {  // repeated header: RFC 9110 allows joining the values with commas
      it->second += ", ";
      it->second += field.value();
    }
  }
  request.body = std::move(message.body());
  return request;
}

http::response<http::string_body> toBeast(Response&& response, unsigned version, bool head,
                                          bool keep_alive) {
  http::response<http::string_body> message;
  message.version(version);
  const int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
  message.result(static_cast<unsigned>(status));
  message.set(http::field::server, "Tandem");
  for (auto& [name, value] : response.headers) {
    // A line break in a header (say, from a key echoed into `location`) would let the
    // response forge headers or a second response: such a header is dropped.
    if (name.find_first_of("\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      Log::warn("http", "dropped a response header containing a line break", {{"name", name}});
      continue;
    }
    message.insert(name, value);
  }
  const bool bodiless = status / 100 == 1 || status == 204 || status == 304;
  if (!bodiless) {
    if (!response.content_type.empty())
      message.set(http::field::content_type, response.content_type);
    if (head || response.omit_body) {
      message.content_length(response.body.size());  // HEAD: the length GET would send
    } else {
      message.body() = std::move(response.body);
      message.prepare_payload();
    }
  }
  message.keep_alive(keep_alive);
  return message;
}

// The answer to a request that could not be read, or nullopt when nobody is left to answer
// (the peer closed, timed out, or the server closed the connection).
std::optional<Response> readErrorResponse(const beast::error_code& ec) {
  if (ec == http::error::body_limit) {
    return errorResponse(
        Status::error(ErrorCode::kHttpRequestTooLarge, "request body too large", 413));
  }
  if (ec == http::error::header_limit) {
    // ArangoDB has no error number for 431; like its ERROR_HTTP_* numbers, use the status.
    return errorResponse(
        Status::error(static_cast<ErrorCode>(431), "request header too large", 431));
  }
  const bool parse_error =
      ec.category() == http::make_error_code(http::error::bad_method).category();
  if (parse_error && ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return errorResponse(Status::error(ErrorCode::kHttpBadParameter,
                                       "malformed HTTP request: " + ec.message(), 400));
  }
  return std::nullopt;
}

std::string_view signalName(int signal) {
  switch (signal) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
    default:
      return "signal";
  }
}

void logCoroutineFailure(std::string_view what, std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    Log::error("server", std::string(what) + " failed", {{"error", e.what()}});
  } catch (...) {
    Log::error("server", std::string(what) + " failed", {{"error", "unknown exception"}});
  }
}

// Holds the coroutine's completion handler until the Router answers, on whatever thread that
// is, and resumes the coroutine on its own strand. Answers after the first are ignored. If
// the Router drops its Responder without answering, the destructor answers 500 so that the
// connection is not left hanging.
template <typename Handler>
class PendingAnswer {
 public:
  explicit PendingAnswer(Handler handler) : handler_(std::move(handler)) {}
  ~PendingAnswer() {
    if (auto handler = take()) {
      resume(std::move(*handler),
             errorResponse(
                 Status::error(ErrorCode::kInternal, "the request was dropped without an answer")));
    }
  }
  PendingAnswer(const PendingAnswer&) = delete;
  PendingAnswer& operator=(const PendingAnswer&) = delete;

  void deliver(Response response) {
    if (auto handler = take()) resume(std::move(*handler), std::move(response));
  }

 private:
  std::optional<Handler> take() {
    std::lock_guard lock(mutex_);
    std::optional<Handler> handler;
    if (handler_) {
      handler.emplace(std::move(*handler_));
      handler_.reset();
    }
    return handler;
  }
  static void resume(Handler handler, Response response) {
    auto executor = asio::get_associated_executor(handler);
    asio::post(executor, [handler = std::move(handler), response = std::move(response)]() mutable {
      std::move(handler)(std::move(response));
    });
  }

  std::mutex mutex_;
  std::optional<Handler> handler_;  // guarded by mutex_; empty once answered
};

}  // namespace

class Session;

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Router& router, NodeContext& context);
  ~Impl();

  Result<std::string> listen();
  void stopOnSignals(const std::vector<int>& signals);
  void run();
  void stop();
  void closeAllNow();

  // For sessions.
  const HttpServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  asio::awaitable<Response> route(Request request);
  void remove(Session* session);

 private:
  asio::awaitable<void> acceptLoop();
  void startSession(tcp::socket socket);
  void waitForSignal();
  void beginShutdown();
  void expireGrace();
  void finishIfDone();
  void finish(std::string_view outcome);
  void runIo();
  void callRouter(Request request, const Responder& done);
  std::vector<std::shared_ptr<Session>> liveSessions();

  const HttpServerOptions options_;
  Router& router_;
  NodeContext& context_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
  std::mutex sessions_mutex_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // guarded by sessions_mutex_

  // Declared after everything sessions use, so that the io_context (which destroys the
  // coroutine frames of sessions still suspended) goes before them.
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, grace timer
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  // Declared last: joined first on destruction, while the io_context it posts answers to
  // still exists.
  asio::thread_pool workers_;
};

// One connection. Created by the acceptor, kept alive by its coroutine.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer::Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {}

  asio::any_io_executor executor() { return stream_.get_executor(); }

  static asio::awaitable<void> serve(std::shared_ptr<Session> self);

  // On the session's strand only.
  void closeIfIdle() {
    if (idle_) stream_.cancel();
  }
  void forceClose() { stream_.close(); }

 private:
  asio::awaitable<bool> waitForRequest();
  asio::awaitable<bool> serveOne();
  asio::awaitable<beast::error_code> readRequest(http::request_parser<http::string_body>& parser);
  asio::awaitable<bool> answer(http::request<http::string_body> message);
  asio::awaitable<bool> write(Response response, unsigned version, bool head, bool keep_alive);
  asio::awaitable<void> answerReadError(const beast::error_code& ec);
  asio::awaitable<void> lingeringClose();
  void close();

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool idle_ = false;  // waiting for the first byte of the next request
};

// ---------------------------------------------------------------------------------------
// Session

asio::awaitable<void> Session::serve(std::shared_ptr<Session> self) {
  // Unregisters even if the loop throws (allocation failure), so shutdown can complete.
  struct Unregister {
    Session* session;
    ~Unregister() { session->server_.remove(session); }
  } unregister{self.get()};
  while (co_await self->serveOne()) {
  }
  self->close();
}

asio::awaitable<bool> Session::serveOne() {
  if (!co_await waitForRequest()) co_return false;
  http::request_parser<http::string_body> parser;
  parser.header_limit(server_.options().max_header_size);
  parser.body_limit(server_.options().max_body_size);
  if (const beast::error_code ec = co_await readRequest(parser)) {
    co_await answerReadError(ec);
    co_return false;
  }
  co_return co_await answer(parser.release());
}

// Waits up to the keep-alive timeout for the next request to begin. Bytes already buffered
// (a pipelined request) count as a beginning, even during shutdown: that request was sent
// before the client could know, and gets its 503 answer instead of a reset.
asio::awaitable<bool> Session::waitForRequest() {
  if (buffer_.size() > 0) co_return true;
  if (server_.stopping()) co_return false;
  idle_ = true;
  stream_.expires_after(server_.options().keep_alive_timeout);
  auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
  idle_ = false;
  if (ec) co_return false;  // the peer closed, the connection idled out, or shutdown
  buffer_.commit(n);
  co_return true;
}

// Reads one whole request; the request timeout covers header and body together, so a client
// trickling bytes cannot hold a connection longer than that.
asio::awaitable<beast::error_code> Session::readRequest(
    http::request_parser<http::string_body>& parser) {
  stream_.expires_after(server_.options().request_timeout);
  auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, kNoThrow);
  if (ec || parser.is_done()) co_return ec;
  const auto& message = parser.get();
  if (message.version() >= 11 && beast::iequals(message[http::field::expect], "100-continue")) {
    // The header passed the size checks: tell the client to send the body.
    http::response<http::empty_body> go_on{http::status::continue_, message.version()};
    auto [write_ec, written] = co_await http::async_write(stream_, go_on, kNoThrow);
    if (write_ec) co_return write_ec;
  }
  std::tie(ec, n) = co_await http::async_read(stream_, buffer_, parser, kNoThrow);
  co_return ec;
}

asio::awaitable<bool> Session::answer(http::request<http::string_body> message) {
  const unsigned version = message.version();
  const bool head = message.method() == http::verb::head;
  const bool client_keeps_alive = message.keep_alive();
  const auto started = std::chrono::steady_clock::now();
  Request request = toRequest(std::move(message));
  const std::string target = Log::enabled(LogLevel::kDebug) ? request.target : std::string();
  const Method method = request.method;
  Response response;
  if (!request.parseTarget()) {
    response = errorResponse(Status::error(ErrorCode::kHttpBadParameter,
                                           "invalid request target: bad percent-encoding", 400));
  } else {
    stream_.expires_never();  // the client waits for the answer as long as it takes
    response = co_await server_.route(std::move(request));
  }
  if (Log::enabled(LogLevel::kDebug)) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    Log::debug("http", "request",
               {{"method", methodName(method)},
                {"target", target},
                {"status", response.status},
                {"micros", micros.count()}});
  }
  const bool keep_alive = client_keeps_alive && !server_.stopping();
  const bool written = co_await write(std::move(response), version, head, keep_alive);
  co_return written&& keep_alive;
}

asio::awaitable<bool> Session::write(Response response, unsigned version, bool head,
                                     bool keep_alive) {
  auto message = toBeast(std::move(response), version, head, keep_alive);
  stream_.expires_after(server_.options().request_timeout);
  auto [ec, n] = co_await http::async_write(stream_, message, kNoThrow);
  co_return !ec;
}

asio::awaitable<void> Session::answerReadError(const beast::error_code& ec) {
  std::optional<Response> response = readErrorResponse(ec);
  if (!response) co_return;
  Log::debug("http", "rejected request", {{"status", response->status}, {"reason", ec.message()}});
  if (co_await write(std::move(*response), 11, false, false)) co_await lingeringClose();
}

// After an error answer the client may still be sending (the rest of an oversized body):
// half-close, then discard input for a bounded time, so the close does not turn into a
// reset that destroys the answer in the client's receive buffer.
asio::awaitable<void> Session::lingeringClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  for (;;) {
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
    if (ec) break;
  }
}

void Session::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

// ---------------------------------------------------------------------------------------
// HttpServer::Impl

HttpServer::Impl::Impl(HttpServerOptions options, Router& router, NodeContext& context)
    : options_(std::move(options)),
      router_(router),
      context_(context),
      ioc_(options_.io_threads),
      control_(asio::make_strand(ioc_)),
      acceptor_(control_),
      signals_(control_),
      grace_timer_(control_),
      work_(asio::make_work_guard(ioc_)),
      workers_(static_cast<std::size_t>(options_.worker_threads)) {}

HttpServer::Impl::~Impl() {
  // Router calls still queued or running finish (or are dropped, answering 500) while the
  // io_context they post their answers to still exists.
  workers_.join();
}

Result<std::string> HttpServer::Impl::listen() {
  const bool v6 = options_.host.find(':') != std::string::npos;
  const std::string wanted = "tcp://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" +
                             std::to_string(options_.port);
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  const auto results =
      resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return Status::error(ErrorCode::kBadParameter,
                         "cannot resolve endpoint " + wanted + ": " + ec.message());
  }
  const tcp::endpoint endpoint = results.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  const tcp::endpoint bound = ec ? tcp::endpoint() : acceptor_.local_endpoint(ec);
  if (ec) {
    return Status::error(ErrorCode::kInternal, "cannot listen on " + wanted + ": " + ec.message());
  }
  asio::co_spawn(control_, acceptLoop(),
                 [](std::exception_ptr e) { logCoroutineFailure("accept loop", e); });
  const std::string address = bound.address().to_string();
  return "tcp://" + (bound.address().is_v6() ? "[" + address + "]" : address) + ":" +
         std::to_string(bound.port());
}

asio::awaitable<void> HttpServer::Impl::acceptLoop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kNoThrow);
    if (stopping_ || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning on the error.
      Log::warn("server", "accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(control_, std::chrono::milliseconds(100));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    startSession(std::move(socket));
  }
}

void HttpServer::Impl::startSession(tcp::socket socket) {
  beast::error_code ignored;
  // Responses go out in one write; Nagle would only delay the next small response.
  socket.set_option(tcp::no_delay(true), ignored);
  auto session = std::make_shared<Session>(*this, std::move(socket));
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.emplace(session.get(), session);
  }
  const auto executor = session->executor();
  asio::co_spawn(executor, Session::serve(std::move(session)),
                 [](std::exception_ptr e) { logCoroutineFailure("connection", e); });
}

void HttpServer::Impl::remove(Session* session) {
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
  }
  finishIfDone();
}

std::vector<std::shared_ptr<Session>> HttpServer::Impl::liveSessions() {
  std::vector<std::shared_ptr<Session>> live;
  std::lock_guard lock(sessions_mutex_);
  live.reserve(sessions_.size());
  for (const auto& [raw, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

asio::awaitable<Response> HttpServer::Impl::route(Request request) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [this](auto handler, Request request) {
        auto pending = std::make_shared<PendingAnswer<decltype(handler)>>(std::move(handler));
        Responder deliver = [pending](Response response) { pending->deliver(std::move(response)); };
        if (!Router::readsStore(request)) {
          // Answers from memory or queues to the writer: a hop to the workers would cost
          // two context switches and gain nothing.
          callRouter(std::move(request), deliver);
          return;
        }
        asio::post(workers_,
                   [this, deliver = std::move(deliver), request = std::move(request)]() mutable {
                     callRouter(std::move(request), deliver);
                   });
      },
      asio::use_awaitable, std::move(request));
}

void HttpServer::Impl::callRouter(Request request, const Responder& done) {
  try {
    router_.handle(std::move(request), done);
  } catch (const std::exception& e) {
    Log::error("http", "request handler failed", {{"error", e.what()}});
    done(errorResponse(Status::error(ErrorCode::kInternal, e.what())));
  } catch (...) {
    Log::error("http", "request handler failed", {{"error", "unknown exception"}});
    done(errorResponse(Status::error(ErrorCode::kInternal)));
  }
}

// ---------------------------------------------------------------------------------------
// Shutdown

void HttpServer::Impl::stopOnSignals(const std::vector<int>& signals) {
  for (const int signal : signals) signals_.add(signal);
  waitForSignal();
}

void HttpServer::Impl::waitForSignal() {
  signals_.async_wait([this](const beast::error_code& ec, int signal) {
    if (ec) return;
    if (!stopping_) {
      Log::info("server", "received signal, shutting down", {{"signal", signalName(signal)}});
      stop();
    } else {
      Log::warn("server", "received another signal, closing all connections now",
                {{"signal", signalName(signal)}});
      asio::post(control_, [this] { expireGrace(); });
    }
    waitForSignal();
  });
}

void HttpServer::Impl::closeAllNow() {
  Log::warn("server", "closing all connections now");
  asio::post(control_, [this] { expireGrace(); });
}

void HttpServer::Impl::stop() {
  if (stopping_.exchange(true)) return;
  // Before any session is told: from here on the router answers 503/30 "shutdown in
  // progress" to whatever still arrives on open connections.
  context_.shutting_down.store(true);
  asio::post(control_, [this] { beginShutdown(); });
}

// On control_.
void HttpServer::Impl::beginShutdown() {
  beast::error_code ignored;
  acceptor_.close(ignored);
  const auto sessions = liveSessions();
  Log::info("server", "shutting down: stopped accepting, waiting for requests in flight",
            {{"connections", sessions.size()}});
  for (const auto& session : sessions) {
    asio::post(session->executor(), [session] { session->closeIfIdle(); });
  }
  grace_timer_.expires_after(options_.shutdown_grace);
  grace_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) expireGrace();
  });
  finishIfDone();
}

// On control_: the grace period is over (or a second signal came); close what is left.
void HttpServer::Impl::expireGrace() {
  const auto sessions = liveSessions();
  if (!sessions.empty()) {
    Log::warn("server", "closing connections with requests still in flight",
              {{"connections", sessions.size()}});
  }
  for (const auto& session : sessions) {
    asio::post(session->executor(), [session] { session->forceClose(); });
  }
  // A session waiting for an answer that never comes would otherwise hold run() forever.
  grace_timer_.expires_after(kForcedCloseWait);
  grace_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) finish("stopped serving; connections still open were abandoned");
  });
}

void HttpServer::Impl::finishIfDone() {
  if (!stopping_) return;
  {
    std::lock_guard lock(sessions_mutex_);
    if (!sessions_.empty()) return;
  }
  finish("all connections closed");
}

void HttpServer::Impl::finish(std::string_view outcome) {
  if (finished_.exchange(true)) return;
  Log::info("server", outcome);
  ioc_.stop();
}

void HttpServer::Impl::runIo() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      // A handler threw: log it and keep serving the other connections.
      Log::error("server", "I/O handler failed", {{"error", e.what()}});
    }
  }
}

void HttpServer::Impl::run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { runIo(); });
  runIo();
  for (auto& thread : threads) thread.join();
  finished_.store(true);
  workers_.join();
}

// ---------------------------------------------------------------------------------------
// HttpServer

HttpServer::HttpServer(HttpServerOptions options, Router& router, NodeContext& context)
    : impl_(std::make_unique<Impl>(std::move(options), router, context)) {}

HttpServer::~HttpServer() = default;

Result<std::string> HttpServer::listen() { return impl_->listen(); }

void HttpServer::stopOnSignals(std::vector<int> signals) { impl_->stopOnSignals(signals); }

void HttpServer::run() { impl_->run(); }

void HttpServer::stop() { impl_->stop(); }

void HttpServer::stopNow() {
  impl_->stop();
  impl_->closeAllNow();
}

}  // namespace tandem::node
