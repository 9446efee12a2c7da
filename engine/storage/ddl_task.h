// DdlTask: database and collection DDL (create/drop database, create/truncate/drop collection)
// executed by the writer thread, each in a transaction of its own together with its oplog
// entry. The in-memory Catalog changes in publish(), i.e. only after the commit.
//
// Ids: a new database or collection gets the tick of its oplog entry as id.
// Thread-safety: see write_task.h.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "storage/catalog.h"
#include "storage/sqlite_statement.h"
#include "storage/write_task.h"
#include "tandem/store.h"

namespace tandem::storage {

class DdlTask final : public WriteTask {
 public:
  using StatusCallback = std::function<void(Status)>;
  using CollectionCallback = std::function<void(Result<CollectionInfo>)>;

  static std::unique_ptr<DdlTask> createDatabase(std::string name, StatusCallback done);
  static std::unique_ptr<DdlTask> dropDatabase(std::string name, StatusCallback done);
  static std::unique_ptr<DdlTask> createCollection(std::string db, CollectionSpec spec,
                                                   CollectionCallback done);
  static std::unique_ptr<DdlTask> truncateCollection(std::string db, std::string name,
                                                     CollectionCallback done);
  static std::unique_ptr<DdlTask> dropCollection(std::string db, std::string name,
                                                 bool allow_system, CollectionCallback done);

  std::size_t operationCount() const override { return 1; }
  bool exclusive() const override { return true; }
  bool prepare(const Catalog& catalog) override { return true; }  // DDL is always durable
  Status apply(WriteContext& context) override;
  void publish(WriteContext& context) override;
  void complete(const Status& batch) override;

 private:
  enum class Kind { kCreateDatabase, kDropDatabase, kCreateCollection, kTruncate, kDrop };

  DdlTask(Kind kind, std::string db) : kind_(kind), db_(std::move(db)) {}

  Status createDatabase(WriteContext& context);
  Status dropDatabase(WriteContext& context);
  Status createCollection(WriteContext& context);
  Status truncateOrDrop(WriteContext& context);
  // Runs one statement with the integer parameter `id`.
  static Status execWithId(WriteContext& context, StaticSql sql, std::int64_t id);

  Kind kind_;
  std::string db_;
  CollectionSpec spec_;  // create: the spec; truncate/drop: spec_.name only
  bool allow_system_ = false;
  StatusCallback status_done_;
  CollectionCallback collection_done_;

  Status outcome_;                          // the operation's own failure, if any
  std::int64_t database_id_ = 0;            // created or dropped database
  std::shared_ptr<CollectionEntry> entry_;  // created, truncated or dropped collection
  bool applied_ = false;                    // the change was written (publish has work)
};

}  // namespace tandem::storage
