// How a node's values read for people: the texts the node table, the topology view, the
// tooltips, the event messages and `tandem-console status` share, so they never disagree.
//
// Translated (context "NodeText") unless said otherwise; numbers use the default QLocale
// (group separators). Pure functions, any thread.
#pragma once

#include <QString>

#include "cluster_state.h"

namespace tandem::console {

QString healthText(Health health);    // "good", "bad", "failed", "unreachable", "unknown"
QString roleText(NodeRole role);      // "leader", "follower", "removed", "unknown"
QString roleWireName(NodeRole role);  // the same, untranslated, for JSON
// Display order of roles: leader, followers, unknown, removed.
int roleRank(NodeRole role);
// "45 s", "12 min 5 s", "3 h 12 min", "2 d 4 h"; "—" when negative (unknown).
QString uptimeText(double seconds);
QString ticksText(qint64 ticks);  // "1,234,567" in English
// "host:port" of a "tcp://h:p" endpoint (the endpoint itself when it does not parse).
QString hostPort(const QString& endpoint);
// A node's name for messages: host:port, or its id when the endpoint is unknown.
QString nodeName(const NodeState& node);
// Every detail of a node, one "label: value" per line (for tooltips).
QString nodeDetails(const NodeState& node);

}  // namespace tandem::console
