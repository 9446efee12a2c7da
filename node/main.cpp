// tandem-node: wires the parts together and runs until shut down.
//
//   options -> (auto-upgrade and exit) | open the store -> router -> HTTP server -> agent
//   (--agency.activate) -> signals -> ENDPOINT file -> run -> stop the agent -> close the store
//   -> exit 0
//
// Exit codes: 0 after a clean shutdown, a successful upgrade, --help or --version; 1 when
// the node cannot start (schema too old or too new, directory locked, cannot listen);
// 2 for bad options.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>

#include "cluster/agency_driver.h"
#include "http/http_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "log.h"
#include "node_options.h"
#include "tandem/store.h"
#include "tandem/version.h"

namespace {

using tandem::node::Log;
using tandem::node::NodeOptions;
using tandem::node::cluster::AgencyDriver;

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
  context.request_shutdown = [&server] {
    Log::info("server", "shutdown requested", {{"by", "DELETE /_admin/shutdown"}});
    server.stop();
  };
  server.stopOnSignals({SIGTERM, SIGINT});
  setShutdownSignalsBlocked(false);
  if (!writeEndpointFile(options, *bound)) {
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
  return options.auto_upgrade ? runUpgrade(options) : runNode(options);
}
