#include "replication/rollback_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "replication/markers.h"

namespace tandem::replication {
namespace {

// "%Y%m%dT%H%M%SZ" for the file name, "%Y-%m-%dT%H:%M:%SZ" for the header.
std::string utc(std::chrono::system_clock::time_point time, const char* format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, format, &parts);
  return std::string(text, size);
}

Status ioError(const std::string& what, const std::string& path) {
  return Status::error(ErrorCode::kInternal,
                       "cannot " + what + " rollback file " + path + ": " + std::strerror(errno));
}

Status writeAll(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ioError("write", path);
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::ok();
}

// Writes, fsyncs and closes; the caller renames.
Status writeDurably(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ioError("create", path);
  Status status = writeAll(fd, text, path);
  if (status && ::fsync(fd) != 0) status = ioError("fsync", path);
  if (::close(fd) != 0 && status) status = ioError("close", path);
  return status;
}

// The rename is durable once the directory itself is fsynced.
void syncDirectory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string RollbackFile::format(const RollbackHeader& header,
                                 const std::vector<OplogEntry>& entries) {
  std::string text = "{\"rollback\":{\"forkTick\":\"" + std::to_string(header.fork_tick) +
                     "\",\"leader\":\"" + header.leader +
                     "\",\"term\":" + std::to_string(header.term) + ",\"time\":\"" +
                     utc(header.time, "%Y-%m-%dT%H:%M:%SZ") +
                     "\",\"entries\":" + std::to_string(entries.size()) + "}}\n";
  for (const OplogEntry& entry : entries) {
    Markers::append(entry, text);
    text += '\n';
  }
  return text;
}

Result<std::string> RollbackFile::write(const std::string& directory, const RollbackHeader& header,
                                        const std::vector<OplogEntry>& entries) {
  const std::string folder = directory + "/rollback";
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Status::error(ErrorCode::kInternal,
                         "cannot create rollback directory " + folder + ": " + ec.message());
  }
  std::string path = folder + "/" + utc(header.time, "%Y%m%dT%H%M%SZ") + "-" +
                     std::to_string(header.fork_tick) + ".jsonl";
  // Two rollbacks to the same fork within one second must not overwrite each other.
  for (int n = 1; std::filesystem::exists(path, ec); ++n) {
    path = folder + "/" + utc(header.time, "%Y%m%dT%H%M%SZ") + "-" +
           std::to_string(header.fork_tick) + "-" + std::to_string(n) + ".jsonl";
  }
  const std::string temporary = path + ".tmp";
  if (Status status = writeDurably(temporary, format(header, entries)); !status) return status;
  if (::rename(temporary.c_str(), path.c_str()) != 0) return ioError("rename", path);
  syncDirectory(folder);
  return path;
}

}  // namespace tandem::replication
