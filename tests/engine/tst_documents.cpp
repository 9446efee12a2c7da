// Document CRUD semantics of tandem::Store: identity attributes, revisions and preconditions,
// key rules, overwrite modes, update merging, array requests and multi-get.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;
using tandem::test::qj;

namespace {

QJsonObject parseObject(const std::string& json) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

QStringList attributeOrder(const std::string& json) {
  // QJsonObject sorts keys; read the raw text order instead.
  QStringList order;
  const QString text = QString::fromStdString(json);
  for (const char* name : {"_key", "_id", "_from", "_to", "_rev"}) {
    if (text.contains(QStringLiteral("\"%1\":").arg(name))) order << name;
  }
  std::sort(order.begin(), order.end(), [&](const QString& a, const QString& b) {
    return text.indexOf("\"" + a + "\":") < text.indexOf("\"" + b + "\":");
  });
  return order;
}

}  // namespace

class DocumentsTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Store> store_;

  const DocumentResult& single(const Result<WriteResult>& result) {
    if (!result) qFatal("write failed: %s", result.status().toString().c_str());
    if (result->items.size() != 1) qFatal("expected one item");
    return result->items.front();
  }
  std::string insertOne(const std::string& body) {
    auto result = test::insert(*store_, "docs", body);
    const DocumentResult& item = single(result);
    if (!item.status) qFatal("insert failed: %s", item.status.toString().c_str());
    return item.key;
  }

 private slots:
  void init() {
    QVERIFY(dir_.isValid());
    QDir(dir_.path()).removeRecursively();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    auto created = test::createCollection(*store_, "_system", "docs");
    QVERIFY2(created.isOk(), created.status().toString().c_str());
  }
  void cleanup() { store_.reset(); }

  void insertThenGetReturnsStoredTextWithIdentityFirst() {
    auto result = test::insert(*store_, "docs", j("{'name':'a','_key':'k1','n':1}"));
    const DocumentResult& item = single(result);
    QVERIFY(item.status.isOk());
    QCOMPARE(item.key, std::string("k1"));
    QCOMPARE(item.id, std::string("docs/k1"));
    QVERIFY(!item.rev.empty());
    QVERIFY(item.old_rev.empty());
    QVERIFY(!result->is_array);
    QVERIFY(result->last_tick > 0);

    auto document = store_->get("_system", "docs", "k1");
    QVERIFY(document.isOk());
    QCOMPARE(document->rev, item.rev);
    QCOMPARE(document->id, std::string("docs/k1"));
    QCOMPARE(attributeOrder(document->json), QStringList({"_key", "_id", "_rev"}));
    const QJsonObject object = parseObject(document->json);
    QCOMPARE(object.value("name").toString(), QString("a"));
    QCOMPARE(object.value("n").toInt(), 1);
    QCOMPARE(object.value("_rev").toString().toStdString(), item.rev);
  }

  // The user attributes are stored as JSON text: numbers keep their shortest round-trip
  // spelling (not Boost's 1.5E0), strings are escaped exactly where JSON requires it.
  void storedTextOfUserAttributes_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("stored");
    QTest::newRow("integers") << qj("{'a':1,'b':-7,'c':18446744073709551615}")
                              << qj("'a':1,'b':-7,'c':18446744073709551615");
    QTest::newRow("doubles") << qj("{'a':1.5,'b':-0.25,'c':1e21,'d':2.0,'e':0.1}")
                             << qj("'a':1.5,'b':-0.25,'c':1e+21,'d':2,'e':0.1");
    QTest::newRow("beyond double")
        << qj("{'a':1e400,'b':-1e400}") << qj("'a':1e99999,'b':-1e99999");
    // Input escapes: \" \\ \n \t \u0001 \u00e9 \/; stored: only what JSON requires.
    QTest::newRow("escapes")
        << QString("{\"s\":\"q\\\"b\\\\ n\\n t\\t c\\u0001 u\\u00e9 slash\\/\"}")
        << QString::fromUtf8("\"s\":\"q\\\"b\\\\ n\\n t\\t c\\u0001 u\xc3\xa9 slash/\"");
    QTest::newRow("long clean string")
        << qj("{'s':'abcdefghijklmnopqrstuvwxyz0123456789','n':null,'t':[true,false,{}]}")
        << qj("'s':'abcdefghijklmnopqrstuvwxyz0123456789','n':null,'t':[true,false,{}]");
  }
  void storedTextOfUserAttributes() {
    QFETCH(QString, body);
    QFETCH(QString, stored);
    const std::string key = insertOne(body.toStdString());
    auto document = store_->get("_system", "docs", key);
    QVERIFY(document.isOk());
    const std::string& json = document->json;
    const std::string prefix = "\"_rev\":\"" + document->rev + "\",";
    const auto at = json.find(prefix);
    QVERIFY(at != std::string::npos);
    const std::string rest = json.substr(at + prefix.size(), json.size() - at - prefix.size() - 1);
    QCOMPARE(QString::fromStdString(rest), stored);
  }

  void insertIgnoresIdAndRevInBody() {
    auto result = test::insert(*store_, "docs", j("{'_key':'k','_id':'other/x','_rev':'abc'}"));
    const DocumentResult& item = single(result);
    QVERIFY(item.status.isOk());
    QCOMPARE(item.id, std::string("docs/k"));
    QVERIFY(item.rev != "abc");
  }

  void insertWithoutKeyGeneratesIncreasingNumericKeys() {
    const std::string first = insertOne("{}");
    const std::string second = insertOne("{}");
    QVERIFY(std::stoull(second) > std::stoull(first));
  }

  void readsReportMissingDocumentCollectionAndDatabase() {
    QCOMPARE(store_->get("_system", "docs", "nope").status().code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(store_->get("_system", "docs", "not a key").status().code(),
             ErrorCode::kDocumentNotFound);
    auto no_collection = store_->get("_system", "missing", "k");
    QCOMPARE(no_collection.status().code(), ErrorCode::kDataSourceNotFound);
    QCOMPARE(no_collection.status().httpStatus(), 404);
    QCOMPARE(store_->get("nodb", "docs", "k").status().code(), ErrorCode::kDatabaseNotFound);
    auto write = test::insert(*store_, "missing", "{}");
    QCOMPARE(write.status().code(), ErrorCode::kDataSourceNotFound);
  }

  void everyWriteChangesTheRevision() {
    auto inserted = test::insert(*store_, "docs", j("{'_key':'r','v':1}"));
    const std::string rev1 = single(inserted).rev;
    auto replaced = test::replace(*store_, "docs", "r", j("{'v':2}"));
    const DocumentResult& replace_item = single(replaced);
    QVERIFY(replace_item.status.isOk());
    QCOMPARE(replace_item.old_rev, rev1);
    QVERIFY(replace_item.rev != rev1);
    auto updated = test::update(*store_, "docs", "r", j("{'w':3}"));
    const DocumentResult& update_item = single(updated);
    QCOMPARE(update_item.old_rev, replace_item.rev);
    QVERIFY(update_item.rev != replace_item.rev);
    auto document = store_->get("_system", "docs", "r");
    QCOMPARE(document->rev, update_item.rev);
    QCOMPARE(parseObject(document->json).value("v").toInt(), 2);
    QCOMPARE(parseObject(document->json).value("w").toInt(), 3);
  }

  void replaceDropsOldAttributesAndKeepsIdentity() {
    insertOne(j("{'_key':'x','a':1,'b':2}"));
    auto replaced = test::replace(*store_, "docs", "x", j("{'_key':'other','_id':'docs/y','c':3}"));
    QVERIFY(single(replaced).status.isOk());
    QCOMPARE(single(replaced).key, std::string("x"));
    const QJsonObject object = parseObject(store_->get("_system", "docs", "x")->json);
    QVERIFY(!object.contains("a"));
    QCOMPARE(object.value("c").toInt(), 3);
    QCOMPARE(object.value("_key").toString(), QString("x"));
    QCOMPARE(store_->get("_system", "docs", "other").status().code(), ErrorCode::kDocumentNotFound);
  }

  void modifyingAMissingDocumentGives1202() {
    QCOMPARE(single(test::replace(*store_, "docs", "none", "{}")).status.code(),
             ErrorCode::kDocumentNotFound);
    QCOMPARE(single(test::update(*store_, "docs", "none", "{}")).status.code(),
             ErrorCode::kDocumentNotFound);
    auto removed = test::remove(*store_, "docs", "none");
    QCOMPARE(single(removed).status.code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(single(removed).status.httpStatus(), 404);
  }

  void removeDeletesAndReturnsOld() {
    insertOne(j("{'_key':'gone','v':7}"));
    WriteOptions options;
    options.return_old = true;
    auto removed = test::remove(*store_, "docs", "gone", {}, options);
    const DocumentResult& item = single(removed);
    QVERIFY(item.status.isOk());
    QCOMPARE(item.id, std::string("docs/gone"));
    QCOMPARE(item.old_rev, item.rev);
    QCOMPARE(parseObject(item.old_json).value("v").toInt(), 7);
    QCOMPARE(store_->get("_system", "docs", "gone").status().code(), ErrorCode::kDocumentNotFound);
  }

  void revisionPreconditions_data() {
    QTest::addColumn<int>("operation");  // 0 replace, 1 update, 2 remove
    QTest::addColumn<bool>("use_if_match");
    QTest::newRow("replace If-Match") << 0 << true;
    QTest::newRow("update If-Match") << 1 << true;
    QTest::newRow("remove If-Match") << 2 << true;
    QTest::newRow("replace ignoreRevs=false") << 0 << false;
    QTest::newRow("update ignoreRevs=false") << 1 << false;
  }
  void revisionPreconditions() {
    QFETCH(int, operation);
    QFETCH(bool, use_if_match);
    const std::string current = single(test::insert(*store_, "docs", j("{'_key':'p'}"))).rev;
    WriteOptions options;
    std::string body = "{}";
    if (use_if_match) {
      options.if_match = "_wrongRev--";
    } else {
      options.ignore_revs = false;
      body = j("{'_rev':'_wrongRev--'}");
    }
    auto run = [&](const WriteOptions& write_options, const std::string& write_body) {
      switch (operation) {
        case 0:
          return test::replace(*store_, "docs", "p", write_body, write_options);
        case 1:
          return test::update(*store_, "docs", "p", write_body, write_options);
        default:
          return test::remove(*store_, "docs", "p", write_body, write_options);
      }
    };
    auto failed = run(options, body);
    const DocumentResult& item = single(failed);
    QCOMPARE(item.status.code(), ErrorCode::kConflict);
    QCOMPARE(item.status.httpStatus(), 412);
    QCOMPARE(item.status.message(), std::string("conflict, _rev values do not match"));
    QCOMPARE(item.rev, current);
    QCOMPARE(item.key, std::string("p"));
    QCOMPARE(item.id, std::string("docs/p"));
    QCOMPARE(store_->get("_system", "docs", "p")->rev, current);

    if (use_if_match) {
      options.if_match = "\"" + current + "\"";  // an ETag, quoted
    } else {
      body = j("{'_rev':'") + current + j("'}");
    }
    QVERIFY(single(run(options, body)).status.isOk());
  }

  void bodyRevisionIsIgnoredByDefault() {
    insertOne(j("{'_key':'i'}"));
    auto replaced = test::replace(*store_, "docs", "i", j("{'_rev':'_stale----'}"));
    QVERIFY(single(replaced).status.isOk());
  }

  void documentKeys_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << qj("{'_key':'abc'}") << true;
    QTest::newRow("digits") << qj("{'_key':'123'}") << true;
    QTest::newRow("punctuation") << "{\"_key\":\"a_b-c.d@e(f)g+h,i=j;k$l!m*n'o%p:q\"}" << true;
    QTest::newRow("254 bytes") << QString(qj("{'_key':'%1'}")).arg(QString(254, 'k')) << true;
    QTest::newRow("255 bytes") << QString(qj("{'_key':'%1'}")).arg(QString(255, 'k')) << false;
    QTest::newRow("empty") << qj("{'_key':''}") << false;
    QTest::newRow("space") << qj("{'_key':'a b'}") << false;
    QTest::newRow("slash") << qj("{'_key':'a/b'}") << false;
    QTest::newRow("multibyte") << qj("{'_key':'caf\u00e9'}") << false;
    QTest::newRow("number") << qj("{'_key':12}") << false;
    QTest::newRow("null") << qj("{'_key':null}") << false;
  }
  void documentKeys() {
    QFETCH(QString, body);
    QFETCH(bool, valid);
    auto result = test::insert(*store_, "docs", body.toStdString());
    const DocumentResult& item = single(result);
    if (valid) {
      QVERIFY2(item.status.isOk(), item.status.toString().c_str());
    } else {
      QCOMPARE(item.status.code(), ErrorCode::kDocumentKeyBad);
      QCOMPARE(item.status.httpStatus(), 400);
    }
  }

  void invalidJsonFailsTheWholeCall() {
    auto result = test::insert(*store_, "docs", j("{'a':"));
    QCOMPARE(result.status().code(), ErrorCode::kCorruptedJson);
    QCOMPARE(result.status().httpStatus(), 400);
    QVERIFY(result.status().message().size() > std::string("invalid JSON object: ").size());
  }

  void bodyOfWrongTypeFailsWith1227() {
    QCOMPARE(test::insert(*store_, "docs", "42").status().code(), ErrorCode::kDocumentTypeInvalid);
    insertOne(j("{'_key':'t'}"));
    QCOMPARE(test::replace(*store_, "docs", "t", "[1]").status().code(),
             ErrorCode::kDocumentTypeInvalid);
  }

  void userKeysCanBeForbidden() {
    CollectionSpec spec;
    spec.name = "nokeys";
    spec.key_options.allow_user_keys = false;
    QVERIFY(test::createCollection(*store_, "_system", spec).isOk());
    auto refused = test::insert(*store_, "nokeys", j("{'_key':'mine'}"));
    QCOMPARE(single(refused).status.code(), ErrorCode::kDocumentKeyUnexpected);
    QVERIFY(single(test::insert(*store_, "nokeys", "{}")).status.isOk());
  }

  void overwriteModes_data() {
    QTest::addColumn<int>("mode");  // -1: unset
    QTest::addColumn<int>("expected_error");
    QTest::addColumn<bool>("ignored");
    QTest::addColumn<QString>("expected_a");
    QTest::addColumn<bool>("keeps_b");
    QTest::newRow("default conflict") << -1 << 1210 << false << "old" << true;
    QTest::newRow("conflict") << int(OverwriteMode::kConflict) << 1210 << false << "old" << true;
    QTest::newRow("ignore") << int(OverwriteMode::kIgnore) << 0 << true << "old" << true;
    QTest::newRow("replace") << int(OverwriteMode::kReplace) << 0 << false << "new" << false;
    QTest::newRow("update") << int(OverwriteMode::kUpdate) << 0 << false << "new" << true;
  }
  void overwriteModes() {
    QFETCH(int, mode);
    QFETCH(int, expected_error);
    QFETCH(bool, ignored);
    QFETCH(QString, expected_a);
    QFETCH(bool, keeps_b);
    const std::string old_rev =
        single(test::insert(*store_, "docs", j("{'_key':'o','a':'old','b':1}"))).rev;
    WriteOptions options;
    if (mode >= 0) options.overwrite_mode = static_cast<OverwriteMode>(mode);
    options.return_old = true;
    auto result = test::insert(*store_, "docs", j("{'_key':'o','a':'new'}"), options);
    const DocumentResult& item = single(result);
    QCOMPARE(item.status.errorNum(), expected_error);
    if (expected_error == 1210) {
      QCOMPARE(item.status.httpStatus(), 409);
      QCOMPARE(item.status.message(),
               std::string("unique constraint violated - in index primary of type primary over "
                           "'_key'; conflicting key: o"));
    }
    QCOMPARE(item.ignored, ignored);
    if (ignored) QCOMPARE(item.rev, old_rev);
    if (expected_error == 0 && !ignored) {
      QCOMPARE(item.old_rev, old_rev);
      QCOMPARE(parseObject(item.old_json).value("a").toString(), QString("old"));
    }
    const QJsonObject stored = parseObject(store_->get("_system", "docs", "o")->json);
    QCOMPARE(stored.value("a").toString(), expected_a);
    QCOMPARE(stored.contains("b"), keeps_b);
  }

  void overwriteModeOnMissingDocumentInserts() {
    WriteOptions options;
    options.overwrite_mode = OverwriteMode::kUpdate;
    auto result = test::insert(*store_, "docs", j("{'_key':'fresh','x':null}"), options);
    QVERIFY(single(result).status.isOk());
    QVERIFY(single(result).old_rev.empty());
    QVERIFY(parseObject(store_->get("_system", "docs", "fresh")->json).contains("x"));
  }

  void updateMerging_data() {
    QTest::addColumn<bool>("keep_null");
    QTest::addColumn<bool>("merge_objects");
    QTest::addColumn<QString>("expected");
    QTest::newRow("defaults")
        << true << true
        << qj("{'a':1,'n':null,'o':{'x':1,'y':null,'z':3},'gone':null,'new':{'q':null}}");
    QTest::newRow("keepNull=false")
        << false << true << qj("{'a':1,'n':null,'o':{'x':1,'z':3},'new':{}}");
    QTest::newRow("mergeObjects=false")
        << true << false
        << qj("{'a':1,'n':null,'o':{'y':null,'z':3},'gone':null,'new':{'q':null}}");
    QTest::newRow("both false") << false << false
                                << qj("{'a':1,'n':null,'o':{'y':null,'z':3},'new':{'q':null}}");
  }
  void updateMerging() {
    QFETCH(bool, keep_null);
    QFETCH(bool, merge_objects);
    QFETCH(QString, expected);
    insertOne(j("{'_key':'m','a':1,'n':null,'o':{'x':1,'y':2},'gone':5}"));
    WriteOptions options;
    options.keep_null = keep_null;
    options.merge_objects = merge_objects;
    options.return_new = true;
    auto result = test::update(*store_, "docs", "m",
                               j("{'o':{'y':null,'z':3},'gone':null,'new':{'q':null}}"), options);
    const DocumentResult& item = single(result);
    QVERIFY(item.status.isOk());
    QJsonObject stored = parseObject(store_->get("_system", "docs", "m")->json);
    QCOMPARE(parseObject(item.new_json), stored);
    stored.remove("_key");
    stored.remove("_id");
    stored.remove("_rev");
    QCOMPARE(stored, parseObject(expected.toStdString()));
  }

  void arrayInsertReportsErrorsPerItem() {
    insertOne(j("{'_key':'taken'}"));
    auto result = test::insert(*store_, "docs",
                               j("[{'_key':'a1'},{'_key':'bad key'},5,{'_key':'taken'},{}]"));
    QVERIFY(result.isOk());
    QVERIFY(result->is_array);
    QCOMPARE(result->items.size(), size_t(5));
    QVERIFY(result->items[0].status.isOk());
    QCOMPARE(result->items[1].status.code(), ErrorCode::kDocumentKeyBad);
    QCOMPARE(result->items[2].status.code(), ErrorCode::kDocumentTypeInvalid);
    QCOMPARE(result->items[3].status.code(), ErrorCode::kUniqueConstraintViolated);
    QVERIFY(result->items[4].status.isOk());
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(3));
  }

  void laterArrayElementsSeeEarlierOnes() {
    auto result = test::insert(*store_, "docs", j("[{'_key':'twice','n':1},{'_key':'twice'}]"));
    QVERIFY(result->items[0].status.isOk());
    QCOMPARE(result->items[1].status.code(), ErrorCode::kUniqueConstraintViolated);
    auto updates =
        test::update(*store_, "docs", {}, j("[{'_key':'twice','n':2},{'_key':'twice','m':3}]"));
    QVERIFY(updates->items[0].status.isOk());
    QVERIFY(updates->items[1].status.isOk());
    QCOMPARE(updates->items[1].old_rev, updates->items[0].rev);
    const QJsonObject stored = parseObject(store_->get("_system", "docs", "twice")->json);
    QCOMPARE(stored.value("n").toInt(), 2);
    QCOMPARE(stored.value("m").toInt(), 3);
  }

  void arrayModificationsNeedADocumentIdentifier() {
    insertOne(j("{'_key':'e1'}"));
    auto result = test::replace(*store_, "docs", {},
                                j("[{'v':1},{'_id':'docs/e1','v':2},{'_id':'other/e1'},'x']"));
    QVERIFY(result.isOk());
    QCOMPARE(result->items[0].status.code(), ErrorCode::kDocumentHandleBad);
    QVERIFY(result->items[1].status.isOk());
    QCOMPARE(result->items[2].status.code(), ErrorCode::kDocumentHandleBad);
    QCOMPARE(result->items[3].status.code(), ErrorCode::kDocumentTypeInvalid);
  }

  void arrayRemoveAcceptsKeysAndObjects() {
    insertOne(j("{'_key':'r1'}"));
    const std::string rev2 = single(test::insert(*store_, "docs", j("{'_key':'r2'}"))).rev;
    insertOne(j("{'_key':'r3'}"));
    WriteOptions options;
    options.ignore_revs = false;
    const std::string body = j("['r1',{'_key':'r2','_rev':'") + rev2 +
                             j("'},{'_key':'r3','_rev':'_x---------'},'r9',7]");
    auto result = test::remove(*store_, "docs", {}, body, options);
    QVERIFY(result.isOk());
    QVERIFY(result->items[0].status.isOk());
    QVERIFY(result->items[1].status.isOk());
    QCOMPARE(result->items[2].status.code(), ErrorCode::kConflict);
    QCOMPARE(result->items[3].status.code(), ErrorCode::kDocumentNotFound);
    QCOMPARE(result->items[4].status.code(), ErrorCode::kDocumentHandleBad);
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(1));
  }

  void returnNewAndOldCarryFullDocuments() {
    WriteOptions options;
    options.return_new = true;
    options.return_old = true;
    auto inserted = test::insert(*store_, "docs", j("{'_key':'rn','v':1}"), options);
    QCOMPARE(parseObject(single(inserted).new_json).value("v").toInt(), 1);
    QVERIFY(single(inserted).old_json.empty());
    auto replaced = test::replace(*store_, "docs", "rn", j("{'v':2}"), options);
    QCOMPARE(parseObject(single(replaced).old_json).value("v").toInt(), 1);
    QCOMPARE(parseObject(single(replaced).new_json).value("v").toInt(), 2);
    QCOMPARE(single(replaced).new_json, store_->get("_system", "docs", "rn")->json);
  }

  void multiGetReportsMissingPerItem() {
    insertOne(j("{'_key':'g1','v':1}"));
    insertOne(j("{'_key':'g2','v':2}"));
    auto result =
        store_->getMany("_system", "docs", j("['g1',{'_key':'g2'},'g3',{'_id':'docs/g1'},1]"));
    QVERIFY(result.isOk());
    QCOMPARE(result->size(), size_t(5));
    QCOMPARE(parseObject((*result)[0].new_json).value("v").toInt(), 1);
    QCOMPARE((*result)[1].key, std::string("g2"));
    QCOMPARE((*result)[2].status.code(), ErrorCode::kDocumentNotFound);
    QCOMPARE((*result)[3].id, std::string("docs/g1"));
    QCOMPARE((*result)[4].status.code(), ErrorCode::kDocumentHandleBad);
    QCOMPARE(store_->getMany("_system", "docs", "{").status().code(), ErrorCode::kCorruptedJson);
  }

  void edgeDocumentsNeedFromAndTo() {
    CollectionSpec spec;
    spec.name = "edges";
    spec.type = CollectionType::kEdge;
    QVERIFY(test::createCollection(*store_, "_system", spec).isOk());
    auto missing = test::insert(*store_, "edges", j("{'_from':'docs/a'}"));
    QCOMPARE(single(missing).status.code(), ErrorCode::kInvalidEdgeAttribute);
    auto bad = test::insert(*store_, "edges", j("{'_from':'docs/a','_to':'nokey'}"));
    QCOMPARE(single(bad).status.code(), ErrorCode::kInvalidEdgeAttribute);
    auto good = test::insert(*store_, "edges", j("{'x':1,'_to':'docs/b','_from':'docs/a'}"));
    QVERIFY(single(good).status.isOk());
    const std::string json = store_->get("_system", "edges", single(good).key)->json;
    QCOMPARE(attributeOrder(json), QStringList({"_key", "_id", "_from", "_to", "_rev"}));
  }

  void countFollowsWrites() {
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(0));
    QVERIFY(test::insert(*store_, "docs", j("[{'_key':'c1'},{'_key':'c2'},{'_key':'c3'}]")).isOk());
    QVERIFY(single(test::remove(*store_, "docs", "c2")).status.isOk());
    QCOMPARE(store_->count("_system", "docs").value(), std::uint64_t(2));
  }
};

QTEST_GUILESS_MAIN(DocumentsTest)
#include "tst_documents.moc"
