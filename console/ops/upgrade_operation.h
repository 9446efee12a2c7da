// UpgradeOperation: restarts a follower with the upgrade step and waits until it is back and in
// sync (see operations.h for the steps). The leader is refused: switch over first, or run a
// rolling upgrade.
//
// "Back" is told by the node's own /_admin/status: a new pid, or an uptime shorter than the time
// since the restart was asked (a node restarts in place, by exec, and keeps its pid).
#pragma once

#include <QElapsedTimer>

#include "cluster_operation.h"

namespace tandem::console {

class UpgradeOperation : public ClusterOperation {
  Q_OBJECT

 public:
  // `server`: the node's id or endpoint.
  UpgradeOperation(ApiClient* client, QList<QUrl> endpoints, QString server, QObject* parent);

  QString title() const override;
  QString confirmation() const override;
  QStringList steps() const override;

  static constexpr int kBackTimeoutMs = 60000;
  static constexpr int kSyncTimeoutMs = 60000;

 protected:
  void run() override;

 private:
  void restart(const QUrl& node);
  void awaitBack();
  void awaitInSync();
  WaitPoller::Check backCheck();
  WaitPoller::Check inSyncCheck();

  QString server_;
  QString id_;
  QString name_;
  QUrl url_;
  qint64 old_pid_ = 0;
  QElapsedTimer since_restart_;
};

}  // namespace tandem::console
