// Oplog/data atomicity: every document change has exactly one oplog entry written in the same
// transaction, failed operations write none, ticks increase strictly (also across reopen).
#include <map>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;

namespace {

// The documents table as (collection name, key) -> (rev, body), read with raw SQL.
std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> readDocuments(
    const QString& directory) {
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> out;
  sqlite3* db = nullptr;
  const std::string path = (directory + "/tandem.db").toStdString();
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    qFatal("cannot open %s", path.c_str());
  }
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT c.name, d.key, d.rev, d.body FROM documents d"
                     " JOIN collections c ON c.id = d.collection_id",
                     -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    auto text = [&](int i) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)));
    };
    out[{text(0), text(1)}] = {text(2), text(3)};
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace

class OplogTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Store> store_;

 private slots:
  void init() {
    QDir(dir_.path()).removeRecursively();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QVERIFY(test::createCollection(*store_, "_system", "docs").isOk());
  }
  void cleanup() { store_.reset(); }

  void everyChangeHasExactlyOneMatchingEntry() {
    const std::uint64_t start = store_->lastTick();
    QVERIFY(
        test::insert(*store_, "docs", j("[{'_key':'a','v':1},{'_key':'b'},{'_key':'c'}]")).isOk());
    QVERIFY(test::replace(*store_, "docs", "a", j("{'v':2}")).isOk());
    QVERIFY(test::update(*store_, "docs", "b", j("{'w':1}")).isOk());
    QVERIFY(test::remove(*store_, "docs", "c").isOk());
    auto entries = store_->readOplog(start, 1000);
    QVERIFY(entries.isOk());
    QCOMPARE(entries->size(), size_t(6));  // 3 inserts, replace, update, remove

    // Replaying the oplog gives exactly the documents table.
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> replayed;
    std::uint64_t previous = start;
    for (const auto& entry : *entries) {
      QVERIFY(entry.tick > previous);
      previous = entry.tick;
      QCOMPARE(entry.db, std::string("_system"));
      QCOMPARE(entry.term, std::uint64_t(0));
      if (entry.type == OpType::kDocumentUpsert) {
        replayed[{entry.collection, entry.key}] = {entry.rev, entry.body};
      } else {
        QCOMPARE(entry.type, OpType::kDocumentRemove);
        const QJsonObject body =
            QJsonDocument::fromJson(QByteArray::fromStdString(entry.body)).object();
        QCOMPARE(body.value("_key").toString().toStdString(), entry.key);
        QCOMPARE(body.value("_rev").toString().toStdString(), entry.rev);
        replayed.erase({entry.collection, entry.key});
      }
    }
    QCOMPARE(previous, store_->lastTick());
    QVERIFY(replayed == readDocuments(dir_.path()));
  }

  void failedOperationsWriteNoEntry() {
    QVERIFY(test::insert(*store_, "docs", j("{'_key':'x'}")).isOk());
    const std::uint64_t before = store_->lastTick();
    WriteOptions if_match;
    if_match.if_match = "_nope------";
    QVERIFY(!test::insert(*store_, "docs", j("{'_key':'x'}"))->items[0].status);
    QVERIFY(!test::insert(*store_, "docs", j("{'_key':'bad key'}"))->items[0].status);
    QVERIFY(!test::replace(*store_, "docs", "missing", "{}")->items[0].status);
    QVERIFY(!test::update(*store_, "docs", "x", "{}", if_match)->items[0].status);
    QVERIFY(!test::remove(*store_, "docs", "x", {}, if_match)->items[0].status);
    QVERIFY(!test::insert(*store_, "docs", "{oops"));
    QVERIFY(!test::insert(*store_, "nocollection", "{}"));
    QCOMPARE(store_->lastTick(), before);
    QCOMPARE(store_->readOplog(before, 10)->size(), size_t(0));
  }

  void ddlIsLoggedWithItsParameters() {
    const std::uint64_t start = store_->lastTick();
    QVERIFY(test::createDatabase(*store_, "shop").isOk());
    auto created = test::createCollection(*store_, "shop", "items");
    QVERIFY(created.isOk());
    QVERIFY(test::truncateCollection(*store_, "shop", "items").isOk());
    QVERIFY(test::dropCollection(*store_, "shop", "items").isOk());
    QVERIFY(test::dropDatabase(*store_, "shop").isOk());
    auto entries = store_->readOplog(start, 100);
    QCOMPARE(entries->size(), size_t(5));
    const OpType expected[] = {OpType::kCreateDatabase, OpType::kCreateCollection,
                               OpType::kTruncateCollection, OpType::kDropCollection,
                               OpType::kDropDatabase};
    for (size_t i = 0; i < 5; ++i) QCOMPARE((*entries)[i].type, expected[i]);
    const QJsonObject properties =
        QJsonDocument::fromJson(QByteArray::fromStdString((*entries)[1].body)).object();
    QCOMPARE(properties.value("name").toString(), QString("items"));
    QCOMPARE(properties.value("id").toString().toStdString(), created->id);
    QCOMPARE(std::to_string((*entries)[1].tick), created->id);  // ids are creation ticks
    QCOMPARE(properties.value("keyOptions").toObject().value("type").toString(),
             QString("traditional"));
  }

  void readOplogHonoursAfterAndLimit() {
    const std::uint64_t start = store_->lastTick();
    QVERIFY(test::insert(*store_, "docs", "[{},{},{},{},{}]").isOk());
    auto first = store_->readOplog(start, 2);
    QCOMPARE(first->size(), size_t(2));
    auto rest = store_->readOplog(first->back().tick, 100);
    QCOMPARE(rest->size(), size_t(3));
    QVERIFY(rest->front().tick > first->back().tick);
  }

  void ticksKeepIncreasingAcrossReopen() {
    QVERIFY(test::insert(*store_, "docs", "[{},{}]").isOk());
    const std::uint64_t before = store_->lastTick();
    store_.reset();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->lastTick(), before);
    auto result = test::insert(*store_, "docs", "{}");
    QVERIFY(result->last_tick > before);
    QCOMPARE(store_->lastTick(), result->last_tick);
    auto entries = store_->readOplog(0, 1000);
    for (size_t i = 1; i < entries->size(); ++i) {
      QVERIFY((*entries)[i].tick > (*entries)[i - 1].tick);
    }
  }

  void lastTickIsKeptEvenIfTheOplogIsEmptied() {
    QVERIFY(test::insert(*store_, "docs", "[{},{}]").isOk());
    const std::uint64_t before = store_->lastTick();
    store_.reset();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open((dir_.path() + "/tandem.db").toStdString().c_str(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "DELETE FROM oplog", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->lastTick(), before);
    QVERIFY(test::insert(*store_, "docs", "{}")->last_tick > before);
  }
};

QTEST_GUILESS_MAIN(OplogTest)
#include "tst_oplog.moc"
