#include "maintenance_operation.h"

namespace tandem::console {

MaintenanceOperation::MaintenanceOperation(ApiClient* client, QList<QUrl> endpoints, bool on,
                                           QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), on_(on) {}

QString MaintenanceOperation::title() const {
  return on_ ? tr("Turn maintenance mode on") : tr("Turn maintenance mode off");
}

QString MaintenanceOperation::confirmation() const {
  return on_ ? tr("Supervision stops for 60 minutes: a failed leader is NOT replaced "
                  "automatically until maintenance mode is turned off or expires.")
             : tr("Supervision resumes: a failed leader is replaced automatically again.");
}

QStringList MaintenanceOperation::steps() const {
  return {tr("Find the leader"),
          on_ ? tr("Turn maintenance mode on") : tr("Turn maintenance mode off"),
          tr("Confirm it in the cluster health")};
}

void MaintenanceOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    beginStep(1);
    send("PUT", view.leader, QStringLiteral("/_admin/cluster/maintenance"),
         on_ ? QByteArrayLiteral("\"on\"") : QByteArrayLiteral("\"off\""), 0,
         [this](const ApiReply& reply) {
           if (retryLater(reply, [this] { run(); })) return;
           if (outcomeUnknown(reply)) {
             report(tr("the outcome is unknown (%1); checking the cluster")
                        .arg(reply.answered() ? reply.describe() : reply.transport_error));
           } else if (const Parsed<MaintenanceResult> result = parseMaintenance(reply);
                      !result.ok()) {
             fail(tr("Maintenance mode could not be turned %1: %2. Try again, or check the "
                     "cluster with tandem-console status.")
                      .arg(on_ ? tr("on") : tr("off"), result.error));
             return;
           } else if (!result.value->warning.isEmpty()) {
             report(result.value->warning);
           }
           awaitConfirmed();
         });
  });
}

void MaintenanceOperation::awaitConfirmed() {
  beginStep(2);
  WaitPoller::Check check = [this](const WaitPoller::Answer& answer) {
    probeForWait(answer, [this, answer](const ClusterView& view) {
      const qint64 until = view.health.maintenance_until_ms;
      if (on_ == (until > 0)) {
        answer({WaitPoller::Outcome::kMet, {}});
      } else {
        answer({WaitPoller::Outcome::kWaiting,
                on_ ? tr("the health does not show maintenance mode yet")
                    : tr("the health still shows maintenance mode")});
      }
    });
  };
  waitUntil(kWaitTimeoutMs,
            tr("The cluster health did not confirm the change within %1 s. Check it with "
               "tandem-console status.")
                .arg(kWaitTimeoutMs / 1000),
            check, [this](const QString&) {
              succeed(on_ ? tr("Maintenance mode is on: supervision will not fail over for 60 "
                               "minutes. Turn it off when you are done.")
                          : tr("Maintenance mode is off: supervision is active again."));
            });
}

}  // namespace tandem::console
