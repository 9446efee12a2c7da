// NodeActions: the window's actions (menus, toolbar, context menus) with their icons, shortcuts
// and object names, and the rule that enables each for the selected node, with a tooltip that
// says why an action is disabled ("Promote needs a healthy follower in sync; … lags 340 ticks").
//
// Enabling rules: promote — a GOOD follower in sync, not draining; drain — a node not draining
// nor removed; remove — a draining node; upgrade — a follower; replace — a node not removed;
// rolling upgrade — a leader and at least one follower; every cluster action — connected and no
// operation running.
//
// Ownership: a QObject with a parent; owns the QActions. GUI thread only.
#pragma once

#include <QObject>
#include <QString>

#include "models/cluster_state.h"

class QAction;
class QActionGroup;
class QMenu;

namespace tandem::console {

class NodeActions : public QObject {
  Q_OBJECT

 public:
  explicit NodeActions(QObject* parent);

  // Re-evaluates every action for `state` and the node `selected_id` ("" none).
  void update(const ClusterState& state, const QString& selected_id, bool operation_running,
              bool local_cluster_running);
  // The node actions, for a node's context menu.
  void fillNodeMenu(QMenu* menu) const;

  QAction* connectAction() const { return connect_; }
  QAction* launchAction() const { return launch_; }
  QAction* stopLocalAction() const { return stop_local_; }
  QAction* exportAction() const { return export_; }
  QAction* quitAction() const { return quit_; }
  QAction* promoteAction() const { return promote_; }
  QAction* drainAction() const { return drain_; }
  QAction* removeAction() const { return remove_; }
  QAction* upgradeAction() const { return upgrade_; }
  QAction* replaceAction() const { return replace_; }
  QAction* rollingUpgradeAction() const { return rolling_upgrade_; }
  QAction* maintenanceAction() const { return maintenance_; }
  QAction* refreshAction() const { return refresh_; }
  QAction* pauseChartAction() const { return pause_chart_; }
  QAction* aboutAction() const { return about_; }
  QActionGroup* intervals() const { return intervals_; }  // checkable, data() = interval in ms

 private:
  QAction* make(const QString& name, const QString& text, const QString& icon,
                const QKeySequence& shortcut, const QString& tip);
  QActionGroup* makeIntervals();
  void updateNodeActions(const ClusterState& state, const QString& selected_id);
  static void enable(QAction* action, bool on, const QString& base_tip, const QString& why);

  QAction* connect_;
  QAction* launch_;
  QAction* stop_local_;
  QAction* export_;
  QAction* quit_;
  QAction* promote_;
  QAction* drain_;
  QAction* remove_;
  QAction* upgrade_;
  QAction* replace_;
  QAction* rolling_upgrade_;
  QAction* maintenance_;
  QAction* refresh_;
  QAction* pause_chart_;
  QAction* about_;
  QActionGroup* intervals_;
};

}  // namespace tandem::console
