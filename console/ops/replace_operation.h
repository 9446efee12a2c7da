// ReplaceOperation: puts a new node in the place of an old one (see operations.h for the
// steps): the new node is launched here (a detached tandem-node that outlives the console: it
// is a server of the cluster) or attached by endpoint, waited for until registered and in sync,
// made the leader if the old node leads, and the old node is drained, removed and stopped.
#pragma once

#include "cluster_operation.h"
#include "operations.h"

namespace tandem::console {

class ReplaceOperation : public ClusterOperation {
  Q_OBJECT

 public:
  ReplaceOperation(ApiClient* client, QList<QUrl> endpoints, ReplaceSpec spec, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;
  // Known once the old node turned out to lead (expectedLeaderKnown() then fires).
  QString expectedLeader() const override { return switch_to_new_ ? new_id_ : QString(); }

  static constexpr int kSyncTimeoutMs = 120000;  // includes the initial sync of the data
  static constexpr int kStopTimeoutMs = 40000;

 protected:
  void run() override;

 private:
  void launch(QList<QUrl> candidates);
  void launchWithAgents(const QStringList& agents);
  void attach();
  void awaitNewInSync();
  void switchIfLeading();
  void drainOld();
  void stopOld();
  QString newName() const;

  ReplaceSpec spec_;
  QString old_id_;
  QString old_name_;
  QUrl old_url_;
  QUrl new_url_;
  QString new_id_;
  bool switch_to_new_ = false;
};

}  // namespace tandem::console
