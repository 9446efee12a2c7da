// The main window against a real 3-node cluster (tests/support/cluster_harness.h), driven the way
// an operator drives it: the window connects and shows the leader and two followers; File →
// Export… (the real Qt file dialog) writes a snapshot whose "health" matches the cluster's own
// /_admin/cluster/health; a follower selected in the table is promoted by clicking the real
// toolbar button and the dialog's Run button; a follower is upgraded in place; a follower is
// drained and removed; a node is replaced through the wizard by a node the harness added; and a
// SIGKILL of the leader appears as a failover in the view and the event log.
//
// The cases share one cluster and run in order; each leaves it usable for the next (removed
// nodes keep running as agents, so the agency keeps its majority for the final failover).
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <functional>
#include <memory>

#include "cluster_harness.h"
#include "models/event_log.h"
#include "models/node_table_model.h"
#include "views/cluster_header.h"
#include "views/main_window.h"
#include "views/node_actions.h"
#include "views/node_table_view.h"
#include "views/operation_dialog.h"
#include "views/replace_node_wizard.h"
#include "views/topology_edge_item.h"
#include "views/topology_node_item.h"
#include "views/topology_view.h"

using namespace tandem::console;
using tandem::test::ClusterHarness;
using tandem::test::LeaderInfo;

namespace {

constexpr int kConnectTimeoutMs = 30000;
constexpr int kOperationTimeoutMs = 60000;

int countEvents(const EventLog* log, EventKind kind, int from = 0) {
  int count = 0;
  for (int i = from; i < log->events().size(); ++i) {
    if (log->events().at(i).kind == kind) ++count;
  }
  return count;
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void cleanup();

  void windowShowsLeaderAndFollowers();
  void exportWritesSnapshotMatchingClusterHealth();
  void contextMenusOfferTheNodeActions();
  void maintenanceModeTogglesWithBanner();
  void promoteFollowerFromToolbar();
  void upgradeFollowerFromToolbar();
  void drainThenRemoveFollower();
  void replaceNodeThroughWizard();
  void killedLeaderShowsAsFailover();

 private:
  const ClusterState& state() const { return window_->state(); }
  int indexOf(const QString& id) const { return ids_.indexOf(id); }
  // A running follower (by the window's state) other than `except`, "" if none.
  QString follower(const QStringList& except = {}) const;
  bool followerReady(const QString& id) const;
  void selectInTable(const QString& id);
  void selectInTopology(const QString& id);
  void clickToolbar(QAction* action);
  // Clicks Run in the open operation dialog (unless already running) and waits for the end.
  void runOpenOperation(Operation::State* outcome, QString* message);
  void closeOperationDialog();
  // Clicks `action`'s toolbar button and runs the dialog it opens; a failed run (a cluster busy
  // with the previous step: the message says to try again) is tried once more, as an operator
  // would — unless `done` shows that the cluster made the change after all (an agency write
  // whose outcome the node could not tell in time, seen under sanitizers); true then.
  bool runFromToolbar(QAction* action, Operation::State* outcome, QString* message,
                      const std::function<bool()>& done);

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  std::unique_ptr<MainWindow> window_;
  QStringList ids_;   // server id per harness index
  QString upgraded_;  // the follower upgraded last (its agent may still be settling)
};

void MainWindowTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.filePath(QStringLiteral("cluster")), 3);
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  const LeaderInfo leader = cluster_->waitForLeader(60000);
  QVERIFY2(leader.index >= 0, qPrintable(cluster_->logs()));
  for (int i = 0; i < cluster_->size(); ++i) ids_ << cluster_->serverId(i);

  window_ = std::make_unique<MainWindow>();
  window_->resize(1800, 1000);  // wide enough for every toolbar button
  window_->setInterval(500);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  window_->connectTo(QUrl::fromStringList(cluster_->baseUrls()));
  QTRY_VERIFY_WITH_TIMEOUT(state().connected && state().leader() &&
                               state().followers().size() == 2 &&
                               followerReady(state().followers().at(0)->id) &&
                               followerReady(state().followers().at(1)->id),
                           kConnectTimeoutMs);
}

void MainWindowTest::cleanupTestCase() {
  window_.reset();
  if (cluster_) cluster_->stopAll();
}

void MainWindowTest::cleanup() {
  // A failed case must not leave its dialog open: the window runs one operation at a time.
  if (QPointer<OperationDialog> dialog = window_ ? window_->operationDialog() : nullptr) {
    dialog->operation()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->operation()->state() != Operation::State::kRunning, 10000);
    delete dialog;
  }
}

bool MainWindowTest::runFromToolbar(QAction* action, Operation::State* outcome, QString* message,
                                    const std::function<bool()>& done) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    clickToolbar(action);
    if (QTest::currentTestFailed()) return false;
    runOpenOperation(outcome, message);
    if (QTest::currentTestFailed()) return false;
    if (*outcome == Operation::State::kSucceeded) return true;
    qWarning("attempt %d failed: %s", attempt + 1, qPrintable(*message));
    closeOperationDialog();
    if (QTest::currentTestFailed()) return false;
    if (QTest::qWaitFor(done, 5000)) {
      qWarning("the cluster shows the change made although the operation reported a failure");
      return true;
    }
  }
  return false;
}

QString MainWindowTest::follower(const QStringList& except) const {
  for (const NodeState* node : state().followers()) {
    const int index = indexOf(node->id);
    if (!except.contains(node->id) && index >= 0 && cluster_->isRunning(index)) return node->id;
  }
  return {};
}

bool MainWindowTest::followerReady(const QString& id) const {
  const NodeState* node = state().node(id);
  return node && node->role == NodeRole::kFollower && node->health == Health::kGood &&
         node->in_sync && !node->draining;
}

void MainWindowTest::selectInTable(const QString& id) {
  NodeTableView* table = window_->nodeTable();
  const int row = table->rowOfNode(id);
  QVERIFY2(row >= 0, qPrintable(id));
  const QRect cell = table->visualRect(table->model()->index(row, NodeTableModel::kName));
  QVERIFY(!cell.isEmpty());
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
  QCOMPARE(window_->selectedNode(), id);
  QCOMPARE(window_->topologyView()->selectedNode(), id);
}

void MainWindowTest::selectInTopology(const QString& id) {
  TopologyView* view = window_->topologyView();
  TopologyNodeItem* item = view->nodeItem(id);
  QVERIFY2(item, qPrintable(id));
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(item->scenePos()));
  QCOMPARE(window_->selectedNode(), id);
  QCOMPARE(window_->nodeTable()->selectedNodeId(), id);
}

void MainWindowTest::clickToolbar(QAction* action) {
  QTRY_VERIFY2_WITH_TIMEOUT(action->isEnabled(), qPrintable(action->toolTip()), 15000);
  auto* button = qobject_cast<QToolButton*>(window_->toolBar()->widgetForAction(action));
  QVERIFY2(button && button->isVisible(), qPrintable(action->objectName()));
  QTest::mouseClick(button, Qt::LeftButton);
}

void MainWindowTest::runOpenOperation(Operation::State* outcome, QString* message) {
  QTRY_VERIFY(window_->operationDialog() != nullptr);
  OperationDialog* dialog = window_->operationDialog();
  QVERIFY(dialog->isVisible());
  if (dialog->operation()->state() == Operation::State::kIdle) {
    QVERIFY(dialog->runButton()->isVisible());
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
  }
  QTRY_VERIFY_WITH_TIMEOUT(dialog->closeButton()->isVisible(), kOperationTimeoutMs);
  *outcome = dialog->operation()->state();
  *message = dialog->operation()->message();
  qInfo("%s: %s", qPrintable(dialog->operation()->title()), qPrintable(*message));
  QVERIFY(dialog->resultLabel()->isVisible());
  QVERIFY(!dialog->resultLabel()->text().isEmpty());
}

void MainWindowTest::closeOperationDialog() {
  QPointer<OperationDialog> dialog = window_->operationDialog();
  QVERIFY(dialog);
  QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
  QTRY_VERIFY(dialog.isNull());  // deletes itself on close
}

void MainWindowTest::windowShowsLeaderAndFollowers() {
  const int leader = cluster_->leaderIndex();
  QVERIFY(leader >= 0);
  const QString leader_id = ids_[leader];
  QTRY_COMPARE(window_->topologyView()->leaderId(), leader_id);
  TopologyView* view = window_->topologyView();
  QCOMPARE(view->nodeIds().size(), 3);
  QVERIFY(view->nodeItem(leader_id)->isLeaderMarked());
  for (const NodeState* node : state().followers()) {
    QVERIFY(view->edgeItem(node->id));
    QVERIFY(view->edgeItem(node->id)->label().contains(QStringLiteral("ticks")));
  }
  QCOMPARE(window_->nodeModel()->rowCount(), 3);
  QCOMPARE(window_->nodeModel()->idAt(0), leader_id);  // leader first
  QVERIFY2(window_->windowTitle().contains(cluster_->endpoint(leader)),
           qPrintable(window_->windowTitle()));
  QVERIFY(state().agents.size() == 3);
  QVERIFY(countEvents(window_->eventLog(), EventKind::kConnection) >= 1);
  // Node actions wait for a selection and say so.
  window_->selectNode(QString());
  QVERIFY(!window_->actions()->promoteAction()->isEnabled());
  QVERIFY(window_->actions()->promoteAction()->toolTip().contains(QStringLiteral("select")));
  // The leader cannot be promoted, upgraded alone or removed before draining.
  window_->selectNode(leader_id);
  QVERIFY(!window_->actions()->promoteAction()->isEnabled());
  QVERIFY(!window_->actions()->upgradeAction()->isEnabled());
  QVERIFY(!window_->actions()->removeAction()->isEnabled());
  QVERIFY(window_->actions()->drainAction()->isEnabled());
}

void MainWindowTest::exportWritesSnapshotMatchingClusterHealth() {
  const QString path = dir_.filePath(QStringLiteral("snapshot.json"));
  clickToolbar(window_->actions()->exportAction());
  QFileDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window_->findChild<QFileDialog*>(QStringLiteral("exportDialog"))));
  // Drive Qt's own file dialog: type the name and press Enter.
  auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
  QVERIFY(name);
  name->setText(path);
  QTest::keyClick(name, Qt::Key_Return);
  QTRY_VERIFY(QFile::exists(path));
  QTRY_VERIFY(window_->statusBar()->currentMessage().contains(QDir::toNativeSeparators(path)));

  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QJsonParseError error;
  const QJsonObject snapshot = QJsonDocument::fromJson(file.readAll(), &error).object();
  QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
  QCOMPARE(snapshot.value("format").toString(), QStringLiteral("tandem-console-snapshot"));
  QCOMPARE(snapshot.value("formatVersion").toInt(), 1);
  QCOMPARE(snapshot.value("nodes").toArray().size(), 3);

  const int leader = cluster_->leaderIndex();
  const auto reply = cluster_->request(leader, "GET", "/_admin/cluster/health");
  QCOMPARE(reply.status, 200);
  const QJsonObject live = reply.json().object();
  const QJsonObject live_health = live.value("Health").toObject();
  const QJsonObject exported = snapshot.value("health").toObject();
  QCOMPARE(exported.keys(), live_health.keys());
  for (const QString& id : live_health.keys()) {
    const QJsonObject a = exported.value(id).toObject();
    const QJsonObject b = live_health.value(id).toObject();
    QCOMPARE(a.value("Status").toString(), b.value("Status").toString());
    QCOMPARE(a.value("Endpoint").toString(), b.value("Endpoint").toString());
    QCOMPARE(a.value("leader").toBool(), b.value("leader").toBool());
  }
  QCOMPARE(snapshot.value("cluster").toObject().value("leader").toObject().value("id").toString(),
           live.value("leader").toObject().value("id").toString());
}

void MainWindowTest::contextMenusOfferTheNodeActions() {
  const QString target = follower();
  QVERIFY(!target.isEmpty());
  TopologyView* view = window_->topologyView();
  const QPoint at = view->mapFromScene(view->nodeItem(target)->scenePos());
  QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
  QCoreApplication::sendEvent(view->viewport(), &event);
  QMenu* menu = nullptr;
  QTRY_VERIFY((menu = window_->findChild<QMenu*>(QStringLiteral("nodeContextMenu"))));
  QVERIFY(menu->isVisible());
  QVERIFY(menu->actions().contains(window_->actions()->promoteAction()));
  QVERIFY(menu->actions().contains(window_->actions()->drainAction()));
  QCOMPARE(window_->selectedNode(), target);  // a right click selects too
  QPointer<QMenu> first = menu;
  menu->close();
  QTRY_VERIFY(first.isNull());

  NodeTableView* table = window_->nodeTable();
  const QString leader_id = window_->topologyView()->leaderId();
  const QRect cell =
      table->visualRect(table->model()->index(table->rowOfNode(leader_id), NodeTableModel::kName));
  emit table->customContextMenuRequested(cell.center());
  QTRY_VERIFY((menu = window_->findChild<QMenu*>(QStringLiteral("nodeContextMenu"))));
  QCOMPARE(window_->selectedNode(), leader_id);
  QVERIFY(menu->actions().contains(window_->actions()->upgradeAction()));
  QVERIFY(!window_->actions()->upgradeAction()->isEnabled());  // not on the leader
  menu->close();
}

void MainWindowTest::maintenanceModeTogglesWithBanner() {
  QLabel* banner = window_->header()->maintenanceBanner();
  QVERIFY(banner->isHidden());
  QAction* toggle = window_->actions()->maintenanceAction();
  QVERIFY(!toggle->isChecked());
  Operation::State outcome = Operation::State::kIdle;
  QString message;
  QVERIFY2(runFromToolbar(toggle, &outcome, &message, [&] { return !banner->isHidden(); }),
           qPrintable(message));
  if (outcome == Operation::State::kSucceeded) closeOperationDialog();
  QTRY_VERIFY_WITH_TIMEOUT(!banner->isHidden(), 5000);
  QVERIFY(toggle->isChecked());
  QTRY_VERIFY(countEvents(window_->eventLog(), EventKind::kMaintenance) >= 1);

  QVERIFY2(runFromToolbar(toggle, &outcome, &message, [&] { return banner->isHidden(); }),
           qPrintable(message));
  if (outcome == Operation::State::kSucceeded) closeOperationDialog();
  QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), 5000);
  QVERIFY(!toggle->isChecked());
}

void MainWindowTest::promoteFollowerFromToolbar() {
  const QString target = follower();
  QVERIFY(!target.isEmpty());
  QTRY_VERIFY_WITH_TIMEOUT(followerReady(target), 15000);
  const int switchovers = countEvents(window_->eventLog(), EventKind::kSwitchover);
  selectInTable(target);
  Operation::State outcome = Operation::State::kIdle;
  QString message;
  QVERIFY2(runFromToolbar(window_->actions()->promoteAction(), &outcome, &message,
                          [&] { return state().leader() && state().leader()->id == target; }),
           qPrintable(message));
  if (outcome == Operation::State::kSucceeded) closeOperationDialog();

  const LeaderInfo leader = cluster_->waitForLeader(20000);
  QCOMPARE(leader.id, target);
  QTRY_COMPARE_WITH_TIMEOUT(window_->topologyView()->leaderId(), target, 10000);
  QTRY_VERIFY_WITH_TIMEOUT(countEvents(window_->eventLog(), EventKind::kSwitchover) > switchovers,
                           10000);
  QCOMPARE(countEvents(window_->eventLog(), EventKind::kFailover), 0);
  QVERIFY(countEvents(window_->eventLog(), EventKind::kOperation) >= 2);  // started + outcome
}

void MainWindowTest::upgradeFollowerFromToolbar() {
  QTRY_VERIFY_WITH_TIMEOUT(!follower().isEmpty() && followerReady(follower()), 15000);
  const QString target = follower();
  const int index = indexOf(target);
  const QJsonObject before = cluster_->status(index);
  QVERIFY(!before.isEmpty());
  selectInTopology(target);
  QElapsedTimer clock;
  clock.start();
  clickToolbar(window_->actions()->upgradeAction());
  Operation::State outcome = Operation::State::kIdle;
  QString message;
  runOpenOperation(&outcome, &message);
  QVERIFY2(outcome == Operation::State::kSucceeded, qPrintable(message + cluster_->logs(1500)));
  closeOperationDialog();
  // The node restarted in place (exec keeps the pid; its uptime starts again) and follows.
  const QJsonObject after = cluster_->status(index);
  QVERIFY(!after.isEmpty());
  QVERIFY2(after.value("uptimeSeconds").toDouble() < clock.elapsed() / 1000.0 + 0.5,
           qPrintable(QString::number(after.value("uptimeSeconds").toDouble())));
  QTRY_VERIFY_WITH_TIMEOUT(followerReady(target), 20000);
  upgraded_ = target;
}

void MainWindowTest::drainThenRemoveFollower() {
  // Not the follower just upgraded: its agent may still be rejoining the agency.
  QTRY_VERIFY_WITH_TIMEOUT(!follower({upgraded_}).isEmpty() && followerReady(follower({upgraded_})),
                           15000);
  const QString target = follower({upgraded_});
  selectInTable(target);
  QVERIFY(!window_->actions()->removeAction()->isEnabled());  // not draining yet
  QVERIFY(window_->actions()->removeAction()->toolTip().contains(QStringLiteral("drain")));
  Operation::State outcome = Operation::State::kIdle;
  QString message;
  QVERIFY2(runFromToolbar(window_->actions()->drainAction(), &outcome, &message,
                          [&] { return state().node(target) && state().node(target)->draining; }),
           qPrintable(message));
  if (outcome == Operation::State::kSucceeded) closeOperationDialog();
  QTRY_VERIFY_WITH_TIMEOUT(state().node(target) && state().node(target)->draining, 10000);
  QTRY_VERIFY(window_->topologyView()->nodeItem(target)->isDashed());

  selectInTable(target);
  QVERIFY2(runFromToolbar(window_->actions()->removeAction(), &outcome, &message,
                          [&] {
                            return !state().node(target) ||
                                   state().node(target)->role == NodeRole::kRemoved;
                          }),
           qPrintable(message));
  if (outcome == Operation::State::kSucceeded) closeOperationDialog();
  QTRY_VERIFY_WITH_TIMEOUT(
      !state().node(target) || state().node(target)->role == NodeRole::kRemoved, 10000);
  QVERIFY(!window_->topologyView()->nodeItem(target) ||
          window_->topologyView()->nodeItem(target)->isStruck());
  QTRY_VERIFY(countEvents(window_->eventLog(), EventKind::kMembership) >= 1);
}

void MainWindowTest::replaceNodeThroughWizard() {
  QString why;
  const int fresh = cluster_->addDataNode(&why);
  QVERIFY2(fresh >= 0, qPrintable(why));
  ids_ << cluster_->serverId(fresh);
  QVERIFY(!ids_.last().isEmpty());
  QTRY_VERIFY_WITH_TIMEOUT(!follower({ids_.last()}).isEmpty(), 15000);
  const QString old = follower({ids_.last()});
  selectInTable(old);
  clickToolbar(window_->actions()->replaceAction());
  ReplaceNodeWizard* wizard = nullptr;
  QTRY_VERIFY((wizard = window_->findChild<ReplaceNodeWizard*>()));
  QCOMPARE(wizard->oldNodeCombo()->currentData().toString(), old);  // the selected node
  QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
  QCOMPARE(wizard->currentId(), int(ReplaceNodeWizard::kNewNodePage));
  // Next refuses until the typed endpoint answered.
  QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
  QCOMPARE(wizard->currentId(), int(ReplaceNodeWizard::kNewNodePage));
  QTest::keyClicks(wizard->endpointEdit(), cluster_->baseUrl(fresh));
  QTRY_VERIFY_WITH_TIMEOUT(wizard->endpointVerified(), 10000);
  QVERIFY(wizard->checkLabel()->text().contains(ids_.last()));
  QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
  QCOMPARE(wizard->currentId(), int(ReplaceNodeWizard::kSummaryPage));
  // Keep the old process: it is also an agent, and the agency needs its majority below.
  auto* stop_old = wizard->findChild<QCheckBox*>(QStringLiteral("stopOldCheck"));
  QVERIFY(stop_old && stop_old->isChecked());
  QTest::mouseClick(stop_old, Qt::LeftButton);
  QVERIFY(!stop_old->isChecked());
  QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);

  Operation::State outcome = Operation::State::kIdle;
  QString message;
  runOpenOperation(&outcome, &message);  // started by the wizard's Finish
  QVERIFY2(outcome == Operation::State::kSucceeded, qPrintable(message + cluster_->logs(1500)));
  closeOperationDialog();
  QTRY_VERIFY_WITH_TIMEOUT(!state().node(old) || state().node(old)->role == NodeRole::kRemoved,
                           10000);
  QTRY_VERIFY_WITH_TIMEOUT(followerReady(ids_.last()), 15000);
}

void MainWindowTest::killedLeaderShowsAsFailover() {
  const QString old = window_->topologyView()->leaderId();
  const int index = indexOf(old);
  QVERIFY(index >= 0);
  QTRY_VERIFY_WITH_TIMEOUT(!follower().isEmpty() && followerReady(follower()), 15000);
  const int failovers = countEvents(window_->eventLog(), EventKind::kFailover);
  cluster_->killNode(index);
  QTRY_VERIFY_WITH_TIMEOUT(
      !window_->topologyView()->leaderId().isEmpty() && window_->topologyView()->leaderId() != old,
      10000);
  QTRY_VERIFY_WITH_TIMEOUT(countEvents(window_->eventLog(), EventKind::kFailover) > failovers,
                           5000);
  const LeaderInfo leader = cluster_->waitForLeader(10000, index);
  QCOMPARE(leader.id, window_->topologyView()->leaderId());
}

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
