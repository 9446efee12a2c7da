// CursorState: the state behind a Cursor (tandem/store.h).
//
// A snapshot cursor owns a StoreSnapshot (a read transaction pinned on a connection of its
// own) and pages through it with StoreSnapshot::dump(). A non-snapshot cursor pages on the
// store's pooled readers: each batch is one read transaction that checks the collection is
// still the one the cursor was opened on (same id) and reads the keys after the last one
// returned (keyset paging, the same SnapshotReader::dump() query).
//
// Ownership: shared by the Cursor and, weakly, by the Store's LiveSet. The ReaderPool belongs
// to the store; shutdown() (from Store::close()) releases the snapshot and stops every later
// use of the store.
// Thread-safety: next(), done() and lastKey() from the cursor's user (one thread at a time);
// shutdown() from any thread (mu_ orders it against a running next()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/reader_pool.h"
#include "tandem/store.h"
#include "tandem/store_snapshot.h"

namespace tandem::storage {

struct CursorTarget {
  std::string db;
  std::string collection;
  std::int64_t collection_id = 0;
};

class CursorState {
 public:
  // `snapshot` null: a non-snapshot cursor on `readers`.
  CursorState(ReaderPool& readers, CursorTarget target, std::unique_ptr<StoreSnapshot> snapshot,
              std::string start_after, std::size_t batch_size);

  Result<std::vector<Document>> next();
  bool done() const { return done_; }
  const std::string& lastKey() const { return last_key_; }
  // The store is closing: later next() calls fail with kShuttingDown.
  void shutdown();

 private:
  Result<DumpChunk> readPooled();

  const CursorTarget target_;
  const std::size_t batch_size_;
  std::string last_key_;  // the cursor user's
  bool done_ = false;     // the cursor user's

  std::mutex mu_;
  ReaderPool* readers_;                      // guarded by mu_; null once the store closed
  std::unique_ptr<StoreSnapshot> snapshot_;  // guarded by mu_
  const bool pinned_;                        // a snapshot cursor
};

}  // namespace tandem::storage
