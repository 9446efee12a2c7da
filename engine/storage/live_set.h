// LiveSet: the cursors and change feeds of a Store that are still alive, so that close() can
// end them before it closes the readers and the writer (a Cursor or Subscription may outlive
// its Store: after close() it no longer touches it).
//
// Ownership: holds weak references; the public objects (Cursor, Subscription) own the items.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace tandem::storage {

template <typename T>
class LiveSet {
 public:
  // Adds `item` and runs `then()` under the set's lock (so close() sees the item only after
  // it), unless the set is closed: then neither happens and the result is false.
  template <typename Then>
  bool add(const std::shared_ptr<T>& item, Then&& then) {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    std::erase_if(items_, [](const std::weak_ptr<T>& weak) { return weak.expired(); });
    items_.push_back(item);
    then();
    return true;
  }

  // Refuses later additions and returns the items still alive.
  std::vector<std::shared_ptr<T>> close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    std::vector<std::shared_ptr<T>> alive;
    for (const auto& weak : items_) {
      if (auto item = weak.lock()) alive.push_back(std::move(item));
    }
    items_.clear();
    return alive;
  }

 private:
  std::mutex mu_;
  bool closed_ = false;                  // guarded by mu_
  std::vector<std::weak_ptr<T>> items_;  // guarded by mu_
};

}  // namespace tandem::storage
