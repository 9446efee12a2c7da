// SimCluster: one seeded run of a simulated agency — agents, a discrete-event network and a
// schedule of faults — driving the pure Raft core and checking SimChecker's invariants after
// every step.
//
// Time is counted in ticks. Within a tick: faults and client actions, then the delivery of
// every message due by now (in a random order among those due at the same tick), then one
// tick() of every agent that is up. A "step" is one input to one agent (a message, a tick, a
// proposal, ...) followed by the complete handling of its Ready, the way the driver does it:
// persist, send, apply, advance. A crash may strike between any two of those.
//
// The fault phase injects message loss, duplication, delay (hence reordering), partitions
// (random splits, an isolated leader), crashes and restarts (the MemoryLogStore is the disk and
// survives; the Raft and the applied state are rebuilt from it), compaction (so lagging agents
// get snapshots) and, in some runs, membership changes (an agent is added, one is removed).
// Then the faults stop; within settleTicks a leader must commit a fresh proposal and every
// member must apply it, or the run fails for lack of progress.
//
// All randomness, the Raft's included, comes from one std::mt19937_64 seeded with the run's
// seed: a run is a pure function of its seed, so a failing seed replays exactly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "agency/log_store.h"
#include "agency/raft.h"
#include "sim_checker.h"

namespace tandem::agency::sim {

struct SimStats {
  std::uint64_t ticks = 0;
  std::uint64_t steps = 0;
  std::uint64_t delivered = 0;
  std::uint64_t crashes = 0;
  std::uint64_t snapshotsSent = 0;
  std::uint64_t committed = 0;  // highest index known committed
  std::uint64_t applied = 0;    // length of the global history
  std::uint64_t settleTicks = 0;
  bool membershipChanged = false;
};

class SimCluster {
 public:
  // `trace`, when given, receives one line per event (for replaying a seed).
  explicit SimCluster(std::uint64_t seed, std::ostream* trace = nullptr);
  ~SimCluster();
  SimCluster(const SimCluster&) = delete;
  SimCluster& operator=(const SimCluster&) = delete;

  // Runs the whole schedule. Empty on success, else the first violated invariant (or the lack
  // of progress), with the tick at which it was found.
  std::string run();
  const SimStats& stats() const { return stats_; }
  // A one-line description of the run's parameters (drawn from the seed).
  std::string describe() const;

 private:
  struct Agent;
  struct Params;

  void addAgent(const AgentId& id, const Configuration* bootstrap);
  void start(Agent& agent);
  void crash(Agent& agent, const std::string& why);
  // One step: `input` feeds the agent's Raft, then its Ready is handled completely.
  template <typename Input>
  void stepAgent(Agent& agent, Input input);
  void handleReady(Agent& agent);
  void send(std::vector<Message> messages);
  void deliverDue();
  void tickAll();

  void injectFaults();
  void changePartition();
  void clientActions();
  void membershipAction();
  void heal();
  bool settled();

  Agent* leader();  // an up agent that believes it leads in the highest term, or null
  std::vector<AgentView> views() const;
  static AgentView view(const Agent& agent);
  bool chance(std::uint32_t perMillion);
  std::uint64_t below(std::uint64_t bound);
  void trace(const std::string& line);

  std::uint64_t seed_;
  std::ostream* trace_;
  std::mt19937_64 rng_;
  std::unique_ptr<Params> params_;
  std::map<AgentId, std::unique_ptr<Agent>> agents_;
  // In flight, by (due tick, random order among those due together, sequence number).
  std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>, Message> network_;
  std::uint64_t now_ = 0;
  std::uint64_t order_ = 0;
  bool faults_ = true;
  bool crashAfterPersist_ = false;  // the next Ready handled crashes after its persist
  SimChecker checker_;
  SimStats stats_;

  std::uint64_t proposals_ = 0;
  std::uint64_t reads_ = 0;
  std::map<std::string, Index> readsAsked_;  // context -> highest committed when asked
  // Membership plan: add `addId_`, and remove one member, in an order drawn from the seed.
  std::vector<char> plan_;  // 'a' / 'r', front first
  AgentId addId_;
  AgentId removeId_;
  // Progress phase: the proposals made to reach every member.
  std::vector<std::string> finals_;
  std::pair<AgentId, Term> finalAt_;
};

}  // namespace tandem::agency::sim
