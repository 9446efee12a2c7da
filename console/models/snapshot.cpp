#include "snapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include "node_text.h"

namespace tandem::console {

namespace {

QJsonValue numberOrNull(double value) { return value < 0 ? QJsonValue() : QJsonValue(value); }

QString isoTime(const QDateTime& time) {
  return (time.isValid() ? time : QDateTime::currentDateTimeUtc())
      .toUTC()
      .toString(Qt::ISODateWithMs);
}

// The cluster's version is its leader's (what clients talk to); "" while no leader answered.
QString clusterVersion(const ClusterState& state) {
  const NodeState* leader = state.leader();
  if (leader == nullptr) return {};
  if (leader->status) return leader->status->version;
  return leader->version;
}

QJsonObject clusterJson(const ClusterState& state) {
  QJsonValue leader;  // null while no leader is planned
  if (!state.leader_id.isEmpty()) {
    leader = QJsonObject{{QStringLiteral("id"), state.leader_id},
                         {QStringLiteral("endpoint"), state.leader_endpoint},
                         {QStringLiteral("term"), state.term}};
  }
  return QJsonObject{
      {QStringLiteral("version"), clusterVersion(state)},
      {QStringLiteral("leader"), leader},
      {QStringLiteral("maintenanceUntil"), state.maintenance_until_ms},
      {QStringLiteral("writesAtRisk"), state.writes_at_risk},
      {QStringLiteral("agency"), QJsonObject{{QStringLiteral("term"), state.agency_term},
                                             {QStringLiteral("leader"), state.agency_leader_id}}}};
}

QJsonObject nodeJson(const NodeState& node) {
  return QJsonObject{{QStringLiteral("id"), node.id},
                     {QStringLiteral("endpoint"), node.endpoint},
                     {QStringLiteral("role"), roleWireName(node.role)},
                     {QStringLiteral("health"), healthName(node.health)},
                     {QStringLiteral("draining"), node.draining},
                     {QStringLiteral("appliedTick"), node.applied_tick},
                     {QStringLiteral("appliedTerm"), node.applied_term},
                     {QStringLiteral("lagTicks"), node.lag_ticks},
                     {QStringLiteral("lagMs"), node.lag_ms},
                     {QStringLiteral("version"), node.version},
                     {QStringLiteral("uptimeSeconds"), numberOrNull(node.uptime_seconds)},
                     {QStringLiteral("agent"), node.is_agent},
                     {QStringLiteral("reachable"), node.health != Health::kUnreachable},
                     {QStringLiteral("error"), node.unreachable_reason}};
}

QJsonArray agentsJson(const ClusterState& state) {
  QJsonArray out;
  for (const AgentState& agent : state.agents) {
    out.append(
        QJsonObject{{QStringLiteral("id"), agent.id},
                    {QStringLiteral("endpoint"), agent.endpoint},
                    {QStringLiteral("leader"), agent.leader},
                    {QStringLiteral("lastAckedSeconds"), numberOrNull(agent.last_acked_seconds)}});
  }
  return out;
}

QJsonArray historyJson(const LagHistory* history) {
  QJsonArray out;
  if (history == nullptr) return out;
  for (const QString& id : history->nodes()) {
    QJsonArray samples;
    for (const LagSample& sample : history->samples(id)) {
      samples.append(QJsonObject{{QStringLiteral("time"), isoTime(sample.time)},
                                 {QStringLiteral("lagMs"), sample.lag_ms},
                                 {QStringLiteral("lagTicks"), sample.lag_ticks}});
    }
    out.append(QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("endpoint"), history->endpointOf(id)},
                           {QStringLiteral("samples"), samples}});
  }
  return out;
}

}  // namespace

QJsonObject snapshotJson(const ClusterState& state, const LagHistory* history,
                         const EventLog* events) {
  QJsonArray nodes;
  for (const NodeState& node : state.nodes) nodes.append(nodeJson(node));
  return QJsonObject{
      {QStringLiteral("format"), QStringLiteral("tandem-console-snapshot")},
      {QStringLiteral("formatVersion"), 1},
      {QStringLiteral("time"), isoTime(state.time)},
      {QStringLiteral("console"),
       QJsonObject{{QStringLiteral("version"), QStringLiteral(TANDEM_CONSOLE_VERSION)}}},
      {QStringLiteral("cluster"), clusterJson(state)},
      {QStringLiteral("health"), state.health_json},
      {QStringLiteral("nodes"), nodes},
      {QStringLiteral("agents"), agentsJson(state)},
      {QStringLiteral("lagHistory"), historyJson(history)},
      {QStringLiteral("events"), events != nullptr ? events->toJson() : QJsonArray()}};
}

QByteArray snapshotBytes(const ClusterState& state, const LagHistory* history,
                         const EventLog* events) {
  return QJsonDocument(snapshotJson(state, history, events)).toJson(QJsonDocument::Indented);
}

// Keys stay English (scripts read them); values are the table's texts.
QString statusText(const ClusterState& state) {
  QStringList lines;
  if (!state.connected) {
    lines << QStringLiteral("connected: no (%1)").arg(state.error);
  } else {
    lines << QStringLiteral("connected: yes");
  }
  const NodeState* leader = state.leader();
  lines << (state.leader_id.isEmpty()
                ? QStringLiteral("leader: none")
                : QStringLiteral("leader: %1 %2 term %3")
                      .arg(leader != nullptr ? nodeName(*leader) : hostPort(state.leader_endpoint),
                           state.leader_id)
                      .arg(state.term));
  lines << (state.maintenance_until_ms == 0
                ? QStringLiteral("maintenance: off")
                : QStringLiteral("maintenance: on until %1")
                      .arg(QDateTime::fromMSecsSinceEpoch(state.maintenance_until_ms, Qt::UTC)
                               .toString(Qt::ISODate)));
  lines << QStringLiteral("writes at risk: %1")
               .arg(state.writes_at_risk < 0 ? QStringLiteral("unknown")
                                             : ticksText(state.writes_at_risk));
  lines << QStringLiteral("nodes:");
  for (const NodeState& node : state.nodes) {
    QString line = QStringLiteral("  %1  %2  %3  tick %4")
                       .arg(nodeName(node), -21)
                       .arg(roleText(node.role), -9)
                       .arg(healthText(node.health), -11)
                       .arg(ticksText(node.applied_tick));
    if (node.role == NodeRole::kFollower) {
      line += QStringLiteral("  lag %1 ticks %2 ms")
                  .arg(ticksText(node.lag_ticks), ticksText(node.lag_ms));
    }
    line += QStringLiteral("  version %1  uptime %2  id %3")
                .arg(node.version.isEmpty() ? QStringLiteral("?") : node.version,
                     uptimeText(node.uptime_seconds),
                     node.id.isEmpty() ? QStringLiteral("?") : node.id);
    if (node.draining) line += QStringLiteral("  draining");
    if (!node.unreachable_reason.isEmpty())
      line += QStringLiteral("  (%1)").arg(node.unreachable_reason);
    lines << line;
  }
  lines << QStringLiteral("agents:");
  for (const AgentState& agent : state.agents) {
    QString line = QStringLiteral("  %1  %2").arg(hostPort(agent.endpoint), -21).arg(agent.id);
    if (agent.leader) line += QStringLiteral("  leader");
    if (agent.last_acked_seconds >= 0) {
      line += QStringLiteral("  last acked %1 s ago").arg(agent.last_acked_seconds, 0, 'f', 3);
    }
    if (!agent.reachable) line += QStringLiteral("  unreachable");
    lines << line;
  }
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace tandem::console
