// ClusterBench: the active-failover phases of tandem-bench, on a local three-node cluster of its
// own (each node an agent and a data node, ports picked free in advance, a NodeRunner each).
//
//   (g) cluster inserts   single-document inserts to the leader, `connections` connections,
//                         timed; compared with (b) on a single node
//   (h) replication lag   under a paced load of half (g)'s rate: a probe insert every 20 ms,
//                         then the time until each follower's /_api/wal/lastTick reaches the
//                         leader's tick read right after the probe's acknowledgement; p50/p99
//   (i) failover          `failover_trials` times: SIGKILL the leader; a client that asks the
//                         survivors' /_api/cluster/endpoints and inserts there until one insert
//                         is acknowledged; the time from the kill; then the killed node is
//                         restarted and the next trial waits until it is in sync
//   (j) switchover        `switchover_trials` switchovers to a follower under the paced load;
//                         the writePauseMs each reports
//   (k) initial sync      `sync_docs` documents loaded on the leader, then a fourth node (data
//                         only) started empty: documents / seconds until its last tick equals
//                         the leader's
//
// Wrong answers, a node that dies unasked, no leader within a minute throw BenchFailure.
// Thread-safety: use from one thread (the paced load runs on a thread of its own).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench_options.h"
#include "bench_phases.h"
#include "node_runner.h"

namespace tandem::bench {

struct ClusterFigures {
  PhaseFigures insert;         // (g)
  double lag_load_rate = 0.0;  // (h) inserts/s of the paced background load
  std::vector<double> lag_ms;  // (h) one per probe and follower
  double lag_p50_ms = 0.0;
  double lag_p99_ms = 0.0;
  std::vector<double> failover_ms;  // (i) per trial
  double failover_median_ms = 0.0;
  double failover_max_ms = 0.0;
  std::vector<double> switchover_pause_ms;  // (j) writePauseMs per switchover
  double switchover_pause_median_ms = 0.0;
  std::uint64_t sync_docs = 0;  // (k)
  double sync_seconds = 0.0;
  double sync_rate = 0.0;  // documents per second
};

class ClusterBench {
 public:
  static constexpr std::size_t kNodes = 3;

  explicit ClusterBench(const BenchOptions& options);
  ~ClusterBench();
  ClusterBench(const ClusterBench&) = delete;
  ClusterBench& operator=(const ClusterBench&) = delete;

  void start();                                            // the three nodes, until a leader serves
  PhaseFigures inserts();                                  // (g)
  void lag(double single_rate, ClusterFigures& figures);   // (h); single_rate: (g)'s rate
  void failovers(ClusterFigures& figures);                 // (i)
  void switchovers(double rate, ClusterFigures& figures);  // (j)
  void initialSync(ClusterFigures& figures);               // (k)
  // SIGTERM to every node; true if each exited 0.
  bool stop(std::string* outcome);

  double cpuSeconds() const;  // all nodes together; negative if unreadable
  std::string logTails(std::size_t lines) const;
  std::string directories() const;

 private:
  std::vector<std::string> argsFor(std::size_t index, bool agent) const;
  // The index of the serving leader (endpoints first entry + availability 200); waits up to a
  // minute, skipping `not_index`.
  std::size_t waitForLeader(std::size_t not_index);
  std::uint64_t lastTick(std::size_t index) const;
  void waitInSync(std::size_t follower, std::size_t leader);
  std::string serverId(std::size_t index) const;
  double timeFailover(std::size_t trial);

  const BenchOptions& options_;
  std::vector<std::uint16_t> ports_;  // kNodes + 1: the last for the node of (k)
  std::vector<std::unique_ptr<NodeRunner>> nodes_;
  std::size_t leader_ = 0;
  std::uint64_t next_key_ = 0;
};

}  // namespace tandem::bench
