// TopologyEdgeItem: the replication arrow from a follower up to the leader, labelled with the
// follower's lag ("12 ms · 340 ticks"), coloured by the follower's health.
//
// Ownership: owned by the scene; the view moves its ends when it lays the nodes out.
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QString>

namespace tandem::console {

class TopologyEdgeItem : public QGraphicsItem {
 public:
  static constexpr int kType = UserType + 2;

  explicit TopologyEdgeItem(QString follower_key);

  void setEnds(const QPointF& from, const QPointF& to);  // scene coordinates, follower → leader
  void setLabel(const QString& label, const QColor& colour, bool dashed);

  QString followerKey() const { return follower_key_; }
  QString label() const { return label_; }

  int type() const override { return kType; }
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  QRectF labelRect() const;

  QString follower_key_;
  QPointF from_;
  QPointF to_;
  QString label_;
  QColor colour_;
  bool dashed_ = false;
};

// "12 ms · 340 ticks" (translated).
QString lagLabel(qint64 lag_ms, qint64 lag_ticks);

}  // namespace tandem::console
