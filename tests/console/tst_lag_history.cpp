// LagHistory: one sample per follower per connected round, series kept across role changes,
// bounded, and its CSV text exactly.
#include <QSignalSpy>
#include <QtTest>

#include "models/lag_history.h"

using namespace tandem::console;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 11, 27), QTime(18, 0, 0, 125), Qt::UTC);

NodeState makeNode(const QString& id, int port, NodeRole role, qint64 lag_ms, qint64 lag_ticks) {
  NodeState n;
  n.id = id;
  n.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  n.role = role;
  n.lag_ms = lag_ms;
  n.lag_ticks = lag_ticks;
  return n;
}

// A leads unless `b_leads`; B and C follow with the given lags.
ClusterState state(int second, qint64 lag, bool b_leads = false) {
  ClusterState s;
  s.connected = true;
  s.time = kT0.addSecs(second);
  s.nodes = {makeNode("A", 9001, b_leads ? NodeRole::kFollower : NodeRole::kLeader, lag, lag),
             makeNode("B", 9002, b_leads ? NodeRole::kLeader : NodeRole::kFollower, lag * 10, lag),
             makeNode("C", 9003, NodeRole::kFollower, lag * 20, lag * 2)};
  return s;
}

}  // namespace

class LagHistoryTest : public QObject {
  Q_OBJECT

 private slots:
  void samplesEveryFollowerPerRound();
  void roleChangeLeavesAGap();
  void disconnectedRoundsAreSkipped();
  void seriesAreBounded();
  void csvIsExact();
  void clearForgetsEverything();
};

void LagHistoryTest::samplesEveryFollowerPerRound() {
  LagHistory history(nullptr);
  QSignalSpy sampled(&history, &LagHistory::sampled);
  QSignalSpy added(&history, &LagHistory::nodeAdded);
  history.record(state(0, 1));
  history.record(state(1, 2));
  QCOMPARE(history.nodes(), QStringList({"B", "C"}));  // the leader lags nobody
  QCOMPARE(history.samples("B").size(), 2);
  QCOMPARE(history.samples("C")[1].lag_ms, 40);
  QCOMPARE(history.samples("C")[1].lag_ticks, 4);
  QCOMPARE(history.samples("C")[1].time, kT0.addSecs(1));
  QCOMPARE(history.endpointOf("C"), "tcp://127.0.0.1:9003");
  QVERIFY(history.samples("A").isEmpty());
  QVERIFY(history.samples("nobody").isEmpty());
  QCOMPARE(sampled.size(), 2);
  QCOMPARE(sampled[1][0].toDateTime(), kT0.addSecs(1));
  QCOMPARE(added.size(), 2);
  QCOMPARE(history.first(), kT0);
  QCOMPARE(history.last(), kT0.addSecs(1));
}

void LagHistoryTest::roleChangeLeavesAGap() {
  LagHistory history(nullptr);
  QSignalSpy added(&history, &LagHistory::nodeAdded);
  history.record(state(0, 1));
  history.record(state(1, 1, true));  // B leads now, A follows
  history.record(state(2, 1));        // and back
  QCOMPARE(history.nodes(), QStringList({"A", "B", "C"}));
  QCOMPARE(history.samples("B").size(), 2);
  QCOMPARE(history.samples("B")[0].time, kT0);
  QCOMPARE(history.samples("B")[1].time, kT0.addSecs(2));  // nothing at second 1
  QCOMPARE(history.samples("A").size(), 1);
  QCOMPARE(history.samples("C").size(), 3);
  QCOMPARE(added.size(), 3);
  QCOMPARE(added[2][0].toString(), "A");
}

void LagHistoryTest::disconnectedRoundsAreSkipped() {
  LagHistory history(nullptr);
  QSignalSpy sampled(&history, &LagHistory::sampled);
  ClusterState lost = state(0, 1);
  lost.connected = false;
  history.record(lost);
  QVERIFY(history.nodes().isEmpty());
  QCOMPARE(sampled.size(), 0);
  QVERIFY(!history.first().isValid());
  QVERIFY(!history.last().isValid());
}

void LagHistoryTest::seriesAreBounded() {
  LagHistory history(nullptr);
  ClusterState s = state(0, 1);
  s.nodes = {makeNode("B", 9002, NodeRole::kFollower, 0, 0)};
  const int total = LagHistory::kMaxSamplesPerNode + 5;
  for (int i = 0; i < total; ++i) {
    s.time = kT0.addSecs(i);
    s.nodes[0].lag_ticks = i;
    history.record(s);
  }
  QCOMPARE(history.samples("B").size(), LagHistory::kMaxSamplesPerNode);
  QCOMPARE(history.samples("B").first().lag_ticks, 5);  // the oldest went
  QCOMPARE(history.samples("B").last().lag_ticks, total - 1);
  QCOMPARE(history.first(), kT0.addSecs(5));
}

void LagHistoryTest::csvIsExact() {
  LagHistory history(nullptr);
  QCOMPARE(history.toCsv(), QByteArray("time_utc,node_id,endpoint,lag_ms,lag_ticks\n"));
  history.record(state(0, 1));
  history.record(state(1, 3, true));
  QCOMPARE(history.toCsv(), QByteArray("time_utc,node_id,endpoint,lag_ms,lag_ticks\n"
                                       "2026-11-27T18:00:00.125Z,B,tcp://127.0.0.1:9002,10,1\n"
                                       "2026-11-27T18:00:00.125Z,C,tcp://127.0.0.1:9003,20,2\n"
                                       "2026-11-27T18:00:01.125Z,A,tcp://127.0.0.1:9001,3,3\n"
                                       "2026-11-27T18:00:01.125Z,C,tcp://127.0.0.1:9003,60,6\n"));
}

void LagHistoryTest::clearForgetsEverything() {
  LagHistory history(nullptr);
  QSignalSpy cleared(&history, &LagHistory::cleared);
  history.record(state(0, 1));
  history.clear();
  QCOMPARE(cleared.size(), 1);
  QVERIFY(history.nodes().isEmpty());
  QVERIFY(history.endpointOf("B").isEmpty());
}

QTEST_GUILESS_MAIN(LagHistoryTest)
#include "tst_lag_history.moc"
