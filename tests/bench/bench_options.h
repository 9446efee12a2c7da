// BenchOptions: the command line of tandem-bench (Boost.Program_options).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tandem::bench {

struct BenchOptions {
  std::string node_binary;             // tandem-node to start
  std::vector<std::string> node_args;  // extra arguments for it
  std::size_t connections = 64;        // phases (a), (b), (d)
  std::size_t batch_connections = 4;   // phase (c)
  std::size_t batch = 1000;            // documents per array insert
  std::uint64_t docs = 1'000'000;      // documents loaded by phase (c)
  std::size_t doc_size = 200;          // approximate bytes of one JSON document
  double version_duration = 5.0;       // measured seconds of (a), (b), (d)
  double insert_duration = 5.0;
  double read_duration = 5.0;
  double warmup = 1.0;                    // unmeasured seconds before each phase's window
  double load_timeout = 600.0;            // upper bound for loading `docs`
  std::uint64_t seed = 1;                 // for the random keys of (d)
  bool agency = true;                     // run the agency phase (--no-agency skips it)
  std::size_t agency_connections = 32;    // (e) writes to the agency leader
  double agency_duration = 5.0;           // measured seconds of (e)
  std::size_t agency_trials = 10;         // (f) leader kills
  bool cluster = true;                    // the active-failover phases (--no-cluster skips them)
  std::size_t failover_trials = 20;       // (i) leader kills on the 3-node cluster
  std::size_t switchover_trials = 5;      // (j) switchovers under load
  std::uint64_t sync_docs = 1'000'000;    // (k) documents of the initial sync
  std::string console_binary;             // tandem-console for (l), (m)
  bool console = true;                    // the console phases (--no-console skips them)
  bool only_console = false;              // --only-console: nothing but (l), (m)
  std::size_t console_runs = 5;           // (l) console starts
  double console_cpu_duration = 60.0;     // (m) measured seconds of polling
  bool embedded = true;                   // the in-process Store phases (--no-embedded skips them)
  bool only_embedded = false;             // --only-embedded: nothing but (n), (o), (p)
  std::size_t embedded_threads = 8;       // (n) writer threads (and a 1-thread reference run)
  double embedded_duration = 5.0;         // (n) measured seconds of each run
  std::uint64_t embedded_docs = 100'000;  // (o) documents, Store and raw SQLite each
  std::size_t embedded_doc_size = 100;    // (o) approximate bytes of one document
  std::uint64_t feed_docs = 2000;         // (p) documents written while the feed runs
  double feed_interval_ms = 1.0;          // (p) pace of those writes
  bool quick = false;
  bool keep_data = false;
  std::string json_path;  // also write the figures here when set
};

// Parses the command line. Returns the options, or nullopt with `exit_code` set: 0 after
// --help, 2 after a usage error (both already printed).
std::optional<BenchOptions> parseOptions(int argc, char** argv, int* exit_code);

}  // namespace tandem::bench
