// `tandem-node local-cluster` as a user runs it: three nodes on consecutive free ports, the
// printed endpoints (one leader, two followers, on exactly those ports), a write through the
// printed leader, and SIGTERM stopping every child cleanly; a taken port is refused up front.
#include <signal.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>

#include "http_client.h"
#include "node_process.h"

using namespace tandem::test;

namespace {

constexpr int kNodes = 3;
constexpr int kReadyTimeoutMs = 90000;

bool portFree(quint16 port) {
  QTcpServer server;
  return server.listen(QHostAddress::LocalHost, port);
}

// A base port with kNodes free ports from it; 0 if none was found.
quint16 freeBasePort() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto base = static_cast<quint16>(QRandomGenerator::global()->bounded(20000, 60000));
    bool all_free = true;
    for (int i = 0; i < kNodes && all_free; ++i) all_free = portFree(base + i);
    if (all_free) return base;
  }
  return 0;
}

bool processGone(qint64 pid) { return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

class LocalClusterTest : public QObject {
  Q_OBJECT

 private slots:
  void startsWritesAndStopsCleanly();
  void refusesATakenPort();
};

void LocalClusterTest::startsWritesAndStopsCleanly() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const quint16 base = freeBasePort();
  QVERIFY(base != 0);
  QProcess cluster;
  cluster.setProcessChannelMode(QProcess::MergedChannels);
  cluster.start(tandemNodeBinary(),
                {"local-cluster", "--nodes", QString::number(kNodes), "--dir", dir.path(),
                 "--base-port", QString::number(base), "--", "--cluster.heartbeat-interval", "0.1",
                 "--cluster.leader-lease", "0.5", "--agency.supervision-grace-period", "0.8"});
  QVERIFY(cluster.waitForStarted());

  QString output;
  QElapsedTimer timer;
  timer.start();
  while (!output.contains(QStringLiteral("Ctrl-C")) && timer.elapsed() < kReadyTimeoutMs &&
         cluster.state() == QProcess::Running) {
    cluster.waitForReadyRead(200);
    output += QString::fromUtf8(cluster.readAll());
  }
  QVERIFY2(output.contains(QStringLiteral("ready:")), qPrintable(output));

  // "  node<i>  pid <pid>  tcp://127.0.0.1:<port>..." for every child.
  QList<qint64> pids;
  const QRegularExpression child_line(
      QStringLiteral(R"(node(\d)  pid (\d+)  tcp://127\.0\.0\.1:(\d+))"));
  for (auto it = child_line.globalMatch(output); it.hasNext();) {
    const auto match = it.next();
    QCOMPARE(match.captured(3).toInt(), base + match.captured(1).toInt());
    pids << match.captured(2).toLongLong();
  }
  QCOMPARE(pids.size(), qsizetype(kNodes));

  // "  leader    http://127.0.0.1:<port>" and a follower line for each other node.
  const QRegularExpression role_line(
      QStringLiteral(R"(\n  (leader|follower) +http://127\.0\.0\.1:(\d+))"));
  QString leader_url;
  QSet<int> ports;
  int followers = 0;
  for (auto it = role_line.globalMatch(output); it.hasNext();) {
    const auto match = it.next();
    ports.insert(match.captured(2).toInt());
    if (match.captured(1) == QStringLiteral("leader")) {
      leader_url = QStringLiteral("http://127.0.0.1:") + match.captured(2);
    } else {
      ++followers;
    }
  }
  QCOMPARE(followers, kNodes - 1);
  QCOMPARE(ports, (QSet<int>{base, base + 1, base + 2}));
  QVERIFY(!leader_url.isEmpty());

  HttpClient leader(leader_url);
  QCOMPARE(leader.post("/_api/collection", R"({"name":"demo"})").status, 200);
  const HttpReply insert = leader.post("/_api/document/demo", R"({"_key":"hello"})");
  QVERIFY2(insert.status == 201 || insert.status == 202, insert.body.constData());
  QCOMPARE(leader.get("/_api/document/demo/hello").status, 200);

  ::kill(static_cast<pid_t>(cluster.processId()), SIGTERM);
  QVERIFY(cluster.waitForFinished(45000));
  output += QString::fromUtf8(cluster.readAll());
  QCOMPARE(cluster.exitStatus(), QProcess::NormalExit);
  QVERIFY2(cluster.exitCode() == 0, qPrintable(output));
  for (int i = 0; i < kNodes; ++i) {
    QVERIFY2(
        output.contains(QStringLiteral("node%1 (pid %2) exited with code 0").arg(i).arg(pids[i])),
        qPrintable(output));
    QVERIFY(processGone(pids[i]));
  }
}

void LocalClusterTest::refusesATakenPort() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  QTcpServer squatter;
  QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
  // The taken port is the second node's.
  const int base = squatter.serverPort() - 1;
  QProcess cluster;
  cluster.setProcessChannelMode(QProcess::MergedChannels);
  cluster.start(tandemNodeBinary(), {"local-cluster", "--nodes", "3", "--dir", dir.path(),
                                     "--base-port", QString::number(base)});
  QVERIFY(cluster.waitForFinished(15000));
  const QString output = QString::fromUtf8(cluster.readAll());
  QCOMPARE(cluster.exitCode(), 1);
  QVERIFY2(output.contains(QStringLiteral(" is taken")), qPrintable(output));
  QVERIFY2(output.contains(QStringLiteral("choose another --base-port")), qPrintable(output));
  QVERIFY(!output.contains(QStringLiteral("starting")));  // refused before any child started
}

QTEST_GUILESS_MAIN(LocalClusterTest)
#include "tst_local_cluster.moc"
