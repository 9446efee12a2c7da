// The active-failover figures of tandem-bench (ClusterBench): their targets, their lines in the
// printed report and their JSON object. Kept apart from bench_report.cpp, which calls these.
//
// Targets (met / not met; a missed target never fails the run):
//   (g)/(b) cluster inserts >= 0.7 of single-node inserts
//   (h) replication lag p99 <= 20 ms
//   (i) failover median <= 1.5 s, max <= 2.5 s
//   (j) switchover write pause median <= 100 ms
//   (k) initial sync >= 100,000 docs/s
#pragma once

#include <ostream>
#include <vector>

#include <boost/json/object.hpp>

#include "cluster_bench.h"

namespace tandem::bench {

struct TargetCheck;

// `single_rate`: (b)'s inserts/s; `ran`: false with --no-cluster or after a failure (every
// verdict is then n/a).
std::vector<TargetCheck> clusterTargets(const ClusterFigures& figures, double single_rate,
                                        bool ran);
void printCluster(std::ostream& out, const ClusterFigures& figures, double single_rate);
boost::json::object clusterJson(const ClusterFigures& figures, double single_rate, bool ran);

}  // namespace tandem::bench
