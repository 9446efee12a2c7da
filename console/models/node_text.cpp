#include "node_text.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <cmath>

#include "client/endpoint.h"

namespace tandem::console {

namespace {

QString translated(const char* text) { return QCoreApplication::translate("NodeText", text); }

}  // namespace

QString healthText(Health health) {
  switch (health) {
    case Health::kGood:
      return QCoreApplication::translate("NodeText", "good");
    case Health::kBad:
      return QCoreApplication::translate("NodeText", "bad");
    case Health::kFailed:
      return QCoreApplication::translate("NodeText", "failed");
    case Health::kUnreachable:
      return QCoreApplication::translate("NodeText", "unreachable");
    case Health::kUnknown:
      break;
  }
  return QCoreApplication::translate("NodeText", "unknown");
}

QString roleText(NodeRole role) {
  switch (role) {
    case NodeRole::kLeader:
      return QCoreApplication::translate("NodeText", "leader");
    case NodeRole::kFollower:
      return QCoreApplication::translate("NodeText", "follower");
    case NodeRole::kRemoved:
      return QCoreApplication::translate("NodeText", "removed");
    case NodeRole::kUnknown:
      break;
  }
  return QCoreApplication::translate("NodeText", "unknown");
}

QString roleWireName(NodeRole role) {
  switch (role) {
    case NodeRole::kLeader:
      return QStringLiteral("leader");
    case NodeRole::kFollower:
      return QStringLiteral("follower");
    case NodeRole::kRemoved:
      return QStringLiteral("removed");
    case NodeRole::kUnknown:
      break;
  }
  return QStringLiteral("unknown");
}

int roleRank(NodeRole role) {
  switch (role) {
    case NodeRole::kLeader:
      return 0;
    case NodeRole::kFollower:
      return 1;
    case NodeRole::kUnknown:
      return 2;
    case NodeRole::kRemoved:
      return 3;
  }
  return 2;
}

QString uptimeText(double seconds) {
  if (!(seconds >= 0)) return QStringLiteral("—");
  const qint64 s = static_cast<qint64>(std::floor(seconds));
  if (s < 60) return QCoreApplication::translate("NodeText", "%1 s").arg(s);
  if (s < 3600) {
    return QCoreApplication::translate("NodeText", "%1 min %2 s").arg(s / 60).arg(s % 60);
  }
  if (s < 86400) {
    return QCoreApplication::translate("NodeText", "%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
  }
  return QCoreApplication::translate("NodeText", "%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600);
}

QString ticksText(qint64 ticks) { return QLocale().toString(ticks); }

QString hostPort(const QString& endpoint) {
  const QUrl url = httpUrl(endpoint);
  if (!url.isValid()) return endpoint;
  return QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
}

QString nodeName(const NodeState& node) {
  return node.endpoint.isEmpty() ? node.id : hostPort(node.endpoint);
}

QString nodeDetails(const NodeState& node) {
  QStringList lines;
  const auto add = [&lines](const char* label, const QString& value) {
    lines.append(QCoreApplication::translate("NodeText", "%1: %2").arg(translated(label), value));
  };
  add(QT_TRANSLATE_NOOP("NodeText", "Id"),
      node.id.isEmpty() ? QCoreApplication::translate("NodeText", "unknown") : node.id);
  add(QT_TRANSLATE_NOOP("NodeText", "Endpoint"), node.endpoint);
  QString role = roleText(node.role);
  if (node.draining) role += QCoreApplication::translate("NodeText", ", draining");
  add(QT_TRANSLATE_NOOP("NodeText", "Role"), role);
  add(QT_TRANSLATE_NOOP("NodeText", "Health"), healthText(node.health));
  add(QT_TRANSLATE_NOOP("NodeText", "Applied"),
      QCoreApplication::translate("NodeText", "term %1, tick %2")
          .arg(node.applied_term)
          .arg(ticksText(node.applied_tick)));
  if (node.role == NodeRole::kFollower) {
    add(QT_TRANSLATE_NOOP("NodeText", "Lag"),
        QCoreApplication::translate("NodeText", "%1 ticks, %2 ms")
            .arg(ticksText(node.lag_ticks), ticksText(node.lag_ms)));
  }
  if (node.heartbeat_age_ms >= 0) {
    add(QT_TRANSLATE_NOOP("NodeText", "Heartbeat age"),
        QCoreApplication::translate("NodeText", "%1 ms").arg(ticksText(node.heartbeat_age_ms)));
  }
  if (!node.version.isEmpty()) add(QT_TRANSLATE_NOOP("NodeText", "Version"), node.version);
  add(QT_TRANSLATE_NOOP("NodeText", "Uptime"), uptimeText(node.uptime_seconds));
  add(QT_TRANSLATE_NOOP("NodeText", "Agent"),
      node.is_agent ? node.agent_id : QCoreApplication::translate("NodeText", "no"));
  if (node.status && !node.status->applier.phase.isEmpty()) {
    add(QT_TRANSLATE_NOOP("NodeText", "Applier"), node.status->applier.phase);
  }
  if (node.status && !node.status->applier.last_error.isEmpty()) {
    add(QT_TRANSLATE_NOOP("NodeText", "Last error"), node.status->applier.last_error);
  }
  if (!node.unreachable_reason.isEmpty()) {
    add(QT_TRANSLATE_NOOP("NodeText", "Unreachable"), node.unreachable_reason);
  }
  return lines.join(QLatin1Char('\n'));
}

}  // namespace tandem::console
