// TopologyNodeItem: one node or agent in the topology scene — a rounded box (data node) or a
// small diamond (agent) filled with its health colour, with its host:port, its role and marks:
// a crown and "LEADER" on the leader, a dashed border and "draining", greyed and struck through
// when removed, grey with "unreachable" when the console could not reach it.
//
// Ownership: owned by the scene. The item keeps plain values only (no pointer into a state).
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QString>

#include "models/cluster_state.h"

namespace tandem::console {

class TopologyNodeItem : public QGraphicsItem {
 public:
  enum class Kind { kNode, kAgent };
  static constexpr int kType = UserType + 1;

  TopologyNodeItem(QString key, Kind kind);

  void setNode(const NodeState& node);
  void setAgent(const AgentState& agent);
  void setHighlighted(bool on);

  QString key() const { return key_; }  // node id (endpoint while the id is unknown) or agent id
  Kind kind() const { return kind_; }
  QColor fillColor() const { return fill_; }
  QString title() const { return title_; }         // host:port
  QString roleText() const { return role_text_; }  // "LEADER", "follower", "agent leader", …
  QString markText() const { return mark_; }       // "draining", "removed", "unreachable", ""
  bool isLeaderMarked() const { return crowned_; }
  bool isDashed() const { return dashed_; }
  bool isStruck() const { return struck_; }
  bool isHighlighted() const { return highlighted_; }
  // Where arrows attach, in scene coordinates.
  QPointF topAnchor() const;
  QPointF bottomAnchor() const;

  int type() const override { return kType; }
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  static constexpr qreal kNodeWidth = 168;
  static constexpr qreal kNodeHeight = 64;
  static constexpr qreal kAgentSize = 26;

 private:
  QRectF bodyRect() const;
  void paintNode(QPainter* painter) const;
  void paintAgent(QPainter* painter) const;

  QString key_;
  Kind kind_;
  QColor fill_;
  QString title_;
  QString role_text_;
  QString mark_;
  bool crowned_ = false;
  bool dashed_ = false;
  bool struck_ = false;
  bool greyed_ = false;
  bool highlighted_ = false;
};

// The details shown in a node's tooltip (rich text), shared with the table's context.
QString nodeTooltip(const NodeState& node);

}  // namespace tandem::console
