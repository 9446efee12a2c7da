// FailoverSim (failover_sim.h). One step of kStepMs real milliseconds runs, in this order:
// faults, message deliveries, the agency log (append, commit, apply), the agents' ticks
// (reports; supervision on the agency leader), the nodes' heartbeat rounds, the invariants.
#include "failover_sim.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

namespace tandem::supervision::sim {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kWallBase = 1'800'000'000'000;

// A process clock: its reading at real time t. Rates stay within 3% of real time, well inside
// the margin grace > lease × (1 + margin) asks for (1500 > 1000 × 1.2).
struct SimClock {
  double rate = 1.0;
  std::int64_t offset = 0;
  std::int64_t at(std::int64_t t) const { return offset + static_cast<std::int64_t>(rate * t); }
};

struct Message {
  enum class Kind { kHeartbeat, kAnswer, kReport };
  Kind kind = Kind::kHeartbeat;
  int from = 0;
  int to = 0;
  Heartbeat heartbeat;  // kHeartbeat, and the round of a kAnswer
  bool lease = false;   // kAnswer
  std::size_t version = 0;
  AgentReport report;  // kReport
};

struct AgentSim {
  std::string id;
  SimClock clock;
  HeartbeatTable table{0, 0};
  std::int64_t paused_until = 0;
  std::size_t in_log = 0;   // entries of the agency log this agent holds
  std::size_t applied = 0;  // plan version (entries applied)
  std::map<std::string, ReceivedReport> reports;
};

struct LogEntry {
  agency::AgencyWrite write;
  std::uint64_t leader_term = 0;        // the Plan/Leader term the write sets, 0 if none
  std::vector<std::int64_t> arrives;    // per agent: when it can append the entry
  std::vector<std::int64_t> apply_lag;  // per agent: after the commit
  std::int64_t committed_at = kNever;
};

struct NodeSim {
  struct Round {
    std::int64_t sent = 0;  // node clock
    std::uint64_t term = 0;
    int acks = 0;
  };
  std::string id;
  SimClock clock;
  std::int64_t paused_until = 0;
  ClusterPlan plan;
  std::size_t version = 0;
  Position applied;
  std::uint64_t seq = 0;
  std::int64_t next_round = kNever;  // node clock
  std::map<std::uint64_t, Round> rounds;
  std::int64_t lease_until = kNever;  // node clock
  std::uint64_t lease_term = 0;

  std::uint64_t leadingTerm() const {
    return plan.leader && plan.leader->id == id ? plan.leader->term : 0;
  }
  bool holdsLease(std::int64_t t) const {
    const std::uint64_t term = leadingTerm();
    return term != 0 && lease_term == term && clock.at(t) < lease_until;
  }
  // The real time at which the lease it holds ends.
  std::int64_t leaseEndReal() const {
    return static_cast<std::int64_t>((lease_until - clock.offset) / clock.rate);
  }
};

std::uint64_t leaderTermOf(const agency::AgencyWrite& write) {
  std::uint64_t term = 0;
  for (const auto& transaction : write.transactions) {
    const auto& operations = transaction.as_array()[0].as_object();
    if (const auto* op = operations.if_contains(kPlanLeaderPath)) {
      term = std::max(term, op->at("new").at("term").to_number<std::uint64_t>());
    }
  }
  return term;
}

}  // namespace

struct FailoverSim::Impl {
  Impl(std::uint64_t seed, SimOptions options_in, std::ostream* trace_in, SimStats& stats_in)
      : rng(seed), options(options_in), trace(trace_in), stats(stats_in) {}

  std::mt19937_64 rng;
  SimOptions options;
  std::ostream* trace;
  SimStats& stats;
  std::int64_t now = 0;
  std::vector<AgentSim> agents;
  std::vector<NodeSim> nodes;
  std::multimap<std::int64_t, Message> queue;
  agency::AgencyStore committed;
  std::vector<ClusterPlan> versions;  // versions[k]: the plan after k committed entries
  std::vector<LogEntry> log;
  int agency_leader = 0;
  std::int64_t leading_since = 0;  // the agency leader's clock
  std::unique_ptr<Supervision> supervision;
  double loss = 0;
  std::set<std::pair<int, int>> cut;  // (node, agent) links that drop everything
  std::deque<std::string> history;
  std::string failure;

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
  int majority() const { return static_cast<int>(agents.size()) / 2 + 1; }

  void note(const std::string& event) {
    const std::string line = "t=" + std::to_string(now) + " " + event;
    if (trace) *trace << line << "\n";
    history.push_back(line);
    if (history.size() > 30) history.pop_front();
  }

  void setUp() {
    for (int i = 0; i < options.agents; ++i) {
      AgentSim agent;
      agent.id = "AGNT-" + std::to_string(i);
      agent.clock = SimClock{0.97 + 0.06 * uniform(0, 100) / 100.0, uniform(0, 100000)};
      agent.table = HeartbeatTable(agent.clock.at(0), SupervisionConfig{}.grace_ms);
      agents.push_back(std::move(agent));
    }
    std::string registration = "[[{";
    for (int i = 0; i < options.nodes; ++i) {
      NodeSim node;
      node.id = "SNGL-" + std::to_string(i);
      node.clock = SimClock{0.97 + 0.06 * uniform(0, 100) / 100.0, uniform(0, 100000)};
      node.applied = Position{1, static_cast<std::uint64_t>(uniform(0, 20))};
      node.next_round = node.clock.at(uniform(0, kRoundMs));
      if (i > 0) registration += ",";
      registration += "\"/tandem/Plan/Singles/" + node.id +
                      "\":{\"endpoint\":\"tcp://h:" + std::to_string(9000 + i) +
                      "\",\"version\":\"1\",\"registered\":\"t\"}";
      nodes.push_back(std::move(node));
    }
    committed.apply(*agency::AgencyStore::parseWrite(registration + "}]]"));
    versions.push_back(ClusterPlan::fromTree(committed.root()));
    changeAgencyLeader(0);
  }

  void changeAgencyLeader(int agent) {
    agency_leader = agent;
    leading_since = agents[agent].clock.at(now);
    supervision = std::make_unique<Supervision>(SupervisionConfig{});
    note("agency leader " + agents[agent].id);
  }

  // ---- messages ----

  void send(Message message, bool droppable = true) {
    if (droppable && chance(loss)) return;
    queue.emplace(now + uniform(1, 40), std::move(message));
  }

  void deliver() {
    while (!queue.empty() && queue.begin()->first <= now) {
      auto node = queue.extract(queue.begin());
      Message& message = node.mapped();
      const std::int64_t paused = recipientPausedUntil(message);
      if (paused > now) {  // a stopped process reads its socket when it runs again
        queue.emplace(paused, std::move(message));
        continue;
      }
      switch (message.kind) {
        case Message::Kind::kHeartbeat:
          onHeartbeat(message);
          break;
        case Message::Kind::kAnswer:
          onAnswer(message);
          break;
        case Message::Kind::kReport:
          agents[message.to].reports[agents[message.from].id] =
              ReceivedReport{std::move(message.report), agents[message.to].clock.at(now)};
          break;
      }
    }
  }

  std::int64_t recipientPausedUntil(const Message& message) const {
    return message.kind == Message::Kind::kAnswer ? nodes[message.to].paused_until
                                                  : agents[message.to].paused_until;
  }

  std::uint64_t logLeaderTerm(const AgentSim& agent) const {
    std::uint64_t term = 0;
    for (std::size_t k = 0; k < agent.in_log; ++k) term = std::max(term, log[k].leader_term);
    const ClusterPlan& plan = versions[agent.applied];
    return std::max(term, plan.leader ? plan.leader->term : 0);
  }

  void onHeartbeat(const Message& message) {
    AgentSim& agent = agents[message.to];
    const std::int64_t local = agent.clock.at(now);
    const ClusterPlan& plan = versions[agent.applied];
    Message answer;
    answer.kind = Message::Kind::kAnswer;
    answer.from = message.to;
    answer.to = message.from;
    answer.heartbeat = message.heartbeat;
    answer.lease = agent.table.grantsLease(message.heartbeat, plan, logLeaderTerm(agent), local);
    answer.version = agent.applied;
    agent.table.record(message.heartbeat, local);
    if (!cut.contains({message.from, message.to})) send(std::move(answer));
  }

  void onAnswer(const Message& message) {
    NodeSim& node = nodes[message.to];
    if (message.version > node.version) {
      node.version = message.version;
      node.plan = versions[message.version];
    }
    const auto round = node.rounds.find(message.heartbeat.seq);
    if (!message.lease || round == node.rounds.end()) return;
    if (round->second.term == 0 || round->second.term != node.leadingTerm()) return;
    if (++round->second.acks != majority()) return;
    const std::int64_t until = round->second.sent + kLeaseMs;
    if (node.lease_term != round->second.term) {
      node.lease_term = round->second.term;
      node.lease_until = until;
    } else {
      node.lease_until = std::max(node.lease_until, until);
    }
  }

  // ---- the agency log ----

  void propose(agency::AgencyWrite write) {
    LogEntry entry;
    entry.leader_term = leaderTermOf(write);
    entry.write = std::move(write);
    for (std::size_t i = 0; i < agents.size(); ++i) {
      entry.arrives.push_back(static_cast<int>(i) == agency_leader ? now : now + uniform(1, 60));
      entry.apply_lag.push_back(uniform(0, 150));
    }
    log.push_back(std::move(entry));
  }

  void advanceLog() {
    for (AgentSim& agent : agents) {
      if (agent.paused_until > now) continue;
      const std::size_t index = static_cast<std::size_t>(&agent - agents.data());
      while (agent.in_log < log.size() && log[agent.in_log].arrives[index] <= now) ++agent.in_log;
    }
    while (versions.size() - 1 < log.size()) {
      const std::size_t k = versions.size() - 1;
      const int holders = static_cast<int>(std::count_if(
          agents.begin(), agents.end(), [&](const AgentSim& a) { return a.in_log > k; }));
      if (holders < majority()) break;
      commit(k);
    }
    for (std::size_t i = 0; i < agents.size(); ++i) {
      AgentSim& agent = agents[i];
      if (agent.paused_until > now) continue;
      while (agent.applied < std::min(agent.in_log, versions.size() - 1) &&
             log[agent.applied].committed_at + log[agent.applied].apply_lag[i] <= now) {
        ++agent.applied;
      }
    }
  }

  void commit(std::size_t k) {
    LogEntry& entry = log[k];
    entry.committed_at = now;
    committed.apply(entry.write);
    versions.push_back(ClusterPlan::fromTree(committed.root()));
    const ClusterPlan& before = versions[k];
    const ClusterPlan& after = versions[k + 1];
    if (before.leader == after.leader) return;
    ++stats.leader_changes;
    note("committed Plan/Leader " + after.leader->id + "@" + std::to_string(after.leader->term));
    for (const NodeSim& node : nodes) {
      if (!node.holdsLease(now) || node.leadingTerm() >= after.leader->term) continue;
      failure = "Plan/Leader " + after.leader->id + "@" + std::to_string(after.leader->term) +
                " committed while " + node.id + " still held its lease at term " +
                std::to_string(node.leadingTerm());
    }
  }

  // ---- agents ----

  void tickAgents() {
    if (now % kTickMs != 0) return;
    for (std::size_t i = 0; i < agents.size(); ++i) {
      AgentSim& agent = agents[i];
      if (agent.paused_until > now) continue;
      const std::int64_t local = agent.clock.at(now);
      AgentReport report = agent.table.buildReport(versions[agent.applied], local);
      if (static_cast<int>(i) == agency_leader) {
        agent.reports[agent.id] = ReceivedReport{std::move(report), local};
      } else {
        Message message;
        message.kind = Message::Kind::kReport;
        message.from = static_cast<int>(i);
        message.to = agency_leader;
        message.report = std::move(report);
        send(std::move(message));
      }
    }
    runSupervision();
  }

  void runSupervision() {
    AgentSim& leader = agents[agency_leader];
    if (leader.paused_until > now || leader.applied + 1 < versions.size()) return;
    SupervisionInput input;
    input.now_ms = leader.clock.at(now);
    input.wall_now_ms = kWallBase + now;
    input.agency_size = agents.size();
    input.leading_for_ms = input.now_ms - leading_since;
    SupervisionResult result = supervision->step(input, versions[leader.applied], leader.reports);
    for (const std::string& decision : result.decisions) note(decision);
    for (auto& write : result.writes) propose(std::move(write));
  }

  // ---- nodes ----

  void roundsOfNodes() {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      NodeSim& node = nodes[i];
      const std::int64_t local = node.clock.at(now);
      if (node.paused_until > now || local < node.next_round) continue;
      node.next_round = local + kRoundMs;
      sendRound(static_cast<int>(i), local);
    }
  }

  void sendRound(int index, std::int64_t local) {
    NodeSim& node = nodes[index];
    Heartbeat beat;
    beat.id = node.id;
    beat.endpoint = "tcp://h:" + std::to_string(9000 + index);
    beat.seq = ++node.seq;
    const std::uint64_t term = node.leadingTerm();
    if (term != 0) {
      node.applied = Position{term, node.applied.tick + 1};  // it takes writes
      beat.state = "leader";
      beat.leader_term = term;
    } else {
      beat.state = node.plan.leader ? "follower" : "tryagain";
      beat.leader = node.plan.leader ? node.plan.leader->id : "";
      follow(node);
    }
    beat.applied = node.applied;
    node.rounds[beat.seq] = NodeSim::Round{local, term, 0};
    if (node.rounds.size() > 64) node.rounds.erase(node.rounds.begin());
    for (std::size_t a = 0; a < agents.size(); ++a) {
      if (cut.contains({index, static_cast<int>(a)})) continue;
      Message message;
      message.kind = Message::Kind::kHeartbeat;
      message.from = index;
      message.to = static_cast<int>(a);
      message.heartbeat = beat;
      send(std::move(message));
    }
  }

  // A follower catches up with the node it follows, most of the time.
  void follow(NodeSim& node) {
    if (!node.plan.leader || !chance(0.7)) return;
    for (const NodeSim& other : nodes) {
      if (other.id == node.plan.leader->id && other.paused_until <= now &&
          other.applied > node.applied) {
        node.applied = other.applied;
      }
    }
  }

  // ---- faults and checks ----

  void injectFaults() {
    for (NodeSim& node : nodes) {
      if (node.paused_until <= now && chance(0.0004)) {
        node.paused_until = now + uniform(100, 4000);
        note("pause " + node.id + " until " + std::to_string(node.paused_until));
      }
    }
    for (AgentSim& agent : agents) {
      if (agent.paused_until <= now && chance(0.0003)) {
        agent.paused_until = now + uniform(100, 3000);
        note("pause " + agent.id + " until " + std::to_string(agent.paused_until));
      }
    }
    if (chance(0.002)) {
      const std::pair<int, int> link{static_cast<int>(uniform(0, options.nodes - 1)),
                                     static_cast<int>(uniform(0, options.agents - 1))};
      if (!cut.erase(link)) cut.insert(link);
    }
    if (chance(0.001)) loss = uniform(0, 20) / 100.0;
    if (chance(0.0003)) changeAgencyLeader(static_cast<int>(uniform(0, options.agents - 1)));
    if (chance(0.0008)) restartAgent(static_cast<int>(uniform(0, options.agents - 1)));
  }

  // A crash and restart: down for a while, then back with its log (durable) but without its
  // heartbeat table, fences or reports (memory). Rules (c) and (d) must cover the lost fences.
  void restartAgent(int index) {
    AgentSim& agent = agents[index];
    agent.paused_until = std::max(agent.paused_until, now) + uniform(50, 1000);
    agent.table = HeartbeatTable(agent.clock.at(agent.paused_until), SupervisionConfig{}.grace_ms);
    agent.reports.clear();
    note("restart " + agent.id + ", back at " + std::to_string(agent.paused_until));
    if (index == agency_leader) {
      changeAgencyLeader(static_cast<int>((index + 1) % options.agents));
    }
  }

  void scriptedFaults() {
    if (now != options.pause_leader_at) return;
    for (NodeSim& node : nodes) {
      if (node.leadingTerm() == 0) continue;
      node.paused_until = now + options.pause_leader_ms;
      note("pause the leader " + node.id + " until " + std::to_string(node.paused_until));
      paused_leader = &node;
      paused_lease_end = node.leaseEndReal();
    }
  }

  void heal() {
    cut.clear();
    loss = 0;
    note("faults stop");
  }

  void checkLeases() {
    std::set<std::pair<std::string, std::uint64_t>> holders;
    for (const NodeSim& node : nodes) {
      if (node.holdsLease(now)) holders.insert({node.id, node.leadingTerm()});
    }
    if (!holders.empty()) ++stats.leases;
    if (holders.size() > 1) {
      std::string text;
      for (const auto& [id, term] : holders) text += " " + id + "@" + std::to_string(term);
      failure = "two leases at once:" + text;
    }
  }

  void notePromotionGap() {
    if (paused_leader == nullptr || stats.promotion_after_lease_end_ms >= 0) return;
    for (const LogEntry& entry : log) {
      if (entry.committed_at == kNever || entry.leader_term <= paused_leader->leadingTerm()) {
        continue;
      }
      stats.promotion_after_lease_end_ms = entry.committed_at - paused_lease_end;
      return;
    }
  }

  NodeSim* paused_leader = nullptr;
  std::int64_t paused_lease_end = 0;
};

FailoverSim::FailoverSim(std::uint64_t seed, SimOptions options, std::ostream* trace)
    : impl_(std::make_unique<Impl>(seed, options, trace, stats_)) {
  impl_->setUp();
}

FailoverSim::~FailoverSim() = default;

std::string FailoverSim::run() {
  Impl& s = *impl_;
  const bool scripted = s.options.pause_leader_ms > 0;
  const std::int64_t end = s.options.fault_ms + s.options.liveness_ms;
  for (s.now = 0; s.now <= end && s.failure.empty(); s.now += kStepMs) {
    ++stats_.steps;
    if (scripted) {
      s.scriptedFaults();
    } else if (s.now < s.options.fault_ms) {
      s.injectFaults();
    } else if (s.now == s.options.fault_ms) {
      s.heal();
    }
    s.deliver();
    s.advanceLog();
    s.tickAgents();
    s.roundsOfNodes();
    s.checkLeases();
    s.notePromotionGap();
  }
  if (!s.failure.empty()) return s.failure;
  s.now = end;
  const bool leads = std::any_of(s.nodes.begin(), s.nodes.end(),
                                 [&](const NodeSim& node) { return node.holdsLease(end); });
  if (!leads) {
    return "no node holds a lease " + std::to_string(s.options.liveness_ms) +
           " ms after the faults stopped";
  }
  return {};
}

std::string FailoverSim::describe() const {
  std::ostringstream out;
  out << impl_->options.agents << " agents, " << impl_->options.nodes << " nodes, "
      << stats_.leader_changes << " leader changes; last events:";
  for (const std::string& line : impl_->history) out << "\n    " << line;
  return out.str();
}

}  // namespace tandem::supervision::sim
