// SimCluster: the schedule of one seeded run (see sim_cluster.h).
//
// The state machine of every agent is the ordered list of the data of the normal, non-empty
// entries it applied; proposals are unique strings ("v<n>", "final-<n>"), so "a prefix of one
// global history" is a plain comparison. Its snapshot is that list joined by '\n'.
#include "sim_cluster.h"

#include <algorithm>
#include <sstream>
#include <tuple>
#include <utility>

namespace tandem::agency::sim {
namespace {

constexpr std::string_view kFinalPrefix = "final-";

std::string encodeList(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += '\n';
    out += items[k];
  }
  return out;
}

std::vector<std::string> decodeList(const std::string& data) {
  std::vector<std::string> items;
  if (data.empty()) return items;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = data.find('\n', start);
    items.push_back(data.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return items;
}

bool isFinal(const std::string& data) {
  return data.compare(0, kFinalPrefix.size(), kFinalPrefix) == 0;
}

std::string describeMessage(const Message& m) {
  std::ostringstream out;
  out << m.from << "->" << m.to << ' ' << messageTypeName(m.type) << " term=" << m.term;
  switch (m.type) {
    case MessageType::kPreVote:
    case MessageType::kVote:
      out << " last=" << m.index << '/' << m.logTerm;
      break;
    case MessageType::kPreVoteResponse:
    case MessageType::kVoteResponse:
      out << (m.reject ? " rejected" : " granted");
      break;
    case MessageType::kAppend:
      out << " prev=" << m.index << '/' << m.logTerm << " entries=" << m.entries.size()
          << " commit=" << m.commit;
      break;
    case MessageType::kAppendResponse:
      out << " index=" << m.index << (m.reject ? " rejected hint=" : "")
          << (m.reject ? std::to_string(m.rejectHint) : std::string());
      break;
    case MessageType::kHeartbeat:
      out << " commit=" << m.commit << " context=" << m.context;
      break;
    case MessageType::kHeartbeatResponse:
      out << " context=" << m.context;
      break;
    case MessageType::kSnapshot:
      out << " snapshot=" << (m.snapshot ? m.snapshot->meta.index : 0);
      break;
  }
  return out.str();
}

}  // namespace

// The knobs of one run, all drawn from its seed. Probabilities are per million.
struct SimCluster::Params {
  int agents = 3;
  bool membership = false;
  bool bootstrapHardState = false;  // write HardState{1, "", 1} with the bootstrap entry
  std::uint32_t loss = 0;           // per message
  std::uint32_t duplicate = 0;      // per message
  std::uint64_t maxDelay = 1;       // ticks; every message takes 1..maxDelay
  std::uint32_t crashPerTick = 0;
  std::uint32_t leaderCrashPerTick = 0;  // crash whoever leads: elections in quick succession
  // Per proposal to a leader, and per election won: crash it once its new entry is on its disk,
  // before it is sent. Entries only a dead leader holds make the commit rule matter (Figure 8).
  std::uint32_t crashAfterPropose = 0;
  // Per Ready of a leader that advances its commit: crash once that is on disk, before sending.
  std::uint32_t crashAfterCommit = 0;
  std::uint32_t crashInReady = 0;  // per Ready: crash between two of its steps
  std::uint64_t maxDowntime = 1;
  std::uint32_t partitionPerTick = 0;
  std::uint32_t proposePerTick = 0;
  std::uint32_t readPerTick = 0;
  std::uint32_t compactPerTick = 0;  // per agent
  std::size_t maxEntriesPerAppend = 256;
  std::uint64_t faultTicks = 0;
  std::uint64_t settleTicks = 400;
};

struct SimCluster::Agent {
  AgentId id;
  MemoryLogStore store;        // the disk: survives crashes
  std::unique_ptr<Raft> raft;  // null while down
  std::vector<std::string> applied;
  Index appliedIndex = 0;
  bool appliedFinal = false;
  std::uint64_t restartAt = 0;
  int group = 0;  // partition: messages pass only within a group
};

SimCluster::SimCluster(std::uint64_t seed, std::ostream* trace)
    : seed_(seed), trace_(trace), rng_(seed), params_(std::make_unique<Params>()) {
  Params& p = *params_;
  // Half of the runs are "targeted": one entry per append, and leaders that often die right
  // after writing an entry only they hold or after learning a commit nobody else knows. That
  // is where the commit rule and leader completeness are at stake (Raft's Figure 8); random
  // faults alone reach those schedules rarely.
  const bool targeted = below(2) == 0;
  p.agents = below(2) == 0 ? 3 : 5;
  p.membership = below(4) == 0;
  p.bootstrapHardState = below(2) == 0;
  p.loss = static_cast<std::uint32_t>(below(150'000));
  p.duplicate = static_cast<std::uint32_t>(below(100'000));
  p.maxDelay = 1 + below(4);
  p.crashPerTick = static_cast<std::uint32_t>(below(15'000));
  p.crashInReady = static_cast<std::uint32_t>(below(3'000));
  p.leaderCrashPerTick = below(3) == 0 ? static_cast<std::uint32_t>(below(40'000)) : 0;
  p.crashAfterPropose = static_cast<std::uint32_t>(targeted ? 50'000 + below(200'000) : 0);
  p.crashAfterCommit = static_cast<std::uint32_t>(targeted ? 50'000 + below(100'000) : 0);
  p.maxDowntime = 2 + below(60);
  p.partitionPerTick = static_cast<std::uint32_t>(below(20'000));
  p.proposePerTick = static_cast<std::uint32_t>(100'000 + below(300'000));
  p.readPerTick = static_cast<std::uint32_t>(below(50'000));
  p.compactPerTick = static_cast<std::uint32_t>(below(40'000));
  p.maxEntriesPerAppend = targeted ? 1 : below(2) == 0 ? 1 + below(4) : 256;
  p.faultTicks = 120 + below(120);

  Configuration initial;
  for (int k = 1; k <= p.agents; ++k) {
    const AgentId id = "a" + std::to_string(k);
    initial.members[id] = "sim://" + id;
  }
  for (const auto& [id, address] : initial.members) addAgent(id, &initial);
  if (p.membership) {
    addId_ = "a" + std::to_string(p.agents + 1);
    plan_ = below(2) == 0 ? std::vector<char>{'a', 'r'} : std::vector<char>{'r', 'a'};
  }
}

SimCluster::~SimCluster() = default;

std::string SimCluster::describe() const {
  const Params& p = *params_;
  std::ostringstream out;
  out << "seed=" << seed_ << " agents=" << p.agents << " membership=" << p.membership
      << " loss=" << p.loss << "ppm dup=" << p.duplicate << "ppm delay<=" << p.maxDelay
      << " crash/tick=" << p.crashPerTick << "ppm leader-crash/tick=" << p.leaderCrashPerTick
      << "ppm crash/propose=" << p.crashAfterPropose << "ppm crash/ready=" << p.crashInReady
      << "ppm partition/tick=" << p.partitionPerTick << "ppm compact/tick=" << p.compactPerTick
      << "ppm batch=" << p.maxEntriesPerAppend << " faultTicks=" << p.faultTicks;
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// Agents

void SimCluster::addAgent(const AgentId& id, const Configuration* bootstrap) {
  auto agent = std::make_unique<Agent>();
  agent->id = id;
  if (bootstrap) {
    // What every initial agent writes before it first starts: the same entry 1 everywhere.
    ConfChange set;
    set.kind = ConfChange::Kind::kSet;
    set.configuration = *bootstrap;
    Entry entry{1, 1, EntryType::kConfChange, encodeConfChange(set)};
    std::optional<HardState> hs;
    if (params_->bootstrapHardState) hs = HardState{1, AgentId(), 1};
    if (!agent->store.persist(hs, {entry}, std::nullopt)) checker_.fail("bootstrap refused");
  }
  Agent& ref = *agent;
  agents_[id] = std::move(agent);
  start(ref);
}

void SimCluster::start(Agent& agent) {
  RaftOptions options;
  options.id = agent.id;
  options.electionTicksMin = 10;
  options.electionTicksMax = 20;
  options.heartbeatTicks = 1;
  options.maxEntriesPerAppend = params_->maxEntriesPerAppend;
  options.random = [this] { return rng_(); };
  agent.raft = std::make_unique<Raft>(std::move(options), agent.store);
  // The state machine is rebuilt from the disk's snapshot; the core hands out the committed
  // entries after it again.
  agent.applied = decodeList(agent.store.snapshot().data);
  agent.appliedIndex = agent.store.snapshot().meta.index;
  agent.appliedFinal = std::any_of(agent.applied.begin(), agent.applied.end(), isFinal);
  trace("start " + agent.id + " term=" + std::to_string(agent.raft->term()) +
        " commit=" + std::to_string(agent.raft->commitIndex()) +
        " last=" + std::to_string(agent.store.lastIndex()));
  checker_.onRestart(agent.id);
  checker_.onStateMachineReset(agent.id, agent.applied);
  handleReady(agent);
  checker_.afterStep(view(agent));
}

void SimCluster::crash(Agent& agent, const std::string& why) {
  trace("crash " + agent.id + " (" + why + ")");
  agent.raft.reset();
  checker_.onCrash(agent.id);
  agent.applied.clear();
  agent.appliedIndex = 0;
  agent.restartAt = now_ + 1 + below(params_->maxDowntime);
  ++stats_.crashes;
}

template <typename Input>
void SimCluster::stepAgent(Agent& agent, Input input) {
  if (!agent.raft || checker_.failed()) return;
  input(*agent.raft);
  handleReady(agent);
  ++stats_.steps;
  checker_.afterStep(view(agent));
}

// The driver's loop: persist, send, apply, advance — with a possible crash between any two.
void SimCluster::handleReady(Agent& agent) {
  for (int rounds = 0; agent.raft && agent.raft->hasReady(); ++rounds) {
    if (rounds > 100) {
      checker_.fail(agent.id + " never runs out of Ready");
      return;
    }
    Ready rd = agent.raft->ready();
    // Crashes at the moments that matter most: a leader that just wrote an entry only it has
    // (a proposal, or the first entry of its term), or that just learned something committed
    // that nobody else knows yet, dies before sending a word.
    int crashAt = faults_ && chance(params_->crashInReady) ? static_cast<int>(below(4)) : -1;
    const bool leads = agent.raft->role() == Role::kLeader;
    if (crashAfterPersist_ ||
        (faults_ && leads && rd.softState && chance(params_->crashAfterPropose)) ||
        (faults_ && leads && rd.hardState &&
         rd.hardState->commit > agent.store.hardState().commit &&
         chance(params_->crashAfterCommit))) {
      crashAt = 1;
    }
    crashAfterPersist_ = false;
    if (crashAt == 0) return crash(agent, "before persisting its Ready");

    if (Status s = agent.store.persist(rd.hardState, rd.entries, rd.snapshot); !s) {
      checker_.fail(agent.id + " could not persist its Ready: " + s.toString());
      return;
    }
    checker_.onPersist(agent.id, agent.store, rd);
    if (crashAt == 1) return crash(agent, "after persisting, before sending");
    if (rd.softState) {
      trace(agent.id + " is " + std::string(roleName(rd.softState->role)) + " in term " +
            std::to_string(agent.raft->term()) + " leader=" + rd.softState->leader);
    }
    send(std::move(rd.messages));
    if (crashAt == 2) return crash(agent, "after sending, before applying");

    if (rd.snapshot) {
      agent.applied = decodeList(rd.snapshot->data);
      agent.appliedIndex = rd.snapshot->meta.index;
      agent.appliedFinal = std::any_of(agent.applied.begin(), agent.applied.end(), isFinal);
      checker_.onStateMachineReset(agent.id, agent.applied);
      trace(agent.id + " installs snapshot " + std::to_string(rd.snapshot->meta.index));
    }
    for (const Entry& entry : rd.committedEntries) {
      if (entry.index != agent.appliedIndex + 1) {
        checker_.fail(agent.id + " applied entry " + std::to_string(entry.index) + " after " +
                      std::to_string(agent.appliedIndex));
        return;
      }
      agent.appliedIndex = entry.index;
      if (entry.type != EntryType::kNormal || entry.data.empty()) continue;
      checker_.onApply(agent.id, agent.applied.size(), entry.data);
      agent.applied.push_back(entry.data);
      agent.appliedFinal = agent.appliedFinal || isFinal(entry.data);
    }
    for (const ReadState& state : rd.readStates) {
      const auto it = readsAsked_.find(state.context);
      if (it == readsAsked_.end()) {
        checker_.fail(agent.id + " answered a read nobody asked: " + state.context);
        return;
      }
      checker_.onReadState(agent.id, state, it->second);
    }
    if (crashAt == 3) return crash(agent, "after applying, before advancing");
    agent.raft->advance();
  }
}

// ---------------------------------------------------------------------------------------------
// Network

void SimCluster::send(std::vector<Message> messages) {
  for (Message& m : messages) {
    if (m.type == MessageType::kSnapshot) ++stats_.snapshotsSent;
    if (faults_ && chance(params_->loss)) {
      trace("drop " + describeMessage(m));
      continue;
    }
    const bool twice = faults_ && chance(params_->duplicate);
    if (twice) {
      network_.emplace(std::make_tuple(now_ + 1 + below(params_->maxDelay), rng_(), ++order_), m);
    }
    network_.emplace(std::make_tuple(now_ + 1 + below(params_->maxDelay), rng_(), ++order_),
                     std::move(m));
  }
}

void SimCluster::deliverDue() {
  while (!network_.empty() && std::get<0>(network_.begin()->first) <= now_ && !checker_.failed()) {
    Message m = std::move(network_.extract(network_.begin()).mapped());
    const auto to = agents_.find(m.to);
    const auto from = agents_.find(m.from);
    if (to == agents_.end() || !to->second->raft) {
      trace("lost (down) " + describeMessage(m));
      continue;
    }
    if (from != agents_.end() && from->second->group != to->second->group) {
      trace("lost (partition) " + describeMessage(m));
      continue;
    }
    trace(describeMessage(m));
    ++stats_.delivered;
    stepAgent(*to->second, [&](Raft& raft) {
      if (Status s = raft.step(m); !s) checker_.fail("step refused: " + s.toString());
    });
  }
}

void SimCluster::tickAll() {
  std::vector<Agent*> order;
  for (auto& [id, agent] : agents_) order.push_back(agent.get());
  for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[below(k)]);
  for (Agent* agent : order) stepAgent(*agent, [](Raft& raft) { raft.tick(); });
}

// ---------------------------------------------------------------------------------------------
// Faults and clients

void SimCluster::injectFaults() {
  for (auto& [id, agent] : agents_) {
    if (!agent->raft && agent->restartAt <= now_) start(*agent);
  }
  if (chance(params_->crashPerTick)) {
    std::vector<Agent*> up;
    for (auto& [id, agent] : agents_) {
      if (agent->raft) up.push_back(agent.get());
    }
    if (!up.empty()) crash(*up[below(up.size())], "crash");
  }
  if (chance(params_->leaderCrashPerTick)) {
    if (Agent* l = leader()) crash(*l, "leader crash");
  }
  if (chance(params_->partitionPerTick)) changePartition();
}

void SimCluster::changePartition() {
  const std::uint64_t kind = below(3);
  for (auto& [id, agent] : agents_) agent->group = kind == 1 ? static_cast<int>(below(2)) : 0;
  if (kind == 2) {
    if (Agent* l = leader()) l->group = 1;
  }
  std::string line = "partition:";
  for (auto& [id, agent] : agents_) line += " " + id + "@" + std::to_string(agent->group);
  trace(line);
}

void SimCluster::clientActions() {
  if (chance(params_->proposePerTick)) {
    Agent* target = below(2) == 0 ? leader() : nullptr;
    if (!target) {
      auto it = agents_.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(below(agents_.size())));
      target = it->second.get();
    }
    const std::string data = "v" + std::to_string(++proposals_);
    trace("propose " + data + " at " + target->id);
    crashAfterPersist_ = faults_ && target->raft && target->raft->role() == Role::kLeader &&
                         chance(params_->crashAfterPropose);
    stepAgent(*target, [&](Raft& raft) { (void)raft.propose(data); });
  }
  if (chance(params_->readPerTick)) {
    if (Agent* l = leader()) {
      const std::string context = "r" + std::to_string(++reads_);
      readsAsked_[context] = checker_.highestCommitted();
      trace("read " + context + " at " + l->id);
      stepAgent(*l, [&](Raft& raft) { raft.readIndex(context); });
    }
  }
  for (auto& [id, agent] : agents_) {
    if (!agent->raft || !chance(params_->compactPerTick)) continue;
    if (agent->appliedIndex < agent->store.snapshot().meta.index + 3) continue;
    Result<Snapshot> snapshot =
        agent->raft->compact(agent->appliedIndex, encodeList(agent->applied));
    if (!snapshot) {
      checker_.fail(id + " could not compact: " + snapshot.status().toString());
      return;
    }
    if (Status s = agent->store.compact(*snapshot); !s) {
      checker_.fail(id + " store refused compaction: " + s.toString());
      return;
    }
    trace("compact " + id + " to " + std::to_string(snapshot->meta.index));
  }
}

void SimCluster::membershipAction() {
  if (plan_.empty() || !chance(30'000)) return;
  Agent* l = leader();
  if (!l) return;
  const Configuration& configuration = l->raft->configuration();
  ConfChange change;
  if (plan_.front() == 'a') {
    if (configuration.contains(addId_)) {
      trace("membership: " + addId_ + " added");
      plan_.erase(plan_.begin());
      stats_.membershipChanged = true;
      return;
    }
    if (!agents_.count(addId_)) addAgent(addId_, nullptr);
    change.kind = ConfChange::Kind::kAdd;
    change.id = addId_;
    change.address = "sim://" + addId_;
  } else {
    if (removeId_.empty()) {
      auto it = configuration.members.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(below(configuration.members.size())));
      removeId_ = it->first;
    }
    if (!configuration.contains(removeId_)) {
      trace("membership: " + removeId_ + " removed");
      plan_.erase(plan_.begin());
      stats_.membershipChanged = true;
      return;
    }
    change.kind = ConfChange::Kind::kRemove;
    change.id = removeId_;
  }
  trace("propose " + std::string(change.kind == ConfChange::Kind::kAdd ? "add " : "remove ") +
        change.id + " at " + l->id);
  stepAgent(*l, [&](Raft& raft) {
    const Status s = raft.proposeConfChange(change);
    if (!s && s.code() != ErrorCode::kLeadershipChallengeOngoing) {
      checker_.fail("configuration change refused: " + s.toString());
    }
  });
}

void SimCluster::heal() {
  faults_ = false;
  trace("faults stop: heal partitions, restart every agent");
  for (auto& [id, agent] : agents_) {
    agent->group = 0;
    if (!agent->raft) start(*agent);
  }
}

bool SimCluster::settled() {
  Agent* l = leader();
  if (!l) return false;
  if (finalAt_ != std::make_pair(l->id, l->raft->term())) {
    const std::string data = std::string(kFinalPrefix) + std::to_string(finals_.size() + 1);
    bool accepted = false;
    trace("propose " + data + " at " + l->id);
    stepAgent(*l, [&](Raft& raft) { accepted = raft.propose(data).isOk(); });
    if (accepted) {
      finals_.push_back(data);
      finalAt_ = {l->id, l->raft ? l->raft->term() : 0};
    }
  }
  if (!l->raft || l->raft->role() != Role::kLeader) return false;
  for (const auto& [id, address] : l->raft->configuration().members) {
    const auto it = agents_.find(id);
    if (it == agents_.end() || !it->second->raft || !it->second->appliedFinal) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The run

std::string SimCluster::run() {
  trace(describe());
  const auto failure = [this] {
    return "tick " + std::to_string(now_) + ": " + checker_.failure();
  };
  for (now_ = 0;; ++now_) {
    if (now_ == params_->faultTicks) heal();
    if (faults_) injectFaults();
    clientActions();
    if (faults_ && params_->membership) membershipAction();
    deliverDue();
    tickAll();
    if (now_ % 16 == 0) checker_.checkLogMatching(views());
    if (checker_.failed()) return failure();
    if (faults_) continue;
    stats_.settleTicks = now_ - params_->faultTicks;
    if (settled()) {
      checker_.checkLogMatching(views());
      if (checker_.failed()) return failure();
      stats_.ticks = now_;
      stats_.committed = checker_.highestCommitted();
      stats_.applied = checker_.history().size();
      return std::string();
    }
    if (checker_.failed()) return failure();
    if (stats_.settleTicks >= params_->settleTicks) {
      Agent* l = leader();
      return "tick " + std::to_string(now_) + ": no progress " +
             std::to_string(params_->settleTicks) + " ticks after the faults stopped (leader " +
             (l ? l->id + " term " + std::to_string(l->raft->term()) : std::string("none")) + ")";
    }
  }
}

SimCluster::Agent* SimCluster::leader() {
  Agent* best = nullptr;
  for (auto& [id, agent] : agents_) {
    if (!agent->raft || agent->raft->role() != Role::kLeader) continue;
    if (!best || agent->raft->term() > best->raft->term()) best = agent.get();
  }
  return best;
}

std::vector<AgentView> SimCluster::views() const {
  std::vector<AgentView> out;
  out.reserve(agents_.size());
  for (const auto& [id, agent] : agents_)
    out.push_back({&agent->id, &agent->store, agent->raft.get()});
  return out;
}

AgentView SimCluster::view(const Agent& agent) {
  return {&agent.id, &agent.store, agent.raft.get()};
}

bool SimCluster::chance(std::uint32_t perMillion) { return rng_() % 1'000'000 < perMillion; }

std::uint64_t SimCluster::below(std::uint64_t bound) { return bound == 0 ? 0 : rng_() % bound; }

void SimCluster::trace(const std::string& line) {
  if (trace_) *trace_ << "[" << now_ << "] " << line << '\n';
}

}  // namespace tandem::agency::sim
