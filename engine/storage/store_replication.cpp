// Store: the replication members (engine/replication/DESIGN.md). Reads use the pooled
// readers; writes are ReplicaWrites tasks on the writer thread; positions come from what the
// writer published after its last commit.
#include "storage/oplog.h"
#include "storage/replica_writes.h"
#include "storage/snapshot_reader.h"
#include "storage/store_files.h"
#include "storage/store_impl.h"
#include "tandem/store.h"
#include "tandem/store_snapshot.h"

namespace tandem {

using storage::Oplog;
using storage::ReplicaWrites;

OplogPosition Store::lastPosition() const { return impl_->writer->position(); }

std::uint64_t Store::currentTerm() const { return impl_->writer->term(); }

OplogPosition Store::snapshotBase() const { return impl_->writer->base(); }

void Store::beginTerm(std::uint64_t term, std::string leader_id,
                      std::function<void(Result<OplogPosition>)> done) {
  impl_->writer->submit(ReplicaWrites::beginTerm(term, std::move(leader_id), std::move(done)));
}

std::uint64_t Store::waitForTick(std::uint64_t after, std::chrono::milliseconds timeout) const {
  return impl_->writer->waitForTick(after, timeout);
}

Result<std::vector<TermRange>> Store::termHistory() const {
  if (impl_->closed) return impl_->closedStatus();
  auto lease = impl_->readers->acquire();
  if (!lease) return lease.status();
  return Oplog::termHistory(**lease);
}

std::uint64_t Store::firstTick() const {
  if (impl_->closed) return 0;
  auto lease = impl_->readers->acquire();
  if (!lease) return 0;
  auto tick = Oplog::minTick(**lease);
  return tick ? *tick : 0;
}

Result<bool> Store::hasPosition(OplogPosition position) const {
  if (impl_->closed) return impl_->closedStatus();
  if (position.tick != 0 && position == snapshotBase()) return true;
  auto lease = impl_->readers->acquire();
  if (!lease) return lease.status();
  auto term = Oplog::termAt(**lease, position.tick);
  if (!term) return term.status();
  return term->has_value() && **term == position.term;
}

Result<std::unique_ptr<StoreSnapshot>> Store::openSnapshot() const {
  if (impl_->closed) return impl_->closedStatus();
  return storage::SnapshotReader::open(impl_->options.directory + "/tandem.db",
                                       storage::kReaderCacheKib);
}

void Store::applyReplicated(std::vector<OplogEntry> entries,
                            std::function<void(Result<OplogPosition>)> done) {
  impl_->writer->submit(ReplicaWrites::applyReplicated(std::move(entries), std::move(done)));
}

void Store::beginFullSync(std::function<void(Status)> done) {
  impl_->writer->submit(ReplicaWrites::beginFullSync(std::move(done)));
}

void Store::importDatabase(DatabaseInfo info, std::function<void(Status)> done) {
  impl_->writer->submit(ReplicaWrites::importDatabase(std::move(info), std::move(done)));
}

void Store::importCollection(std::string db, CollectionInfo info,
                             std::function<void(Status)> done) {
  impl_->writer->submit(
      ReplicaWrites::importCollection(std::move(db), std::move(info), std::move(done)));
}

void Store::importDocuments(std::string db, std::string collection,
                            std::vector<std::string> json_docs, std::function<void(Status)> done) {
  impl_->writer->submit(ReplicaWrites::importDocuments(std::move(db), std::move(collection),
                                                       std::move(json_docs), std::move(done)));
}

void Store::finishFullSync(OplogPosition base, std::function<void(Status)> done) {
  impl_->writer->submit(ReplicaWrites::finishFullSync(base, std::move(done)));
}

void Store::rollbackAfter(std::uint64_t fork_tick,
                          std::function<void(Result<std::vector<OplogEntry>>)> done) {
  impl_->writer->submit(ReplicaWrites::rollbackAfter(fork_tick, std::move(done)));
}

void Store::restoreDocument(std::string db, std::string collection, std::string key,
                            std::optional<std::string> json, std::function<void(Status)> done) {
  impl_->writer->submit(ReplicaWrites::restoreDocument(
      std::move(db), std::move(collection), std::move(key), std::move(json), std::move(done)));
}

void Store::pruneOplog(std::uint64_t keep_after_tick,
                       std::function<void(Result<std::uint64_t>)> done) {
  impl_->writer->submit(ReplicaWrites::pruneOplog(keep_after_tick, std::move(done)));
}

}  // namespace tandem
