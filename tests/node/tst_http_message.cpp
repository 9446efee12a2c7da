// Request/Response helpers: target parsing with percent-decoding, headers, flags.
#include <QtTest>

#include "http/http_message.h"

using tandem::node::Method;
using tandem::node::Request;
using tandem::node::Response;

class HttpMessageTest : public QObject {
  Q_OBJECT

 private slots:
  void parseTargetSplitsPathAndDecodesQuery();
  void parseTargetDecodesPercentEscapesInPath();
  void parseTargetRejectsMalformedEscapes_data();
  void parseTargetRejectsMalformedEscapes();
  void queryWithoutValueIsEmptyAndLastOneWins();
  void flagAcceptsArangoTruthyValues_data();
  void flagAcceptsArangoTruthyValues();
  void headerLooksUpLowerCaseNames();
  void setHeaderReplacesExistingCaseInsensitively();
  void percentEncodeKeepsUnreservedOnly();
  void methodNamesAreHttpTokens();
};

void HttpMessageTest::parseTargetSplitsPathAndDecodesQuery() {
  Request request;
  request.target = "/_api/document/c?returnNew=true&overwriteMode=replace&x=a%20b+c";
  QVERIFY(request.parseTarget());
  QCOMPARE(request.path, std::string("/_api/document/c"));
  QCOMPARE(request.query.size(), std::size_t(3));
  QCOMPARE(*request.param("returnNew"), std::string("true"));
  QCOMPARE(*request.param("overwriteMode"), std::string("replace"));
  QCOMPARE(*request.param("x"), std::string("a b c"));
  QVERIFY(request.param("missing") == nullptr);
}

void HttpMessageTest::parseTargetDecodesPercentEscapesInPath() {
  Request request;
  request.target = "/_db/my%2Ddb/_api/document/c/a%3Ab+c";
  QVERIFY(request.parseTarget());
  QCOMPARE(request.path, std::string("/_db/my-db/_api/document/c/a:b+c"));
  QVERIFY(request.query.empty());
}

void HttpMessageTest::parseTargetRejectsMalformedEscapes_data() {
  QTest::addColumn<QString>("target");
  QTest::newRow("truncated at end") << "/_api/version%2";
  QTest::newRow("lone percent") << "/_api/%";
  QTest::newRow("non-hex") << "/_api/%zz";
  QTest::newRow("escaped NUL") << "/_api/a%00b";
  QTest::newRow("bad query value") << "/_api/version?details=%G1";
  QTest::newRow("bad query name") << "/_api/version?%=1";
}

void HttpMessageTest::parseTargetRejectsMalformedEscapes() {
  QFETCH(QString, target);
  Request request;
  request.target = target.toStdString();
  QVERIFY(!request.parseTarget());
}

void HttpMessageTest::queryWithoutValueIsEmptyAndLastOneWins() {
  Request request;
  request.target = "/x?silent&a=1&a=2&&b=";
  QVERIFY(request.parseTarget());
  QCOMPARE(*request.param("silent"), std::string());
  QCOMPARE(*request.param("a"), std::string("2"));
  QCOMPARE(*request.param("b"), std::string());
}

void HttpMessageTest::flagAcceptsArangoTruthyValues_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<bool>("expected");
  QTest::newRow("true") << "true" << true;
  QTest::newRow("1") << "1" << true;
  QTest::newRow("yes") << "yes" << true;
  QTest::newRow("on") << "on" << true;
  QTest::newRow("false") << "false" << false;
  QTest::newRow("0") << "0" << false;
  QTest::newRow("empty") << "" << false;
  QTest::newRow("TRUE is not lower case") << "TRUE" << false;
}

void HttpMessageTest::flagAcceptsArangoTruthyValues() {
  QFETCH(QString, value);
  QFETCH(bool, expected);
  Request request;
  request.query["flag"] = value.toStdString();
  QCOMPARE(request.flag("flag", !expected), expected);
  QCOMPARE(request.flag("absent", true), true);
  QCOMPARE(request.flag("absent", false), false);
}

void HttpMessageTest::headerLooksUpLowerCaseNames() {
  Request request;
  request.headers["if-match"] = "\"abc\"";
  QCOMPARE(request.header("if-match"), std::string_view("\"abc\""));
  QVERIFY(request.header("if-none-match").empty());
}

void HttpMessageTest::setHeaderReplacesExistingCaseInsensitively() {
  Response response;
  response.setHeader("etag", "\"1\"");
  response.setHeader("location", "/a");
  response.setHeader("ETag", "\"2\"");
  QCOMPARE(response.headers.size(), std::size_t(2));
  QCOMPARE(response.headers[0].second, std::string("\"2\""));
}

void HttpMessageTest::percentEncodeKeepsUnreservedOnly() {
  QCOMPARE(tandem::node::percentEncode("abc-_.~09"), std::string("abc-_.~09"));
  QCOMPARE(tandem::node::percentEncode("a:b@c/d e"), std::string("a%3Ab%40c%2Fd%20e"));
  auto decoded = tandem::node::percentDecode("a%3Ab%40c%2Fd%20e");
  QVERIFY(decoded.has_value());
  QCOMPARE(*decoded, std::string("a:b@c/d e"));
}

void HttpMessageTest::methodNamesAreHttpTokens() {
  QCOMPARE(tandem::node::methodName(Method::kGet), std::string_view("GET"));
  QCOMPARE(tandem::node::methodName(Method::kHead), std::string_view("HEAD"));
  QCOMPARE(tandem::node::methodName(Method::kPatch), std::string_view("PATCH"));
  QCOMPARE(tandem::node::methodName(Method::kDelete), std::string_view("DELETE"));
}

QTEST_GUILESS_MAIN(HttpMessageTest)
#include "tst_http_message.moc"
