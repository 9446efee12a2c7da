// Store::Impl: the parts a Store wires together (see store.cpp), shared by the translation
// units that implement Store's members (store.cpp, store_replication.cpp, cursor.cpp,
// change_feed.cpp, store_blocking.cpp).
//
// Thread-safety: as Store's (the parts guard themselves; `closed` is atomic).
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>

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
  // The blocking forms: `submit(callback)` starts the write, this waits for the callback. On
  // the writer thread (inside a write callback) waiting would never end: refused.
  template <typename T, typename Submit>
  T await(Submit&& submit) {
    if (writer->onWriterThread()) {
      return T(Status::error(ErrorCode::kInternal,
                             "a blocking Store call inside a write callback would wait for its "
                             "own thread: use the callback form there"));
    }
    // Shared: the callback may still be inside set_value() when get() returns.
    auto promise = std::make_shared<std::promise<T>>();
    auto future = promise->get_future();
    submit([promise](T value) { promise->set_value(std::move(value)); });
    return future.get();
  }
};

}  // namespace tandem
