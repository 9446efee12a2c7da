// A hand-driven agency for unit tests of the Raft core: a few agents, each a MemoryLogStore
// and a Raft, on a network that delivers only when told to (deliver()), loses what crosses a
// cut link or a drop filter, and never reorders. Ready batches are handled exactly as
// raft_types.h says (persist, send, apply, advance). Solo is one agent fed messages by hand.
// Header-only; single-threaded.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <QtGlobal>

#include "agency/log_store.h"
#include "agency/raft.h"
#include "agency/raft_types.h"
#include "tandem/status.h"

namespace tandem::agency::sim {

inline Configuration membersOf(const std::vector<AgentId>& ids) {
  Configuration configuration;
  for (const AgentId& id : ids) configuration.members[id] = "tcp://" + id;
  return configuration;
}

inline Entry bootstrapEntry(const Configuration& configuration) {
  ConfChange set;
  set.kind = ConfChange::Kind::kSet;
  set.configuration = configuration;
  return Entry{1, 1, EntryType::kConfChange, encodeConfChange(set)};
}

inline Entry entry(Index index, Term term, std::string data = std::string()) {
  return Entry{term, index, EntryType::kNormal, std::move(data)};
}

// A deterministic random source per agent (splitmix64), as a driver would inject a seeded one.
inline std::function<std::uint64_t()> randomFor(const AgentId& id) {
  return [state = std::hash<std::string>{}(id)]() mutable {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
}

constexpr int kElectionMin = 10;

// A few agents on a hand-driven network. Messages queue until deliver(); links can be cut;
// a filter can drop chosen messages. Ready handling follows raft_types.h exactly.
class Cluster {
 public:
  struct Node {
    AgentId id;
    MemoryLogStore store;
    std::unique_ptr<Raft> raft;
    std::vector<std::string> applied;  // data of applied normal entries
    Index appliedIndex = 0;
    std::string installed;  // data of the last installed snapshot
    std::vector<ReadState> reads;
  };

  explicit Cluster(const std::vector<AgentId>& ids, std::size_t maxEntriesPerAppend = 256)
      : maxEntries_(maxEntriesPerAppend) {
    const Configuration configuration = membersOf(ids);
    for (const AgentId& id : ids) {
      write(id, HardState{1, AgentId(), 1}, {bootstrapEntry(configuration)});
    }
  }

  Node& node(const AgentId& id) {
    auto& slot = nodes_[id];
    if (!slot) {
      slot = std::make_unique<Node>();
      slot->id = id;
    }
    return *slot;
  }
  Node& operator[](const AgentId& id) { return node(id); }
  Raft& raft(const AgentId& id) { return *node(id).raft; }

  // Writes straight to an agent's disk (before it starts).
  void write(const AgentId& id, std::optional<HardState> hs, std::vector<Entry> entries) {
    if (Status s = node(id).store.persist(hs, entries, std::nullopt); !s) fail(s.toString());
  }

  void start(const AgentId& id) {
    Node& n = node(id);
    RaftOptions options;
    options.id = id;
    options.electionTicksMin = kElectionMin;
    options.electionTicksMax = 2 * kElectionMin;
    options.maxEntriesPerAppend = maxEntries_;
    options.random = randomFor(id + std::to_string(++starts_));
    n.raft = std::make_unique<Raft>(std::move(options), n.store);
    n.applied.clear();
    n.appliedIndex = n.store.snapshot().meta.index;
    handle(id);
  }
  void startAll() {
    for (auto& [id, n] : nodes_) start(id);
  }
  void crash(const AgentId& id) { node(id).raft.reset(); }
  bool up(const AgentId& id) { return nodes_.count(id) && nodes_[id]->raft; }

  // persist, send (queue), apply, advance
  void handle(const AgentId& id) {
    Node& n = node(id);
    while (n.raft && n.raft->hasReady()) {
      Ready rd = n.raft->ready();
      if (Status s = n.store.persist(rd.hardState, rd.entries, rd.snapshot); !s) {
        fail(id + ": persist: " + s.toString());
      }
      for (Message& m : rd.messages) queue_.push_back(std::move(m));
      if (rd.snapshot) {
        n.installed = rd.snapshot->data;
        n.appliedIndex = rd.snapshot->meta.index;
      }
      for (const Entry& e : rd.committedEntries) {
        if (e.index != n.appliedIndex + 1) fail(id + ": applied out of order");
        n.appliedIndex = e.index;
        if (e.type == EntryType::kNormal && !e.data.empty()) n.applied.push_back(e.data);
      }
      n.reads.insert(n.reads.end(), rd.readStates.begin(), rd.readStates.end());
      n.raft->advance();
    }
  }

  bool passes(const Message& m) const {
    if (isolated_.count(m.from) || isolated_.count(m.to)) return false;
    return !drop_ || !drop_(m);
  }

  // Handles every agent's pending Ready (after a direct propose() or readIndex(), say), then
  // delivers queued messages (and those they cause) until none is left.
  void deliver() {
    for (auto& [id, n] : nodes_) handle(id);
    for (int budget = 100000; !queue_.empty() && budget > 0; --budget) {
      Message m = std::move(queue_.front());
      queue_.pop_front();
      if (!up(m.to) || !passes(m)) continue;
      delivered_.push_back(m);
      if (Status s = raft(m.to).step(m); !s) fail("step: " + s.toString());
      handle(m.to);
    }
  }

  void tick(const AgentId& id, int times = 1) {
    for (int k = 0; k < times; ++k) {
      if (!up(id)) return;
      raft(id).tick();
      handle(id);
    }
  }
  // Every up agent ticks once, then everything is delivered; `times` rounds.
  void tickAll(int times = 1) {
    for (int k = 0; k < times; ++k) {
      for (auto& [id, n] : nodes_) tick(id);
      deliver();
    }
  }

  // Ticks only `id` (the others' timers stand still) until it leads.
  bool elect(const AgentId& id) {
    for (int k = 0; k < 10 * kElectionMin; ++k) {
      tick(id);
      deliver();
      if (raft(id).role() == Role::kLeader) return true;
    }
    return false;
  }

  void isolate(const AgentId& id) { isolated_.insert(id); }
  void heal() { isolated_.clear(); }
  void setDrop(std::function<bool(const Message&)> drop) { drop_ = std::move(drop); }
  void clearQueue() { queue_.clear(); }
  std::vector<Message>& delivered() { return delivered_; }

  AgentId leader() {
    AgentId best;
    Term bestTerm = 0;
    for (auto& [id, n] : nodes_) {
      if (n->raft && n->raft->role() == Role::kLeader && n->raft->term() >= bestTerm) {
        best = id;
        bestTerm = n->raft->term();
      }
    }
    return best;
  }

  const std::string& problem() const { return problem_; }

 private:
  void fail(const std::string& what) {
    if (problem_.empty()) problem_ = what;
  }

  std::size_t maxEntries_;
  int starts_ = 0;
  std::map<AgentId, std::unique_ptr<Node>> nodes_;
  std::deque<Message> queue_;
  std::vector<Message> delivered_;
  std::set<AgentId> isolated_;
  std::function<bool(const Message&)> drop_;
  std::string problem_;
};

// One agent fed messages by hand; returns what it sends.
struct Solo {
  MemoryLogStore store;
  std::unique_ptr<Raft> raft;

  // Writes the bootstrap entry of `members` to the disk, as every initial agent does.
  void bootstrap(const Configuration& members) {
    persistOrDie(std::nullopt, {bootstrapEntry(members)}, std::nullopt);
  }
  void start(const AgentId& id) {
    RaftOptions options;
    options.id = id;
    options.random = randomFor(id);
    raft = std::make_unique<Raft>(std::move(options), store);
    drain();
  }
  std::vector<Message> drain() {
    std::vector<Message> out;
    while (raft->hasReady()) {
      Ready rd = raft->ready();
      lastReady = rd;
      persistOrDie(rd.hardState, rd.entries, rd.snapshot);
      out.insert(out.end(), rd.messages.begin(), rd.messages.end());
      raft->advance();
    }
    return out;
  }
  std::vector<Message> step(const Message& m) {
    const Status s = raft->step(m);
    if (!s) qWarning("step refused: %s", s.toString().c_str());
    return drain();
  }
  Ready lastReady;

 private:
  // The in-memory disk refuses only writes that break its invariants: a bug in the test or
  // the core, never something to carry on from.
  void persistOrDie(const std::optional<HardState>& hardState, const std::vector<Entry>& entries,
                    const std::optional<Snapshot>& snapshot) {
    if (Status status = store.persist(hardState, entries, snapshot); !status) {
      qFatal("persist refused: %s", status.toString().c_str());
    }
  }
};

}  // namespace tandem::agency::sim
