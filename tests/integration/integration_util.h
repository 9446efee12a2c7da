// Small helpers shared by the integration tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "http_client.h"

namespace tandem::test {

inline QJsonObject jsonObject(const QByteArray& body) {
  return QJsonDocument::fromJson(body).object();
}

inline QJsonObject jsonObject(const std::string& body) {
  return jsonObject(QByteArray::fromStdString(body));
}

// POST /_db/_system/_api/collection {"name": name}; the HTTP status.
inline int createCollection(HttpClient& client, const QString& name) {
  return client
      .post(QStringLiteral("/_db/_system/_api/collection"),
            QJsonDocument(QJsonObject{{"name", name}}).toJson(QJsonDocument::Compact))
      .status;
}

// The number of documents in `name`, or -1.
inline qint64 collectionCount(HttpClient& client, const QString& name) {
  const HttpReply reply =
      client.get(QStringLiteral("/_db/_system/_api/collection/%1/count").arg(name));
  if (reply.status != 200) return -1;
  return reply.json().object().value("count").toInteger(-1);
}

inline QByteArray readWholeFile(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// True if `status` acknowledges a document write (201 synced, 202 accepted).
inline bool isWriteAck(int status) { return status == 201 || status == 202; }

}  // namespace tandem::test
