// ApplierThread: the follower side of replication for one leader (engine/replication/
// DESIGN.md, "Applier phases"), on a thread of its own:
//
//   initial sync   batch -> inventory -> beginFullSync -> import databases, collections and
//                  dump chunks (progress) -> finishFullSync -> drop the batch
//   tailing        long polls PUT /_api/wal/tail?from=&fromTerm=&serverId=&chunkSize=&wait=,
//                  each answer applied with Store::applyReplicated in one transaction
//   diverged       (409) term history -> fork point -> rollback file -> rollbackAfter ->
//                  touched documents restored from the leader -> tailing
//   resync         frompresent:false, no fork point, or a divergent DDL entry: initial sync
//
// Any failed request or write is logged, recorded in last_error and retried after a backoff.
//
// Ownership: borrows the Store. Thread-safety: status() from any thread; stop() from any
// thread but the applier's own.
#pragma once

#include <memory>

#include "cluster/replication_driver.h"
#include "cluster/replication_service.h"
#include "tandem/store.h"

namespace tandem::node::cluster {

class ApplierThread {
 public:
  // Starts the thread at once.
  ApplierThread(tandem::Store& store, const ReplicationOptions& options, FollowTarget target);
  ~ApplierThread();  // stop()
  ApplierThread(const ApplierThread&) = delete;
  ApplierThread& operator=(const ApplierThread&) = delete;

  // Cancels the request in flight, waits for a store write in flight and joins the thread:
  // when it returns nothing more will be applied. Idempotent.
  void stop();
  ApplierStatus status() const;
  const FollowTarget& target() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node::cluster
