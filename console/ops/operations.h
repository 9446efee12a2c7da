// The console's operations. Each returns a new Operation owned by `parent`, not yet started.
//
// Steps (each waits by polling /_admin/cluster/health and /_admin/status at a few Hz, bounded
// by a timeout that the failure message names):
//   switchover(to)  find the leader → POST /_admin/cluster/switchover {"to":id} on it → wait
//                   until /_api/cluster/endpoints names `to` first and it serves writes
//   drain(id)       POST /_admin/cluster/drain {"server":id} (to the leader when id leads: it
//                   hands over first) → wait until health shows it draining (and not leading)
//   remove(id)      refuse unless draining (the message says to drain first) → POST
//                   /_admin/cluster/remove → wait until health shows it removed or gone
//   upgrade(id)     refuse on the leader (say: switch over first, or use rolling upgrade) →
//                   POST /_admin/restart {"upgrade":true} to the node → wait until it answers
//                   with a new pid/uptime → wait until it is a follower in sync (lag 0)
//   maintenance(on) PUT /_admin/cluster/maintenance "on"|"off" → confirm via health
//   replace(spec)   [launch the new node locally | check the attached endpoint answers] → wait
//                   until it is registered and in sync → if the old node leads, switch over to
//                   the new one → drain the old → remove the old → stop the old (DELETE
//                   /_admin/shutdown) when spec.stop_old
//   rollingUpgrade  upgrade each follower in turn → switchover to the most advanced follower →
//                   upgrade the old leader
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include "operation.h"

namespace tandem::console {

struct ReplaceSpec {
  QString old_id;          // the node to replace
  QUrl new_endpoint;       // attach: an already started node ("http://h:p"); empty when launching
  bool launch = false;     // launch a new node locally instead
  QString node_binary;     // launch: tandem-node to run ("" → findNodeBinary())
  QString data_directory;  // launch: its --database.directory (created)
  quint16 port = 0;        // launch: its port (0 → a free one)
  bool stop_old = true;    // shut the old node down after removal
};

Operation* makeSwitchover(ApiClient* client, QList<QUrl> endpoints, const QString& to_id,
                          QObject* parent);
Operation* makeDrain(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                     QObject* parent);
Operation* makeRemove(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                      QObject* parent);
Operation* makeUpgrade(ApiClient* client, QList<QUrl> endpoints, const QString& server_id,
                       QObject* parent);
Operation* makeMaintenance(ApiClient* client, QList<QUrl> endpoints, bool on, QObject* parent);
Operation* makeReplace(ApiClient* client, QList<QUrl> endpoints, const ReplaceSpec& spec,
                       QObject* parent);
Operation* makeRollingUpgrade(ApiClient* client, QList<QUrl> endpoints, QObject* parent);

}  // namespace tandem::console
