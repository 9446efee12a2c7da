// tst_arangojs_compat: runs the official ArangoDB JavaScript driver (arangojs, pinned in
// tests/compat/package.json) against a real tandem-node.
//
// The test starts a node on a free loopback port, makes sure the driver is installed in
// tests/compat/node_modules (`npm ci` when it is missing or not the pinned version), runs
// `node --test compat.test.mjs` with TANDEM_URL set, and reads the TAP summary: every test must
// pass and exactly kExpectedPassed must have run, so a suite that silently loses tests fails.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "node_process.h"

namespace {

// The number of test() cases in compat.test.mjs.
constexpr int kExpectedPassed = 23;
constexpr int kMinNodeMajor = 20;  // arangojs 10 needs Node.js 20
constexpr int kInstallTimeoutMs = 300'000;
constexpr int kSuiteTimeoutMs = 240'000;

QString compatDir() { return QStringLiteral(TANDEM_COMPAT_SOURCE_DIR); }

// Counts from the summary that `node --test --test-reporter=tap` prints last; -1 when absent.
struct TapSummary {
  int tests = -1;
  int pass = -1;
  int fail = -1;
  int cancelled = -1;
  int skipped = -1;
  int todo = -1;
};

TapSummary parseTapSummary(const QString& output) {
  TapSummary summary;
  static const QRegularExpression line(
      QStringLiteral("^# (tests|pass|fail|cancelled|skipped|todo) (\\d+)\\s*$"),
      QRegularExpression::MultilineOption);
  for (auto it = line.globalMatch(output); it.hasNext();) {
    const auto match = it.next();
    const QString name = match.captured(1);
    const int value = match.captured(2).toInt();
    if (name == QLatin1String("tests")) summary.tests = value;
    if (name == QLatin1String("pass")) summary.pass = value;
    if (name == QLatin1String("fail")) summary.fail = value;
    if (name == QLatin1String("cancelled")) summary.cancelled = value;
    if (name == QLatin1String("skipped")) summary.skipped = value;
    if (name == QLatin1String("todo")) summary.todo = value;
  }
  return summary;
}

// The "version" of a package.json-like file, or of one of its dependencies.
QString jsonString(const QString& path, const QString& dependency = {}) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
  if (dependency.isEmpty()) return root.value(QStringLiteral("version")).toString();
  return root.value(QStringLiteral("dependencies")).toObject().value(dependency).toString();
}

struct Run {
  int exit_code = -1;
  bool finished = false;
  QString output;  // stdout and stderr, merged
};

Run runTool(const QString& program, const QStringList& args, int timeout_ms,
            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
            tandem::test::NodeProcess* node = nullptr) {
  QProcess process;
  process.setWorkingDirectory(compatDir());
  process.setProcessEnvironment(env);
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(program, args);
  Run run;
  if (!process.waitForStarted(10'000)) {
    run.output = program + QStringLiteral(": ") + process.errorString();
    return run;
  }
  QElapsedTimer timer;
  timer.start();
  while (!run.finished && timer.elapsed() < timeout_ms) {
    run.finished = process.waitForFinished(100);
    // Let the node's QProcess read its stderr meanwhile (it reads from the event loop), so that
    // a full pipe never stalls the node.
    QCoreApplication::processEvents();
    if (node != nullptr) node->stderrText();
  }
  if (!run.finished) {
    process.kill();
    process.waitForFinished(5'000);
  }
  run.output = QString::fromUtf8(process.readAll());
  if (run.finished && process.exitStatus() == QProcess::NormalExit) {
    run.exit_code = process.exitCode();
  }
  return run;
}

}  // namespace

class TestArangojsCompat : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void tapSummaryIsRead_data();
  void tapSummaryIsRead();
  void arangojsSuitePassesAgainstANode();

 private:
  void ensureDriverInstalled();

  QString node_;
};

void TestArangojsCompat::initTestCase() {
  node_ = QStandardPaths::findExecutable(QStringLiteral("node"));
  if (node_.isEmpty()) {
    QFAIL(
        "Node.js is not installed (no `node` on PATH): the arangojs compatibility test needs "
        "Node.js >= 20 and npm; scripts/setup installs them (apt-get install nodejs npm)");
  }
  const Run version = runTool(node_, {QStringLiteral("--version")}, 10'000);
  const int major = version.output.trimmed().mid(1).section(QLatin1Char('.'), 0, 0).toInt();
  QVERIFY2(major >= kMinNodeMajor,
           qPrintable(QStringLiteral("arangojs 10 needs Node.js >= %1; %2 is %3")
                          .arg(kMinNodeMajor)
                          .arg(node_, version.output.trimmed())));
  ensureDriverInstalled();
}

void TestArangojsCompat::ensureDriverInstalled() {
  const QString pinned =
      jsonString(compatDir() + QStringLiteral("/package.json"), QStringLiteral("arangojs"));
  QVERIFY2(!pinned.isEmpty(), "tests/compat/package.json pins no arangojs version");
  const QString installed_file =
      compatDir() + QStringLiteral("/node_modules/arangojs/package.json");
  if (jsonString(installed_file) == pinned) return;

  const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
  if (npm.isEmpty()) {
    QFAIL(
        "arangojs is not installed in tests/compat/node_modules and npm is not on PATH: "
        "install npm (scripts/setup does) or run `npm ci --prefix tests/compat`");
  }
  const bool locked = QFile::exists(compatDir() + QStringLiteral("/package-lock.json"));
  const QStringList args{locked ? QStringLiteral("ci") : QStringLiteral("install"),
                         QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                         QStringLiteral("--loglevel=error")};
  qInfo().noquote() << "installing arangojs" << pinned << "with npm" << args.join(' ') << "in"
                    << compatDir();
  const Run install = runTool(npm, args, kInstallTimeoutMs);
  if (install.exit_code != 0) {
    qWarning().noquote() << install.output;
    QFAIL("npm could not install the arangojs driver (output above)");
  }
  QCOMPARE(jsonString(installed_file), pinned);
}

void TestArangojsCompat::tapSummaryIsRead_data() {
  QTest::addColumn<QString>("output");
  QTest::addColumn<int>("pass");
  QTest::addColumn<int>("fail");
  QTest::newRow("all passed") << QStringLiteral(
                                     "ok 1 - a\n1..1\n# tests 3\n# suites 1\n# pass 3\n# fail 0\n"
                                     "# cancelled 0\n# skipped 0\n# todo 0\n# duration_ms 5.1\n")
                              << 3 << 0;
  QTest::newRow("subtest lines are not the summary")
      << QStringLiteral("    # pass 9\n# pass 2\n# fail 1\n") << 2 << 1;
  QTest::newRow("no summary") << QStringLiteral("SyntaxError: oops\n") << -1 << -1;
}

void TestArangojsCompat::tapSummaryIsRead() {
  QFETCH(QString, output);
  QFETCH(int, pass);
  QFETCH(int, fail);
  const TapSummary summary = parseTapSummary(output);
  QCOMPARE(summary.pass, pass);
  QCOMPARE(summary.fail, fail);
}

void TestArangojsCompat::arangojsSuitePassesAgainstANode() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  tandem::test::NodeProcess node(dir.path() + QStringLiteral("/node"));
  QVERIFY2(node.start(),
           qPrintable(QStringLiteral("tandem-node did not start:\n") + node.stderrText()));

  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("TANDEM_URL"), node.baseUrl());
  env.remove(QStringLiteral("NODE_OPTIONS"));
  const Run suite = runTool(node_,
                            {QStringLiteral("--test"), QStringLiteral("--test-reporter=tap"),
                             QStringLiteral("compat.test.mjs")},
                            kSuiteTimeoutMs, env, &node);
  const TapSummary summary = parseTapSummary(suite.output);
  const bool passed = suite.finished && suite.exit_code == 0 && summary.fail == 0 &&
                      summary.cancelled == 0 && summary.pass == kExpectedPassed &&
                      summary.skipped == 0 && summary.todo == 0;
  if (!passed) {
    qWarning().noquote() << "node --test output:\n" << suite.output;
    qWarning().noquote() << "tandem-node log (last 4000 characters):\n"
                         << node.stderrText().right(4000);
  }
  QVERIFY2(suite.finished, "the arangojs suite did not finish in time (output above)");
  QVERIFY2(node.isRunning(), "tandem-node ended during the arangojs suite (log above)");
  QCOMPARE(summary.fail, 0);
  QCOMPARE(summary.cancelled, 0);
  QCOMPARE(summary.skipped, 0);
  QCOMPARE(summary.todo, 0);
  QCOMPARE(summary.pass, kExpectedPassed);
  QCOMPARE(suite.exit_code, 0);
}

QTEST_GUILESS_MAIN(TestArangojsCompat)
#include "tst_arangojs_compat.moc"
