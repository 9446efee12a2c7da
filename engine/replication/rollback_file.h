// RollbackFile: keeps what a follower undoes when its history diverged from the new leader's.
// Nothing is silently dropped: every divergent oplog entry is written, as a marker, to
//
//   <directory>/rollback/<UTC time>-<fork tick>.jsonl      e.g. 20261127T143501Z-350.jsonl
//
//   line 1   {"rollback":{"forkTick":"350","leader":"SNGL-…","term":7,
//                         "time":"2026-11-27T14:35:01Z","entries":N}}
//   line 2…  one marker per divergent entry (replication/markers.h), oldest first
//
// The file is written to a temporary name, fsynced and renamed, so a file that exists is
// complete. Errors (directory not writable, disk full) are kInternal with the path.
//
// Thread-safety: stateless functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::replication {

struct RollbackHeader {
  std::uint64_t fork_tick = 0;
  std::string leader;  // the leader whose history won
  std::uint64_t term = 0;
  std::chrono::system_clock::time_point time;
};

class RollbackFile {
 public:
  // Writes the file and returns its path.
  static Result<std::string> write(const std::string& directory, const RollbackHeader& header,
                                   const std::vector<OplogEntry>& entries);
  // The file's text (header line, then the markers, each line ending with '\n').
  static std::string format(const RollbackHeader& header, const std::vector<OplogEntry>& entries);
};

}  // namespace tandem::replication
