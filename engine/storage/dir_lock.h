// DirLock: an exclusive advisory lock (flock) on <directory>/LOCK, held for a Store's lifetime,
// so two processes never open the same database directory.
//
// Ownership: owns the lock file descriptor; destruction releases the lock.
// Thread-safety: none needed; created and destroyed by the thread that opens/closes the Store.
#pragma once

#include <memory>
#include <string>

#include "tandem/status.h"

namespace tandem::storage {

class DirLock {
 public:
  // kDatadirLocked (naming the directory) if another open file description holds the lock.
  static Result<std::unique_ptr<DirLock>> acquire(const std::string& directory);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace tandem::storage
