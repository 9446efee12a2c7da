// ReaderPool: a fixed set of read-only SQLite connections lent to reading threads.
//
// In WAL mode every read statement sees a consistent snapshot and never blocks the writer.
// A thread borrows a connection with acquire() and returns it when the Lease ends; if all are
// lent, acquire() waits. close() refuses new loans, waits for the outstanding ones to come
// back and closes every connection.
//
// Ownership: owns the connections. Thread-safety: acquire() and close() from any thread; a
// Lease (and its connection) is used by the borrowing thread only.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"

namespace tandem::storage {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<SqliteConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  static Result<std::unique_ptr<ReaderPool>> open(const std::string& path, int connections,
                                                  int cache_kib);
  ~ReaderPool() { close(); }
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // kShuttingDown once close() has begun.
  Result<Lease> acquire();
  void close();

 private:
  ReaderPool() = default;
  void release(std::unique_ptr<SqliteConnection> connection);

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by mu_
  int lent_ = 0;                                         // guarded by mu_
  bool closed_ = false;                                  // guarded by mu_
};

}  // namespace tandem::storage
