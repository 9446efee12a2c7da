// Store::Impl: the parts a Store wires together (see store.cpp), shared by the translation
// units that implement Store's members (store.cpp, store_replication.cpp, cursor.cpp,
// change_feed.cpp, store_blocking.cpp).
//
// Thread-safety: as Store's (the parts guard themselves; `closed` is atomic).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "storage/blocking_call.h"
#include "storage/catalog.h"
#include "storage/dir_lock.h"
#include "storage/document_task.h"
#include "storage/live_set.h"
#include "storage/reader_pool.h"
#include "storage/write_request.h"
#include "storage/writer.h"
#include "tandem/store.h"

namespace tandem {
namespace storage {
class ChangeFeed;
class CursorState;
}  // namespace storage

using storage::Catalog;
using storage::DocumentTask;
using storage::ReaderPool;
using storage::WriteKind;
using storage::Writer;
using storage::WriteRequest;

struct Store::Impl {
  StoreOptions options;
  std::unique_ptr<storage::DirLock> lock;
  Catalog catalog;
  std::unique_ptr<ReaderPool> readers;
  std::unique_ptr<Writer> writer;
  std::string server_id;

  std::mutex close_mu;
  std::atomic<bool> closed{false};
  // Ended by close() before the readers and the writer go.
  storage::LiveSet<storage::CursorState> cursors;
  storage::LiveSet<storage::ChangeFeed> feeds;

  Status closedStatus() const {
    return Status::error(ErrorCode::kShuttingDown, "shutdown in progress: the store is closed");
  }
  void submitDocuments(WriteKind kind, std::string db, std::string collection, std::string_view key,
                       std::string_view body, const WriteOptions& options, WriteCallback done) {
    WriteRequest request = WriteRequest::parse(kind, key, body, options);
    writer->submit(std::make_unique<DocumentTask>(kind, std::move(db), std::move(collection),
                                                  options, std::move(request), std::move(done)));
  }
  // The blocking forms (storage/blocking_call.h): refused inside a write callback.
  template <typename T, typename Submit>
  T await(Submit&& submit) {
    return storage::awaitCallback<T>(std::forward<Submit>(submit));
  }
};

}  // namespace tandem
