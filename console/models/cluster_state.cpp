#include "cluster_state.h"

#include "client/endpoint.h"

namespace tandem::console {

const NodeState* ClusterState::node(const QString& id) const {
  if (id.isEmpty()) return nullptr;
  for (const NodeState& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

const NodeState* ClusterState::nodeAt(const QString& endpoint) const {
  for (const NodeState& n : nodes) {
    if (sameEndpoint(n.endpoint, endpoint)) return &n;
  }
  return nullptr;
}

const NodeState* ClusterState::leader() const {
  for (const NodeState& n : nodes) {
    if (n.role == NodeRole::kLeader) return &n;
  }
  return nullptr;
}

QList<const NodeState*> ClusterState::followers() const {
  QList<const NodeState*> out;
  for (const NodeState& n : nodes) {
    if (n.role == NodeRole::kFollower) out.append(&n);
  }
  return out;
}

}  // namespace tandem::console
