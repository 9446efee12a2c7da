#include "bench_report.h"

#include <cstdio>
#include <fstream>

#include <boost/json.hpp>

#include "cluster_report.h"
#include "console_report.h"
#include "embedded_report.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;

constexpr double kMinInsertsPerSecond = 15'000;
constexpr double kMinInsertToVersionRatio = 0.50;
constexpr double kMinArrayDocsPerSecond = 150'000;
constexpr double kMaxIdleMiB = 64;
constexpr double kMaxLoadedMiB = 200;
constexpr std::uint64_t kLoadedTargetDocs = 1'000'000;
constexpr double kMaxMedianElectionMs = 1000;
constexpr double kMaxElectionMs = 2000;

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

std::string groupedRate(double rate) { return grouped(static_cast<std::uint64_t>(rate + 0.5)); }

double mib(std::uint64_t kib) { return static_cast<double>(kib) / 1024.0; }

double insertRatio(const BenchReport& r) {
  return r.version.rate > 0.0 ? r.insert.rate / r.version.rate : 0.0;
}

const char* verdictText(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet:
      return "met";
    case Verdict::kNotMet:
      return "NOT MET";
    case Verdict::kReported:
      return "reported";
    case Verdict::kNotApplicable:
      break;
  }
  return "n/a";
}

std::string cores(double value) { return value < 0.0 ? "-" : format("%.2f", value); }

void printPhase(std::ostream& out, const PhaseFigures& p) {
  out << format("%-30s %5zu %10s %6.2f s %11s %-7s %7.2f %7.2f %6s %6s\n", p.label.c_str(),
                p.connections, grouped(p.requests).c_str(), p.seconds, groupedRate(p.rate).c_str(),
                p.unit.c_str(), p.p50_ms, p.p99_ms, cores(p.client_cores).c_str(),
                cores(p.node_cores).c_str());
}

void printMemory(std::ostream& out, const char* when, const MemorySample& m) {
  if (!m.ok) {
    out << format("  %-34s (not available)\n", when);
    return;
  }
  out << format("  %-34s %8.1f MiB %8.1f MiB\n", when, mib(m.rss_kib), mib(m.hwm_kib));
}

json::object phaseJson(const PhaseFigures& p) {
  return {{"label", p.label},
          {"unit", p.unit},
          {"connections", p.connections},
          {"requests", p.requests},
          {"items", p.items},
          {"seconds", p.seconds},
          {"rate", p.rate},
          {"p50_ms", p.p50_ms},
          {"p99_ms", p.p99_ms},
          {"client_cores", p.client_cores},
          {"node_cores", p.node_cores}};
}

json::object memoryJson(const MemorySample& m) {
  return {{"ok", m.ok}, {"vmrss_kib", m.rss_kib}, {"vmhwm_kib", m.hwm_kib}};
}

void printElections(std::ostream& out, const BenchReport& r) {
  out << "\n(f) agency leader SIGKILL -> next committed write, " << r.elections.trials_ms.size()
      << " trials (ms):";
  for (const double ms : r.elections.trials_ms) out << format(" %.0f", ms);
  out << format("\n    median %.0f ms, max %.0f ms\n", r.elections.median_ms, r.elections.max_ms);
}

json::object agencyJson(const BenchReport& r) {
  json::array trials(r.elections.trials_ms.begin(), r.elections.trials_ms.end());
  return {{"ran", r.agency_ran},
          {"agents", AgencyBench::kAgents},
          {"election_ms", std::move(trials)},
          {"election_median_ms", r.elections.median_ms},
          {"election_max_ms", r.elections.max_ms},
          {"shutdown", json::object{{"outcome", r.agency_shutdown}, {"ok", r.agency_shutdown_ok}}}};
}

json::object optionsJson(const BenchOptions& o) {
  json::array node_args(o.node_args.begin(), o.node_args.end());
  return {{"node_binary", o.node_binary},
          {"node_args", std::move(node_args)},
          {"connections", o.connections},
          {"batch_connections", o.batch_connections},
          {"batch", o.batch},
          {"docs", o.docs},
          {"doc_size", o.doc_size},
          {"version_duration", o.version_duration},
          {"insert_duration", o.insert_duration},
          {"read_duration", o.read_duration},
          {"warmup", o.warmup},
          {"load_timeout", o.load_timeout},
          {"seed", o.seed},
          {"quick", o.quick},
          {"agency", o.agency},
          {"agency_connections", o.agency_connections},
          {"agency_duration", o.agency_duration},
          {"agency_trials", o.agency_trials},
          {"cluster", o.cluster},
          {"failover_trials", o.failover_trials},
          {"switchover_trials", o.switchover_trials},
          {"sync_docs", o.sync_docs},
          {"console_binary", o.console_binary},
          {"console", o.console},
          {"only_console", o.only_console},
          {"console_runs", o.console_runs},
          {"console_cpu_duration", o.console_cpu_duration},
          {"embedded", o.embedded},
          {"only_embedded", o.only_embedded},
          {"embedded_threads", o.embedded_threads},
          {"embedded_duration", o.embedded_duration},
          {"embedded_docs", o.embedded_docs},
          {"embedded_doc_size", o.embedded_doc_size},
          {"feed_docs", o.feed_docs},
          {"feed_interval_ms", o.feed_interval_ms}};
}

}  // namespace

std::vector<TargetCheck> evaluateTargets(const BenchReport& r) {
  std::vector<TargetCheck> checks;
  checks.push_back({"(b) single-document inserts", ">= 15,000/s", groupedRate(r.insert.rate) + "/s",
                    verdict(true, r.insert.rate >= kMinInsertsPerSecond)});
  checks.push_back({"(b)/(a) ratio", ">= 50 %", format("%.1f %%", insertRatio(r) * 100.0),
                    verdict(true, insertRatio(r) >= kMinInsertToVersionRatio)});
  checks.push_back({"(c) array inserts", ">= 150,000 docs/s",
                    groupedRate(r.array_insert.rate) + " docs/s",
                    verdict(true, r.array_insert.rate >= kMinArrayDocsPerSecond)});
  checks.push_back({"peak RSS idle", "<= 64 MiB", format("%.1f MiB", mib(r.idle.hwm_kib)),
                    verdict(r.idle.ok, mib(r.idle.hwm_kib) <= kMaxIdleMiB)});
  // The 200 MiB target is defined for a million documents; a smaller load proves nothing.
  const bool full_load = r.after_load.ok && r.loaded >= kLoadedTargetDocs;
  checks.push_back({"peak RSS after " + grouped(r.loaded) + " docs", "<= 200 MiB at 1,000,000",
                    format("%.1f MiB", mib(r.after_load.hwm_kib)),
                    verdict(full_load, mib(r.after_load.hwm_kib) <= kMaxLoadedMiB)});
  const auto ms = [](double value) { return format("%.0f ms", value); };
  checks.push_back({"(f) agency election, median", "<= 1 s",
                    r.agency_ran ? ms(r.elections.median_ms) : "-",
                    verdict(r.agency_ran, r.elections.median_ms <= kMaxMedianElectionMs)});
  checks.push_back({"(f) agency election, max", "<= 2 s",
                    r.agency_ran ? ms(r.elections.max_ms) : "-",
                    verdict(r.agency_ran, r.elections.max_ms <= kMaxElectionMs)});
  for (TargetCheck& check : clusterTargets(r.cluster, r.insert.rate, r.cluster_ran)) {
    checks.push_back(std::move(check));
  }
  for (TargetCheck& check : consoleTargets(r.console, r.console_ran)) {
    checks.push_back(std::move(check));
  }
  for (TargetCheck& check : embeddedTargets(r.embedded, r.embedded_ran)) {
    checks.push_back(std::move(check));
  }
  return checks;
}

void printReport(std::ostream& out, const BenchReport& r) {
  const BenchOptions& o = r.options;
  out << "\ntandem-bench: " << o.node_binary << "\n"
      << "  " << grouped(o.docs) << " documents of ~" << o.doc_size << " bytes, "
      << format("warm-up %.2f s per phase, ", o.warmup) << "one client thread\n";
  if (!o.node_args.empty()) {
    out << "  node arguments:";
    for (const std::string& arg : o.node_args) out << " " << arg;
    out << "\n";
  }
  out << "\n";
  out << format("%-30s %5s %10s %8s %11s %-7s %7s %7s %6s %6s\n", "phase", "conns", "requests",
                "time", "rate", "", "p50 ms", "p99 ms", "client", "node");
  for (const PhaseFigures* p : {&r.version, &r.insert, &r.array_insert, &r.read}) {
    printPhase(out, *p);
  }
  if (r.agency_ran) printPhase(out, r.agency_write);
  out << "(client, node: CPU used during the phase, in cores";
  if (r.agency_ran) out << "; node of (e): the three agents together";
  out << ")\n";
  if (r.agency_ran) printElections(out, r);
  if (r.cluster_ran) printCluster(out, r.cluster, r.insert.rate);
  if (r.console_ran) printConsole(out, r.console);
  if (r.embedded_ran) printEmbedded(out, r.embedded, r.options);
  out << format("\n(b)/(a) = %.1f %%\n", insertRatio(r) * 100.0);
  if (r.loaded < o.docs) {
    out << "load stopped by --load-timeout after " << grouped(r.loaded) << " of " << grouped(o.docs)
        << " documents\n";
  }
  out << format("\nnode memory %-26s %12s %12s\n", "", "VmRSS now", "VmHWM peak");
  printMemory(out, "idle after start", r.idle);
  printMemory(out, ("after loading " + grouped(r.loaded) + " docs").c_str(), r.after_load);
  printMemory(out, "after the read phase", r.end);
  out << "\ntargets\n";
  for (const TargetCheck& t : evaluateTargets(r)) {
    out << format("  %-34s %-24s %-18s %s\n", t.name.c_str(), t.target.c_str(), t.value.c_str(),
                  verdictText(t.verdict));
  }
  out << "\nnode shutdown (SIGTERM): " << r.shutdown << (r.shutdown_ok ? "" : "  <- FAILED")
      << "\n";
  if (r.agency_ran) {
    out << "agent shutdown (SIGTERM): " << r.agency_shutdown
        << (r.agency_shutdown_ok ? "" : "  <- FAILED") << "\n";
  }
  if (r.cluster_ran) {
    out << "cluster shutdown (SIGTERM): " << r.cluster_shutdown
        << (r.cluster_shutdown_ok ? "" : "  <- FAILED") << "\n";
  }
}

void printConsoleReport(std::ostream& out, const BenchReport& r) {
  out << "\ntandem-bench --only-console: " << r.options.console_binary << "\n";
  if (r.console_ran) printConsole(out, r.console);
  out << "\ntargets\n";
  for (const TargetCheck& t : consoleTargets(r.console, r.console_ran)) {
    out << format("  %-34s %-24s %-18s %s\n", t.name.c_str(), t.target.c_str(), t.value.c_str(),
                  verdictText(t.verdict));
  }
}

void printEmbeddedReport(std::ostream& out, const BenchReport& r) {
  out << "\ntandem-bench --only-embedded\n";
  if (r.embedded_ran) printEmbedded(out, r.embedded, r.options);
  out << "\ntargets\n";
  for (const TargetCheck& t : embeddedTargets(r.embedded, r.embedded_ran)) {
    out << format("  %-34s %-24s %-18s %s\n", t.name.c_str(), t.target.c_str(), t.value.c_str(),
                  verdictText(t.verdict));
  }
}

bool writeJson(const std::string& path, const BenchReport& r, std::string* error) {
  json::array targets;
  const std::vector<TargetCheck> checks =
      r.options.only_console    ? consoleTargets(r.console, r.console_ran)
      : r.options.only_embedded ? embeddedTargets(r.embedded, r.embedded_ran)
                                : evaluateTargets(r);
  for (const TargetCheck& t : checks) {
    targets.push_back(json::object{{"name", t.name},
                                   {"target", t.target},
                                   {"value", t.value},
                                   {"verdict", verdictText(t.verdict)}});
  }
  json::object phases{{"version", phaseJson(r.version)},
                      {"insert", phaseJson(r.insert)},
                      {"array_insert", phaseJson(r.array_insert)},
                      {"read", phaseJson(r.read)}};
  if (r.agency_ran) phases["agency_write"] = phaseJson(r.agency_write);
  json::object document{{"options", optionsJson(r.options)},
                        {"phases", phases},
                        {"insert_to_version_ratio", insertRatio(r)},
                        {"loaded_documents", r.loaded},
                        {"memory", json::object{{"idle", memoryJson(r.idle)},
                                                {"after_load", memoryJson(r.after_load)},
                                                {"end", memoryJson(r.end)}}},
                        {"agency", agencyJson(r)},
                        {"cluster", clusterJson(r.cluster, r.insert.rate, r.cluster_ran)},
                        {"console", consoleJson(r.console, r.console_ran)},
                        {"embedded", embeddedJson(r.embedded, r.embedded_ran)},
                        {"targets", std::move(targets)},
                        {"shutdown", json::object{{"outcome", r.shutdown}, {"ok", r.shutdown_ok}}}};
  if (r.options.only_console) {  // no single-node, agency or cluster figures were measured
    json::object console_only{{"options", optionsJson(r.options)},
                              {"console", consoleJson(r.console, r.console_ran)},
                              {"targets", document["targets"]}};
    document = std::move(console_only);
  } else if (r.options.only_embedded) {  // no node, agency, cluster or console figures
    json::object embedded_only{{"options", optionsJson(r.options)},
                               {"embedded", embeddedJson(r.embedded, r.embedded_ran)},
                               {"targets", document["targets"]}};
    document = std::move(embedded_only);
  }
  std::ofstream file(path, std::ios::trunc);
  file << json::serialize(document) << "\n";
  if (!file) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace tandem::bench
