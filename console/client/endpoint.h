// Endpoint spellings. Nodes name each other "tcp://host:port" (ArangoDB's form, in bodies) and
// "http://host:port" (in x-arango-endpoint headers); the console talks HTTP to "http://host:port".
// These functions turn any of them into the one form the console keys everything by.
#pragma once

#include <QString>
#include <QUrl>

namespace tandem::console {

// "tcp://h:p" → http://h:p, "ssl://h:p" → https://h:p, "h:p" → http://h:p; "http(s)://h:p[/]"
// kept (path dropped). An empty or unparsable text gives an invalid QUrl.
QUrl httpUrl(const QString& endpoint);

// The "tcp://h:p" (or "ssl://h:p") spelling nodes use in their bodies, for display and matching.
QString nodeEndpoint(const QUrl& url);

// True when both name the same host and port, whatever the spelling.
bool sameEndpoint(const QString& a, const QString& b);

}  // namespace tandem::console
