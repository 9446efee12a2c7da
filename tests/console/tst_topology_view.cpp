// TopologyView on hand-made ClusterStates: an item per node and agent, the leader on top and
// crowned, arrows labelled with each follower's lag, colours by health, the draining / removed /
// unreachable marks, tooltips, selection by click, stable items across rounds, and no crash on
// empty, disconnected or very large states.
#include <QSignalSpy>
#include <QtTest>

#include "views/node_palette.h"
#include "views/topology_edge_item.h"
#include "views/topology_node_item.h"
#include "views/topology_view.h"

using namespace tandem::console;

namespace {

NodeState makeNode(const QString& id, int port, NodeRole role, Health health) {
  NodeState node;
  node.id = id;
  node.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  node.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
  node.role = role;
  node.health = health;
  node.applied_tick = 1000;
  node.applied_term = 3;
  node.version = QStringLiteral("0.1.0");
  node.uptime_seconds = 42;
  return node;
}

// A leader, a follower 12 ms / 340 ticks behind, a draining follower (BAD), a removed node and
// an unreachable follower; three agents, the second leading.
ClusterState sampleState() {
  ClusterState state;
  state.time = QDateTime::currentDateTimeUtc();
  state.round = 7;
  state.connected = true;
  state.leader_id = QStringLiteral("L");
  state.leader_endpoint = QStringLiteral("tcp://127.0.0.1:9001");
  state.term = 3;
  state.writes_at_risk = 0;
  state.nodes << makeNode(QStringLiteral("L"), 9001, NodeRole::kLeader, Health::kGood);
  NodeState f1 = makeNode(QStringLiteral("F1"), 9002, NodeRole::kFollower, Health::kGood);
  f1.lag_ms = 12;
  f1.lag_ticks = 340;
  NodeState f2 = makeNode(QStringLiteral("F2"), 9003, NodeRole::kFollower, Health::kBad);
  f2.draining = true;
  NodeState gone = makeNode(QStringLiteral("R"), 9004, NodeRole::kRemoved, Health::kGood);
  NodeState lost = makeNode(QStringLiteral("U"), 9005, NodeRole::kFollower, Health::kUnreachable);
  lost.unreachable_reason = QStringLiteral("connection refused");
  state.nodes << f1 << f2 << lost << gone;
  for (int i = 0; i < 3; ++i) {
    AgentState agent;
    agent.id = QStringLiteral("AGNT-%1").arg(i);
    agent.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(9001 + i);
    agent.leader = i == 1;
    state.agents << agent;
  }
  return state;
}

}  // namespace

class TopologyViewTest : public QObject {
  Q_OBJECT

 private slots:
  void showsAnItemPerNodeAndAgent();
  void leaderIsOnTopAndCrowned();
  void arrowsAreLabelledWithLag();
  void coloursFollowHealth();
  void marksDrainingRemovedAndUnreachable();
  void tooltipCarriesDetails();
  void clickSelectsAndKeepsItemsAcrossRounds();
  void leaderChangeMovesTheCrown();
  void survivesEmptyDisconnectedAndHugeStates();
};

void TopologyViewTest::showsAnItemPerNodeAndAgent() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  QCOMPARE(view.nodeIds().size(), 5);
  for (const char* id : {"L", "F1", "F2", "R", "U"}) QVERIFY2(view.nodeItem(id), qPrintable(id));
  for (int i = 0; i < 3; ++i) QVERIFY(view.agentItem(QStringLiteral("AGNT-%1").arg(i)));
  QVERIFY(view.agentItem(QStringLiteral("AGNT-1"))->isLeaderMarked());
  QVERIFY(!view.agentItem(QStringLiteral("AGNT-0"))->isLeaderMarked());
  QCOMPARE(view.agentItem(QStringLiteral("AGNT-1"))->roleText(), QStringLiteral("agent leader"));
  QVERIFY(view.messageText().isEmpty());
}

void TopologyViewTest::leaderIsOnTopAndCrowned() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  QCOMPARE(view.leaderId(), QStringLiteral("L"));
  TopologyNodeItem* leader = view.nodeItem(QStringLiteral("L"));
  QVERIFY(leader->isLeaderMarked());
  QVERIFY(leader->roleText().startsWith(QStringLiteral("LEADER")));
  for (const char* id : {"F1", "F2", "R", "U"}) {
    QVERIFY2(view.nodeItem(id)->pos().y() > leader->pos().y(), qPrintable(id));
    QVERIFY(!view.nodeItem(id)->isLeaderMarked());
  }
  // Agents sit below the data nodes.
  QVERIFY(view.agentItem(QStringLiteral("AGNT-0"))->pos().y() >
          view.nodeItem(QStringLiteral("F1"))->pos().y());
}

void TopologyViewTest::arrowsAreLabelledWithLag() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  TopologyEdgeItem* edge = view.edgeItem(QStringLiteral("F1"));
  QVERIFY(edge);
  QVERIFY2(edge->label().contains(QStringLiteral("12 ms")), qPrintable(edge->label()));
  QVERIFY2(edge->label().contains(QStringLiteral("340 ticks")), qPrintable(edge->label()));
  QVERIFY(view.edgeItem(QStringLiteral("F2")));
  QCOMPARE(view.edgeItem(QStringLiteral("U"))->label(), QStringLiteral("lag unknown"));
  QVERIFY(!view.edgeItem(QStringLiteral("L")));  // the leader has no arrow
  QVERIFY(!view.edgeItem(QStringLiteral("R")));  // nor a removed node
}

void TopologyViewTest::coloursFollowHealth() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  QCOMPARE(view.nodeItem(QStringLiteral("L"))->fillColor(), nodeFillColor(Health::kGood));
  QCOMPARE(view.nodeItem(QStringLiteral("F2"))->fillColor(), nodeFillColor(Health::kBad));
  QCOMPARE(view.nodeItem(QStringLiteral("U"))->fillColor(), nodeFillColor(Health::kUnreachable));
  QVERIFY(nodeFillColor(Health::kGood) != nodeFillColor(Health::kBad));
  QVERIFY(nodeFillColor(Health::kFailed) != nodeFillColor(Health::kBad));
}

void TopologyViewTest::marksDrainingRemovedAndUnreachable() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  TopologyNodeItem* draining = view.nodeItem(QStringLiteral("F2"));
  QVERIFY(draining->isDashed());
  QCOMPARE(draining->markText(), QStringLiteral("draining"));
  TopologyNodeItem* removed = view.nodeItem(QStringLiteral("R"));
  QVERIFY(removed->isStruck());
  QCOMPARE(removed->markText(), QStringLiteral("removed"));
  QVERIFY(removed->opacity() < 1.0);
  QCOMPARE(view.nodeItem(QStringLiteral("U"))->markText(), QStringLiteral("unreachable"));
  TopologyNodeItem* fine = view.nodeItem(QStringLiteral("F1"));
  QVERIFY(!fine->isDashed() && !fine->isStruck() && fine->markText().isEmpty());
  // Removed nodes come after every live follower.
  QVERIFY(removed->pos().x() > fine->pos().x());
}

void TopologyViewTest::tooltipCarriesDetails() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  const QString tip = view.nodeItem(QStringLiteral("F1"))->toolTip();
  QVERIFY2(tip.contains(QStringLiteral("tcp://127.0.0.1:9002")), qPrintable(tip));
  QVERIFY2(tip.contains(QStringLiteral("340")), qPrintable(tip));
  QVERIFY2(tip.contains(QStringLiteral("0.1.0")), qPrintable(tip));
  const QString lost = view.nodeItem(QStringLiteral("U"))->toolTip();
  QVERIFY2(lost.contains(QStringLiteral("connection refused")), qPrintable(lost));
}

void TopologyViewTest::clickSelectsAndKeepsItemsAcrossRounds() {
  TopologyView view(nullptr);
  view.resize(900, 600);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setState(sampleState());
  QSignalSpy selected(&view, &TopologyView::nodeSelected);
  TopologyNodeItem* f1 = view.nodeItem(QStringLiteral("F1"));
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(f1->scenePos()));
  QCOMPARE(selected.size(), 1);
  QCOMPARE(selected.at(0).at(0).toString(), QStringLiteral("F1"));
  QVERIFY(f1->isHighlighted());
  // The next round keeps the very same items (no flicker) and the selection.
  ClusterState next = sampleState();
  next.nodes[1].lag_ms = 99;
  view.setState(next);
  QCOMPARE(view.nodeItem(QStringLiteral("F1")), f1);
  QVERIFY(f1->isHighlighted());
  QVERIFY(view.edgeItem(QStringLiteral("F1"))->label().contains(QStringLiteral("99 ms")));
  // Clicking the background selects nothing new.
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(2, 2));
  QCOMPARE(selected.size(), 1);
}

void TopologyViewTest::leaderChangeMovesTheCrown() {
  TopologyView view(nullptr);
  view.setState(sampleState());
  ClusterState next = sampleState();
  next.nodes[0].role = NodeRole::kFollower;
  next.nodes[1].role = NodeRole::kLeader;
  std::swap(next.nodes[0], next.nodes[1]);
  next.leader_id = QStringLiteral("F1");
  view.setState(next);
  QCOMPARE(view.leaderId(), QStringLiteral("F1"));
  QVERIFY(view.nodeItem(QStringLiteral("F1"))->isLeaderMarked());
  QVERIFY(!view.nodeItem(QStringLiteral("L"))->isLeaderMarked());
  QVERIFY(view.nodeItem(QStringLiteral("L"))->pos().y() >
          view.nodeItem(QStringLiteral("F1"))->pos().y());
  QVERIFY(view.edgeItem(QStringLiteral("L")));
  QVERIFY(!view.edgeItem(QStringLiteral("F1")));
}

void TopologyViewTest::survivesEmptyDisconnectedAndHugeStates() {
  TopologyView view(nullptr);
  view.resize(800, 500);
  view.show();
  view.setState(ClusterState{});
  QVERIFY(view.nodeIds().isEmpty());
  QVERIFY(!view.messageText().isEmpty());
  QVERIFY(view.leaderId().isEmpty());

  ClusterState lost = sampleState();
  lost.connected = false;
  lost.error = QStringLiteral("no node answered");
  view.setState(lost);
  QVERIFY(view.messageText().contains(QStringLiteral("no node answered")));

  ClusterState leaderless = sampleState();
  leaderless.nodes[0].role = NodeRole::kFollower;
  leaderless.leader_id.clear();
  view.setState(leaderless);
  QVERIFY(view.leaderId().isEmpty());
  QVERIFY(!view.messageText().isEmpty());

  ClusterState huge;
  huge.connected = true;
  huge.time = QDateTime::currentDateTimeUtc();
  huge.nodes << makeNode(QStringLiteral("L"), 10000, NodeRole::kLeader, Health::kGood);
  for (int i = 1; i < 400; ++i) {
    huge.nodes << makeNode(QStringLiteral("N%1").arg(i), 10000 + i, NodeRole::kFollower,
                           Health(i % 5));
  }
  NodeState nameless = makeNode(QString(), 20000, NodeRole::kUnknown, Health::kUnknown);
  huge.nodes << nameless << nameless;  // the same unknown node twice: shown once
  huge.leader_id = QStringLiteral("L");
  for (int i = 0; i < 9; ++i) {
    AgentState agent;
    agent.id = QStringLiteral("A%1").arg(i);
    huge.agents << agent;
  }
  view.setState(huge);
  QCOMPARE(view.nodeIds().size(), 401);
  QVERIFY(view.nodeItem(QStringLiteral("tcp://127.0.0.1:20000")));
  QVERIFY(view.transform().m11() > 0);
  QVERIFY(view.sceneRect().contains(view.nodeItem(QStringLiteral("N399"))->sceneBoundingRect()));
  view.setState(sampleState());  // and back
  QCOMPARE(view.nodeIds().size(), 5);
  QVERIFY(view.grab().width() > 0);
}

QTEST_MAIN(TopologyViewTest)
#include "tst_topology_view.moc"
