#include "event_detector.h"

#include <QCoreApplication>

#include "node_text.h"

namespace tandem::console {

namespace {

// How a node is named in messages: host:port from whichever state knows it, else its id.
QString nameOf(const QString& id, const QString& endpoint, const ClusterState& a,
               const ClusterState& b) {
  if (const NodeState* node = a.node(id)) return nodeName(*node);
  if (const NodeState* node = b.node(id)) return nodeName(*node);
  if (!endpoint.isEmpty()) return hostPort(endpoint);
  return id;
}

const NodeState* match(const ClusterState& state, const NodeState& node) {
  if (!node.id.isEmpty()) return state.node(node.id);
  return state.nodeAt(node.endpoint);
}

bool inSync(const QString& phase) {
  return phase == QLatin1String("initial-sync") || phase == QLatin1String("resync");
}

void add(QList<Event>* out, const ClusterState& next, EventKind kind, const QString& node,
         const QString& message) {
  out->append(Event{next.time, kind, node, message});
}

QString connectedMessage(const ClusterState& next) {
  if (next.leader_id.isEmpty()) {
    return QCoreApplication::translate("EventDetector",
                                       "Connected to the cluster (no leader at the moment)");
  }
  return QCoreApplication::translate("EventDetector", "Connected to the cluster (leader %1)")
      .arg(nameOf(next.leader_id, next.leader_endpoint, next, next));
}

}  // namespace

QList<Event> EventDetector::update(const ClusterState& next) {
  QList<Event> out;
  if (!next.connected) {
    if (connected_) {
      add(&out, next, EventKind::kConnection, {},
          QCoreApplication::translate("EventDetector", "Lost the cluster: %1").arg(next.error));
    }
    connected_ = false;
    return out;
  }
  if (!connected_) add(&out, next, EventKind::kConnection, next.leader_id, connectedMessage(next));
  if (previous_) out.append(compare(*previous_, next));
  previous_ = next;
  connected_ = true;
  return out;
}

QList<Event> EventDetector::compare(const ClusterState& before, const ClusterState& next) {
  QList<Event> out;
  leaderChange(before, next, &out);
  if (before.maintenance_until_ms != next.maintenance_until_ms) {
    if (next.maintenance_until_ms == 0) {
      add(&out, next, EventKind::kMaintenance, {},
          QCoreApplication::translate("EventDetector",
                                      "Maintenance off: the supervision fails over again"));
    } else {
      const QString until = QDateTime::fromMSecsSinceEpoch(next.maintenance_until_ms, Qt::UTC)
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
      add(&out, next, EventKind::kMaintenance, {},
          QCoreApplication::translate("EventDetector",
                                      "Maintenance on until %1: no automatic failover")
              .arg(until));
    }
  }
  nodeChanges(before, next, &out);
  return out;
}

void EventDetector::leaderChange(const ClusterState& before, const ClusterState& next,
                                 QList<Event>* out) {
  if (before.leader_id == next.leader_id) return;
  const QString old_name = nameOf(before.leader_id, before.leader_endpoint, before, next);
  if (next.leader_id.isEmpty()) {
    add(out, next, EventKind::kFailover, before.leader_id,
        QCoreApplication::translate("EventDetector", "No leader: %1 led before").arg(old_name));
    return;
  }
  const QString new_name = nameOf(next.leader_id, next.leader_endpoint, next, before);
  const bool announced = !expected_switchover_.isEmpty() && expected_switchover_ == next.leader_id;
  expected_switchover_.clear();
  QString message =
      announced ? QCoreApplication::translate("EventDetector", "Switchover: %1 now leads (term %2)")
                : QCoreApplication::translate("EventDetector", "Failover: %1 now leads (term %2)");
  message = message.arg(new_name).arg(next.term);
  if (!before.leader_id.isEmpty()) {
    message += QCoreApplication::translate("EventDetector", "; %1 led before").arg(old_name);
  }
  add(out, next, announced ? EventKind::kSwitchover : EventKind::kFailover, next.leader_id,
      message);
}

void EventDetector::nodeChanges(const ClusterState& before, const ClusterState& next,
                                QList<Event>* out) {
  for (const NodeState& node : next.nodes) {
    const QString name = nodeName(node);
    const NodeState* old = match(before, node);
    if (old == nullptr) {
      add(out, next, EventKind::kMembership, node.id,
          QCoreApplication::translate("EventDetector", "%1 joined the cluster").arg(name));
      continue;
    }
    if (old->role != NodeRole::kRemoved && node.role == NodeRole::kRemoved) {
      add(out, next, EventKind::kMembership, node.id,
          QCoreApplication::translate("EventDetector", "%1 was removed").arg(name));
    } else if (!old->draining && node.draining) {
      add(out, next, EventKind::kMembership, node.id,
          QCoreApplication::translate("EventDetector", "%1 is draining").arg(name));
    }
    if (old->health != node.health) {
      const QString message =
          node.health == Health::kUnreachable
              ? QCoreApplication::translate("EventDetector", "%1 unreachable: %2")
                    .arg(name, node.unreachable_reason)
              : QCoreApplication::translate("EventDetector", "%1 is %2 (was %3)")
                    .arg(name, healthName(node.health), healthName(old->health));
      add(out, next, EventKind::kHealth, node.id, message);
    }
    if (old->status && node.status) {
      const ApplierStatus& a = old->status->applier;
      const ApplierStatus& b = node.status->applier;
      if (b.resyncs > a.resyncs || (inSync(b.phase) && !inSync(a.phase))) {
        add(out, next, EventKind::kResync, node.id,
            b.phase == QLatin1String("initial-sync")
                ? QCoreApplication::translate("EventDetector", "%1 started an initial sync")
                      .arg(name)
                : QCoreApplication::translate("EventDetector", "%1 started a resync").arg(name));
      }
      if (b.rollbacks > a.rollbacks) {
        add(out, next, EventKind::kResync, node.id,
            QCoreApplication::translate("EventDetector",
                                        "%1 rolled back operations the new leader does not have")
                .arg(name));
      }
    }
  }
  for (const NodeState& old : before.nodes) {
    if (match(next, old) == nullptr && old.role != NodeRole::kRemoved) {
      add(out, next, EventKind::kMembership, old.id,
          QCoreApplication::translate("EventDetector", "%1 left the cluster").arg(nodeName(old)));
    }
  }
}

}  // namespace tandem::console
