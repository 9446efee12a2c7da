// tandem-bench: starts a fresh tandem-node, measures it, stops it; then (unless --no-embedded)
// measures tandem::Store in this process; then (unless --no-agency) starts three agents and
// measures the agency; then (unless --no-cluster) a 3-node active-failover cluster; then (unless
// --no-console) tandem-console against local clusters; prints the figures and the targets.
// --only-console runs the console phases alone, --only-embedded the in-process ones.
//
// Exit codes: 0 when the nodes answered every request correctly and exited 0 on SIGTERM, whether
// or not the targets were met; 1 when a node misbehaved (error, wrong or non-2xx answer, lost
// document, crash, unclean exit, an agency that elects no leader; the in-process Store failing a
// write or losing one) or the report could not be written; 2 on a usage error.
#include <linux/magic.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/vfs.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "agency_bench.h"
#include "bench_options.h"
#include "bench_phases.h"
#include "bench_report.h"
#include "cluster_bench.h"
#include "console_bench.h"
#include "embedded_bench.h"
#include "load_client.h"
#include "node_runner.h"

namespace tandem::bench {
namespace {

constexpr double kStartTimeoutSeconds = 30.0;
constexpr double kStopTimeoutSeconds = 60.0;
constexpr std::size_t kLogTailLines = 40;
// Lets allocations made while starting settle before the idle sample.
constexpr auto kIdleSettle = std::chrono::milliseconds(300);

void progress(const std::string& text) { std::cerr << "[tandem-bench] " << text << std::endl; }

void progressPhase(const PhaseFigures& p) {
  progress(p.label + ": " + std::to_string(static_cast<long long>(p.rate)) + " " + p.unit +
           " over " + std::to_string(p.requests) + " requests");
}

// Durable commits on tmpfs cost nothing: such insert figures would flatter the node.
void warnIfTmpfs(const std::filesystem::path& directory) {
  struct statfs info {};
  if (::statfs(directory.c_str(), &info) == 0 && info.f_type == TMPFS_MAGIC) {
    progress("WARNING: " + directory.string() +
             " is on tmpfs, so fsync is free and insert figures are not representative; "
             "set TMPDIR to a directory on disk");
  }
}

void reportFailure(const std::string& what, NodeRunner& node) {
  std::cerr << "\ntandem-bench: the node misbehaved: " << what << "\n";
  std::string how;
  if (!node.running(&how)) std::cerr << "tandem-node has ended: " << how << "\n";
  std::cerr << "last lines of the node's log (all of it stays in the data directory with "
               "--keep-data):\n"
            << node.logTail(kLogTailLines);
}

double clientCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs one phase and records how busy the client and the nodes were meanwhile: a client near one
// core means the figure measures the client, not the node. `Nodes` is a NodeRunner or the
// AgencyBench (all three agents together).
template <typename Nodes, typename Phase>
PhaseFigures withCpu(const Nodes& node, Phase phase) {
  const auto start = std::chrono::steady_clock::now();
  const double client_before = clientCpuSeconds();
  const double node_before = node.cpuSeconds();
  PhaseFigures figures = phase();
  const double node_after = node.cpuSeconds();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (wall <= 0.0) return figures;
  figures.client_cores = (clientCpuSeconds() - client_before) / wall;
  if (node_before >= 0.0 && node_after >= 0.0) {
    figures.node_cores = (node_after - node_before) / wall;
  }
  return figures;
}

void runPhases(const BenchOptions& options, BenchPhases& phases, NodeRunner& node,
               BenchReport& report) {
  phases.checkReady();
  std::this_thread::sleep_for(kIdleSettle);
  report.idle = node.memory();
  phases.createCollections();
  progress("(a) GET /_api/version, " + std::to_string(options.connections) + " connections");
  report.version = withCpu(node, [&] { return phases.versionCeiling(); });
  progressPhase(report.version);
  progress("(b) single-document inserts, " + std::to_string(options.connections) + " connections");
  report.insert = withCpu(node, [&] { return phases.singleInserts(); });
  progressPhase(report.insert);
  progress("(c) loading " + std::to_string(options.docs) + " documents, " +
           std::to_string(options.batch) + " per request, " +
           std::to_string(options.batch_connections) + " connections");
  report.array_insert = withCpu(node, [&] { return phases.arrayLoad(); });
  report.loaded = phases.loaded();
  report.after_load = node.memory();
  progressPhase(report.array_insert);
  progress("(d) point reads, " + std::to_string(options.connections) + " connections");
  report.read = withCpu(node, [&] { return phases.pointReads(); });
  report.end = node.memory();
  progressPhase(report.read);
}

void runAgency(const BenchOptions& options, AgencyBench& agency, BenchReport& report) {
  progress("starting " + std::to_string(AgencyBench::kAgents) + " agents");
  agency.start();
  progress("agents in " + agency.directories());
  progress("(e) agency writes, " + std::to_string(options.agency_connections) +
           " connections to the leader");
  report.agency_write = withCpu(agency, [&] { return agency.writes(); });
  progressPhase(report.agency_write);
  progress("(f) " + std::to_string(options.agency_trials) +
           " agency leader kills, each followed by a restart");
  report.elections = agency.elections();
  progress("(f) median " + std::to_string(static_cast<long long>(report.elections.median_ms)) +
           " ms, max " + std::to_string(static_cast<long long>(report.elections.max_ms)) + " ms");
  report.agency_ran = true;
}

// The agency phase on three agents of its own, after the single node has stopped (so the two
// never compete for the machine). A failure here is reported after the single-node figures.
int measureAgency(const BenchOptions& options, BenchReport& report) {
  AgencyBench agency(options);
  try {
    runAgency(options, agency, report);
  } catch (const BenchFailure& failure) {
    report.agency_ran = false;
    printReport(std::cout, report);
    std::cerr << "\ntandem-bench: the agency misbehaved: " << failure.what() << "\n"
              << "last lines of the agents' logs (kept with --keep-data):\n"
              << agency.logTails(kLogTailLines);
    agency.stop(&report.agency_shutdown);
    return 1;
  }
  report.agency_shutdown_ok = agency.stop(&report.agency_shutdown);
  if (!report.agency_shutdown_ok) {
    std::cerr << "tandem-bench: unclean agent shutdown: " << report.agency_shutdown << "\n"
              << agency.logTails(kLogTailLines);
  }
  if (options.keep_data) std::cout << "agency data kept in " << agency.directories() << "\n";
  return report.agency_shutdown_ok ? 0 : 1;
}

void runCluster(const BenchOptions& options, ClusterBench& cluster, BenchReport& report) {
  progress("starting a 3-node cluster (each node an agent and a data node)");
  cluster.start();
  progress("cluster nodes in " + cluster.directories());
  progress("(g) single-document inserts to the cluster leader");
  report.cluster.insert = withCpu(cluster, [&] { return cluster.inserts(); });
  progressPhase(report.cluster.insert);
  progress("(h) replication lag under half of (g)'s rate");
  cluster.lag(report.cluster.insert.rate, report.cluster);
  progress("(i) " + std::to_string(options.failover_trials) + " leader kills");
  cluster.failovers(report.cluster);
  progress("(j) " + std::to_string(options.switchover_trials) + " switchovers under load");
  cluster.switchovers(report.cluster.insert.rate, report.cluster);
  progress("(k) initial sync of " + std::to_string(options.sync_docs) + " documents");
  cluster.initialSync(report.cluster);
  report.cluster_ran = true;
}

// The active-failover phases on a cluster of their own, after the agency phase.
int measureCluster(const BenchOptions& options, BenchReport& report) {
  ClusterBench cluster(options);
  try {
    runCluster(options, cluster, report);
  } catch (const BenchFailure& failure) {
    report.cluster_ran = false;
    printReport(std::cout, report);
    std::cerr << "\ntandem-bench: the cluster misbehaved: " << failure.what() << "\n"
              << "last lines of the nodes' logs (kept with --keep-data):\n"
              << cluster.logTails(kLogTailLines);
    cluster.stop(&report.cluster_shutdown);
    return 1;
  }
  report.cluster_shutdown_ok = cluster.stop(&report.cluster_shutdown);
  if (!report.cluster_shutdown_ok) {
    std::cerr << "tandem-bench: unclean cluster shutdown: " << report.cluster_shutdown << "\n"
              << cluster.logTails(kLogTailLines);
  }
  if (options.keep_data) std::cout << "cluster data kept in " << cluster.directories() << "\n";
  return report.cluster_shutdown_ok ? 0 : 1;
}

void runConsole(const BenchOptions& options, ConsoleBench& console, BenchReport& report) {
  progress("(l) " + std::to_string(options.console_runs) +
           " console starts to the first full render, 3-node local cluster");
  console.firstRender(report.console);
  progress("(l) median " + std::to_string(static_cast<long long>(report.console.render_median_ms)) +
           " ms");
  progress("(m) console CPU while polling a 5-node local cluster for " +
           std::to_string(static_cast<long long>(options.console_cpu_duration)) + " s");
  console.pollingCpu(report.console);
  report.console_ran = true;
}

// The console phases on local clusters of their own, after everything else. A failure here is
// reported after the earlier figures.
int measureConsole(const BenchOptions& options, BenchReport& report) {
  try {
    ConsoleBench console(options);
    try {
      runConsole(options, console, report);
    } catch (const BenchFailure& failure) {
      report.console_ran = false;
      options.only_console ? printConsoleReport(std::cout, report) : printReport(std::cout, report);
      std::cerr << "\ntandem-bench: the console phase failed: " << failure.what() << "\n"
                << "last lines of the cluster's output and the console's stderr (all kept in "
                << console.directory().string() << " with --keep-data):\n"
                << console.logTails(kLogTailLines);
      std::string outcome;
      console.stop(&outcome);
      return 1;
    }
    if (options.keep_data)
      std::cout << "console data kept in " << console.directory().string() << "\n";
  } catch (const BenchFailure& failure) {  // the temporary directory could not be made
    std::cerr << "tandem-bench: " << failure.what() << "\n";
    return 1;
  }
  return 0;
}

int runConsoleOnly(const BenchOptions& options) {
  BenchReport report;
  report.options = options;
  if (measureConsole(options, report) != 0) return 1;
  printConsoleReport(std::cout, report);
  std::string error;
  if (!options.json_path.empty() && !writeJson(options.json_path, report, &error)) {
    std::cerr << "tandem-bench: " << error << "\n";
    return 1;
  }
  return 0;
}

void runEmbedded(const BenchOptions& options, EmbeddedBench& embedded, BenchReport& report) {
  progress("in-process Store phases, data in " + embedded.directory().string());
  warnIfTmpfs(embedded.directory());
  progress("(n) durable single-document writes through Store, " +
           std::to_string(options.embedded_threads) + " threads, then 1");
  embedded.durableWrites(report.embedded);
  progress("(n) " + std::to_string(static_cast<long long>(report.embedded.writes.rate)) +
           " writes/s with " + std::to_string(options.embedded_threads) + " threads, " +
           std::to_string(static_cast<long long>(report.embedded.writes_one.rate)) + " with 1");
  progress("(o) " + std::to_string(options.embedded_docs) +
           " documents through Store::insertMany, then into raw SQLite");
  embedded.batchInserts(report.embedded);
  progress("(o) " + std::to_string(static_cast<long long>(report.embedded.batch.store_rate)) +
           " docs/s vs " +
           std::to_string(static_cast<long long>(report.embedded.batch.sqlite_rate)));
  progress("(p) change-feed delivery of " + std::to_string(options.feed_docs) + " inserts");
  embedded.changeFeed(report.embedded);
  report.embedded_ran = true;
}

// The in-process Store phases, in a temporary directory of their own, while no node runs. A
// failure here is reported after the earlier figures.
int measureEmbedded(const BenchOptions& options, BenchReport& report) {
  try {
    EmbeddedBench embedded(options);
    try {
      runEmbedded(options, embedded, report);
    } catch (const BenchFailure& failure) {
      report.embedded_ran = false;
      options.only_embedded ? printEmbeddedReport(std::cout, report)
                            : printReport(std::cout, report);
      std::cerr << "\ntandem-bench: the in-process Store misbehaved: " << failure.what() << "\n"
                << "(its files stay in " << embedded.directory().string() << " with --keep-data)\n";
      return 1;
    }
    if (options.keep_data) {
      std::cout << "in-process Store data kept in " << embedded.directory().string() << "\n";
    }
  } catch (const BenchFailure& failure) {  // the temporary directory could not be made
    std::cerr << "tandem-bench: " << failure.what() << "\n";
    return 1;
  }
  return 0;
}

int runEmbeddedOnly(const BenchOptions& options) {
  BenchReport report;
  report.options = options;
  if (measureEmbedded(options, report) != 0) return 1;
  printEmbeddedReport(std::cout, report);
  std::string error;
  if (!options.json_path.empty() && !writeJson(options.json_path, report, &error)) {
    std::cerr << "tandem-bench: " << error << "\n";
    return 1;
  }
  return 0;
}

int runBenchmark(const BenchOptions& options) {
  if (options.only_console) return runConsoleOnly(options);
  if (options.only_embedded) return runEmbeddedOnly(options);
  NodeRunner node(options.node_binary, options.node_args, options.keep_data);
  std::string error;
  progress("starting " + options.node_binary);
  if (!node.start(kStartTimeoutSeconds, &error)) {
    reportFailure("start failed: " + error, node);
    return 1;
  }
  progress("node pid " + std::to_string(node.pid()) + " on 127.0.0.1:" +
           std::to_string(node.port()) + ", data in " + node.directory().string());
  warnIfTmpfs(node.directory());
  const LoadClient client("127.0.0.1", node.port());
  BenchPhases phases(client, options);
  BenchReport report;
  report.options = options;
  try {
    runPhases(options, phases, node, report);
  } catch (const BenchFailure& failure) {
    reportFailure(failure.what(), node);
    return 1;
  }
  report.shutdown_ok = node.stop(kStopTimeoutSeconds, &report.shutdown);
  if (options.keep_data) std::cout << "data kept in " << node.directory().string() << "\n";
  if (options.embedded && measureEmbedded(options, report) != 0) return 1;
  const int agency_exit = options.agency ? measureAgency(options, report) : 0;
  if (options.agency && !report.agency_ran) return 1;  // reported by measureAgency
  const int cluster_exit = options.cluster ? measureCluster(options, report) : 0;
  if (options.cluster && !report.cluster_ran) return 1;  // reported by measureCluster
  if (options.console && measureConsole(options, report) != 0) return 1;
  printReport(std::cout, report);
  if (!report.shutdown_ok) reportFailure("unclean shutdown: " + report.shutdown, node);
  if (!options.json_path.empty() && !writeJson(options.json_path, report, &error)) {
    std::cerr << "tandem-bench: " << error << "\n";
    return 1;
  }
  return report.shutdown_ok && agency_exit == 0 && cluster_exit == 0 ? 0 : 1;
}

}  // namespace
}  // namespace tandem::bench

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto options = tandem::bench::parseOptions(argc, argv, &exit_code);
  if (!options) return exit_code;
  // A node that dies while we write to it must be reported, not end the benchmark silently.
  ::signal(SIGPIPE, SIG_IGN);
  return tandem::bench::runBenchmark(*options);
}
