#include "upgrade_operation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include "client/endpoint.h"

namespace tandem::console {

UpgradeOperation::UpgradeOperation(ApiClient* client, QList<QUrl> endpoints, QString server,
                                   QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), server_(std::move(server)) {}

QString UpgradeOperation::title() const { return tr("Upgrade %1").arg(server_); }

QString UpgradeOperation::confirmation() const {
  return tr("%1 shuts down, runs the database upgrade step of the tandem-node binary now "
            "installed, and starts again on the same port; it then catches up with the leader. "
            "The cluster keeps serving meanwhile (one follower fewer).")
      .arg(server_);
}

QStringList UpgradeOperation::steps() const {
  return {tr("Check that %1 is a follower").arg(server_),
          tr("Restart %1 with the upgrade step").arg(server_),
          tr("Wait until %1 is back").arg(server_),
          tr("Wait until %1 is a follower in sync").arg(server_)};
}

void UpgradeOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* entry = view.find(server_);
    if (entry == nullptr || entry->removed) {
      fail(tr("There is no server %1 in the cluster. Check the name with tandem-console status.")
               .arg(server_));
      return;
    }
    id_ = entry->id;
    name_ = displayName(*entry);
    url_ = httpUrl(entry->endpoint);
    if (entry->leader || view.health.leader_id == id_) {
      fail(tr("%1 leads: a leader is not upgraded in place. Switch over to a follower first "
              "(tandem-console switchover --to …), or run a rolling upgrade.")
               .arg(name_));
      return;
    }
    client()->get(url_, QStringLiteral("/_admin/status"), requestContext(),
                  [this](const ApiReply& reply) {
                    if (!running()) return;
                    const Parsed<NodeStatus> status = parseNodeStatus(reply);
                    if (!status.ok()) {
                      fail(tr("%1 does not answer its status (%2): it cannot be restarted from "
                              "here. Check that it runs.")
                               .arg(name_, status.error));
                      return;
                    }
                    old_pid_ = status.value->pid;
                    restart(url_);
                  });
  });
}

void UpgradeOperation::restart(const QUrl& node) {
  beginStep(1);
  since_restart_.start();
  const QByteArray body =
      QJsonDocument(QJsonObject{{QStringLiteral("upgrade"), true}}).toJson(QJsonDocument::Compact);
  send("POST", node, QStringLiteral("/_admin/restart"), body, 0, [this](const ApiReply& reply) {
    if (!reply.ok()) {
      fail(tr("%1 refused to restart: %2. Nothing changed.").arg(name_, reply.describe()));
      return;
    }
    awaitBack();
  });
}

WaitPoller::Check UpgradeOperation::backCheck() {
  return [this](const WaitPoller::Answer& answer) {
    client()->get(url_, QStringLiteral("/_admin/status"), requestContext(),
                  [this, answer](const ApiReply& reply) {
                    const Parsed<NodeStatus> status = parseNodeStatus(reply);
                    if (!status.ok()) {
                      answer({WaitPoller::Outcome::kWaiting,
                              tr("waiting for the node to come back (pid %1 → ?)").arg(old_pid_)});
                      return;
                    }
                    const double since = since_restart_.elapsed() / 1000.0;
                    // The old process's uptime is at least the time since the restart was asked.
                    if (status.value->pid != old_pid_ || status.value->uptime_seconds < since) {
                      answer({WaitPoller::Outcome::kMet,
                              tr("%1 is back (pid %2 → %3, up %4 s)")
                                  .arg(name_)
                                  .arg(old_pid_)
                                  .arg(status.value->pid)
                                  .arg(QLocale().toString(status.value->uptime_seconds, 'f', 1))});
                      return;
                    }
                    answer({WaitPoller::Outcome::kWaiting,
                            tr("%1 has not shut down yet (pid %2)").arg(name_).arg(old_pid_)});
                  });
  };
}

void UpgradeOperation::awaitBack() {
  beginStep(2);
  waitUntil(kBackTimeoutMs,
            tr("%1 did not come back within %2 s. Look at its log: a failed upgrade leaves the "
               "node stopped.")
                .arg(name_)
                .arg(kBackTimeoutMs / 1000),
            backCheck(), [this](const QString& detail) {
              report(detail);
              awaitInSync();
            });
}

// In sync by the leader's health and by the node itself: right after a restart the leader's
// entry may still show the values from before it.
WaitPoller::Check UpgradeOperation::inSyncCheck() {
  WaitPoller::Check leader_view = followerInSyncCheck(id_);
  return [this, leader_view](const WaitPoller::Answer& answer) {
    leader_view([this, answer](const WaitPoller::Verdict& verdict) {
      if (verdict.outcome != WaitPoller::Outcome::kMet) {
        answer(verdict);
        return;
      }
      client()->get(url_, QStringLiteral("/_admin/status"), requestContext(),
                    [this, answer, verdict](const ApiReply& reply) {
                      const Parsed<NodeStatus> status = parseNodeStatus(reply);
                      if (status.ok() && status.value->cluster_role == QLatin1String("follower") &&
                          status.value->applier.phase == QLatin1String("tailing") &&
                          status.value->applier.lag_ticks == 0) {
                        answer(verdict);
                        return;
                      }
                      answer({WaitPoller::Outcome::kWaiting,
                              status.ok() ? tr("%1 is %2, replication %3, %4 ticks behind")
                                                .arg(name_, status.value->cluster_role,
                                                     status.value->applier.phase)
                                                .arg(status.value->applier.lag_ticks)
                                          : status.error});
                    });
    });
  };
}

void UpgradeOperation::awaitInSync() {
  beginStep(3);
  waitUntil(kSyncTimeoutMs,
            tr("%1 restarted but did not catch up with the leader within %2 s. Check its log and "
               "the cluster with tandem-console status.")
                .arg(name_)
                .arg(kSyncTimeoutMs / 1000),
            inSyncCheck(), [this](const QString&) {
              succeed(tr("%1 was upgraded and is a follower in sync again.").arg(name_));
            });
}

}  // namespace tandem::console
