#include "drain_operation.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "client/endpoint.h"

namespace tandem::console {

DrainOperation::DrainOperation(ApiClient* client, QList<QUrl> endpoints, QString server,
                               QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), server_(std::move(server)) {}

QString DrainOperation::title() const { return tr("Drain %1").arg(server_); }

QString DrainOperation::confirmation() const {
  return tr("%1 stops serving: it leaves the list of endpoints clients use and can no longer "
            "become the leader. If it leads, it first hands over to its most advanced "
            "follower. It keeps running until you remove it.")
      .arg(server_);
}

QStringList DrainOperation::steps() const {
  return {tr("Find the leader and %1").arg(server_), tr("Ask the cluster to drain %1").arg(server_),
          tr("Wait until %1 is draining and does not lead").arg(server_)};
}

void DrainOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* entry = view.find(server_);
    if (entry == nullptr || entry->removed) {
      fail(tr("There is no server %1 in the cluster (or it was removed already). Check the "
              "name with tandem-console status.")
               .arg(server_));
      return;
    }
    id_ = entry->id;
    name_ = displayName(*entry);
    if (entry->draining && !entry->leader) {
      succeed(tr("%1 is draining already: nothing to do.").arg(name_));
      return;
    }
    // A leader hands over first and must be asked itself; any node takes the others.
    const QUrl target = entry->leader ? httpUrl(entry->endpoint) : view.leader;
    beginStep(1);
    if (entry->leader) report(tr("%1 leads: it hands over to a follower first").arg(name_));
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("server"), id_}}).toJson(QJsonDocument::Compact);
    sendChange(
        target, QStringLiteral("/_admin/cluster/drain"), body, kRequestTimeoutMs,
        tr("the outcome of the drain is unknown (%1); checking the cluster"),
        tr("Draining %1 was refused: %2. Check the cluster with tandem-console status and "
           "try again.")
            .arg(name_),
        [this] { run(); }, [this] { awaitDrained(); });
  });
}

void DrainOperation::awaitDrained() {
  beginStep(2);
  const QString id = id_;
  WaitPoller::Check check = [this, id](const WaitPoller::Answer& answer) {
    probeForWait(answer, [this, id, answer](const ClusterView& view) {
      const HealthEntry* entry = view.find(id);
      if (entry == nullptr || entry->removed) {
        answer({WaitPoller::Outcome::kMet, tr("%1 is gone").arg(name_)});
      } else if (!entry->draining) {
        answer({WaitPoller::Outcome::kWaiting, tr("%1 is not draining yet").arg(name_)});
      } else if (entry->leader || view.health.leader_id == id) {
        answer({WaitPoller::Outcome::kWaiting, tr("%1 still leads").arg(name_)});
      } else {
        answer({WaitPoller::Outcome::kMet, tr("%1 is draining").arg(name_)});
      }
    });
  };
  waitUntil(kWaitTimeoutMs,
            tr("%1 was not shown as draining within %2 s. Check the cluster with tandem-console "
               "status.")
                .arg(name_)
                .arg(kWaitTimeoutMs / 1000),
            check, [this](const QString&) {
              succeed(tr("%1 is drained: it no longer serves clients. Remove it next "
                         "(tandem-console remove --server %2).")
                          .arg(name_, id_));
            });
}

}  // namespace tandem::console
