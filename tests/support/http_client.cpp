#include "http_client.h"

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace tandem::test {

HttpClient::HttpClient(QString base_url) : base_url_(std::move(base_url)) {}

HttpReply HttpClient::request(const QByteArray& method, const QString& path, const QByteArray& body,
                              const QMap<QByteArray, QByteArray>& headers, int timeout_ms) {
  QNetworkRequest request(QUrl(base_url_ + path, QUrl::StrictMode));
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                       QNetworkRequest::ManualRedirectPolicy);
  if (!body.isEmpty()) request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
  for (auto it = headers.begin(); it != headers.end(); ++it)
    request.setRawHeader(it.key(), it.value());

  QBuffer buffer;
  buffer.setData(body);
  buffer.open(QIODevice::ReadOnly);
  QNetworkReply* reply = manager_.sendCustomRequest(request, method, &buffer);

  QEventLoop loop;
  QTimer timer;
  timer.setSingleShot(true);
  QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  timer.start(timeout_ms);
  if (!reply->isFinished()) loop.exec();

  HttpReply result;
  if (!reply->isFinished()) {
    reply->abort();
    result.error = QStringLiteral("timed out after %1 ms").arg(timeout_ms);
  } else {
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (result.status == 0) result.error = reply->errorString();
    result.body = reply->readAll();
    for (const auto& [name, value] : reply->rawHeaderPairs())
      result.headers[name.toLower()] = value;
  }
  reply->deleteLater();
  return result;
}

}  // namespace tandem::test
