// WriteTask: one queued write (a document request or a DDL operation) as the writer thread
// sees it. The writer calls, in order: prepare() for every task of a batch, BEGIN, apply() for
// every task, COMMIT, publish() for every task, then complete() for every task. If apply()
// or the commit fails, the transaction is rolled back and every task of the batch gets
// complete(error) instead. A task that never reaches the writer (store closed) gets
// complete(kShuttingDown) on the submitting thread.
//
// Thread-safety: a task is touched by one thread at a time (submitter, then writer).
#pragma once

#include <cstddef>

#include "tandem/status.h"

namespace tandem::storage {

class Catalog;
class WriteContext;

class WriteTask {
 public:
  virtual ~WriteTask() = default;

  // Documents this task writes (the group-commit bound counts these).
  virtual std::size_t operationCount() const = 0;
  // DDL runs in a transaction of its own; document writes are batched together.
  virtual bool exclusive() const = 0;
  // Before the transaction: resolve names. Returns true if the commit must be durable
  // (waitForSync), which matters when the store runs with synchronous=NORMAL.
  virtual bool prepare(const Catalog& catalog) = 0;
  // Inside the transaction. Per-document and per-request failures are recorded in the task;
  // a non-OK return means the transaction itself is broken and the batch must be rolled back.
  virtual Status apply(WriteContext& context) = 0;
  // After COMMIT, before any callback of the batch: make changes visible in memory.
  virtual void publish(WriteContext& context) {}
  // Exactly once. `batch` is OK if the batch committed, else why it did not.
  virtual void complete(const Status& batch) = 0;
};

}  // namespace tandem::storage
