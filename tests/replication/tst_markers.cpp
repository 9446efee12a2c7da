// The wire form of oplog entries (engine/replication/markers.h) and the rollback file that
// keeps divergent entries (engine/replication/rollback_file.h).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "replication/markers.h"
#include "replication/rollback_file.h"

using namespace tandem;
using namespace tandem::replication;

namespace {

OplogEntry document(std::uint64_t tick) {
  OplogEntry entry;
  entry.tick = tick;
  entry.term = 7;
  entry.type = OpType::kDocumentUpsert;
  entry.db = "_system";
  entry.collection = "docs";
  entry.key = "k" + std::to_string(tick);
  entry.rev = "_gjDBOTu---";
  entry.body =
      "{\"_key\":\"" + entry.key +
      "\",\"_id\":\"docs/k\",\"_rev\":\"_gjDBOTu---\",\"x\":1.5,\"big\":18446744073709551615,"
      "\"s\":\"a\\\"b\\n\",\"n\":null,\"o\":{\"d\":[1e+21,-2]}}";
  return entry;
}

}  // namespace

class MarkersTest : public QObject {
  Q_OBJECT

 private slots:
  void markerHasTheWireShape() {
    const std::string json = Markers::toJson(document(1234));
    const QJsonObject marker = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    QCOMPARE(marker.value("tick").toString(), QString("1234"));
    QCOMPARE(marker.value("term").toString(), QString("7"));
    QCOMPARE(marker.value("type").toInt(), 2300);
    QCOMPARE(marker.value("db").toString(), QString("_system"));
    QCOMPARE(marker.value("cname").toString(), QString("docs"));
    QCOMPARE(marker.value("tid").toString(), QString("0"));
    QCOMPARE(marker.value("data").toObject().value("_key").toString(), QString("k1234"));
  }

  void entriesSurviveTheRoundTripByteForByte() {
    OplogEntry term_start;
    term_start.tick = 101;
    term_start.term = 2;
    term_start.type = OpType::kTermStart;
    term_start.db = "_system";
    term_start.body = "{\"term\":2,\"leader\":\"SNGL-x\"}";
    OplogEntry remove = document(102);
    remove.type = OpType::kDocumentRemove;
    remove.body = "{\"_key\":\"k102\",\"_rev\":\"_gjDBOTu---\"}";
    const std::vector<OplogEntry> entries = {term_start, remove, document(103)};
    std::string ndjson;
    for (const OplogEntry& entry : entries) ndjson += Markers::toJson(entry) + "\r\n\n";
    auto parsed = Markers::parseLines(ndjson);
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed->size(), entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const OplogEntry& a = entries[i];
      const OplogEntry& b = (*parsed)[i];
      QCOMPARE(b.tick, a.tick);
      QCOMPARE(b.term, a.term);
      QCOMPARE(b.type, a.type);
      QCOMPARE(b.db, a.db);
      QCOMPARE(b.collection, a.collection);
      QCOMPARE(b.key, a.key);
      QCOMPARE(b.rev, a.rev);
      QCOMPARE(b.body, a.body);
    }
  }

  void badMarkersAreRejected_data() {
    QTest::addColumn<QString>("line");
    QTest::newRow("not json") << "{\"tick\":";
    QTest::newRow("array") << "[1]";
    QTest::newRow("no tick") << "{\"term\":\"1\",\"type\":2300,\"cname\":\"c\",\"data\":{}}";
    QTest::newRow("bad tick") << "{\"tick\":\"1x\",\"term\":\"1\",\"type\":9001,\"data\":{}}";
    QTest::newRow("unknown type") << "{\"tick\":\"5\",\"term\":\"1\",\"type\":2301,\"data\":{}}";
    QTest::newRow("no data") << "{\"tick\":\"5\",\"term\":\"1\",\"type\":9001}";
    QTest::newRow("document without key") << "{\"tick\":\"5\",\"term\":\"1\",\"type\":2300,"
                                             "\"cname\":\"c\",\"data\":{\"_rev\":\"r\"}}";
  }

  void badMarkersAreRejected() {
    QFETCH(QString, line);
    auto parsed = Markers::parse(line.toStdString());
    QCOMPARE(parsed.status().code(), ErrorCode::kBadParameter);
    auto lines = Markers::parseLines(Markers::toJson(document(1)) + "\n" + line.toStdString());
    QCOMPARE(lines.status().code(), ErrorCode::kBadParameter);
  }

  void rollbackFileKeepsEveryEntry() {
    QTemporaryDir dir;
    RollbackHeader header;
    header.fork_tick = 350;
    header.leader = "SNGL-winner";
    header.term = 9;
    header.time = std::chrono::system_clock::time_point(std::chrono::seconds(1795790101));
    const std::vector<OplogEntry> entries = {document(351), document(352)};
    auto path = RollbackFile::write(dir.path().toStdString(), header, entries);
    QVERIFY(path.isOk());
    QCOMPARE(QString::fromStdString(*path),
             dir.path() + "/rollback/" + "20261127T143501Z-350.jsonl");
    QFile file(QString::fromStdString(*path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 4);  // header, two entries, the empty rest after the last newline
    const QJsonObject head =
        QJsonDocument::fromJson(lines[0]).object().value("rollback").toObject();
    QCOMPARE(head.value("forkTick").toString(), QString("350"));
    QCOMPARE(head.value("leader").toString(), QString("SNGL-winner"));
    QCOMPARE(head.value("term").toInt(), 9);
    QCOMPARE(head.value("time").toString(), QString("2026-11-27T14:35:01Z"));
    QCOMPARE(head.value("entries").toInt(), 2);
    QCOMPARE(Markers::parse(lines[2].toStdString())->tick, 352u);
    // A second rollback to the same fork in the same second gets a file of its own.
    auto second = RollbackFile::write(dir.path().toStdString(), header, {});
    QVERIFY(second.isOk());
    QVERIFY(*second != *path);
    QCOMPARE(QDir(dir.path() + "/rollback").entryList(QDir::Files).size(), 2);
  }

  void unwritableDirectoryIsAnError() {
    auto path = RollbackFile::write("/proc/tandem-no-such-dir", RollbackHeader{}, {});
    QCOMPARE(path.status().code(), ErrorCode::kInternal);
  }
};

QTEST_GUILESS_MAIN(MarkersTest)
#include "tst_markers.moc"
