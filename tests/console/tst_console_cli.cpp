// The headless commands end to end: the built tandem-console binary run as a child process
// against one real cluster (ClusterHarness, 3 nodes). Reads first, then the commands that change
// the cluster (switchover, upgrade, maintenance, drain and remove), then bad command lines.
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cluster_harness.h"

using tandem::test::ClusterHarness;
using tandem::test::NodeProcess;

namespace {

constexpr int kCommandTimeoutMs = 120000;

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
  QString describe() const {
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exit_code).arg(out, err);
  }
};

Run console(const QStringList& arguments) {
  QProcess process;
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
  environment.remove(QStringLiteral("LANGUAGE"));
  process.setProcessEnvironment(environment);
  process.start(QStringLiteral(TANDEM_CONSOLE_BINARY), arguments);
  Run run;
  if (!process.waitForFinished(kCommandTimeoutMs)) {
    process.kill();
    process.waitForFinished();
    run.err = QStringLiteral("did not finish: ") + process.errorString();
    return run;
  }
  run.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

QSet<QString> keys(const QJsonObject& object) {
  const QStringList list = object.keys();
  return QSet<QString>(list.begin(), list.end());
}

}  // namespace

class ConsoleCliTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void statusNamesLeaderAndFollowers();
  void statusJsonMatchesHealth();
  void exportJsonMatchesHealth();
  void exportCsvHasHeaderAndRows();
  void exportPngIsNotBlank();
  void switchoverToEndpointChangesLeader();
  void upgradeFollowerRestartsIt();
  void maintenanceOnAndOff();
  void removeOfUndrainedNodeIsRefused();
  void drainThenRemoveFollower();
  void helpPerCommand();
  void badCommandLinesExitTwo_data();
  void badCommandLinesExitTwo();
  void unreachableEndpointExitsOne();

 private:
  QStringList withEndpoint(QStringList arguments) const {
    return arguments << QStringLiteral("--endpoint") << cluster_->baseUrl(seed_);
  }
  int leader() { return cluster_->waitForLeader(30000).index; }
  int follower();
  QJsonObject healthReply() {
    return cluster_->request(leader(), "GET", "/_admin/cluster/health").json().object();
  }
  QString hostPort(int index) const { return cluster_->endpoint(index).mid(6); }

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  int seed_ = 0;  // the node given as --endpoint (kept running: never drained)
  QList<int> gone_;
};

int ConsoleCliTest::follower() {
  const int lead = leader();
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i != lead && i != seed_ && !gone_.contains(i)) return i;
  }
  return -1;
}

void ConsoleCliTest::initTestCase() {
  QVERIFY(QFileInfo(QStringLiteral(TANDEM_CONSOLE_BINARY)).isExecutable());
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  QVERIFY2(leader() >= 0, qPrintable(cluster_->logs()));
  // Every node registered and GOOD: the reads below compare against a settled cluster.
  QVERIFY2(cluster_->waitAllGood(30000), qPrintable(cluster_->logs()));
}

void ConsoleCliTest::cleanupTestCase() {
  if (cluster_) cluster_->stopAll();
}

void ConsoleCliTest::statusNamesLeaderAndFollowers() {
  const int lead = leader();
  const Run run = console(withEndpoint({QStringLiteral("status")}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  const QStringList lines = run.out.split('\n');
  bool leader_named = false;
  for (const QString& line : lines) {
    if (line.startsWith(QStringLiteral("leader:")) && line.contains(hostPort(lead)))
      leader_named = true;
  }
  QVERIFY2(leader_named, qPrintable(run.out));
  for (int i = 0; i < cluster_->size(); ++i) {
    QVERIFY2(run.out.contains(hostPort(i)), qPrintable(run.out));
    QVERIFY2(run.out.contains(cluster_->serverId(i)), qPrintable(run.out));
  }
  QCOMPARE(run.out.count(QStringLiteral("follower")), qsizetype(2));
}

void ConsoleCliTest::statusJsonMatchesHealth() {
  const Run run = console(withEndpoint({QStringLiteral("status"), QStringLiteral("--json")}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QJsonParseError error;
  const QJsonObject snapshot = QJsonDocument::fromJson(run.out.toUtf8(), &error).object();
  QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
  const QJsonObject health = healthReply();
  QCOMPARE(keys(snapshot.value("health").toObject()), keys(health.value("Health").toObject()));
  QCOMPARE(snapshot.value("cluster").toObject().value("leader").toObject().value("id"),
           health.value("leader").toObject().value("id"));
}

void ConsoleCliTest::exportJsonMatchesHealth() {
  const QString file = dir_.filePath(QStringLiteral("snapshot.json"));
  const Run run =
      console(withEndpoint({QStringLiteral("export"), QStringLiteral("--output"), file}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QFile saved(file);
  QVERIFY(saved.open(QIODevice::ReadOnly));
  QJsonParseError error;
  const QJsonObject snapshot = QJsonDocument::fromJson(saved.readAll(), &error).object();
  QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
  QCOMPARE(snapshot.value("format").toString(), QStringLiteral("tandem-console-snapshot"));
  QCOMPARE(snapshot.value("formatVersion").toInt(), 1);
  const QJsonObject health = healthReply();
  QCOMPARE(keys(snapshot.value("health").toObject()), keys(health.value("Health").toObject()));
  QCOMPARE(snapshot.value("nodes").toArray().size(), qsizetype(cluster_->size()));
  QCOMPARE(snapshot.value("cluster").toObject().value("leader").toObject().value("id"),
           health.value("leader").toObject().value("id"));
}

void ConsoleCliTest::exportCsvHasHeaderAndRows() {
  const QString file = dir_.filePath(QStringLiteral("lag.data"));
  const Run run = console(withEndpoint({QStringLiteral("export"), QStringLiteral("--output"), file,
                                        QStringLiteral("--format"), QStringLiteral("csv")}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QFile saved(file);
  QVERIFY(saved.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(saved.readAll()).split('\n', Qt::SkipEmptyParts);
  QVERIFY(!lines.isEmpty());
  QCOMPARE(lines.first(), QStringLiteral("time_utc,node_id,endpoint,lag_ms,lag_ticks"));
  QCOMPARE(lines.size(), qsizetype(1 + 2));  // one sample per follower
  for (const QString& line : lines.mid(1)) QCOMPARE(line.count(','), qsizetype(4));
}

void ConsoleCliTest::exportPngIsNotBlank() {
  const QString file = dir_.filePath(QStringLiteral("window.png"));
  const Run run =
      console(withEndpoint({QStringLiteral("export"), QStringLiteral("--output"), file}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QImage image;
  QVERIFY(image.load(file, "PNG"));
  QVERIFY(image.width() > 200 && image.height() > 200);
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 7) {
    for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
  }
  QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
}

void ConsoleCliTest::switchoverToEndpointChangesLeader() {
  const int target = follower();
  QVERIFY(target >= 0);
  const Run run = console(
      withEndpoint({QStringLiteral("switchover"), QStringLiteral("--to"), hostPort(target)}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QVERIFY2(run.out.contains(QStringLiteral("[3/3]")), qPrintable(run.out));
  QCOMPARE(leader(), target);
}

void ConsoleCliTest::upgradeFollowerRestartsIt() {
  const int node = follower();
  QVERIFY(node >= 0);
  const qsizetype runs = cluster_->node(node).stderrText().count(QStringLiteral("upgrade passed"));
  QElapsedTimer clock;
  clock.start();
  const Run run = console(withEndpoint(
      {QStringLiteral("upgrade"), QStringLiteral("--server"), cluster_->serverId(node)}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QVERIFY2(run.out.contains(QStringLiteral("[4/4]")), qPrintable(run.out));
  // Restarted in place (same pid): its uptime started again, and the upgrade step ran.
  QVERIFY(cluster_->status(node).value("uptimeSeconds").toDouble() < clock.elapsed() / 1000.0);
  QCOMPARE(cluster_->node(node).stderrText().count(QStringLiteral("upgrade passed")), runs + 1);
}

void ConsoleCliTest::maintenanceOnAndOff() {
  Run run = console(withEndpoint({QStringLiteral("maintenance"), QStringLiteral("on")}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QVERIFY(healthReply().value("maintenanceUntil").toInteger() > 0);
  run = console(withEndpoint({QStringLiteral("status")}));
  QVERIFY2(run.out.contains(QStringLiteral("maintenance mode is on")), qPrintable(run.out));
  run = console(withEndpoint({QStringLiteral("maintenance"), QStringLiteral("off")}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  QCOMPARE(healthReply().value("maintenanceUntil").toInteger(), qint64(0));
}

void ConsoleCliTest::removeOfUndrainedNodeIsRefused() {
  const int node = follower();
  const Run run =
      console(withEndpoint({QStringLiteral("remove"), QStringLiteral("--server"), hostPort(node)}));
  QCOMPARE(run.exit_code, 1);
  QVERIFY2(run.err.contains(QStringLiteral("drain it first")), qPrintable(run.describe()));
  QCOMPARE(healthReply()
               .value("Health")
               .toObject()
               .value(cluster_->serverId(node))
               .toObject()
               .value("draining")
               .toBool(),
           false);
}

void ConsoleCliTest::drainThenRemoveFollower() {
  const int node = follower();
  QVERIFY(node >= 0);
  const QString id = cluster_->serverId(node);
  Run run = console(withEndpoint({QStringLiteral("drain"), QStringLiteral("--server"), id}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  run = console(withEndpoint({QStringLiteral("remove"), QStringLiteral("--server"), id}));
  QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
  gone_ << node;
  const QJsonObject entry = healthReply().value("Health").toObject().value(id).toObject();
  QVERIFY(entry.isEmpty() || entry.value("removed").toBool());
}

void ConsoleCliTest::helpPerCommand() {
  const Run run = console({QStringLiteral("drain"), QStringLiteral("--help")});
  QCOMPARE(run.exit_code, 0);
  QVERIFY2(run.out.contains(QStringLiteral("tandem-console drain")), qPrintable(run.out));
  QVERIFY(run.out.contains(QStringLiteral("--server")));
  QVERIFY(run.out.contains(QStringLiteral("--endpoint")));
}

void ConsoleCliTest::badCommandLinesExitTwo_data() {
  QTest::addColumn<QStringList>("arguments");
  const QString url = QStringLiteral("http://127.0.0.1:1");
  QTest::newRow("no endpoint") << QStringList{QStringLiteral("status")};
  QTest::newRow("unknown option") << QStringList{
      QStringLiteral("status"), QStringLiteral("--endpoint"), url, QStringLiteral("--bogus")};
  QTest::newRow("switchover without --to")
      << QStringList{QStringLiteral("switchover"), QStringLiteral("--endpoint"), url};
  QTest::newRow("drain without --server")
      << QStringList{QStringLiteral("drain"), QStringLiteral("--endpoint"), url};
  QTest::newRow("maintenance maybe") << QStringList{
      QStringLiteral("maintenance"), QStringLiteral("--endpoint"), url, QStringLiteral("maybe")};
  QTest::newRow("export without --output")
      << QStringList{QStringLiteral("export"), QStringLiteral("--endpoint"), url};
  QTest::newRow("export unknown format")
      << QStringList{QStringLiteral("export"), QStringLiteral("--endpoint"), url,
                     QStringLiteral("--output"), QStringLiteral("x.txt")};
  QTest::newRow("bad interval") << QStringList{QStringLiteral("status"),
                                               QStringLiteral("--endpoint"), url,
                                               QStringLiteral("--interval"), QStringLiteral("5")};
  QTest::newRow("not an endpoint")
      << QStringList{QStringLiteral("status"), QStringLiteral("--endpoint"), QStringLiteral("::")};
}

void ConsoleCliTest::badCommandLinesExitTwo() {
  QFETCH(QStringList, arguments);
  const Run run = console(arguments);
  QVERIFY2(run.exit_code == 2, qPrintable(run.describe()));
  QVERIFY2(run.err.contains(QStringLiteral("Usage:")), qPrintable(run.describe()));
  QVERIFY(run.out.isEmpty());
}

void ConsoleCliTest::unreachableEndpointExitsOne() {
  const QString url = QStringLiteral("http://127.0.0.1:%1").arg(NodeProcess::freeLoopbackPort());
  for (const QStringList& command :
       {QStringList{QStringLiteral("status")},
        QStringList{QStringLiteral("drain"), QStringLiteral("--server"), QStringLiteral("x")}}) {
    const Run run = console(command + QStringList{QStringLiteral("--endpoint"), url});
    QVERIFY2(run.exit_code == 1, qPrintable(run.describe()));
    QVERIFY2(run.err.contains(QStringLiteral("Could not reach any of: ") + url),
             qPrintable(run.describe()));
    QVERIFY2(run.err.contains(QStringLiteral("is the cluster running?")),
             qPrintable(run.describe()));
  }
}

QTEST_GUILESS_MAIN(ConsoleCliTest)
#include "tst_console_cli.moc"
