// Start-up: endpoint discovery, configuration files, option errors, the data-directory lock
// and the schema-version gate with --database.auto-upgrade.
#include <signal.h>
#include <sqlite3.h>

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "http_client.h"
#include "integration_util.h"
#include "node_process.h"

using namespace tandem::test;

namespace {

// Runs `sql` on <dir>/tandem.db of a stopped node; "" or the error.
QString execSql(const QString& data_dir, const char* sql) {
  sqlite3* db = nullptr;
  const QByteArray path = (data_dir + "/tandem.db").toUtf8();
  QString error;
  if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    error = QString::fromUtf8(sqlite3_errmsg(db));
  } else {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      error = QString::fromUtf8(message);
      sqlite3_free(message);
    }
  }
  sqlite3_close(db);
  return error;
}

// Runs tandem-node with exactly `args` to completion; its exit code (-1 if it crashed or
// hung), with stdout and stderr.
int runToExit(const QStringList& args, QString* out = nullptr, QString* err = nullptr) {
  QProcess process;
  process.start(tandemNodeBinary(), args);
  if (!process.waitForFinished(15000)) {
    process.kill();
    process.waitForFinished();
    return -1;
  }
  if (out) *out = QString::fromUtf8(process.readAllStandardOutput());
  if (err) *err = QString::fromUtf8(process.readAllStandardError());
  return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// Waits for <dir>/ENDPOINT as NodeProcess does; the base URL or "".
QString waitForEndpoint(const QString& dir, QProcess& process) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < 15000 && process.state() != QProcess::NotRunning) {
    const QString text = QString::fromUtf8(readWholeFile(dir + "/ENDPOINT")).trimmed();
    if (text.startsWith("tcp://")) return QString(text).replace("tcp://", "http://");
    process.waitForFinished(20);
  }
  return {};
}

}  // namespace

class NodeStartupTest : public QObject {
  Q_OBJECT

 private slots:
  void portZeroWritesEndpointFile();
  void configurationFileIsHonouredAndCommandLineWins();
  void badOptionExitsWithTwo_data();
  void badOptionExitsWithTwo();
  void helpAndVersionExitZero();
  void secondNodeOnSameDirectoryIsRefused();
  void olderSchemaIsRefusedUntilAutoUpgrade();
  void newerSchemaIsRefused();

 private:
  // Starts a node in `dir`, lets `fill` write through `client`, stops it with SIGTERM.
  void prepareStoppedNode(const QString& dir, const std::function<void(HttpClient&)>& fill);
};

void NodeStartupTest::prepareStoppedNode(const QString& dir,
                                         const std::function<void(HttpClient&)>& fill) {
  NodeProcess node(dir);
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  {
    HttpClient client(node.baseUrl());
    fill(client);
  }
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

void NodeStartupTest::portZeroWritesEndpointFile() {
  QTemporaryDir dir;
  NodeProcess node(dir.path() + "/node");
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  const QString text = QString::fromUtf8(readWholeFile(node.dataDir() + "/ENDPOINT"));
  const auto match = QRegularExpression(R"(^tcp://127\.0\.0\.1:(\d+)\n$)").match(text);
  QVERIFY2(match.hasMatch(), qPrintable(text));
  QCOMPARE(match.captured(1).toInt(), static_cast<int>(node.port()));
  QVERIFY(node.port() != 0);

  HttpClient client(node.baseUrl());
  QCOMPARE(client.get("/_api/version").status, 200);
  const QString log = node.stderrText();
  QVERIFY2(log.contains("listening endpoint=" + node.endpoint()), qPrintable(log));
  QVERIFY2(log.contains("server_id=SNGL-"), qPrintable(log));
  QVERIFY2(log.contains(node.dataDir()), qPrintable(log));
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

void NodeStartupTest::configurationFileIsHonouredAndCommandLineWins() {
  QTemporaryDir dir;
  const QString data_dir = dir.path() + "/fromfile";
  const QString config = dir.path() + "/tandem.conf";
  QFile file(config);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(
      "# written by the test\n"
      "[server]\nendpoint = tcp://127.0.0.1:0\nthreads = 2\n\n"
      "[database]\ndirectory = " +
      data_dir.toUtf8() +
      "\n\n"
      "[log]\nlevel = error\n");
  file.close();

  QProcess process;
  process.start(tandemNodeBinary(), {"--configuration", config, "--log.level", "info"});
  const QString base_url = waitForEndpoint(data_dir, process);
  QByteArray log = process.readAllStandardError();  // (QVERIFY2 evaluates its message always)
  QVERIFY2(!base_url.isEmpty(), log.constData());
  HttpClient client(base_url);
  QCOMPARE(client.get("/_api/version").status, 200);
  ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
  QVERIFY(process.waitForFinished(15000));
  QCOMPARE(process.exitCode(), 0);
  log += process.readAllStandardError();
  // The file says level error; the command line's info wins, so info lines are there.
  QVERIFY2(log.contains("INFO  [server] listening"), log.constData());
}

void NodeStartupTest::badOptionExitsWithTwo_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("expected");
  QTest::newRow("unknown option") << QStringList{"--no-such-option", "1"} << "no-such-option";
  QTest::newRow("sync mode") << QStringList{"--database.sync", "sometimes"}
                             << "'--database.sync': expected full or normal";
  QTest::newRow("boolean") << QStringList{"--database.auto-upgrade", "maybe"}
                           << "'--database.auto-upgrade': expected true, false";
  QTest::newRow("threads") << QStringList{"--server.threads", "zero"} << "'--server.threads'";
  QTest::newRow("endpoint") << QStringList{"--server.endpoint", "http://x"}
                            << "'--server.endpoint': expected tcp://HOST:PORT";
  QTest::newRow("size") << QStringList{"--http.max-body-size", "lots"} << "--http.max-body-size";
  QTest::newRow("timeout") << QStringList{"--http.request-timeout", "-1"}
                           << "--http.request-timeout";
  QTest::newRow("log level") << QStringList{"--log.level", "loud"} << "'--log.level'";
  QTest::newRow("missing value") << QStringList{"--server.endpoint"} << "server.endpoint";
  QTest::newRow("missing file") << QStringList{"--configuration", "/nonexistent/tandem.conf"}
                                << "/nonexistent/tandem.conf";
}

void NodeStartupTest::badOptionExitsWithTwo() {
  QFETCH(QStringList, args);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  QString err;
  QCOMPARE(runToExit(QStringList{"--database.directory", dir.path()} + args, nullptr, &err), 2);
  QVERIFY2(err.contains(expected), qPrintable(err));
  QVERIFY(!QFile::exists(dir.path() + "/tandem.db"));  // refused before touching anything
}

void NodeStartupTest::helpAndVersionExitZero() {
  QString out;
  QCOMPARE(runToExit({"--help"}, &out), 0);
  QVERIFY(out.contains("--server.endpoint"));
  QVERIFY(out.contains("--database.auto-upgrade"));
  QCOMPARE(runToExit({"--version"}, &out), 0);
  QVERIFY(out.startsWith("tandem-node "));
}

void NodeStartupTest::secondNodeOnSameDirectoryIsRefused() {
  QTemporaryDir dir;
  NodeProcess first(dir.path() + "/node");
  QVERIFY2(first.start(), qPrintable(first.stderrText()));
  NodeProcess second(dir.path() + "/node");
  QVERIFY(!second.start());
  QCOMPARE(second.waitForExit(), 1);
  QVERIFY2(second.stderrText().contains(dir.path() + "/node"), qPrintable(second.stderrText()));

  HttpClient client(first.baseUrl());  // the first node is undisturbed
  QCOMPARE(client.get("/_api/version").status, 200);
  first.sendSignal(SIGTERM);
  QCOMPARE(first.waitForExit(), 0);
}

void NodeStartupTest::olderSchemaIsRefusedUntilAutoUpgrade() {
  QTemporaryDir dir;
  const QString data_dir = dir.path() + "/node";
  prepareStoppedNode(data_dir, [](HttpClient& client) {
    QCOMPARE(createCollection(client, "kept"), 200);
    for (const char* key : {"a", "b", "c"}) {
      QVERIFY(isWriteAck(
          client.post("/_api/document/kept", QByteArray(R"({"_key":")") + key + R"("})").status));
    }
  });
  // Schema version 1 is the same layout without the agency tables, oplog.term and
  // collections.doc_count (engine/storage/schema.cpp); turn the file into one.
  const QString sql_error = execSql(data_dir, R"sql(
      DROP TABLE agency_log;
      DROP TABLE agency_state;
      ALTER TABLE oplog DROP COLUMN term;
      ALTER TABLE collections DROP COLUMN doc_count;
      DELETE FROM meta WHERE key IN ('current_term', 'applied_tick', 'applied_term');
      UPDATE meta SET value = '1' WHERE key = 'schema_version';)sql");
  QVERIFY2(sql_error.isEmpty(), qPrintable(sql_error));

  NodeProcess refused(data_dir);
  QVERIFY(!refused.start());
  QCOMPARE(refused.waitForExit(), 1);
  QVERIFY2(refused.stderrText().contains("--database.auto-upgrade"),
           qPrintable(refused.stderrText()));

  NodeProcess upgrade(data_dir, {"--database.auto-upgrade", "true"});
  QVERIFY(!upgrade.start());  // it upgrades and exits instead of listening
  QCOMPARE(upgrade.waitForExit(), 0);
  const QString log = upgrade.stderrText();
  QVERIFY2(
      log.contains("database upgrade passed") && log.contains("from=1") && log.contains("to=3"),
      qPrintable(log));

  NodeProcess node(data_dir);
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  HttpClient client(node.baseUrl());
  QCOMPARE(collectionCount(client, "kept"), 3);
  QCOMPARE(client.get("/_api/document/kept/b").status, 200);
  node.sendSignal(SIGTERM);
  QCOMPARE(node.waitForExit(), 0);
}

void NodeStartupTest::newerSchemaIsRefused() {
  QTemporaryDir dir;
  const QString data_dir = dir.path() + "/node";
  prepareStoppedNode(data_dir, [](HttpClient&) {});
  const QString sql_error =
      execSql(data_dir, "UPDATE meta SET value = '99' WHERE key = 'schema_version';");
  QVERIFY2(sql_error.isEmpty(), qPrintable(sql_error));

  NodeProcess refused(data_dir);
  QVERIFY(!refused.start());
  QCOMPARE(refused.waitForExit(), 1);
  QVERIFY2(refused.stderrText().contains("newer"), qPrintable(refused.stderrText()));

  // Auto-upgrade does not downgrade either.
  NodeProcess upgrade(data_dir, {"--database.auto-upgrade", "true"});
  QVERIFY(!upgrade.start());
  QCOMPARE(upgrade.waitForExit(), 1);
  QVERIFY2(upgrade.stderrText().contains("newer"), qPrintable(upgrade.stderrText()));
}

QTEST_GUILESS_MAIN(NodeStartupTest)
#include "tst_node_startup.moc"
