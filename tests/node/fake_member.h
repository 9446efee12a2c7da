// FakeMember: a scripted MemberService for socket-free handler and gate tests.
//
// Tests set the snapshot, the lists and the answers; the fake records what the handlers asked.
// Write admission admits at once, refuses at once, or holds the callback until the test
// releases it (as a switchover holds writes). Operations answer at once with `op_status` and
// `op_body`.
//
// Thread-safety: every member function locks; the store's writer thread calls
// checkAcknowledge() while the test thread scripts.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "cluster/member_service.h"

namespace tandem::node::testing {

class FakeMember : public cluster::MemberService {
 public:
  enum class Admission { kAdmit, kHold, kRefuse };
  using AdmitCallback = std::function<void(Status, std::string)>;

  // A serving leader with id SNGL-self that admits every write.
  FakeMember() {
    snapshot_.mode = cluster::ServingMode::kLeader;
    snapshot_.id = "SNGL-self";
  }

  // --- scripting ---
  void setMode(cluster::ServingMode mode, std::string leader_endpoint = "tcp://127.0.0.1:9001") {
    std::lock_guard lock(mutex_);
    snapshot_.mode = mode;
    snapshot_.leader_endpoint = std::move(leader_endpoint);
    snapshot_.leader_id = snapshot_.leader_endpoint.empty() ? "" : "SNGL-leader";
  }
  void setRemoved(std::string reason) {
    std::lock_guard lock(mutex_);
    snapshot_.mode = cluster::ServingMode::kRemoved;
    snapshot_.removed_reason = std::move(reason);
  }
  void setAdmission(Admission admission, Status refusal = {}, std::string endpoint = {}) {
    std::lock_guard lock(mutex_);
    admission_ = admission;
    refusal_ = std::move(refusal);
    refusal_endpoint_ = std::move(endpoint);
  }
  void setAcknowledge(Status status) {
    std::lock_guard lock(mutex_);
    acknowledge_ = std::move(status);
  }
  void setOperationAnswer(Status status, boost::json::object body) {
    std::lock_guard lock(mutex_);
    op_status_ = std::move(status);
    op_body_ = std::move(body);
  }
  // Answers the oldest held write admission; false if none is held.
  bool releaseHeld(Status status, std::string endpoint = {}) {
    AdmitCallback callback;
    {
      std::lock_guard lock(mutex_);
      if (held_.empty()) return false;
      callback = std::move(held_.front());
      held_.erase(held_.begin());
    }
    callback(std::move(status), std::move(endpoint));
    return true;
  }
  std::size_t heldCount() const {
    std::lock_guard lock(mutex_);
    return held_.size();
  }

  std::vector<std::string> endpoint_list;
  boost::json::object health;
  boost::json::object status_object;
  std::string metrics;

  // --- what the handlers asked ---
  struct Asked {
    std::string operation;  // "switchover", "drain", "remove", "maintenance"
    std::string server;
    std::chrono::milliseconds timeout{0};
    std::optional<std::chrono::seconds> maintenance;
  };
  std::vector<Asked> asked() const {
    std::lock_guard lock(mutex_);
    return asked_;
  }
  int admissions() const {
    std::lock_guard lock(mutex_);
    return admissions_;
  }

  // --- MemberService ---
  cluster::MemberSnapshot snapshot() const override {
    std::lock_guard lock(mutex_);
    cluster::MemberSnapshot copy = snapshot_;
    return copy;
  }
  void admitWrite(AdmitCallback done) override {
    std::unique_lock lock(mutex_);
    ++admissions_;
    switch (admission_) {
      case Admission::kAdmit:
        lock.unlock();
        done(Status::ok(), "");
        return;
      case Admission::kHold:
        held_.push_back(std::move(done));
        return;
      case Admission::kRefuse: {
        Status refusal = refusal_;
        std::string endpoint = refusal_endpoint_;
        lock.unlock();
        done(std::move(refusal), std::move(endpoint));
        return;
      }
    }
  }
  Status checkAcknowledge() const override {
    std::lock_guard lock(mutex_);
    return acknowledge_;
  }
  boost::json::object clusterHealth() const override { return health; }
  std::vector<std::string> endpoints() const override { return endpoint_list; }
  boost::json::object status() const override { return status_object; }
  std::string metricsText() const override { return metrics; }
  void switchover(std::string to, std::chrono::milliseconds timeout, Callback done) override {
    answer({"switchover", std::move(to), timeout, std::nullopt}, std::move(done));
  }
  void drain(std::string server, Callback done) override {
    answer({"drain", std::move(server), {}, std::nullopt}, std::move(done));
  }
  void remove(std::string server, Callback done) override {
    answer({"remove", std::move(server), {}, std::nullopt}, std::move(done));
  }
  void setMaintenance(std::optional<std::chrono::seconds> duration, Callback done) override {
    answer({"maintenance", "", {}, duration}, std::move(done));
  }
  void leave(std::chrono::milliseconds) override {}

 private:
  void answer(Asked asked, Callback done) {
    Status status;
    boost::json::object body;
    {
      std::lock_guard lock(mutex_);
      asked_.push_back(std::move(asked));
      status = op_status_;
      body = op_body_;
    }
    done(std::move(status), std::move(body));
  }

  mutable std::mutex mutex_;
  cluster::MemberSnapshot snapshot_;
  Admission admission_ = Admission::kAdmit;
  Status refusal_;
  std::string refusal_endpoint_;
  std::vector<AdmitCallback> held_;
  Status acknowledge_;
  Status op_status_;
  boost::json::object op_body_;
  std::vector<Asked> asked_;
  int admissions_ = 0;
};

}  // namespace tandem::node::testing
