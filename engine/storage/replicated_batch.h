// ReplicatedBatch: applies a leader's oplog entries on a follower, inside the writer's
// transaction (Store::applyReplicated). Each entry changes the data exactly as it changed the
// leader's (documents with the leader's _key/_rev/body, databases and collections with the
// leader's ids and properties) and is copied into this oplog with its own tick and term.
//
// DDL entries are visible to the later entries of the same batch through an overlay of the
// catalog (databases and collections created or dropped by this batch); the catalog itself is
// reloaded after the commit. Document counts and key-generator state go through the
// WriteContext's batch bookkeeping like local writes, so a rollback leaves no trace.
//
// Errors: entries whose ticks do not increase are refused before anything is written
// (kBadParameter, as the outcome); an entry that cannot be applied (unknown collection, bad
// body) fails the transaction: nothing of the batch is written.
// Thread-safety: writer thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/catalog.h"
#include "storage/write_context.h"
#include "tandem/store.h"

namespace tandem::storage {

class ReplicatedBatch {
 public:
  explicit ReplicatedBatch(std::vector<OplogEntry> entries) : entries_(std::move(entries)) {}

  // kBadParameter if the ticks do not strictly increase.
  Status validate() const;
  // Entries with tick <= context.position().tick are skipped (already applied).
  Status apply(WriteContext& context);
  // After COMMIT: reloads the catalog if a database or collection changed.
  void publish(WriteContext& context);
  std::size_t size() const { return entries_.size(); }

 private:
  Status applyOne(WriteContext& context, const OplogEntry& entry);
  Status upsert(WriteContext& context, const OplogEntry& entry);
  Status remove(WriteContext& context, const OplogEntry& entry);
  Status createDatabase(WriteContext& context, const OplogEntry& entry);
  Status dropDatabase(WriteContext& context, const OplogEntry& entry);
  Status createCollection(WriteContext& context, const OplogEntry& entry);
  Status truncateOrDrop(WriteContext& context, const OplogEntry& entry);

  // Lookups through the overlay, then the catalog.
  Result<std::shared_ptr<CollectionEntry>> resolve(WriteContext& context, const std::string& db,
                                                   const std::string& name) const;
  std::optional<std::int64_t> databaseId(WriteContext& context, const std::string& db) const;

  std::vector<OplogEntry> entries_;
  // Databases created (id) or dropped (nullopt) by this batch.
  std::map<std::string, std::optional<std::int64_t>, std::less<>> databases_;
  // Collections created (entry) or dropped (nullptr) by this batch, by (db, name).
  std::map<std::pair<std::string, std::string>, std::shared_ptr<CollectionEntry>> collections_;
  bool catalog_changed_ = false;
};

}  // namespace tandem::storage
