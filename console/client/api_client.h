// ApiClient: the console's one way to talk to nodes — asynchronous HTTP over one
// QNetworkAccessManager, replies delivered as ApiReply to a callback on the GUI thread.
//
// Ownership: a QObject with a parent. Each request names a `context` QObject: when the context is
// destroyed before the reply arrives, the request is aborted and the handler never runs (this is
// how operations and polls drop late replies). Thread-safety: GUI (owning) thread only.
// Errors: a transport failure or timeout is an ApiReply with http_status 0 and transport_error;
// the handler always runs exactly once unless the context died.
// Credentials: none, basic or bearer (JWT), sent with every request once set. A 401 emits
// authenticationRequired(base) (once per base until credentials change) besides the reply.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>

#include "api_replies.h"

class QNetworkAccessManager;

namespace tandem::console {

struct Credentials {
  enum class Kind { kNone, kBasic, kBearer };
  Kind kind = Kind::kNone;
  QString user;      // basic
  QString password;  // basic
  QString token;     // bearer (a JWT)

  // "Authorization" header value, empty for kNone.
  QByteArray authorization() const;
};

class ApiClient : public QObject {
  Q_OBJECT

 public:
  using Handler = std::function<void(const ApiReply&)>;

  explicit ApiClient(QObject* parent);
  ~ApiClient() override;

  void setCredentials(const Credentials& credentials);
  const Credentials& credentials() const { return credentials_; }
  // Per-request timeout (default 3000 ms); a request still open then ends as a transport error.
  void setTimeout(int ms) { timeout_ms_ = ms; }
  int timeout() const { return timeout_ms_; }

  // Sends `verb path` to `base` ("http://h:p") with `body` (JSON, may be empty). The request
  // ends after `timeout_ms` in total (connect, send, wait, receive), or after timeout() when
  // `timeout_ms` <= 0 — a hard deadline, not only an inactivity timeout.
  void request(const QByteArray& verb, const QUrl& base, const QString& path,
               const QByteArray& body, QObject* context, Handler handler, int timeout_ms = 0);
  void get(const QUrl& base, const QString& path, QObject* context, Handler handler,
           int timeout_ms = 0) {
    request("GET", base, path, {}, context, std::move(handler), timeout_ms);
  }
  void post(const QUrl& base, const QString& path, const QByteArray& body, QObject* context,
            Handler handler) {
    request("POST", base, path, body, context, std::move(handler));
  }
  void put(const QUrl& base, const QString& path, const QByteArray& body, QObject* context,
           Handler handler) {
    request("PUT", base, path, body, context, std::move(handler));
  }

  // Requests sent and not yet finished (for tests and the status bar).
  int pending() const { return pending_; }

 signals:
  void authenticationRequired(const QUrl& base);

 private:
  QNetworkAccessManager* network_;
  Credentials credentials_;
  int timeout_ms_ = 3000;
  int pending_ = 0;
  QList<QUrl> asked_for_credentials_;
};

}  // namespace tandem::console
