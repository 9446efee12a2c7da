// Node::Impl: what an embedded tandem::Node owns and how it is wired — the same parts, in the
// same order, as tandem-node has always wired them (node/DESIGN.md, "The embedded Node").
//
// Lifetime of the parts: created by start(), stopped by stop(), destroyed only by ~Impl, so
// a caller racing with stop() still finds every object (answering kShuttingDown) rather than
// a dangling pointer. `state` (atomic) tells callers whether the parts exist yet.
//
// Thread-safety: start() and stop() serialize on lifecycle_mutex; everything else reads
// `state` and then objects that are themselves thread-safe (Store, Member, Router).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/agency_driver.h"
#include "cluster/membership.h"
#include "embedded/role_dispatcher.h"
#include "http/http_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "node_options.h"
#include "tandem/node.h"
#include "tandem/store.h"

namespace tandem {

struct Node::Impl {
  enum class State { kNew, kRunning, kStopping, kStopped };

  Impl(tandem::NodeOptions public_options, node::NodeOptions options)
      : public_options(std::move(public_options)), options(std::move(options)) {}
  ~Impl();

  // node.cpp: life cycle.
  Status start();
  Status openStore();
  Status listen();
  Status startAgent();
  void undoStart();
  void startMembership();
  void stop();
  void requestStop();
  void wait();
  NodeRole role() const;
  bool cluster() const { return options.cluster.enabled(); }
  bool running() const;  // kRunning or kStopping: the parts exist and the store is open

  // node_data.cpp: writes, reads, status.
  template <typename R>
  void admitted(std::function<void(std::function<void(R)>)> submit, std::function<void(R)> done);
  Status readable(const ReadOptions& options) const;
  NodeStatus status() const;

  const tandem::NodeOptions public_options;
  const node::NodeOptions options;  // validated

  std::mutex lifecycle_mutex;
  std::atomic<State> state{State::kNew};
  std::mutex wait_mutex;
  std::condition_variable stopped_cv;

  // The parts, in the order they are created.
  std::unique_ptr<Store> store;
  std::string server_id;
  node::NodeContext context;
  node::Metrics metrics;
  std::unique_ptr<node::Router> router;
  std::unique_ptr<node::HttpServer> server;  // null with http.enabled = false
  std::string http_endpoint;
  std::thread server_thread;
  std::unique_ptr<node::cluster::AgencyDriver> agent;
  std::unique_ptr<node::cluster::Membership> membership;
  node::cluster::MemberService* member = nullptr;  // membership's, valid until ~Impl

  node::RoleDispatcher roles;

  // requestStop(): the first runs stop() on `stopper`.
  std::mutex request_mutex;
  bool stop_requested = false;
  std::thread stopper;
  std::atomic<bool> restart{false};
  std::atomic<bool> restart_upgrade{false};
};

}  // namespace tandem
