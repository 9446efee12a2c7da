#include "storage/ddl_task.h"

#include <boost/json.hpp>

#include "storage/document_table.h"
#include "storage/key_generator.h"
#include "storage/write_context.h"

namespace tandem::storage {
namespace {

std::string databaseBody(std::int64_t id, const std::string& name) {
  return boost::json::serialize(boost::json::object{{"id", std::to_string(id)}, {"name", name}});
}

std::string collectionBody(const CollectionInfo& info) {
  const KeyOptions& keys = info.key_options;
  boost::json::object key_options{{"type", KeyGenerator::typeName(keys.type)},
                                  {"allowUserKeys", keys.allow_user_keys},
                                  {"lastValue", keys.last_value}};
  if (keys.type == KeyGeneratorType::kAutoincrement) {
    key_options["increment"] = keys.increment;
    key_options["offset"] = keys.offset;
  }
  return boost::json::serialize(boost::json::object{{"id", info.id},
                                                    {"name", info.name},
                                                    {"type", static_cast<int>(info.type)},
                                                    {"waitForSync", info.wait_for_sync},
                                                    {"isSystem", info.is_system},
                                                    {"globallyUniqueId", info.globally_unique_id},
                                                    {"keyOptions", std::move(key_options)}});
}

Status validateSpec(const CollectionSpec& spec) {
  const bool system_name = !spec.name.empty() && spec.name.front() == '_';
  if (!isValidCollectionName(spec.name, spec.is_system) || (system_name && !spec.is_system)) {
    return Status::error(ErrorCode::kIllegalName,
                         "illegal name: collection name '" + spec.name + "' is invalid");
  }
  if (spec.type != CollectionType::kDocument && spec.type != CollectionType::kEdge) {
    return Status::error(ErrorCode::kBadParameter, "invalid collection type");
  }
  return KeyGenerator::validate(spec.key_options);
}

Status insertCollectionRow(WriteContext& context, const CollectionEntry& entry) {
  auto stmt = context.db().prepare(
      "INSERT INTO collections(id, database_id, name, type, is_system, wait_for_sync, key_type,"
      " allow_user_keys, key_increment, key_offset, last_value, globally_unique_id, doc_count)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, 0)");
  if (!stmt) return stmt.status();
  const CollectionInfo& info = entry.info;
  (*stmt)->bindInt64(1, entry.id);
  (*stmt)->bindInt64(2, entry.database_id);
  (*stmt)->bindText(3, info.name);
  (*stmt)->bindInt64(4, static_cast<int>(info.type));
  (*stmt)->bindInt64(5, info.is_system ? 1 : 0);
  (*stmt)->bindInt64(6, info.wait_for_sync ? 1 : 0);
  (*stmt)->bindText(7, KeyGenerator::typeName(info.key_options.type));
  (*stmt)->bindInt64(8, info.key_options.allow_user_keys ? 1 : 0);
  (*stmt)->bindUint64(9, info.key_options.increment);
  (*stmt)->bindUint64(10, info.key_options.offset);
  (*stmt)->bindText(11, info.globally_unique_id);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return context.db().error(rc, "cannot create collection");
  return Status::ok();
}

}  // namespace

std::unique_ptr<DdlTask> DdlTask::createDatabase(std::string name, StatusCallback done) {
  std::unique_ptr<DdlTask> task(new DdlTask(Kind::kCreateDatabase, std::move(name)));
  task->status_done_ = std::move(done);
  return task;
}

std::unique_ptr<DdlTask> DdlTask::dropDatabase(std::string name, StatusCallback done) {
  std::unique_ptr<DdlTask> task(new DdlTask(Kind::kDropDatabase, std::move(name)));
  task->status_done_ = std::move(done);
  return task;
}

std::unique_ptr<DdlTask> DdlTask::createCollection(std::string db, CollectionSpec spec,
                                                   CollectionCallback done) {
  std::unique_ptr<DdlTask> task(new DdlTask(Kind::kCreateCollection, std::move(db)));
  task->spec_ = std::move(spec);
  task->collection_done_ = std::move(done);
  return task;
}

std::unique_ptr<DdlTask> DdlTask::truncateCollection(std::string db, std::string name,
                                                     CollectionCallback done) {
  std::unique_ptr<DdlTask> task(new DdlTask(Kind::kTruncate, std::move(db)));
  task->spec_.name = std::move(name);
  task->collection_done_ = std::move(done);
  return task;
}

std::unique_ptr<DdlTask> DdlTask::dropCollection(std::string db, std::string name,
                                                 bool allow_system, CollectionCallback done) {
  std::unique_ptr<DdlTask> task(new DdlTask(Kind::kDrop, std::move(db)));
  task->spec_.name = std::move(name);
  task->allow_system_ = allow_system;
  task->collection_done_ = std::move(done);
  return task;
}

Status DdlTask::apply(WriteContext& context) {
  switch (kind_) {
    case Kind::kCreateDatabase:
      return createDatabase(context);
    case Kind::kDropDatabase:
      return dropDatabase(context);
    case Kind::kCreateCollection:
      return createCollection(context);
    case Kind::kTruncate:
    case Kind::kDrop:
      return truncateOrDrop(context);
  }
  return Status::ok();
}

Status DdlTask::createDatabase(WriteContext& context) {
  if (!isValidDatabaseName(db_)) {
    outcome_ = Status::error(ErrorCode::kDatabaseNameInvalid);
    return Status::ok();
  }
  if (context.catalog().hasDatabase(db_)) {
    outcome_ = Status::error(ErrorCode::kDuplicateName, "duplicate database name");
    return Status::ok();
  }
  const std::uint64_t tick = context.nextTick();
  database_id_ = static_cast<std::int64_t>(tick);
  auto stmt = context.db().prepare("INSERT INTO databases(id, name) VALUES(?1, ?2)");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, database_id_);
  (*stmt)->bindText(2, db_);
  if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) {
    return context.db().error(rc, "cannot create database");
  }
  const std::string body = databaseBody(database_id_, db_);
  auto appended =
      context.appendOplog(OplogRecord{tick, 0, OpType::kCreateDatabase, db_, {}, {}, {}, body});
  if (!appended) return appended.status();
  applied_ = true;
  return Status::ok();
}

Status DdlTask::dropDatabase(WriteContext& context) {
  if (db_ == "_system") {
    outcome_ = Status::error(ErrorCode::kForbidden, "the _system database cannot be dropped");
    return Status::ok();
  }
  auto id = context.catalog().databaseId(db_);
  if (!id) {
    outcome_ = id.status();
    return Status::ok();
  }
  database_id_ = *id;
  static constexpr StaticSql kStatements[] = {
      "DELETE FROM documents WHERE collection_id IN"
      " (SELECT id FROM collections WHERE database_id=?1)",
      "DELETE FROM collections WHERE database_id=?1",
      "DELETE FROM databases WHERE id=?1",
  };
  for (const StaticSql& sql : kStatements) {
    if (Status status = execWithId(context, sql, database_id_); !status) return status;
  }
  const std::string body = databaseBody(database_id_, db_);
  auto appended =
      context.appendOplog(OplogRecord{0, 0, OpType::kDropDatabase, db_, {}, {}, {}, body});
  if (!appended) return appended.status();
  applied_ = true;
  return Status::ok();
}

Status DdlTask::createCollection(WriteContext& context) {
  if (Status status = validateSpec(spec_); !status) {
    outcome_ = status;
    return Status::ok();
  }
  auto database_id = context.catalog().databaseId(db_);
  if (!database_id) {
    outcome_ = database_id.status();
    return Status::ok();
  }
  if (context.catalog().hasCollection(db_, spec_.name)) {
    outcome_ = Status::error(ErrorCode::kDuplicateName, "duplicate name: " + spec_.name);
    return Status::ok();
  }
  const std::uint64_t tick = context.nextTick();
  entry_ = std::make_shared<CollectionEntry>();
  entry_->id = static_cast<std::int64_t>(tick);
  entry_->database_id = *database_id;
  entry_->database = db_;
  CollectionInfo& info = entry_->info;
  info.id = std::to_string(tick);
  info.name = spec_.name;
  info.type = spec_.type;
  info.is_system = spec_.name.front() == '_';
  info.wait_for_sync = spec_.wait_for_sync;
  info.key_options = spec_.key_options;
  info.key_options.last_value = 0;
  info.globally_unique_id = context.globalIdPrefix() + "/" + info.id;
  if (Status status = insertCollectionRow(context, *entry_); !status) return status;
  const std::string body = collectionBody(info);
  auto appended = context.appendOplog(
      OplogRecord{tick, 0, OpType::kCreateCollection, db_, info.name, {}, {}, body});
  if (!appended) return appended.status();
  applied_ = true;
  return Status::ok();
}

Status DdlTask::truncateOrDrop(WriteContext& context) {
  auto found = context.catalog().find(db_, spec_.name);
  if (!found) {
    outcome_ = found.status();
    return Status::ok();
  }
  entry_ = std::move(*found);
  const bool drop = kind_ == Kind::kDrop;
  if (drop && entry_->info.is_system && !allow_system_) {
    outcome_ = Status::error(ErrorCode::kForbidden, "system collection " + spec_.name +
                                                        " can only be dropped with "
                                                        "isSystem=true");
    return Status::ok();
  }
  if (Status status = DocumentTable::removeAll(context.db(), entry_->id); !status) return status;
  static constexpr StaticSql kDrop = "DELETE FROM collections WHERE id=?1";
  static constexpr StaticSql kTruncate = "UPDATE collections SET doc_count=0 WHERE id=?1";
  const StaticSql sql = drop ? kDrop : kTruncate;
  if (Status status = execWithId(context, sql, entry_->id); !status) return status;
  boost::json::object parameters{{"id", entry_->info.id}, {"name", entry_->info.name}};
  const std::string body = boost::json::serialize(parameters);
  const OpType type = drop ? OpType::kDropCollection : OpType::kTruncateCollection;
  auto appended =
      context.appendOplog(OplogRecord{0, 0, type, db_, entry_->info.name, {}, {}, body});
  if (!appended) return appended.status();
  applied_ = true;
  return Status::ok();
}

Status DdlTask::execWithId(WriteContext& context, StaticSql sql, std::int64_t id) {
  auto stmt = context.db().prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, id);
  if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) {
    return context.db().error(rc, "DDL statement failed");
  }
  return Status::ok();
}

void DdlTask::publish(WriteContext& context) {
  if (!applied_) return;
  Catalog& catalog = context.catalog();
  switch (kind_) {
    case Kind::kCreateDatabase:
      catalog.addDatabase(database_id_, db_);
      break;
    case Kind::kDropDatabase:
      catalog.removeDatabase(db_);
      break;
    case Kind::kCreateCollection:
      catalog.addCollection(entry_);
      break;
    case Kind::kTruncate:
      entry_->count.store(0);
      break;
    case Kind::kDrop:
      catalog.removeCollection(db_, spec_.name);
      break;
  }
}

void DdlTask::complete(const Status& batch) {
  Status status = !outcome_ ? outcome_ : batch;
  if (status_done_) {
    status_done_(std::move(status));
  } else if (collection_done_) {
    if (!status) {
      collection_done_(std::move(status));
    } else {
      collection_done_(entry_->snapshot());
    }
  }
}

}  // namespace tandem::storage
