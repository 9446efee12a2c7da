// The console's dialogs and action rules without a cluster: recent endpoints (most recent
// first, at most ten) and endpoint validation in ConnectDialog, CredentialsDialog's result,
// OperationDialog's confirm → progress → result flow with a scripted operation (and its cancel),
// the enabling rules and "why disabled" tooltips of NodeActions, and the launch dialog's
// defaults.
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

#include "models/event_log.h"
#include "ops/local_cluster.h"
#include "ops/operation.h"
#include "views/connect_dialog.h"
#include "views/credentials_dialog.h"
#include "views/launch_cluster_dialog.h"
#include "views/node_actions.h"
#include "views/operation_dialog.h"

using namespace tandem::console;

namespace {

// An operation whose steps the test drives by hand.
class ScriptedOperation : public Operation {
 public:
  ScriptedOperation(ApiClient* client, QObject* parent) : Operation(client, {}, parent) {}
  QString title() const override { return QStringLiteral("Scripted"); }
  QString confirmation() const override { return QStringLiteral("This will do two things."); }
  QStringList steps() const override {
    return {QStringLiteral("first thing"), QStringLiteral("second thing")};
  }
  void step(int index) { beginStep(index); }
  void done() { succeed(QStringLiteral("Both things done.")); }

 protected:
  void run() override { beginStep(0); }
};

NodeState node(const QString& id, NodeRole role) {
  NodeState out;
  out.id = id;
  out.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(9000 + id.size());
  out.role = role;
  out.health = Health::kGood;
  out.in_sync = role == NodeRole::kFollower;
  return out;
}

ClusterState sampleState() {
  ClusterState state;
  state.connected = true;
  state.round = 3;
  state.leader_id = QStringLiteral("L");
  NodeState behind = node(QStringLiteral("FFF"), NodeRole::kFollower);
  behind.in_sync = false;
  behind.lag_ticks = 340;
  NodeState draining = node(QStringLiteral("DDDD"), NodeRole::kFollower);
  draining.draining = true;
  state.nodes << node(QStringLiteral("L"), NodeRole::kLeader)
              << node(QStringLiteral("FF"), NodeRole::kFollower) << behind << draining;
  return state;
}

QPushButton* okButton(QDialog* dialog) {
  return dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

}  // namespace

class ConsoleDialogsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void connectDialogKeepsTenRecentEndpointsMostRecentFirst();
  void connectDialogRefusesBadEndpoints();
  void credentialsDialogReturnsTheChosenCredentials();
  void operationDialogConfirmsRunsAndReports();
  void operationDialogCancelStopsTheOperation();
  void nodeActionsFollowTheSelectedNode();
  void launchDialogDefaults();
};

void ConsoleDialogsTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);  // QSettings under a test location
  QCoreApplication::setOrganizationName(QStringLiteral("TandemTest"));
  QCoreApplication::setApplicationName(QStringLiteral("tst_console_dialogs"));
  QSettings().clear();
}

void ConsoleDialogsTest::connectDialogKeepsTenRecentEndpointsMostRecentFirst() {
  for (int i = 0; i < 12; ++i) {
    ConnectDialog::rememberEndpoint(QStringLiteral("http://127.0.0.1:%1").arg(9000 + i));
  }
  QStringList recent = ConnectDialog::recentEndpoints();
  QCOMPARE(recent.size(), ConnectDialog::kMaxRecent);
  QCOMPARE(recent.first(), QStringLiteral("http://127.0.0.1:9011"));
  QCOMPARE(recent.last(), QStringLiteral("http://127.0.0.1:9002"));
  ConnectDialog::rememberEndpoint(QStringLiteral("http://127.0.0.1:9005"));
  recent = ConnectDialog::recentEndpoints();
  QCOMPARE(recent.size(), ConnectDialog::kMaxRecent);
  QCOMPARE(recent.first(), QStringLiteral("http://127.0.0.1:9005"));
  QCOMPARE(recent.count(QStringLiteral("http://127.0.0.1:9005")), 1);

  ConnectDialog dialog(nullptr);
  auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("endpointCombo"));
  QVERIFY(combo);
  QCOMPARE(combo->count(), ConnectDialog::kMaxRecent);
  QCOMPARE(combo->currentText(), QStringLiteral("http://127.0.0.1:9005"));
}

void ConsoleDialogsTest::connectDialogRefusesBadEndpoints() {
  ConnectDialog dialog(nullptr);
  dialog.open();
  auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("endpointCombo"));
  auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
  combo->setEditText(QString());
  QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
  QVERIFY(dialog.isVisible());
  QVERIFY(!error->isHidden());
  combo->setEditText(QStringLiteral("http://"));
  QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
  QVERIFY(dialog.isVisible());

  combo->setEditText(QStringLiteral("http://127.0.0.1:8530, tcp://127.0.0.1:8531"));
  auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("credentialsKind"));
  kind->setCurrentIndex(kind->findData(int(Credentials::Kind::kBearer)));
  dialog.findChild<QLineEdit*>(QStringLiteral("tokenEdit"))->setText(QStringLiteral(" abc "));
  QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
  QCOMPARE(dialog.result(), int(QDialog::Accepted));
  QCOMPARE(dialog.endpoints().size(), 2);
  QCOMPARE(dialog.endpoints().at(1), QUrl(QStringLiteral("http://127.0.0.1:8531")));
  QCOMPARE(dialog.credentials().kind, Credentials::Kind::kBearer);
  QCOMPARE(dialog.credentials().token, QStringLiteral("abc"));
  QCOMPARE(ConnectDialog::recentEndpoints().first(),
           QStringLiteral("http://127.0.0.1:8530, tcp://127.0.0.1:8531"));
}

void ConsoleDialogsTest::credentialsDialogReturnsTheChosenCredentials() {
  CredentialsDialog dialog(QUrl(QStringLiteral("http://127.0.0.1:8530")), {}, nullptr);
  dialog.findChild<QLineEdit*>(QStringLiteral("userEdit"))->setText(QStringLiteral("admin"));
  dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))->setText(QStringLiteral("s3cret"));
  QCOMPARE(dialog.credentials().kind, Credentials::Kind::kBasic);
  QCOMPARE(dialog.credentials().user, QStringLiteral("admin"));
  QCOMPARE(dialog.credentials().password, QStringLiteral("s3cret"));
}

void ConsoleDialogsTest::operationDialogConfirmsRunsAndReports() {
  ApiClient client(nullptr);
  EventLog log(nullptr);
  auto* operation = new ScriptedOperation(&client, nullptr);
  QPointer<OperationDialog> dialog = new OperationDialog(operation, &log, nullptr, nullptr);
  dialog->open();
  QVERIFY(dialog->runButton()->isVisible());
  QVERIFY(!dialog->closeButton()->isVisible());
  QCOMPARE(operation->state(), Operation::State::kIdle);
  QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
  QCOMPARE(operation->state(), Operation::State::kRunning);
  QVERIFY(!dialog->runButton()->isVisible());
  QVERIFY(dialog->stepsList()->item(0)->text().startsWith(QStringLiteral("▶")));
  QVERIFY(dialog->stepsList()->item(1)->text().startsWith(QStringLiteral("○")));
  operation->step(1);
  QVERIFY(dialog->stepsList()->item(0)->text().startsWith(QStringLiteral("✓")));
  QVERIFY(dialog->stepsList()->item(1)->text().startsWith(QStringLiteral("▶")));
  operation->done();
  QVERIFY(dialog->closeButton()->isVisible());
  QVERIFY(!dialog->cancelButton()->isVisible());
  QVERIFY(dialog->resultLabel()->text().contains(QStringLiteral("Succeeded")));
  QVERIFY(dialog->resultLabel()->text().contains(QStringLiteral("Both things done.")));
  QVERIFY(dialog->stepsList()->item(1)->text().startsWith(QStringLiteral("✓")));
  QCOMPARE(log.events().size(), 2);  // started, succeeded
  QCOMPARE(log.events().at(0).kind, EventKind::kOperation);
  QVERIFY(log.events().at(1).message.contains(QStringLiteral("Scripted")));
  QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
  QTRY_VERIFY(dialog.isNull());  // deleted on close, with its operation
}

void ConsoleDialogsTest::operationDialogCancelStopsTheOperation() {
  ApiClient client(nullptr);
  EventLog log(nullptr);
  auto* operation = new ScriptedOperation(&client, nullptr);
  auto* dialog = new OperationDialog(operation, &log, nullptr, nullptr);
  dialog->open();
  QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
  QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
  QCOMPARE(operation->state(), Operation::State::kCancelled);
  QVERIFY(dialog->isVisible());  // stays to show what was done
  QVERIFY(dialog->resultLabel()->text().contains(QStringLiteral("Cancelled")));
  QVERIFY(dialog->closeButton()->isVisible());
  delete dialog;
}

void ConsoleDialogsTest::nodeActionsFollowTheSelectedNode() {
  NodeActions actions(nullptr);
  const ClusterState state = sampleState();
  actions.update(state, QStringLiteral("FF"), false, false);
  QVERIFY(actions.promoteAction()->isEnabled());
  QVERIFY(actions.drainAction()->isEnabled());
  QVERIFY(actions.upgradeAction()->isEnabled());
  QVERIFY(!actions.removeAction()->isEnabled());
  QVERIFY(actions.removeAction()->toolTip().contains(QStringLiteral("drain it first")));
  QVERIFY(!actions.stopLocalAction()->isEnabled());

  actions.update(state, QStringLiteral("FFF"), false, true);  // 340 ticks behind
  QVERIFY(!actions.promoteAction()->isEnabled());
  QVERIFY2(actions.promoteAction()->toolTip().contains(QStringLiteral("340")),
           qPrintable(actions.promoteAction()->toolTip()));
  QVERIFY(actions.stopLocalAction()->isEnabled());

  actions.update(state, QStringLiteral("DDDD"), false, false);
  QVERIFY(actions.removeAction()->isEnabled());
  QVERIFY(!actions.drainAction()->isEnabled());
  QVERIFY(!actions.promoteAction()->isEnabled());

  actions.update(state, QStringLiteral("L"), false, false);
  QVERIFY(!actions.promoteAction()->isEnabled());
  QVERIFY(!actions.upgradeAction()->isEnabled());
  QVERIFY(actions.upgradeAction()->toolTip().contains(QStringLiteral("rolling upgrade")));
  QVERIFY(actions.rollingUpgradeAction()->isEnabled());

  actions.update(state, QStringLiteral("FF"), true, false);  // an operation runs
  for (QAction* action :
       {actions.promoteAction(), actions.drainAction(), actions.maintenanceAction()}) {
    QVERIFY(!action->isEnabled());
    QVERIFY(action->toolTip().contains(QStringLiteral("another operation")));
  }
  ClusterState lost = state;
  lost.connected = false;
  actions.update(lost, QStringLiteral("FF"), false, false);
  QVERIFY(!actions.promoteAction()->isEnabled());
  QVERIFY(actions.promoteAction()->toolTip().contains(QStringLiteral("not connected")));
  QCOMPARE(actions.promoteAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+P")));
  QCOMPARE(actions.removeAction()->shortcut(), QKeySequence(QKeySequence::Delete));
}

void ConsoleDialogsTest::launchDialogDefaults() {
  LocalCluster cluster(nullptr);
  LaunchClusterDialog dialog(&cluster, nullptr);
  QCOMPARE(dialog.sizeSpin()->value(), 3);
  QCOMPARE(dialog.sizeSpin()->minimum(), 1);
  QCOMPARE(dialog.sizeSpin()->maximum(), 7);
  QCOMPARE(dialog.portSpin()->value(), 8530);
  QVERIFY(dialog.folderEdit()->text().endsWith(QStringLiteral("/local-cluster")));
  QCOMPARE(dialog.folderEdit()->text(), LaunchClusterDialog::defaultDirectory());
}

QTEST_MAIN(ConsoleDialogsTest)
#include "tst_console_dialogs.moc"
