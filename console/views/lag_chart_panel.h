// LagChartPanel: the lag chart with its controls — Pause (freeze the range), a "Ticks" toggle
// (ms by default) and a scroll bar over the whole session's history, enabled while paused.
//
// Ownership: a QWidget with a parent; owns the LagChartView. GUI thread only.
#pragma once

#include <QWidget>

class QCheckBox;
class QScrollBar;
class QToolButton;

namespace tandem::console {

class LagChartView;
class LagHistory;

class LagChartPanel : public QWidget {
  Q_OBJECT

 public:
  LagChartPanel(LagHistory* history, QWidget* parent);

  LagChartView* chartView() const { return view_; }
  QToolButton* pauseButton() const { return pause_; }
  QCheckBox* ticksToggle() const { return ticks_; }
  QScrollBar* scrollBar() const { return scroll_; }
  void setPaused(bool paused);

 signals:
  void pausedChanged(bool paused);

 private:
  void syncScrollBar();
  void onScrolled(int value);

  LagHistory* history_;
  LagChartView* view_;
  QToolButton* pause_;
  QCheckBox* ticks_;
  QScrollBar* scroll_;
  bool syncing_ = false;
};

}  // namespace tandem::console
