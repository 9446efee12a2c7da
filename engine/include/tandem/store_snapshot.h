/// @file
/// StoreSnapshot: a pinned read view of a Store for an initial sync (the leader's
/// /_api/replication/batch): one read transaction on a SQLite connection of its own, so every
/// call sees the store as of the same commit, however long the snapshot stays open and
/// however much is written meanwhile (WAL keeps the pages it reads).
///
/// Ownership: created by Store::openSnapshot(); owns its connection. Destroy it before the
/// store closes (an open snapshot only delays the store's final checkpoint).
/// Thread-safety: every method may be called from any thread; calls are serialized on the
/// snapshot's connection. Errors: kDatabaseNotFound, kDataSourceNotFound, SQLite failures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem {

/// One chunk of a collection dump, documents in key order.
struct DumpChunk {
  std::vector<Document> docs;  ///< at most the requested number, in ascending key order
  bool more = false;           ///< documents after last_key exist
  std::string last_key;        ///< key of the last document of the chunk (the next `after_key`)
};

/// A read transaction pinned on a connection of its own (see the file comment).
class StoreSnapshot {
 public:
  struct Impl;  ///< internal (engine/storage/store_snapshot.cpp)
  explicit StoreSnapshot(std::unique_ptr<Impl> impl);
  ~StoreSnapshot();
  StoreSnapshot(const StoreSnapshot&) = delete;
  StoreSnapshot& operator=(const StoreSnapshot&) = delete;

  /// (tick, term) of the newest oplog entry visible (or the snapshot base if the oplog is
  /// empty): applying the leader's entries after it to a copy of this snapshot gives the
  /// leader's later state.
  OplogPosition position() const;
  /// Every database as of the snapshot, by id.
  Result<std::vector<DatabaseInfo>> databases() const;
  /// The collections of `db` as of the snapshot (kDatabaseNotFound).
  Result<std::vector<CollectionInfo>> collections(std::string_view db) const;
  /// Documents in the collection as of the snapshot (kDatabaseNotFound, kDataSourceNotFound).
  Result<std::uint64_t> documentCount(std::string_view db, std::string_view collection) const;
  /// At most `limit` documents with key > after_key (all keys if after_key is empty), in
  /// ascending key order (kDatabaseNotFound, kDataSourceNotFound).
  Result<DumpChunk> dump(std::string_view db, std::string_view collection,
                         std::string_view after_key, std::size_t limit) const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem
