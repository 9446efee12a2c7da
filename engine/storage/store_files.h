// StoreFiles: opening the files of a store directory — the directory lock, the writer
// connection in WAL mode, the schema check (or creation) — shared by Store::open() and
// Store::upgrade().
//
// Thread-safety: used by the opening thread only, before the store starts its writer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/dir_lock.h"
#include "storage/sqlite_connection.h"
#include "storage/write_context.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

// Page cache per connection, in KiB: enough for the B-tree interior pages of a large store,
// small enough that the process stays well within its memory budget.
inline constexpr int kWriterCacheKib = 16 * 1024;
inline constexpr int kReaderCacheKib = 4 * 1024;

struct StoreFiles {
  std::string directory;
  std::string path;  // <directory>/tandem.db
  std::unique_ptr<DirLock> lock;
  std::unique_ptr<SqliteConnection> db;  // read-write
  int version = 0;                       // schema version found (0: new file)

  // Creates the directory if needed, locks it and opens the file (without changing it).
  static Result<StoreFiles> open(const StoreOptions& options);
  // Switches to WAL and creates the schema when the file is new.
  Status prepare();
  // Reads the writer's starting point (server id, last tick, term, last revision).
  Result<WriterSeed> seed();
};

}  // namespace tandem::storage
