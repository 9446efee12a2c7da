// TopologyView: the cluster at a glance — the leader on top (crowned), followers below with an
// arrow each up to the leader labelled with their lag, removed nodes greyed at the end of the
// row, the agents as small diamonds along the bottom (the agency leader starred). Colour by
// health (node_palette.h). Items are kept per node across states and only moved and repainted,
// so a poll round never flickers; the scene is fitted to the view on every resize.
//
// Clicking a node emits nodeSelected(id); a right click emits nodeContextMenuRequested(id, global
// position) for the owner to pop its action menu. Ownership: a QWidget with a parent; owns its
// scene and items. GUI thread only.
#pragma once

#include <QGraphicsView>
#include <QHash>
#include <QString>

#include "models/cluster_state.h"

class QGraphicsSimpleTextItem;

namespace tandem::console {

class TopologyEdgeItem;
class TopologyNodeItem;

class TopologyView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit TopologyView(QWidget* parent);

  void setState(const ClusterState& state);
  void setSelectedNode(const QString& id);  // "" clears
  QString selectedNode() const { return selected_; }

  // What the view shows, for tests and the window title.
  QString leaderId() const { return leader_id_; }
  TopologyNodeItem* nodeItem(const QString& id) const { return nodes_.value(id); }
  TopologyNodeItem* agentItem(const QString& id) const { return agents_.value(id); }
  TopologyEdgeItem* edgeItem(const QString& follower_id) const { return edges_.value(follower_id); }
  QStringList nodeIds() const { return nodes_.keys(); }
  QString messageText() const;  // the banner ("Not connected …"), "" when none

 signals:
  void nodeSelected(const QString& id);
  void nodeContextMenuRequested(const QString& id, const QPoint& global_pos);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  QString nodeKeyAt(const QPoint& pos) const;
  void syncNodes(const ClusterState& state);
  void syncAgents(const ClusterState& state);
  void layoutItems(const ClusterState& state);
  void syncEdges(const ClusterState& state);
  void setMessage(const QString& text);
  void fit();

  QGraphicsScene* scene_;
  QHash<QString, TopologyNodeItem*> nodes_;
  QHash<QString, TopologyNodeItem*> agents_;
  QHash<QString, TopologyEdgeItem*> edges_;
  QGraphicsSimpleTextItem* message_ = nullptr;
  QString leader_id_;
  QString selected_;
};

// The key a node is shown under: its id, or its endpoint while the id is unknown.
QString nodeKey(const NodeState& node);

}  // namespace tandem::console
