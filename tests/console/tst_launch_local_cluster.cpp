// Launch local cluster from the window: the toolbar's Launch opens the dialog, its Launch button
// starts `tandem-node local-cluster` (one node, in a temporary folder, on a free port) with its
// output shown, and the window connects to it once ready; closing the window then asks "Stop the
// local cluster?", and Yes stops the nodes before the window closes.
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include "node_process.h"
#include "ops/local_cluster.h"
#include "views/launch_cluster_dialog.h"
#include "views/main_window.h"
#include "views/node_actions.h"

using namespace tandem::console;

namespace {

quint16 freePort() {
  QTcpServer probe;
  return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

}  // namespace

class LaunchLocalClusterTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void launchConnectsAndQuittingStopsTheCluster();
};

void LaunchLocalClusterTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  qputenv("TANDEM_NODE_BINARY", tandem::test::tandemNodeBinary().toLocal8Bit());
}

void LaunchLocalClusterTest::launchConnectsAndQuittingStopsTheCluster() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const quint16 port = freePort();
  QVERIFY(port > 0);
  MainWindow window;
  window.resize(1800, 1000);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QAction* launch = window.actions()->launchAction();
  QVERIFY(!window.actions()->stopLocalAction()->isEnabled());
  QTest::mouseClick(window.toolBar()->widgetForAction(launch), Qt::LeftButton);
  LaunchClusterDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window.findChild<LaunchClusterDialog*>()));
  dialog->sizeSpin()->setValue(1);
  dialog->folderEdit()->setText(dir.filePath(QStringLiteral("local")));
  dialog->portSpin()->setValue(port);
  QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(window.state().connected && window.state().leader(), 60000);
  QVERIFY(window.state().leader()->endpoint.endsWith(QStringLiteral(":%1").arg(port)));
  QVERIFY(!dialog->outputView()->toPlainText().isEmpty());
  QVERIFY(window.localCluster()->isRunning());
  QTRY_VERIFY(window.actions()->stopLocalAction()->isEnabled());
  dialog->close();

  // Quitting asks first; Cancel keeps the window and the cluster.
  QVERIFY(!window.close());
  QMessageBox* box = nullptr;
  QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("quitBox"))));
  QVERIFY(box->text().contains(QStringLiteral("Stop the local cluster?")));
  QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
  QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("quitBox")));
  QVERIFY(window.isVisible());
  QVERIFY(window.localCluster()->isRunning());

  // Yes stops the cluster, then the window closes.
  QVERIFY(!window.close());
  QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("quitBox"))));
  QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 40000);
  QVERIFY(!window.localCluster()->isRunning());
}

QTEST_MAIN(LaunchLocalClusterTest)
#include "tst_launch_local_cluster.moc"
