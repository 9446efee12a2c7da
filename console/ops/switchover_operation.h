// SwitchoverOperation: makes a follower the leader (see operations.h for the steps).
#pragma once

#include "cluster_operation.h"

namespace tandem::console {

class SwitchoverOperation : public ClusterOperation {
  Q_OBJECT

 public:
  // `to`: the node's id, or its endpoint in any spelling ("127.0.0.1:8531").
  SwitchoverOperation(ApiClient* client, QList<QUrl> endpoints, QString to, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;
  QString expectedLeader() const override { return to_id_.isEmpty() ? to_ : to_id_; }

  // How long the leader may hold writes while the target catches up (sent as "timeout").
  static constexpr int kSwitchoverTimeoutS = 10;
  static constexpr int kLeaderTimeoutMs = 30000;

 protected:
  void run() override;

 private:
  void request(const ClusterView& view, const HealthEntry& target);
  void awaitLeader();

  QString to_;
  QString to_id_;  // resolved in the first step
  QString to_name_;
};

}  // namespace tandem::console
