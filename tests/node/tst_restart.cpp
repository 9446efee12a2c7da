// Restart in place: the arguments and the executable of the next run (pure functions), and the
// process-wide request that main acts on.
#include <QtTest>

#include <string>
#include <vector>

#include "restart.h"

using Args = std::vector<std::string>;

class RestartTest : public QObject {
  Q_OBJECT

 private slots:
  void cleanup();

  void plainRestartKeepsTheArguments();
  void upgradeAppendsTheFlag();
  void earlierAutoUpgradeFlagsAreDropped_data();
  void earlierAutoUpgradeFlagsAreDropped();
  void programNameIsNeverDropped();
  void upgradeRunIsRecognised_data();
  void upgradeRunIsRecognised();
  void upgradeRunContinuesWithoutTheFlag();
  void executableIsTheFileOnDisk_data();
  void executableIsTheFileOnDisk();
  void lastRequestWins();
  void nothingRequestedReturnsTheExitCode();
};

void RestartTest::cleanup() { tandem::node::cancelRestart(); }

void RestartTest::plainRestartKeepsTheArguments() {
  const Args args = {"tandem-node", "--server.endpoint", "tcp://127.0.0.1:8529",
                     "--database.directory", "/d"};
  QCOMPARE(tandem::node::restartArguments(args, false), args);
}

void RestartTest::upgradeAppendsTheFlag() {
  const Args args = {"tandem-node", "--database.directory", "/d"};
  const Args expected = {"tandem-node", "--database.directory", "/d", "--database.auto-upgrade",
                         "true"};
  QCOMPARE(tandem::node::restartArguments(args, true), expected);
}

void RestartTest::earlierAutoUpgradeFlagsAreDropped_data() {
  QTest::addColumn<QStringList>("args");
  QTest::newRow("separate value") << QStringList{"n", "--database.auto-upgrade", "false", "-x"};
  QTest::newRow("equals") << QStringList{"n", "--database.auto-upgrade=true", "-x"};
  QTest::newRow("twice") << QStringList{"n", "--database.auto-upgrade", "true", "-x",
                                        "--database.auto-upgrade=false"};
}

void RestartTest::earlierAutoUpgradeFlagsAreDropped() {
  QFETCH(QStringList, args);
  Args input;
  for (const QString& arg : args) input.push_back(arg.toStdString());
  QCOMPARE(tandem::node::restartArguments(input, false), (Args{"n", "-x"}));
  QCOMPARE(tandem::node::restartArguments(input, true),
           (Args{"n", "-x", "--database.auto-upgrade", "true"}));
}

void RestartTest::programNameIsNeverDropped() {
  const Args args = {"--database.auto-upgrade", "--x"};
  QCOMPARE(tandem::node::restartArguments(args, false), args);
}

void RestartTest::upgradeRunIsRecognised_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<bool>("upgrade");
  QTest::newRow("none") << QStringList{"n", "--database.directory", "/d"} << false;
  QTest::newRow("true") << QStringList{"n", "--database.auto-upgrade", "true"} << true;
  QTest::newRow("yes") << QStringList{"n", "--database.auto-upgrade", "yes"} << true;
  QTest::newRow("equals") << QStringList{"n", "--database.auto-upgrade=1"} << true;
  QTest::newRow("false") << QStringList{"n", "--database.auto-upgrade", "false"} << false;
  QTest::newRow("last wins") << QStringList{"n", "--database.auto-upgrade=true",
                                            "--database.auto-upgrade", "off"}
                             << false;
  QTest::newRow("flag without value") << QStringList{"n", "--database.auto-upgrade"} << false;
}

void RestartTest::upgradeRunIsRecognised() {
  QFETCH(QStringList, args);
  QFETCH(bool, upgrade);
  Args input;
  for (const QString& arg : args) input.push_back(arg.toStdString());
  QCOMPARE(tandem::node::asksForUpgrade(input), upgrade);
}

// What the upgrade run of a restart executes next: its own arguments without the flag.
void RestartTest::upgradeRunContinuesWithoutTheFlag() {
  const Args original = {"tandem-node", "--database.directory", "/d"};
  const Args upgrade_run = tandem::node::restartArguments(original, true);
  QVERIFY(tandem::node::asksForUpgrade(upgrade_run));
  const Args normal_run = tandem::node::restartArguments(upgrade_run, false);
  QCOMPARE(normal_run, original);
  QVERIFY(!tandem::node::asksForUpgrade(normal_run));
}

void RestartTest::executableIsTheFileOnDisk_data() {
  QTest::addColumn<QString>("link");
  QTest::addColumn<QString>("executable");
  QTest::newRow("unchanged") << "/opt/tandem/bin/tandem-node"
                             << "/opt/tandem/bin/tandem-node";
  QTest::newRow("replaced by an upgrade") << "/opt/tandem/bin/tandem-node (deleted)"
                                          << "/opt/tandem/bin/tandem-node";
  QTest::newRow("unknown") << ""
                           << "/proc/self/exe";
}

void RestartTest::executableIsTheFileOnDisk() {
  QFETCH(QString, link);
  QFETCH(QString, executable);
  QCOMPARE(tandem::node::restartExecutable(link.toStdString()), executable.toStdString());
}

void RestartTest::lastRequestWins() {
  QVERIFY(!tandem::node::pendingRestart().requested);
  tandem::node::requestRestart(true);
  QVERIFY(tandem::node::pendingRestart().requested);
  QVERIFY(tandem::node::pendingRestart().upgrade);
  tandem::node::requestRestart(false);
  QVERIFY(!tandem::node::pendingRestart().upgrade);
  tandem::node::cancelRestart();
  QVERIFY(!tandem::node::pendingRestart().requested);
}

// Without a request and without the upgrade marker main's exit code passes through (and this
// test process is not replaced).
void RestartTest::nothingRequestedReturnsTheExitCode() {
  qunsetenv(tandem::node::kRestartAfterUpgradeVariable);
  char program[] = "tandem-node";
  char flag[] = "--database.auto-upgrade";
  char value[] = "true";
  char* argv[] = {program, flag, value, nullptr};
  QCOMPARE(tandem::node::execRestartIfRequested(0, argv), 0);
  QCOMPARE(tandem::node::execRestartIfRequested(3, argv), 3);
  // A failed upgrade run of a restart stays stopped: the code passes through, the marker goes.
  qputenv(tandem::node::kRestartAfterUpgradeVariable, "1");
  QCOMPARE(tandem::node::execRestartIfRequested(1, argv), 1);
  QVERIFY(qgetenv(tandem::node::kRestartAfterUpgradeVariable).isEmpty());
}

QTEST_GUILESS_MAIN(RestartTest)
#include "tst_restart.moc"
