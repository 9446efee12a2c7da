// AgencyBench: the agency phases of tandem-bench, on three agents of their own.
//
//   (e) POST /_api/agency/write  one transaction setting a distinct key per request, to the
//                                leader over `agency_connections` keep-alive connections, timed
//   (f) leader elections         `agency_trials` times: SIGKILL the leader and time until a write
//                                through the survivors commits (following 307s, retrying 503s and
//                                refused connections every 15 ms); then restart the killed agent
//                                with its directory and wait until it has caught up
//
// start() picks three free loopback ports and starts three agents (`--agency.activate true
// --agency.size 3 --agency.my-address <own> --agency.endpoint <each>`), each a NodeRunner with
// a temporary directory of its own, and waits until all three name the same leader.
//
// Every answer is checked: (e) wants 200 with a non-zero index, (f) 200/307/503 or a refused
// connection while the election runs. Anything else, an agent that dies unasked, or no leader or
// committed write within a minute, throws BenchFailure.
//
// Thread-safety: use from one thread.
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

struct ElectionFigures {
  std::vector<double> trials_ms;  // SIGKILL of the leader -> next committed write, per trial
  double median_ms = 0.0;
  double max_ms = 0.0;
};

class AgencyBench {
 public:
  static constexpr std::size_t kAgents = 3;

  explicit AgencyBench(const BenchOptions& options);
  ~AgencyBench();
  AgencyBench(const AgencyBench&) = delete;
  AgencyBench& operator=(const AgencyBench&) = delete;

  void start();                 // starts the agents and waits for a leader
  PhaseFigures writes();        // (e)
  ElectionFigures elections();  // (f)
  // SIGTERM to every agent; true if each exited 0 (`outcome` says how each ended).
  bool stop(std::string* outcome);

  // CPU time all agents have used so far, in seconds; negative if unreadable.
  double cpuSeconds() const;
  // For failure reports: the last lines of every agent's log, and where the data is.
  std::string logTails(std::size_t lines) const;
  std::string directories() const;

 private:
  bool config(std::size_t agent, std::string* leader_id, std::uint64_t* commit) const;
  std::size_t waitForLeader(const std::vector<std::size_t>& agents, const std::string& why);
  void waitCaughtUp(std::size_t agent, std::uint64_t index);
  double timeElection(std::size_t trial);
  void expectRunning(const std::vector<std::size_t>& agents) const;

  const BenchOptions& options_;
  std::vector<std::unique_ptr<NodeRunner>> agents_;
  std::vector<std::string> ids_;  // agent ids ("AGNT-..."), from their configuration
};

}  // namespace tandem::bench
