// AgencyDriver::Impl: the agent's state and the functions that drive it, shared by
// agency_driver.cpp (threads, bootstrap, the Ready loop) and agency_driver_requests.cpp (the
// requests of the agency API and the views of the agent's state). Internal to node/cluster.
//
// Phases: kForming (no Raft yet: finding the others) -> kRunning (a Raft exists; with an empty
// configuration the agent waits to be added) -> kStopped. kHalted: the log could not be written;
// the agent answers nothing but errors from then on (a restart recovers from the durable log).
//
// Invariants:
//  - Everything runs on the driver's thread; the only state shared with other threads is
//    accepting_/started_ (under submit_mutex_) and thread_done_ (under done_mutex_).
//  - Work submitted before stop() is queued ahead of the shutdown task (both are posted under
//    submit_mutex_), so every callback is answered exactly once: by its work, or by
//    failEverything() in the shutdown task, or at once with kShuttingDown after stop().
//  - applied_ is the index of the last entry applied to replicated_; a proposal or read is
//    answered only from a store that has applied its index.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include "agency/agency_store.h"
#include "agency/raft.h"
#include "agency/sqlite_log_store.h"
#include "cluster/agency_discovery.h"
#include "cluster/agency_driver.h"
#include "cluster/peer_transport.h"
#include "supervision/heartbeat_table.h"
#include "supervision/supervision.h"

namespace tandem::node::cluster {
namespace agency_detail {

using Clock = std::chrono::steady_clock;

inline constexpr std::string_view kTopic = "agency";
inline constexpr std::string_view kSupervisionTopic = "supervision";
// How long stop() waits for the driver's thread to finish its work before abandoning it.
inline constexpr std::chrono::seconds kStopWait{10};
// While waiting to be added, how often the agent refreshes the addresses of the members.
inline constexpr std::chrono::milliseconds kWaitingRefresh{1000};
// Repeated warnings (refused messages, a discovery that cannot finish) at most this often.
inline constexpr std::chrono::seconds kWarnInterval{10};

inline AgencyOutcome failure(Status status, std::string leader_endpoint = {}) {
  AgencyOutcome outcome;
  outcome.status = std::move(status);
  outcome.leaderEndpoint = std::move(leader_endpoint);
  return outcome;
}

inline Status shuttingDown() {
  return Status::error(ErrorCode::kShuttingDown, "the agency agent is shutting down");
}

// The one answer for a write whose fate this agent cannot know: its entry may still commit
// under the next leader, so retrying blindly could apply it twice.
inline Status outcomeUnknown(std::string_view why) {
  return Status::error(ErrorCode::kNotLeader,
                       "leadership changed before the write committed (" + std::string(why) +
                           "); its outcome is unknown: read before retrying");
}

inline int ticksFor(std::chrono::milliseconds timeout, std::chrono::milliseconds tick) {
  const auto ticks = (timeout.count() + tick.count() - 1) / std::max<std::int64_t>(1, tick.count());
  return static_cast<int>(std::max<std::int64_t>(2, ticks));
}

inline std::string memberList(const agency::Configuration& configuration) {
  std::string text;
  for (const auto& [id, address] : configuration.members) {
    if (!text.empty()) text += ',';
    text += id + "=" + address;
  }
  return text;
}

// Lets one warning through per interval; counts the ones held back.
struct Throttle {
  std::optional<Clock::time_point> last;
  std::uint64_t held = 0;

  bool allow(std::uint64_t& suppressed) {
    const auto now = Clock::now();
    if (last && now - *last < kWarnInterval) {
      ++held;
      return false;
    }
    last = now;
    suppressed = std::exchange(held, 0);
    return true;
  }
};

}  // namespace agency_detail

struct AgencyDriver::Impl {
  using AgentId = agency::AgentId;
  using ConfChange = agency::ConfChange;
  using Configuration = agency::Configuration;
  using Entry = agency::Entry;
  using Index = agency::Index;
  using Term = agency::Term;
  using Role = agency::Role;
  using Clock = agency_detail::Clock;
  using Throttle = agency_detail::Throttle;

  enum class Phase { kIdle, kForming, kRunning, kHalted, kStopped };

  // A proposed entry waiting to be applied. `change` is set for membership changes.
  struct Proposal {
    Term term = 0;
    Clock::time_point deadline;
    Callback done;
    std::optional<ConfChange> change;
  };
  // A linearizable read waiting for its read index (`index`) and then for applied_ to reach it.
  struct PendingRead {
    std::vector<std::vector<std::string>> queries;
    Callback done;
    Clock::time_point deadline;
    std::optional<Index> index;
  };

  Impl(AgencyDriverOptions options_in, std::unique_ptr<agency::SqliteLogStore> log_in);

  template <typename Work>
  void submit(Callback done, Work work);
  void start();
  void stop();
  void threadMain();
  void shutdownOnThread();

  // Bootstrap and membership of this agent.
  void begin();
  void startDiscovery();
  void discoveryRound();
  void onIdentity(const std::string& address, const Result<boost::json::value>& answer);
  bool decide(const AgencyDiscovery::Outcome& outcome);
  void form(const Configuration& configuration, const std::string& cluster_id);
  void startRaft();

  // The Ready loop and what it calls.
  void requestReady();
  void processReady();
  void sendMessage(agency::Message message);
  void installSnapshot(const agency::Snapshot& snapshot);
  void applyCommitted(const Entry& entry);
  void settleProposals(const Entry& entry, const std::vector<bool>& results);
  void noteReadStates(const std::vector<agency::ReadState>& states);
  void answerReads();
  void noteChanges(const std::optional<agency::SoftState>& soft,
                   const std::optional<agency::HardState>& hard);
  void maybeCompact();
  void halt(const Status& status);

  // Operations (on the driver's thread).
  void scheduleTick();
  void expireDeadlines(Clock::time_point now);
  void doWrite(agency::AgencyWrite write, Callback done);
  void doRead(std::vector<std::vector<std::string>> queries, Callback done);
  void doTransient(const agency::AgencyWrite& write, Callback done);
  void doReceive(agency::RaftEnvelope envelope, Callback done);
  Status admit(const agency::RaftEnvelope& envelope);
  void doAddMember(std::string address, Callback done);
  void proposeChange(ConfChange change, Callback done);
  void track(Index index, Proposal proposal);
  void failEverything(const Status& status);

  // Data nodes (agency_driver_supervision.cpp).
  void doHeartbeat(const std::string& body, Callback done);
  void mirrorHeartbeat(const supervision::Heartbeat& heartbeat);
  void tickSupervision();
  void runSupervision(std::int64_t now_ms);
  void noteReport(const agency::RaftEnvelope& envelope);
  void noteLeadership(bool leads);
  void noteLogEntries(const std::vector<Entry>& entries);
  void scanLogForLeaderTerms();
  const supervision::ClusterPlan& appliedPlan();
  std::uint64_t highestLeaderTerm();
  static std::int64_t monotonicMs();

  // Views.
  bool isLeader() const { return raft_ && raft_->role() == Role::kLeader; }
  AgencyOutcome notLeader() const;
  std::string addressOf(const AgentId& id) const;
  void learnAddresses();
  std::map<AgentId, std::string> pool() const;
  boost::json::object configurationJson() const;
  boost::json::object configBody() const;
  std::string roleText() const;

  const AgencyDriverOptions options_;
  const std::unique_ptr<agency::SqliteLogStore> log_;
  const std::string agent_id_;  // copy of log_->agentId(), readable from any thread

  // Shared with other threads.
  std::mutex submit_mutex_;
  bool accepting_ = false;  // guarded by submit_mutex_: between start() and stop()
  bool started_ = false;    // guarded by submit_mutex_
  std::mutex done_mutex_;
  std::condition_variable done_cv_;
  bool thread_done_ = false;  // guarded by done_mutex_
  std::thread thread_;

  // The driver's thread. The io_context is declared first, so it is destroyed last.
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer ticker_;
  boost::asio::steady_timer discovery_timer_;
  std::unique_ptr<PeerTransport> transport_;

  Phase phase_ = Phase::kIdle;
  Status halt_status_;
  std::optional<AgencyDiscovery> discovery_;
  std::set<std::string> asking_;  // addresses with an identity request in flight
  std::unique_ptr<agency::Raft> raft_;
  agency::AgencyStore replicated_;
  agency::AgencyStore transient_;
  Index applied_ = 0;
  Index snapshot_index_ = 0;
  bool ready_requested_ = false;
  std::map<Index, Proposal> proposals_;
  std::map<std::string, PendingRead> reads_;  // by read-index context
  std::uint64_t next_read_ = 0;
  std::map<AgentId, std::string> address_book_;  // every agent address ever learned
  std::map<AgentId, Clock::time_point> last_heard_;
  std::mt19937_64 random_{std::random_device{}()};
  Term logged_term_ = 0;
  AgentId logged_leader_;
  Throttle refusals_;
  Throttle discovery_warnings_;

  // Data nodes (engine/supervision/DESIGN.md).
  supervision::HeartbeatTable heartbeats_;
  supervision::Supervision supervision_;
  std::map<AgentId, supervision::ReceivedReport> reports_;  // newest report of every agent
  std::optional<supervision::ClusterPlan> plan_;  // parsed applied plan; reset by each apply
  std::uint64_t log_leader_term_ = 0;  // highest Plan/Leader term seen in the log; never drops
  std::optional<std::int64_t> leading_since_ms_;  // while this agent leads the agency
};

}  // namespace tandem::node::cluster
