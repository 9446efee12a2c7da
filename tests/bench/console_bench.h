// ConsoleBench: the tandem-console phases of tandem-bench, each on a local cluster of its own
// started as `tandem-node local-cluster` (one child supervising the nodes, on consecutive free
// loopback ports, in a temporary directory):
//
//   (l) first render   3 nodes; `console_runs` times: start tandem-console with
//                      QT_QPA_PLATFORM=offscreen TANDEM_CONSOLE_BENCH=quit --endpoint <each>,
//                      time from the fork to its stderr line "tandem-console: first full render"
//                      (the first complete poll round applied to every view and painted); it then
//                      quits by itself; median and max
//   (m) polling CPU    5 nodes; one tandem-console with TANDEM_CONSOLE_BENCH=1 (it keeps running),
//                      polling at 1 Hz; after its first render, its utime + stime over
//                      `console_cpu_duration` seconds (/proc/<pid>/stat) as % of one core; also
//                      the nodes' CPU meanwhile and the console's peak RSS
//
// The console runs with XDG_CONFIG_HOME in the temporary directory, so its recent-endpoint
// settings never touch the user's. A console that does not print the line within 30 s, dies, or
// a cluster that is not ready within 60 s throws BenchFailure.
// Thread-safety: use from one thread.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench_options.h"
#include "node_runner.h"

namespace tandem::bench {

struct ConsoleFigures {
  std::size_t render_nodes = 0;   // (l) cluster size
  std::vector<double> render_ms;  // (l) per start
  double render_median_ms = 0.0;
  double render_max_ms = 0.0;
  std::size_t cpu_nodes = 0;        // (m) cluster size
  double cpu_window_seconds = 0.0;  // (m) wall time measured
  double cpu_percent = -1.0;        // (m) console CPU, % of one core; negative: not measured
  double nodes_cpu_percent = -1.0;  // (m) all nodes together meanwhile, % of one core
  MemorySample console_memory;      // (m) the console at the end of the window
};

class LocalClusterProcess;

class ConsoleBench {
 public:
  explicit ConsoleBench(const BenchOptions& options);
  ~ConsoleBench();
  ConsoleBench(const ConsoleBench&) = delete;
  ConsoleBench& operator=(const ConsoleBench&) = delete;

  void firstRender(ConsoleFigures& figures);  // (l)
  void pollingCpu(ConsoleFigures& figures);   // (m)

  // Stops a cluster still running (after a failure); true if it exited 0.
  bool stop(std::string* outcome);
  // The last lines of the cluster's output and of the last console's stderr.
  std::string logTails(std::size_t lines) const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  void startCluster(std::size_t nodes);
  void stopCluster();

  const BenchOptions& options_;
  std::filesystem::path directory_;  // the run's temporary directory
  std::unique_ptr<LocalClusterProcess> cluster_;
  std::string console_stderr_;  // of the last console started
};

}  // namespace tandem::bench
