// RoleDispatcher: the callback thread of an embedded tandem::Node. Role changes are noted from
// whichever thread sees them (start(), a member thread, stop()) and delivered to the
// application's callback on this one thread, in the order noted, so a slow callback never
// holds a member thread (and with it the heartbeats that keep the lease).
//
// Thread-safety: every member function from any thread; finish() not from the callback.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "tandem/node.h"

namespace tandem::node {

class RoleDispatcher {
 public:
  RoleDispatcher() = default;
  ~RoleDispatcher();
  RoleDispatcher(const RoleDispatcher&) = delete;
  RoleDispatcher& operator=(const RoleDispatcher&) = delete;

  void setCallback(Node::RoleCallback callback);
  // Starts the thread (once).
  void start();
  // Queues a change unless role, leader and term equal the last change queued; its
  // `previous` is the role last queued.
  void note(NodeRole role, std::uint64_t term, std::string leader_id, std::string leader_endpoint);
  // Delivers what is queued, then ends the thread. Idempotent.
  void finish();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable cv_;
  Node::RoleCallback callback_;
  std::deque<RoleChange> queue_;
  RoleChange last_;  // the last change queued (role kStopped before the first)
  bool finishing_ = false;
  std::thread thread_;
};

}  // namespace tandem::node
