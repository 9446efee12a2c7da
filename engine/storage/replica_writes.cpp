#include "storage/replica_writes.h"

#include <array>

#include <boost/json.hpp>

#include "storage/collection_row.h"
#include "storage/document_table.h"
#include "storage/function_task.h"
#include "storage/oplog.h"
#include "storage/replicated_batch.h"
#include "storage/revision_clock.h"
#include "storage/schema.h"

namespace tandem::storage {
namespace {

constexpr std::size_t kExclusive = 1;

struct Identity {
  std::string key;
  std::string rev;
};

// _key and _rev of a stored document. The stored form starts {"_key":K,"_id":I,"_rev":R (keys
// and ids never need escaping), which is read without parsing; anything else (edges, documents
// from elsewhere) is parsed.
std::optional<Identity> identityOf(std::string_view json) {
  constexpr std::string_view kKey = "{\"_key\":\"";
  constexpr std::string_view kId = "\",\"_id\":\"";
  constexpr std::string_view kRev = "\",\"_rev\":\"";
  if (json.starts_with(kKey)) {
    const std::size_t key_end = json.find('"', kKey.size());
    if (key_end != std::string_view::npos && json.substr(key_end).starts_with(kId)) {
      const std::size_t id_end = json.find('"', key_end + kId.size());
      if (id_end != std::string_view::npos && json.substr(id_end).starts_with(kRev)) {
        const std::size_t rev_start = id_end + kRev.size();
        const std::size_t rev_end = json.find('"', rev_start);
        if (rev_end != std::string_view::npos && rev_end > rev_start) {
          return Identity{std::string(json.substr(kKey.size(), key_end - kKey.size())),
                          std::string(json.substr(rev_start, rev_end - rev_start))};
        }
      }
    }
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto* key = parsed.get_object().if_contains("_key");
  const auto* rev = parsed.get_object().if_contains("_rev");
  if (key == nullptr || rev == nullptr || !key->is_string() || !rev->is_string()) {
    return std::nullopt;
  }
  if (key->get_string().empty() || rev->get_string().empty()) return std::nullopt;
  return Identity{std::string(key->get_string()), std::string(rev->get_string())};
}

Status writePosition(SqliteConnection& db, std::string_view tick_key, std::string_view term_key,
                     OplogPosition position) {
  if (Status s = Schema::writeMeta(db, tick_key, std::to_string(position.tick)); !s) return s;
  return Schema::writeMeta(db, term_key, std::to_string(position.term));
}

Status writeTerm(WriteContext& context) {
  return Schema::writeMeta(context.db(), kMetaCurrentTerm, std::to_string(context.term()));
}

Status execSql(SqliteConnection& db, StaticSql sql, std::int64_t value) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bindInt64(1, value);
  if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) return db.error(rc, "statement failed");
  return Status::ok();
}

void reloadCatalog(WriteContext& context) { (void)context.catalog().load(context.db()); }

std::uint64_t metaNumber(const std::optional<std::string>& text) {
  return text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
}

// A rollback or a full sync replaced history: change feeds re-check their position
// (change_feed.cpp) when meta.history_epoch moves.
Status bumpHistoryEpoch(SqliteConnection& db) {
  auto epoch = Schema::readMeta(db, kMetaHistoryEpoch);
  if (!epoch) return epoch.status();
  return Schema::writeMeta(db, kMetaHistoryEpoch, std::to_string(metaNumber(*epoch) + 1));
}

// The highest tick at or below `limit` (0 if none): what a prune up to `limit` deletes last.
Result<std::uint64_t> highestTickUpTo(SqliteConnection& db, std::uint64_t limit) {
  auto stmt = db.prepare("SELECT coalesce(max(tick), 0) FROM oplog WHERE tick <= ?1");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, limit);
  if (const int rc = (*stmt)->step(); rc != SQLITE_ROW) return db.error(rc, "cannot read oplog");
  return (*stmt)->columnUint64(0);
}

// meta.oplog_pruned_tick only grows: a change feed behind it has lost entries.
Status recordPruned(SqliteConnection& db, std::uint64_t highest_deleted) {
  auto pruned = Schema::readMeta(db, kMetaPrunedTick);
  if (!pruned) return pruned.status();
  if (metaNumber(*pruned) >= highest_deleted) return Status::ok();
  return Schema::writeMeta(db, kMetaPrunedTick, std::to_string(highest_deleted));
}

// Inserts or replaces one document verbatim; returns true if it was new.
Result<bool> putDocument(SqliteConnection& db, std::int64_t collection_id, const Identity& id,
                         std::string_view json) {
  auto inserted = DocumentTable::insert(db, collection_id, id.key, id.rev, json);
  if (!inserted || *inserted) return inserted;
  if (Status status = DocumentTable::update(db, collection_id, id.key, id.rev, json); !status) {
    return status;
  }
  return false;
}

// Imported documents are inserted kImportRows per statement: a full sync is bound by
// statement executions, not by the B-tree (keys arrive in order).
constexpr std::size_t kImportRows = 16;

constexpr auto makeImportSql() {
  constexpr std::string_view head = "INSERT INTO documents(collection_id, key, rev, body) VALUES";
  constexpr std::string_view row = "(?,?,?,?)";
  std::array<char, head.size() + kImportRows*(row.size() + 1)> sql{};
  std::size_t at = 0;
  for (char c : head) sql[at++] = c;
  for (std::size_t i = 0; i < kImportRows; ++i) {
    if (i > 0) sql[at++] = ',';
    for (char c : row) sql[at++] = c;
  }
  sql[at] = '\0';
  return sql;
}

constexpr auto kImportSql = makeImportSql();

// Inserts kImportRows documents with one statement; false if one of the keys exists (then the
// statement changed nothing and the caller goes row by row).
Result<bool> insertChunk(SqliteConnection& db, std::int64_t collection_id, const Identity* ids,
                         const std::string* texts) {
  auto stmt = db.prepare(kImportSql.data());
  if (!stmt) return stmt.status();
  for (std::size_t i = 0; i < kImportRows; ++i) {
    const int first = static_cast<int>(i * 4 + 1);
    (*stmt)->bindInt64(first, collection_id);
    (*stmt)->bindText(first + 1, ids[i].key);
    (*stmt)->bindText(first + 2, ids[i].rev);
    (*stmt)->bindText(first + 3, texts[i]);
  }
  const int rc = (*stmt)->step();
  if (rc == SQLITE_DONE) return true;
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return false;
  return db.error(rc, "cannot import documents");
}

// Imports every document; returns how many were new.
Result<std::int64_t> importAll(SqliteConnection& db, std::int64_t collection_id,
                               const std::vector<Identity>& ids,
                               const std::vector<std::string>& texts) {
  std::int64_t added = 0;
  std::size_t i = 0;
  for (; i + kImportRows <= texts.size(); i += kImportRows) {
    auto inserted = insertChunk(db, collection_id, &ids[i], &texts[i]);
    if (!inserted) return inserted.status();
    if (*inserted) {
      added += kImportRows;
      continue;
    }
    for (std::size_t k = i; k < i + kImportRows; ++k) {
      auto one = putDocument(db, collection_id, ids[k], texts[k]);
      if (!one) return one.status();
      added += *one ? 1 : 0;
    }
  }
  for (; i < texts.size(); ++i) {
    auto one = putDocument(db, collection_id, ids[i], texts[i]);
    if (!one) return one.status();
    added += *one ? 1 : 0;
  }
  return added;
}

}  // namespace

std::unique_ptr<WriteTask> ReplicaWrites::beginTerm(
    std::uint64_t term, std::string leader_id, std::function<void(Result<OplogPosition>)> done) {
  auto position = std::make_shared<OplogPosition>();
  auto apply = [term, leader_id = std::move(leader_id), position](WriteContext& context,
                                                                  Status& outcome) -> Status {
    if (term <= context.term()) {
      outcome = Status::error(ErrorCode::kBadParameter, "term " + std::to_string(term) +
                                                            " is not above the current term " +
                                                            std::to_string(context.term()));
      return Status::ok();
    }
    context.raiseTerm(term);
    const std::string body =
        boost::json::serialize(boost::json::object{{"term", term}, {"leader", leader_id}});
    auto tick =
        context.appendOplog(OplogRecord{0, 0, OpType::kTermStart, "_system", {}, {}, {}, body});
    if (!tick) return tick.status();
    *position = OplogPosition{*tick, term};
    return writeTerm(context);
  };
  auto complete = [position, done = std::move(done)](const Status& status) {
    if (!status) return done(status);
    done(*position);
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), nullptr,
                                        std::move(complete));
}

std::unique_ptr<WriteTask> ReplicaWrites::applyReplicated(
    std::vector<OplogEntry> entries, std::function<void(Result<OplogPosition>)> done) {
  auto batch = std::make_shared<ReplicatedBatch>(std::move(entries));
  auto position = std::make_shared<OplogPosition>();
  auto apply = [batch, position](WriteContext& context, Status& outcome) -> Status {
    if (Status status = batch->validate(); !status) {
      outcome = status;
      return Status::ok();
    }
    Status status = batch->apply(context);
    *position = context.position();
    return status;
  };
  auto publish = [batch](WriteContext& context) { batch->publish(context); };
  auto complete = [position, done = std::move(done)](const Status& status) {
    if (!status) return done(status);
    done(*position);
  };
  const std::size_t operations = std::max<std::size_t>(1, batch->size());
  return std::make_unique<FunctionTask>(true, operations, std::move(apply), std::move(publish),
                                        std::move(complete));
}

std::unique_ptr<WriteTask> ReplicaWrites::beginFullSync(StatusCallback done) {
  auto apply = [](WriteContext& context, Status&) -> Status {
    Status status = context.db().exec(
        "DELETE FROM documents; DELETE FROM collections; DELETE FROM databases WHERE id<>1;"
        " DELETE FROM oplog;");
    if (!status) return status;
    context.setPosition({});
    context.setBase({});
    if (!(status = bumpHistoryEpoch(context.db()))) return status;
    if (!(status = writePosition(context.db(), kMetaBaseTick, kMetaBaseTerm, {}))) return status;
    return writePosition(context.db(), kMetaAppliedTick, kMetaAppliedTerm, {});
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), reloadCatalog,
                                        std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::importDatabase(DatabaseInfo info, StatusCallback done) {
  auto apply = [info](WriteContext& context, Status& outcome) -> Status {
    if (info.name == "_system") return Status::ok();
    if (context.catalog().hasDatabase(info.name)) {
      outcome = Status::error(ErrorCode::kDuplicateName, "duplicate database name " + info.name);
      return Status::ok();
    }
    const std::int64_t id = std::strtoll(info.id.c_str(), nullptr, 10);
    if (id <= 0 || !isValidDatabaseName(info.name)) {
      outcome = Status::error(ErrorCode::kBadParameter, "invalid database " + info.name);
      return Status::ok();
    }
    auto stmt = context.db().prepare("INSERT INTO databases(id, name) VALUES(?1, ?2)");
    if (!stmt) return stmt.status();
    (*stmt)->bindInt64(1, id);
    (*stmt)->bindText(2, info.name);
    if (const int rc = (*stmt)->step(); rc != SQLITE_DONE) {
      return context.db().error(rc, "cannot create database " + info.name);
    }
    return Status::ok();
  };
  auto publish = [info](WriteContext& context) {
    if (info.name != "_system") {
      context.catalog().addDatabase(std::strtoll(info.id.c_str(), nullptr, 10), info.name);
    }
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), std::move(publish),
                                        std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::importCollection(std::string db, CollectionInfo info,
                                                           StatusCallback done) {
  auto created = std::make_shared<std::shared_ptr<CollectionEntry>>();
  auto apply = [db, info, created](WriteContext& context, Status& outcome) -> Status {
    auto database_id = context.catalog().databaseId(db);
    if (!database_id) {
      outcome = database_id.status();
      return Status::ok();
    }
    if (context.catalog().hasCollection(db, info.name)) {
      outcome = Status::error(ErrorCode::kDuplicateName, "duplicate name: " + info.name);
      return Status::ok();
    }
    auto entry = CollectionRow::insert(context.db(), *database_id, db, info);
    if (!entry && entry.status().code() == ErrorCode::kBadParameter) {
      outcome = entry.status();
      return Status::ok();
    }
    if (!entry) return entry.status();
    *created = std::move(*entry);
    return Status::ok();
  };
  auto publish = [created](WriteContext& context) { context.catalog().addCollection(*created); };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), std::move(publish),
                                        std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::importDocuments(std::string db, std::string collection,
                                                          std::vector<std::string> docs,
                                                          StatusCallback done) {
  // Identities and the newest revision are found here, on the caller's thread.
  auto ids = std::make_shared<std::vector<Identity>>();
  ids->reserve(docs.size());
  std::uint64_t newest = 0;
  Status invalid;
  for (const std::string& json : docs) {
    auto id = identityOf(json);
    if (!id) {
      invalid = Status::error(ErrorCode::kBadParameter,
                              "imported document without _key or _rev: " + json.substr(0, 80));
      break;
    }
    newest = std::max(newest, RevisionClock::decode(id->rev).value_or(0));
    ids->push_back(std::move(*id));
  }
  auto texts = std::make_shared<std::vector<std::string>>(std::move(docs));
  auto apply = [db = std::move(db), collection = std::move(collection), ids, texts, newest,
                invalid](WriteContext& context, Status& outcome) -> Status {
    if (!invalid) {
      outcome = invalid;
      return Status::ok();
    }
    auto entry = context.catalog().find(db, collection);
    if (!entry) {
      outcome = entry.status();
      return Status::ok();
    }
    auto added = importAll(context.db(), (*entry)->id, *ids, *texts);
    if (!added) return added.status();
    context.touch(**entry, *added);
    context.observeRevision(newest);
    return Status::ok();
  };
  const std::size_t operations = std::max<std::size_t>(1, ids->size());
  return std::make_unique<FunctionTask>(false, false, operations, std::move(apply), nullptr,
                                        std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::finishFullSync(OplogPosition base, StatusCallback done) {
  auto apply = [base](WriteContext& context, Status&) -> Status {
    context.setBase(base);
    context.setPosition(base);
    context.observeTick(base.tick);
    context.raiseTerm(base.term);
    SqliteConnection& db = context.db();
    if (Status s = writePosition(db, kMetaBaseTick, kMetaBaseTerm, base); !s) return s;
    if (Status s = writePosition(db, kMetaAppliedTick, kMetaAppliedTerm, base); !s) return s;
    if (Status s = Schema::writeMeta(db, kMetaLastTick, std::to_string(context.lastTick())); !s) {
      return s;
    }
    return writeTerm(context);
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), nullptr,
                                        std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::rollbackAfter(
    std::uint64_t fork_tick, std::function<void(Result<std::vector<OplogEntry>>)> done) {
  auto removed = std::make_shared<std::vector<OplogEntry>>();
  auto apply = [fork_tick, removed](WriteContext& context, Status& outcome) -> Status {
    if (fork_tick >= context.position().tick) return Status::ok();  // nothing after the fork
    SqliteConnection& db = context.db();
    // Alone in its transaction, so no oplog entry is still buffered: the table is complete.
    auto entries = Oplog::read(db, fork_tick, static_cast<std::size_t>(-1) >> 1);
    if (!entries) return entries.status();
    if (Status s =
            execSql(db, "DELETE FROM oplog WHERE tick > ?1", static_cast<std::int64_t>(fork_tick));
        !s) {
      return s;
    }
    auto position = Oplog::lastPosition(db);
    if (!position) return position.status();
    if (position->tick == 0) {
      if (fork_tick != context.base().tick) {
        outcome = Status::error(ErrorCode::kBadParameter, "no oplog entry at or before tick " +
                                                              std::to_string(fork_tick) +
                                                              ": the history before it was pruned");
        return Status::error(ErrorCode::kBadParameter, "rollback refused");  // undo the delete
      }
      *position = context.base();
    }
    context.setPosition(*position);
    *removed = std::move(*entries);
    if (Status s = bumpHistoryEpoch(db); !s) return s;
    return writePosition(db, kMetaAppliedTick, kMetaAppliedTerm, *position);
  };
  auto complete = [removed, done = std::move(done)](const Status& status) {
    if (!status) return done(status);
    done(std::move(*removed));
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), nullptr,
                                        std::move(complete));
}

std::unique_ptr<WriteTask> ReplicaWrites::restoreDocument(std::string db, std::string collection,
                                                          std::string key,
                                                          std::optional<std::string> json,
                                                          StatusCallback done) {
  std::optional<Identity> id;
  if (json) id = identityOf(*json);
  auto apply = [db = std::move(db), collection = std::move(collection), key = std::move(key),
                json = std::move(json), id](WriteContext& context, Status& outcome) -> Status {
    auto entry = context.catalog().find(db, collection);
    if (!entry) {
      outcome = entry.status();
      return Status::ok();
    }
    if (json && (!id || id->key != key)) {
      outcome = Status::error(ErrorCode::kBadParameter,
                              "restored document " + key + " lacks a matching _key or _rev");
      return Status::ok();
    }
    if (json) {
      auto inserted = putDocument(context.db(), (*entry)->id, *id, *json);
      if (!inserted) return inserted.status();
      context.touch(**entry, *inserted ? 1 : 0);
      if (auto revision = RevisionClock::decode(id->rev)) context.observeRevision(*revision);
      return Status::ok();
    }
    if (Status s = DocumentTable::remove(context.db(), (*entry)->id, key); !s) return s;
    context.touch(**entry, -static_cast<std::int64_t>(sqlite3_changes(context.db().handle())));
    return Status::ok();
  };
  return std::make_unique<FunctionTask>(false, 1, std::move(apply), nullptr, std::move(done));
}

std::unique_ptr<WriteTask> ReplicaWrites::pruneOplog(
    std::uint64_t keep_after_tick, std::function<void(Result<std::uint64_t>)> done) {
  auto deleted = std::make_shared<std::uint64_t>(0);
  auto apply = [keep_after_tick, deleted](WriteContext& context, Status&) -> Status {
    // The newest entry stays: it is the store's replication position.
    const std::uint64_t newest = context.position().tick;
    const std::uint64_t limit = std::min(keep_after_tick, newest == 0 ? 0 : newest - 1);
    if (limit == 0) return Status::ok();
    SqliteConnection& db = context.db();
    auto highest = highestTickUpTo(db, limit);
    if (!highest) return highest.status();
    if (*highest == 0) return Status::ok();  // nothing at or below the limit
    if (Status s =
            execSql(db, "DELETE FROM oplog WHERE tick <= ?1", static_cast<std::int64_t>(limit));
        !s) {
      return s;
    }
    *deleted = static_cast<std::uint64_t>(sqlite3_changes(db.handle()));
    return recordPruned(db, *highest);
  };
  auto complete = [deleted, done = std::move(done)](const Status& status) {
    if (!status) return done(status);
    done(*deleted);
  };
  return std::make_unique<FunctionTask>(true, kExclusive, std::move(apply), nullptr,
                                        std::move(complete));
}

}  // namespace tandem::storage
