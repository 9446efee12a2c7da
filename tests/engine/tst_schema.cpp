// Schema versions and the directory lock: version-1 and version-2 files are refused by open()
// and migrated by upgrade() (data intact, the agency tables of version 3 present, the same
// layout as a new file); a newer schema is refused by both; a second opener gets
// kDatadirLocked.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;

namespace {

// Schema version 1 as described in engine/storage/schema.cpp: no oplog.term and no
// collections.doc_count. One collection "legacy" with documents "1" and "2".
const char* const kVersion1Fixture = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE databases(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE collections(id INTEGER PRIMARY KEY, database_id INTEGER NOT NULL,
  name TEXT NOT NULL, type INTEGER NOT NULL, is_system INTEGER NOT NULL,
  wait_for_sync INTEGER NOT NULL, key_type TEXT NOT NULL, allow_user_keys INTEGER NOT NULL,
  key_increment INTEGER NOT NULL, key_offset INTEGER NOT NULL, last_value INTEGER NOT NULL,
  globally_unique_id TEXT NOT NULL, UNIQUE(database_id, name));
CREATE TABLE documents(collection_id INTEGER NOT NULL, key TEXT NOT NULL, rev TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY(collection_id, key)) WITHOUT ROWID;
CREATE TABLE oplog(tick INTEGER PRIMARY KEY, db TEXT NOT NULL, type INTEGER NOT NULL,
  collection TEXT NOT NULL, key TEXT NOT NULL, rev TEXT NOT NULL, body TEXT NOT NULL);
INSERT INTO meta VALUES('schema_version', '1'),
  ('server_id', 'SNGL-6f1c1a52-9a4e-4a8e-8f00-0123456789ab'), ('last_tick', '103');
INSERT INTO databases VALUES(1, '_system');
INSERT INTO collections VALUES(101, 1, 'legacy', 2, 0, 0, 'traditional', 1, 1, 0, 2,
  'h6F1C1A529A4E/101');
INSERT INTO documents VALUES
  (101, '1', '_gjDBOTu---', '{"_key":"1","_id":"legacy/1","_rev":"_gjDBOTu---","v":1}'),
  (101, '2', '_gjDBOTu--_', '{"_key":"2","_id":"legacy/2","_rev":"_gjDBOTu--_","v":2}');
INSERT INTO oplog VALUES
  (101, '_system', 2000, 'legacy', '', '', '{"id":"101","name":"legacy"}'),
  (102, '_system', 2300, 'legacy', '1', '_gjDBOTu---',
   '{"_key":"1","_id":"legacy/1","_rev":"_gjDBOTu---","v":1}'),
  (103, '_system', 2300, 'legacy', '2', '_gjDBOTu--_',
   '{"_key":"2","_id":"legacy/2","_rev":"_gjDBOTu--_","v":2}');
)sql";

// Schema version 2 as described in engine/storage/schema.cpp: version 3 without the agency
// tables. One collection "kept" with documents "a" and "b" written in term 4, a follower's
// applied position in meta.
const char* const kVersion2Fixture = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE databases(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE collections(id INTEGER PRIMARY KEY, database_id INTEGER NOT NULL,
  name TEXT NOT NULL, type INTEGER NOT NULL, is_system INTEGER NOT NULL,
  wait_for_sync INTEGER NOT NULL, key_type TEXT NOT NULL, allow_user_keys INTEGER NOT NULL,
  key_increment INTEGER NOT NULL, key_offset INTEGER NOT NULL, last_value INTEGER NOT NULL,
  globally_unique_id TEXT NOT NULL, doc_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE(database_id, name));
CREATE TABLE documents(collection_id INTEGER NOT NULL, key TEXT NOT NULL, rev TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY(collection_id, key)) WITHOUT ROWID;
CREATE TABLE oplog(tick INTEGER PRIMARY KEY, db TEXT NOT NULL, type INTEGER NOT NULL,
  collection TEXT NOT NULL, key TEXT NOT NULL, rev TEXT NOT NULL, body TEXT NOT NULL,
  term INTEGER NOT NULL DEFAULT 0);
INSERT INTO meta VALUES('schema_version', '2'),
  ('server_id', 'SNGL-0b7e4c1d-2f3a-4b5c-9d6e-7f8091a2b3c4'), ('last_tick', '105'),
  ('current_term', '4'), ('applied_tick', '0'), ('applied_term', '0');
INSERT INTO databases VALUES(1, '_system');
INSERT INTO collections VALUES(101, 1, 'kept', 2, 0, 0, 'traditional', 1, 1, 0, 0,
  'h0B7E4C1D2F3A/101', 2);
INSERT INTO documents VALUES
  (101, 'a', '_hAAAAAA---', '{"_key":"a","_id":"kept/a","_rev":"_hAAAAAA---","v":"a"}'),
  (101, 'b', '_hAAAAAA--_', '{"_key":"b","_id":"kept/b","_rev":"_hAAAAAA--_","v":"b"}');
INSERT INTO oplog VALUES
  (101, '_system', 2000, 'kept', '', '', '{"id":"101","name":"kept"}', 4),
  (104, '_system', 2300, 'kept', 'a', '_hAAAAAA---',
   '{"_key":"a","_id":"kept/a","_rev":"_hAAAAAA---","v":"a"}', 4),
  (105, '_system', 2300, 'kept', 'b', '_hAAAAAA--_',
   '{"_key":"b","_id":"kept/b","_rev":"_hAAAAAA--_","v":"b"}', 4);
)sql";

void execRaw(const QString& directory, const char* sql) {
  QDir().mkpath(directory);
  sqlite3* db = nullptr;
  sqlite3_open((directory + "/tandem.db").toStdString().c_str(), &db);
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) qFatal("%s", error);
  sqlite3_close(db);
}

// One line per row of `sql`, columns joined by '|'.
QStringList queryRaw(const QString& directory, const char* sql) {
  sqlite3* db = nullptr;
  const std::string path = (directory + "/tandem.db").toStdString();
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    qFatal("cannot open %s", path.c_str());
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    qFatal("%s", sqlite3_errmsg(db));
  QStringList rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    QStringList columns;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      columns << (text != nullptr ? QString::fromUtf8(text) : QString("NULL"));
    }
    rows << columns.join('|');
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

// Every table's columns (name, type, not null, default, primary key), in order: the layout
// that matters, independent of how each table's CREATE text was written.
QStringList layout(const QString& directory) {
  QStringList columns;
  for (const QString& table :
       queryRaw(directory, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    const std::string sql = "SELECT '" + table.toStdString() +
                            "', name, type, \"notnull\", dflt_value, pk "
                            "FROM pragma_table_info('" +
                            table.toStdString() + "')";
    columns << queryRaw(directory, sql.c_str());
  }
  return columns;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

class SchemaTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  StoreOptions options() const { return test::optionsFor(dir_.path()); }

 private slots:
  void init() { QDir(dir_.path()).removeRecursively(); }

  void newStoreIsCreatedAtTheCurrentVersion() {
    auto store = test::openStore(options());
    QCOMPARE(store->schemaVersion(), kSchemaVersion);
    QVERIFY(QString::fromStdString(store->serverId()).startsWith("SNGL-"));
    QCOMPARE(store->serverId().size(), size_t(5 + 36));
    const std::string id = store->serverId();
    store.reset();
    QCOMPARE(test::openStore(options())->serverId(), id);
  }

  void openRefusesAnOlderSchemaWithAnUpgradeHint() {
    execRaw(dir_.path(), kVersion1Fixture);
    auto refused = Store::open(options());
    QCOMPARE(refused.status().code(), ErrorCode::kSchemaOlder);
    const std::string message = refused.status().message();
    QVERIFY2(contains(message, "has schema version 1, this tandem-node needs 3"), message.c_str());
    QVERIFY(contains(message, "--database.auto-upgrade true"));
    QVERIFY(contains(message, dir_.path().toStdString()));
  }

  void upgradeMigratesVersion1AndKeepsTheData() {
    execRaw(dir_.path(), kVersion1Fixture);
    auto report = Store::upgrade(options());
    QVERIFY2(report.isOk(), report.status().toString().c_str());
    QCOMPARE(report->from_version, 1);
    QCOMPARE(report->to_version, 3);

    auto store = test::openStore(options());
    QCOMPARE(store->serverId(), std::string("SNGL-6f1c1a52-9a4e-4a8e-8f00-0123456789ab"));
    QCOMPARE(store->count("_system", "legacy").value(), std::uint64_t(2));
    auto document = store->get("_system", "legacy", "2");
    QVERIFY(document.isOk());
    QCOMPARE(document->rev, std::string("_gjDBOTu--_"));
    QCOMPARE(store->lastTick(), std::uint64_t(103));
    auto entries = store->readOplog(0, 10);
    QCOMPARE(entries->size(), size_t(3));
    for (const auto& entry : *entries) QCOMPARE(entry.term, std::uint64_t(0));
    auto inserted = test::insert(*store, "legacy", "{}");
    QCOMPARE(inserted->items[0].key, std::string("3"));
    QCOMPARE(inserted->last_tick, std::uint64_t(104));
    QVERIFY(inserted->items[0].rev != "_gjDBOTu--_");
    store.reset();

    auto again = Store::upgrade(options());
    QCOMPARE(again->from_version, 3);
    QCOMPARE(again->to_version, 3);
  }

  void openRefusesVersion2WithAnUpgradeHint() {
    execRaw(dir_.path(), kVersion2Fixture);
    auto refused = Store::open(options());
    QCOMPARE(refused.status().code(), ErrorCode::kSchemaOlder);
    const std::string message = refused.status().message();
    QVERIFY2(contains(message, "has schema version 2, this tandem-node needs 3"), message.c_str());
    QVERIFY(contains(message, "--database.auto-upgrade true"));
    // Refusing changed nothing.
    QCOMPARE(queryRaw(dir_.path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
             QStringList{"2"});
    QVERIFY(queryRaw(dir_.path(), "SELECT name FROM sqlite_master WHERE name LIKE 'agency%'")
                .isEmpty());
  }

  void upgradeMigratesVersion2AndKeepsTheData() {
    execRaw(dir_.path(), kVersion2Fixture);
    const QStringList documents_before =
        queryRaw(dir_.path(), "SELECT * FROM documents ORDER BY collection_id, key");
    const QStringList oplog_before = queryRaw(dir_.path(), "SELECT * FROM oplog ORDER BY tick");
    auto report = Store::upgrade(options());
    QVERIFY2(report.isOk(), report.status().toString().c_str());
    QCOMPARE(report->from_version, 2);
    QCOMPARE(report->to_version, 3);

    QCOMPARE(queryRaw(dir_.path(), "SELECT * FROM documents ORDER BY collection_id, key"),
             documents_before);
    QCOMPARE(queryRaw(dir_.path(), "SELECT * FROM oplog ORDER BY tick"), oplog_before);
    QCOMPARE(queryRaw(dir_.path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
             QStringList{"3"});
    // The agency tables exist and are empty.
    QCOMPARE(queryRaw(dir_.path(),
                      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                      "'agency%' ORDER BY name"),
             (QStringList{"agency_log", "agency_state"}));
    QCOMPARE(queryRaw(dir_.path(), "SELECT count(*) FROM agency_log"), QStringList{"0"});
    QCOMPARE(queryRaw(dir_.path(), "SELECT count(*) FROM agency_state"), QStringList{"0"});

    auto store = test::openStore(options());
    QCOMPARE(store->serverId(), std::string("SNGL-0b7e4c1d-2f3a-4b5c-9d6e-7f8091a2b3c4"));
    QCOMPARE(store->count("_system", "kept").value(), std::uint64_t(2));
    QCOMPARE(store->get("_system", "kept", "b")->rev, std::string("_hAAAAAA--_"));
    QCOMPARE(store->lastTick(), std::uint64_t(105));
    auto entries = store->readOplog(0, 10);
    QCOMPARE(entries->size(), size_t(3));
    for (const auto& entry : *entries) QCOMPARE(entry.term, std::uint64_t(4));
    auto inserted = test::insert(*store, "kept", "{}");
    QVERIFY(inserted.isOk());
    QCOMPARE(inserted->last_tick, std::uint64_t(106));
  }

  void migratedLayoutsEqualTheNewLayout() {
    test::openStore(options()).reset();
    const QStringList fresh = layout(dir_.path());
    QVERIFY(fresh.contains("agency_log|idx|INTEGER|0|NULL|1"));
    QVERIFY(fresh.contains("agency_log|data|BLOB|1|NULL|0"));
    QVERIFY(fresh.contains("agency_state|key|TEXT|1|NULL|1"));
    for (const char* fixture : {kVersion1Fixture, kVersion2Fixture}) {
      QDir(dir_.path()).removeRecursively();
      execRaw(dir_.path(), fixture);
      QVERIFY(Store::upgrade(options()).isOk());
      QCOMPARE(layout(dir_.path()), fresh);
    }
  }

  void upgradeOfANewDirectoryCreatesTheCurrentSchema() {
    auto report = Store::upgrade(options());
    QVERIFY(report.isOk());
    QCOMPARE(report->from_version, kSchemaVersion);
    QVERIFY(Store::open(options()).isOk());
  }

  void newerSchemaIsRefusedByOpenAndUpgrade() {
    test::openStore(options()).reset();
    execRaw(dir_.path(), "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    auto opened = Store::open(options());
    QCOMPARE(opened.status().code(), ErrorCode::kSchemaNewer);
    const std::string message = opened.status().message();
    QVERIFY2(contains(message, "written by a newer Tandem (schema 99)"), message.c_str());
    QVERIFY(contains(message, "downgrade is not supported"));
    auto upgraded = Store::upgrade(options());
    QCOMPARE(upgraded.status().code(), ErrorCode::kSchemaNewer);
  }

  void foreignFileIsRefused() {
    QDir().mkpath(dir_.path());
    QFile file(dir_.path() + "/tandem.db");
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    auto opened = Store::open(options());
    QCOMPARE(opened.status().code(), ErrorCode::kInternal);
    QVERIFY(contains(opened.status().message(), "not a Tandem database"));
  }

  void secondOpenerInThisProcessIsLockedOut() {
    auto store = test::openStore(options());
    auto second = Store::open(options());
    QCOMPARE(second.status().code(), ErrorCode::kDatadirLocked);
    QVERIFY(contains(second.status().message(), dir_.path().toStdString()));
    QCOMPARE(Store::upgrade(options()).status().code(), ErrorCode::kDatadirLocked);
    store.reset();
    QVERIFY(Store::open(options()).isOk());  // the lock is released on close
  }

  void secondProcessIsLockedOut() {
    auto store = test::openStore(options());
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
      auto second = Store::open(options());
      _exit(second.status().code() == ErrorCode::kDatadirLocked ? 42 : 1);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 42);
  }
};

QTEST_GUILESS_MAIN(SchemaTest)
#include "tst_schema.moc"
