// ClusterProbe: finds the leader of a cluster and reads its health, the way every operation
// starts and the way its waits look again.
//
// probe(): GET /_api/cluster/endpoints on the known endpoints in order (the last leader first)
// until one answers with a list; its first entry is the leader; GET /_admin/cluster/health on the
// leader (on the answering node when the leader does not answer). The known endpoints grow with
// every answer, so a probe still finds the cluster after a switchover or when a seed went away.
// Requests are sequential and each bounded by the client's timeout.
//
// Ownership: a plain value owned by its operation; the `context` given to probe() (the
// operation's request context) bounds the lifetime of the replies. GUI thread only.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

#include "client/api_client.h"

namespace tandem::console {

struct ClusterView {
  QUrl leader;            // http://h:p of the node /_api/cluster/endpoints names first
  QStringList endpoints;  // "tcp://h:p", leader first (serving members only)
  ClusterHealth health;   // as the leader (or, failing that, the answering node) reported it

  // The server named by id or by endpoint (any spelling, "127.0.0.1:8531"); null if none.
  const HealthEntry* find(const QString& id_or_endpoint) const;
  const HealthEntry* leaderEntry() const;  // the planned leader's entry; null if none
};

// "127.0.0.1:8531" for "tcp://127.0.0.1:8531" (how messages name nodes).
QString displayEndpoint(const QString& endpoint);
// "127.0.0.1:8531" for a health entry, its id when it has no endpoint.
QString displayName(const HealthEntry& entry);

class ClusterProbe {
 public:
  // view is null on failure; then `error` says what went wrong and what to do.
  using Done = std::function<void(const ClusterView* view, const QString& error)>;

  ClusterProbe(ApiClient* client, QList<QUrl> seeds);

  void probe(QObject* context, Done done);
  QList<QUrl> known() const { return known_; }

 private:
  struct Attempt;
  void tryNext(const std::shared_ptr<Attempt>& attempt);
  void readHealth(const std::shared_ptr<Attempt>& attempt, const QUrl& from, bool on_leader);
  void learn(const ClusterView& view);

  ApiClient* client_;
  QList<QUrl> seeds_;
  QList<QUrl> known_;
};

}  // namespace tandem::console
