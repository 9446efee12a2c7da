// Member: this data node's membership in an active-failover cluster — the driver shell of the
// pure MemberState (engine/supervision/member_state.h), implementing MemberService.
//
// It registers the node (Plan/Singles/<id>), sends a heartbeat round to every agent every
// heartbeat interval (one sender thread and connection per agent, so a slow or stopped agent
// delays no other), feeds the answers to MemberState and carries out what it asks: follow a
// leader, stop the applier, begin a term in the store. It admits writes only under a valid
// lease, holds them during a switchover, and runs the operations of the admin API (switchover,
// drain, remove, maintenance) on a thread of its own.
//
// Threads: a pacer (starts rounds, checks switchover deadlines), one sender per agent, a
// control thread (applier and term actions, registration), an operations thread. The state
// below is guarded by mutex_, which is never held across I/O or a call into the store or the
// replication service.
//
// Ownership: borrows the Store and the ReplicationService, which must outlive it; stop() (or
// the destructor) joins every thread. Stop order on shutdown: leave() → stop() → replication →
// store.
// Thread-safety: every public member may be called from any thread. admitWrite answers at once
// on the caller's thread unless a switchover holds writes; then it answers from the member's
// thread when the switchover ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cluster/agency_client.h"
#include "cluster/member_service.h"
#include "cluster/replication_service.h"
#include "supervision/member_state.h"

namespace tandem {
class Store;
}

namespace tandem::node::cluster {

struct MemberOptions {
  std::string id;          // "SNGL-..." (the store's server id)
  std::string my_address;  // "tcp://host:port" others reach this node at
  std::vector<std::string> agency_endpoints;
  std::chrono::milliseconds heartbeat_interval{200};
  std::chrono::milliseconds lease{1000};
  std::chrono::milliseconds switchover_timeout{5000};
  std::chrono::milliseconds ok_threshold{600};  // heartbeat age up to which a server is GOOD
  std::string version;
  std::string bearer_token;  // for requests to agents and nodes, empty if none
  // Told about each change of the serving mode, the leader or the term (the snapshot after
  // the change), in order, from a member thread, never under the member's mutex and never
  // concurrently with itself. Must not block and must not call stop(). A lost lease is
  // noticed by the pacer, so within one heartbeat interval.
  std::function<void(const MemberSnapshot& snapshot)> on_change;
};

class Member final : public MemberService {
 public:
  Member(tandem::Store& store, ReplicationService& replication, MemberOptions options);
  ~Member() override;
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;

  // Starts the threads; registration is retried until the agency accepts it.
  void start();
  // Stops heartbeats and joins every thread; held writes are refused. Idempotent.
  void stop();

  // MemberService
  MemberSnapshot snapshot() const override;
  void admitWrite(std::function<void(Status, std::string)> done) override;
  Status checkAcknowledge() const override;
  boost::json::object clusterHealth() const override;
  std::vector<std::string> endpoints() const override;
  boost::json::object status() const override;
  std::string metricsText() const override;
  void switchover(std::string to, std::chrono::milliseconds timeout, Callback done) override;
  void drain(std::string server, Callback done) override;
  void remove(std::string server, Callback done) override;
  void setMaintenance(std::optional<std::chrono::seconds> duration, Callback done) override;
  void leave(std::chrono::milliseconds timeout) override;

 private:
  using Clock = std::chrono::steady_clock;
  using HeldWrite = std::function<void(Status, std::string)>;

  // One agent's last answer, for the health view.
  struct AgentView {
    bool answered = false;
    Clock::time_point received{};
    std::uint64_t applied_index = 0;
    boost::json::object servers;  // the answer's "servers" table
    std::string last_error;
  };
  struct Round {
    std::uint64_t seq = 0;
    std::string body;
  };
  // A server as clusterHealth() reports it.
  struct ServerView {
    std::string id;
    std::string endpoint;
    supervision::Health status = supervision::Health::kUnknown;
    std::int64_t age_ms = -1;  // smallest heartbeat age over the agents' tables, -1 if none
    supervision::Position applied;
    std::string version;
    bool leader = false;
    bool draining = false;
    bool removed = false;
  };

  std::int64_t nowMs() const;
  bool stopping() const;
  // member.cpp: threads and the heartbeat protocol.
  void pacerLoop();
  void senderLoop(std::size_t agent);
  void controlLoop();
  void operationsLoop();
  void startRound();
  void handleAnswer(std::size_t agent, std::uint64_t seq, const Result<HttpReply>& reply);
  void carryOut(supervision::MemberActions actions);
  void beginTerm(std::uint64_t term);
  bool registerOnce();
  void post(std::function<void()> task);
  void releaseHeldLocked(std::vector<std::pair<HeldWrite, Status>>& out, std::string& endpoint);
  void releaseHeld();
  MemberSnapshot snapshotLocked(std::int64_t now) const;
  // Queues a change report if the mode, leader or term differs from the last one queued.
  void noteChangeLocked(std::int64_t now);
  // Delivers the queued reports to options_.on_change; call without mutex_ held.
  void reportChanges();

  // member_operations.cpp
  Status runSwitchover(const std::string& to, std::chrono::milliseconds timeout,
                       boost::json::object& body);
  supervision::SwitchoverState writeLeaderPlan(const std::string& to, std::uint64_t term);
  std::optional<std::string> bestFollower() const;
  Status requireGood(const std::string& server) const;  // under mutex_

  // member_reports.cpp
  std::vector<ServerView> serverViewsLocked() const;
  supervision::Health healthOfLocked(const std::string& id, std::int64_t age_ms) const;

  tandem::Store& store_;
  ReplicationService& replication_;
  const MemberOptions options_;
  const Clock::time_point epoch_ = Clock::now();
  AgencyClient agency_;

  mutable std::mutex mutex_;
  std::condition_variable round_cv_;    // senders wait for a new round
  std::condition_variable control_cv_;  // the control thread waits for actions
  std::condition_variable ops_cv_;      // the operations thread waits for tasks
  supervision::MemberState state_;      // guarded by mutex_
  Round round_;                         // the newest round
  bool round_now_ = false;              // the pacer starts a round at once (a term has just begun)
  std::vector<AgentView> agents_;
  std::vector<HeldWrite> held_;
  std::deque<std::function<void()>> tasks_;
  bool actions_pending_ = false;
  bool registered_ = false;
  bool stopping_ = false;
  bool started_ = false;
  std::uint64_t switchovers_ = 0;  // completed from this node
  std::int64_t last_write_pause_ms_ = 0;

  std::optional<MemberSnapshot> reported_;  // the last change queued (guarded by mutex_)
  std::deque<MemberSnapshot> changes_;      // queued for on_change (guarded by mutex_)
  // Held while reports are delivered, so they go out one at a time and in queue order.
  // Lock order: report_mutex_ before mutex_, never the other way round.
  std::mutex report_mutex_;

  std::vector<std::unique_ptr<SyncHttpClient>> senders_;  // one per agent
  std::vector<std::thread> threads_;
};

}  // namespace tandem::node::cluster
