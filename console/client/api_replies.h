// Typed replies of the node's admin API and the parsers that build them.
//
// Every parser takes the raw ApiReply and returns Parsed<T>: the value, or an error text that
// says what was wrong ("HTTP 503 errorNum 1496: not the leader", "no field 'Health'", "not JSON:
// …"). Parsers never throw and never crash on malformed, partial or hostile input; a missing
// optional field takes its default, a missing required field or a wrong type is an error.
//
// Wire shapes (see README "Routes" and node/api/cluster_handlers.cpp):
//   GET  /_api/cluster/endpoints   {"endpoints":[{"endpoint":"tcp://h:p"},…]}, leader first
//   GET  /_admin/cluster/health    {"Health":{<id>:{Endpoint,Role,Status,Version,leader,
//                                   appliedTick,appliedTerm,heartbeatAgeMs,draining,removed,
//                                   lagTicks,lagMs}}, "leader":{id,term,endpoint}|null,
//                                   "maintenanceUntil":<wall ms, 0 = off>}
//   GET  /_admin/status            {id,version,apiVersion,lastTick:"<n>",uptimeSeconds,endpoint,
//                                   pid,serverInfo:{state,readOnly,maintenance},
//                                   cluster:{role,term,localTerm,leaseValid,writesHeld,
//                                   applied:{term,tick},leader:{id,endpoint}|null,
//                                   applier:{phase,leader,lagTicks,lagMs,sync:{documents,
//                                   documentsTotal,bytes,rateDocsPerSecond,etaSeconds},resyncs,
//                                   rollbacks,lastError},followers:[{id,appliedTick,lagTicks,
//                                   lagMs}],writesAtRisk}}   (no "cluster" on a single server)
//   GET  /_api/agency/config       {term,leaderId,role,commitIndex,lastAcked:{<id>:seconds},
//                                   configuration:{pool:{<id>:endpoint},active:[ids],id}}
//   POST /_admin/cluster/switchover {from,to,term,writePauseMs,switched,leaderEndpoint}
//   PUT  /_admin/cluster/maintenance {warning,maintenanceUntil}
//   POST /_admin/cluster/drain|remove, /_admin/restart: {"error":false,…}
// Errors everywhere: {"error":true,"errorNum":n,"errorMessage":"…","code":http}.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace tandem::console {

// What one HTTP exchange produced.
struct ApiReply {
  QUrl base;                // the node asked ("http://h:p")
  QByteArray verb;          // "GET", "POST", …
  QString path;             // "/_admin/status"
  int http_status = 0;      // 0: no HTTP answer (see transport_error)
  QString transport_error;  // "connection refused", "timed out after 2000 ms", …
  QByteArray body;
  QString leader_header;  // x-arango-endpoint, if the node sent one (a follower's 503)
  qint64 elapsed_ms = 0;  // request sent → reply finished

  bool answered() const { return http_status != 0; }
  bool ok() const { return http_status >= 200 && http_status < 300; }
  // ArangoDB error fields of the body, 0 / "" when absent.
  int errorNum() const;
  QString errorMessage() const;
  // One line for people: "GET http://h:p/_admin/status: HTTP 503, errorNum 1496: not the
  // leader" or "GET …: connection refused". Used by every parser's error.
  QString describe() const;
};

template <typename T>
struct Parsed {
  std::optional<T> value;
  QString error;  // set iff !value

  bool ok() const { return value.has_value(); }
  static Parsed success(T v) { return Parsed{std::move(v), {}}; }
  static Parsed failure(QString why) { return Parsed{std::nullopt, std::move(why)}; }
};

// Health as the supervision judges it; kUnreachable is the console's own verdict for a node
// that did not answer its last poll.
enum class Health { kUnknown, kGood, kBad, kFailed, kUnreachable };
Health parseHealthName(const QString& name);  // "GOOD"/"BAD"/"FAILED", else kUnknown
QString healthName(Health health);            // "GOOD", …, "UNREACHABLE" (wire names, not tr)

struct HealthEntry {
  QString id;
  QString endpoint;  // "tcp://h:p"
  QString role;      // "SINGLE"
  QString version;
  Health health = Health::kUnknown;
  bool leader = false;
  bool draining = false;
  bool removed = false;
  qint64 applied_tick = 0;
  qint64 applied_term = 0;
  qint64 heartbeat_age_ms = -1;  // -1: not reported
  qint64 lag_ticks = 0;
  qint64 lag_ms = 0;
};

struct ClusterHealth {
  QList<HealthEntry> servers;  // sorted by id
  QString leader_id;           // "" when no leader is planned
  qint64 leader_term = 0;
  QString leader_endpoint;
  qint64 maintenance_until_ms = 0;  // wall-clock ms since the epoch; 0: supervision active
};

struct ApplierStatus {
  QString phase;  // "idle", "initial-sync", "tailing", "diverged", "resync", "error", "stopping"
  QString leader;
  qint64 lag_ticks = 0;
  qint64 lag_ms = 0;
  qint64 sync_documents = 0;
  qint64 sync_documents_total = 0;
  qint64 sync_bytes = 0;
  double sync_rate = 0;  // documents per second
  double sync_eta_seconds = 0;
  qint64 resyncs = 0;
  qint64 rollbacks = 0;
  QString last_error;
};

struct FollowerProgress {
  QString id;
  qint64 applied_tick = 0;
  qint64 lag_ticks = 0;
  qint64 lag_ms = 0;
};

struct NodeStatus {
  QString id;
  QString version;
  QString api_version;
  QString endpoint;  // "tcp://h:p"
  QString state;     // serverInfo.state: "SERVING", "STARTING", …
  bool read_only = false;
  qint64 pid = 0;
  qint64 last_tick = 0;
  double uptime_seconds = 0;
  bool has_cluster = false;  // false: a single server without --cluster options
  QString cluster_role;      // "leader", "leader-no-lease", "follower", "tryagain", "removed"
  qint64 term = 0;
  qint64 applied_term = 0;
  qint64 applied_tick = 0;
  bool lease_valid = false;
  bool writes_held = false;
  QString leader_id;
  QString leader_endpoint;
  ApplierStatus applier;
  QList<FollowerProgress> followers;  // on the leader
  qint64 writes_at_risk = 0;          // on the leader
};

struct AgencyConfig {
  QString id;  // the answering agent
  QString role;
  qint64 term = 0;
  QString leader_id;
  qint64 commit_index = 0;
  QMap<QString, QString> pool;               // agent id → endpoint "tcp://h:p"
  QStringList active;                        // agent ids
  QMap<QString, double> last_acked_seconds;  // on the agency leader: seconds since each acked
};

struct SwitchoverResult {
  QString from;
  QString to;
  qint64 term = 0;
  qint64 write_pause_ms = 0;
  bool switched = false;
  QString leader_endpoint;
};

struct MaintenanceResult {
  qint64 until_ms = 0;  // 0: off
  QString warning;
};

// An acknowledgement ({"error":false,…}) of drain, remove, restart, shutdown.
struct Acknowledged {
  QString message;  // a "warning" or "message" field if any
};

Parsed<QStringList> parseEndpoints(const ApiReply& reply);  // "tcp://h:p", leader first
Parsed<ClusterHealth> parseClusterHealth(const ApiReply& reply);
Parsed<NodeStatus> parseNodeStatus(const ApiReply& reply);
Parsed<AgencyConfig> parseAgencyConfig(const ApiReply& reply);
Parsed<SwitchoverResult> parseSwitchover(const ApiReply& reply);
Parsed<MaintenanceResult> parseMaintenance(const ApiReply& reply);
Parsed<Acknowledged> parseAcknowledged(const ApiReply& reply);
// GET /_admin/server/id → {"id":"SNGL-…"}
Parsed<QString> parseServerId(const ApiReply& reply);

}  // namespace tandem::console
