// The follower's applier decisions (engine/replication/applier.h): answers in, actions out,
// table-driven; forkPoint cases; and a seeded simulation of a leader and followers with
// failovers, lost writes and failing requests, in which every follower must end with exactly
// the leader's history and a rollback never removes an entry the leader has.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include <QTest>

#include "replication/applier.h"

using namespace tandem;
using namespace tandem::replication;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(std::optional<std::uint64_t>)

namespace {

// "1:101-200,2:201-300" -> term ranges.
std::vector<TermRange> ranges(const QString& text) {
  std::vector<TermRange> out;
  for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
    const QStringList term_ticks = part.split(':');
    const QStringList ticks = term_ticks[1].split('-');
    out.push_back(
        TermRange{term_ticks[0].toULongLong(), ticks[0].toULongLong(), ticks[1].toULongLong()});
  }
  return out;
}

TailAnswer answer(int status, OplogPosition applied = {}, std::size_t entries = 0,
                  bool check_more = false, bool from_present = true) {
  TailAnswer a;
  a.http_status = status;
  a.applied = applied;
  a.entries_applied = entries;
  a.check_more = check_more;
  a.from_present = from_present;
  return a;
}

// ---- simulation ----------------------------------------------------------------------------

struct SimNode {
  std::vector<OplogPosition> log;  // entries after `base`, tick order
  OplogPosition base;
  std::uint64_t issued = 0;  // highest tick this node wrote or copied (ticks never go back)
  Applier applier;
  ApplierAction next;
  std::set<std::pair<std::uint64_t, std::uint64_t>> rolled_back;

  OplogPosition last() const { return log.empty() ? base : log.back(); }
  bool has(OplogPosition p) const {
    if (p.tick == 0 || p == base) return true;
    return std::find(log.begin(), log.end(), p) != log.end();
  }
  std::vector<TermRange> terms() const {
    std::vector<TermRange> out;
    for (const OplogPosition& p : log) {
      if (out.empty() || out.back().term != p.term) {
        out.push_back(TermRange{p.term, p.tick, p.tick});
      } else {
        out.back().last_tick = p.tick;
      }
    }
    return out;
  }
  void append(OplogPosition p) {
    log.push_back(p);
    issued = std::max(issued, p.tick);
  }
};

class Simulation {
 public:
  explicit Simulation(unsigned seed) : random_(seed) {
    nodes_.resize(3);
    becomeLeader(0);
  }

  void run(int steps) {
    for (int step = 0; step < steps; ++step) {
      if (chance(0.02)) becomeLeader(pick(nodes_.size()));
      if (chance(0.5)) write();
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (i != leader_) this->step(i);
      }
    }
  }

  // Without failovers or failures every follower catches up.
  bool settle() {
    failures_ = false;
    for (int round = 0; round < 2000; ++round) {
      bool all = true;
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (i == leader_) continue;
        step(i);
        all = all && nodes_[i].last() == nodes_[leader_].last() &&
              nodes_[i].next.kind == ActionKind::kTail;
      }
      if (all) return true;
    }
    return false;
  }

  // The follower's history is the leader's: both bases lie on the common history, and the
  // entries after the later of the two bases are the same.
  bool sameHistory(std::size_t i) const {
    const SimNode& leader = nodes_[leader_];
    const SimNode& node = nodes_[i];
    if (node.base.tick >= leader.base.tick ? !leader.has(node.base) : !node.has(leader.base)) {
      return false;
    }
    const std::uint64_t cut = std::max(node.base.tick, leader.base.tick);
    auto after = [cut](const std::vector<OplogPosition>& log) {
      std::vector<OplogPosition> out;
      for (const OplogPosition& p : log) {
        if (p.tick > cut) out.push_back(p);
      }
      return out;
    };
    return after(leader.log) == after(node.log);
  }

  std::size_t leader() const { return leader_; }
  std::size_t size() const { return nodes_.size(); }
  const SimNode& node(std::size_t i) const { return nodes_[i]; }
  int unsafeRollbacks() const { return unsafe_rollbacks_; }
  int incompleteRollbacks() const { return incomplete_rollbacks_; }
  std::uint64_t rolledBackEntries() const { return rolled_back_entries_; }
  std::uint64_t rollbacks() const { return rollbacks_; }
  std::uint64_t resyncs() const { return resyncs_; }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
  }

  void becomeLeader(std::size_t i) {
    leader_ = i;
    ++term_;
    SimNode& leader = nodes_[i];
    leader.applier.stop();
    leader.append(OplogPosition{leader.issued + 1, term_});  // the term-start entry
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
      if (k != i) nodes_[k].next = nodes_[k].applier.start(nodes_[k].last());
    }
  }

  void write() {
    SimNode& leader = nodes_[leader_];
    leader.append(OplogPosition{leader.issued + 1, term_});
  }

  void step(std::size_t i) {
    SimNode& node = nodes_[i];
    SimNode& leader = nodes_[leader_];
    Applier& applier = node.applier;
    const ApplierAction action = node.next;
    if (failures_ && action.kind != ActionKind::kBackoff && action.kind != ActionKind::kNone &&
        chance(0.05)) {
      node.next = applier.onError("simulated failure");
      return;
    }
    switch (action.kind) {
      case ActionKind::kNone:
        return;
      case ActionKind::kBackoff:
        node.next = applier.onBackoffDone();
        return;
      case ActionKind::kTail:
        node.next = applier.onTail(tail(node, leader, action.from));
        return;
      case ActionKind::kFetchTermHistory:
        node.next = applier.onTermHistory(leader.terms(), node.terms(), node.base);
        return;
      case ActionKind::kRollback:
        node.next = rollback(node, leader, action.fork_tick);
        return;
      case ActionKind::kFullSync:
        ++resyncs_;
        node.log.clear();
        node.base = leader.last();
        node.issued = std::max(node.issued, node.base.tick);
        node.next = applier.onFullSyncDone(node.base);
        return;
    }
  }

  TailAnswer tail(SimNode& node, const SimNode& leader, OplogPosition from) {
    if (!leader.has(from)) return answer(409);
    if (from.tick < leader.base.tick) return answer(200, node.last(), 0, false, false);
    std::size_t applied = 0;
    bool more = false;
    for (const OplogPosition& p : leader.log) {
      if (p.tick <= from.tick) continue;
      if (applied == 4) {
        more = true;
        break;
      }
      if (p.tick > node.last().tick) node.append(p);
      ++applied;
    }
    if (applied == 0) return answer(204, node.last());
    return answer(200, node.last(), applied, more);
  }

  ApplierAction rollback(SimNode& node, const SimNode& leader, std::uint64_t fork) {
    ++rollbacks_;
    std::vector<OplogPosition> kept;
    for (const OplogPosition& p : node.log) {
      if (p.tick <= fork) {
        kept.push_back(p);
      } else {
        if (leader.has(p)) ++unsafe_rollbacks_;  // a shared entry must never be removed
        node.rolled_back.insert({p.tick, p.term});
      }
    }
    // As Store::rollbackAfter: without an entry at or before the fork (other than the base),
    // the history is unknown and only a full resync helps.
    if (kept.empty() && fork != node.base.tick) return node.applier.onRollbackDone(false, {});
    // Every divergent entry is handed over: what stays is the leader's history (entries up
    // to the leader's own base cannot be compared: a tail from there resyncs).
    for (const OplogPosition& p : kept) {
      if (p.tick > leader.base.tick && !leader.has(p)) ++incomplete_rollbacks_;
    }
    rolled_back_entries_ += node.log.size() - kept.size();
    node.log = std::move(kept);
    return node.applier.onRollbackDone(true, node.last());
  }

  std::mt19937 random_;
  std::vector<SimNode> nodes_;
  std::size_t leader_ = 0;
  std::uint64_t term_ = 0;
  bool failures_ = true;
  int unsafe_rollbacks_ = 0;
  int incomplete_rollbacks_ = 0;
  std::uint64_t rolled_back_entries_ = 0;
  std::uint64_t rollbacks_ = 0;
  std::uint64_t resyncs_ = 0;
};

}  // namespace

class ApplierTest : public QObject {
  Q_OBJECT

 private slots:
  void startWithoutHistoryRunsFullSync() {
    Applier applier;
    QCOMPARE(applier.start({}).kind, ActionKind::kFullSync);
    QCOMPARE(applier.phase(), ApplierPhase::kInitialSync);
    const ApplierAction next = applier.onFullSyncDone({500, 2});
    QCOMPARE(next.kind, ActionKind::kTail);
    QCOMPARE(next.from, (OplogPosition{500, 2}));
    QCOMPARE(next.wait, milliseconds(0));
    QCOMPARE(applier.phase(), ApplierPhase::kTailing);
  }

  void startWithHistoryTails() {
    Applier applier;
    const ApplierAction action = applier.start({300, 4});
    QCOMPARE(action.kind, ActionKind::kTail);
    QCOMPARE(action.from, (OplogPosition{300, 4}));
  }

  void tailAnswers_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("checkMore");
    QTest::addColumn<bool>("fromPresent");
    QTest::addColumn<int>("kind");
    QTest::addColumn<quint64>("fromTick");
    QTest::addColumn<int>("waitMs");
    QTest::addColumn<int>("phase");
    auto row = [](const char* name, int status, bool more, bool present, ActionKind kind,
                  quint64 tick, int wait, ApplierPhase phase) {
      QTest::newRow(name) << status << more << present << static_cast<int>(kind) << tick << wait
                          << static_cast<int>(phase);
    };
    row("200 with more", 200, true, true, ActionKind::kTail, 120, 0, ApplierPhase::kTailing);
    row("200 caught up", 200, false, true, ActionKind::kTail, 120, 1000, ApplierPhase::kTailing);
    row("204 long-polls", 204, false, true, ActionKind::kTail, 100, 1000, ApplierPhase::kTailing);
    row("409 diverged", 409, false, true, ActionKind::kFetchTermHistory, 0, 0,
        ApplierPhase::kDiverged);
    row("pruned: resync", 200, false, false, ActionKind::kFullSync, 0, 0, ApplierPhase::kResync);
    row("500 backs off", 500, false, true, ActionKind::kBackoff, 0, 50, ApplierPhase::kError);
    row("503 backs off", 503, false, true, ActionKind::kBackoff, 0, 50, ApplierPhase::kError);
  }

  void tailAnswers() {
    QFETCH(int, status);
    QFETCH(bool, checkMore);
    QFETCH(bool, fromPresent);
    QFETCH(int, kind);
    QFETCH(quint64, fromTick);
    QFETCH(int, waitMs);
    QFETCH(int, phase);
    Applier applier;
    applier.start({100, 1});
    const OplogPosition applied = status == 200 ? OplogPosition{120, 1} : OplogPosition{100, 1};
    const ApplierAction action =
        applier.onTail(answer(status, applied, status == 200 ? 20 : 0, checkMore, fromPresent));
    QCOMPARE(static_cast<int>(action.kind), kind);
    if (action.kind == ActionKind::kTail) QCOMPARE(action.from.tick, fromTick);
    QCOMPARE(action.wait, milliseconds(waitMs));
    QCOMPARE(static_cast<int>(applier.phase()), phase);
  }

  void backoffDoublesUpToItsBoundAndResets() {
    Applier applier;
    applier.start({100, 1});
    const int expected[] = {50, 100, 200, 400, 800, 1600, 2000, 2000};
    for (int wait : expected) {
      const ApplierAction action = applier.onError("connection refused");
      QCOMPARE(action.kind, ActionKind::kBackoff);
      QCOMPARE(action.wait, milliseconds(wait));
      QCOMPARE(applier.onBackoffDone().kind, ActionKind::kTail);
    }
    QCOMPARE(applier.lastError(), std::string("connection refused"));
    applier.onTail(answer(204, {100, 1}));
    QVERIFY(applier.lastError().empty());
    QCOMPARE(applier.onError("again").wait, milliseconds(50));
  }

  void failedStepIsRetriedAfterBackoff() {
    Applier applier;
    applier.start({});
    QCOMPARE(applier.onError("dump failed").kind, ActionKind::kBackoff);
    QCOMPARE(applier.onBackoffDone().kind, ActionKind::kFullSync);
    QCOMPARE(applier.phase(), ApplierPhase::kInitialSync);
    applier.onFullSyncDone({10, 1});
    applier.onTail(answer(409));
    QCOMPARE(applier.onError("term history failed").kind, ActionKind::kBackoff);
    QCOMPARE(applier.onBackoffDone().kind, ActionKind::kFetchTermHistory);
  }

  void divergenceRollsBackToTheFork() {
    Applier applier;
    applier.start({260, 2});
    QCOMPARE(applier.onTail(answer(409)).kind, ActionKind::kFetchTermHistory);
    const ApplierAction rollback =
        applier.onTermHistory(ranges("1:101-200,3:201-300"), ranges("1:101-200,2:201-260"), {});
    QCOMPARE(rollback.kind, ActionKind::kRollback);
    QCOMPARE(rollback.fork_tick, 200u);
    const ApplierAction tail = applier.onRollbackDone(true, {200, 1});
    QCOMPARE(tail.kind, ActionKind::kTail);
    QCOMPARE(tail.from, (OplogPosition{200, 1}));
    QCOMPARE(applier.rollbacks(), 1u);
    // Still refused at the fork: the histories cannot be joined, resync.
    QCOMPARE(applier.onTail(answer(409)).kind, ActionKind::kFullSync);
    QCOMPARE(applier.resyncs(), 1u);
  }

  void unrestorableRollbackResyncs() {
    Applier applier;
    applier.start({260, 2});
    applier.onTail(answer(409));
    applier.onTermHistory(ranges("1:101-200"), ranges("1:101-200,2:201-260"), {});
    QCOMPARE(applier.onRollbackDone(false, {200, 1}).kind, ActionKind::kFullSync);
    QCOMPARE(applier.phase(), ApplierPhase::kResync);
  }

  void failedRollbackResyncs() {
    Applier applier;
    applier.start({260, 2});
    applier.onTail(answer(409));
    QCOMPARE(applier.onTermHistory(ranges("1:101-200"), ranges("1:101-200,2:201-260"), {}).kind,
             ActionKind::kRollback);
    QCOMPARE(applier.onError("restore failed").kind, ActionKind::kBackoff);
    QCOMPARE(applier.onBackoffDone().kind, ActionKind::kFullSync);
    QCOMPARE(applier.phase(), ApplierPhase::kResync);
    QCOMPARE(applier.resyncs(), 1u);
  }

  void noCommonHistoryResyncs() {
    Applier applier;
    applier.start({150, 1});
    applier.onTail(answer(409));
    QCOMPARE(applier.onTermHistory(ranges("2:101-200"), ranges("1:101-150"), {}).kind,
             ActionKind::kFullSync);
  }

  void stoppedApplierIgnoresLateAnswers() {
    Applier applier;
    applier.start({100, 1});
    applier.stop();
    QCOMPARE(applier.onTail(answer(200, {120, 1}, 20)).kind, ActionKind::kNone);
    QCOMPARE(applier.onError("late").kind, ActionKind::kNone);
    QCOMPARE(applier.phase(), ApplierPhase::kStopping);
  }

  void documentOnlyRollbacksAreRestorable() {
    OplogEntry upsert;
    OplogEntry term_start;
    term_start.type = OpType::kTermStart;
    OplogEntry ddl;
    ddl.type = OpType::kCreateCollection;
    QVERIFY(canRestoreDocuments({upsert, term_start}));
    QVERIFY(canRestoreDocuments({}));
    QVERIFY(!canRestoreDocuments({upsert, ddl}));
  }

  void forkPoints_data() {
    QTest::addColumn<QString>("leader");
    QTest::addColumn<QString>("follower");
    QTest::addColumn<quint64>("baseTick");
    QTest::addColumn<quint64>("baseTerm");
    QTest::addColumn<std::optional<std::uint64_t>>("fork");
    using F = std::optional<std::uint64_t>;
    QTest::newRow("identical") << "1:101-200"
                               << "1:101-200" << 0ull << 0ull << F(200);
    QTest::newRow("follower behind") << "1:101-300"
                                     << "1:101-200" << 0ull << 0ull << F(200);
    QTest::newRow("ahead in an old term") << "1:101-200,2:201-300"
                                          << "1:101-250" << 0ull << 0ull << F(200);
    QTest::newRow("ahead in its own term") << "1:101-200,3:251-400"
                                           << "1:101-200,2:201-250" << 0ull << 0ull << F(200);
    QTest::newRow("several terms shared")
        << "1:101-200,2:201-300,4:301-350"
        << "1:101-200,2:201-320,3:321-330" << 0ull << 0ull << F(300);
    QTest::newRow("no common entry") << "2:101-200"
                                     << "1:101-150" << 0ull << 0ull << F();
    QTest::newRow("empty follower") << "1:101-200"
                                    << "" << 0ull << 0ull << F();
    QTest::newRow("base shared") << "1:101-300"
                                 << "" << 250ull << 1ull << F(250);
    QTest::newRow("base not shared") << "2:101-300"
                                     << "" << 250ull << 1ull << F();
    QTest::newRow("entries after a shared base") << "1:101-300,3:301-320"
                                                 << "2:251-280" << 250ull << 1ull << F(250);
  }

  void forkPoints() {
    QFETCH(QString, leader);
    QFETCH(QString, follower);
    QFETCH(quint64, baseTick);
    QFETCH(quint64, baseTerm);
    QFETCH(std::optional<std::uint64_t>, fork);
    QCOMPARE(forkPoint(ranges(leader), ranges(follower), OplogPosition{baseTick, baseTerm}), fork);
  }

  void simulatedFailoversConverge_data() {
    QTest::addColumn<unsigned>("seed");
    for (unsigned seed = 1; seed <= 40; ++seed) {
      QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
  }

  void simulatedFailoversConverge() {
    QFETCH(unsigned, seed);
    Simulation sim(seed);
    sim.run(600);
    QVERIFY(sim.settle());
    for (std::size_t i = 0; i < sim.size(); ++i) {
      if (i == sim.leader()) continue;
      QVERIFY2(sim.sameHistory(i), qPrintable(QString("follower %1 differs").arg(i)));
    }
    QCOMPARE(sim.unsafeRollbacks(), 0);
    QCOMPARE(sim.incompleteRollbacks(), 0);
  }

  void simulationExercisesRollbackAndResync() {
    std::uint64_t rollbacks = 0;
    std::uint64_t resyncs = 0;
    for (unsigned seed = 1; seed <= 40; ++seed) {
      Simulation sim(seed);
      sim.run(600);
      QVERIFY(sim.settle());
      rollbacks += sim.rolledBackEntries();
      resyncs += sim.resyncs();
    }
    QVERIFY(rollbacks > 0);  // the seeds above do roll back divergent entries
    QVERIFY(resyncs > 0);
  }
};

QTEST_GUILESS_MAIN(ApplierTest)
#include "tst_applier.moc"
