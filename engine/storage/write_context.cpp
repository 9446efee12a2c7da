#include "storage/write_context.h"

#include <cctype>

#include "storage/schema.h"

namespace tandem::storage {
namespace {

std::string globalIdPrefixOf(const std::string& server_id) {
  std::string prefix = "h";
  for (char c : server_id) {
    if (prefix.size() == 13) break;
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      prefix.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return prefix;
}

}  // namespace

WriteContext::WriteContext(std::unique_ptr<SqliteConnection> db, Catalog& catalog,
                           const WriterSeed& seed)
    : db_(std::move(db)),
      catalog_(catalog),
      server_id_(seed.server_id),
      global_id_prefix_(globalIdPrefixOf(seed.server_id.substr(seed.server_id.find('-') + 1))),
      tick_(seed.last_tick),
      term_(seed.term),
      position_(seed.position),
      base_(seed.base) {
  clock_.observe(seed.last_revision);
}

void WriteContext::closeConnection() {
  if (!db_) return;
  // Fold the WAL back into the main file so a cleanly closed store is a single file.
  (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db_.reset();
}

Result<std::uint64_t> WriteContext::appendOplog(OplogRecord record) {
  if (record.tick == 0) record.tick = nextTick();
  record.term = term_;
  oplog_.add(record);
  position_ = OplogPosition{record.tick, record.term};
  if (oplog_.full()) {
    if (Status status = oplog_.flush(*db_); !status) return status;
  }
  return record.tick;
}

Status WriteContext::appendReplicated(const OplogRecord& record) {
  observeTick(record.tick);
  oplog_.add(record);
  position_ = OplogPosition{record.tick, record.term};
  if (oplog_.full()) return oplog_.flush(*db_);
  return Status::ok();
}

std::uint64_t WriteContext::pendingCount(CollectionEntry& entry) const {
  const auto it = touched_.find(&entry);
  const std::int64_t delta = it == touched_.end() ? 0 : it->second.count_delta;
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(entry.count.load()) + delta);
}

void WriteContext::beginBatch() {
  batch_start_tick_ = tick_;
  batch_start_term_ = term_;
  batch_start_position_ = position_;
  batch_start_base_ = base_;
  batch_documents_written_ = 0;
  touched_.clear();
  oplog_.clear();
}

void WriteContext::touch(CollectionEntry& entry, std::int64_t count_delta) {
  auto [it, inserted] = touched_.try_emplace(&entry);
  if (inserted) it->second.original_last_value = entry.last_value.load();
  it->second.count_delta += count_delta;
}

Status WriteContext::flushBatch() {
  if (Status status = oplog_.flush(*db_); !status) return status;
  for (const auto& [entry, touched] : touched_) {
    auto stmt = db_->prepare("UPDATE collections SET doc_count=?2, last_value=?3 WHERE id=?1");
    if (!stmt) return stmt.status();
    const auto count = static_cast<std::int64_t>(entry->count.load()) + touched.count_delta;
    (*stmt)->bindInt64(1, entry->id);
    (*stmt)->bindInt64(2, count);
    (*stmt)->bindUint64(3, entry->last_value.load());
    const int rc = (*stmt)->step();
    if (rc != SQLITE_DONE) return db_->error(rc, "cannot update collection counters");
  }
  if (tick_ == batch_start_tick_) return Status::ok();
  return Schema::writeMeta(*db_, kMetaLastTick, std::to_string(tick_));
}

std::uint64_t WriteContext::commitBatch() {
  for (const auto& [entry, touched] : touched_) {
    if (touched.count_delta >= 0) {
      entry->count.fetch_add(static_cast<std::uint64_t>(touched.count_delta));
    } else {
      entry->count.fetch_sub(static_cast<std::uint64_t>(-touched.count_delta));
    }
  }
  touched_.clear();
  return batch_documents_written_;
}

void WriteContext::rollbackBatch() {
  tick_ = batch_start_tick_;
  term_ = batch_start_term_;
  position_ = batch_start_position_;
  base_ = batch_start_base_;
  for (const auto& [entry, touched] : touched_) {
    entry->last_value.store(touched.original_last_value);
  }
  touched_.clear();
  oplog_.clear();
  batch_documents_written_ = 0;
}

}  // namespace tandem::storage
