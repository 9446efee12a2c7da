#include "round_merge.h"

#include <QCoreApplication>

#include <algorithm>

#include "client/endpoint.h"
#include "node_text.h"

namespace tandem::console {

namespace {

// Every endpoint is keyed by its "tcp://h:p" spelling; "" for an unparsable one.
QString keyOf(const QString& endpoint) { return nodeEndpoint(httpUrl(endpoint)); }
QString keyOf(const QUrl& url) { return nodeEndpoint(url); }

void addKey(QStringList* keys, const QString& key) {
  if (!key.isEmpty() && !keys->contains(key)) keys->append(key);
}

// The node list of a round in discovery order (sorted later).
QStringList nodeKeys(const RoundReplies& replies, const ClusterState& previous) {
  QStringList keys;
  if (replies.endpoints) {
    for (const QString& endpoint : *replies.endpoints) addKey(&keys, keyOf(endpoint));
  }
  if (replies.health) {
    for (const HealthEntry& entry : replies.health->servers) addKey(&keys, keyOf(entry.endpoint));
  } else {
    // Without the supervision's list, nobody may vanish: keep what was known and what was asked.
    for (const NodeState& node : previous.nodes) addKey(&keys, keyOf(node.endpoint));
    for (const NodePoll& poll : replies.polls) addKey(&keys, keyOf(poll.url));
  }
  for (const QUrl& seed : replies.seeds) addKey(&keys, keyOf(seed));
  return keys;
}

const HealthEntry* healthEntryAt(const RoundReplies& replies, const QString& key) {
  if (!replies.health) return nullptr;
  for (const HealthEntry& entry : replies.health->servers) {
    if (keyOf(entry.endpoint) == key) return &entry;
  }
  return nullptr;
}

const NodePoll* pollAt(const RoundReplies& replies, const QString& key) {
  for (const NodePoll& poll : replies.polls) {
    if (keyOf(poll.url) == key) return &poll;
  }
  return nullptr;
}

NodeRole roleFromStatus(const NodeStatus& status) {
  const QString& role = status.cluster_role;
  if (role.startsWith(QLatin1String("leader"))) return NodeRole::kLeader;
  if (role == QLatin1String("follower")) return NodeRole::kFollower;
  if (role == QLatin1String("removed")) return NodeRole::kRemoved;
  return NodeRole::kUnknown;
}

NodeRole roleOf(const RoundReplies& replies, const HealthEntry* entry, const NodePoll* poll) {
  if (entry != nullptr) {
    if (entry->removed) return NodeRole::kRemoved;
    if (entry->leader || entry->id == replies.health->leader_id) return NodeRole::kLeader;
    return NodeRole::kFollower;
  }
  if (poll != nullptr && poll->status) return roleFromStatus(*poll->status);
  return NodeRole::kUnknown;
}

// The leader's own status, if it answered.
const NodeStatus* leaderStatus(const RoundReplies& replies, const QString& leader_key) {
  const NodePoll* poll = pollAt(replies, leader_key);
  return poll != nullptr && poll->status ? &*poll->status : nullptr;
}

void fillLag(NodeState* node, const HealthEntry* entry, const NodeStatus* leader_status) {
  if (node->role == NodeRole::kLeader) return;  // a leader lags nobody
  if (entry != nullptr) {
    node->lag_ticks = entry->lag_ticks;
    node->lag_ms = entry->lag_ms;
    return;
  }
  if (leader_status != nullptr) {
    for (const FollowerProgress& progress : leader_status->followers) {
      if (!node->id.isEmpty() && progress.id == node->id) {
        node->lag_ticks = progress.lag_ticks;
        node->lag_ms = progress.lag_ms;
        return;
      }
    }
  }
  if (node->status) {
    node->lag_ticks = node->status->applier.lag_ticks;
    node->lag_ms = node->status->applier.lag_ms;
  }
}

NodeState buildNode(const RoundReplies& replies, const ClusterState& previous, const QString& key,
                    const NodeStatus* leader_status) {
  const HealthEntry* entry = healthEntryAt(replies, key);
  const NodePoll* poll = pollAt(replies, key);
  const NodeState* before = previous.nodeAt(key);
  NodeState node;
  node.endpoint = key;
  node.url = httpUrl(key);
  node.role = roleOf(replies, entry, poll);
  if (entry != nullptr) {
    node.health_entry = *entry;
    node.id = entry->id;
    node.health = entry->health;
    node.draining = entry->draining;
    node.applied_tick = entry->applied_tick;
    node.applied_term = entry->applied_term;
    node.heartbeat_age_ms = entry->heartbeat_age_ms;
    node.version = entry->version;
  }
  if (poll != nullptr && poll->status) {
    const NodeStatus& status = *poll->status;
    node.status = status;
    if (node.id.isEmpty()) node.id = status.id;
    if (!status.version.isEmpty()) node.version = status.version;
    node.uptime_seconds = status.uptime_seconds;
    if (entry == nullptr) {
      node.applied_tick = status.applied_tick;
      node.applied_term = status.applied_term;
    }
  } else {
    node.health = Health::kUnreachable;
    node.unreachable_reason = poll != nullptr
                                  ? poll->error
                                  : QCoreApplication::translate("tandem::console::ClusterPoller",
                                                                "not polled this round");
  }
  if (node.id.isEmpty() && before != nullptr) node.id = before->id;
  fillLag(&node, entry, node.role == NodeRole::kFollower ? leader_status : nullptr);
  node.in_sync = node.role == NodeRole::kFollower && node.lag_ticks == 0 &&
                 node.health != Health::kUnreachable;
  return node;
}

bool listedByCluster(const RoundReplies& replies, const QString& key) {
  if (healthEntryAt(replies, key) != nullptr) return true;
  if (!replies.endpoints) return false;
  for (const QString& endpoint : *replies.endpoints) {
    if (keyOf(endpoint) == key) return true;
  }
  return false;
}

// A seed spelled differently from the node's own endpoint ("localhost" for "127.0.0.1") is the
// same node twice: keep the cluster's spelling, drop the alias (same id, listed by nobody).
void dropAliases(QList<NodeState>* nodes, const RoundReplies& replies) {
  QStringList listed_ids;
  for (const NodeState& node : *nodes) {
    if (!node.id.isEmpty() && listedByCluster(replies, node.endpoint)) listed_ids.append(node.id);
  }
  nodes->removeIf([&](const NodeState& node) {
    return !node.id.isEmpty() && listed_ids.contains(node.id) &&
           !listedByCluster(replies, node.endpoint);
  });
}

void sortNodes(QList<NodeState>* nodes) {
  std::stable_sort(nodes->begin(), nodes->end(), [](const NodeState& a, const NodeState& b) {
    if (roleRank(a.role) != roleRank(b.role)) return roleRank(a.role) < roleRank(b.role);
    if (a.url.host() != b.url.host()) return a.url.host() < b.url.host();
    return a.url.port() < b.url.port();
  });
}

// Agents from the agency config; without one this round, the previous agents, re-checked
// against the nodes' reachability.
void fillAgents(ClusterState* state, const RoundReplies& replies, const ClusterState& previous) {
  if (replies.agency) {
    const AgencyConfig& config = *replies.agency;
    const bool from_leader = config.role == QLatin1String("leader");
    state->agency_term = config.term;
    state->agency_leader_id = config.leader_id;
    state->agents.clear();
    for (auto it = config.pool.begin(); it != config.pool.end(); ++it) {
      AgentState agent;
      agent.id = it.key();
      agent.endpoint = keyOf(it.value());
      agent.leader = agent.id == config.leader_id;
      if (from_leader) agent.last_acked_seconds = config.last_acked_seconds.value(agent.id, -1);
      state->agents.append(agent);
    }
  } else {
    state->agents = previous.agents;
    state->agency_term = previous.agency_term;
    state->agency_leader_id = previous.agency_leader_id;
  }
  for (AgentState& agent : state->agents) {
    const NodeState* node = state->nodeAt(agent.endpoint);
    agent.reachable = state->connected && (node == nullptr || node->health != Health::kUnreachable);
  }
  std::sort(state->agents.begin(), state->agents.end(),
            [](const AgentState& a, const AgentState& b) { return a.endpoint < b.endpoint; });
  for (NodeState& node : state->nodes) {
    for (const AgentState& agent : state->agents) {
      if (sameEndpoint(agent.endpoint, node.endpoint)) {
        node.is_agent = true;
        node.agent_id = agent.id;
      }
    }
  }
}

void fillLeader(ClusterState* state, const RoundReplies& replies) {
  if (replies.health) {
    state->leader_id = replies.health->leader_id;
    state->leader_endpoint = keyOf(replies.health->leader_endpoint);
    state->term = replies.health->leader_term;
    state->maintenance_until_ms = replies.health->maintenance_until_ms;
  }
  const NodeState* leader = state->leader();
  if (leader != nullptr) {
    if (state->leader_id.isEmpty()) state->leader_id = leader->id;
    if (state->leader_endpoint.isEmpty()) state->leader_endpoint = leader->endpoint;
    if (leader->status) {
      if (state->term == 0) state->term = leader->status->term;
      state->writes_at_risk = leader->status->writes_at_risk;
    }
  }
}

QString joinErrors(const QStringList& errors) {
  QStringList present;
  for (const QString& error : errors) {
    if (!error.isEmpty()) present.append(error);
  }
  return present.join(QLatin1String("; "));
}

// Nothing answered: the previous picture, every node unreachable, so the window keeps its rows.
ClusterState disconnectedState(const RoundReplies& replies, const ClusterState& previous) {
  ClusterState state = previous;
  state.connected = false;
  state.health_json = {};
  state.writes_at_risk = -1;
  QStringList reasons;
  if (state.nodes.isEmpty()) {
    for (const QString& key : nodeKeys(replies, previous)) {
      NodeState node;
      node.endpoint = key;
      node.url = httpUrl(key);
      state.nodes.append(node);
    }
  }
  for (NodeState& node : state.nodes) {
    const NodePoll* poll = pollAt(replies, node.endpoint);
    node.health = Health::kUnreachable;
    node.in_sync = false;
    node.status.reset();
    node.uptime_seconds = -1;
    node.unreachable_reason = poll != nullptr && !poll->error.isEmpty()
                                  ? poll->error
                                  : QCoreApplication::translate("tandem::console::ClusterPoller",
                                                                "not polled this round");
    if (poll != nullptr && !poll->error.isEmpty()) reasons.append(poll->error);
  }
  for (AgentState& agent : state.agents) agent.reachable = false;
  if (reasons.isEmpty()) reasons.append(replies.endpoints_error);
  state.error =
      QCoreApplication::translate(
          "tandem::console::ClusterPoller",
          "No node of the cluster answered (%1). Check that the nodes run and that the "
          "endpoints are right.")
          .arg(state.nodes.isEmpty() ? QCoreApplication::translate("tandem::console::ClusterPoller",
                                                                   "no endpoint given")
                                     : joinErrors(reasons));
  return state;
}

}  // namespace

ClusterState mergeRound(const RoundReplies& replies, const ClusterState& previous) {
  bool answered = replies.endpoints.has_value() || replies.health.has_value();
  for (const NodePoll& poll : replies.polls) answered = answered || poll.status.has_value();

  ClusterState state = answered ? ClusterState{} : disconnectedState(replies, previous);
  state.time = replies.time;
  state.round = replies.round;
  if (!answered) return state;

  state.connected = true;
  state.health_json = replies.health_json;
  const QStringList keys = nodeKeys(replies, previous);
  // Find the leader before the others so that followers can fall back to its followers[].
  QString leader_key;
  if (replies.health) leader_key = keyOf(replies.health->leader_endpoint);
  if (leader_key.isEmpty() && replies.endpoints && !replies.endpoints->isEmpty()) {
    leader_key = keyOf(replies.endpoints->first());
  }
  const NodeStatus* leader_status = leaderStatus(replies, leader_key);
  for (const QString& key : keys) {
    state.nodes.append(buildNode(replies, previous, key, leader_status));
  }
  dropAliases(&state.nodes, replies);
  sortNodes(&state.nodes);
  fillLeader(&state, replies);
  fillAgents(&state, replies, previous);
  state.error = joinErrors({replies.health ? QString() : replies.health_error,
                            replies.agency ? QString() : replies.agency_error});
  return state;
}

}  // namespace tandem::console
