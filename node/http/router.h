// Router: the pure `handle(Request) -> Response` core of tandem-node's HTTP API.
//
// It strips the `/_db/<name>` prefix (default `_system`), finds the handler for the path and
// method, and answers ArangoDB-shaped bodies; unknown paths give 404, known paths with a
// wrong method 405. Errors always carry {"error":true,"errorNum","errorMessage","code"}.
//
// Ownership: borrows the Store and NodeContext, which must outlive it.
// Thread-safety: handle() may be called from many threads at once. Reads answer on the calling
// thread; writes answer from the store's writer thread once committed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/http_message.h"

namespace tandem {
class Store;
}

namespace tandem::node {

class Metrics;
namespace cluster {
class AgencyService;
class MemberService;
class ReplicationService;
struct MemberSnapshot;
}  // namespace cluster

// What handlers need to know about the running node besides its store.
struct NodeContext {
  tandem::Store* store = nullptr;
  Metrics* metrics = nullptr;
  // The agent running in this node (--agency.activate true), else null.
  cluster::AgencyService* agency = nullptr;
  // --agency.only true: the node runs an agent and keeps no documents; document, collection
  // and database routes answer 501 saying so.
  bool agency_only = false;
  // Cluster membership (--cluster.agency-endpoint), else null: a plain single server.
  cluster::MemberService* member = nullptr;
  // Replication: the applier and the followers' progress; null without membership.
  cluster::ReplicationService* replication = nullptr;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string endpoint;  // bound endpoint, "tcp://127.0.0.1:8529"
  // Set once shutdown has begun: every request then gets 503/30 "shutdown in progress".
  std::atomic<bool> shutting_down{false};
  // Called by DELETE /_admin/shutdown after its answer is queued; the server begins an
  // orderly shutdown.
  std::function<void()> request_shutdown;
  // Called by POST /_admin/restart after its answer is queued, instead of the process-wide
  // requestRestart() + request_shutdown: the embedding owner (tandem::Node) records the
  // request and shuts down. Unset: the process-wide path (restart.h).
  std::function<void(bool upgrade)> request_restart;
  // Given to the member when membership starts (cluster/member.h MemberOptions::on_change):
  // each change of its serving mode, leader or term, in order, from a member thread. Unset:
  // nobody is told.
  std::function<void(const cluster::MemberSnapshot& snapshot)> on_role_change;
};

class Router {
 public:
  explicit Router(NodeContext& context);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Answers `request` exactly once through `done` (see Responder).
  void handle(Request request, Responder done);

  // True if answering `request` reads the store (SQLite may wait on the disk): the server
  // runs such requests on its worker pool. Every other request answers from memory or hands
  // its work to the store's writer thread, so it may run on the I/O thread that read it.
  // Needs request.path (Request::parseTarget()).
  static bool readsStore(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node
