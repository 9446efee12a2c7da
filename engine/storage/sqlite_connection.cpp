#include "storage/sqlite_connection.h"

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace tandem::storage {
namespace {

// Process-wide SQLite settings, applied once before the first connection opens. Memory
// statistics cost a global mutex on every SQLite allocation (several per statement); nothing
// reads them. If SQLite was initialized earlier by someone else the call is refused
// (SQLITE_MISUSE) and SQLite simply keeps its defaults.
void configureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Status sqliteStatus(int rc, sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`; it matches `rc` when the caller
  // reports right after the failing call, which every caller in storage/ does.
  const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  message += text != nullptr ? text : sqlite3_errstr(rc);
  message += " (sqlite code " + std::to_string(rc) + ")";
  return Status::error(ErrorCode::kInternal, std::move(message));
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 ConnectionMode mode,
                                                                 int cache_kib) {
  configureSqliteOnce();
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
  flags |= mode == ConnectionMode::kReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = sqliteStatus(rc, db, "cannot open " + path);
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  // Memory stays bounded: a small page cache per connection and no memory-mapped I/O. Debian builds
  // SQLite with SECURE_DELETE, which zeroes freed space on every update/delete: extra writes that a
  // document store (like RocksDB under ArangoDB) does not promise, so it is turned off.
  const std::string pragmas = "PRAGMA cache_size=-" + std::to_string(cache_kib) +
                              ";PRAGMA mmap_size=0;PRAGMA temp_store=MEMORY;"
                              "PRAGMA secure_delete=OFF;";
  if (Status status = connection->exec(pragmas); !status) return status;
  sqlite3_busy_handler(db, &SqliteConnection::onBusy, connection.get());
  return connection;
}

// Two writers share tandem.db: the document store's writer and the agent's log store. Each
// commits back to back under load with only microseconds between its transactions, so
// SQLite's own busy timeout (sleeping up to 100 ms between looks) would mostly look while the
// lock is held and could starve one side for the whole timeout. Looking every quarter
// millisecond finds a gap quickly. `count` is 0 on the first call of each wait.
int SqliteConnection::onBusy(void* self, int count) {
  constexpr auto kBusyBudget = std::chrono::seconds(10);
  constexpr auto kBusyPause = std::chrono::microseconds(250);
  auto* connection = static_cast<SqliteConnection*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) connection->busy_since_ = now;
  if (now - connection->busy_since_ >= kBusyBudget) return 0;
  std::this_thread::sleep_for(kBusyPause);
  return 1;
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

Status SqliteConnection::exec(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::ok();
  std::string message = "SQL failed (" + text.substr(0, 60) + "): ";
  message += error != nullptr ? error : sqlite3_errstr(rc);
  message += " (sqlite code " + std::to_string(rc) + ")";
  sqlite3_free(error);
  return Status::error(ErrorCode::kInternal, std::move(message));
}

Result<ScopedStatement> SqliteConnection::prepare(StaticSql sql) {
  auto found = statements_.find(sql.text());
  if (found == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.text(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) return error(rc, "cannot prepare \"" + std::string(sql.text()) + "\"");
    found = statements_.emplace(sql.text(), std::make_unique<SqliteStatement>(raw)).first;
  }
  return ScopedStatement(found->second.get());
}

Result<std::int64_t> SqliteConnection::queryInt64(StaticSql sql, std::int64_t fallback) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.status();
  const int rc = (*stmt)->step();
  if (rc == SQLITE_ROW) return (*stmt)->columnInt64(0);
  if (rc == SQLITE_DONE) return fallback;
  return error(rc, "query failed");
}

}  // namespace tandem::storage
