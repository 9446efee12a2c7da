// The agency's HTTP client: the only Beast client translation unit (the server side is
// http/http_server.cpp). Structure:
//
//   Peer        one address: its queue, its keep-alive connection, the sender coroutine's timers
//   runPeer     the sender coroutine of one peer: wait for messages -> connect if needed ->
//               POST one envelope -> read the answer, until close()
//   runFetch    one identity request on a connection of its own
//
// Invariants (everything runs on the io_context's one thread, so none of this needs a lock):
//  - A peer has at most one sender coroutine and so at most one request in flight; messages
//    leave in the order they were queued.
//  - After every suspension a coroutine checks `closed` before it touches a socket again:
//    close() may have run meanwhile, and a connect on a closed stream would reopen it.
//  - close() leaves the transport without I/O objects of its own: the peers and fetches still
//    alive are owned by their coroutines, which finish promptly because everything they wait
//    on was cancelled.
#include "cluster/peer_transport.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include "agency/raft_codec.h"
#include "log.h"
#include "node_options.h"

namespace tandem::node::cluster {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kRaftPath = "/_api/agency_priv/raft";
constexpr std::string_view kIdentityPath = "/_api/agency_priv/identity";
constexpr std::string_view kClusterIdHeader = "x-tandem-cluster-id";
// Answers to our POSTs are tiny ({"error":false} or an error body); identities are small.
constexpr std::uint64_t kMaxAnswerBody = 1u << 20;
// A peer that stays unreachable (or keeps refusing) is reported at most this often.
constexpr std::chrono::seconds kWarnInterval{10};

// Where to connect and what to put in the Host header.
struct Target {
  std::string host;
  std::string port;
  std::string host_header;
};

std::optional<Target> targetOf(const std::string& address) {
  const auto endpoint = parseEndpoint(address);
  if (!endpoint || endpoint->port == 0) return std::nullopt;
  const bool v6 = endpoint->host.find(':') != std::string::npos;
  const std::string port = std::to_string(endpoint->port);
  return Target{endpoint->host, port,
                (v6 ? "[" + endpoint->host + "]" : endpoint->host) + ":" + port};
}

// Lets one warning through per interval and counts the ones it held back.
class Throttle {
 public:
  // True if a warning may be logged now; `suppressed` is how many were held back since.
  bool allow(std::uint64_t& suppressed) {
    const auto now = std::chrono::steady_clock::now();
    if (last_ && now - *last_ < kWarnInterval) {
      ++held_;
      return false;
    }
    last_ = now;
    suppressed = held_;
    held_ = 0;
    return true;
  }
  void reset() { last_.reset(); }

 private:
  std::optional<std::chrono::steady_clock::time_point> last_;
  std::uint64_t held_ = 0;
};

// The text of an error body's errorMessage, or the start of the body.
std::string answerExcerpt(const std::string& body) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  if (!ec && value.is_object()) {
    if (const auto* message = value.as_object().if_contains("errorMessage");
        message && message->is_string()) {
      return std::string(message->as_string());
    }
  }
  return body.substr(0, 200);
}

asio::awaitable<beast::error_code> connectStream(beast::tcp_stream& stream, const Target& target,
                                                 std::chrono::milliseconds timeout,
                                                 const bool& closed) {
  tcp::resolver resolver(stream.get_executor());
  auto [resolve_error, results] =
      co_await resolver.async_resolve(target.host, target.port, kNoThrow);
  if (closed) co_return asio::error::operation_aborted;
  if (resolve_error) co_return resolve_error;
  stream.expires_after(timeout);
  auto [connect_error, endpoint] = co_await stream.async_connect(results, kNoThrow);
  if (closed) co_return asio::error::operation_aborted;
  if (connect_error) co_return connect_error;
  beast::error_code ignored;
  // One request is written at once; Nagle would only delay it.
  stream.socket().set_option(tcp::no_delay(true), ignored);
  co_return beast::error_code{};
}

void closeStream(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
}

}  // namespace

// One destination address.
struct Peer {
  Peer(asio::io_context& ioc, std::string address_in, Target target_in,
       std::chrono::milliseconds backoff_in)
      : address(std::move(address_in)),
        target(std::move(target_in)),
        stream(ioc),
        wake(ioc),
        pause(ioc),
        backoff(backoff_in) {}

  const std::string address;
  const Target target;
  std::deque<agency::Message> queue;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
  bool idle = false;         // the sender waits on `wake` for messages
  asio::steady_timer wake;   // cancelled by send() to wake an idle sender
  asio::steady_timer pause;  // backoff after a failure
  std::chrono::milliseconds backoff;
  Throttle unreachable;
  Throttle refused;
};

// One identity request.
struct Fetch {
  explicit Fetch(asio::io_context& ioc) : stream(ioc) {}
  beast::tcp_stream stream;
};

struct PeerTransport::Impl {
  Impl(asio::io_context& ioc_in, PeerTransportOptions options_in)
      : ioc(ioc_in), options(std::move(options_in)) {}

  asio::io_context& ioc;
  const PeerTransportOptions options;
  std::string cluster_id;
  boost::json::object report;  // the agent's newest report, in every envelope (setReport)
  bool closed = false;
  std::unordered_map<std::string, std::shared_ptr<Peer>> peers;  // by address
  std::unordered_map<std::uint64_t, std::weak_ptr<Fetch>> fetches;
  std::uint64_t next_fetch = 0;
};

namespace {

using ImplPtr = std::shared_ptr<PeerTransport::Impl>;

// Writes one POST of `body` and reads its answer, on the peer's connection (connecting first
// if there is none). A connection kept alive since an earlier request may have been closed by
// the peer meanwhile: then the request is tried once more on a fresh connection.
asio::awaitable<beast::error_code> deliver(ImplPtr self, std::shared_ptr<Peer> peer,
                                           std::string body,
                                           http::response<http::string_body>& answer) {
  beast::error_code ec;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = peer->connected;
    if (!peer->connected) {
      ec = co_await connectStream(peer->stream, peer->target, self->options.connect_timeout,
                                  self->closed);
      if (ec) co_return ec;
      peer->connected = true;
      peer->buffer.clear();
    }
    http::request<http::string_body> request{http::verb::post, kRaftPath, 11};
    request.set(http::field::host, peer->target.host_header);
    request.set(http::field::user_agent, "tandem-agent");
    request.set(http::field::content_type, "application/json");
    if (!self->cluster_id.empty()) request.set(kClusterIdHeader, self->cluster_id);
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();
    peer->stream.expires_after(self->options.request_timeout);
    auto [write_error, written] = co_await http::async_write(peer->stream, request, kNoThrow);
    if (self->closed) co_return asio::error::operation_aborted;
    ec = write_error;
    if (!ec) {
      http::response_parser<http::string_body> parser;
      parser.body_limit(kMaxAnswerBody);
      auto [read_error, read] =
          co_await http::async_read(peer->stream, peer->buffer, parser, kNoThrow);
      if (self->closed) co_return asio::error::operation_aborted;
      ec = read_error;
      if (!ec) {
        answer = parser.release();
        peer->stream.expires_never();
        if (!answer.keep_alive()) {
          closeStream(peer->stream);
          peer->connected = false;
        }
        co_return beast::error_code{};
      }
    }
    closeStream(peer->stream);
    peer->connected = false;
    // Only a stale kept-alive connection is worth a second try; a timeout is not.
    if (!reused || ec == beast::error::timeout) break;
  }
  co_return ec;
}

std::vector<agency::Message> takeBatch(Peer& peer, std::size_t max_batch) {
  const std::size_t n = std::min(peer.queue.size(), max_batch);
  std::vector<agency::Message> batch;
  batch.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(peer.queue.front()));
    peer.queue.pop_front();
  }
  return batch;
}

void reportAnswer(PeerTransport::Impl& self, Peer& peer,
                  const http::response<http::string_body>& answer) {
  if (answer.result_int() / 100 == 2) {
    peer.unreachable.reset();
    return;
  }
  // The peer read the envelope and refused it (another cluster, or we are not a member of
  // its configuration): Raft copes, an operator may want to know.
  std::uint64_t suppressed = 0;
  if (peer.refused.allow(suppressed)) {
    Log::warn("agency", "an agent refused our messages",
              {{"agent", self.options.self},
               {"peer", peer.address},
               {"status", answer.result_int()},
               {"reason", answerExcerpt(answer.body())},
               {"suppressed", suppressed}});
  }
}

void reportFailure(PeerTransport::Impl& self, Peer& peer, const beast::error_code& ec,
                   std::size_t dropped) {
  std::uint64_t suppressed = 0;
  if (peer.unreachable.allow(suppressed)) {
    Log::warn("agency", "cannot reach an agent; its queued messages are dropped",
              {{"agent", self.options.self},
               {"peer", peer.address},
               {"error", ec.message()},
               {"dropped", dropped},
               {"suppressed", suppressed}});
  }
}

// The sender of one peer (see top).
asio::awaitable<void> runPeer(ImplPtr self, std::shared_ptr<Peer> peer) {
  while (!self->closed) {
    if (peer->queue.empty()) {
      peer->idle = true;
      peer->wake.expires_at(asio::steady_timer::time_point::max());
      co_await peer->wake.async_wait(kNoThrow);
      peer->idle = false;
      continue;
    }
    agency::RaftEnvelope envelope{self->cluster_id, self->options.self,
                                  takeBatch(*peer, self->options.max_batch), self->report};
    const std::size_t count = envelope.messages.size();
    http::response<http::string_body> answer;
    const beast::error_code ec =
        co_await deliver(self, peer, agency::encodeEnvelope(envelope), answer);
    if (self->closed) break;
    if (!ec) {
      reportAnswer(*self, *peer, answer);
      peer->backoff = self->options.min_backoff;
      continue;
    }
    // By the time the peer is back, what is queued is stale: the leader resends what a
    // follower misses, and a candidate will campaign again.
    const std::size_t dropped = count + peer->queue.size();
    peer->queue.clear();
    reportFailure(*self, *peer, ec, dropped);
    peer->pause.expires_after(peer->backoff);
    co_await peer->pause.async_wait(kNoThrow);
    peer->backoff = std::min(peer->backoff * 2, self->options.max_backoff);
  }
}

Status unreachable(const std::string& address, const std::string& why) {
  return Status::error(ErrorCode::kHttpServiceUnavailable,
                       "cannot reach the agent at " + address + ": " + why, 503);
}

asio::awaitable<void> runFetch(ImplPtr self, std::shared_ptr<Fetch> fetch, std::uint64_t id,
                               std::string address, Target target,
                               PeerTransport::IdentityCallback done) {
  Result<boost::json::value> outcome = unreachable(address, "no answer");
  beast::error_code ec =
      co_await connectStream(fetch->stream, target, self->options.connect_timeout, self->closed);
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBody);
  if (!ec) {
    http::request<http::empty_body> request{http::verb::get, kIdentityPath, 11};
    request.set(http::field::host, target.host_header);
    request.set(http::field::user_agent, "tandem-agent");
    request.keep_alive(false);
    fetch->stream.expires_after(self->options.request_timeout);
    auto [write_error, written] = co_await http::async_write(fetch->stream, request, kNoThrow);
    ec = write_error;
    if (!ec && !self->closed) {
      beast::flat_buffer buffer;
      auto [read_error, read] = co_await http::async_read(fetch->stream, buffer, parser, kNoThrow);
      ec = read_error;
    }
  }
  self->fetches.erase(id);
  if (!self->closed) closeStream(fetch->stream);
  if (self->closed) {
    outcome = Status::error(ErrorCode::kShuttingDown, "the agency transport is closed");
  } else if (ec) {
    outcome = unreachable(address, ec.message());
  } else if (parser.get().result_int() != 200) {
    outcome = unreachable(address, "HTTP " + std::to_string(parser.get().result_int()) + ": " +
                                       answerExcerpt(parser.get().body()));
  } else {
    boost::system::error_code parse_error;
    boost::json::value body = boost::json::parse(parser.get().body(), parse_error);
    if (parse_error) {
      outcome = Status::error(ErrorCode::kCorruptedJson,
                              "identity of the agent at " + address + " is not JSON");
    } else {
      outcome = std::move(body);
    }
  }
  done(std::move(outcome));
}

}  // namespace

PeerTransport::PeerTransport(asio::io_context& ioc, PeerTransportOptions options)
    : impl_(std::make_shared<Impl>(ioc, std::move(options))) {}

PeerTransport::~PeerTransport() = default;

void PeerTransport::setReport(boost::json::object report) { impl_->report = std::move(report); }

void PeerTransport::setClusterId(std::string cluster_id) {
  impl_->cluster_id = std::move(cluster_id);
}

void PeerTransport::send(const std::string& address, agency::Message message) {
  Impl& self = *impl_;
  if (self.closed) return;
  auto it = self.peers.find(address);
  if (it == self.peers.end()) {
    auto target = targetOf(address);
    if (!target) {
      Log::debug("agency", "dropped a message to an unusable address", {{"peer", address}});
      return;
    }
    auto peer =
        std::make_shared<Peer>(self.ioc, address, std::move(*target), self.options.min_backoff);
    it = self.peers.emplace(address, peer).first;
    asio::co_spawn(self.ioc, runPeer(impl_, std::move(peer)), asio::detached);
  }
  Peer& peer = *it->second;
  peer.queue.push_back(std::move(message));
  if (peer.queue.size() > self.options.max_queued) {
    peer.queue.pop_front();
  }
  if (peer.idle) peer.wake.cancel();
}

void PeerTransport::fetchIdentity(const std::string& address, IdentityCallback done) {
  Impl& self = *impl_;
  auto target = targetOf(address);
  if (self.closed || !target) {
    Status status =
        self.closed
            ? Status::error(ErrorCode::kShuttingDown, "the agency transport is closed")
            : Status::error(ErrorCode::kBadParameter, "not an agent address: '" + address + "'");
    // Answered from the io_context like every other outcome, never inside the caller.
    asio::post(self.ioc, [done = std::move(done), status = std::move(status)]() mutable {
      done(std::move(status));
    });
    return;
  }
  auto fetch = std::make_shared<Fetch>(self.ioc);
  const std::uint64_t id = self.next_fetch++;
  self.fetches.emplace(id, fetch);
  asio::co_spawn(
      self.ioc, runFetch(impl_, std::move(fetch), id, address, std::move(*target), std::move(done)),
      asio::detached);
}

void PeerTransport::close() {
  Impl& self = *impl_;
  if (self.closed) return;
  self.closed = true;
  for (auto& [address, peer] : self.peers) {
    peer->queue.clear();
    closeStream(peer->stream);
    peer->wake.cancel();
    peer->pause.cancel();
  }
  self.peers.clear();
  for (auto& [id, weak] : self.fetches) {
    if (auto fetch = weak.lock()) closeStream(fetch->stream);
  }
  self.fetches.clear();
}

}  // namespace tandem::node::cluster
