// MainWindow: the console's window. A header strip (connection, leader, writes at risk,
// maintenance banner) over a splitter with the topology view and the node table side by side
// and the lag chart below; the event log in a dock. Menus, a toolbar, shortcuts and per-node
// context menus share the NodeActions, enabled by the selected node's state. Operations run in
// an OperationDialog (confirm → progress → result); a finished one triggers a poll at once.
//
// The window owns the console's data objects: the ApiClient, the ClusterPoller, the node table
// model, the lag history, the event log and the event detector, and the LocalCluster it
// launched. Every poll round is applied to all views in one go, then stateApplied() fires.
//
// Ownership: a top-level QWidget (no parent needed) owning everything above. GUI thread only;
// it never blocks (dialogs via open(), networking through the ApiClient).
#pragma once

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QUrl>

#include "client/api_client.h"
#include "credentials_dialog.h"
#include "models/cluster_state.h"
#include "models/event_detector.h"
#include "operation_dialog.h"
#include "ops/operations.h"

class QFileDialog;
class QLabel;
class QToolBar;

namespace tandem::console {

class ClusterHeader;
class ClusterPoller;
class CredentialsDialog;
class EventLog;
class EventLogView;
class LagChartPanel;
class LagHistory;
class LocalCluster;
class NodeActions;
class NodeTableModel;
class NodeTableView;
class Operation;
class OperationDialog;
class TopologyView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Starts polling the cluster reachable at `endpoints` (forgets the previous one's history).
  void connectTo(const QList<QUrl>& endpoints, const Credentials& credentials = {});
  void setInterval(int ms);
  void selectNode(const QString& id);  // "" clears; syncs view, table and actions
  QString selectedNode() const { return selected_; }

  // Writes the snapshot (.json), the lag history (.csv) or the window (.png), by suffix;
  // false with a message saying what went wrong and what to do.
  bool exportTo(const QString& path, QString* error);
  // Runs `operation` in an OperationDialog (confirmation first unless `confirmed`).
  OperationDialog* runOperation(Operation* operation, bool confirmed = false);

  void openConnectDialog();  // non-blocking; connects when accepted

  // For tests and the entry points.
  const ClusterState& state() const;
  ApiClient* client() const { return client_; }
  ClusterPoller* poller() const { return poller_; }
  EventLog* eventLog() const { return events_; }
  LagHistory* lagHistory() const { return history_; }
  NodeTableModel* nodeModel() const { return table_model_; }
  NodeActions* actions() const { return actions_; }
  TopologyView* topologyView() const { return topology_; }
  NodeTableView* nodeTable() const { return table_; }
  LagChartPanel* lagChart() const { return chart_; }
  ClusterHeader* header() const { return header_; }
  QToolBar* toolBar() const { return tool_bar_; }
  OperationDialog* operationDialog() const { return operation_dialog_; }
  LocalCluster* localCluster() const { return local_cluster_; }
  QList<QUrl> clusterEndpoints() const;  // known endpoints, leader first; else the seeds

 signals:
  void stateApplied(const tandem::console::ClusterState& state);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildViews();
  void buildMenus();
  void buildToolBar();
  void wireActions();
  void onStateChanged(const ClusterState& state);
  void updateActions();
  void updateTitle(const ClusterState& state);
  void showNodeMenu(const QString& id, const QPoint& global_pos);
  void runOnSelected(Operation* (*make)(ApiClient*, QList<QUrl>, const QString&, QObject*));
  void openLaunchDialog();
  void openReplaceWizard();
  void openExportDialog();
  void onExportSelected(const QString& file, const QString& filter);
  void onAuthenticationRequired(const QUrl& base);
  void showAbout();
  void showError(const QString& title, const QString& text);

  ApiClient* client_;
  ClusterPoller* poller_;
  NodeTableModel* table_model_;
  LagHistory* history_;
  EventLog* events_;
  EventDetector detector_;
  NodeActions* actions_;
  ClusterHeader* header_ = nullptr;
  TopologyView* topology_ = nullptr;
  NodeTableView* table_ = nullptr;
  LagChartPanel* chart_ = nullptr;
  EventLogView* log_view_ = nullptr;
  QToolBar* tool_bar_ = nullptr;
  QLabel* poll_label_ = nullptr;
  LocalCluster* local_cluster_ = nullptr;
  QPointer<OperationDialog> operation_dialog_;
  QPointer<CredentialsDialog> credentials_dialog_;
  QString selected_;
  bool state_connected_ = false;  // the last round's `connected`, for status messages
  bool quitting_ = false;         // the user confirmed quitting (close without asking again)
};

}  // namespace tandem::console
