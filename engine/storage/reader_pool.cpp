#include "storage/reader_pool.h"

namespace tandem::storage {

ReaderPool::Lease::~Lease() {
  if (connection_) pool_->release(std::move(connection_));
}

Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& path, int connections,
                                                     int cache_kib) {
  std::unique_ptr<ReaderPool> pool(new ReaderPool());
  const int count = connections < 1 ? 1 : connections;
  for (int i = 0; i < count; ++i) {
    auto connection = SqliteConnection::open(path, ConnectionMode::kReadOnly, cache_kib);
    if (!connection) return connection.status();
    pool->idle_.push_back(std::move(*connection));
  }
  return pool;
}

Result<ReaderPool::Lease> ReaderPool::acquire() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [this] { return closed_ || !idle_.empty(); });
  if (closed_) {
    return Status::error(ErrorCode::kShuttingDown, "shutdown in progress: the store is closed");
  }
  std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
  idle_.pop_back();
  ++lent_;
  return Lease(this, std::move(connection));
}

void ReaderPool::release(std::unique_ptr<SqliteConnection> connection) {
  std::lock_guard lock(mu_);
  --lent_;
  idle_.push_back(std::move(connection));
  changed_.notify_all();
}

void ReaderPool::close() {
  std::vector<std::unique_ptr<SqliteConnection>> closing;
  {
    std::unique_lock lock(mu_);
    closed_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return lent_ == 0; });
    closing.swap(idle_);
  }
}

}  // namespace tandem::storage
