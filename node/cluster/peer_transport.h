// PeerTransport: how an agent's Raft messages reach the other agents, and how an agent asks
// another for its identity — an asynchronous HTTP/1.1 client on the agency driver's io_context.
//
// Messages: send(address, message) queues the message for the agent at `address`. Per address
// there is one keep-alive connection with at most one request in flight; whatever is queued
// when the connection is free goes out as one RaftEnvelope in one
// `POST /_api/agency_priv/raft` (raft_codec.h; header `x-tandem-cluster-id`). Raft tolerates
// lost messages, so the transport trades delivery for bounded memory and fresh traffic:
//  - a queue holds at most max_queued messages; beyond that the oldest are dropped;
//  - a failed connect or request drops everything queued for that peer (it is stale by the
//    time the peer is back), then the peer is retried after a backoff (doubling up to
//    max_backoff, reset by a success);
//  - the answer to a POST is not a Raft reply (replies come back as the peer's own POSTs):
//    only refusals are logged.
// Identity: fetchIdentity(address) is a one-shot `GET /_api/agency_priv/identity` on a
// connection of its own; the callback gets the parsed JSON body or an error.
//
// Timeouts: connect_timeout per connection attempt, request_timeout per request (write and
// read of the answer).
//
// Threading: every member function, and every callback, runs on the one thread that runs the
// io_context (the driver's). No locks.
// Ownership and shutdown: close() cancels every connection, timer and fetch (pending fetch
// callbacks are then called with kShuttingDown) and releases every I/O object, so that the
// io_context's run() can return; call it on the io_context's thread before destroying the
// transport. The io_context must outlive the transport.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "agency/raft_types.h"
#include "tandem/status.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace tandem::node::cluster {

struct PeerTransportOptions {
  agency::AgentId self;           // `from` of every envelope this agent sends
  std::size_t max_queued = 4096;  // messages per peer; the oldest are dropped beyond it
  std::size_t max_batch = 256;    // messages per POST
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{2000};
  std::chrono::milliseconds min_backoff{50};
  std::chrono::milliseconds max_backoff{1000};
};

class PeerTransport {
 public:
  using IdentityCallback = std::function<void(Result<boost::json::value>)>;

  PeerTransport(boost::asio::io_context& ioc, PeerTransportOptions options);
  ~PeerTransport();
  PeerTransport(const PeerTransport&) = delete;
  PeerTransport& operator=(const PeerTransport&) = delete;

  // The cluster id sent with every envelope from now on (empty until the agency formed).
  void setClusterId(std::string cluster_id);
  // The agent's report on the data nodes (supervision/heartbeat.h) sent with every envelope
  // from now on, replacing the previous one; empty: none.
  void setReport(boost::json::object report);

  // Queues `message` for the agent at `address` ("tcp://host:port"). Never blocks; a message
  // for an address that cannot be parsed is dropped.
  void send(const std::string& address, agency::Message message);

  // GET /_api/agency_priv/identity at `address`; `done` is called exactly once, on the
  // io_context's thread: the JSON body of a 200 answer, else an error (kHttpServiceUnavailable
  // for a peer that cannot be reached, kShuttingDown after close()).
  void fetchIdentity(const std::string& address, IdentityCallback done);

  // Cancels everything (see top). Idempotent.
  void close();

  struct Impl;  // defined and used only in peer_transport.cpp

 private:
  std::shared_ptr<Impl> impl_;  // shared with the coroutines, which may outlive a close()
};

}  // namespace tandem::node::cluster
