// LocalCluster against the real `tandem-node local-cluster`: three nodes in a temporary folder on
// free ports get ready (the leader named first answers), stop() ends the child with exit code 0
// and every node process with it; a binary that is not there fails with a message.
#include <QDir>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include "cluster_harness.h"
#include "http_client.h"
#include "ops/local_cluster.h"

using namespace tandem::console;

namespace {

constexpr int kNodes = 3;

bool portFree(quint16 port) {
  QTcpServer server;
  return server.listen(QHostAddress::LocalHost, port);
}

// A base port with kNodes free ports from it on (a picked port may still be taken by someone
// else before the child binds it: rare on a test machine).
quint16 freeRun() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const quint16 base = tandem::test::NodeProcess::freeLoopbackPort();
    if (base == 0 || base > 65500) continue;
    bool free = true;
    for (int i = 1; i < kNodes && free; ++i) free = portFree(quint16(base + i));
    if (free) return base;
  }
  return 0;
}

// The pids the child printed for its nodes ("  node0  pid 123  tcp://…").
QList<qint64> nodePids(const QStringList& lines) {
  QList<qint64> pids;
  for (const QString& line : lines) {
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() >= 3 && words[0].startsWith(QLatin1String("node")) &&
        words[1] == QLatin1String("pid")) {
      pids << words[2].toLongLong();
    }
  }
  return pids;
}

bool processAlive(qint64 pid) { return ::kill(pid_t(pid), 0) == 0; }

}  // namespace

class LocalClusterLauncherTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void startsThreeNodesAndStopsThemAll();
  void wrongBinaryFailsWithMessage();

 private:
  QString binary_;
};

void LocalClusterLauncherTest::initTestCase() {
  binary_ = tandem::test::tandemNodeBinary();
  QVERIFY2(QFileInfo(binary_).isExecutable(), qPrintable(binary_));
}

void LocalClusterLauncherTest::startsThreeNodesAndStopsThemAll() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const quint16 base = freeRun();
  QVERIFY(base != 0);
  LocalCluster cluster(nullptr);
  cluster.setNodeBinary(binary_);
  QStringList lines;
  connect(&cluster, &LocalCluster::output, this, [&lines](const QString& line) { lines << line; });
  QSignalSpy ready(&cluster, &LocalCluster::ready);
  QSignalSpy failed(&cluster, &LocalCluster::failed);
  QSignalSpy stopped(&cluster, &LocalCluster::stopped);
  cluster.start(kNodes, dir.filePath(QStringLiteral("lc")), base, 60000);
  QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 65000);
  QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
  const QList<QUrl> endpoints = ready.first().first().value<QList<QUrl>>();
  QCOMPARE(endpoints.size(), qsizetype(kNodes));
  QCOMPARE(cluster.endpoints(), endpoints);
  QVERIFY(cluster.isRunning());
  for (int i = 0; i < kNodes; ++i) {
    QVERIFY2(endpoints.contains(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(base + i))),
             qPrintable(lines.join('\n')));
  }
  // A leader serves (the one named first, unless the cluster elected another meanwhile on a busy
  // machine).
  auto serving = [&endpoints] {
    for (const QUrl& url : endpoints) {
      tandem::test::HttpClient node(url.toString());
      if (node.request("GET", "/_admin/server/availability", {}, {}, 2000).status == 200)
        return true;
    }
    return false;
  };
  QTRY_VERIFY_WITH_TIMEOUT(serving(), 15000);
  const QList<qint64> pids = nodePids(lines);
  QCOMPARE(pids.size(), qsizetype(kNodes));
  for (qint64 pid : pids) QVERIFY(processAlive(pid));

  cluster.stop();
  QVERIFY(stopped.wait(40000));
  QCOMPARE(stopped.first().first().toInt(), 0);
  QVERIFY(!cluster.isRunning());
  QVERIFY(failed.isEmpty());
  for (qint64 pid : pids) QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
}

void LocalClusterLauncherTest::wrongBinaryFailsWithMessage() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString missing = dir.filePath(QStringLiteral("no-such-tandem-node"));
  LocalCluster cluster(nullptr);
  cluster.setNodeBinary(missing);
  QSignalSpy ready(&cluster, &LocalCluster::ready);
  QSignalSpy failed(&cluster, &LocalCluster::failed);
  cluster.start(kNodes, dir.filePath(QStringLiteral("lc")), 0, 10000);
  QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
  QVERIFY(ready.isEmpty());
  const QString message = failed.first().first().toString();
  QVERIFY2(message.contains(missing), qPrintable(message));
  QVERIFY(!cluster.isRunning());
}

QTEST_GUILESS_MAIN(LocalClusterLauncherTest)
#include "tst_local_cluster_launcher.moc"
