// MaintenanceOperation: turns supervision maintenance mode on (for 60 minutes, unless renewed)
// or off (see operations.h for the steps).
#pragma once

#include "cluster_operation.h"

namespace tandem::console {

class MaintenanceOperation : public ClusterOperation {
  Q_OBJECT

 public:
  MaintenanceOperation(ApiClient* client, QList<QUrl> endpoints, bool on, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;

  static constexpr int kWaitTimeoutMs = 15000;

 protected:
  void run() override;

 private:
  void awaitConfirmed();

  bool on_;
};

}  // namespace tandem::console
