// The Status -> ArangoDB error body mapping and the success envelope.
#include <QtTest>

#include <boost/json/parse.hpp>

#include "http/error_body.h"

using tandem::ErrorCode;
using tandem::Status;

class ErrorBodyTest : public QObject {
  Q_OBJECT

 private slots:
  void errorResponseCarriesAllFourArangoFields();
  void errorResponseUsesDefaultMessageWhenEmpty();
  void errorResponseAppendsExtraFields();
  void statusOverridesDefaultHttpCode();
  void inlineErrorLeavesOutCode();
  void successResponseStartsWithErrorFalseAndCode();
  void appendJsonStringEscapesControlAndQuote();
};

void ErrorBodyTest::errorResponseCarriesAllFourArangoFields() {
  auto response = tandem::node::errorResponse(Status::error(ErrorCode::kDocumentNotFound));
  QCOMPARE(response.status, 404);
  QCOMPARE(response.content_type, std::string("application/json; charset=utf-8"));
  auto body = boost::json::parse(response.body).as_object();
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(body.at("errorNum").as_int64(), std::int64_t(1202));
  QCOMPARE(std::string(body.at("errorMessage").as_string()), std::string("document not found"));
  QCOMPARE(body.at("code").as_int64(), std::int64_t(404));
}

void ErrorBodyTest::errorResponseUsesDefaultMessageWhenEmpty() {
  auto response = tandem::node::errorResponse(Status::error(ErrorCode::kIllegalName, ""));
  auto body = boost::json::parse(response.body).as_object();
  QCOMPARE(std::string(body.at("errorMessage").as_string()), std::string("illegal name"));
  QCOMPARE(response.status, 400);
}

void ErrorBodyTest::errorResponseAppendsExtraFields() {
  boost::json::object extra{{"_id", "c/k"}, {"_key", "k"}, {"_rev", "_r"}};
  auto response = tandem::node::errorResponse(
      Status::error(ErrorCode::kConflict, "conflict, _rev values do not match", 412), extra);
  QCOMPARE(response.status, 412);
  auto body = boost::json::parse(response.body).as_object();
  QCOMPARE(body.at("code").as_int64(), std::int64_t(412));
  QCOMPARE(body.at("errorNum").as_int64(), std::int64_t(1200));
  QCOMPARE(std::string(body.at("_rev").as_string()), std::string("_r"));
  QCOMPARE(std::string(body.at("_id").as_string()), std::string("c/k"));
}

void ErrorBodyTest::statusOverridesDefaultHttpCode() {
  auto response = tandem::node::errorResponse(
      Status::error(ErrorCode::kShuttingDown, "shutdown in progress", 503));
  QCOMPARE(response.status, 503);
  QVERIFY(response.body.find(R"("errorNum":30)") != std::string::npos);
}

void ErrorBodyTest::inlineErrorLeavesOutCode() {
  std::string out;
  tandem::node::appendInlineError(out, Status::error(ErrorCode::kUniqueConstraintViolated));
  auto body = boost::json::parse(out).as_object();
  QCOMPARE(body.size(), std::size_t(3));
  QCOMPARE(body.at("error").as_bool(), true);
  QCOMPARE(body.at("errorNum").as_int64(), std::int64_t(1210));
  QVERIFY(body.if_contains("code") == nullptr);
}

void ErrorBodyTest::successResponseStartsWithErrorFalseAndCode() {
  auto response = tandem::node::successResponse(201, {{"result", true}});
  QCOMPARE(response.status, 201);
  QCOMPARE(response.body, std::string(R"({"error":false,"code":201,"result":true})"));
}

void ErrorBodyTest::appendJsonStringEscapesControlAndQuote() {
  std::string out;
  tandem::node::appendJsonString(out, std::string("a\"b\\c\n\x01", 7));
  QCOMPARE(out, std::string(R"("a\"b\\c\n\u0001")"));
  QCOMPARE(std::string(boost::json::parse(out).as_string()), std::string("a\"b\\c\n\x01", 7));
}

QTEST_GUILESS_MAIN(ErrorBodyTest)
#include "tst_error_body.moc"
