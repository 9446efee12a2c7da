// BenchPhases: the measured phases of tandem-bench against one running node.
//
//   (a) GET /_api/version             HTTP ceiling, `connections` connections, timed
//   (b) POST /_api/document/<c>       one ~200-byte document a request, timed
//   (c) POST /_api/document/<c> [..]  `batch` documents a request until `docs` are stored
//   (d) GET /_api/document/<c>/<key>  random keys among the documents stored by (c), timed
//
// Every answer is checked (status, and the keys the node reports back); inserts are checked
// again at the end of the phase against the collection's count. A node that answers wrongly,
// not at all, or with a non-2xx status makes the phase throw BenchFailure.
//
// Thread-safety: use from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "bench_options.h"
#include "load_client.h"

namespace tandem::bench {

// The node misbehaved: an error, a wrong or non-2xx answer, a lost document.
class BenchFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PhaseFigures {
  std::string name;   // short id: "version", "insert", "array_insert", "read"
  std::string label;  // for the table, e.g. "(a) GET /_api/version"
  std::string unit;   // of `rate`, e.g. "req/s"
  std::size_t connections = 0;
  std::uint64_t requests = 0;  // measured (after warm-up)
  std::uint64_t items = 0;     // documents (or requests) of the measured requests
  double seconds = 0.0;        // measured window
  double rate = 0.0;           // items per second
  double p50_ms = 0.0;
  double p99_ms = 0.0;
  // CPU used during the whole phase (warm-up included), in cores: 1.0 = one core busy.
  // Negative when not measured.
  double client_cores = -1.0;
  double node_cores = -1.0;
};

// The figures of a finished phase: rate over the measured window, p50/p99 latency by rank.
PhaseFigures figuresOf(PhaseResult& result, const std::string& name, const std::string& label,
                       const std::string& unit, std::size_t connections);

class BenchPhases {
 public:
  BenchPhases(const LoadClient& client, const BenchOptions& options);

  // Checks that the node answers GET /_api/version correctly.
  void checkReady();
  // Creates the collections the phases write to.
  void createCollections();

  PhaseFigures versionCeiling();  // (a)
  PhaseFigures singleInserts();   // (b)
  PhaseFigures arrayLoad();       // (c): loads options.docs documents
  PhaseFigures pointReads();      // (d): needs arrayLoad() first

  // Documents stored by arrayLoad(): options.docs unless --load-timeout cut the load short.
  std::uint64_t loaded() const { return loaded_; }

 private:
  void createCollection(const std::string& name);
  void expectCount(const std::string& collection, std::uint64_t expected);
  PhaseResult runChecked(const std::string& phase, const PhaseLimits& limits,
                         const RequestSource& source, const ResponseCheck& check);

  const LoadClient& client_;
  const BenchOptions& options_;
  std::uint64_t loaded_ = 0;
};

}  // namespace tandem::bench
