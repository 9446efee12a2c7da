// ReplicaWrites: the writer tasks behind Store's replication members (tandem/store.h):
// a leader's term start, a follower's full sync (begin, import, finish), rollback, document
// restore and oplog retention. Each is a FunctionTask; the ones that change the catalog run
// alone in their transaction and reload or update the catalog after the commit.
//
// Thread-safety: the factories run on the caller's thread (parsing happens there); the tasks
// run on the writer thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/write_task.h"
#include "tandem/store.h"

namespace tandem::storage {

class ReplicaWrites {
 public:
  using StatusCallback = std::function<void(Status)>;

  static std::unique_ptr<WriteTask> beginTerm(std::uint64_t term, std::string leader_id,
                                              std::function<void(Result<OplogPosition>)> done);
  static std::unique_ptr<WriteTask> applyReplicated(
      std::vector<OplogEntry> entries, std::function<void(Result<OplogPosition>)> done);
  static std::unique_ptr<WriteTask> beginFullSync(StatusCallback done);
  static std::unique_ptr<WriteTask> importDatabase(DatabaseInfo info, StatusCallback done);
  static std::unique_ptr<WriteTask> importCollection(std::string db, CollectionInfo info,
                                                     StatusCallback done);
  static std::unique_ptr<WriteTask> importDocuments(std::string db, std::string collection,
                                                    std::vector<std::string> docs,
                                                    StatusCallback done);
  static std::unique_ptr<WriteTask> finishFullSync(OplogPosition base, StatusCallback done);
  static std::unique_ptr<WriteTask> rollbackAfter(
      std::uint64_t fork_tick, std::function<void(Result<std::vector<OplogEntry>>)> done);
  static std::unique_ptr<WriteTask> restoreDocument(std::string db, std::string collection,
                                                    std::string key,
                                                    std::optional<std::string> json,
                                                    StatusCallback done);
  static std::unique_ptr<WriteTask> pruneOplog(std::uint64_t keep_after_tick,
                                               std::function<void(Result<std::uint64_t>)> done);
};

}  // namespace tandem::storage
