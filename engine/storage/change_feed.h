// ChangeFeed: the thread behind a Subscription (tandem/store.h). It loops: note the writer's
// commit sequence, read the entries after its position (FeedReader: one read transaction that
// also checks the position is still in the history), filter, deliver, advance; when nothing
// is new it sleeps in Writer::waitForCommit(), which the next commit ends, so delivery waits
// for no polling interval.
//
// Ending: cancel() (no on_end), shutdown() by Store::close() (on_end(kShuttingDown)), or on its
// own: a gap (kChangeFeedGap), a read failure, a callback that threw (on_end with the status).
//
// Ownership: shared by the Subscription and, weakly, by the Store's LiveSet. The Writer and
// ReaderPool it points to belong to the Store; it stops touching them once shutdown() returns.
// Thread-safety: cancel(), shutdown(), position() and status() may be called from any thread;
// shutdown() and the destructor not from the feed's own callbacks.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/feed_reader.h"
#include "storage/reader_pool.h"
#include "storage/writer.h"
#include "tandem/store.h"

namespace tandem::storage {

class ChangeFeed {
 public:
  ChangeFeed(Writer& writer, ReaderPool& readers, ChangeFeedOptions options, FeedPosition start,
             ChangeCallback on_changes, ChangeFeedEnd on_end);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  void start();
  // Stops delivery and joins the thread; on_end is not called. From the feed's own callback it
  // only stops it (the thread ends when the callback returns).
  void cancel();
  // The store is closing: ends the feed with on_end(kShuttingDown) (unless cancelled), joins
  // it, and detaches it from the store.
  void shutdown();
  std::uint64_t position() const { return position_.load(std::memory_order_acquire); }
  Status status() const;

 private:
  void run();
  Result<std::vector<OplogEntry>> read(FeedPosition& position);
  bool passes(const OplogEntry& entry) const;
  // Delivers `entries` (already filtered); false if the callback threw (the feed has ended).
  bool deliver(const std::vector<OplogEntry>& entries);
  void end(Status status);
  void join();
  void interrupt();

  Writer* writer_;                   // the store's; not used once detached_
  ReaderPool* readers_;              // the store's; used by the feed thread only
  const ChangeFeedOptions options_;  // max_batch already defaulted
  const FeedPosition start_;
  const ChangeCallback on_changes_;
  const ChangeFeedEnd on_end_;

  std::atomic<bool> stop_{false};       // cancel() or shutdown(): leave the loop
  std::atomic<bool> cancelled_{false};  // cancel(): no on_end
  std::atomic<bool> closing_{false};    // shutdown(): end with kShuttingDown
  std::atomic<std::uint64_t> position_;

  mutable std::mutex mu_;
  Status status_;          // guarded by mu_: the ending status
  bool detached_ = false;  // guarded by mu_: the store is closed, writer_ is gone

  std::mutex join_mu_;  // serializes joining (cancel() and shutdown() may race)
  std::thread thread_;
  // Set by start() and by the thread itself (whichever runs first): cancel() from a callback
  // must recognise its own thread.
  std::atomic<std::thread::id> thread_id_;
};

}  // namespace tandem::storage
