#include "topology_node_item.h"

#include <QCoreApplication>
#include <QCursor>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include "node_palette.h"

namespace tandem::console {

namespace {

QString hostPort(const QString& endpoint) {
  QString out = endpoint;
  const qsizetype scheme = out.indexOf(QLatin1String("://"));
  if (scheme >= 0) out = out.mid(scheme + 3);
  return out;
}

QString roleName(NodeRole role) {
  switch (role) {
    case NodeRole::kLeader:
      return QCoreApplication::translate("TopologyNodeItem", "leader");
    case NodeRole::kFollower:
      return QCoreApplication::translate("TopologyNodeItem", "follower");
    case NodeRole::kRemoved:
      return QCoreApplication::translate("TopologyNodeItem", "removed");
    case NodeRole::kUnknown:
      break;
  }
  return QCoreApplication::translate("TopologyNodeItem", "unknown");
}

QString row(const QString& key, const QString& value) {
  return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
      .arg(key.toHtmlEscaped(), value.toHtmlEscaped());
}

}  // namespace

QString nodeTooltip(const NodeState& node) {
  const QLocale locale;
  QString html = QStringLiteral("<table>");
  html += row(QCoreApplication::translate("TopologyNodeItem", "Node"),
              node.id.isEmpty() ? QCoreApplication::translate("TopologyNodeItem", "(id unknown)")
                                : node.id);
  html += row(QCoreApplication::translate("TopologyNodeItem", "Endpoint"), node.endpoint);
  html += row(QCoreApplication::translate("TopologyNodeItem", "Role"), roleName(node.role));
  html += row(QCoreApplication::translate("TopologyNodeItem", "Health"),
              healthDisplayName(node.health));
  if (node.draining)
    html += row(QCoreApplication::translate("TopologyNodeItem", "Draining"),
                QCoreApplication::translate("TopologyNodeItem", "yes"));
  html += row(QCoreApplication::translate("TopologyNodeItem", "Applied"),
              QCoreApplication::translate("TopologyNodeItem", "tick %1, term %2")
                  .arg(locale.toString(node.applied_tick))
                  .arg(node.applied_term));
  if (node.role == NodeRole::kFollower) {
    html += row(QCoreApplication::translate("TopologyNodeItem", "Lag"),
                QCoreApplication::translate("TopologyNodeItem", "%1 ms, %2 ticks")
                    .arg(locale.toString(node.lag_ms), locale.toString(node.lag_ticks)));
  }
  if (node.heartbeat_age_ms >= 0) {
    html += row(
        QCoreApplication::translate("TopologyNodeItem", "Heartbeat"),
        QCoreApplication::translate("TopologyNodeItem", "%1 ms ago").arg(node.heartbeat_age_ms));
  }
  if (!node.version.isEmpty())
    html += row(QCoreApplication::translate("TopologyNodeItem", "Version"), node.version);
  if (node.uptime_seconds >= 0) {
    html += row(
        QCoreApplication::translate("TopologyNodeItem", "Uptime"),
        QCoreApplication::translate("TopologyNodeItem", "%1 s").arg(qRound64(node.uptime_seconds)));
  }
  if (node.status) {
    html += row(QCoreApplication::translate("TopologyNodeItem", "Process"),
                QCoreApplication::translate("TopologyNodeItem", "pid %1").arg(node.status->pid));
    if (!node.status->applier.phase.isEmpty() && node.role != NodeRole::kLeader) {
      html += row(QCoreApplication::translate("TopologyNodeItem", "Applier"),
                  node.status->applier.phase);
    }
  }
  if (node.is_agent)
    html += row(QCoreApplication::translate("TopologyNodeItem", "Agent"), node.agent_id);
  if (!node.unreachable_reason.isEmpty())
    html += row(QCoreApplication::translate("TopologyNodeItem", "Error"), node.unreachable_reason);
  html += QStringLiteral("</table>");
  return html;
}

TopologyNodeItem::TopologyNodeItem(QString key, Kind kind) : key_(std::move(key)), kind_(kind) {
  setAcceptHoverEvents(true);
  setCursor(Qt::PointingHandCursor);
  fill_ = nodeFillColor(Health::kUnknown);
}

void TopologyNodeItem::setNode(const NodeState& node) {
  prepareGeometryChange();
  fill_ = nodeFillColor(node.health);
  title_ = hostPort(node.endpoint);
  crowned_ = node.role == NodeRole::kLeader;
  dashed_ = node.draining;
  struck_ = node.role == NodeRole::kRemoved;
  greyed_ = struck_ || node.health == Health::kUnreachable;
  if (crowned_) {
    role_text_ = QCoreApplication::translate("TopologyNodeItem", "LEADER");
  } else {
    role_text_ = roleName(node.role);
  }
  role_text_ += QStringLiteral(" · ") + healthDisplayName(node.health);
  if (struck_) {
    mark_ = QCoreApplication::translate("TopologyNodeItem", "removed");
  } else if (node.health == Health::kUnreachable) {
    mark_ = QCoreApplication::translate("TopologyNodeItem", "unreachable");
  } else if (node.draining) {
    mark_ = QCoreApplication::translate("TopologyNodeItem", "draining");
  } else {
    mark_.clear();
  }
  setOpacity(struck_ ? 0.55 : 1.0);
  setToolTip(nodeTooltip(node));
  update();
}

void TopologyNodeItem::setAgent(const AgentState& agent) {
  prepareGeometryChange();
  fill_ = agent.reachable ? QColor(0x5b, 0x7d, 0xb1) : nodeFillColor(Health::kUnreachable);
  title_ = hostPort(agent.endpoint);
  crowned_ = agent.leader;
  role_text_ = agent.leader ? QCoreApplication::translate("TopologyNodeItem", "agent leader")
                            : QCoreApplication::translate("TopologyNodeItem", "agent");
  mark_ =
      agent.reachable ? QString() : QCoreApplication::translate("TopologyNodeItem", "unreachable");
  greyed_ = !agent.reachable;
  QString tip = QCoreApplication::translate("TopologyNodeItem", "<b>Agent</b> %1<br>%2")
                    .arg(agent.id.toHtmlEscaped(), agent.endpoint);
  if (agent.leader)
    tip +=
        QStringLiteral("<br>") + QCoreApplication::translate("TopologyNodeItem", "Agency leader");
  if (agent.last_acked_seconds >= 0) {
    tip += QStringLiteral("<br>") +
           QCoreApplication::translate("TopologyNodeItem", "Last acknowledged %1 s ago")
               .arg(agent.last_acked_seconds, 0, 'f', 2);
  }
  setToolTip(tip);
  update();
}

void TopologyNodeItem::setHighlighted(bool on) {
  if (highlighted_ == on) return;
  highlighted_ = on;
  update();
}

QRectF TopologyNodeItem::bodyRect() const {
  if (kind_ == Kind::kAgent)
    return QRectF(-kAgentSize / 2, -kAgentSize / 2, kAgentSize, kAgentSize);
  return QRectF(-kNodeWidth / 2, -kNodeHeight / 2, kNodeWidth, kNodeHeight);
}

QPointF TopologyNodeItem::topAnchor() const { return mapToScene(QPointF(0, bodyRect().top())); }

QPointF TopologyNodeItem::bottomAnchor() const {
  return mapToScene(QPointF(0, bodyRect().bottom()));
}

QRectF TopologyNodeItem::boundingRect() const {
  if (kind_ == Kind::kAgent) return QRectF(-70, -kAgentSize / 2 - 4, 140, kAgentSize + 44);
  // Room above for the crown and "LEADER", around for the selection ring.
  return bodyRect().adjusted(-8, -30, 8, 8);
}

void TopologyNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  if (kind_ == Kind::kAgent) {
    paintAgent(painter);
  } else {
    paintNode(painter);
  }
}

void TopologyNodeItem::paintNode(QPainter* painter) const {
  const QRectF body = bodyRect();
  if (highlighted_) {
    painter->setPen(QPen(QColor(0x1f, 0x6f, 0xc5), 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(body.adjusted(-5, -5, 5, 5), 12, 12);
  }
  QLinearGradient gradient(body.topLeft(), body.bottomLeft());
  const QColor fill = greyed_ ? nodeFillColor(Health::kUnreachable) : fill_;
  gradient.setColorAt(0, fill.lighter(118));
  gradient.setColorAt(1, fill);
  QPen border(fill.darker(160), crowned_ ? 2.5 : 1.5);
  if (dashed_) border.setStyle(Qt::DashLine);
  painter->setPen(border);
  painter->setBrush(gradient);
  painter->drawRoundedRect(body, 9, 9);

  QFont font = painter->font();
  font.setBold(true);
  font.setPointSizeF(10);
  painter->setFont(font);
  painter->setPen(QColor(0x10, 0x18, 0x20));
  painter->drawText(body.adjusted(6, 4, -6, -body.height() * 0.55), Qt::AlignCenter, title_);
  font.setBold(false);
  font.setPointSizeF(8.5);
  painter->setFont(font);
  painter->drawText(body.adjusted(6, body.height() * 0.38, -6, -body.height() * 0.3),
                    Qt::AlignCenter, role_text_);
  if (!mark_.isEmpty()) {
    font.setItalic(true);
    painter->setFont(font);
    painter->drawText(body.adjusted(6, body.height() * 0.66, -6, -3), Qt::AlignCenter,
                      QStringLiteral("⟨%1⟩").arg(mark_));
  }
  if (struck_) {
    painter->setPen(QPen(QColor(0x40, 0x40, 0x40), 2));
    painter->drawLine(body.bottomLeft() + QPointF(6, -6), body.topRight() + QPointF(-6, 6));
  }
  if (crowned_) {
    font.setItalic(false);
    font.setBold(true);
    font.setPointSizeF(9);
    painter->setFont(font);
    painter->setPen(QColor(0xb8, 0x86, 0x0b));
    painter->drawText(
        QRectF(body.left(), body.top() - 28, body.width(), 24), Qt::AlignCenter,
        QStringLiteral("♛ ") + QCoreApplication::translate("TopologyNodeItem", "LEADER"));
  }
}

void TopologyNodeItem::paintAgent(QPainter* painter) const {
  const QRectF body = bodyRect();
  if (highlighted_) {
    painter->setPen(QPen(QColor(0x1f, 0x6f, 0xc5), 2));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(body.adjusted(-6, -6, 6, 6));
  }
  QPainterPath diamond;
  diamond.moveTo(0, body.top());
  diamond.lineTo(body.right(), 0);
  diamond.lineTo(0, body.bottom());
  diamond.lineTo(body.left(), 0);
  diamond.closeSubpath();
  painter->setPen(QPen(fill_.darker(160), crowned_ ? 2.5 : 1.2));
  painter->setBrush(fill_);
  painter->drawPath(diamond);
  if (crowned_) {
    painter->setPen(QColor(0xff, 0xd7, 0x00));
    painter->drawText(body, Qt::AlignCenter, QStringLiteral("★"));
  }
  QFont font = painter->font();
  font.setPointSizeF(8);
  painter->setFont(font);
  painter->setPen(QColor(0x30, 0x38, 0x40));
  const QString text = mark_.isEmpty() ? role_text_ : role_text_ + QStringLiteral(" · ") + mark_;
  painter->drawText(QRectF(-70, body.bottom() + 2, 140, 18), Qt::AlignCenter, title_);
  painter->drawText(QRectF(-70, body.bottom() + 18, 140, 18), Qt::AlignCenter, text);
}

}  // namespace tandem::console
