#include "lag_chart_view.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

#include "models/lag_history.h"
#include "node_palette.h"

namespace tandem::console {

namespace {

QString hostPort(const QString& endpoint) {
  const qsizetype scheme = endpoint.indexOf(QLatin1String("://"));
  return scheme >= 0 ? endpoint.mid(scheme + 3) : endpoint;
}

}  // namespace

LagChartView::LagChartView(LagHistory* history, QWidget* parent)
    // Built with its chart: the plain constructor makes a default chart that setChart() would
    // release without deleting.
    : QChartView(new QChart(), parent),
      history_(history),
      chart_(chart()),
      time_axis_(new QDateTimeAxis(chart_)),
      value_axis_(new QValueAxis(chart_)) {
  setObjectName(QStringLiteral("lagChartView"));
  setRenderHint(QPainter::Antialiasing);
  setMinimumSize(320, 200);
  chart_->setTitle(tr("Replication lag per follower"));
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  chart_->setAnimationOptions(QChart::NoAnimation);
  time_axis_->setFormat(QStringLiteral("HH:mm:ss"));
  time_axis_->setTitleText(tr("Time"));
  time_axis_->setTickCount(6);
  value_axis_->setLabelFormat(QStringLiteral("%.0f"));
  value_axis_->setMin(0);
  chart_->addAxis(time_axis_, Qt::AlignBottom);
  chart_->addAxis(value_axis_, Qt::AlignLeft);
  window_end_ = QDateTime::currentDateTimeUtc();
  connect(history_, &LagHistory::sampled, this, &LagChartView::onSampled);
  connect(history_, &LagHistory::nodeAdded, this, [this](const QString& id) { ensureSeries(id); });
  connect(history_, &LagHistory::cleared, this, &LagChartView::onCleared);
  for (const QString& id : history_->nodes()) ensureSeries(id);
  if (history_->last().isValid()) window_end_ = liveEnd(history_->last());
  rebuild();
}

QDateTime LagChartView::liveEnd(const QDateTime& newest) const {
  // A young session fills the window from the left instead of hugging its right edge.
  const QDateTime first = history_->first();
  if (first.isValid() && first.secsTo(newest) < window_seconds_) {
    return first.addSecs(window_seconds_);
  }
  return newest;
}

QLineSeries* LagChartView::ensureSeries(const QString& id) {
  if (QLineSeries* existing = series_.value(id)) return existing;
  auto* series = new QLineSeries(chart_);
  series->setName(hostPort(history_->endpointOf(id)));
  QPen pen(seriesColor(int(series_.size())), 2);
  series->setPen(pen);
  chart_->addSeries(series);  // the chart owns it from here
  series->attachAxis(time_axis_);
  series->attachAxis(value_axis_);
  series_.insert(id, series);
  return series;
}

void LagChartView::onSampled(const QDateTime& time) {
  for (const QString& id : history_->nodes()) ensureSeries(id);
  if (paused_) return;
  window_end_ = liveEnd(time);
  rebuild();
  emit rangeChanged();
}

void LagChartView::onCleared() {
  for (QLineSeries* series : std::as_const(series_)) {
    chart_->removeSeries(series);
    delete series;
  }
  series_.clear();
  rebuild();
}

void LagChartView::setPaused(bool paused) {
  if (paused_ == paused) return;
  paused_ = paused;
  if (!paused_ && history_->last().isValid()) {
    window_end_ = liveEnd(history_->last());
    rebuild();
    emit rangeChanged();
  }
}

void LagChartView::setShowTicks(bool ticks) {
  if (ticks_ == ticks) return;
  ticks_ = ticks;
  rebuild();
}

void LagChartView::setWindowSeconds(int seconds) {
  window_seconds_ = std::max(10, seconds);
  rebuild();
  emit rangeChanged();
}

void LagChartView::scrollTo(const QDateTime& end) {
  if (!paused_) return;
  QDateTime clamped = end;
  if (history_->last().isValid() && clamped > history_->last()) clamped = history_->last();
  const QDateTime earliest = history_->first().addSecs(window_seconds_);
  if (history_->first().isValid() && clamped < earliest) clamped = earliest;
  window_end_ = clamped;
  rebuild();
  emit rangeChanged();
}

void LagChartView::rebuild() {
  const QDateTime start = windowStart();
  qint64 top = 0;
  for (auto it = series_.cbegin(); it != series_.cend(); ++it) {
    const QList<LagSample>& samples = history_->samples(it.key());
    // Samples are oldest first: binary-search the window's first sample.
    auto first =
        std::lower_bound(samples.cbegin(), samples.cend(), start,
                         [](const LagSample& s, const QDateTime& t) { return s.time < t; });
    QList<QPointF> points;
    for (auto s = first; s != samples.cend() && s->time <= window_end_; ++s) {
      const qint64 value = ticks_ ? s->lag_ticks : s->lag_ms;
      top = std::max(top, value);
      points.append(QPointF(double(s->time.toMSecsSinceEpoch()), double(value)));
    }
    it.value()->replace(points);
  }
  time_axis_->setRange(start.toLocalTime(), window_end_.toLocalTime());
  // Head room above the highest point; never a zero-height axis.
  value_axis_->setRange(0, std::max<qint64>(ticks_ ? 10 : 50, top + top / 5 + 1));
  value_axis_->setTitleText(ticks_ ? tr("Lag (ticks)") : tr("Lag (ms)"));
}

}  // namespace tandem::console
