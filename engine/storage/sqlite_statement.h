// SqliteStatement: an RAII prepared statement; ScopedStatement: a borrowed cached statement that
// is reset (and its bindings cleared) when the borrower is done, so an idle cached statement
// never pins a read snapshot or a write lock.
//
// Ownership: a SqliteStatement is owned by the SqliteConnection that prepared it (see
// sqlite_connection.h) and finalized before that connection closes.
// Thread-safety: none; used only by the thread that owns the connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace tandem::storage {

// SQL text with static storage duration: only string literals convert to it (consteval), so
// a cached statement can be found by the address of its text without hashing the text.
class StaticSql {
 public:
  consteval StaticSql(const char* text) : text_(text) {}  // NOLINT: implicit from literals
  const char* text() const { return text_; }

 private:
  const char* text_;
};

class SqliteStatement {
 public:
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameter indexes start at 1. A failed bind is remembered and reported by step().
  void bindInt64(int index, std::int64_t value) { note(sqlite3_bind_int64(stmt_, index, value)); }
  void bindUint64(int index, std::uint64_t value) {
    bindInt64(index, static_cast<std::int64_t>(value));
  }
  // The text must stay alive until the statement is reset (no copy is made). An empty view
  // binds '' (SQLite would bind NULL for a null data pointer).
  void bindText(int index, std::string_view text) {
    const char* data = text.data() != nullptr ? text.data() : "";
    note(sqlite3_bind_text(stmt_, index, data, static_cast<int>(text.size()), SQLITE_STATIC));
  }
  void bindNull(int index) { note(sqlite3_bind_null(stmt_, index)); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() {
    if (bind_rc_ != SQLITE_OK) return bind_rc_;
    return sqlite3_step(stmt_);
  }

  std::int64_t columnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::uint64_t columnUint64(int column) const {
    return static_cast<std::uint64_t>(columnInt64(column));
  }
  // Valid until the next step() or reset().
  std::string_view columnText(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) return {};
    return std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::string columnString(int column) const { return std::string(columnText(column)); }
  bool columnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  // Every user binds all parameters before each step, so stale bindings are never read and
  // need no clearing; text bindings are SQLITE_STATIC and never dereferenced after reset.
  void reset() {
    sqlite3_reset(stmt_);
    bind_rc_ = SQLITE_OK;
  }
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  void note(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// A cached statement on loan; resets it on destruction. Move-only.
class ScopedStatement {
 public:
  explicit ScopedStatement(SqliteStatement* stmt) : stmt_(stmt) {}
  ~ScopedStatement() {
    if (stmt_ != nullptr) stmt_->reset();
  }
  ScopedStatement(ScopedStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;

  SqliteStatement* operator->() const { return stmt_; }
  SqliteStatement& operator*() const { return *stmt_; }

 private:
  SqliteStatement* stmt_;
};

}  // namespace tandem::storage
