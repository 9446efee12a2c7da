// HttpServer: tandem-node's HTTP/1.1 listener — the only place that knows Beast and Asio.
//
// A listener accepts connections on the configured endpoint; each connection is served by a
// session, a C++20 coroutine on its own strand that reads a request, has the Router answer
// it and writes the response, until keep-alive ends. One request at a time per connection,
// so pipelined requests are answered in order. Every read and write is bounded: idle
// connections close after keep_alive_timeout, a request must arrive (and a response be
// taken) within request_timeout, oversized bodies get 413 and oversized headers 431, both
// with ArangoDB's error body, after which the connection closes.
//
// Threads: `io_threads` run the sockets; requests that read the store (Router::readsStore)
// run on a separate pool of `worker_threads`, because SQLite reads may wait on the disk.
// Other requests run on the I/O thread: they answer from memory or queue to the writer.
// The router may answer from any thread (writes answer from the store's writer thread);
// the answer is posted back to the session's strand.
//
// Shutdown (stop(), from any thread, e.g. a signal or DELETE /_admin/shutdown): the
// acceptor closes, NodeContext::shutting_down is set (the router answers new requests with
// 503/30), idle connections close, requests in flight are answered and their connections
// closed; after shutdown_grace whatever is left is closed by force. Then run() returns.
//
// Ownership: borrows the Router and NodeContext, which must outlive it. The router's
// pending answers (the store's write callbacks) must have been delivered or dropped before
// the server is destroyed: close the store first.
// Thread-safety: listen() and run() from one thread; stop() from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tandem/status.h"

namespace tandem::node {

class Router;
struct NodeContext;

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an address, not a name
  std::uint16_t port = 8529;       // 0: any free port (see listen())
  int io_threads = 2;
  int worker_threads = 4;
  std::uint64_t max_body_size = 64ull << 20;
  std::uint32_t max_header_size = 64u << 10;
  std::chrono::milliseconds keep_alive_timeout{std::chrono::seconds(300)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
  // How long stop() lets requests in flight finish before closing their connections.
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(30)};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Router& router, NodeContext& context);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. The bound endpoint, "tcp://127.0.0.1:<port>" (with the real port
  // when the options asked for port 0); an error naming the endpoint if it cannot bind.
  Result<std::string> listen();

  // Calls stop() when one of `signals` (SIGTERM, SIGINT, ...) arrives; a second signal
  // closes every connection at once instead of waiting for requests in flight.
  // Call after listen() and before run().
  void stopOnSignals(std::vector<int> signals);

  // Serves connections on io_threads threads (the calling one among them) until stop()
  // has finished the shutdown.
  void run();

  // Begins the orderly shutdown described above. Idempotent; any thread.
  void stop();
  // stop(), then closes every connection at once instead of waiting for requests in flight
  // (what a second signal does). Any thread.
  void stopNow();

  class Impl;  // defined and used only in http_server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node
