// Store: the facade over the storage parts (see engine/storage/DESIGN.md).
//   reads  -> Catalog (names) + ReaderPool (read-only connections, WAL snapshots)
//   writes -> WriteRequest (parsed on the caller's thread) -> Writer (group commit)
#include "tandem/store.h"

#include <atomic>
#include <mutex>

#include "storage/catalog.h"
#include "storage/change_feed.h"
#include "storage/cursor_state.h"
#include "storage/ddl_task.h"
#include "storage/document_table.h"
#include "storage/document_task.h"
#include "storage/multi_get.h"
#include "storage/oplog.h"
#include "storage/reader_pool.h"
#include "storage/schema.h"
#include "storage/store_files.h"
#include "storage/store_impl.h"
#include "storage/writer.h"

namespace tandem {

using storage::DdlTask;
using storage::DocumentTable;
using storage::StoreFiles;

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() { close(); }

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  auto files = StoreFiles::open(options);
  if (!files) return files.status();
  if (files->version != 0) {
    if (Status status = storage::Schema::checkOpenable(files->version, files->directory); !status) {
      return status;
    }
  }
  if (Status status = files->prepare(); !status) return status;
  const char* synchronous =
      options.sync == SyncMode::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  if (Status status = files->db->exec(synchronous); !status) return status;

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (Status status = impl->catalog.load(*files->db); !status) return status;
  auto seed = files->seed();
  if (!seed) return seed.status();
  impl->server_id = seed->server_id;
  auto readers =
      ReaderPool::open(files->path, options.reader_connections, storage::kReaderCacheKib);
  if (!readers) return readers.status();
  impl->readers = std::move(*readers);
  impl->lock = std::move(files->lock);
  impl->writer = std::make_unique<Writer>(std::move(files->db), impl->catalog, *seed, options.sync,
                                          options.max_batch_operations);
  impl->writer->start();
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<UpgradeReport> Store::upgrade(const StoreOptions& options) {
  auto files = StoreFiles::open(options);
  if (!files) return files.status();
  UpgradeReport report{files->version, kSchemaVersion};
  if (files->version > kSchemaVersion) {
    return storage::Schema::newerSchema(files->version, files->directory);
  }
  if (files->version == 0) report.from_version = kSchemaVersion;  // created, nothing to migrate
  if (Status status = files->prepare(); !status) return status;
  if (files->version < kSchemaVersion) {
    if (Status status = storage::Schema::migrate(*files->db, files->version); !status) {
      return status;
    }
  }
  if (Status status = files->db->exec("PRAGMA wal_checkpoint(TRUNCATE)"); !status) return status;
  return report;
}

void Store::close() {
  std::lock_guard lock(impl_->close_mu);
  if (impl_->closed.exchange(true)) return;
  // Feeds and cursors first: they read through the readers and wait on the writer.
  for (auto& feed : impl_->feeds.close()) feed->shutdown();  // on_end(kShuttingDown), joined
  for (auto& cursor : impl_->cursors.close()) cursor->shutdown();
  impl_->writer->stop();    // drains the queue: every callback runs
  impl_->readers->close();  // waits for readers still at work
  impl_->writer->close();   // checkpoint, close the writer connection
  impl_->lock.reset();
}

std::string Store::serverId() const { return impl_->server_id; }
int Store::schemaVersion() const { return kSchemaVersion; }
std::uint64_t Store::lastTick() const { return impl_->writer->lastTick(); }
StoreStats Store::stats() const { return impl_->writer->stats(); }

Result<std::vector<OplogEntry>> Store::readOplog(std::uint64_t after, std::size_t limit) const {
  auto lease = impl_->readers->acquire();
  if (!lease) return lease.status();
  return storage::Oplog::read(**lease, after, limit);
}

Result<std::vector<DatabaseInfo>> Store::listDatabases() const {
  if (impl_->closed) return impl_->closedStatus();
  return impl_->catalog.databases();
}

Result<DatabaseInfo> Store::database(std::string_view name) const {
  if (impl_->closed) return impl_->closedStatus();
  return impl_->catalog.database(name);
}

void Store::createDatabase(std::string name, std::function<void(Status)> done) {
  impl_->writer->submit(DdlTask::createDatabase(std::move(name), std::move(done)));
}

void Store::dropDatabase(std::string name, std::function<void(Status)> done) {
  impl_->writer->submit(DdlTask::dropDatabase(std::move(name), std::move(done)));
}

Result<std::vector<CollectionInfo>> Store::listCollections(std::string_view db) const {
  if (impl_->closed) return impl_->closedStatus();
  return impl_->catalog.collections(db);
}

Result<CollectionInfo> Store::collection(std::string_view db, std::string_view name) const {
  if (impl_->closed) return impl_->closedStatus();
  auto entry = impl_->catalog.find(db, name);
  if (!entry) return entry.status();
  return (*entry)->snapshot();
}

Result<std::uint64_t> Store::count(std::string_view db, std::string_view name) const {
  if (impl_->closed) return impl_->closedStatus();
  auto entry = impl_->catalog.find(db, name);
  if (!entry) return entry.status();
  return (*entry)->count.load();
}

void Store::createCollection(std::string db, CollectionSpec spec,
                             std::function<void(Result<CollectionInfo>)> done) {
  impl_->writer->submit(DdlTask::createCollection(std::move(db), std::move(spec), std::move(done)));
}

void Store::truncateCollection(std::string db, std::string name,
                               std::function<void(Result<CollectionInfo>)> done) {
  impl_->writer->submit(
      DdlTask::truncateCollection(std::move(db), std::move(name), std::move(done)));
}

void Store::dropCollection(std::string db, std::string name, bool allow_system,
                           std::function<void(Result<CollectionInfo>)> done) {
  impl_->writer->submit(
      DdlTask::dropCollection(std::move(db), std::move(name), allow_system, std::move(done)));
}

Result<Document> Store::get(std::string_view db, std::string_view collection,
                            std::string_view key) const {
  if (impl_->closed) return impl_->closedStatus();
  auto entry = impl_->catalog.find(db, collection);
  if (!entry) return entry.status();
  if (!isValidDocumentKey(key)) return Status::error(ErrorCode::kDocumentNotFound);
  auto lease = impl_->readers->acquire();
  if (!lease) return lease.status();
  auto found = DocumentTable::find(**lease, (*entry)->id, key, true);
  if (!found) return found.status();
  if (!found->has_value()) return Status::error(ErrorCode::kDocumentNotFound);
  Document document;
  document.id.reserve(collection.size() + 1 + key.size());
  document.id.append(collection).append("/").append(key);
  document.key = std::string(key);
  document.rev = std::move((*found)->rev);
  document.json = std::move((*found)->body);
  return document;
}

Result<std::vector<DocumentResult>> Store::getMany(std::string_view db, std::string_view collection,
                                                   std::string_view body) const {
  if (impl_->closed) return impl_->closedStatus();
  auto entry = impl_->catalog.find(db, collection);
  if (!entry) return entry.status();
  auto lease = impl_->readers->acquire();
  if (!lease) return lease.status();
  return storage::MultiGet::run(**lease, **entry, body);
}

void Store::insert(std::string db, std::string collection, std::string body,
                   const WriteOptions& options, WriteCallback done) {
  impl_->submitDocuments(WriteKind::kInsert, std::move(db), std::move(collection), {}, body,
                         options, std::move(done));
}

void Store::insertMany(std::string db, std::string collection, std::vector<std::string> documents,
                       const WriteOptions& options, WriteCallback done) {
  WriteRequest request = WriteRequest::parseMany(documents, options);
  impl_->writer->submit(std::make_unique<DocumentTask>(WriteKind::kInsert, std::move(db),
                                                       std::move(collection), options,
                                                       std::move(request), std::move(done)));
}

void Store::replace(std::string db, std::string collection, std::string key, std::string body,
                    const WriteOptions& options, WriteCallback done) {
  impl_->submitDocuments(WriteKind::kReplace, std::move(db), std::move(collection), key, body,
                         options, std::move(done));
}

void Store::update(std::string db, std::string collection, std::string key, std::string body,
                   const WriteOptions& options, WriteCallback done) {
  impl_->submitDocuments(WriteKind::kUpdate, std::move(db), std::move(collection), key, body,
                         options, std::move(done));
}

void Store::remove(std::string db, std::string collection, std::string key, std::string body,
                   const WriteOptions& options, WriteCallback done) {
  impl_->submitDocuments(WriteKind::kRemove, std::move(db), std::move(collection), key, body,
                         options, std::move(done));
}

}  // namespace tandem
