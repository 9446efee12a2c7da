// RollingUpgradeOperation: upgrades every node of the cluster without taking it down (see
// operations.h for the steps): each follower in turn, then a switchover to the most advanced
// follower, then the old leader (a follower by then).
#pragma once

#include "cluster_operation.h"

namespace tandem::console {

class RollingUpgradeOperation : public ClusterOperation {
  Q_OBJECT

 public:
  RollingUpgradeOperation(ApiClient* client, QList<QUrl> endpoints, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;
  // Known once the followers are upgraded (expectedLeaderKnown() then fires).
  QString expectedLeader() const override { return next_leader_; }

  static constexpr int kLeaderTimeoutMs = 30000;

 protected:
  void run() override;

 private:
  void upgradeFollower(int index);
  void switchOver();
  void upgradeOldLeader();

  QString old_leader_;
  QStringList followers_;  // ids, in the order they are upgraded
  QString next_leader_;
};

}  // namespace tandem::console
