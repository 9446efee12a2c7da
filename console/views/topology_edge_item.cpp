#include "topology_edge_item.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLineF>
#include <QLocale>
#include <QPainter>
#include <QPolygonF>

#include <cmath>

namespace tandem::console {

namespace {

constexpr qreal kHead = 10;  // arrowhead length

QFont labelFont() {
  QFont font;
  font.setPointSizeF(8.5);
  return font;
}

}  // namespace

QString lagLabel(qint64 lag_ms, qint64 lag_ticks) {
  const QLocale locale;
  return QCoreApplication::translate("TopologyEdgeItem", "%1 ms · %2 ticks")
      .arg(locale.toString(lag_ms), locale.toString(lag_ticks));
}

TopologyEdgeItem::TopologyEdgeItem(QString follower_key) : follower_key_(std::move(follower_key)) {
  setZValue(-1);  // under the nodes
}

void TopologyEdgeItem::setEnds(const QPointF& from, const QPointF& to) {
  prepareGeometryChange();
  from_ = from;
  to_ = to;
}

void TopologyEdgeItem::setLabel(const QString& label, const QColor& colour, bool dashed) {
  prepareGeometryChange();
  label_ = label;
  colour_ = colour;
  dashed_ = dashed;
  update();
}

QRectF TopologyEdgeItem::labelRect() const {
  const QFontMetricsF metrics(labelFont());
  const QSizeF size(metrics.horizontalAdvance(label_) + 12, metrics.height() + 4);
  const QPointF middle = (from_ + to_) / 2;
  return QRectF(middle - QPointF(size.width() / 2, size.height() / 2), size);
}

QRectF TopologyEdgeItem::boundingRect() const {
  return QRectF(from_, to_)
      .normalized()
      .adjusted(-kHead, -kHead, kHead, kHead)
      .united(labelRect().adjusted(-2, -2, 2, 2));
}

void TopologyEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  QPen pen(colour_, 1.8);
  if (dashed_) pen.setStyle(Qt::DashLine);
  painter->setPen(pen);
  const QLineF line(from_, to_);
  painter->drawLine(line);
  if (line.length() > kHead) {
    const double angle = std::atan2(-line.dy(), line.dx());
    const QPointF left =
        to_ - QPointF(std::cos(angle - M_PI / 7) * kHead, -std::sin(angle - M_PI / 7) * kHead);
    const QPointF right =
        to_ - QPointF(std::cos(angle + M_PI / 7) * kHead, -std::sin(angle + M_PI / 7) * kHead);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour_);
    painter->drawPolygon(QPolygonF({to_, left, right}));
  }
  if (label_.isEmpty()) return;
  const QRectF box = labelRect();
  painter->setPen(QPen(colour_.lighter(130), 1));
  painter->setBrush(QColor(255, 255, 255, 235));
  painter->drawRoundedRect(box, 5, 5);
  painter->setFont(labelFont());
  painter->setPen(QColor(0x20, 0x28, 0x30));
  painter->drawText(box, Qt::AlignCenter, label_);
}

}  // namespace tandem::console
