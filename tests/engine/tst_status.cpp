// Status: ArangoDB's default messages and HTTP statuses for the error numbers Tandem uses.
#include <QTest>

#include "tandem/status.h"

using namespace tandem;

class StatusTest : public QObject {
  Q_OBJECT

 private slots:
  void defaultHttpStatusFollowsArangoDb_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("http");
    QTest::addColumn<QString>("message");
    QTest::newRow("internal") << 4 << 500 << "internal error";
    QTest::newRow("bad parameter") << 10 << 400 << "bad parameter";
    QTest::newRow("forbidden") << 11 << 403 << "forbidden";
    QTest::newRow("shutting down") << 30 << 503 << "shutdown in progress";
    QTest::newRow("http 404") << 404 << 404 << "not found";
    QTest::newRow("http 405") << 405 << 405 << "method not supported";
    QTest::newRow("http 503") << 503 << 503 << "service unavailable";
    QTest::newRow("corrupted json") << 600 << 400 << "invalid JSON object";
    QTest::newRow("read only") << 1004 << 403 << "read only";
    QTest::newRow("datadir locked") << 1112 << 500 << "database directory is locked";
    QTest::newRow("conflict") << 1200 << 409 << "conflict";
    QTest::newRow("document not found") << 1202 << 404 << "document not found";
    QTest::newRow("collection not found") << 1203 << 404 << "collection or view not found";
    QTest::newRow("handle bad") << 1205 << 400 << "illegal document identifier";
    QTest::newRow("duplicate name") << 1207 << 409 << "duplicate name";
    QTest::newRow("illegal name") << 1208 << 400 << "illegal name";
    QTest::newRow("unique constraint") << 1210 << 409 << "unique constraint violated";
    QTest::newRow("key bad") << 1221 << 400 << "illegal document key";
    QTest::newRow("key unexpected") << 1222 << 400 << "unexpected document key";
    QTest::newRow("key missing") << 1226 << 400 << "missing document key";
    QTest::newRow("type invalid") << 1227 << 400 << "invalid document type";
    QTest::newRow("database not found") << 1228 << 404 << "database not found";
    QTest::newRow("database name invalid") << 1229 << 400 << "database name invalid";
    QTest::newRow("use system database")
        << 1230 << 403 << "operation only allowed in system database";
    QTest::newRow("edge attribute") << 1233 << 400 << "edge attribute missing or invalid";
    QTest::newRow("rev bad") << 1239 << 400 << "illegal document revision";
    QTest::newRow("leadership challenge") << 1495 << 503 << "leadership challenge is ongoing";
    QTest::newRow("not leader") << 1496 << 503 << "not a leader";
    QTest::newRow("schema older") << 31001 << 500 << "database schema is older than this binary";
    QTest::newRow("schema newer") << 31002 << 500 << "database schema is newer than this binary";
    QTest::newRow("unmapped") << 12345 << 500 << "unknown error";
  }
  void defaultHttpStatusFollowsArangoDb() {
    QFETCH(int, code);
    QFETCH(int, http);
    QFETCH(QString, message);
    const auto error = static_cast<ErrorCode>(code);
    QCOMPARE(defaultHttpStatus(error), http);
    QCOMPARE(QString::fromUtf8(defaultMessage(error).data(), defaultMessage(error).size()),
             message);
    const Status status = Status::error(error);
    QCOMPARE(status.errorNum(), code);
    QCOMPARE(status.httpStatus(), http);
    QCOMPARE(QString::fromStdString(status.message()), message);
  }

  void statusCarriesOverriddenMessageAndHttpStatus() {
    const Status ok = Status::ok();
    QVERIFY(ok.isOk());
    QCOMPARE(ok.httpStatus(), 200);
    QCOMPARE(ok.toString(), std::string("OK"));
    const Status conflict =
        Status::error(ErrorCode::kConflict, "conflict, _rev values do not match", 412);
    QVERIFY(!conflict);
    QCOMPARE(conflict.httpStatus(), 412);
    QCOMPARE(conflict.toString(),
             std::string("error 1200 (HTTP 412): conflict, _rev values do not match"));
    const Status custom = Status::error(ErrorCode::kDocumentNotFound, "no such thing");
    QCOMPARE(custom.httpStatus(), 404);
    QCOMPARE(custom.message(), std::string("no such thing"));
  }

  void resultHoldsValueOrStatus() {
    Result<int> value = 7;
    QVERIFY(value.isOk());
    QCOMPARE(*value, 7);
    Result<int> failed = Status::error(ErrorCode::kInternal);
    QVERIFY(!failed);
    QCOMPARE(failed.status().code(), ErrorCode::kInternal);
  }
};

QTEST_GUILESS_MAIN(StatusTest)
#include "tst_status.moc"
