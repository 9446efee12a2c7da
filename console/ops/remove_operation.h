// RemoveOperation: removes a drained node from the cluster (see operations.h for the steps).
// A node that is not draining is refused before any request that changes the cluster.
#pragma once

#include "cluster_operation.h"

namespace tandem::console {

class RemoveOperation : public ClusterOperation {
  Q_OBJECT

 public:
  // `server`: the node's id or endpoint.
  RemoveOperation(ApiClient* client, QList<QUrl> endpoints, QString server, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;

  static constexpr int kRequestTimeoutMs = 10000;
  static constexpr int kWaitTimeoutMs = 30000;

 protected:
  void run() override;

 private:
  void awaitRemoved();

  QString server_;
  QString id_;
  QString name_;
};

}  // namespace tandem::console
