#include "api_replies.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace tandem::console {

namespace {

// Texts are translated in the context "ApiReply". The calls spell out
// QCoreApplication::translate so that lupdate files them under that context: a local tr()
// helper is either missed or filed under a namespace context the runtime never asks for.
QString trText(const char* text) { return QCoreApplication::translate("ApiReply", text); }

// A body parsed as a JSON object, or the reason it is not one.
struct Body {
  QJsonObject object;
  QString error;
};

Body objectOf(const ApiReply& reply) {
  if (!reply.answered()) return {{}, reply.describe()};
  if (!reply.ok()) return {{}, reply.describe()};
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
  if (error.error != QJsonParseError::NoError) {
    return {{},
            QCoreApplication::translate("ApiReply", "%1: the reply is not JSON (%2)")
                .arg(reply.describe(), error.errorString())};
  }
  if (!document.isObject()) {
    return {{},
            QCoreApplication::translate("ApiReply", "%1: the reply is not a JSON object")
                .arg(reply.describe())};
  }
  return {document.object(), {}};
}

// Field readers: a missing field gives the default; a field of the wrong type is an error
// recorded in `why` (first one wins).
class Fields {
 public:
  Fields(const QJsonObject& object, QString context, QString* why)
      : object_(object), context_(std::move(context)), why_(why) {}

  qint64 integer(const char* name, qint64 fallback = 0) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) return fallback;
    if (v.isDouble()) {
      const double d = v.toDouble();
      if (std::isfinite(d) && std::fabs(d) < 9.0e15) return static_cast<qint64>(d);
    }
    if (v.isString()) {  // ticks travel as strings ("lastTick":"103")
      bool ok = false;
      const qint64 n = v.toString().toLongLong(&ok);
      if (ok) return n;
    }
    wrong(name, QT_TRANSLATE_NOOP("ApiReply", "a number"));
    return fallback;
  }
  double number(const char* name, double fallback = 0) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) return fallback;
    if (v.isDouble() && std::isfinite(v.toDouble())) return v.toDouble();
    wrong(name, QT_TRANSLATE_NOOP("ApiReply", "a number"));
    return fallback;
  }
  QString string(const char* name, const QString& fallback = {}) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) return fallback;
    if (v.isString()) return v.toString();
    wrong(name, QT_TRANSLATE_NOOP("ApiReply", "a string"));
    return fallback;
  }
  bool boolean(const char* name, bool fallback = false) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) return fallback;
    if (v.isBool()) return v.toBool();
    wrong(name, QT_TRANSLATE_NOOP("ApiReply", "true or false"));
    return fallback;
  }
  // An object member; empty (and no error) when absent or null, an error when another type.
  QJsonObject object(const char* name) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isObject()) return v.toObject();
    if (!v.isUndefined() && !v.isNull()) wrong(name, QT_TRANSLATE_NOOP("ApiReply", "an object"));
    return {};
  }
  QJsonArray array(const char* name) const {
    const QJsonValue v = object_.value(QLatin1String(name));
    if (v.isArray()) return v.toArray();
    if (!v.isUndefined() && !v.isNull()) wrong(name, QT_TRANSLATE_NOOP("ApiReply", "an array"));
    return {};
  }
  bool has(const char* name) const { return object_.contains(QLatin1String(name)); }

 private:
  void wrong(const char* name, const char* expected) const {
    if (why_->isEmpty()) {
      *why_ = QCoreApplication::translate("ApiReply", "field '%1%2' is not %3")
                  .arg(context_, QLatin1String(name), trText(expected));
    }
  }

  const QJsonObject& object_;
  QString context_;
  QString* why_;
};

template <typename T>
Parsed<T> result(T value, const ApiReply& reply, const QString& why) {
  if (!why.isEmpty()) return Parsed<T>::failure(reply.describe() + QLatin1String(": ") + why);
  return Parsed<T>::success(std::move(value));
}

template <typename T>
Parsed<T> missing(const ApiReply& reply, const char* field) {
  return Parsed<T>::failure(
      QCoreApplication::translate("ApiReply", "%1: the reply has no field '%2'")
          .arg(reply.describe(), QLatin1String(field)));
}

}  // namespace

int ApiReply::errorNum() const {
  const QJsonDocument document = QJsonDocument::fromJson(body);
  const QJsonValue v = document.object().value(QLatin1String("errorNum"));
  return v.isDouble() ? v.toInt() : 0;
}

QString ApiReply::errorMessage() const {
  const QJsonDocument document = QJsonDocument::fromJson(body);
  return document.object().value(QLatin1String("errorMessage")).toString();
}

QString ApiReply::describe() const {
  QString where = QString::fromLatin1(verb.isEmpty() ? QByteArrayLiteral("GET") : verb) +
                  QLatin1Char(' ') + base.toString(QUrl::StripTrailingSlash) + path;
  if (!answered()) {
    return QCoreApplication::translate("ApiReply", "%1: %2")
        .arg(where, transport_error.isEmpty() ? QCoreApplication::translate("ApiReply", "no answer")
                                              : transport_error);
  }
  if (ok()) return where;
  const int num = errorNum();
  const QString message = errorMessage();
  if (num != 0 || !message.isEmpty()) {
    return QCoreApplication::translate("ApiReply", "%1: HTTP %2, errorNum %3: %4")
        .arg(where)
        .arg(http_status)
        .arg(num)
        .arg(message);
  }
  return QCoreApplication::translate("ApiReply", "%1: HTTP %2").arg(where).arg(http_status);
}

Health parseHealthName(const QString& name) {
  if (name == QLatin1String("GOOD")) return Health::kGood;
  if (name == QLatin1String("BAD")) return Health::kBad;
  if (name == QLatin1String("FAILED")) return Health::kFailed;
  if (name == QLatin1String("UNREACHABLE")) return Health::kUnreachable;
  return Health::kUnknown;
}

QString healthName(Health health) {
  switch (health) {
    case Health::kGood:
      return QStringLiteral("GOOD");
    case Health::kBad:
      return QStringLiteral("BAD");
    case Health::kFailed:
      return QStringLiteral("FAILED");
    case Health::kUnreachable:
      return QStringLiteral("UNREACHABLE");
    case Health::kUnknown:
      break;
  }
  return QStringLiteral("UNKNOWN");
}

Parsed<QStringList> parseEndpoints(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<QStringList>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("endpoints")) return missing<QStringList>(reply, "endpoints");
  QStringList endpoints;
  for (const QJsonValue& item : top.array("endpoints")) {
    const QString endpoint = item.toObject().value(QLatin1String("endpoint")).toString();
    if (endpoint.isEmpty()) {
      if (why.isEmpty())
        why = QCoreApplication::translate("ApiReply",
                                          "an entry of 'endpoints' has no 'endpoint' string");
      continue;
    }
    endpoints.append(endpoint);
  }
  return result(endpoints, reply, why);
}

Parsed<ClusterHealth> parseClusterHealth(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<ClusterHealth>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("Health")) return missing<ClusterHealth>(reply, "Health");
  ClusterHealth health;
  const QJsonObject servers = top.object("Health");
  for (auto it = servers.begin(); it != servers.end(); ++it) {
    if (!it.value().isObject()) {
      if (why.isEmpty())
        why = QCoreApplication::translate("ApiReply", "Health.%1 is not an object").arg(it.key());
      continue;
    }
    const QJsonObject server = it.value().toObject();
    const Fields f(server, QStringLiteral("Health.%1.").arg(it.key()), &why);
    HealthEntry entry;
    entry.id = it.key();
    entry.endpoint = f.string("Endpoint");
    entry.role = f.string("Role");
    entry.version = f.string("Version");
    entry.health = parseHealthName(f.string("Status"));
    entry.leader = f.boolean("leader");
    entry.draining = f.boolean("draining");
    entry.removed = f.boolean("removed");
    entry.applied_tick = f.integer("appliedTick");
    entry.applied_term = f.integer("appliedTerm");
    entry.heartbeat_age_ms = f.integer("heartbeatAgeMs", -1);
    entry.lag_ticks = f.integer("lagTicks");
    entry.lag_ms = f.integer("lagMs");
    health.servers.append(entry);
  }
  std::sort(health.servers.begin(), health.servers.end(),
            [](const HealthEntry& a, const HealthEntry& b) { return a.id < b.id; });
  const QJsonObject leader = top.object("leader");
  const Fields l(leader, QStringLiteral("leader."), &why);
  health.leader_id = l.string("id");
  health.leader_term = l.integer("term");
  health.leader_endpoint = l.string("endpoint");
  health.maintenance_until_ms = top.integer("maintenanceUntil");
  return result(health, reply, why);
}

Parsed<NodeStatus> parseNodeStatus(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<NodeStatus>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("version")) return missing<NodeStatus>(reply, "version");
  NodeStatus status;
  status.id = top.string("id");
  status.version = top.string("version");
  status.api_version = top.string("apiVersion");
  status.endpoint = top.string("endpoint");
  status.pid = top.integer("pid");
  status.last_tick = top.integer("lastTick");
  status.uptime_seconds = top.number("uptimeSeconds");
  const QJsonObject info = top.object("serverInfo");
  const Fields i(info, QStringLiteral("serverInfo."), &why);
  status.state = i.string("state");
  status.read_only = i.boolean("readOnly");
  if (top.has("cluster")) {
    const QJsonObject cluster = top.object("cluster");
    const Fields c(cluster, QStringLiteral("cluster."), &why);
    status.has_cluster = !cluster.isEmpty();
    status.cluster_role = c.string("role");
    status.term = c.integer("term");
    status.lease_valid = c.boolean("leaseValid");
    status.writes_held = c.boolean("writesHeld");
    status.writes_at_risk = c.integer("writesAtRisk");
    const QJsonObject applied = c.object("applied");
    const Fields a(applied, QStringLiteral("cluster.applied."), &why);
    status.applied_term = a.integer("term");
    status.applied_tick = a.integer("tick");
    const QJsonObject leader = c.object("leader");
    const Fields l(leader, QStringLiteral("cluster.leader."), &why);
    status.leader_id = l.string("id");
    status.leader_endpoint = l.string("endpoint");
    const QJsonObject applier = c.object("applier");
    const Fields p(applier, QStringLiteral("cluster.applier."), &why);
    status.applier.phase = p.string("phase");
    status.applier.leader = p.string("leader");
    status.applier.lag_ticks = p.integer("lagTicks");
    status.applier.lag_ms = p.integer("lagMs");
    status.applier.resyncs = p.integer("resyncs");
    status.applier.rollbacks = p.integer("rollbacks");
    status.applier.last_error = p.string("lastError");
    const QJsonObject sync = p.object("sync");
    const Fields s(sync, QStringLiteral("cluster.applier.sync."), &why);
    status.applier.sync_documents = s.integer("documents");
    status.applier.sync_documents_total = s.integer("documentsTotal");
    status.applier.sync_bytes = s.integer("bytes");
    status.applier.sync_rate = s.number("rateDocsPerSecond");
    status.applier.sync_eta_seconds = s.number("etaSeconds");
    for (const QJsonValue& item : c.array("followers")) {
      const QJsonObject follower = item.toObject();
      const Fields f(follower, QStringLiteral("cluster.followers[]."), &why);
      FollowerProgress progress;
      progress.id = f.string("id");
      progress.applied_tick = f.integer("appliedTick");
      progress.lag_ticks = f.integer("lagTicks");
      progress.lag_ms = f.integer("lagMs");
      if (progress.id.isEmpty() && why.isEmpty())
        why = QCoreApplication::translate("ApiReply", "a follower entry has no 'id'");
      status.followers.append(progress);
    }
  }
  return result(status, reply, why);
}

Parsed<AgencyConfig> parseAgencyConfig(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<AgencyConfig>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("configuration")) return missing<AgencyConfig>(reply, "configuration");
  AgencyConfig config;
  config.term = top.integer("term");
  config.leader_id = top.string("leaderId");
  config.role = top.string("role");
  config.commit_index = top.integer("commitIndex");
  const QJsonObject acked = top.object("lastAcked");
  for (auto it = acked.begin(); it != acked.end(); ++it) {
    if (it.value().isDouble()) config.last_acked_seconds.insert(it.key(), it.value().toDouble());
  }
  const QJsonObject configuration = top.object("configuration");
  const Fields c(configuration, QStringLiteral("configuration."), &why);
  config.id = c.string("id");
  const QJsonObject pool = c.object("pool");
  for (auto it = pool.begin(); it != pool.end(); ++it) {
    if (!it.value().isString()) {
      if (why.isEmpty())
        why = QCoreApplication::translate("ApiReply", "configuration.pool.%1 is not a string")
                  .arg(it.key());
      continue;
    }
    config.pool.insert(it.key(), it.value().toString());
  }
  for (const QJsonValue& id : c.array("active")) {
    if (id.isString()) config.active.append(id.toString());
  }
  return result(config, reply, why);
}

Parsed<SwitchoverResult> parseSwitchover(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<SwitchoverResult>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("to")) return missing<SwitchoverResult>(reply, "to");
  SwitchoverResult out;
  out.from = top.string("from");
  out.to = top.string("to");
  out.term = top.integer("term");
  out.write_pause_ms = top.integer("writePauseMs");
  out.switched = top.boolean("switched");
  out.leader_endpoint = top.string("leaderEndpoint");
  return result(out, reply, why);
}

Parsed<MaintenanceResult> parseMaintenance(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<MaintenanceResult>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  if (!top.has("maintenanceUntil")) return missing<MaintenanceResult>(reply, "maintenanceUntil");
  MaintenanceResult out;
  out.until_ms = top.integer("maintenanceUntil");
  out.warning = top.string("warning");
  return result(out, reply, why);
}

Parsed<Acknowledged> parseAcknowledged(const ApiReply& reply) {
  if (!reply.answered() || !reply.ok()) return Parsed<Acknowledged>::failure(reply.describe());
  Acknowledged out;
  const QByteArray text = reply.body.trimmed();
  if (text.startsWith('"')) {  // a bare JSON string, e.g. DELETE /_admin/shutdown's "OK"
    out.message = QString::fromUtf8(text.mid(1, text.size() - 2));
    return Parsed<Acknowledged>::success(out);
  }
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(text, &error);
  if (!text.isEmpty() && error.error != QJsonParseError::NoError) {
    return Parsed<Acknowledged>::failure(
        QCoreApplication::translate("ApiReply", "%1: the reply is not JSON (%2)")
            .arg(reply.describe(), error.errorString()));
  }
  const QJsonObject object = document.object();
  if (object.value(QLatin1String("error")).toBool()) {
    return Parsed<Acknowledged>::failure(
        QCoreApplication::translate("ApiReply", "%1: %2")
            .arg(reply.describe(), object.value(QLatin1String("errorMessage")).toString()));
  }
  out.message = object.value(QLatin1String("warning")).toString();
  if (out.message.isEmpty()) out.message = object.value(QLatin1String("message")).toString();
  return Parsed<Acknowledged>::success(out);
}

Parsed<QString> parseServerId(const ApiReply& reply) {
  const Body body = objectOf(reply);
  if (!body.error.isEmpty()) return Parsed<QString>::failure(body.error);
  QString why;
  const Fields top(body.object, {}, &why);
  const QString id = top.string("id");
  if (id.isEmpty()) return missing<QString>(reply, "id");
  return result(id, reply, why);
}

}  // namespace tandem::console
