#include "topology_view.h"

#include <QContextMenuEvent>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QSet>

#include <algorithm>

#include "node_palette.h"
#include "topology_edge_item.h"
#include "topology_node_item.h"

namespace tandem::console {

namespace {

constexpr qreal kColumnWidth = 196;
constexpr qreal kRowHeight = 150;
constexpr qreal kAgentSpacing = 150;
constexpr int kMaxColumns = 6;  // followers wrap into rows beyond this

// Lays `count` items out in rows of at most kMaxColumns, centred on x = 0, from y = top.
QPointF gridPosition(int index, int count, qreal top, qreal spacing, qreal row_height) {
  const int columns = std::min(count, kMaxColumns);
  const int row = index / kMaxColumns;
  const int in_row = std::min(columns, count - row * kMaxColumns);
  const int column = index % kMaxColumns;
  const qreal x = (column - (in_row - 1) / 2.0) * spacing;
  return QPointF(x, top + row * row_height);
}

}  // namespace

QString nodeKey(const NodeState& node) { return node.id.isEmpty() ? node.endpoint : node.id; }

TopologyView::TopologyView(QWidget* parent)
    : QGraphicsView(parent), scene_(new QGraphicsScene(this)) {
  setObjectName(QStringLiteral("topologyView"));
  setScene(scene_);
  setRenderHint(QPainter::Antialiasing);
  setRenderHint(QPainter::TextAntialiasing);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  setBackgroundBrush(QColor(0xf7, 0xf9, 0xfb));
  setMinimumSize(320, 220);
  setFrameShape(QFrame::NoFrame);
  message_ = scene_->addSimpleText(QString());
  message_->setBrush(QColor(0x60, 0x6a, 0x75));
  QFont font = message_->font();
  font.setPointSizeF(11);
  message_->setFont(font);
  setMessage(tr("Not connected. Use File → Connect… or Launch local cluster…"));
}

void TopologyView::setState(const ClusterState& state) {
  const NodeState* leader = state.leader();
  leader_id_ = leader ? leader->id : QString();
  syncNodes(state);
  syncAgents(state);
  layoutItems(state);
  syncEdges(state);
  if (!state.connected) {
    setMessage(state.error.isEmpty() ? tr("Not connected.")
                                     : tr("Not connected: %1").arg(state.error));
  } else if (!leader) {
    setMessage(tr("No leader: the cluster is electing or failing over."));
  } else {
    setMessage(QString());
  }
  setSelectedNode(selected_);
  fit();
}

void TopologyView::syncNodes(const ClusterState& state) {
  QSet<QString> seen;
  for (const NodeState& node : state.nodes) {
    const QString key = nodeKey(node);
    if (key.isEmpty() || seen.contains(key)) continue;
    seen.insert(key);
    TopologyNodeItem* item = nodes_.value(key);
    if (!item) {
      item = new TopologyNodeItem(key, TopologyNodeItem::Kind::kNode);
      scene_->addItem(item);
      nodes_.insert(key, item);
    }
    item->setNode(node);
  }
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    if (seen.contains(it.key())) {
      ++it;
      continue;
    }
    delete it.value();  // removes it from the scene
    it = nodes_.erase(it);
  }
}

void TopologyView::syncAgents(const ClusterState& state) {
  QSet<QString> seen;
  for (const AgentState& agent : state.agents) {
    const QString key = agent.id.isEmpty() ? agent.endpoint : agent.id;
    if (key.isEmpty() || seen.contains(key)) continue;
    seen.insert(key);
    TopologyNodeItem* item = agents_.value(key);
    if (!item) {
      item = new TopologyNodeItem(key, TopologyNodeItem::Kind::kAgent);
      scene_->addItem(item);
      agents_.insert(key, item);
    }
    item->setAgent(agent);
  }
  for (auto it = agents_.begin(); it != agents_.end();) {
    if (seen.contains(it.key())) {
      ++it;
      continue;
    }
    delete it.value();
    it = agents_.erase(it);
  }
}

void TopologyView::layoutItems(const ClusterState& state) {
  // Row 0: the leader. Row 1+: followers and nodes of unknown role, then removed ones.
  QList<TopologyNodeItem*> lower;
  QList<TopologyNodeItem*> removed;
  for (const NodeState& node : state.nodes) {
    TopologyNodeItem* item = nodes_.value(nodeKey(node));
    if (!item) continue;
    if (node.role == NodeRole::kLeader && nodeKey(node) == leader_id_) {
      item->setPos(0, 0);
    } else if (node.role == NodeRole::kRemoved) {
      if (!removed.contains(item)) removed.append(item);
    } else if (!lower.contains(item)) {
      lower.append(item);
    }
  }
  lower.append(removed);
  for (int i = 0; i < lower.size(); ++i) {
    lower[i]->setPos(gridPosition(i, int(lower.size()), kRowHeight, kColumnWidth, kRowHeight - 30));
  }
  const int rows = lower.isEmpty() ? 0 : (int(lower.size()) - 1) / kMaxColumns + 1;
  const qreal agent_top = kRowHeight + std::max(0, rows - 1) * (kRowHeight - 30) + 95;
  int index = 0;
  for (const AgentState& agent : state.agents) {
    TopologyNodeItem* item = agents_.value(agent.id.isEmpty() ? agent.endpoint : agent.id);
    if (!item) continue;
    item->setPos(gridPosition(index++, int(state.agents.size()), agent_top, kAgentSpacing, 70));
  }
}

void TopologyView::syncEdges(const ClusterState& state) {
  TopologyNodeItem* leader = nodes_.value(leader_id_);
  QSet<QString> seen;
  if (leader) {
    for (const NodeState& node : state.nodes) {
      const QString key = nodeKey(node);
      if (node.role != NodeRole::kFollower || key == leader_id_ || seen.contains(key)) continue;
      TopologyNodeItem* item = nodes_.value(key);
      if (!item) continue;
      seen.insert(key);
      TopologyEdgeItem* edge = edges_.value(key);
      if (!edge) {
        edge = new TopologyEdgeItem(key);
        scene_->addItem(edge);
        edges_.insert(key, edge);
      }
      edge->setEnds(item->topAnchor(), leader->bottomAnchor());
      const bool reachable = node.health != Health::kUnreachable;
      edge->setLabel(reachable ? lagLabel(node.lag_ms, node.lag_ticks) : tr("lag unknown"),
                     nodeBorderColor(node.health), node.draining || !reachable);
    }
  }
  for (auto it = edges_.begin(); it != edges_.end();) {
    if (seen.contains(it.key())) {
      ++it;
      continue;
    }
    delete it.value();
    it = edges_.erase(it);
  }
}

void TopologyView::setMessage(const QString& text) {
  message_->setText(text);
  message_->setVisible(!text.isEmpty());
  const QRectF box = message_->boundingRect();
  const bool empty = nodes_.isEmpty() && agents_.isEmpty();
  // Alone in the scene: centred; with nodes: a caption above them.
  message_->setPos(-box.width() / 2, empty ? -box.height() / 2 : -kRowHeight / 2 - box.height());
}

QString TopologyView::messageText() const {
  return message_->isVisible() ? message_->text() : QString();
}

void TopologyView::setSelectedNode(const QString& id) {
  selected_ = id;
  for (auto it = nodes_.cbegin(); it != nodes_.cend(); ++it) {
    it.value()->setHighlighted(!id.isEmpty() && it.key() == id);
  }
}

void TopologyView::fit() {
  QRectF rect = scene_->itemsBoundingRect().adjusted(-24, -24, 24, 24);
  if (rect.isEmpty()) rect = QRectF(-100, -50, 200, 100);
  scene_->setSceneRect(rect);
  const QSize size = viewport()->size();
  if (size.isEmpty()) return;
  // Fit, but never blow a small cluster up beyond its natural size.
  const qreal scale = std::min({1.6, size.width() / rect.width(), size.height() / rect.height()});
  setTransform(QTransform::fromScale(scale, scale));
  centerOn(rect.center());
}

void TopologyView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  fit();
}

QString TopologyView::nodeKeyAt(const QPoint& pos) const {
  for (QGraphicsItem* item : items(pos)) {
    if (item->type() == TopologyNodeItem::kType) {
      auto* node = static_cast<TopologyNodeItem*>(item);
      if (node->kind() == TopologyNodeItem::Kind::kNode) return node->key();
    }
  }
  return {};
}

void TopologyView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    const QString key = nodeKeyAt(event->position().toPoint());
    if (!key.isEmpty()) {
      setSelectedNode(key);
      emit nodeSelected(key);
      event->accept();
      return;
    }
  }
  QGraphicsView::mousePressEvent(event);
}

void TopologyView::contextMenuEvent(QContextMenuEvent* event) {
  const QString key = nodeKeyAt(event->pos());
  if (key.isEmpty()) return;
  setSelectedNode(key);
  emit nodeSelected(key);
  emit nodeContextMenuRequested(key, event->globalPos());
  event->accept();
}

}  // namespace tandem::console
