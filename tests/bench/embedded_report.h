// The in-process Store figures of tandem-bench (EmbeddedBench): their targets, their lines in
// the printed report and their JSON object. Kept apart from bench_report.cpp, which calls these.
//
// Targets (met / not met; a missed target never fails the run):
//   (o) Store::insertMany docs/s >= 50 % of raw SQLite inserts of the same rows
// (n) durable writes/s and (p) change-feed latency have no target in issue #6: they are listed
// with the targets as "reported", so the table shows them in one place.
#pragma once

#include <ostream>
#include <vector>

#include <boost/json/object.hpp>

#include "bench_options.h"
#include "embedded_bench.h"

namespace tandem::bench {

struct TargetCheck;

// `ran`: false with --no-embedded or after a failure (every verdict is then n/a).
std::vector<TargetCheck> embeddedTargets(const EmbeddedFigures& figures, bool ran);
void printEmbedded(std::ostream& out, const EmbeddedFigures& figures, const BenchOptions& options);
boost::json::object embeddedJson(const EmbeddedFigures& figures, bool ran);

}  // namespace tandem::bench
