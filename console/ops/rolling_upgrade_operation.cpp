#include "rolling_upgrade_operation.h"

#include "switchover_operation.h"
#include "upgrade_operation.h"

namespace tandem::console {

RollingUpgradeOperation::RollingUpgradeOperation(ApiClient* client, QList<QUrl> endpoints,
                                                 QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent) {}

QString RollingUpgradeOperation::title() const { return tr("Rolling upgrade"); }

QString RollingUpgradeOperation::confirmation() const {
  return tr(
      "Every node is restarted with the upgrade step of the tandem-node binary now "
      "installed, one at a time: first each follower (waiting until it is back in sync), "
      "then the most advanced follower takes over as leader, then the old leader is "
      "upgraded. Writes pause briefly during the switchover.");
}

QStringList RollingUpgradeOperation::steps() const {
  return {tr("Find the leader and the followers"), tr("Upgrade each follower in turn"),
          tr("Switch over to the most advanced follower"), tr("Upgrade the old leader"),
          tr("Check that the new leader serves")};
}

void RollingUpgradeOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* leader = view.leaderEntry();
    if (leader == nullptr) {
      fail(
          tr("The cluster has no leader now. Wait until one is elected, then start the rolling "
             "upgrade again."));
      return;
    }
    old_leader_ = leader->id;
    QStringList names;
    for (const HealthEntry& entry : view.health.servers) {
      if (entry.id == old_leader_ || entry.removed || entry.draining) continue;
      followers_ << entry.id;
      names << displayName(entry);
    }
    if (followers_.isEmpty()) {
      fail(tr("%1 has no follower to take over while it is upgraded. Add a node first, or "
              "upgrade it by restarting it (the cluster is unavailable meanwhile).")
               .arg(displayName(*leader)));
      return;
    }
    report(
        tr("leader %1, followers %2").arg(displayName(*leader), names.join(QStringLiteral(", "))));
    beginStep(1);
    upgradeFollower(0);
  });
}

void RollingUpgradeOperation::upgradeFollower(int index) {
  if (index >= followers_.size()) {
    switchOver();
    return;
  }
  const QString prefix = tr("[%1/%2] ").arg(index + 1).arg(followers_.size());
  runPart(new UpgradeOperation(client(), probe().known(), followers_[index], this), prefix,
          [this, index, prefix](const QString& message) {
            report(prefix + message);
            upgradeFollower(index + 1);
          });
}

void RollingUpgradeOperation::switchOver() {
  beginStep(2);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* best = nullptr;
    for (const QString& id : followers_) {
      const HealthEntry* entry = view.find(id);
      if (entry == nullptr || entry->removed || entry->draining || entry->health != Health::kGood)
        continue;
      if (best == nullptr || entry->applied_tick > best->applied_tick) best = entry;
    }
    if (best == nullptr) {
      fail(
          tr("The followers were upgraded, but none is GOOD now to take over; the old leader "
             "was not upgraded. Check the cluster with tandem-console status."));
      return;
    }
    next_leader_ = best->id;
    emit expectedLeaderKnown(next_leader_);
    runPart(new SwitchoverOperation(client(), probe().known(), next_leader_, this), QString(),
            [this](const QString&) { upgradeOldLeader(); });
  });
}

void RollingUpgradeOperation::upgradeOldLeader() {
  beginStep(3);
  runPart(new UpgradeOperation(client(), probe().known(), old_leader_, this), QString(),
          [this](const QString&) {
            beginStep(4);
            waitUntil(kLeaderTimeoutMs,
                      tr("Every node was upgraded, but no leader served within %1 s afterwards. "
                         "Check the cluster with tandem-console status.")
                          .arg(kLeaderTimeoutMs / 1000),
                      leaderServesCheck(next_leader_), [this](const QString& detail) {
                        succeed(tr("Every node was upgraded; %1.").arg(detail));
                      });
          });
}

}  // namespace tandem::console
