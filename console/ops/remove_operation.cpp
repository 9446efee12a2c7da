#include "remove_operation.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tandem::console {

RemoveOperation::RemoveOperation(ApiClient* client, QList<QUrl> endpoints, QString server,
                                 QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), server_(std::move(server)) {}

QString RemoveOperation::title() const { return tr("Remove %1").arg(server_); }

QString RemoveOperation::confirmation() const {
  return tr("%1 is removed from the cluster for good: it is deregistered, stops serving and "
            "cannot rejoin with its data (start it again with an empty directory to add it as a "
            "new node). Only a drained node can be removed.")
      .arg(server_);
}

QStringList RemoveOperation::steps() const {
  return {tr("Check that %1 is drained").arg(server_),
          tr("Ask the leader to remove %1").arg(server_),
          tr("Wait until %1 is removed").arg(server_)};
}

void RemoveOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* entry = view.find(server_);
    if (entry == nullptr) {
      fail(tr("There is no server %1 in the cluster. Check the name with tandem-console status.")
               .arg(server_));
      return;
    }
    id_ = entry->id;
    name_ = displayName(*entry);
    if (entry->removed) {
      succeed(tr("%1 is removed already: nothing to do.").arg(name_));
      return;
    }
    if (entry->leader || view.health.leader_id == id_) {
      fail(tr("%1 leads and cannot be removed. Drain it first (it hands over to a follower): "
              "tandem-console drain --server %2")
               .arg(name_, id_));
      return;
    }
    if (!entry->draining) {
      fail(tr("%1 is not drained: drain it first (tandem-console drain --server %2), then "
              "remove it.")
               .arg(name_, id_));
      return;
    }
    beginStep(1);
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("server"), id_}}).toJson(QJsonDocument::Compact);
    sendChange(
        view.leader, QStringLiteral("/_admin/cluster/remove"), body, kRequestTimeoutMs,
        tr("the outcome of the removal is unknown (%1); checking the cluster"),
        tr("Removing %1 was refused: %2. Check the cluster with tandem-console status and "
           "try again.")
            .arg(name_),
        [this] { run(); }, [this] { awaitRemoved(); });
  });
}

void RemoveOperation::awaitRemoved() {
  beginStep(2);
  const QString id = id_;
  WaitPoller::Check check = [this, id](const WaitPoller::Answer& answer) {
    probeForWait(answer, [this, id, answer](const ClusterView& view) {
      const HealthEntry* entry = view.find(id);
      if (entry == nullptr || entry->removed) {
        answer({WaitPoller::Outcome::kMet, tr("%1 is removed").arg(name_)});
      } else {
        answer({WaitPoller::Outcome::kWaiting, tr("%1 is still registered").arg(name_)});
      }
    });
  };
  waitUntil(kWaitTimeoutMs,
            tr("%1 was not shown as removed within %2 s. Check the cluster with tandem-console "
               "status.")
                .arg(name_)
                .arg(kWaitTimeoutMs / 1000),
            check, [this](const QString&) {
              succeed(tr("%1 is removed from the cluster. Its process still runs: stop it when "
                         "you no longer need it.")
                          .arg(name_));
            });
}

}  // namespace tandem::console
