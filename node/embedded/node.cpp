// tandem::Node's life cycle: create, start, stop, role. Writes, reads and status:
// node_data.cpp.
#include <utility>

#include "cluster/member_service.h"
#include "embedded/node_impl.h"
#include "log.h"

namespace tandem {

using node::Log;

namespace {

node::HttpServerOptions serverOptions(const node::NodeOptions& options) {
  node::HttpServerOptions server;
  server.host = options.endpoint.host;
  server.port = options.endpoint.port;
  server.io_threads = options.io_threads;
  server.worker_threads = options.server_threads;
  server.max_body_size = options.max_body_size;
  server.max_header_size = options.max_header_size;
  server.keep_alive_timeout = options.keep_alive_timeout;
  server.request_timeout = options.request_timeout;
  return server;
}

node::cluster::AgencyDriverOptions agencyOptions(const node::NodeOptions& options) {
  node::cluster::AgencyDriverOptions agency;
  agency.directory = options.database_directory;
  agency.my_address = options.agency.my_address.toString();
  for (const auto& endpoint : options.agency.endpoints) {
    agency.endpoints.push_back(endpoint.toString());
  }
  agency.size = options.agency.size;
  agency.election_timeout_min = options.agency.election_timeout_min;
  agency.election_timeout_max = options.agency.election_timeout_max;
  agency.supervision_ok_threshold = options.agency.supervision_ok_threshold;
  agency.supervision_grace = options.agency.supervision_grace_period;
  return agency;
}

NodeRole roleOf(node::cluster::ServingMode mode) {
  switch (mode) {
    case node::cluster::ServingMode::kLeader:
      return NodeRole::kLeader;
    case node::cluster::ServingMode::kFollower:
      return NodeRole::kFollower;
    case node::cluster::ServingMode::kRemoved:
      return NodeRole::kRemoved;
    case node::cluster::ServingMode::kTryAgain:
      break;
  }
  return NodeRole::kUndecided;
}

}  // namespace

std::string_view toString(NodeRole role) {
  switch (role) {
    case NodeRole::kStopped:
      return "stopped";
    case NodeRole::kSingle:
      return "single";
    case NodeRole::kUndecided:
      return "undecided";
    case NodeRole::kLeader:
      return "leader";
    case NodeRole::kFollower:
      return "follower";
    case NodeRole::kRemoved:
      return "removed";
  }
  return "unknown";
}

// --- Impl: start --------------------------------------------------------------------------

// The order of tandem-node: store -> router -> listener -> agent -> membership -> serve. The
// listener binds first (the agent needs its address answered), but serves only once the
// membership is wired, so no request ever sees a cluster node without its member.
Status Node::Impl::start() {
  std::lock_guard lifecycle(lifecycle_mutex);
  if (state.load() != State::kNew) {
    return Status::error(ErrorCode::kBadParameter,
                         "this Node was started already: a Node starts once; create a new one "
                         "to start again",
                         400);
  }
  Log::setLevel(options.log_level);
  if (Status opened = openStore(); !opened) return opened;
  Status started = listen();
  if (started) started = startAgent();
  if (!started) {
    undoStart();
    return started;
  }
  startMembership();
  state.store(State::kRunning);
  if (server) {
    server_thread = std::thread([this] { server->run(); });
    Log::info("server", "listening",
              {{"endpoint", http_endpoint},
               {"io_threads", options.io_threads},
               {"worker_threads", options.server_threads}});
  }
  return Status::ok();
}

Status Node::Impl::openStore() {
  auto opened = Store::open(public_options.store);
  if (!opened) {
    Log::error(
        "startup", opened.status().message(),
        {{"directory", options.database_directory}, {"errorNum", opened.status().errorNum()}});
    return opened.status();
  }
  store = std::move(*opened);
  server_id = store->serverId();
  Log::info("startup", "database opened",
            {{"server_id", server_id},
             {"directory", options.database_directory},
             {"schema", store->schemaVersion()},
             {"last_tick", store->lastTick()}});
  context.store = store.get();
  context.metrics = &metrics;
  router = std::make_unique<node::Router>(context);
  return Status::ok();
}

// Binds (the agents' identity requests queue in the backlog until the server runs).
Status Node::Impl::listen() {
  if (!options.listen) return Status::ok();
  server = std::make_unique<node::HttpServer>(serverOptions(options), *router, context);
  auto bound = server->listen();
  if (!bound) {
    Log::error("startup", bound.status().message());
    return bound.status();
  }
  http_endpoint = *bound;
  context.endpoint = *bound;
  return Status::ok();
}

Status Node::Impl::startAgent() {
  if (!options.agency.activate) return Status::ok();
  auto opened = node::cluster::AgencyDriver::open(agencyOptions(options));
  if (!opened) {
    Log::error("startup", "cannot start the agent: " + opened.status().message(),
               {{"directory", options.database_directory}});
    return Status::error(ErrorCode::kInternal,
                         "cannot start the agent: " + opened.status().message() + " (directory " +
                             options.database_directory + ")");
  }
  agent = std::move(*opened);
  context.agency = agent.get();
  context.agency_only = options.agency.only;
  agent->start();
  Log::info("startup", "agent started",
            {{"agent", agent->agentId()},
             {"address", options.agency.my_address.toString()},
             {"size", options.agency.size},
             {"agency_only", options.agency.only}});
  return Status::ok();
}

// What a failed start() opened, closed again: the Node may start again.
void Node::Impl::undoStart() {
  context.agency = nullptr;
  agent.reset();
  server.reset();
  http_endpoint.clear();
  context.endpoint.clear();
  router.reset();
  context.store = nullptr;
  if (store) store->close();
  store.reset();
}

// The HTTP requests that stop the node, the callback thread (its first report comes before
// the member's), then the membership.
void Node::Impl::startMembership() {
  context.request_shutdown = [this] {
    Log::info("server", "shutdown requested", {{"by", "DELETE /_admin/shutdown"}});
    requestStop();
  };
  context.request_restart = [this](bool upgrade) {
    Log::info("server", "restart requested",
              {{"by", "POST /_admin/restart"}, {"upgrade", upgrade}});
    restart_upgrade.store(upgrade);
    restart.store(true);
    requestStop();
  };
  roles.start();
  roles.note(cluster() ? NodeRole::kUndecided : NodeRole::kSingle, 0, "", "");
  if (!cluster()) return;
  context.on_role_change = [this](const node::cluster::MemberSnapshot& snapshot) {
    roles.note(roleOf(snapshot.mode), snapshot.term, snapshot.leader_id, snapshot.leader_endpoint);
  };
  membership = std::make_unique<node::cluster::Membership>(options, *store, context);
  member = &membership->member();
}

// --- Impl: stop ---------------------------------------------------------------------------

// Stop order (as tandem-node's): the member leaves (a leader hands over while it still serves
// its followers) -> the listener stops (answering what is in flight) -> the agent stops
// (answering what other nodes still wait for) -> membership (member, replication) stops ->
// the agent is destroyed -> the store closes (answering queued writes) -> kStopped.
void Node::Impl::stop() {
  std::lock_guard lifecycle(lifecycle_mutex);
  if (state.load() != State::kRunning) return;
  state.store(State::kStopping);
  if (membership) {
    Log::info("server", "shutting down: leaving the cluster first");
    membership->leave();
  }
  // The agent stops before the server's drain is waited for: requests other nodes still have
  // pending at it (an agency write that can no longer commit while the whole cluster stops)
  // are then answered at once instead of holding the drain for its whole grace period.
  if (server) server->stop();
  if (agent) agent->stop();
  if (server_thread.joinable()) server_thread.join();
  if (membership) membership->stop();
  // The agent writes its log into the store's file: it goes before the store closes.
  context.agency = nullptr;
  agent.reset();
  store->close();
  Log::info("server", "shutdown complete, database closed cleanly");
  {
    std::lock_guard lock(wait_mutex);
    state.store(State::kStopped);
  }
  roles.note(NodeRole::kStopped, 0, "", "");
  roles.finish();
  stopped_cv.notify_all();
}

void Node::Impl::requestStop() {
  {
    std::lock_guard lock(request_mutex);
    const State now = state.load();
    if (now == State::kNew || now == State::kStopped) return;
    if (!stop_requested) {
      stop_requested = true;
      stopper = std::thread([this] { stop(); });
      return;
    }
  }
  // A second request: whatever is still in flight is not waited for.
  if (server) server->stopNow();
}

void Node::Impl::wait() {
  std::unique_lock lock(wait_mutex);
  stopped_cv.wait(lock, [this] {
    const State now = state.load();
    return now == State::kNew || now == State::kStopped;
  });
}

bool Node::Impl::running() const {
  const State now = state.load();
  return now == State::kRunning || now == State::kStopping;
}

NodeRole Node::Impl::role() const {
  const State now = state.load();
  if (now != State::kRunning && now != State::kStopping) return NodeRole::kStopped;
  if (!cluster()) return NodeRole::kSingle;
  return roleOf(member->snapshot().mode);
}

Node::Impl::~Impl() {
  stop();
  {
    std::lock_guard lock(request_mutex);
    stop_requested = true;  // no stopper starts from now on
  }
  if (stopper.joinable()) stopper.join();
  roles.finish();
  membership.reset();
  server.reset();
  router.reset();
  store.reset();
}

// --- Node ---------------------------------------------------------------------------------

Result<std::unique_ptr<Node>> Node::create(NodeOptions options) {
  auto internal = node::fromPublicOptions(options);
  if (!internal) return internal.status();
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*internal));
  return std::unique_ptr<Node>(new Node(std::move(impl)));
}

Node::Node(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Node::~Node() = default;

void Node::onRoleChange(RoleCallback callback) { impl_->roles.setCallback(std::move(callback)); }

Status Node::start() { return impl_->start(); }

void Node::stop() { impl_->stop(); }

void Node::requestStop() { impl_->requestStop(); }

void Node::wait() { impl_->wait(); }

bool Node::restartRequested(bool* upgrade) const {
  if (upgrade != nullptr) *upgrade = impl_->restart_upgrade.load();
  return impl_->restart.load();
}

NodeRole Node::role() const { return impl_->role(); }

// server_id and http_endpoint are written before `state` leaves kNew and never after.
std::string Node::serverId() const {
  return impl_->state.load() == Impl::State::kNew ? "" : impl_->server_id;
}

std::string Node::httpEndpoint() const {
  return impl_->state.load() == Impl::State::kNew ? "" : impl_->http_endpoint;
}

std::string Node::leaderEndpoint() const {
  if (!impl_->running()) return "";
  if (!impl_->cluster()) return impl_->http_endpoint;
  return impl_->member->snapshot().leader_endpoint;
}

}  // namespace tandem
