// BenchReport: the figures of one tandem-bench run, the targets they are held against, and
// their two renderings: a table for people and a JSON file for tools.
//
// Targets (reported as met / not met; a missed target never fails the run):
//   (b) >= 15,000 inserts/s, and (b) >= 50 % of (a)
//   (c) >= 150,000 documents/s
//   node peak RSS (VmHWM) <= 64 MiB idle, <= 200 MiB after loading 1,000,000 documents
//   (f) agency leader SIGKILL -> next committed write: median <= 1 s, max <= 2 s
//   (g)-(k) active failover: see cluster_report.h
//   (l), (m) the console: see console_report.h
//   (n)-(p) the in-process Store: see embedded_report.h
#pragma once

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "agency_bench.h"
#include "bench_options.h"
#include "bench_phases.h"
#include "cluster_bench.h"
#include "console_bench.h"
#include "embedded_bench.h"
#include "node_runner.h"

namespace tandem::bench {

struct BenchReport {
  BenchOptions options;
  PhaseFigures version;       // (a)
  PhaseFigures insert;        // (b)
  PhaseFigures array_insert;  // (c)
  PhaseFigures read;          // (d)
  std::uint64_t loaded = 0;   // documents stored by (c)
  MemorySample idle;          // after start, before any load
  MemorySample after_load;    // right after (c)
  MemorySample end;           // after (d)
  std::string shutdown;       // how the node ended after SIGTERM
  bool shutdown_ok = false;   // exit code 0
  // The agency, on three agents of its own (absent with --no-agency or when it failed).
  bool agency_ran = false;
  PhaseFigures agency_write;        // (e)
  ElectionFigures elections;        // (f)
  std::string agency_shutdown;      // how the agents ended after SIGTERM
  bool agency_shutdown_ok = false;  // each exited 0
  // Active failover, on a 3-node cluster of its own (absent with --no-cluster or on failure).
  bool cluster_ran = false;
  ClusterFigures cluster;            // (g)-(k)
  std::string cluster_shutdown;      // how the nodes ended after SIGTERM
  bool cluster_shutdown_ok = false;  // each exited 0
  // The console against local clusters of its own (absent with --no-console or on failure).
  bool console_ran = false;
  ConsoleFigures console;  // (l), (m)
  // The in-process Store (absent with --no-embedded or on failure).
  bool embedded_ran = false;
  EmbeddedFigures embedded;  // (n)-(p)
};

// kReported: a figure without a target, listed with the targets so that all show in one place.
enum class Verdict { kMet, kNotMet, kNotApplicable, kReported };

// kNotApplicable when the phase did not run, else whether the figure met its target.
inline Verdict verdict(bool ran, bool met) {
  if (!ran) return Verdict::kNotApplicable;
  return met ? Verdict::kMet : Verdict::kNotMet;
}

// printf into a std::string, for the report lines (at most 255 characters).
template <typename... Args>
std::string format(const char* pattern, Args... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

struct TargetCheck {
  std::string name;    // what is measured
  std::string target;  // e.g. ">= 15,000/s"
  std::string value;   // the measured figure, formatted
  Verdict verdict = Verdict::kNotApplicable;
};

std::vector<TargetCheck> evaluateTargets(const BenchReport& report);

void printReport(std::ostream& out, const BenchReport& report);
// With --only-console: the console figures and their targets alone.
void printConsoleReport(std::ostream& out, const BenchReport& report);
// With --only-embedded: the in-process Store figures and their targets alone.
void printEmbeddedReport(std::ostream& out, const BenchReport& report);

// Writes the figures, memory samples and target verdicts as one JSON object.
bool writeJson(const std::string& path, const BenchReport& report, std::string* error);

}  // namespace tandem::bench
