// NodeTableModel fed a sequence of states (nodes added, removed, reordered, changed) under
// QAbstractItemModelTester: strict row bookkeeping, cell texts and roles, and dataChanged only
// for the rows that changed.
#include <QAbstractItemModelTester>
#include <QColor>
#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

#include "models/health_colors.h"
#include "models/node_table_model.h"

using namespace tandem::console;

namespace {

NodeState makeNode(const QString& id, int port, NodeRole role, Health health = Health::kGood) {
  NodeState n;
  n.id = id;
  n.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  n.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
  n.role = role;
  n.health = health;
  n.applied_tick = 1234567;
  n.applied_term = 2;
  n.version = "0.1.0";
  n.uptime_seconds = 3 * 3600 + 12 * 60 + 5;
  n.heartbeat_age_ms = 100;
  n.in_sync = role == NodeRole::kFollower;
  return n;
}

ClusterState makeState(QList<NodeState> nodes) {
  ClusterState s;
  s.connected = true;
  s.nodes = std::move(nodes);
  return s;
}

QStringList ids(const NodeTableModel& model) {
  QStringList out;
  for (int row = 0; row < model.rowCount(); ++row) out << model.idAt(row);
  return out;
}

}  // namespace

class NodeTableModelTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
  void rowsFollowTheStates();
  void cellsShowTheNode();
  void onlyChangedRowsEmitDataChanged();
  void selectionSurvivesReordering();
};

void NodeTableModelTest::rowsFollowTheStates() {
  NodeTableModel model(nullptr);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
  QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

  const NodeState a = makeNode("A", 9001, NodeRole::kLeader);
  const NodeState b = makeNode("B", 9002, NodeRole::kFollower);
  const NodeState c = makeNode("C", 9003, NodeRole::kFollower);
  model.setState(makeState({a, b, c}));
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.columnCount(), int(NodeTableModel::kColumnCount));
  QCOMPARE(ids(model), QStringList({"A", "B", "C"}));
  QCOMPARE(inserted.size(), 3);

  // B goes.
  model.setState(makeState({a, c}));
  QCOMPARE(ids(model), QStringList({"A", "C"}));
  QCOMPARE(removed.size(), 1);
  QCOMPARE(model.rowOf("B"), -1);

  // Failover: C leads, A follows, D joins between them.
  NodeState c2 = makeNode("C", 9003, NodeRole::kLeader);
  NodeState d = makeNode("D", 9004, NodeRole::kFollower);
  NodeState a2 = makeNode("A", 9001, NodeRole::kFollower);
  model.setState(makeState({c2, d, a2}));
  QCOMPARE(ids(model), QStringList({"C", "D", "A"}));
  QCOMPARE(moved.size(), 1);
  QCOMPARE(inserted.size(), 4);
  QCOMPARE(model.rowOf("D"), 1);

  // A node known only by endpoint, then by id: a new row replaces the endpoint-only one.
  NodeState anonymous = makeNode("", 9005, NodeRole::kUnknown, Health::kUnreachable);
  model.setState(makeState({c2, d, a2, anonymous}));
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(model.idAt(3), "");
  model.setState(makeState({c2, d, a2, makeNode("E", 9005, NodeRole::kFollower)}));
  QCOMPARE(ids(model), QStringList({"C", "D", "A", "E"}));

  model.setState(makeState({}));
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(reset.size(), 0);  // never a reset: views keep their state
  QCOMPARE(model.idAt(0), "");
  QCOMPARE(model.idAt(-1), "");
}

void NodeTableModelTest::cellsShowTheNode() {
  NodeTableModel model(nullptr);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  NodeState leader = makeNode("A", 9001, NodeRole::kLeader);
  NodeState follower = makeNode("B", 9002, NodeRole::kFollower, Health::kBad);
  follower.lag_ticks = 1234;
  follower.lag_ms = 5678;
  follower.draining = true;
  follower.is_agent = true;
  follower.agent_id = "AGNT-1";
  NodeState gone = makeNode("C", 9003, NodeRole::kRemoved, Health::kUnreachable);
  gone.uptime_seconds = -1;
  gone.unreachable_reason = "connection refused";
  model.setState(makeState({leader, follower, gone}));

  const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
    return model.data(model.index(row, column), role);
  };
  QCOMPARE(cell(0, NodeTableModel::kId).toString(), "A");
  QCOMPARE(cell(0, NodeTableModel::kName).toString(), "127.0.0.1:9001");
  QCOMPARE(cell(0, NodeTableModel::kEndpoint).toString(), "tcp://127.0.0.1:9001");
  QCOMPARE(cell(0, NodeTableModel::kRole).toString(), "leader");
  QCOMPARE(cell(0, NodeTableModel::kHealth).toString(), "good");
  QCOMPARE(cell(0, NodeTableModel::kAppliedTick).toString(), "1,234,567");
  QCOMPARE(cell(0, NodeTableModel::kLagTicks).toString(), "");  // a leader lags nobody
  QCOMPARE(cell(0, NodeTableModel::kVersion).toString(), "0.1.0");
  QCOMPARE(cell(0, NodeTableModel::kUptime).toString(), "3 h 12 min");
  QCOMPARE(cell(1, NodeTableModel::kRole).toString(), "follower, draining");
  QCOMPARE(cell(1, NodeTableModel::kHealth).toString(), "bad");
  QCOMPARE(cell(1, NodeTableModel::kLagTicks).toString(), "1,234");
  QCOMPARE(cell(1, NodeTableModel::kLagMs).toString(), "5,678 ms");
  QCOMPARE(cell(2, NodeTableModel::kRole).toString(), "removed");
  QCOMPARE(cell(2, NodeTableModel::kHealth).toString(), "unreachable");
  QCOMPARE(cell(2, NodeTableModel::kUptime).toString(), "—");

  QCOMPARE(cell(1, NodeTableModel::kHealth, NodeTableModel::kIdRole).toString(), "B");
  QCOMPARE(cell(1, NodeTableModel::kLagTicks, NodeTableModel::kSortRole).toLongLong(), 1234);
  QCOMPARE(cell(0, NodeTableModel::kLagTicks, NodeTableModel::kSortRole).toLongLong(), -1);
  QCOMPARE(cell(0, NodeTableModel::kUptime, NodeTableModel::kSortRole).toDouble(), 11525.0);
  QCOMPARE(cell(1, NodeTableModel::kName, Qt::DecorationRole).value<QColor>(),
           healthColor(Health::kBad));
  QVERIFY(cell(1, NodeTableModel::kHealth, Qt::BackgroundRole).value<QColor>().isValid());

  const QString tip = cell(1, NodeTableModel::kVersion, Qt::ToolTipRole).toString();
  for (const char* part :
       {"Id: B", "Endpoint: tcp://127.0.0.1:9002", "Role: follower, draining", "Health: bad",
        "Applied: term 2, tick 1,234,567", "Lag: 1,234 ticks, 5,678 ms", "Heartbeat age: 100 ms",
        "Version: 0.1.0", "Uptime: 3 h 12 min", "Agent: AGNT-1"}) {
    QVERIFY2(tip.contains(QLatin1String(part)), qPrintable(tip));
  }
  QVERIFY(cell(2, 0, Qt::ToolTipRole).toString().contains("Unreachable: connection refused"));
  QCOMPARE(model.headerData(NodeTableModel::kLagMs, Qt::Horizontal).toString(), "Lag (ms)");
  QVERIFY(!model.data(model.index(5, 0)).isValid());
}

void NodeTableModelTest::onlyChangedRowsEmitDataChanged() {
  NodeTableModel model(nullptr);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  NodeState a = makeNode("A", 9001, NodeRole::kLeader);
  NodeState b = makeNode("B", 9002, NodeRole::kFollower);
  NodeState c = makeNode("C", 9003, NodeRole::kFollower);
  model.setState(makeState({a, b, c}));

  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.setState(makeState({a, b, c}));
  QCOMPARE(changed.size(), 0);

  c.health = Health::kFailed;
  model.setState(makeState({a, b, c}));
  QCOMPARE(changed.size(), 1);
  const QModelIndex from = changed[0][0].value<QModelIndex>();
  const QModelIndex to = changed[0][1].value<QModelIndex>();
  QCOMPARE(from.row(), 2);
  QCOMPARE(to.row(), 2);
  QVERIFY(from.column() <= NodeTableModel::kHealth && to.column() >= NodeTableModel::kHealth);
  QCOMPARE(model.data(model.index(2, NodeTableModel::kHealth)).toString(), "failed");

  changed.clear();
  b.lag_ticks = 7;
  b.applied_tick += 1;
  model.setState(makeState({a, b, c}));
  QCOMPARE(changed.size(), 1);
  QCOMPARE(changed[0][0].value<QModelIndex>().row(), 1);
}

void NodeTableModelTest::selectionSurvivesReordering() {
  NodeTableModel model(nullptr);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setState(
      makeState({makeNode("A", 9001, NodeRole::kLeader), makeNode("B", 9002, NodeRole::kFollower),
                 makeNode("C", 9003, NodeRole::kFollower)}));
  const QPersistentModelIndex selected = model.index(2, NodeTableModel::kName);  // C
  model.setState(
      makeState({makeNode("C", 9003, NodeRole::kLeader), makeNode("A", 9001, NodeRole::kFollower),
                 makeNode("B", 9002, NodeRole::kFollower)}));
  QVERIFY(selected.isValid());
  QCOMPARE(selected.row(), 0);
  QCOMPARE(model.idAt(selected.row()), "C");
}

QTEST_GUILESS_MAIN(NodeTableModelTest)
#include "tst_node_table_model.moc"
