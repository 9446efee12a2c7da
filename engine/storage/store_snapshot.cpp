// StoreSnapshot (tandem/store_snapshot.h): a read transaction held open on a connection of its
// own. SQLite starts a read transaction's snapshot at its first read, so open() reads the
// position at once: every later call sees the same commit.
#include "tandem/store_snapshot.h"

#include <mutex>

#include "storage/catalog.h"
#include "storage/oplog.h"
#include "storage/schema.h"
#include "storage/snapshot_reader.h"
#include "storage/sqlite_connection.h"

namespace tandem {

using storage::SnapshotReader;

struct StoreSnapshot::Impl {
  mutable std::mutex mu;  // guards the connection
  std::unique_ptr<storage::SqliteConnection> db;
  OplogPosition position;
};

StoreSnapshot::StoreSnapshot(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StoreSnapshot::~StoreSnapshot() {
  if (impl_ && impl_->db) (void)impl_->db->exec("COMMIT");
}

OplogPosition StoreSnapshot::position() const { return impl_->position; }

Result<std::vector<DatabaseInfo>> StoreSnapshot::databases() const {
  std::lock_guard lock(impl_->mu);
  return SnapshotReader::databases(*impl_->db);
}

Result<std::vector<CollectionInfo>> StoreSnapshot::collections(std::string_view db) const {
  std::lock_guard lock(impl_->mu);
  return SnapshotReader::collections(*impl_->db, db);
}

Result<std::uint64_t> StoreSnapshot::documentCount(std::string_view db,
                                                   std::string_view collection) const {
  std::lock_guard lock(impl_->mu);
  auto found = SnapshotReader::collection(*impl_->db, db, collection);
  if (!found) return found.status();
  return found->count;
}

Result<DumpChunk> StoreSnapshot::dump(std::string_view db, std::string_view collection,
                                      std::string_view after_key, std::size_t limit) const {
  std::lock_guard lock(impl_->mu);
  auto found = SnapshotReader::collection(*impl_->db, db, collection);
  if (!found) return found.status();
  return SnapshotReader::dump(*impl_->db, found->id, collection, after_key, limit);
}

Result<std::unique_ptr<StoreSnapshot>> storage::SnapshotReader::open(const std::string& path,
                                                                     int cache_kib) {
  auto db = storage::SqliteConnection::open(path, storage::ConnectionMode::kReadOnly, cache_kib);
  if (!db) return db.status();
  auto impl = std::make_unique<StoreSnapshot::Impl>();
  impl->db = std::move(*db);
  if (Status status = impl->db->exec("BEGIN"); !status) return status;
  auto position = storage::Oplog::lastPosition(*impl->db);  // the first read pins the snapshot
  if (!position) return position.status();
  if (position->tick == 0) {
    auto base = SnapshotReader::basePosition(*impl->db);
    if (!base) return base.status();
    *position = *base;
  }
  impl->position = *position;
  return std::make_unique<StoreSnapshot>(std::move(impl));
}

}  // namespace tandem
