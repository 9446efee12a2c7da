#include "endpoint.h"

namespace tandem::console {

QUrl httpUrl(const QString& endpoint) {
  QString text = endpoint.trimmed();
  if (text.isEmpty()) return {};
  if (text.startsWith(QLatin1String("tcp://"))) {
    text = QLatin1String("http://") + text.mid(6);
  } else if (text.startsWith(QLatin1String("ssl://"))) {
    text = QLatin1String("https://") + text.mid(6);
  } else if (!text.contains(QLatin1String("://"))) {
    text = QLatin1String("http://") + text;
  }
  QUrl url(text, QUrl::StrictMode);
  if (!url.isValid() || url.host().isEmpty()) return {};
  if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) return {};
  QUrl base;
  base.setScheme(url.scheme());
  base.setHost(url.host());
  base.setPort(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
  return base;
}

QString nodeEndpoint(const QUrl& url) {
  if (!url.isValid()) return {};
  const QString scheme =
      url.scheme() == QLatin1String("https") ? QStringLiteral("ssl") : QStringLiteral("tcp");
  return QStringLiteral("%1://%2:%3").arg(scheme, url.host()).arg(url.port(80));
}

bool sameEndpoint(const QString& a, const QString& b) {
  const QUrl ua = httpUrl(a);
  const QUrl ub = httpUrl(b);
  return ua.isValid() && ua == ub;
}

}  // namespace tandem::console
