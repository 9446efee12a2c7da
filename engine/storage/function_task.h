// FunctionTask: a WriteTask made of functions, for the replication writes of a Store
// (replica_writes.cpp), which are short and each different.
//
//   apply(context, outcome)  inside the transaction; a non-OK return rolls the batch back,
//                            `outcome` records the operation's own failure (nothing written
//                            by it, the batch still commits)
//   publish(context)         after COMMIT (optional)
//   complete(status)         exactly once: the outcome if it failed, else the batch status
//
// Thread-safety: see write_task.h.
#pragma once

#include <functional>

#include "storage/write_context.h"
#include "storage/write_task.h"

namespace tandem::storage {

class FunctionTask final : public WriteTask {
 public:
  using Apply = std::function<Status(WriteContext&, Status& outcome)>;
  using Publish = std::function<void(WriteContext&)>;
  using Complete = std::function<void(const Status&)>;

  FunctionTask(bool exclusive, std::size_t operations, Apply apply, Publish publish,
               Complete complete)
      : FunctionTask(exclusive, true, operations, std::move(apply), std::move(publish),
                     std::move(complete)) {}
  // `durable` false: the commit need not be fsynced under SyncMode::kNormal (full-sync
  // imports: a crash before finishFullSync() starts the sync over anyway).
  FunctionTask(bool exclusive, bool durable, std::size_t operations, Apply apply, Publish publish,
               Complete complete)
      : exclusive_(exclusive),
        durable_(durable),
        operations_(operations),
        apply_(std::move(apply)),
        publish_(std::move(publish)),
        complete_(std::move(complete)) {}

  std::size_t operationCount() const override { return operations_; }
  bool exclusive() const override { return exclusive_; }
  // Replication writes are durable unless told otherwise: a follower reports what it applied.
  bool prepare(const Catalog&) override { return durable_; }
  Status apply(WriteContext& context) override { return apply_(context, outcome_); }
  void publish(WriteContext& context) override {
    if (publish_ && outcome_) publish_(context);
  }
  void complete(const Status& batch) override { complete_(!outcome_ ? outcome_ : batch); }

 private:
  bool exclusive_;
  bool durable_;
  std::size_t operations_;
  Apply apply_;
  Publish publish_;
  Complete complete_;
  Status outcome_;
};

}  // namespace tandem::storage
