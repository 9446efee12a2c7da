// SqliteConnection: one RAII SQLite connection with a cache of prepared statements.
//
// This is the only place where SQLite result codes become Status values (sqliteStatus()).
// Ownership: owns the sqlite3 handle and every statement it prepared; the destructor finalizes
// the statements and closes the handle.
// Thread-safety: none. A connection is used by one thread at a time (the writer thread, or the
// thread that borrowed it from the ReaderPool); SQLite is opened with SQLITE_OPEN_NOMUTEX.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "storage/sqlite_statement.h"
#include "tandem/status.h"

namespace tandem::storage {

enum class ConnectionMode { kReadWrite, kReadOnly };

// kInternal with "<what>: <sqlite message> (sqlite code N)"; SQLITE_FULL and SQLITE_IOERR keep
// their SQLite text so operators see "database or disk is full".
Status sqliteStatus(int rc, sqlite3* db, std::string_view what);

class SqliteConnection {
 public:
  // Opens `path`; kReadWrite creates the file if missing. `cache_kib` bounds the page cache.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                        ConnectionMode mode, int cache_kib);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements that return no rows we need.
  Status exec(std::string_view sql);
  // A cached prepared statement for `sql` (prepared on first use), reset when the returned
  // scope ends. `sql` must be a single statement.
  Result<ScopedStatement> prepare(StaticSql sql);
  // Reads a single integer ("SELECT count(*) ..."); `fallback` if there is no row.
  Result<std::int64_t> queryInt64(StaticSql sql, std::int64_t fallback);

  // Runs `body` (returning Status) inside BEGIN IMMEDIATE ... COMMIT and rolls back if it or
  // the commit fails. IMMEDIATE takes the write lock first (waiting out another connection's
  // writer through the busy handler) instead of failing later when a read transaction would
  // have to be upgraded.
  template <typename Body>
  Status immediateTransaction(Body&& body) {
    if (Status status = exec("BEGIN IMMEDIATE"); !status) return status;
    Status status = body();
    if (status) status = exec("COMMIT");
    if (!status && inTransaction()) (void)exec("ROLLBACK");
    return status;
  }

  // Runs `body` (returning Result<T>) inside BEGIN ... COMMIT on a read-only connection, so
  // every statement of it reads the same commit; the transaction ends on every path (a pooled
  // connection must not go back to the pool holding a snapshot).
  template <typename T, typename Body>
  Result<T> readTransaction(Body&& body) {
    if (Status status = exec("BEGIN"); !status) return status;
    Result<T> result = body();
    const Status ended = exec("COMMIT");
    if (!result) return result;
    if (!ended) return ended;
    return result;
  }

  Status error(int rc, std::string_view what) const { return sqliteStatus(rc, db_, what); }
  bool inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // sqlite3_busy_handler: waits for another connection's write lock (see the .cpp).
  static int onBusy(void* self, int count);

  sqlite3* db_;
  std::chrono::steady_clock::time_point busy_since_;  // start of the current busy wait
  // Keyed by the address of the static SQL text (see StaticSql).
  std::unordered_map<const char*, std::unique_ptr<SqliteStatement>> statements_;
};

}  // namespace tandem::storage
