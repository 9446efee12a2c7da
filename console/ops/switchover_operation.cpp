#include "switchover_operation.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tandem::console {

SwitchoverOperation::SwitchoverOperation(ApiClient* client, QList<QUrl> endpoints, QString to,
                                         QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), to_(std::move(to)) {}

QString SwitchoverOperation::title() const { return tr("Switch over to %1").arg(to_); }

QString SwitchoverOperation::confirmation() const {
  return tr("%1 becomes the leader. The current leader holds writes (at most %2 s) until %1 has "
            "applied all of them, then hands over and follows %1. Clients following "
            "x-arango-endpoint redirects move on by themselves.")
      .arg(to_)
      .arg(kSwitchoverTimeoutS);
}

QStringList SwitchoverOperation::steps() const {
  return {tr("Find the leader"), tr("Ask the leader to hand over to %1").arg(to_),
          tr("Wait until %1 leads and serves writes").arg(to_)};
}

void SwitchoverOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* target = view.find(to_);
    if (target == nullptr) {
      QStringList known;
      for (const HealthEntry& entry : view.health.servers) {
        if (!entry.removed) known << QStringLiteral("%1 (%2)").arg(entry.id, displayName(entry));
      }
      fail(tr("There is no server %1 in the cluster. Name one of: %2.")
               .arg(to_, known.join(QStringLiteral(", "))));
      return;
    }
    to_id_ = target->id;
    to_name_ = displayName(*target);
    if (target->leader || view.health.leader_id == target->id) {
      succeed(tr("%1 already leads: nothing to do.").arg(to_name_));
      return;
    }
    if (target->removed || target->draining) {
      fail(tr("%1 is %2 and cannot lead. Pick another follower.")
               .arg(to_name_, target->removed ? tr("removed") : tr("draining")));
      return;
    }
    if (target->health != Health::kGood) {
      fail(tr("%1 is %2, not GOOD: it cannot take over. Wait until it is healthy, or pick "
              "another follower.")
               .arg(to_name_, healthName(target->health)));
      return;
    }
    request(view, *target);
  });
}

void SwitchoverOperation::request(const ClusterView& view, const HealthEntry& target) {
  beginStep(1);
  report(tr("%1 hands over to %2").arg(displayEndpoint(view.leader.toString()), to_name_));
  const QByteArray body =
      QJsonDocument(QJsonObject{{QStringLiteral("to"), target.id},
                                {QStringLiteral("timeout"), kSwitchoverTimeoutS}})
          .toJson(QJsonDocument::Compact);
  send("POST", view.leader, QStringLiteral("/_admin/cluster/switchover"), body,
       (kSwitchoverTimeoutS + 5) * 1000, [this](const ApiReply& reply) {
         if (!reply.answered()) {
           // The outcome is unknown: the wait below decides.
           report(tr("no answer to the switchover (%1); checking the cluster")
                      .arg(reply.transport_error));
           awaitLeader();
           return;
         }
         if (retryLater(reply, [this] { run(); })) return;
         const Parsed<SwitchoverResult> result = parseSwitchover(reply);
         if (!result.ok()) {
           fail(tr("The switchover to %1 was refused: %2. Nothing changed; check the cluster "
                   "with tandem-console status and try again.")
                    .arg(to_name_, result.error));
           return;
         }
         if (!result.value->switched) {
           fail(tr("The switchover to %1 did not happen (the leader kept leading). Try again "
                   "when %1 is in sync.")
                    .arg(to_name_));
           return;
         }
         report(tr("writes were held for %1 ms").arg(result.value->write_pause_ms));
         awaitLeader();
       });
}

void SwitchoverOperation::awaitLeader() {
  beginStep(2);
  waitUntil(kLeaderTimeoutMs,
            tr("%1 did not lead and serve within %2 s. Check the cluster with tandem-console "
               "status.")
                .arg(to_name_)
                .arg(kLeaderTimeoutMs / 1000),
            leaderServesCheck(to_id_),
            [this](const QString&) { succeed(tr("%1 is the leader now.").arg(to_name_)); });
}

}  // namespace tandem::console
