#include "storage/replicated_batch.h"

#include <boost/json.hpp>

#include "storage/collection_row.h"
#include "storage/document_table.h"
#include "storage/key_generator.h"
#include "storage/revision_clock.h"
#include "storage/schema.h"

namespace tandem::storage {
namespace {

Status unappliable(const OplogEntry& entry, const std::string& why) {
  return Status::error(ErrorCode::kBadParameter, "replicated entry " + std::to_string(entry.tick) +
                                                     " cannot be applied: " + why);
}

Status execWithId(SqliteConnection& db, StaticSql sql, std::int64_t id) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, id);
  if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) return db.error(rc, "DDL failed");
  return Status::ok();
}

}  // namespace

Status ReplicatedBatch::validate() const {
  for (std::size_t i = 1; i < entries_.size(); ++i) {
    if (entries_[i].tick <= entries_[i - 1].tick) {
      return Status::error(ErrorCode::kBadParameter, "replicated entries out of order at tick " +
                                                         std::to_string(entries_[i].tick));
    }
  }
  return Status::ok();
}

Status ReplicatedBatch::apply(WriteContext& context) {
  const std::uint64_t applied = context.position().tick;
  const std::uint64_t term = context.term();
  for (const OplogEntry& entry : entries_) {
    if (entry.tick <= applied) continue;  // re-delivered: already in this oplog
    if (Status status = applyOne(context, entry); !status) return status;
    auto appended =
        context.appendReplicated(OplogRecord{entry.tick, entry.term, entry.type, entry.db,
                                             entry.collection, entry.key, entry.rev, entry.body});
    if (!appended) return appended;
    context.raiseTerm(entry.term);
  }
  if (context.position().tick == applied) return Status::ok();
  SqliteConnection& db = context.db();
  if (context.term() != term) {
    if (Status s = Schema::writeMeta(db, kMetaCurrentTerm, std::to_string(context.term())); !s) {
      return s;
    }
  }
  const OplogPosition position = context.position();
  if (Status s = Schema::writeMeta(db, kMetaAppliedTick, std::to_string(position.tick)); !s) {
    return s;
  }
  return Schema::writeMeta(db, kMetaAppliedTerm, std::to_string(position.term));
}

void ReplicatedBatch::publish(WriteContext& context) {
  if (catalog_changed_) (void)context.catalog().load(context.db());
}

Status ReplicatedBatch::applyOne(WriteContext& context, const OplogEntry& entry) {
  switch (entry.type) {
    case OpType::kDocumentUpsert:
      return upsert(context, entry);
    case OpType::kDocumentRemove:
      return remove(context, entry);
    case OpType::kCreateDatabase:
      return createDatabase(context, entry);
    case OpType::kDropDatabase:
      return dropDatabase(context, entry);
    case OpType::kCreateCollection:
      return createCollection(context, entry);
    case OpType::kTruncateCollection:
    case OpType::kDropCollection:
      return truncateOrDrop(context, entry);
    case OpType::kTermStart:
      return Status::ok();
  }
  return unappliable(entry, "unknown type");
}

Status ReplicatedBatch::upsert(WriteContext& context, const OplogEntry& entry) {
  auto found = resolve(context, entry.db, entry.collection);
  if (!found) return unappliable(entry, found.status().message());
  CollectionEntry& collection = **found;
  if (entry.key.empty() || entry.rev.empty()) return unappliable(entry, "no _key or _rev");
  context.touch(collection, 0);
  auto inserted =
      DocumentTable::insert(context.db(), collection.id, entry.key, entry.rev, entry.body);
  if (!inserted) return inserted.status();
  if (*inserted) {
    context.touch(collection, 1);
  } else if (Status status = DocumentTable::update(context.db(), collection.id, entry.key,
                                                   entry.rev, entry.body);
             !status) {
    return status;
  }
  std::uint64_t last_value = collection.last_value.load();
  KeyGenerator::track(collection.info.key_options, entry.key, last_value);
  collection.last_value.store(last_value);
  if (auto revision = RevisionClock::decode(entry.rev)) context.observeRevision(*revision);
  context.countWrite();
  return Status::ok();
}

Status ReplicatedBatch::remove(WriteContext& context, const OplogEntry& entry) {
  auto found = resolve(context, entry.db, entry.collection);
  if (!found) return unappliable(entry, found.status().message());
  CollectionEntry& collection = **found;
  if (Status status = DocumentTable::remove(context.db(), collection.id, entry.key); !status) {
    return status;
  }
  context.touch(collection, -static_cast<std::int64_t>(sqlite3_changes(context.db().handle())));
  context.countWrite();
  return Status::ok();
}

Status ReplicatedBatch::createDatabase(WriteContext& context, const OplogEntry& entry) {
  if (databaseId(context, entry.db)) return unappliable(entry, "database exists");
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(entry.body, ec);
  const boost::json::value* id =
      ec || !body.is_object() ? nullptr : body.as_object().if_contains("id");
  std::int64_t database_id = 0;
  if (id != nullptr && id->is_string()) {
    database_id = std::strtoll(id->get_string().c_str(), nullptr, 10);
  } else if (id != nullptr && id->is_int64()) {
    database_id = id->get_int64();
  }
  if (database_id <= 0) return unappliable(entry, "no database id");
  auto stmt = context.db().prepare("INSERT INTO databases(id, name) VALUES(?1, ?2)");
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, database_id);
  (*stmt)->bindText(2, entry.db);
  if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) {
    return context.db().error(rc, "cannot create database " + entry.db);
  }
  // A database created again after a drop in this batch starts without collections.
  std::erase_if(collections_, [&](const auto& item) { return item.first.first == entry.db; });
  databases_[entry.db] = database_id;
  catalog_changed_ = true;
  return Status::ok();
}

Status ReplicatedBatch::dropDatabase(WriteContext& context, const OplogEntry& entry) {
  auto id = databaseId(context, entry.db);
  if (!id) return unappliable(entry, "database not found");
  static constexpr StaticSql kStatements[] = {
      "DELETE FROM documents WHERE collection_id IN"
      " (SELECT id FROM collections WHERE database_id=?1)",
      "DELETE FROM collections WHERE database_id=?1",
      "DELETE FROM databases WHERE id=?1",
  };
  for (const StaticSql& sql : kStatements) {
    if (Status status = execWithId(context.db(), sql, *id); !status) return status;
  }
  std::erase_if(collections_, [&](const auto& item) { return item.first.first == entry.db; });
  databases_[entry.db] = std::nullopt;
  catalog_changed_ = true;
  return Status::ok();
}

Status ReplicatedBatch::createCollection(WriteContext& context, const OplogEntry& entry) {
  auto info = CollectionRow::fromJson(entry.body);
  if (!info) return unappliable(entry, info.status().message());
  auto database_id = databaseId(context, entry.db);
  if (!database_id) return unappliable(entry, "database not found");
  if (resolve(context, entry.db, info->name)) return unappliable(entry, "collection exists");
  auto created = CollectionRow::insert(context.db(), *database_id, entry.db, *info);
  if (!created) return created.status();
  collections_[{entry.db, info->name}] = std::move(*created);
  catalog_changed_ = true;
  return Status::ok();
}

Status ReplicatedBatch::truncateOrDrop(WriteContext& context, const OplogEntry& entry) {
  auto found = resolve(context, entry.db, entry.collection);
  if (!found) return unappliable(entry, found.status().message());
  CollectionEntry& collection = **found;
  if (Status status = DocumentTable::removeAll(context.db(), collection.id); !status) {
    return status;
  }
  context.touch(collection, -static_cast<std::int64_t>(context.pendingCount(collection)));
  if (entry.type == OpType::kTruncateCollection) return Status::ok();
  if (Status status =
          execWithId(context.db(), "DELETE FROM collections WHERE id=?1", collection.id);
      !status) {
    return status;
  }
  collections_[{entry.db, entry.collection}] = nullptr;
  catalog_changed_ = true;
  return Status::ok();
}

Result<std::shared_ptr<CollectionEntry>> ReplicatedBatch::resolve(WriteContext& context,
                                                                  const std::string& db,
                                                                  const std::string& name) const {
  auto it = collections_.find({db, name});
  if (it != collections_.end() && it->second) return it->second;
  if (it != collections_.end() || databases_.contains(db)) {
    return Status::error(ErrorCode::kDataSourceNotFound, "collection not found: " + name);
  }
  return context.catalog().find(db, name);
}

std::optional<std::int64_t> ReplicatedBatch::databaseId(WriteContext& context,
                                                        const std::string& db) const {
  if (auto it = databases_.find(db); it != databases_.end()) return it->second;
  auto id = context.catalog().databaseId(db);
  if (!id) return std::nullopt;
  return *id;
}

}  // namespace tandem::storage
