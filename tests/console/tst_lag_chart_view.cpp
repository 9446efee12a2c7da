// LagChartView and its panel over a LagHistory fed with hand-made states: a series per follower
// named host:port, a live 5-minute window that follows the newest sample, pause keeping the
// range (and the scroll bar moving it over the whole history), and the ms/ticks toggle.
#include <QCheckBox>
#include <QLineSeries>
#include <QScrollBar>
#include <QToolButton>
#include <QValueAxis>
#include <QtTest>

#include "models/lag_history.h"
#include "views/lag_chart_panel.h"
#include "views/lag_chart_view.h"

using namespace tandem::console;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

NodeState node(const QString& id, int port, NodeRole role, qint64 lag_ms, qint64 lag_ticks) {
  NodeState out;
  out.id = id;
  out.endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  out.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
  out.role = role;
  out.health = Health::kGood;
  out.lag_ms = lag_ms;
  out.lag_ticks = lag_ticks;
  return out;
}

// Round `second`: a leader and two followers; F1 lags `second` ms and 2×`second` ticks.
ClusterState round(int second) {
  ClusterState state;
  state.connected = true;
  state.round = quint64(second + 1);
  state.time = kStart.addSecs(second);
  state.leader_id = QStringLiteral("L");
  state.nodes << node(QStringLiteral("L"), 9001, NodeRole::kLeader, 0, 0)
              << node(QStringLiteral("F1"), 9002, NodeRole::kFollower, second, 2 * second)
              << node(QStringLiteral("F2"), 9003, NodeRole::kFollower, 5, 1);
  return state;
}

void feed(LagHistory* history, int from, int to) {
  for (int s = from; s < to; ++s) history->record(round(s));
}

}  // namespace

class LagChartViewTest : public QObject {
  Q_OBJECT

 private slots:
  void aSeriesPerFollowerNamedByEndpoint();
  void liveWindowIsTheLastFiveMinutes();
  void pauseKeepsTheRangeAndScrollsBack();
  void ticksToggleSwitchesValues();
};

void LagChartViewTest::aSeriesPerFollowerNamedByEndpoint() {
  LagHistory history(nullptr);
  LagChartView view(&history, nullptr);
  QCOMPARE(view.seriesCount(), 0);
  feed(&history, 0, 3);
  QCOMPARE(view.seriesCount(), 2);
  QVERIFY(view.seriesFor(QStringLiteral("F1")));
  QVERIFY(!view.seriesFor(QStringLiteral("L")));
  QCOMPARE(view.seriesFor(QStringLiteral("F1"))->name(), QStringLiteral("127.0.0.1:9002"));
  QCOMPARE(view.seriesFor(QStringLiteral("F2"))->name(), QStringLiteral("127.0.0.1:9003"));
  QCOMPARE(view.seriesFor(QStringLiteral("F1"))->count(), 3);
  QVERIFY(view.seriesFor(QStringLiteral("F1"))->color() !=
          view.seriesFor(QStringLiteral("F2"))->color());
  // A view built on a history that already has samples shows them too.
  LagChartView late(&history, nullptr);
  QCOMPARE(late.seriesCount(), 2);
  QCOMPARE(late.seriesFor(QStringLiteral("F2"))->count(), 3);
}

void LagChartViewTest::liveWindowIsTheLastFiveMinutes() {
  LagHistory history(nullptr);
  LagChartView view(&history, nullptr);
  feed(&history, 0, 10);
  // A young session: the window starts at its first sample and fills from the left.
  QCOMPARE(view.windowStart(), kStart);
  QCOMPARE(view.windowEnd(), kStart.addSecs(300));
  feed(&history, 10, 600);  // ten minutes at 1 Hz
  QCOMPARE(view.windowEnd(), kStart.addSecs(599));
  QCOMPARE(view.windowStart(), kStart.addSecs(299));
  QCOMPARE(view.windowStart().secsTo(view.windowEnd()), qint64(300));
  QLineSeries* f1 = view.seriesFor(QStringLiteral("F1"));
  QCOMPARE(f1->count(), 301);  // only the samples inside the window
  QCOMPARE(f1->at(0).y(), 299.0);
  QCOMPARE(f1->at(f1->count() - 1).y(), 599.0);
  QVERIFY(view.valueAxis()->max() >= 599.0);
  feed(&history, 600, 601);
  QCOMPARE(view.windowEnd(), kStart.addSecs(600));
}

void LagChartViewTest::pauseKeepsTheRangeAndScrollsBack() {
  LagHistory history(nullptr);
  LagChartPanel panel(&history, nullptr);
  LagChartView* view = panel.chartView();
  feed(&history, 0, 400);
  QVERIFY(!panel.scrollBar()->isEnabled());
  QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
  QVERIFY(view->isPaused());
  QVERIFY(panel.scrollBar()->isEnabled());
  const QDateTime end = view->windowEnd();
  feed(&history, 400, 460);
  QCOMPARE(view->windowEnd(), end);  // paused: the range stays
  QCOMPARE(view->seriesFor(QStringLiteral("F1"))
               ->at(view->seriesFor(QStringLiteral("F1"))->count() - 1)
               .y(),
           399.0);
  // Scroll back to the beginning of the session.
  panel.scrollBar()->setValue(panel.scrollBar()->minimum());
  QCOMPARE(view->windowStart(), kStart);
  QCOMPARE(view->seriesFor(QStringLiteral("F1"))->at(0).y(), 0.0);
  view->scrollTo(kStart.addSecs(100000));  // beyond the end: clamped to the newest sample
  QCOMPARE(view->windowEnd(), kStart.addSecs(459));
  // Resume: live again at the newest sample.
  QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
  QVERIFY(!view->isPaused());
  QCOMPARE(view->windowEnd(), kStart.addSecs(459));
  feed(&history, 460, 461);
  QCOMPARE(view->windowEnd(), kStart.addSecs(460));
}

void LagChartViewTest::ticksToggleSwitchesValues() {
  LagHistory history(nullptr);
  LagChartPanel panel(&history, nullptr);
  LagChartView* view = panel.chartView();
  feed(&history, 0, 50);
  QLineSeries* f1 = view->seriesFor(QStringLiteral("F1"));
  QCOMPARE(f1->at(f1->count() - 1).y(), 49.0);
  QCOMPARE(view->valueAxis()->titleText(), QStringLiteral("Lag (ms)"));
  panel.ticksToggle()->click();
  QVERIFY(view->showTicks());
  QCOMPARE(f1->at(f1->count() - 1).y(), 98.0);
  QCOMPARE(view->valueAxis()->titleText(), QStringLiteral("Lag (ticks)"));
  panel.ticksToggle()->click();
  QCOMPARE(f1->at(f1->count() - 1).y(), 49.0);
}

QTEST_MAIN(LagChartViewTest)
#include "tst_lag_chart_view.moc"
