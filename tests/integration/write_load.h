// WriteLoad: concurrent document inserts against a running node, recording exactly which
// inserts the node acknowledged — the ground truth of the crash and shutdown tests.
//
// Each writer is a std::thread with its own keep-alive RawHttpConnection that inserts
// {"_key":"w<writer>-<n>", ...} one after the other. A 201/202 answer records the key with
// the acknowledged _rev. A writer ends at its insert limit, at the deadline, on stop(), when
// the connection fails (the node was killed) or on 503 (the node is shutting down); any
// other answer is recorded as unexpected.
//
// Thread-safety: construct, start, wait and read results from one thread; the counters are
// atomics and the results are read only after join().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tandem::test {

class WriteLoad {
 public:
  WriteLoad(std::uint16_t port, std::string collection, int writers, int max_inserts_per_writer,
            std::chrono::milliseconds deadline = std::chrono::seconds(20));
  ~WriteLoad();  // stops and joins
  WriteLoad(const WriteLoad&) = delete;
  WriteLoad& operator=(const WriteLoad&) = delete;

  void start();
  // Waits until at least `count` inserts were acknowledged; false on timeout.
  bool waitForAcknowledged(std::size_t count, int timeout_ms);
  std::size_t acknowledgedCount() const { return acknowledged_count_.load(); }
  void stop() { stop_.store(true); }
  void join();

  // After join(): key -> acknowledged _rev.
  const std::map<std::string, std::string>& acknowledged() const { return acknowledged_; }
  // After join(): answers that were neither an acknowledgement nor 503 "shutdown in
  // progress", as "status body" lines.
  const std::vector<std::string>& unexpected() const { return unexpected_; }
  // After join(): unexpected() as one text, for test failure messages ("" if none).
  std::string unexpectedText() const;
  // After join(): how many 503/30 answers arrived.
  std::size_t shuttingDownAnswers() const { return shutting_down_answers_; }

 private:
  void runWriter(int writer);
  void record(const std::string& key, const std::string& rev);
  void recordUnexpected(std::string line);

  const std::uint16_t port_;
  const std::string collection_;
  const int writers_;
  const int max_inserts_;
  const std::chrono::steady_clock::time_point deadline_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> acknowledged_count_{0};
  std::vector<std::thread> threads_;

  std::mutex mutex_;
  std::map<std::string, std::string> acknowledged_;  // guarded by mutex_ until join()
  std::vector<std::string> unexpected_;              // guarded by mutex_ until join()
  std::size_t shutting_down_answers_ = 0;            // guarded by mutex_ until join()
};

}  // namespace tandem::test
