// The main window on a live 3-node cluster, rendered to PNG after the first complete poll round:
// the image is kept as a test artifact (artifacts/console-main-window.png in the test's working
// directory) and must not be blank — many distinct colours, and the leader's node in the
// topology drawn in its health colour, not the background.
#include <QDir>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cluster_harness.h"
#include "views/main_window.h"
#include "views/topology_node_item.h"
#include "views/topology_view.h"

using namespace tandem::console;
using tandem::test::ClusterHarness;

class ScreenshotTest : public QObject {
  Q_OBJECT

 private slots:
  void mainWindowRendersLiveCluster();
};

void ScreenshotTest::mainWindowRendersLiveCluster() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ClusterHarness cluster(dir.path(), 3);
  QString why;
  QVERIFY2(cluster.start(&why), qPrintable(why));
  QVERIFY2(cluster.waitForLeader(60000).index >= 0, qPrintable(cluster.logs()));

  MainWindow window;
  window.resize(1400, 900);
  window.setInterval(500);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.connectTo(QUrl::fromStringList(cluster.baseUrls()));
  QTRY_VERIFY_WITH_TIMEOUT(
      window.state().connected && window.state().leader() && window.state().followers().size() == 2,
      30000);
  // One more full round, so the chart has a line and the arrows their lag.
  QSignalSpy applied(&window, &MainWindow::stateApplied);
  QVERIFY(applied.wait(5000));

  const QImage image = window.grab().toImage();
  QVERIFY(QDir().mkpath(QStringLiteral("artifacts")));
  const QString path =
      QDir::current().absoluteFilePath(QStringLiteral("artifacts/console-main-window.png"));
  QVERIFY(image.save(path, "PNG"));
  qInfo("screenshot: %s", qPrintable(path));

  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 2) {
    for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
  }
  QVERIFY2(colours.size() > 64, qPrintable(QString::number(colours.size())));

  TopologyView* view = window.topologyView();
  TopologyNodeItem* leader = view->nodeItem(view->leaderId());
  QVERIFY(leader);
  // A point inside the leader's box, below its title text: its fill colour.
  const QPointF inside = leader->scenePos() + QPointF(-TopologyNodeItem::kNodeWidth / 2 + 6, 0);
  const QPoint at = view->viewport()->mapTo(&window, view->mapFromScene(inside));
  const QColor pixel = image.pixelColor(at * image.devicePixelRatio());
  const QColor background = view->backgroundBrush().color();
  QVERIFY2(pixel != background, qPrintable(pixel.name()));
  QVERIFY2(pixel.green() > pixel.red() && pixel.green() > pixel.blue(),
           qPrintable(pixel.name()));  // the GOOD leader is green
  QCOMPARE(cluster.stopAll(), QString());
}

QTEST_MAIN(ScreenshotTest)
#include "tst_screenshot.moc"
