#include "cluster_report.h"

#include <cstdio>
#include <string>

#include <boost/json.hpp>

#include "bench_report.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;

constexpr double kMinClusterInsertRatio = 0.7;
constexpr double kMaxLagP99Ms = 20;
constexpr double kMaxFailoverMedianMs = 1500;
constexpr double kMaxFailoverMs = 2500;
constexpr double kMaxSwitchoverPauseMs = 100;
constexpr double kMinSyncDocsPerSecond = 100'000;

double ratio(const ClusterFigures& f, double single_rate) {
  return single_rate > 0.0 ? f.insert.rate / single_rate : 0.0;
}

void printList(std::ostream& out, const char* title, const std::vector<double>& values) {
  out << title;
  for (const double ms : values) out << format(" %.0f", ms);
  out << "\n";
}

}  // namespace

std::vector<TargetCheck> clusterTargets(const ClusterFigures& f, double single_rate, bool ran) {
  const auto ms = [ran](double value) { return ran ? format("%.1f ms", value) : "-"; };
  const double r = ratio(f, single_rate);
  return {
      {"(g)/(b) cluster insert ratio", ">= 0.70", ran ? format("%.2f", r) : "-",
       verdict(ran, r >= kMinClusterInsertRatio)},
      {"(h) replication lag p99", "<= 20 ms", ms(f.lag_p99_ms),
       verdict(ran && !f.lag_ms.empty(), f.lag_p99_ms <= kMaxLagP99Ms)},
      {"(i) failover, median", "<= 1.5 s", ms(f.failover_median_ms),
       verdict(ran && !f.failover_ms.empty(), f.failover_median_ms <= kMaxFailoverMedianMs)},
      {"(i) failover, max", "<= 2.5 s", ms(f.failover_max_ms),
       verdict(ran && !f.failover_ms.empty(), f.failover_max_ms <= kMaxFailoverMs)},
      {"(j) switchover write pause, median", "<= 100 ms", ms(f.switchover_pause_median_ms),
       verdict(ran && !f.switchover_pause_ms.empty(),
               f.switchover_pause_median_ms <= kMaxSwitchoverPauseMs)},
      {"(k) initial sync", ">= 100,000 docs/s", ran ? format("%.0f docs/s", f.sync_rate) : "-",
       verdict(ran && f.sync_docs > 0, f.sync_rate >= kMinSyncDocsPerSecond)},
  };
}

void printCluster(std::ostream& out, const ClusterFigures& f, double single_rate) {
  out << "\nactive failover, three nodes (each an agent and a data node)\n";
  out << format("  (g) inserts %.0f docs/s", f.insert.rate)
      << format(" (p50 %.2f ms", f.insert.p50_ms) << format(", p99 %.2f ms)", f.insert.p99_ms)
      << format(", %.2f of the single node\n", ratio(f, single_rate));
  out << format("  (h) replication lag under %.0f inserts/s: ", f.lag_load_rate)
      << format("p50 %.1f ms, ", f.lag_p50_ms) << format("p99 %.1f ms over ", f.lag_p99_ms)
      << f.lag_ms.size() << " probes\n";
  printList(out, "  (i) leader SIGKILL -> first acknowledged insert (ms):", f.failover_ms);
  out << format("      median %.0f ms, ", f.failover_median_ms)
      << format("max %.0f ms\n", f.failover_max_ms);
  printList(out, "  (j) switchover write pause (writePauseMs):", f.switchover_pause_ms);
  out << format("      median %.0f ms\n", f.switchover_pause_median_ms);
  out << "  (k) initial sync of " << f.sync_docs << " documents"
      << format(" in %.1f s: ", f.sync_seconds) << format("%.0f docs/s\n", f.sync_rate);
}

json::object clusterJson(const ClusterFigures& f, double single_rate, bool ran) {
  return {{"ran", ran},
          {"insert_rate", f.insert.rate},
          {"insert_ratio", ratio(f, single_rate)},
          {"lag_load_rate", f.lag_load_rate},
          {"lag_p50_ms", f.lag_p50_ms},
          {"lag_p99_ms", f.lag_p99_ms},
          {"lag_probes", f.lag_ms.size()},
          {"failover_ms", json::array(f.failover_ms.begin(), f.failover_ms.end())},
          {"failover_median_ms", f.failover_median_ms},
          {"failover_max_ms", f.failover_max_ms},
          {"switchover_pause_ms",
           json::array(f.switchover_pause_ms.begin(), f.switchover_pause_ms.end())},
          {"switchover_pause_median_ms", f.switchover_pause_median_ms},
          {"sync_docs", f.sync_docs},
          {"sync_seconds", f.sync_seconds},
          {"sync_docs_per_s", f.sync_rate}};
}

}  // namespace tandem::bench
