// The replies of one poll round and the pure function that turns them into a ClusterState.
//
// ClusterPoller collects RoundReplies (it owns the network side); mergeRound() owns the rules
// (which node list, which role, which health wins). Kept apart so the rules read in one place
// and can be fed hand-built replies. No I/O, no clocks: the time comes in the replies.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

#include "client/api_replies.h"
#include "cluster_state.h"

namespace tandem::console {

// One node's /_admin/status poll.
struct NodePoll {
  QUrl url;                          // "http://h:p"
  std::optional<NodeStatus> status;  // set when it answered with a valid status
  QString error;                     // why not (transport, HTTP or parse error)
};

struct RoundReplies {
  quint64 round = 0;
  QDateTime time;                        // when the round ended (UTC)
  QList<QUrl> seeds;                     // as configured
  std::optional<QStringList> endpoints;  // /_api/cluster/endpoints, leader first
  QString endpoints_error;
  std::optional<ClusterHealth> health;  // /_admin/cluster/health
  QJsonObject health_json;              // its "Health" object verbatim
  QString health_error;
  QList<NodePoll> polls;               // every node asked for its status this round
  std::optional<AgencyConfig> agency;  // from the agency leader when it answered
  QString agency_error;
};

// The state of a round. `previous` supplies what a failed round keeps: the nodes listed before
// (all shown unreachable), the leader, the agents, and ids of nodes that did not answer.
//
// Rules: the node list is the union of the endpoints reply, the health reply (removed nodes
// included) and the seeds — or, when the health reply is missing, the previous nodes and every
// node polled instead. A node's role comes from the health reply (removed, leader flag or
// leader.id), else from its own status; its health from the health entry, replaced by
// kUnreachable (with the reason) when its status poll failed. Lag: the health entry, else the
// leader status' followers[], else the node's own applier. A follower is in sync when it lags 0
// ticks and answered. Order: leader, followers, unknown roles, removed; by host and port within.
ClusterState mergeRound(const RoundReplies& replies, const ClusterState& previous);

}  // namespace tandem::console
