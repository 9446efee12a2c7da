// ClusterState: everything one poll round learned about the cluster, as plain values.
//
// Built by ClusterPoller from /_api/cluster/endpoints, /_admin/cluster/health (the leader's view,
// or any node's when the leader does not answer), every node's /_admin/status and one agent's
// /_api/agency/config. Models, views, the event detector, snapshots and the headless `status`
// read it; nothing writes it but the poller. Copyable; no Qt objects inside.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

#include "client/api_replies.h"

namespace tandem::console {

enum class NodeRole { kUnknown, kLeader, kFollower, kRemoved };

struct NodeState {
  QString id;                          // "SNGL-…"; "" while only the endpoint is known
  QString endpoint;                    // "tcp://h:p"
  QUrl url;                            // "http://h:p"
  NodeRole role = NodeRole::kUnknown;  // leader: the planned leader; removed: Target/Removed
  Health health = Health::kUnknown;    // kUnreachable when its status poll failed
  bool draining = false;
  bool in_sync = false;  // a follower whose lag_ticks is 0
  qint64 applied_tick = 0;
  qint64 applied_term = 0;
  qint64 lag_ticks = 0;  // followers; 0 on the leader
  qint64 lag_ms = 0;
  qint64 heartbeat_age_ms = -1;
  QString version;
  double uptime_seconds = -1;  // -1: unknown (status not answered)
  bool is_agent = false;       // an agent listens on the same endpoint
  QString agent_id;
  std::optional<HealthEntry> health_entry;  // as reported by the health reply
  std::optional<NodeStatus> status;         // its own /_admin/status, when it answered
  QString unreachable_reason;               // the transport error or HTTP error of its poll
};

struct AgentState {
  QString id;
  QString endpoint;  // "tcp://h:p"
  bool leader = false;
  double last_acked_seconds = -1;  // from the agency leader; -1 unknown
  bool reachable = true;           // false when a node on that endpoint did not answer
};

struct ClusterState {
  QDateTime time;           // when the round finished (UTC)
  quint64 round = 0;        // poll round number, 1 for the first
  bool connected = false;   // some node answered
  QString error;            // why not connected, or what part of the round failed
  QString leader_id;        // "" while no leader is planned
  QString leader_endpoint;  // "tcp://h:p"
  qint64 term = 0;
  qint64 maintenance_until_ms = 0;  // wall ms since the epoch, 0: supervision active
  qint64 writes_at_risk = -1;       // leader's acknowledged ops no follower has; -1 unknown
  QList<NodeState> nodes;           // leader first, then followers by endpoint, removed last
  QList<AgentState> agents;         // by endpoint
  QJsonObject health_json;          // the health reply's "Health" object, verbatim
  qint64 agency_term = 0;
  QString agency_leader_id;

  const NodeState* node(const QString& id) const;
  const NodeState* nodeAt(const QString& endpoint) const;  // any spelling
  const NodeState* leader() const;
  QList<const NodeState*> followers() const;  // role kFollower
};

}  // namespace tandem::console
