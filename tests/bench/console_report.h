// The tandem-console figures of tandem-bench (ConsoleBench): their targets, their lines in the
// printed report and their JSON object. Kept apart from bench_report.cpp, which calls these.
//
// Targets (met / not met; a missed target never fails the run):
//   (l) console start -> first full render, median <= 1 s
//   (m) console CPU while polling 5 nodes at 1 Hz <= 5 % of one core
#pragma once

#include <ostream>
#include <vector>

#include <boost/json/object.hpp>

#include "console_bench.h"

namespace tandem::bench {

struct TargetCheck;

// `ran`: false with --no-console or after a failure (every verdict is then n/a).
std::vector<TargetCheck> consoleTargets(const ConsoleFigures& figures, bool ran);
void printConsole(std::ostream& out, const ConsoleFigures& figures);
boost::json::object consoleJson(const ConsoleFigures& figures, bool ran);

}  // namespace tandem::bench
