#include "console_report.h"

#include <cstdio>
#include <string>

#include <boost/json.hpp>

#include "bench_report.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;

constexpr double kMaxRenderMedianMs = 1000;
constexpr double kMaxCpuPercent = 5.0;

}  // namespace

std::vector<TargetCheck> consoleTargets(const ConsoleFigures& f, bool ran) {
  const bool rendered = ran && !f.render_ms.empty();
  const bool polled = ran && f.cpu_percent >= 0.0;
  return {
      {"(l) console first render, median", "<= 1 s",
       rendered ? format("%.0f ms", f.render_median_ms) : "-",
       verdict(rendered, f.render_median_ms <= kMaxRenderMedianMs)},
      {"(m) console CPU polling 5 nodes", "<= 5 % of a core",
       polled ? format("%.2f %%", f.cpu_percent) : "-",
       verdict(polled, f.cpu_percent <= kMaxCpuPercent)},
  };
}

void printConsole(std::ostream& out, const ConsoleFigures& f) {
  out << "\ntandem-console (offscreen, TANDEM_CONSOLE_BENCH), against tandem-node local-cluster\n";
  out << "  (l) start -> first full render, " << f.render_nodes << " nodes, " << f.render_ms.size()
      << " starts (ms):";
  for (const double ms : f.render_ms) out << format(" %.0f", ms);
  out << format("\n      median %.0f ms, ", f.render_median_ms)
      << format("max %.0f ms\n", f.render_max_ms);
  if (f.cpu_percent < 0.0) return;
  out << "  (m) polling " << f.cpu_nodes << " nodes at 1 Hz for "
      << format("%.1f s: ", f.cpu_window_seconds)
      << format("console %.2f %% of one core", f.cpu_percent);
  if (f.nodes_cpu_percent >= 0.0) out << format(" (the nodes %.1f %%)", f.nodes_cpu_percent);
  if (f.console_memory.ok) {
    out << format(", console peak RSS %.1f MiB",
                  static_cast<double>(f.console_memory.hwm_kib) / 1024.0);
  }
  out << "\n";
}

json::object consoleJson(const ConsoleFigures& f, bool ran) {
  return {{"ran", ran},
          {"render_nodes", f.render_nodes},
          {"render_ms", json::array(f.render_ms.begin(), f.render_ms.end())},
          {"render_median_ms", f.render_median_ms},
          {"render_max_ms", f.render_max_ms},
          {"cpu_nodes", f.cpu_nodes},
          {"cpu_seconds", f.cpu_window_seconds},
          {"cpu_percent", f.cpu_percent},
          {"nodes_cpu_percent", f.nodes_cpu_percent},
          {"console_vmhwm_kib", f.console_memory.hwm_kib}};
}

}  // namespace tandem::bench
