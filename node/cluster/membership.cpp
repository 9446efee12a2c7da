#include "cluster/membership.h"

#include "http/router.h"
#include "log.h"
#include "tandem/store.h"
#include "tandem/version.h"

namespace tandem::node::cluster {

namespace {

ReplicationOptions replicationOptions(const NodeOptions& options, const tandem::Store& store) {
  ReplicationOptions replication;
  replication.database_directory = options.database_directory;
  replication.server_id = store.serverId();
  return replication;
}

MemberOptions memberOptions(const NodeOptions& options, const tandem::Store& store,
                            const NodeContext& context) {
  MemberOptions member;
  member.id = store.serverId();
  member.my_address = options.cluster.my_address.toString();
  for (const Endpoint& endpoint : options.cluster.agency_endpoints) {
    member.agency_endpoints.push_back(endpoint.toString());
  }
  member.heartbeat_interval = options.cluster.heartbeat_interval;
  member.lease = options.cluster.leader_lease;
  member.switchover_timeout = options.cluster.switchover_timeout;
  member.ok_threshold = options.agency.supervision_ok_threshold;
  member.version = tandem::kTandemVersion;
  member.on_change = context.on_role_change;
  return member;
}

}  // namespace

Membership::Membership(const NodeOptions& options, tandem::Store& store, NodeContext& context)
    : context_(context),
      // The switchover's own timeout plus time for the agency write and a last heartbeat.
      leave_timeout_(options.cluster.switchover_timeout + std::chrono::seconds(3)),
      replication_(std::make_unique<ReplicationDriver>(store, replicationOptions(options, store))),
      member_(
          std::make_unique<Member>(store, *replication_, memberOptions(options, store, context))) {
  replication_->start();
  context_.replication = replication_.get();
  context_.member = member_.get();
  member_->start();
  Log::info("startup", "cluster membership started",
            {{"id", store.serverId()},
             {"my_address", options.cluster.my_address.toString()},
             {"agents", options.cluster.agency_endpoints.size()}});
}

Membership::~Membership() {
  stop();
  member_.reset();
  replication_.reset();
}

void Membership::leave() {
  if (!stopped_) member_->leave(leave_timeout_);
}

// The member and the driver stay allocated until the destructor: an embedded Node's callers
// may still hold the member (write admission, acknowledgement) and get kShuttingDown from it.
void Membership::stop() {
  if (stopped_) return;
  stopped_ = true;
  member_->stop();
  replication_->stop();
  context_.member = nullptr;
  context_.replication = nullptr;
}

}  // namespace tandem::node::cluster
