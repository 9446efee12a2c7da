#include "embedded/role_dispatcher.h"

#include <utility>

namespace tandem::node {

RoleDispatcher::~RoleDispatcher() { finish(); }

void RoleDispatcher::setCallback(Node::RoleCallback callback) {
  std::lock_guard lock(mutex_);
  callback_ = std::move(callback);
}

void RoleDispatcher::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  finishing_ = false;
  thread_ = std::thread([this] { run(); });
}

void RoleDispatcher::note(NodeRole role, std::uint64_t term, std::string leader_id,
                          std::string leader_endpoint) {
  std::lock_guard lock(mutex_);
  if (role == last_.role && term == last_.term && leader_id == last_.leader_id &&
      leader_endpoint == last_.leader_endpoint) {
    return;
  }
  RoleChange change;
  change.previous = last_.role;
  change.role = role;
  change.term = term;
  change.leader_id = std::move(leader_id);
  change.leader_endpoint = std::move(leader_endpoint);
  last_ = change;
  queue_.push_back(std::move(change));
  cv_.notify_one();
}

void RoleDispatcher::finish() {
  {
    std::lock_guard lock(mutex_);
    finishing_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void RoleDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return finishing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // finishing, and everything was delivered
    RoleChange change = std::move(queue_.front());
    queue_.pop_front();
    Node::RoleCallback callback = callback_;
    lock.unlock();
    if (callback) callback(change);
    lock.lock();
  }
}

}  // namespace tandem::node
