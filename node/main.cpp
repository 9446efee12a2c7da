// tandem-node: wires the parts together and runs until shut down.
//
//   options -> (auto-upgrade and exit) | open the store -> router -> HTTP server -> agent
//   (--agency.activate) -> membership (--cluster.agency-endpoint: replication + member)
//   -> signals -> ENDPOINT file -> run -> [member leaves] -> stop the member, replication,
//   the agent -> close the store -> exit 0
//
// Exit codes: 0 after a clean shutdown, a successful upgrade, --help or --version; 1 when
// the node cannot start (schema too old or too new, directory locked, cannot listen);
// 2 for bad options.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include "cluster/agency_driver.h"
#include "cluster/membership.h"
#include "http/http_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "local_cluster.h"
#include "log.h"
#include "node_options.h"
#include "restart.h"
#include "tandem/store.h"
#include "tandem/version.h"

namespace {

using tandem::node::Log;
using tandem::node::NodeOptions;
using tandem::node::cluster::AgencyDriver;
using tandem::node::cluster::Membership;

tandem::StoreOptions storeOptions(const NodeOptions& options) {
  tandem::StoreOptions store;
  store.directory = options.database_directory;
  store.sync = options.sync;
  return store;
}

tandem::node::HttpServerOptions serverOptions(const NodeOptions& options) {
  tandem::node::HttpServerOptions server;
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

tandem::node::cluster::AgencyDriverOptions agencyOptions(const NodeOptions& options) {
  tandem::node::cluster::AgencyDriverOptions agency;
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

// The agent of --agency.activate, started once the server listens (the others ask it for its
// identity while the agency forms; the server answers as soon as it runs); null without it.
tandem::Result<std::unique_ptr<AgencyDriver>> startAgent(const NodeOptions& options,
                                                         tandem::node::NodeContext& context) {
  if (!options.agency.activate) return std::unique_ptr<AgencyDriver>();
  auto agent = AgencyDriver::open(agencyOptions(options));
  if (!agent) return agent.status();
  context.agency = agent->get();
  context.agency_only = options.agency.only;
  (*agent)->start();
  Log::info("startup", "agent started",
            {{"agent", (*agent)->agentId()},
             {"address", options.agency.my_address.toString()},
             {"size", options.agency.size},
             {"agency_only", options.agency.only}});
  return agent;
}

std::filesystem::path endpointFile(const NodeOptions& options) {
  return std::filesystem::path(options.database_directory) / "ENDPOINT";
}

// Written to a temporary file and renamed into place, so a reader (a test, a script) sees
// either no file or the whole line.
bool writeEndpointFile(const NodeOptions& options, const std::string& endpoint) {
  const std::filesystem::path target = endpointFile(options);
  std::filesystem::path temporary = target;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << endpoint << '\n';
    out.close();
    if (!out) {
      Log::error("startup", "cannot write the endpoint file", {{"path", temporary.string()}});
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    Log::error("startup", "cannot write the endpoint file",
               {{"path", target.string()}, {"error", ec.message()}});
    std::filesystem::remove(temporary, ec);
    return false;
  }
  return true;
}

int runUpgrade(const NodeOptions& options) {
  auto report = tandem::Store::upgrade(storeOptions(options));
  if (!report) {
    Log::error("startup", "database upgrade failed: " + report.status().message(),
               {{"directory", options.database_directory}});
    return 1;
  }
  Log::info("startup", "database upgrade passed",
            {{"from", report->from_version},
             {"to", report->to_version},
             {"directory", options.database_directory}});
  Log::info("startup",
            "the node stays stopped after an upgrade; start it again without "
            "--database.auto-upgrade");
  return 0;
}

// SIGTERM and SIGINT stay blocked from start-up until the server can handle them: a signal
// meanwhile then begins an orderly shutdown as soon as the server runs instead of killing a
// half-open store, and the threads started meanwhile (the store's) inherit the mask and
// never take them.
void setShutdownSignalsBlocked(bool blocked) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nullptr);
}

// A member leaves the cluster before the server stops (a leader hands over while it still
// serves its followers). SIGTERM/SIGINT stay blocked in every thread and this one takes them
// with sigwait: the first makes the member leave, then stops the server; DELETE
// /_admin/shutdown sends it the same signal. Once the member has left, the agent stops too:
// requests other nodes still have pending at it (an agency write that can no longer commit
// while the whole cluster stops) are answered at once instead of holding the server's drain.
class LeavingShutdown {
 public:
  LeavingShutdown(Membership& membership, tandem::node::HttpServer& server, AgencyDriver* agent)
      : membership_(membership), server_(server), agent_(agent), thread_([this] { run(); }) {}
  ~LeavingShutdown() {
    exiting_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }
  void request() { pthread_kill(thread_.native_handle(), SIGTERM); }

 private:
  void run() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    bool left = false;
    int signal = 0;
    while (sigwait(&set, &signal) == 0 && !exiting_) {
      if (!left) {
        Log::info("server", "shutting down: leaving the cluster first", {{"signal", signal}});
        membership_.leave();
        left = true;
      }
      server_.stop();
      if (agent_) agent_->stop();
    }
  }

  Membership& membership_;
  tandem::node::HttpServer& server_;
  AgencyDriver* agent_;  // null without --agency.activate
  std::atomic<bool> exiting_{false};
  std::thread thread_;
};

int serve(const NodeOptions& options, tandem::Store& store) {
  tandem::node::NodeContext context;
  tandem::node::Metrics metrics;
  context.store = &store;
  context.metrics = &metrics;
  tandem::node::Router router(context);
  tandem::node::HttpServer server(serverOptions(options), router, context);
  auto bound = server.listen();
  if (!bound) {
    Log::error("startup", bound.status().message());
    store.close();
    return 1;
  }
  context.endpoint = *bound;
  // Started while the shutdown signals are still blocked, so its thread never takes them.
  auto agent = startAgent(options, context);
  if (!agent) {
    Log::error("startup", "cannot start the agent: " + agent.status().message(),
               {{"directory", options.database_directory}});
    store.close();
    return 1;
  }
  // Started while the shutdown signals are blocked, like the agent.
  std::unique_ptr<Membership> membership;
  std::unique_ptr<LeavingShutdown> leaving;
  if (options.cluster.enabled()) {
    membership = std::make_unique<Membership>(options, store, context);
    leaving = std::make_unique<LeavingShutdown>(*membership, server, agent->get());
    context.request_shutdown = [&leaving] {
      Log::info("server", "shutdown requested", {{"by", "DELETE /_admin/shutdown"}});
      leaving->request();
    };
  } else {
    context.request_shutdown = [&server] {
      Log::info("server", "shutdown requested", {{"by", "DELETE /_admin/shutdown"}});
      server.stop();
    };
    server.stopOnSignals({SIGTERM, SIGINT});
    setShutdownSignalsBlocked(false);
  }
  if (!writeEndpointFile(options, *bound)) {
    leaving.reset();
    membership.reset();
    context.agency = nullptr;
    agent->reset();
    store.close();
    return 1;
  }
  Log::info("server", "listening",
            {{"endpoint", *bound},
             {"io_threads", options.io_threads},
             {"worker_threads", options.server_threads}});
  server.run();
  std::error_code ignored;
  std::filesystem::remove(endpointFile(options), ignored);
  // Stop order: member -> replication -> agent -> store.
  leaving.reset();
  membership.reset();
  // The agent writes its log into the store's file: it stops (answering what it still holds)
  // before the store closes.
  context.agency = nullptr;
  agent->reset();
  // Before the server is destroyed: writes still queued answer into its connections.
  store.close();
  Log::info("server", "shutdown complete, database closed cleanly");
  return 0;
}

int runNode(const NodeOptions& options) {
  setShutdownSignalsBlocked(true);
  auto store = tandem::Store::open(storeOptions(options));
  if (!store) {
    Log::error(
        "startup", store.status().message(),
        {{"directory", options.database_directory}, {"errorNum", store.status().errorNum()}});
    return 1;
  }
  Log::info("startup", "database opened",
            {{"server_id", (*store)->serverId()},
             {"directory", options.database_directory},
             {"schema", (*store)->schemaVersion()},
             {"last_tick", (*store)->lastTick()}});
  return serve(options, **store);
}

}  // namespace

int main(int argc, char* argv[]) {
  // `tandem-node local-cluster ...` supervises child nodes instead of being one (local_cluster.h).
  if (argc > 1 && std::string_view(argv[1]) == "local-cluster") {
    return tandem::node::runLocalCluster(argc, argv);
  }
  // Writes to a connection the peer closed must fail with EPIPE, not kill the process.
  ::signal(SIGPIPE, SIG_IGN);
  const auto outcome = tandem::node::parseNodeOptions(argc, argv);
  if (!outcome.options) {
    std::fputs(outcome.output.c_str(), outcome.exit_code == 0 ? stdout : stderr);
    return outcome.exit_code;
  }
  const NodeOptions& options = *outcome.options;
  Log::setLevel(options.log_level);
  Log::info("startup", "starting tandem-node",
            {{"version", tandem::kTandemVersion},
             {"pid", static_cast<long>(::getpid())},
             {"directory", options.database_directory},
             {"configuration",
              options.configuration_file.empty() ? "none" : options.configuration_file}});
  const int exit_code = options.auto_upgrade ? runUpgrade(options) : runNode(options);
  // Restart in place (POST /_admin/restart, node/restart.h): returns only if no restart is due.
  return tandem::node::execRestartIfRequested(exit_code, argv);
}
