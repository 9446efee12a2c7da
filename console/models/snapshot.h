// Cluster status snapshot: the JSON document `File → Export…` and `tandem-console export` write.
//
// Format (version 1):
//   { "format":"tandem-console-snapshot", "formatVersion":1, "time":"<ISO 8601 UTC>",
//     "console":{"version":"x.y.z"}, "cluster":{"version":"<leader's version>",
//     "leader":{"id","endpoint","term"}|null, "maintenanceUntil":ms, "writesAtRisk":n,
//     "agency":{"term","leader"}},
//     "health": <the /_admin/cluster/health "Health" object, verbatim per id>,
//     "nodes":[{"id","endpoint","role","health","draining","appliedTick","appliedTerm",
//               "lagTicks","lagMs","version","uptimeSeconds","agent","reachable","error"}],
//     "agents":[{"id","endpoint","leader","lastAckedSeconds"}],
//     "lagHistory":[{"id","endpoint","samples":[{"time","lagMs","lagTicks"}]}],
//     "events":[{"time","kind","node","message"}] }
// The "health" object carries exactly what the leader's /_admin/cluster/health said in the last
// round, so a snapshot can be checked against the live cluster.
#pragma once

#include <QByteArray>
#include <QJsonObject>

#include "cluster_state.h"
#include "event_log.h"
#include "lag_history.h"

namespace tandem::console {

QJsonObject snapshotJson(const ClusterState& state, const LagHistory* history,
                         const EventLog* events);
QByteArray snapshotBytes(const ClusterState& state, const LagHistory* history,
                         const EventLog* events);  // indented JSON + newline

// A human summary of one state for `tandem-console status` (untranslated column keys, values
// as the table shows them): the leader, each node's role, health, tick, lag, then agents.
QString statusText(const ClusterState& state);

}  // namespace tandem::console
