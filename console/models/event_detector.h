// EventDetector: turns consecutive ClusterStates into events (pure: no clocks, no I/O; the
// event time is the newer state's time).
//
// Detected: connection lost/regained; leader change (kSwitchover when `expectSwitchover(to)`
// was announced for that node shortly before, else kFailover, with old and new leader and the
// term); health transitions of each node; a follower entering initial-sync/resync or its
// resyncs/rollbacks counters rising; a node appearing, starting to drain, being removed;
// maintenance turned on or off. The first state only yields "connected to …".
#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "cluster_state.h"
#include "event_log.h"

namespace tandem::console {

class EventDetector {
 public:
  // Events between the previous state given (none at first) and `next`; remembers `next`.
  QList<Event> update(const ClusterState& next);
  // A switchover to `node_id` is being run from this console: the next leader change to it is
  // a switchover, not a failover.
  void expectSwitchover(const QString& node_id) { expected_switchover_ = node_id; }

 private:
  QList<Event> compare(const ClusterState& before, const ClusterState& next);
  void leaderChange(const ClusterState& before, const ClusterState& next, QList<Event>* out);
  void nodeChanges(const ClusterState& before, const ClusterState& next, QList<Event>* out);

  // The last connected state: changes that happened while the cluster could not be reached are
  // reported against it when the connection comes back (not as every node turning reachable).
  std::optional<ClusterState> previous_;
  bool connected_ = false;  // the last state given was connected
  QString expected_switchover_;
};

}  // namespace tandem::console
