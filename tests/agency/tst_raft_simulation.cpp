// The seeded simulation of the agency's Raft core: thousands of schedules with message loss,
// duplication, delay, reordering, partitions, crashes and restarts, and membership changes,
// checking the Raft invariants after every step and progress once the faults stop.
//
// Environment:
//   TANDEM_SIM_RUNS=<n>   number of seeded runs (default 2000; seeds 1..n)
//   TANDEM_SIM_SEED=<s>   run only seed s, tracing every event to stderr (to replay a failure)
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "sim_cluster.h"

using namespace tandem::agency;
using namespace tandem::agency::sim;

namespace {

std::uint64_t envNumber(const char* name, std::uint64_t fallback, bool* present = nullptr) {
  const char* value = std::getenv(name);
  if (present) *present = value && *value;
  if (!value || !*value) return fallback;
  return std::strtoull(value, nullptr, 10);
}

QString failureMessage(std::uint64_t seed, const SimCluster& cluster, const std::string& what) {
  return QStringLiteral("seed %1 violated: %2\n  run: %3\n  replay: TANDEM_SIM_SEED=%1")
      .arg(seed)
      .arg(QString::fromStdString(what), QString::fromStdString(cluster.describe()));
}

}  // namespace

// Seeds are run in rows of kSeedsPerRow: each row is one QtTest data row, so no single test
// function invocation runs into QtTest's per-function timeout in the long mode.
constexpr std::uint64_t kSeedsPerRow = 100;

class RaftSimulationTest : public QObject {
  Q_OBJECT

 private slots:
  void seededRunsKeepInvariantsAndMakeProgress_data() {
    QTest::addColumn<quint64>("firstSeed");
    QTest::addColumn<quint64>("lastSeed");
    bool single = false;
    const std::uint64_t onlySeed = envNumber("TANDEM_SIM_SEED", 0, &single);
    if (single) {
      QTest::addRow("seed %llu", static_cast<unsigned long long>(onlySeed))
          << quint64(onlySeed) << quint64(onlySeed);
      return;
    }
    const std::uint64_t runs = envNumber("TANDEM_SIM_RUNS", 2000);
    for (std::uint64_t first = 1; first <= runs; first += kSeedsPerRow) {
      const std::uint64_t last = std::min(runs, first + kSeedsPerRow - 1);
      QTest::addRow("seeds %llu-%llu", static_cast<unsigned long long>(first),
                    static_cast<unsigned long long>(last))
          << quint64(first) << quint64(last);
    }
  }
  void seededRunsKeepInvariantsAndMakeProgress() {
    QFETCH(quint64, firstSeed);
    QFETCH(quint64, lastSeed);
    bool single = false;
    envNumber("TANDEM_SIM_SEED", 0, &single);
    for (std::uint64_t seed = firstSeed; seed <= lastSeed; ++seed) {
      // A single seed is a replay: trace every event to stderr.
      SimCluster cluster(seed, single ? &std::cerr : nullptr);
      const std::string failure = cluster.run();
      if (!failure.empty()) QFAIL(qPrintable(failureMessage(seed, cluster, failure)));
      const SimStats& stats = cluster.stats();
      ++runs_;
      total_.steps += stats.steps;
      total_.delivered += stats.delivered;
      total_.crashes += stats.crashes;
      total_.snapshotsSent += stats.snapshotsSent;
      total_.applied += stats.applied;
      slowestRecovery_ = std::max(slowestRecovery_, stats.settleTicks);
      membershipRuns_ += stats.membershipChanged ? 1 : 0;
    }
  }

  // The schedules must exercise what they claim to: a simulation that never crashes anything,
  // never sends a snapshot or never changes membership proves little.
  void schedulesExerciseEveryFault() {
    qInfo(
        "%llu runs: %llu steps, %llu messages delivered, %llu crashes, %llu snapshots sent, "
        "%llu entries applied, %llu runs changed membership, slowest recovery %llu ticks",
        static_cast<unsigned long long>(runs_), static_cast<unsigned long long>(total_.steps),
        static_cast<unsigned long long>(total_.delivered),
        static_cast<unsigned long long>(total_.crashes),
        static_cast<unsigned long long>(total_.snapshotsSent),
        static_cast<unsigned long long>(total_.applied),
        static_cast<unsigned long long>(membershipRuns_),
        static_cast<unsigned long long>(slowestRecovery_));
    if (runs_ < 200) QSKIP("too few runs to judge the schedules");
    QVERIFY(total_.crashes > runs_);
    QVERIFY(total_.snapshotsSent > runs_ / 10);
    QVERIFY(membershipRuns_ > runs_ / 20);
    QVERIFY(total_.applied > runs_);
  }

  void aSeedReplaysExactly() {
    for (std::uint64_t seed : {7u, 1234u}) {
      std::ostringstream first;
      std::ostringstream second;
      SimCluster a(seed, &first);
      SimCluster b(seed, &second);
      QCOMPARE(a.run(), b.run());
      QVERIFY(!first.str().empty());
      QCOMPARE(first.str(), second.str());
    }
  }

 private:
  std::uint64_t runs_ = 0;
  SimStats total_;
  std::uint64_t slowestRecovery_ = 0;
  std::uint64_t membershipRuns_ = 0;
};

QTEST_GUILESS_MAIN(RaftSimulationTest)
#include "tst_raft_simulation.moc"
