// Membership: the parts a node runs as a member of an active-failover cluster
// (--cluster.agency-endpoint) — its ReplicationDriver and its Member — built, wired into the
// NodeContext and stopped in the right order. A plain single server has none.
//
// Ownership: borrows the Store and the NodeContext, which must outlive it.
// Thread-safety: leave() and stop() from one thread at a time, once each is enough (both
// idempotent); member() from any thread.
#pragma once

#include <chrono>
#include <memory>

#include "cluster/member.h"
#include "cluster/replication_driver.h"
#include "node_options.h"

namespace tandem::node {
struct NodeContext;
}

namespace tandem::node::cluster {

class Membership {
 public:
  // Starts replication (leader side at once; the applier when told to follow) and the member
  // (registration, heartbeats); sets context.replication and context.member.
  Membership(const NodeOptions& options, tandem::Store& store, NodeContext& context);
  ~Membership();
  Membership(const Membership&) = delete;
  Membership& operator=(const Membership&) = delete;

  // A leader hands over to its best follower first (bounded by the switchover timeout);
  // then heartbeats stop.
  void leave();
  // Stops the member, then replication, and clears the context's pointers. Idempotent. The
  // member stays valid (answering kShuttingDown) until the destructor.
  void stop();
  // This node's member (valid until the destructor).
  MemberService& member() { return *member_; }

 private:
  NodeContext& context_;
  std::chrono::milliseconds leave_timeout_;
  std::unique_ptr<ReplicationDriver> replication_;
  std::unique_ptr<Member> member_;
  bool stopped_ = false;
};

}  // namespace tandem::node::cluster
