#include "operations.h"

#include "drain_operation.h"
#include "maintenance_operation.h"
#include "remove_operation.h"
#include "replace_operation.h"
#include "rolling_upgrade_operation.h"
#include "switchover_operation.h"
#include "upgrade_operation.h"

namespace tandem::console {

Operation* makeSwitchover(ApiClient* client, QList<QUrl> endpoints, const QString& to_id,
                          QObject* parent) {
  return new SwitchoverOperation(client, std::move(endpoints), to_id, parent);
}

Operation* makeDrain(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                     QObject* parent) {
  return new DrainOperation(client, std::move(endpoints), server_id, parent);
}

Operation* makeRemove(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                      QObject* parent) {
  return new RemoveOperation(client, std::move(endpoints), server_id, parent);
}

Operation* makeUpgrade(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                       QObject* parent) {
  return new UpgradeOperation(client, std::move(endpoints), server_id, parent);
}

Operation* makeMaintenance(ApiClient* client, QList<QUrl> endpoints, bool on, QObject* parent) {
  return new MaintenanceOperation(client, std::move(endpoints), on, parent);
}

Operation* makeReplace(ApiClient* client, QList<QUrl> endpoints, const ReplaceSpec& spec,
                       QObject* parent) {
  return new ReplaceOperation(client, std::move(endpoints), spec, parent);
}

Operation* makeRollingUpgrade(ApiClient* client, QList<QUrl> endpoints, QObject* parent) {
  return new RollingUpgradeOperation(client, std::move(endpoints), parent);
}

}  // namespace tandem::console
