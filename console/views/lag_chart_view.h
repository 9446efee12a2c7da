// LagChartView: replication lag per follower over time (Qt Charts), one line series per node of
// the LagHistory, named by its host:port, in milliseconds or (toggle) ticks.
//
// Live (not paused) it shows the last window (5 minutes) ending at the newest sample, following
// each new sample (a session younger than the window shows the window from its first sample).
// Paused, the range stays where it is and scrollTo() moves it anywhere over the session's history
// (the owner's scroll bar drives it). Only the samples inside the window are handed to the series,
// so a long session does not slow rendering.
//
// Ownership: a QWidget with a parent; owns the chart, series and axes; uses (does not own) the
// LagHistory. GUI thread only.
#pragma once

#include <QChartView>
#include <QDateTime>
#include <QHash>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace tandem::console {

class LagHistory;

class LagChartView : public QChartView {
  Q_OBJECT

 public:
  static constexpr int kDefaultWindowSeconds = 300;

  LagChartView(LagHistory* history, QWidget* parent);

  void setPaused(bool paused);
  bool isPaused() const { return paused_; }
  void setShowTicks(bool ticks);
  bool showTicks() const { return ticks_; }
  void setWindowSeconds(int seconds);
  int windowSeconds() const { return window_seconds_; }
  // Paused only: shows the window ending at `end` (clamped to the history).
  void scrollTo(const QDateTime& end);

  QDateTime windowStart() const { return window_end_.addSecs(-window_seconds_); }
  QDateTime windowEnd() const { return window_end_; }
  int seriesCount() const { return int(series_.size()); }
  QLineSeries* seriesFor(const QString& id) const { return series_.value(id); }
  QValueAxis* valueAxis() const { return value_axis_; }
  QDateTimeAxis* timeAxis() const { return time_axis_; }

 signals:
  void rangeChanged();  // the window moved (a sample arrived live, or scrollTo)

 private:
  void onSampled(const QDateTime& time);
  void onCleared();
  QLineSeries* ensureSeries(const QString& id);
  void rebuild();
  QDateTime liveEnd(const QDateTime& newest) const;  // the live window's end for `newest`

  LagHistory* history_;
  QChart* chart_;
  QDateTimeAxis* time_axis_;
  QValueAxis* value_axis_;
  QHash<QString, QLineSeries*> series_;
  QDateTime window_end_;
  int window_seconds_ = kDefaultWindowSeconds;
  bool paused_ = false;
  bool ticks_ = false;
};

}  // namespace tandem::console
