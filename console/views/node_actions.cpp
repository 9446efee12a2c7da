#include "node_actions.h"

#include <QAction>
#include <QActionGroup>
#include <QIcon>
#include <QKeySequence>
#include <QMenu>

namespace tandem::console {

NodeActions::NodeActions(QObject* parent) : QObject(parent) {
  connect_ = make(QStringLiteral("actionConnect"), tr("&Connect…"), QStringLiteral("connect"),
                  QKeySequence::Open, tr("Connect to a cluster by one of its endpoints"));
  launch_ = make(QStringLiteral("actionLaunch"), tr("&Launch local cluster…"),
                 QStringLiteral("launch"), QKeySequence(tr("Ctrl+L")),
                 tr("Start a local cluster of tandem-node processes and connect to it"));
  stop_local_ =
      make(QStringLiteral("actionStopLocal"), tr("&Stop local cluster"), QStringLiteral("stop"),
           QKeySequence(), tr("Stop the local cluster launched from this console"));
  export_ = make(QStringLiteral("actionExport"), tr("&Export…"), QStringLiteral("export"),
                 QKeySequence(tr("Ctrl+E")),
                 tr("Export a status snapshot (JSON), the lag history (CSV) or the window (PNG)"));
  quit_ = make(QStringLiteral("actionQuit"), tr("&Quit"), QString(), QKeySequence::Quit,
               tr("Quit the console"));
  promote_ = make(QStringLiteral("actionPromote"), tr("&Promote / switch over"),
                  QStringLiteral("promote"), QKeySequence(tr("Ctrl+P")),
                  tr("Make the selected follower the leader (planned switchover)"));
  drain_ = make(QStringLiteral("actionDrain"), tr("&Drain"), QStringLiteral("drain"),
                QKeySequence(tr("Ctrl+D")),
                tr("Take the selected node out of failover and client endpoints"));
  remove_ = make(QStringLiteral("actionRemove"), tr("&Remove"), QStringLiteral("remove"),
                 QKeySequence::Delete, tr("Deregister the selected drained node"));
  upgrade_ = make(QStringLiteral("actionUpgrade"), tr("&Upgrade follower"),
                  QStringLiteral("upgrade"), QKeySequence(tr("Ctrl+U")),
                  tr("Restart the selected follower with the upgrade step, wait until in sync"));
  replace_ = make(QStringLiteral("actionReplace"), tr("Re&place node…"), QStringLiteral("replace"),
                  QKeySequence(tr("Ctrl+Shift+R")),
                  tr("Bring in a new node, then drain and remove the selected one"));
  rolling_upgrade_ = make(QStringLiteral("actionRollingUpgrade"), tr("Rolling up&grade"),
                          QStringLiteral("rolling-upgrade"), QKeySequence(),
                          tr("Upgrade every follower, switch over, then upgrade the old leader"));
  maintenance_ = make(QStringLiteral("actionMaintenance"), tr("&Maintenance mode"),
                      QStringLiteral("maintenance"), QKeySequence(tr("Ctrl+M")),
                      tr("Turn supervision maintenance (no automatic failover) on or off"));
  maintenance_->setCheckable(true);
  refresh_ = make(QStringLiteral("actionRefresh"), tr("&Refresh"), QStringLiteral("refresh"),
                  QKeySequence(tr("Ctrl+R")), tr("Poll the cluster now"));
  pause_chart_ = make(QStringLiteral("actionPauseChart"), tr("&Pause chart"),
                      QStringLiteral("pause"), QKeySequence(tr("Ctrl+Shift+P")),
                      tr("Freeze the lag chart to scroll back over the session"));
  pause_chart_->setCheckable(true);
  about_ = make(QStringLiteral("actionAbout"), tr("&About Tandem Console"), QString(),
                QKeySequence(), tr("Version and licence"));
  intervals_ = makeIntervals();
  stop_local_->setEnabled(false);
}

QActionGroup* NodeActions::makeIntervals() {
  auto* group = new QActionGroup(this);
  group->setObjectName(QStringLiteral("intervalGroup"));
  for (const int ms : {500, 1000, 2000, 5000}) {
    QAction* action = group->addAction(ms < 1000 ? tr("Poll every %1 ms").arg(ms)
                                                 : tr("Poll every %1 s").arg(ms / 1000));
    action->setObjectName(QStringLiteral("actionInterval%1").arg(ms));
    action->setCheckable(true);
    action->setData(ms);
    action->setChecked(ms == 1000);
  }
  return group;
}

QAction* NodeActions::make(const QString& name, const QString& text, const QString& icon,
                           const QKeySequence& shortcut, const QString& tip) {
  auto* action = new QAction(text, this);
  action->setObjectName(name);
  // A missing icon (resources not built in) is a null QIcon: the text still shows.
  if (!icon.isEmpty()) action->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)));
  if (!shortcut.isEmpty()) action->setShortcut(shortcut);
  action->setToolTip(tip);
  action->setStatusTip(tip);
  action->setProperty("baseTip", tip);
  return action;
}

void NodeActions::enable(QAction* action, bool on, const QString& base_tip, const QString& why) {
  action->setEnabled(on);
  const QString tip = on || why.isEmpty() ? base_tip : base_tip + QStringLiteral("\n") + why;
  action->setToolTip(tip);
  action->setStatusTip(tip);
}

void NodeActions::update(const ClusterState& state, const QString& selected_id,
                         bool operation_running, bool local_cluster_running) {
  stop_local_->setEnabled(local_cluster_running);
  export_->setEnabled(state.round > 0);
  refresh_->setEnabled(true);
  const QList<QAction*> cluster_actions = {promote_, drain_,           remove_,     upgrade_,
                                           replace_, rolling_upgrade_, maintenance_};
  maintenance_->setChecked(state.maintenance_until_ms > 0);
  QString why;
  if (!state.connected) why = tr("Disabled: not connected to a cluster.");
  if (operation_running) why = tr("Disabled: another operation is running; wait for it to end.");
  if (!why.isEmpty()) {
    for (QAction* action : cluster_actions) {
      enable(action, false, action->property("baseTip").toString(), why);
    }
    return;
  }
  enable(maintenance_, true, maintenance_->property("baseTip").toString(), {});
  const bool has_follower = !state.followers().isEmpty();
  enable(rolling_upgrade_, state.leader() && has_follower,
         rolling_upgrade_->property("baseTip").toString(),
         tr("Disabled: needs a leader and at least one follower."));
  updateNodeActions(state, selected_id);
}

void NodeActions::updateNodeActions(const ClusterState& state, const QString& selected_id) {
  const NodeState* node = state.node(selected_id);
  const QList<QAction*> node_actions = {promote_, drain_, remove_, upgrade_, replace_};
  if (!node) {
    for (QAction* action : node_actions) {
      enable(action, false, action->property("baseTip").toString(),
             tr("Disabled: select a node in the topology or the table first."));
    }
    return;
  }
  const QString name = node->endpoint;
  const bool follower = node->role == NodeRole::kFollower;
  const bool removed = node->role == NodeRole::kRemoved;
  QString why;
  if (!follower) {
    why = tr("Disabled: %1 is not a follower.").arg(name);
  } else if (node->health != Health::kGood) {
    why = tr("Disabled: %1 is not healthy (%2).").arg(name, healthName(node->health));
  } else if (node->draining) {
    why = tr("Disabled: %1 is draining.").arg(name);
  } else if (!node->in_sync) {
    why = tr("Disabled: %1 is not in sync (%2 ticks behind).").arg(name).arg(node->lag_ticks);
  }
  enable(promote_, why.isEmpty(), promote_->property("baseTip").toString(), why);

  why = removed          ? tr("Disabled: %1 is removed.").arg(name)
        : node->draining ? tr("Disabled: %1 is already draining.").arg(name)
                         : QString();
  enable(drain_, why.isEmpty(), drain_->property("baseTip").toString(), why);

  why = removed           ? tr("Disabled: %1 is already removed.").arg(name)
        : !node->draining ? tr("Disabled: %1 is not draining; drain it first (Ctrl+D).").arg(name)
                          : QString();
  enable(remove_, why.isEmpty(), remove_->property("baseTip").toString(), why);

  why = follower ? QString()
                 : tr("Disabled: %1 is not a follower; switch over first or use rolling upgrade.")
                       .arg(name);
  enable(upgrade_, why.isEmpty(), upgrade_->property("baseTip").toString(), why);

  why = removed ? tr("Disabled: %1 is removed.").arg(name) : QString();
  enable(replace_, why.isEmpty(), replace_->property("baseTip").toString(), why);
}

void NodeActions::fillNodeMenu(QMenu* menu) const {
  menu->addAction(promote_);
  menu->addAction(drain_);
  menu->addAction(remove_);
  menu->addSeparator();
  menu->addAction(upgrade_);
  menu->addAction(replace_);
  menu->addSeparator();
  menu->addAction(refresh_);
}

}  // namespace tandem::console
