// Endpoint spellings: every form a node or a user writes maps to the one key the console uses.
#include <QtTest>

#include "client/endpoint.h"

using namespace tandem::console;

class EndpointTest : public QObject {
  Q_OBJECT

 private slots:
  void httpUrlNormalises_data();
  void httpUrlNormalises();
  void nodeEndpointIsTheTcpSpelling_data();
  void nodeEndpointIsTheTcpSpelling();
  void sameEndpointIgnoresSpelling_data();
  void sameEndpointIgnoresSpelling();
};

void EndpointTest::httpUrlNormalises_data() {
  QTest::addColumn<QString>("input");
  QTest::addColumn<QString>("expected");  // "" for an invalid URL
  QTest::newRow("tcp") << "tcp://127.0.0.1:8529"
                       << "http://127.0.0.1:8529";
  QTest::newRow("ssl") << "ssl://db.example:8530"
                       << "https://db.example:8530";
  QTest::newRow("bare host:port") << "127.0.0.1:8529"
                                  << "http://127.0.0.1:8529";
  QTest::newRow("http with slash") << "http://127.0.0.1:8529/"
                                   << "http://127.0.0.1:8529";
  QTest::newRow("http with path") << "http://h:1/_api/version?x=1"
                                  << "http://h:1";
  QTest::newRow("https default port") << "https://h"
                                      << "https://h:443";
  QTest::newRow("http default port") << "http://h"
                                     << "http://h:80";
  QTest::newRow("spaces") << "  tcp://h:2  "
                          << "http://h:2";
  QTest::newRow("upper-case host") << "tcp://LocalHost:3"
                                   << "http://localhost:3";
  QTest::newRow("ipv6") << "tcp://[::1]:8529"
                        << "http://[::1]:8529";
  QTest::newRow("empty") << ""
                         << "";
  QTest::newRow("blank") << "   "
                         << "";
  QTest::newRow("other scheme") << "ftp://h:1"
                                << "";
  QTest::newRow("no host") << "tcp://"
                           << "";
  QTest::newRow("garbage") << "http://exa mple:1"
                           << "";
}

void EndpointTest::httpUrlNormalises() {
  QFETCH(QString, input);
  QFETCH(QString, expected);
  const QUrl url = httpUrl(input);
  if (expected.isEmpty()) {
    QVERIFY2(!url.isValid(), qPrintable(url.toString()));
  } else {
    QVERIFY(url.isValid());
    QCOMPARE(url.toString(), expected);
  }
}

void EndpointTest::nodeEndpointIsTheTcpSpelling_data() {
  QTest::addColumn<QUrl>("url");
  QTest::addColumn<QString>("expected");
  QTest::newRow("http") << QUrl("http://127.0.0.1:8529") << "tcp://127.0.0.1:8529";
  QTest::newRow("https") << QUrl("https://h:9") << "ssl://h:9";
  QTest::newRow("no port") << QUrl("http://h") << "tcp://h:80";
  QTest::newRow("invalid") << QUrl() << "";
}

void EndpointTest::nodeEndpointIsTheTcpSpelling() {
  QFETCH(QUrl, url);
  QFETCH(QString, expected);
  QCOMPARE(nodeEndpoint(url), expected);
}

void EndpointTest::sameEndpointIgnoresSpelling_data() {
  QTest::addColumn<QString>("a");
  QTest::addColumn<QString>("b");
  QTest::addColumn<bool>("same");
  QTest::newRow("tcp vs http") << "tcp://127.0.0.1:1"
                               << "http://127.0.0.1:1/" << true;
  QTest::newRow("bare vs tcp") << "127.0.0.1:1"
                               << "tcp://127.0.0.1:1" << true;
  QTest::newRow("host case") << "http://LOCALHOST:1"
                             << "tcp://localhost:1" << true;
  QTest::newRow("other port") << "tcp://127.0.0.1:1"
                              << "tcp://127.0.0.1:2" << false;
  QTest::newRow("other host") << "tcp://127.0.0.1:1"
                              << "tcp://127.0.0.2:1" << false;
  QTest::newRow("ssl vs tcp") << "ssl://h:1"
                              << "tcp://h:1" << false;
  QTest::newRow("both empty") << ""
                              << "" << false;
  QTest::newRow("one invalid") << "tcp://h:1"
                               << "nonsense://" << false;
}

void EndpointTest::sameEndpointIgnoresSpelling() {
  QFETCH(QString, a);
  QFETCH(QString, b);
  QFETCH(bool, same);
  QCOMPARE(sameEndpoint(a, b), same);
  QCOMPARE(sameEndpoint(b, a), same);
}

QTEST_GUILESS_MAIN(EndpointTest)
#include "tst_endpoint.moc"
