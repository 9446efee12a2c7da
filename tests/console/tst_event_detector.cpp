// EventDetector: hand-built state sequences give exactly the expected events.
#include <QtTest>

#include "models/event_detector.h"

using namespace tandem::console;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 11, 27), QTime(18, 0), Qt::UTC);

NodeState makeNode(const QString& id, int port, NodeRole role) {
  NodeState n;
  n.id = id;
  n.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  n.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
  n.role = role;
  n.health = Health::kGood;
  NodeStatus status;
  status.id = id;
  status.applier.phase = role == NodeRole::kLeader ? "idle" : "tailing";
  n.status = status;
  return n;
}

// A three-node cluster: A (9001) leads, B (9002) and C (9003) follow.
ClusterState cluster(int round = 1) {
  ClusterState s;
  s.time = kT0.addSecs(round);
  s.round = round;
  s.connected = true;
  s.leader_id = "A";
  s.leader_endpoint = "tcp://127.0.0.1:9001";
  s.term = 1;
  s.nodes = {makeNode("A", 9001, NodeRole::kLeader), makeNode("B", 9002, NodeRole::kFollower),
             makeNode("C", 9003, NodeRole::kFollower)};
  return s;
}

NodeState& nodeOf(ClusterState& s, const QString& id) {
  for (NodeState& n : s.nodes) {
    if (n.id == id) return n;
  }
  qFatal("no node %s", qPrintable(id));
  return s.nodes[0];
}

ClusterState failedOverTo(const QString& id, int port, qint64 term, int round) {
  ClusterState s = cluster(round);
  for (NodeState& n : s.nodes) n.role = n.id == id ? NodeRole::kLeader : NodeRole::kFollower;
  s.leader_id = id;
  s.leader_endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  s.term = term;
  return s;
}

QStringList messages(const QList<Event>& events) {
  QStringList out;
  for (const Event& e : events) out << e.message;
  return out;
}

}  // namespace

class EventDetectorTest : public QObject {
  Q_OBJECT

 private slots:
  void firstStateOnlySaysConnected();
  void identicalStatesSayNothing();
  void unannouncedLeaderChangeIsAFailover();
  void announcedLeaderChangeIsASwitchover();
  void healthChangesAreReported();
  void unreachableNodeSaysWhy();
  void resyncAndRollbackCountersRising();
  void drainRemovalAndJoin();
  void maintenanceOnAndOff();
  void connectionLostAndRegained();
};

void EventDetectorTest::firstStateOnlySaysConnected() {
  EventDetector detector;
  const QList<Event> events = detector.update(cluster());
  QCOMPARE(events.size(), 1);
  QCOMPARE(events[0].kind, EventKind::kConnection);
  QCOMPARE(events[0].message, "Connected to the cluster (leader 127.0.0.1:9001)");
  QCOMPARE(events[0].time, kT0.addSecs(1));
}

void EventDetectorTest::identicalStatesSayNothing() {
  EventDetector detector;
  detector.update(cluster(1));
  QCOMPARE(messages(detector.update(cluster(2))), QStringList());
  QCOMPARE(messages(detector.update(cluster(3))), QStringList());
}

void EventDetectorTest::unannouncedLeaderChangeIsAFailover() {
  EventDetector detector;
  detector.update(cluster(1));
  const QList<Event> events = detector.update(failedOverTo("B", 9002, 3, 2));
  QCOMPARE(messages(events),
           QStringList({"Failover: 127.0.0.1:9002 now leads (term 3); 127.0.0.1:9001 led before"}));
  QCOMPARE(events[0].kind, EventKind::kFailover);
  QCOMPARE(events[0].node_id, "B");
  QCOMPARE(events[0].time, kT0.addSecs(2));
}

void EventDetectorTest::announcedLeaderChangeIsASwitchover() {
  EventDetector detector;
  detector.update(cluster(1));
  detector.expectSwitchover("C");
  const QList<Event> events = detector.update(failedOverTo("C", 9003, 2, 2));
  QCOMPARE(messages(events), QStringList({"Switchover: 127.0.0.1:9003 now leads (term 2); "
                                          "127.0.0.1:9001 led before"}));
  QCOMPARE(events[0].kind, EventKind::kSwitchover);
  // The announcement is used up: the next change is a failover again.
  const QList<Event> later = detector.update(failedOverTo("B", 9002, 3, 3));
  QCOMPARE(later.size(), 1);
  QCOMPARE(later[0].kind, EventKind::kFailover);

  // An announcement for another node does not make a change a switchover.
  EventDetector other;
  other.update(cluster(1));
  other.expectSwitchover("C");
  QCOMPARE(other.update(failedOverTo("B", 9002, 2, 2)).value(0).kind, EventKind::kFailover);
}

void EventDetectorTest::healthChangesAreReported() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState next = cluster(2);
  nodeOf(next, "C").health = Health::kFailed;
  nodeOf(next, "B").health = Health::kBad;
  const QList<Event> events = detector.update(next);
  QCOMPARE(messages(events), QStringList({"127.0.0.1:9002 is BAD (was GOOD)",
                                          "127.0.0.1:9003 is FAILED (was GOOD)"}));
  QCOMPARE(events[1].kind, EventKind::kHealth);
  QCOMPARE(events[1].node_id, "C");
  QCOMPARE(
      messages(detector.update(cluster(3))),
      QStringList({"127.0.0.1:9002 is GOOD (was BAD)", "127.0.0.1:9003 is GOOD (was FAILED)"}));
}

void EventDetectorTest::unreachableNodeSaysWhy() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState next = cluster(2);
  nodeOf(next, "B").health = Health::kUnreachable;
  nodeOf(next, "B").unreachable_reason = "connection refused";
  nodeOf(next, "B").status.reset();
  QCOMPARE(messages(detector.update(next)),
           QStringList({"127.0.0.1:9002 unreachable: connection refused"}));
  QCOMPARE(messages(detector.update(next)), QStringList());  // once, not every round
}

void EventDetectorTest::resyncAndRollbackCountersRising() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState next = cluster(2);
  nodeOf(next, "C").status->applier.resyncs = 1;
  nodeOf(next, "C").status->applier.phase = "resync";
  nodeOf(next, "C").status->applier.rollbacks = 1;
  const QList<Event> events = detector.update(next);
  QCOMPARE(messages(events),
           QStringList({"127.0.0.1:9003 started a resync",
                        "127.0.0.1:9003 rolled back operations the new leader does not have"}));
  QCOMPARE(events[0].kind, EventKind::kResync);
  // Still resyncing, counters unchanged: nothing new.
  QCOMPARE(messages(detector.update(next)), QStringList());

  ClusterState initial = next;
  nodeOf(initial, "B").status->applier.phase = "initial-sync";
  QCOMPARE(messages(detector.update(initial)),
           QStringList({"127.0.0.1:9002 started an initial sync"}));
}

void EventDetectorTest::drainRemovalAndJoin() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState draining = cluster(2);
  nodeOf(draining, "C").draining = true;
  QCOMPARE(messages(detector.update(draining)), QStringList({"127.0.0.1:9003 is draining"}));

  ClusterState removed = draining;
  nodeOf(removed, "C").role = NodeRole::kRemoved;
  const QList<Event> events = detector.update(removed);
  QCOMPARE(messages(events), QStringList({"127.0.0.1:9003 was removed"}));
  QCOMPARE(events[0].kind, EventKind::kMembership);

  ClusterState joined = removed;
  joined.nodes.append(makeNode("D", 9004, NodeRole::kFollower));
  QCOMPARE(messages(detector.update(joined)), QStringList({"127.0.0.1:9004 joined the cluster"}));

  ClusterState forgotten = joined;
  forgotten.nodes.removeIf([](const NodeState& n) { return n.id == "C"; });
  QCOMPARE(messages(detector.update(forgotten)),
           QStringList());  // a removed node leaving is no news
  forgotten.nodes.removeIf([](const NodeState& n) { return n.id == "D"; });
  QCOMPARE(messages(detector.update(forgotten)), QStringList({"127.0.0.1:9004 left the cluster"}));
}

void EventDetectorTest::maintenanceOnAndOff() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState on = cluster(2);
  on.maintenance_until_ms =
      QDateTime(QDate(2026, 11, 27), QTime(19, 0), Qt::UTC).toMSecsSinceEpoch();
  const QList<Event> events = detector.update(on);
  QCOMPARE(messages(events),
           QStringList({"Maintenance on until 2026-11-27 19:00:00 UTC: no automatic failover"}));
  QCOMPARE(events[0].kind, EventKind::kMaintenance);
  QCOMPARE(messages(detector.update(cluster(3))),
           QStringList({"Maintenance off: the supervision fails over again"}));
}

void EventDetectorTest::connectionLostAndRegained() {
  EventDetector detector;
  detector.update(cluster(1));
  ClusterState lost = cluster(2);
  lost.connected = false;
  lost.error = "No node of the cluster answered (connection refused).";
  for (NodeState& n : lost.nodes) n.health = Health::kUnreachable;
  const QList<Event> events = detector.update(lost);
  QCOMPARE(
      messages(events),
      QStringList({"Lost the cluster: No node of the cluster answered (connection refused)."}));
  QCOMPARE(events[0].kind, EventKind::kConnection);
  QCOMPARE(messages(detector.update(lost)), QStringList());  // once

  // Back: "connected" and what changed since the last connected round, not "every node is
  // reachable again".
  ClusterState back = failedOverTo("B", 9002, 2, 4);
  const QList<Event> again = detector.update(back);
  QCOMPARE(messages(again),
           QStringList({"Connected to the cluster (leader 127.0.0.1:9002)",
                        "Failover: 127.0.0.1:9002 now leads (term 2); 127.0.0.1:9001 led before"}));

  EventDetector never;
  QCOMPARE(messages(never.update(lost)), QStringList());  // nothing to lose yet
  QCOMPARE(messages(never.update(cluster(3))),
           QStringList({"Connected to the cluster (leader 127.0.0.1:9001)"}));
}

QTEST_GUILESS_MAIN(EventDetectorTest)
#include "tst_event_detector.moc"
