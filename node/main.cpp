// tandem-node: parses its options and runs one tandem::Node (node/include/tandem/node.h).
//
//   options -> (auto-upgrade and exit) | block SIGTERM/SIGINT -> create + start the Node
//   -> ENDPOINT file -> wait for a signal (the first stops the Node, a second closes its
//   connections at once) or for the Node to stop itself (DELETE /_admin/shutdown,
//   POST /_admin/restart) -> stop -> remove ENDPOINT -> exit 0, or re-execute (restart.h)
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

#include "local_cluster.h"
#include "log.h"
#include "node_options.h"
#include "restart.h"
#include "tandem/node.h"
#include "tandem/store.h"
#include "tandem/version.h"

namespace {

using tandem::node::Log;
using tandem::node::NodeOptions;

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
  tandem::StoreOptions store;
  store.directory = options.database_directory;
  store.sync = options.sync;
  auto report = tandem::Store::upgrade(store);
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

sigset_t shutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

const char* signalName(int signal) {
  return signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal";
}

// SIGTERM and SIGINT stay blocked in every thread (the Node's threads inherit the mask from
// main) and this thread takes them with sigwait: the first asks the Node to stop, a second
// closes its connections at once. A signal during start-up waits until the Node runs.
class SignalWaiter {
 public:
  explicit SignalWaiter(tandem::Node& node) : node_(node), thread_([this] { run(); }) {}
  ~SignalWaiter() {
    exiting_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  void run() {
    const sigset_t set = shutdownSignals();
    int signal = 0;
    bool first = true;
    while (sigwait(&set, &signal) == 0 && !exiting_) {
      if (first) {
        Log::info("server", "received signal, shutting down", {{"signal", signalName(signal)}});
      } else {
        Log::warn("server", "received another signal, closing all connections now",
                  {{"signal", signalName(signal)}});
      }
      first = false;
      node_.requestStop();
    }
  }

  tandem::Node& node_;
  std::atomic<bool> exiting_{false};
  std::thread thread_;
};

int runNode(const NodeOptions& options) {
  const sigset_t signals = shutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto node = tandem::Node::create(tandem::node::toPublicOptions(options));
  if (!node) {
    Log::error("startup", node.status().message());
    return 2;
  }
  if (tandem::Status started = (*node)->start(); !started) return 1;
  SignalWaiter signal_waiter(**node);
  int exit_code = 0;
  if (!writeEndpointFile(options, (*node)->httpEndpoint())) {
    exit_code = 1;
    (*node)->stop();
  }
  (*node)->wait();
  (*node)->stop();
  std::error_code ignored;
  std::filesystem::remove(endpointFile(options), ignored);
  bool upgrade = false;
  if ((*node)->restartRequested(&upgrade)) tandem::node::requestRestart(upgrade);
  return exit_code;
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
