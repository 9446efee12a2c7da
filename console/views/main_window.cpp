#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "cluster_header.h"
#include "connect_dialog.h"
#include "credentials_dialog.h"
#include "event_log_view.h"
#include "gui.h"
#include "lag_chart_panel.h"
#include "launch_cluster_dialog.h"
#include "models/cluster_poller.h"
#include "models/event_log.h"
#include "models/lag_history.h"
#include "models/node_table_model.h"
#include "models/snapshot.h"
#include "node_actions.h"
#include "node_table_view.h"
#include "operation_dialog.h"
#include "ops/local_cluster.h"
#include "replace_node_wizard.h"
#include "topology_view.h"

namespace tandem::console {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      client_(new ApiClient(this)),
      poller_(new ClusterPoller(client_, this)),
      table_model_(new NodeTableModel(this)),
      history_(new LagHistory(this)),
      events_(new EventLog(this)),
      actions_(new NodeActions(this)) {
  ensureResources();
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Tandem Console"));
  resize(1360, 860);
  buildViews();
  buildMenus();
  buildToolBar();
  wireActions();
  connect(poller_, &ClusterPoller::stateChanged, this, &MainWindow::onStateChanged);
  connect(client_, &ApiClient::authenticationRequired, this, &MainWindow::onAuthenticationRequired);
  updateActions();
}

MainWindow::~MainWindow() {
  // Children die after this destructor: an open dialog's destroyed() must not reach a window
  // that is already gone.
  if (operation_dialog_) operation_dialog_->disconnect(this);
}

void MainWindow::buildViews() {
  header_ = new ClusterHeader(this);
  topology_ = new TopologyView(this);
  table_ = new NodeTableView(table_model_, this);
  chart_ = new LagChartPanel(history_, this);
  auto* top = new QSplitter(Qt::Horizontal, this);
  top->setObjectName(QStringLiteral("topSplitter"));
  top->addWidget(topology_);
  top->addWidget(table_);
  top->setStretchFactor(0, 1);
  top->setStretchFactor(1, 1);
  auto* main = new QSplitter(Qt::Vertical, this);
  main->setObjectName(QStringLiteral("mainSplitter"));
  main->addWidget(top);
  main->addWidget(chart_);
  main->setStretchFactor(0, 3);
  main->setStretchFactor(1, 2);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 6, 6, 0);
  layout->setSpacing(6);
  layout->addWidget(header_);
  layout->addWidget(main, 1);
  setCentralWidget(central);

  log_view_ = new EventLogView(events_, this);
  auto* dock = new QDockWidget(tr("Event log"), this);
  dock->setObjectName(QStringLiteral("eventLogDock"));
  dock->setWidget(log_view_);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::BottomDockWidgetArea, dock);
  resizeDocks({dock}, {170}, Qt::Vertical);

  poll_label_ = new QLabel(this);
  poll_label_->setObjectName(QStringLiteral("pollLabel"));
  statusBar()->addPermanentWidget(poll_label_);
  statusBar()->setObjectName(QStringLiteral("statusBar"));

  connect(topology_, &TopologyView::nodeSelected, this, &MainWindow::selectNode);
  connect(table_, &NodeTableView::nodeSelected, this, &MainWindow::selectNode);
  connect(topology_, &TopologyView::nodeContextMenuRequested, this, &MainWindow::showNodeMenu);
  connect(table_, &NodeTableView::nodeContextMenuRequested, this, &MainWindow::showNodeMenu);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("menuFile"));
  file->addActions(
      {actions_->connectAction(), actions_->launchAction(), actions_->stopLocalAction()});
  file->addSeparator();
  file->addAction(actions_->exportAction());
  file->addSeparator();
  file->addAction(actions_->quitAction());
  QMenu* cluster = menuBar()->addMenu(tr("&Cluster"));
  cluster->setObjectName(QStringLiteral("menuCluster"));
  cluster->addActions(
      {actions_->promoteAction(), actions_->drainAction(), actions_->removeAction()});
  cluster->addSeparator();
  cluster->addActions(
      {actions_->upgradeAction(), actions_->replaceAction(), actions_->rollingUpgradeAction()});
  cluster->addSeparator();
  cluster->addActions({actions_->maintenanceAction(), actions_->refreshAction()});
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->setObjectName(QStringLiteral("menuView"));
  view->addAction(actions_->pauseChartAction());
  QMenu* interval = view->addMenu(tr("Poll &interval"));
  interval->addActions(actions_->intervals()->actions());
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("menuHelp"));
  help->addAction(actions_->aboutAction());
}

void MainWindow::buildToolBar() {
  tool_bar_ = addToolBar(tr("Main"));
  tool_bar_->setObjectName(QStringLiteral("mainToolBar"));
  tool_bar_->setMovable(false);
  tool_bar_->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
  tool_bar_->setIconSize(QSize(22, 22));
  tool_bar_->addActions(
      {actions_->connectAction(), actions_->launchAction(), actions_->stopLocalAction()});
  tool_bar_->addSeparator();
  tool_bar_->addActions({actions_->promoteAction(), actions_->drainAction(),
                         actions_->removeAction(), actions_->upgradeAction(),
                         actions_->replaceAction(), actions_->rollingUpgradeAction(),
                         actions_->maintenanceAction()});
  tool_bar_->addSeparator();
  tool_bar_->addActions(
      {actions_->refreshAction(), actions_->exportAction(), actions_->pauseChartAction()});
}

void MainWindow::wireActions() {
  connect(actions_->connectAction(), &QAction::triggered, this, &MainWindow::openConnectDialog);
  connect(actions_->launchAction(), &QAction::triggered, this, &MainWindow::openLaunchDialog);
  connect(actions_->stopLocalAction(), &QAction::triggered, this, [this] {
    if (!local_cluster_ || !local_cluster_->isRunning()) return;
    statusBar()->showMessage(tr("Stopping the local cluster…"));
    local_cluster_->stop();
  });
  connect(actions_->exportAction(), &QAction::triggered, this, &MainWindow::openExportDialog);
  connect(actions_->quitAction(), &QAction::triggered, this, &QWidget::close);
  connect(actions_->promoteAction(), &QAction::triggered, this,
          [this] { runOnSelected(&makeSwitchover); });
  connect(actions_->drainAction(), &QAction::triggered, this,
          [this] { runOnSelected(&makeDrain); });
  connect(actions_->removeAction(), &QAction::triggered, this,
          [this] { runOnSelected(&makeRemove); });
  connect(actions_->upgradeAction(), &QAction::triggered, this,
          [this] { runOnSelected(&makeUpgrade); });
  connect(actions_->replaceAction(), &QAction::triggered, this, &MainWindow::openReplaceWizard);
  connect(actions_->rollingUpgradeAction(), &QAction::triggered, this,
          [this] { runOperation(makeRollingUpgrade(client_, clusterEndpoints(), this)); });
  connect(actions_->maintenanceAction(), &QAction::triggered, this, [this](bool on) {
    // The check mark follows the cluster (updateActions), not the click.
    actions_->maintenanceAction()->setChecked(!on);
    runOperation(makeMaintenance(client_, clusterEndpoints(), on, this));
  });
  connect(actions_->refreshAction(), &QAction::triggered, poller_, &ClusterPoller::pollNow);
  connect(actions_->pauseChartAction(), &QAction::toggled, chart_, &LagChartPanel::setPaused);
  connect(chart_, &LagChartPanel::pausedChanged, actions_->pauseChartAction(),
          &QAction::setChecked);
  connect(actions_->intervals(), &QActionGroup::triggered, this,
          [this](QAction* action) { setInterval(action->data().toInt()); });
  connect(actions_->aboutAction(), &QAction::triggered, this, &MainWindow::showAbout);
  // Shortcuts work wherever the focus is in the window, also for actions only in menus.
  addActions(actions_->findChildren<QAction*>());
}

const ClusterState& MainWindow::state() const { return poller_->state(); }

QList<QUrl> MainWindow::clusterEndpoints() const {
  const QList<QUrl> known = poller_->knownEndpoints();
  return known.isEmpty() ? poller_->seeds() : known;
}

void MainWindow::connectTo(const QList<QUrl>& endpoints, const Credentials& credentials) {
  poller_->stop();
  client_->setCredentials(credentials);
  history_->clear();
  detector_ = EventDetector();
  selected_.clear();
  state_connected_ = false;
  QStringList names;
  for (const QUrl& url : endpoints) names << url.toString();
  header_->setConnecting(names.join(QStringLiteral(", ")));
  statusBar()->showMessage(tr("Connecting to %1…").arg(names.join(QStringLiteral(", "))));
  poller_->setSeeds(endpoints);
  poller_->start();
}

void MainWindow::setInterval(int ms) {
  poller_->setInterval(ms);
  for (QAction* action : actions_->intervals()->actions()) {
    action->setChecked(action->data().toInt() == ms);
  }
}

void MainWindow::onStateChanged(const ClusterState& state) {
  if (state.connected != state_connected_) {
    state_connected_ = state.connected;
    statusBar()->showMessage(
        state.connected ? tr("Connected.") : tr("Lost the cluster: %1").arg(state.error),
        state.connected ? 4000 : 0);
  }
  table_model_->setState(state);
  history_->record(state);
  for (const Event& event : detector_.update(state)) events_->append(event);
  topology_->setState(state);
  header_->setState(state);
  if (!selected_.isEmpty() && !state.node(selected_)) selected_.clear();
  table_->selectNode(selected_);
  topology_->setSelectedNode(selected_);
  updateTitle(state);
  updateActions();
  poll_label_->setText(tr("Round %1 · %2 · every %3 ms")
                           .arg(state.round)
                           .arg(state.time.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                           .arg(poller_->interval()));
  emit stateApplied(state);
}

void MainWindow::updateTitle(const ClusterState& state) {
  const NodeState* leader = state.leader();
  if (!state.connected) {
    setWindowTitle(tr("Tandem Console — not connected"));
  } else if (leader) {
    setWindowTitle(tr("Tandem Console — leader %1").arg(leader->endpoint));
  } else {
    setWindowTitle(tr("Tandem Console — no leader"));
  }
}

void MainWindow::updateActions() {
  const bool running =
      operation_dialog_ && operation_dialog_->operation()->state() == Operation::State::kRunning;
  actions_->update(state(), selected_, running, local_cluster_ && local_cluster_->isRunning());
}

void MainWindow::selectNode(const QString& id) {
  selected_ = id;
  topology_->setSelectedNode(id);
  table_->selectNode(id);
  updateActions();
  if (const NodeState* node = state().node(id)) {
    statusBar()->showMessage(tr("Selected %1 (%2)").arg(node->endpoint, node->id), 4000);
  }
}

void MainWindow::showNodeMenu(const QString& id, const QPoint& global_pos) {
  selectNode(id);
  auto* menu = new QMenu(this);
  menu->setObjectName(QStringLiteral("nodeContextMenu"));
  menu->setAttribute(Qt::WA_DeleteOnClose);
  if (const NodeState* node = state().node(id)) menu->setTitle(node->endpoint);
  actions_->fillNodeMenu(menu);
  menu->popup(global_pos);
}

void MainWindow::runOnSelected(Operation* (*make)(ApiClient*, QList<QUrl>, const QString&,
                                                  QObject*)) {
  if (selected_.isEmpty()) return;
  runOperation(make(client_, clusterEndpoints(), selected_, this));
}

OperationDialog* MainWindow::runOperation(Operation* operation, bool confirmed) {
  if (operation_dialog_) {
    // One operation at a time: a second would race the first on the cluster.
    operation_dialog_->raise();
    delete operation;
    return nullptr;
  }
  auto* dialog = new OperationDialog(operation, events_, &detector_, this);
  operation_dialog_ = dialog;
  connect(operation, &Operation::stepStarted, this, [this] { updateActions(); });
  connect(dialog, &OperationDialog::operationFinished, this,
          [this](Operation::State, const QString& message) {
            statusBar()->showMessage(message, 8000);
            poller_->pollNow();
            updateActions();
          });
  connect(dialog, &QObject::destroyed, this, [this] {
    // Mid-destruction the dialog is only a QObject: forget it before anyone looks at it.
    operation_dialog_.clear();
    updateActions();
  });
  dialog->open();
  if (confirmed) dialog->startNow();
  return dialog;
}

void MainWindow::openConnectDialog() {
  auto* dialog = new ConnectDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this,
          [this, dialog] { connectTo(dialog->endpoints(), dialog->credentials()); });
  dialog->open();
}

void MainWindow::openLaunchDialog() {
  if (!local_cluster_) {
    local_cluster_ = new LocalCluster(this);
    connect(local_cluster_, &LocalCluster::stopped, this, [this](int code) {
      statusBar()->showMessage(tr("The local cluster stopped (exit code %1).").arg(code), 8000);
      updateActions();
      if (quitting_) close();
    });
    connect(local_cluster_, &LocalCluster::failed, this, [this] { updateActions(); });
  }
  auto* dialog = new LaunchClusterDialog(local_cluster_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &LaunchClusterDialog::ready, this, [this](const QList<QUrl>& endpoints) {
    connectTo(endpoints, {});
    updateActions();
  });
  dialog->open();
}

void MainWindow::openReplaceWizard() {
  auto* wizard = new ReplaceNodeWizard(client_, state(), selected_, this);
  connect(wizard, &ReplaceNodeWizard::replaceRequested, this, [this](const ReplaceSpec& spec) {
    runOperation(makeReplace(client_, clusterEndpoints(), spec, this), true);
  });
  wizard->open();
}

void MainWindow::openExportDialog() {
  auto* dialog = new QFileDialog(this, tr("Export"));
  dialog->setObjectName(QStringLiteral("exportDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setFileMode(QFileDialog::AnyFile);
  // Qt's own dialog: the same everywhere, and drivable by tests under offscreen.
  dialog->setOption(QFileDialog::DontUseNativeDialog);
  dialog->setNameFilters(
      {tr("Status snapshot (*.json)"), tr("Lag history (*.csv)"), tr("Window image (*.png)")});
  dialog->setDefaultSuffix(QStringLiteral("json"));
  connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString& filter) {
    const qsizetype dot = filter.lastIndexOf(QLatin1String("*."));
    if (dot >= 0) dialog->setDefaultSuffix(filter.mid(dot + 2).chopped(1));
  });
  connect(dialog, &QFileDialog::fileSelected, this, [this, dialog](const QString& file) {
    onExportSelected(file, dialog->selectedNameFilter());
  });
  dialog->open();
}

void MainWindow::onExportSelected(const QString& file, const QString& filter) {
  QString path = file;
  if (QFileInfo(path).suffix().isEmpty()) {
    const qsizetype dot = filter.lastIndexOf(QLatin1String("*."));
    if (dot >= 0) path += QLatin1Char('.') + filter.mid(dot + 2).chopped(1);
  }
  QString error;
  if (!exportTo(path, &error)) {
    showError(tr("Export failed"), error);
    return;
  }
  statusBar()->showMessage(tr("Exported to %1").arg(QDir::toNativeSeparators(path)), 10000);
}

bool MainWindow::exportTo(const QString& path, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("png")) {
    if (grab().save(path, "PNG")) return true;
    *error =
        tr("Could not write the image %1: check that the folder exists and is writable.").arg(path);
    return false;
  }
  QByteArray bytes;
  if (suffix == QLatin1String("json")) {
    bytes = snapshotBytes(state(), history_, events_);
  } else if (suffix == QLatin1String("csv")) {
    bytes = history_->toCsv();
  } else {
    *error = tr("Unknown export format \"%1\": name the file .json, .csv or .png.").arg(suffix);
    return false;
  }
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
    *error = tr("Could not write %1: %2. Choose another folder.").arg(path, out.errorString());
    return false;
  }
  return true;
}

void MainWindow::onAuthenticationRequired(const QUrl& base) {
  if (credentials_dialog_) return;  // one question at a time
  auto* dialog = new CredentialsDialog(base, client_->credentials(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  credentials_dialog_ = dialog;
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    client_->setCredentials(dialog->credentials());
    poller_->pollNow();
  });
  dialog->open();
}

void MainWindow::showAbout() {
  auto* box =
      new QMessageBox(QMessageBox::Information, tr("About Tandem Console"),
                      tr("<h3>Tandem Console %1</h3><p>The admin console of Tandem, an "
                         "active-failover document store with an ArangoDB-compatible "
                         "API.</p><p>Qt %2.</p>")
                          .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())),
                      QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setIconPixmap(QIcon(QStringLiteral(":/icons/tandem.svg")).pixmap(64, 64));
  box->open();
}

void MainWindow::showError(const QString& title, const QString& text) {
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (quitting_ || !local_cluster_ || !local_cluster_->isRunning()) {
    QMainWindow::closeEvent(event);
    return;
  }
  event->ignore();
  auto* box = new QMessageBox(
      QMessageBox::Question, tr("Quit"),
      tr("Stop the local cluster?\n\nA cluster launched from this console is still running.\n"
         "Yes: stop its nodes in order, then quit.\nNo: quit now; its nodes are stopped as the "
         "console exits.\nCancel: keep the console open."),
      QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, this);
  box->setObjectName(QStringLiteral("quitBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, box](int) {
    const QMessageBox::StandardButton answer = box->standardButton(box->clickedButton());
    if (answer == QMessageBox::Yes) {
      quitting_ = true;
      statusBar()->showMessage(tr("Stopping the local cluster, then quitting…"));
      local_cluster_->stop();  // stopped() closes the window
    } else if (answer == QMessageBox::No) {
      quitting_ = true;
      close();
    }
  });
  box->open();
}

}  // namespace tandem::console
