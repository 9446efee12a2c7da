#include "sqlite_baseline.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>

#include "bench_phases.h"

namespace tandem::bench {
namespace {

// The Store's writer connection: 8 KiB pages (set before WAL, when the file is empty), WAL,
// an fsync per commit, a 16 MiB cache, no mmap.
constexpr const char* kSetup =
    "PRAGMA page_size=8192;"
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA cache_size=-16384;"
    "PRAGMA mmap_size=0;"
    "PRAGMA temp_store=MEMORY;"
    "CREATE TABLE docs(key TEXT PRIMARY KEY, rev TEXT, body TEXT);";

struct CloseDb {
  void operator()(sqlite3* db) const { ::sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { ::sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw BenchFailure("raw SQLite baseline: " + what + ": " + ::sqlite3_errmsg(db) +
                     " (is the temporary directory writable and on a local disk?)");
}

void exec(sqlite3* db, const char* sql, const char* what) {
  if (::sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, what);
}

Db openDatabase(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  const int rc =
      ::sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) fail(db.get(), "cannot open " + file.string());
  exec(db.get(), kSetup, "cannot set up the database");
  return db;
}

void insertRange(sqlite3* db, sqlite3_stmt* insert, const BaselineRows& rows, std::size_t begin,
                 std::size_t end) {
  exec(db, "BEGIN", "BEGIN failed");
  for (std::size_t i = begin; i < end; ++i) {
    ::sqlite3_bind_text(insert, 1, rows.keys[i].data(), static_cast<int>(rows.keys[i].size()),
                        SQLITE_STATIC);
    ::sqlite3_bind_text(insert, 2, rows.revs[i].data(), static_cast<int>(rows.revs[i].size()),
                        SQLITE_STATIC);
    ::sqlite3_bind_text(insert, 3, rows.bodies[i].data(), static_cast<int>(rows.bodies[i].size()),
                        SQLITE_STATIC);
    if (::sqlite3_step(insert) != SQLITE_DONE) fail(db, "INSERT of " + rows.keys[i] + " failed");
    ::sqlite3_reset(insert);
  }
  exec(db, "COMMIT", "COMMIT failed");
}

std::int64_t countRows(sqlite3* db) {
  sqlite3_stmt* raw = nullptr;
  if (::sqlite3_prepare_v2(db, "SELECT count(*) FROM docs", -1, &raw, nullptr) != SQLITE_OK) {
    fail(db, "cannot prepare the count");
  }
  const Stmt count(raw);
  if (::sqlite3_step(count.get()) != SQLITE_ROW) fail(db, "cannot count the rows");
  return ::sqlite3_column_int64(count.get(), 0);
}

}  // namespace

double loadRawSqlite(const std::filesystem::path& file, const BaselineRows& rows,
                     std::size_t rows_per_transaction) {
  const Db db = openDatabase(file);
  sqlite3_stmt* raw = nullptr;
  if (::sqlite3_prepare_v2(db.get(), "INSERT INTO docs(key, rev, body) VALUES(?1, ?2, ?3)", -1,
                           &raw, nullptr) != SQLITE_OK) {
    fail(db.get(), "cannot prepare the INSERT");
  }
  const Stmt insert(raw);
  const std::size_t total = rows.keys.size();
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t begin = 0; begin < total; begin += rows_per_transaction) {
    insertRange(db.get(), insert.get(), rows, begin, std::min(total, begin + rows_per_transaction));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::int64_t stored = countRows(db.get());
  if (stored != static_cast<std::int64_t>(total)) {
    throw BenchFailure("raw SQLite baseline: " + std::to_string(stored) + " rows stored, " +
                       std::to_string(total) + " inserted");
  }
  return seconds;
}

}  // namespace tandem::bench
