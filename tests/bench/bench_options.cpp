#include "bench_options.h"

#include <iostream>

#include <boost/program_options.hpp>

namespace tandem::bench {
namespace {

namespace po = boost::program_options;

// A smoke run: every phase, a few seconds in all.
constexpr std::uint64_t kQuickDocs = 20'000;
constexpr double kQuickDuration = 1.0;
constexpr double kQuickWarmup = 0.25;
constexpr std::size_t kQuickAgencyTrials = 3;
constexpr std::size_t kQuickFailoverTrials = 3;
constexpr std::size_t kQuickSwitchoverTrials = 2;
constexpr std::uint64_t kQuickSyncDocs = 20'000;
constexpr std::size_t kQuickConsoleRuns = 3;
constexpr double kQuickConsoleCpuDuration = 10.0;
constexpr std::uint64_t kQuickEmbeddedDocs = 20'000;
constexpr std::uint64_t kQuickFeedDocs = 500;

po::options_description describeOptions(BenchOptions& o) {
  po::options_description d("tandem-bench: throughput, latency and memory of one tandem-node");
  // clang-format off
  d.add_options()
      ("help,h", "show this help")
      ("node-binary", po::value(&o.node_binary)->default_value(TANDEM_NODE_BINARY),
       "tandem-node executable to start")
      ("node-arg", po::value(&o.node_args)->composing(),
       "extra argument for tandem-node (repeat), e.g. --node-arg=--log.level=warning")
      ("connections", po::value(&o.connections)->default_value(o.connections),
       "keep-alive connections for version, single insert and read phases")
      ("batch-connections", po::value(&o.batch_connections)->default_value(o.batch_connections),
       "connections for the array-insert load")
      ("batch", po::value(&o.batch)->default_value(o.batch), "documents per array insert")
      ("docs", po::value(&o.docs)->default_value(o.docs),
       "documents to load with array inserts before the memory and read figures")
      ("doc-size", po::value(&o.doc_size)->default_value(o.doc_size),
       "approximate size of one JSON document in bytes")
      ("duration", po::value<double>(),
       "measured seconds of each timed phase (default 5; 1 with --quick)")
      ("version-duration", po::value<double>(), "measured seconds of GET /_api/version")
      ("insert-duration", po::value<double>(), "measured seconds of single-document inserts")
      ("read-duration", po::value<double>(), "measured seconds of point reads")
      ("warmup", po::value(&o.warmup)->default_value(o.warmup),
       "unmeasured seconds at the start of every phase")
      ("load-timeout", po::value(&o.load_timeout)->default_value(o.load_timeout),
       "give up loading --docs after this many seconds (reported, not an error)")
      ("seed", po::value(&o.seed)->default_value(o.seed), "seed of the random read keys")
      ("no-agency", "skip the agency phase (three agents: writes, leader elections)")
      ("agency-connections", po::value(&o.agency_connections)->default_value(o.agency_connections),
       "keep-alive connections writing to the agency leader")
      ("agency-duration", po::value<double>(), "measured seconds of agency writes")
      ("agency-trials", po::value(&o.agency_trials)->default_value(o.agency_trials),
       "times the agency leader is killed to measure the election (3 with --quick)")
      ("no-cluster", "skip the active-failover phases (a 3-node cluster: inserts, lag, "
       "failover, switchover, initial sync)")
      ("failover-trials", po::value(&o.failover_trials)->default_value(o.failover_trials),
       "times the cluster leader is killed to measure the failover (3 with --quick)")
      ("switchover-trials", po::value(&o.switchover_trials)->default_value(o.switchover_trials),
       "switchovers under load (2 with --quick)")
      ("sync-docs", po::value(&o.sync_docs)->default_value(o.sync_docs),
       "documents on the leader before a new node's initial sync (20,000 with --quick)")
      ("console-binary", po::value(&o.console_binary)->default_value(TANDEM_CONSOLE_BINARY),
       "tandem-console executable for the console phases")
      ("no-console", "skip the console phases (first render, CPU while polling)")
      ("only-console", "run only the console phases (l) first render and (m) CPU while polling "
       "(about 2 minutes; 30 s with --quick)")
      ("console-runs", po::value(&o.console_runs)->default_value(o.console_runs),
       "console starts timed to the first full render (3 with --quick)")
      ("console-duration", po::value(&o.console_cpu_duration)->default_value(
                               o.console_cpu_duration),
       "seconds of console polling whose CPU is measured (10 with --quick)")
      ("no-embedded", "skip the in-process tandem::Store phases (durable writes, batch inserts "
       "against raw SQLite, change-feed latency)")
      ("only-embedded", "run only the in-process Store phases (n), (o), (p): no node is started "
       "(about 30 s; 10 s with --quick)")
      ("embedded-threads", po::value(&o.embedded_threads)->default_value(o.embedded_threads),
       "(n) threads writing single documents through Store (a 1-thread run follows)")
      ("embedded-duration", po::value<double>(),
       "(n) measured seconds of each durable-write run (default: --duration)")
      ("embedded-docs", po::value(&o.embedded_docs)->default_value(o.embedded_docs),
       "(o) documents inserted through Store::insertMany and into raw SQLite "
       "(20,000 with --quick)")
      ("embedded-doc-size", po::value(&o.embedded_doc_size)->default_value(o.embedded_doc_size),
       "(o) approximate size of one of those documents in bytes")
      ("feed-docs", po::value(&o.feed_docs)->default_value(o.feed_docs),
       "(p) documents written while the change feed is timed (500 with --quick)")
      ("feed-interval-ms", po::value(&o.feed_interval_ms)->default_value(o.feed_interval_ms),
       "(p) milliseconds between those writes; 0: each as soon as the previous is acknowledged")
      ("quick", po::bool_switch(&o.quick), "smoke run: 20,000 documents, 1 s phases")
      ("keep-data", po::bool_switch(&o.keep_data), "keep the node's temporary directory")
      ("json", po::value(&o.json_path), "also write the figures as JSON to this file");
  return d;
}

// --duration sets every phase length the user did not set on its own; --quick shortens
// whatever was left at its default.
void applyDurations(const po::variables_map& vm, BenchOptions& o) {
  const double fallback = vm.count("duration") != 0 ? vm["duration"].as<double>()
                          : o.quick                 ? kQuickDuration
                                                    : o.version_duration;
  o.version_duration = vm.count("version-duration") ? vm["version-duration"].as<double>() : fallback;
  o.insert_duration = vm.count("insert-duration") ? vm["insert-duration"].as<double>() : fallback;
  o.read_duration = vm.count("read-duration") ? vm["read-duration"].as<double>() : fallback;
  o.agency_duration = vm.count("agency-duration") ? vm["agency-duration"].as<double>() : fallback;
  o.embedded_duration =
      vm.count("embedded-duration") ? vm["embedded-duration"].as<double>() : fallback;
  o.embedded = vm.count("no-embedded") == 0;
  o.only_embedded = vm.count("only-embedded") != 0;
  o.agency = vm.count("no-agency") == 0;
  o.cluster = vm.count("no-cluster") == 0;
  o.console = vm.count("no-console") == 0;
  o.only_console = vm.count("only-console") != 0;
  if (o.quick) {
    if (vm["docs"].defaulted()) o.docs = kQuickDocs;
    if (vm["warmup"].defaulted()) o.warmup = kQuickWarmup;
    if (vm["agency-trials"].defaulted()) o.agency_trials = kQuickAgencyTrials;
    if (vm["failover-trials"].defaulted()) o.failover_trials = kQuickFailoverTrials;
    if (vm["switchover-trials"].defaulted()) o.switchover_trials = kQuickSwitchoverTrials;
    if (vm["sync-docs"].defaulted()) o.sync_docs = kQuickSyncDocs;
    if (vm["console-runs"].defaulted()) o.console_runs = kQuickConsoleRuns;
    if (vm["console-duration"].defaulted()) o.console_cpu_duration = kQuickConsoleCpuDuration;
    if (vm["embedded-docs"].defaulted()) o.embedded_docs = kQuickEmbeddedDocs;
    if (vm["feed-docs"].defaulted()) o.feed_docs = kQuickFeedDocs;
  }
}

std::string validate(const BenchOptions& o) {
  if (o.connections == 0 || o.batch_connections == 0 || o.agency_connections == 0) {
    return "connections must be positive";
  }
  if (o.agency_trials == 0) return "--agency-trials must be positive";
  if (o.failover_trials == 0 || o.switchover_trials == 0 || o.sync_docs == 0) {
    return "--failover-trials, --switchover-trials and --sync-docs must be positive";
  }
  if (o.batch == 0) return "--batch must be positive";
  if (o.only_console && !o.console) return "--only-console and --no-console contradict each other";
  if (o.console_runs == 0 || o.console_cpu_duration <= 0) {
    return "--console-runs and --console-duration must be positive";
  }
  if (o.only_embedded && !o.embedded) {
    return "--only-embedded and --no-embedded contradict each other";
  }
  if (o.only_embedded && o.only_console) {
    return "--only-embedded and --only-console contradict each other; run them one after the other";
  }
  if (o.embedded_threads == 0 || o.embedded_docs == 0 || o.feed_docs == 0) {
    return "--embedded-threads, --embedded-docs and --feed-docs must be positive";
  }
  if (o.embedded_doc_size < 32) return "--embedded-doc-size must be at least 32";
  if (o.embedded_duration <= 0 || o.feed_interval_ms < 0) {
    return "--embedded-duration must be positive and --feed-interval-ms not negative";
  }
  if (o.docs == 0) return "--docs must be positive";
  if (o.doc_size < 64) return "--doc-size must be at least 64";
  if (o.version_duration <= 0 || o.insert_duration <= 0 || o.read_duration <= 0 ||
      o.agency_duration <= 0) {
    return "durations must be positive";
  }
  if (o.warmup < 0 || o.load_timeout <= 0) return "--warmup/--load-timeout out of range";
  return {};
}

}  // namespace

std::optional<BenchOptions> parseOptions(int argc, char** argv, int* exit_code) {
  BenchOptions options;
  const po::options_description description = describeOptions(options);
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, description), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "tandem-bench: " << e.what() << "\n(see --help)\n";
    *exit_code = 2;
    return std::nullopt;
  }
  if (vm.count("help") != 0) {
    std::cout << description << "\n";
    *exit_code = 0;
    return std::nullopt;
  }
  applyDurations(vm, options);
  const std::string problem = validate(options);
  if (!problem.empty()) {
    std::cerr << "tandem-bench: " << problem << "\n";
    *exit_code = 2;
    return std::nullopt;
  }
  return options;
}

}  // namespace tandem::bench
