// HttpClient: blocking HTTP/1.1 requests for tests, over QNetworkAccessManager.
//
// Each call runs a local event loop until the reply finishes or times out; connections are
// kept alive between calls. Thread-safety: use from the thread that created it.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkAccessManager>
#include <QString>

namespace tandem::test {

struct HttpReply {
  int status = 0;  // 0: no HTTP answer (see error)
  QString error;   // transport error text, empty if an answer arrived
  QByteArray body;
  QMap<QByteArray, QByteArray> headers;  // names in lower case

  QJsonDocument json() const { return QJsonDocument::fromJson(body); }
  QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
  // For failure messages: "<status> <first 400 bytes of the body>", or the transport error.
  QString describe() const {
    if (status == 0) return QStringLiteral("no answer: ") + error;
    return QString::number(status) + " " + QString::fromUtf8(body.left(400));
  }
};

class HttpClient {
 public:
  explicit HttpClient(QString base_url);

  // `path` is appended to the base URL as is (include any query string).
  HttpReply request(const QByteArray& method, const QString& path, const QByteArray& body = {},
                    const QMap<QByteArray, QByteArray>& headers = {}, int timeout_ms = 10000);
  HttpReply get(const QString& path) { return request("GET", path); }
  HttpReply post(const QString& path, const QByteArray& body) {
    return request("POST", path, body);
  }

 private:
  QString base_url_;
  QNetworkAccessManager manager_;
};

}  // namespace tandem::test
