#include "api_client.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace tandem::console {

QByteArray Credentials::authorization() const {
  switch (kind) {
    case Kind::kBasic:
      return "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
    case Kind::kBearer:
      return "bearer " + token.toUtf8();
    case Kind::kNone:
      break;
  }
  return {};
}

ApiClient::ApiClient(QObject* parent) : QObject(parent), network_(new QNetworkAccessManager(this)) {
  // Replies are deleted by request()'s finished handler (after the handler has read them), or
  // when their context dies; never by the manager behind the handler's back.
  network_->setAutoDeleteReplies(false);
}

ApiClient::~ApiClient() = default;

void ApiClient::setCredentials(const Credentials& credentials) {
  credentials_ = credentials;
  asked_for_credentials_.clear();
}

void ApiClient::request(const QByteArray& verb, const QUrl& base, const QString& path,
                        const QByteArray& body, QObject* context, Handler handler, int timeout_ms) {
  const int timeout = timeout_ms > 0 ? timeout_ms : timeout_ms_;
  QUrl url = base;
  const qsizetype query = path.indexOf(QLatin1Char('?'));
  url.setPath(query < 0 ? path : path.left(query));
  if (query >= 0) url.setQuery(path.mid(query + 1));

  QNetworkRequest request(url);
  request.setTransferTimeout(timeout);
  request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                       QNetworkRequest::ManualRedirectPolicy);
  request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
  if (const QByteArray auth = credentials_.authorization(); !auth.isEmpty()) {
    request.setRawHeader("Authorization", auth);
  }
  QNetworkReply* reply = network_->sendCustomRequest(request, verb, body);
  ++pending_;
  // setTransferTimeout() only bounds inactivity: a node that trickles bytes, or a connect that
  // hangs, would outlive it. This timer is the hard deadline; abort() finishes the reply with
  // OperationCanceledError, which the handler reports as "no answer within …".
  auto* deadline = new QTimer(reply);
  deadline->setSingleShot(true);
  QObject::connect(deadline, &QTimer::timeout, reply, [reply] { reply->abort(); });
  deadline->start(timeout);

  auto timer = std::make_shared<QElapsedTimer>();
  timer->start();
  // The reply dies with the context: destroying the context aborts the request and the handler
  // (connected with the context as receiver) never runs.
  QPointer<QNetworkReply> guard(reply);
  QObject::connect(context, &QObject::destroyed, reply, [this, guard] {
    if (guard) {
      // A reply that finished already was counted by its finished handler.
      const bool open = !guard->isFinished();
      if (open) --pending_;
      guard->disconnect();
      // Aborting a reply that already ended (with an error) makes Qt report its error twice.
      if (open) guard->abort();
      guard->deleteLater();
    }
  });
  QObject::connect(
      reply, &QNetworkReply::finished, context,
      [this, reply, deadline, verb, base, path, timer, timeout, handler = std::move(handler)] {
        --pending_;
        deadline->stop();
        ApiReply out;
        out.base = base;
        out.verb = verb;
        out.path = path;
        out.elapsed_ms = timer->elapsed();
        out.http_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.leader_header = QString::fromUtf8(reply->rawHeader("x-arango-endpoint"));
        if (out.http_status == 0) {
          out.transport_error = reply->error() == QNetworkReply::OperationCanceledError ||
                                        reply->error() == QNetworkReply::TimeoutError
                                    ? tr("no answer within %1 ms").arg(timeout)
                                    : reply->errorString();
          if (out.transport_error.isEmpty()) out.transport_error = tr("no HTTP answer");
        }
        reply->deleteLater();
        if (out.http_status == 401 && !asked_for_credentials_.contains(base)) {
          asked_for_credentials_.append(base);
          emit authenticationRequired(base);
        }
        handler(out);
      });
}

}  // namespace tandem::console
