#include "cluster_probe.h"

#include <QCoreApplication>

#include "client/endpoint.h"

namespace tandem::console {
namespace {}  // namespace

const HealthEntry* ClusterView::find(const QString& id_or_endpoint) const {
  const QString text = id_or_endpoint.trimmed();
  if (text.isEmpty()) return nullptr;
  for (const HealthEntry& entry : health.servers) {
    if (entry.id == text) return &entry;
  }
  for (const HealthEntry& entry : health.servers) {
    if (!entry.removed && sameEndpoint(entry.endpoint, text)) return &entry;
  }
  return nullptr;
}

const HealthEntry* ClusterView::leaderEntry() const {
  for (const HealthEntry& entry : health.servers) {
    if (entry.id == health.leader_id) return &entry;
  }
  return nullptr;
}

QString displayEndpoint(const QString& endpoint) {
  const QUrl url = httpUrl(endpoint);
  if (!url.isValid()) return endpoint;
  return QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
}

QString displayName(const HealthEntry& entry) {
  return entry.endpoint.isEmpty() ? entry.id : displayEndpoint(entry.endpoint);
}

struct ClusterProbe::Attempt {
  QObject* context = nullptr;
  Done done;
  QList<QUrl> order;
  int next = 0;
  bool answered = false;  // some node gave an HTTP answer
  QStringList errors;
  ClusterView view;
};

ClusterProbe::ClusterProbe(ApiClient* client, QList<QUrl> seeds)
    : client_(client), seeds_(seeds), known_(std::move(seeds)) {}

void ClusterProbe::probe(QObject* context, Done done) {
  auto attempt = std::make_shared<Attempt>();
  attempt->context = context;
  attempt->done = std::move(done);
  attempt->order = known_;
  for (const QUrl& seed : seeds_) {
    if (!attempt->order.contains(seed)) attempt->order.append(seed);
  }
  tryNext(attempt);
}

void ClusterProbe::tryNext(const std::shared_ptr<Attempt>& attempt) {
  if (attempt->next >= attempt->order.size()) {
    QStringList tried;
    for (const QUrl& url : attempt->order) tried << url.toString(QUrl::StripTrailingSlash);
    if (attempt->answered) {
      attempt->done(nullptr, QCoreApplication::translate(
                                 "ClusterProbe",
                                 "No node named a serving leader (%1). The cluster may be "
                                 "electing one: try again in a few seconds, or check it with "
                                 "tandem-console status.")
                                 .arg(attempt->errors.join(QStringLiteral("; "))));
    } else {
      attempt->done(nullptr, QCoreApplication::translate(
                                 "ClusterProbe",
                                 "Could not reach any of: %1; is the cluster running? (start one "
                                 "with: tandem-node local-cluster --nodes 3 --dir DIR)")
                                 .arg(tried.join(QStringLiteral(", "))));
    }
    return;
  }
  const QUrl url = attempt->order[attempt->next++];
  client_->get(
      url, QStringLiteral("/_api/cluster/endpoints"), attempt->context,
      [this, attempt, url](const ApiReply& reply) {
        if (reply.answered()) attempt->answered = true;
        const Parsed<QStringList> list = parseEndpoints(reply);
        if (!list.ok() || list.value->isEmpty() || !httpUrl(list.value->first()).isValid()) {
          attempt->errors << (list.ok() ? reply.describe() : list.error);
          tryNext(attempt);
          return;
        }
        attempt->view.endpoints = *list.value;
        attempt->view.leader = httpUrl(list.value->first());
        readHealth(attempt, url, true);
      });
}

void ClusterProbe::readHealth(const std::shared_ptr<Attempt>& attempt, const QUrl& from,
                              bool on_leader) {
  const QUrl target = on_leader ? attempt->view.leader : from;
  client_->get(target, QStringLiteral("/_admin/cluster/health"), attempt->context,
               [this, attempt, from, on_leader](const ApiReply& reply) {
                 const Parsed<ClusterHealth> health = parseClusterHealth(reply);
                 if (health.ok()) {
                   attempt->view.health = *health.value;
                   learn(attempt->view);
                   attempt->done(&attempt->view, {});
                   return;
                 }
                 attempt->errors << health.error;
                 if (on_leader && from != attempt->view.leader) {
                   readHealth(attempt, from, false);
                 } else {
                   tryNext(attempt);
                 }
               });
}

void ClusterProbe::learn(const ClusterView& view) {
  QList<QUrl> next{view.leader};
  auto add = [&next](const QUrl& url) {
    if (url.isValid() && !next.contains(url)) next.append(url);
  };
  for (const QString& endpoint : view.endpoints) add(httpUrl(endpoint));
  for (const HealthEntry& entry : view.health.servers) {
    if (!entry.removed) add(httpUrl(entry.endpoint));
  }
  for (const QUrl& url : known_) add(url);
  known_ = next;
}

}  // namespace tandem::console
