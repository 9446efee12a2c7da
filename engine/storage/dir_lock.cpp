#include "storage/dir_lock.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace tandem::storage {

Result<std::unique_ptr<DirLock>> DirLock::acquire(const std::string& directory) {
  const std::string path = directory + "/LOCK";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::error(ErrorCode::kInternal,
                         "cannot open lock file " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return Status::error(ErrorCode::kDatadirLocked,
                           "database directory " + directory +
                               " is in use by another tandem-node process (" + path +
                               " is locked)");
    }
    return Status::error(ErrorCode::kInternal, "cannot lock " + path + ": " + std::strerror(error));
  }
  return std::unique_ptr<DirLock>(new DirLock(fd));
}

DirLock::~DirLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace tandem::storage
