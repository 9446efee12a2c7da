// DrainOperation: takes a node out of service (see operations.h for the steps). A leader is
// drained on itself: it hands over to its best follower first.
#pragma once

#include "cluster_operation.h"

namespace tandem::console {

class DrainOperation : public ClusterOperation {
  Q_OBJECT

 public:
  // `server`: the node's id or endpoint.
  DrainOperation(ApiClient* client, QList<QUrl> endpoints, QString server, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;

  static constexpr int kRequestTimeoutMs = 20000;  // a leader hands over before answering
  static constexpr int kWaitTimeoutMs = 30000;

 protected:
  void run() override;

 private:
  void awaitDrained();

  QString server_;
  QString id_;
  QString name_;
};

}  // namespace tandem::console
