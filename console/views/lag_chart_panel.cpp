#include "lag_chart_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "gui.h"
#include "lag_chart_view.h"
#include "models/lag_history.h"

namespace tandem::console {

LagChartPanel::LagChartPanel(LagHistory* history, QWidget* parent)
    : QWidget(parent),
      history_(history),
      view_(new LagChartView(history, this)),
      pause_(new QToolButton(this)),
      ticks_(new QCheckBox(tr("Ticks"), this)),
      scroll_(new QScrollBar(Qt::Horizontal, this)) {
  ensureResources();
  setObjectName(QStringLiteral("lagChartPanel"));
  pause_->setObjectName(QStringLiteral("chartPauseButton"));
  pause_->setCheckable(true);
  pause_->setText(tr("Pause"));
  pause_->setIcon(QIcon(QStringLiteral(":/icons/pause.svg")));
  pause_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  pause_->setToolTip(tr("Freeze the chart to scroll back over this session's history"));
  ticks_->setObjectName(QStringLiteral("chartTicksToggle"));
  ticks_->setToolTip(tr("Show the lag in ticks (oplog entries) instead of milliseconds"));
  scroll_->setObjectName(QStringLiteral("chartScrollBar"));
  scroll_->setEnabled(false);
  scroll_->setToolTip(tr("Pause the chart to scroll back in time"));

  auto* controls = new QHBoxLayout();
  controls->setContentsMargins(4, 0, 4, 0);
  controls->addWidget(pause_);
  controls->addWidget(ticks_);
  controls->addWidget(scroll_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(view_, 1);
  layout->addLayout(controls);

  connect(pause_, &QToolButton::toggled, this, &LagChartPanel::setPaused);
  connect(ticks_, &QCheckBox::toggled, view_, &LagChartView::setShowTicks);
  connect(scroll_, &QScrollBar::valueChanged, this, &LagChartPanel::onScrolled);
  connect(view_, &LagChartView::rangeChanged, this, &LagChartPanel::syncScrollBar);
  connect(history_, &LagHistory::sampled, this, &LagChartPanel::syncScrollBar);
}

void LagChartPanel::setPaused(bool paused) {
  if (pause_->isChecked() != paused) pause_->setChecked(paused);  // re-enters via toggled
  if (view_->isPaused() == paused) return;
  view_->setPaused(paused);
  pause_->setText(paused ? tr("Resume") : tr("Pause"));
  scroll_->setEnabled(paused);
  syncScrollBar();
  emit pausedChanged(paused);
}

void LagChartPanel::syncScrollBar() {
  // The bar's unit is one second; its value is the window's end relative to the first sample.
  const QDateTime first = history_->first();
  const QDateTime last = history_->last();
  syncing_ = true;
  if (!first.isValid() || !last.isValid()) {
    scroll_->setRange(0, 0);
  } else {
    const int window = view_->windowSeconds();
    const int span = int(first.secsTo(last));
    scroll_->setRange(std::min(window, span), std::max(span, 0));
    scroll_->setPageStep(window);
    scroll_->setValue(int(first.secsTo(view_->windowEnd())));
  }
  syncing_ = false;
}

void LagChartPanel::onScrolled(int value) {
  if (syncing_ || !view_->isPaused() || !history_->first().isValid()) return;
  view_->scrollTo(history_->first().addSecs(value));
}

}  // namespace tandem::console
