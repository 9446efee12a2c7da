// Databases and collections: names, duplicates, _system protections, cascading drops,
// truncate, and the reported collection properties (also after reopen).
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;

class DdlTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Store> store_;

 private slots:
  void init() {
    QDir(dir_.path()).removeRecursively();
    store_ = test::openStore(test::optionsFor(dir_.path()));
  }
  void cleanup() { store_.reset(); }

  void systemDatabaseAlwaysExistsAndCannotBeDropped() {
    auto databases = store_->listDatabases();
    QCOMPARE(databases->size(), size_t(1));
    QCOMPARE(databases->front().name, std::string("_system"));
    QVERIFY(databases->front().is_system);
    const Status dropped = test::dropDatabase(*store_, "_system");
    QCOMPARE(dropped.code(), ErrorCode::kForbidden);
    QCOMPARE(dropped.httpStatus(), 403);
    QVERIFY(store_->database("_system").isOk());
  }

  void databaseNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("letters") << "shop" << true;
    QTest::newRow("mixed") << "Shop_2-a" << true;
    QTest::newRow("64 bytes") << QString(64, 'd') << true;
    QTest::newRow("65 bytes") << QString(65, 'd') << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("digit first") << "1shop" << false;
    QTest::newRow("underscore first") << "_shop" << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("space") << "a b" << false;
  }
  void databaseNames() {
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const Status status = test::createDatabase(*store_, name.toStdString());
    if (valid) {
      QVERIFY2(status.isOk(), status.toString().c_str());
      QVERIFY(store_->database(name.toStdString()).isOk());
    } else {
      QCOMPARE(status.code(), ErrorCode::kDatabaseNameInvalid);
      QCOMPARE(status.httpStatus(), 400);
    }
  }

  void duplicateDatabaseIsRefused() {
    QVERIFY(test::createDatabase(*store_, "shop").isOk());
    const Status again = test::createDatabase(*store_, "shop");
    QCOMPARE(again.code(), ErrorCode::kDuplicateName);
    QCOMPARE(again.httpStatus(), 409);
    QCOMPARE(test::createDatabase(*store_, "_system").code(), ErrorCode::kDuplicateName);
  }

  void droppingADatabaseDropsEverythingInIt() {
    QVERIFY(test::createDatabase(*store_, "shop").isOk());
    QVERIFY(test::createCollection(*store_, "shop", "items").isOk());
    QVERIFY(test::insert(*store_, "items", "[{},{},{}]", {}, "shop").isOk());
    QVERIFY(test::dropDatabase(*store_, "shop").isOk());
    QCOMPARE(store_->database("shop").status().code(), ErrorCode::kDatabaseNotFound);
    QCOMPARE(store_->listCollections("shop").status().code(), ErrorCode::kDatabaseNotFound);
    QCOMPARE(test::dropDatabase(*store_, "shop").code(), ErrorCode::kDatabaseNotFound);
    QVERIFY(test::createDatabase(*store_, "shop").isOk());
    QVERIFY(test::createCollection(*store_, "shop", "items").isOk());
    QCOMPARE(store_->count("shop", "items").value(), std::uint64_t(0));
    store_.reset();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->count("shop", "items").value(), std::uint64_t(0));
  }

  void collectionNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("is_system");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "products" << false << true;
    QTest::newRow("digits and dashes") << "p-2_x" << false << true;
    QTest::newRow("256 bytes") << QString(256, 'c') << false << true;
    QTest::newRow("257 bytes") << QString(257, 'c') << false << false;
    QTest::newRow("empty") << "" << false << false;
    QTest::newRow("digit first") << "2p" << false << false;
    QTest::newRow("underscore without isSystem") << "_p" << false << false;
    QTest::newRow("system") << "_p" << true << true;
    QTest::newRow("dot") << "a.b" << false << false;
  }
  void collectionNames() {
    QFETCH(QString, name);
    QFETCH(bool, is_system);
    QFETCH(bool, valid);
    CollectionSpec spec;
    spec.name = name.toStdString();
    spec.is_system = is_system;
    auto created = test::createCollection(*store_, "_system", spec);
    if (valid) {
      QVERIFY2(created.isOk(), created.status().toString().c_str());
      QCOMPARE(created->is_system, is_system);
    } else {
      QCOMPARE(created.status().code(), ErrorCode::kIllegalName);
      QCOMPARE(created.status().httpStatus(), 400);
    }
  }

  void duplicateCollectionIsRefusedPerDatabase() {
    QVERIFY(test::createCollection(*store_, "_system", "c").isOk());
    auto again = test::createCollection(*store_, "_system", "c");
    QCOMPARE(again.status().code(), ErrorCode::kDuplicateName);
    QVERIFY(test::createDatabase(*store_, "other").isOk());
    QVERIFY(test::createCollection(*store_, "other", "c").isOk());
    QCOMPARE(test::createCollection(*store_, "nodb", "c").status().code(),
             ErrorCode::kDatabaseNotFound);
  }

  void collectionPropertiesAreReportedAndPersisted() {
    CollectionSpec spec;
    spec.name = "edges";
    spec.type = CollectionType::kEdge;
    spec.wait_for_sync = true;
    spec.key_options.type = KeyGeneratorType::kAutoincrement;
    spec.key_options.increment = 3;
    spec.key_options.offset = 10;
    spec.key_options.allow_user_keys = false;
    auto created = test::createCollection(*store_, "_system", spec);
    QVERIFY(created.isOk());
    QVERIFY(QRegularExpression("^[0-9]+$").match(QString::fromStdString(created->id)).hasMatch());
    QVERIFY(QRegularExpression("^h[0-9A-F]{12}/" + QString::fromStdString(created->id) + "$")
                .match(QString::fromStdString(created->globally_unique_id))
                .hasMatch());
    store_.reset();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    auto info = store_->collection("_system", "edges");
    QVERIFY(info.isOk());
    QCOMPARE(info->id, created->id);
    QCOMPARE(info->globally_unique_id, created->globally_unique_id);
    QCOMPARE(info->type, CollectionType::kEdge);
    QVERIFY(info->wait_for_sync);
    QVERIFY(!info->is_system);
    QCOMPARE(info->key_options.type, KeyGeneratorType::kAutoincrement);
    QCOMPARE(info->key_options.increment, std::uint64_t(3));
    QCOMPARE(info->key_options.offset, std::uint64_t(10));
    QVERIFY(!info->key_options.allow_user_keys);
    auto listed = store_->listCollections("_system");
    QCOMPARE(listed->size(), size_t(1));
    QCOMPARE(listed->front().name, std::string("edges"));
  }

  void truncateRemovesDocumentsButKeepsKeyState() {
    QVERIFY(test::createCollection(*store_, "_system", "t").isOk());
    QVERIFY(test::insert(*store_, "t", "[{},{}]").isOk());
    auto truncated = test::truncateCollection(*store_, "_system", "t");
    QVERIFY(truncated.isOk());
    QCOMPARE(truncated->name, std::string("t"));
    QCOMPARE(store_->count("_system", "t").value(), std::uint64_t(0));
    QCOMPARE(store_->get("_system", "t", "1").status().code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(test::insert(*store_, "t", "{}")->items[0].key, std::string("3"));
    QCOMPARE(test::truncateCollection(*store_, "_system", "none").status().code(),
             ErrorCode::kDataSourceNotFound);
  }

  void droppedCollectionComesBackEmpty() {
    QVERIFY(test::createCollection(*store_, "_system", "d").isOk());
    QVERIFY(test::insert(*store_, "d", j("{'_key':'x'}")).isOk());
    auto dropped = test::dropCollection(*store_, "_system", "d");
    QVERIFY(dropped.isOk());
    QCOMPARE(store_->collection("_system", "d").status().code(), ErrorCode::kDataSourceNotFound);
    QCOMPARE(test::insert(*store_, "d", "{}").status().code(), ErrorCode::kDataSourceNotFound);
    QCOMPARE(test::dropCollection(*store_, "_system", "d").status().code(),
             ErrorCode::kDataSourceNotFound);
    auto again = test::createCollection(*store_, "_system", "d");
    QVERIFY(again->id != dropped->id);
    QCOMPARE(store_->get("_system", "d", "x").status().code(), ErrorCode::kDocumentNotFound);
  }

  void systemCollectionsNeedAllowSystemToBeDropped() {
    QVERIFY(test::createCollection(*store_, "_system", "_jobs").isOk());
    QCOMPARE(test::dropCollection(*store_, "_system", "_jobs").status().code(),
             ErrorCode::kForbidden);
    QVERIFY(test::dropCollection(*store_, "_system", "_jobs", true).isOk());
  }
};

QTEST_GUILESS_MAIN(DdlTest)
#include "tst_ddl.moc"
