// AgencyDriver: the shell around the Raft core — its threads, the bootstrap of the agency and
// the Ready loop. The requests of the agency API are in agency_driver_requests.cpp; the state
// both share, its phases and invariants, in agency_driver_impl.h.
//
//   submit()          any thread -> the driver's thread (or kShuttingDown once stopped)
//   processReady()    the one place a Ready is handled: persist, send, apply, answer, advance
//   proposals_/reads_ callers waiting for an entry to apply / a read index to be reached
//   discovery_        forming the agency (agency_discovery.h), and learning addresses while
//                     waiting to be added
#include "cluster/agency_driver.h"

#include <algorithm>
#include <utility>

#include "cluster/agency_driver_impl.h"
#include "log.h"

namespace tandem::node::cluster {
namespace asio = boost::asio;
namespace json = boost::json;
using agency::AgentId;
using agency::ConfChange;
using agency::Configuration;
using agency::Entry;
using agency::EntryType;
using agency::Index;
using agency::Role;
using agency_detail::Clock;
using agency_detail::failure;
using agency_detail::kStopWait;
using agency_detail::kTopic;
using agency_detail::kWaitingRefresh;
using agency_detail::memberList;
using agency_detail::outcomeUnknown;
using agency_detail::shuttingDown;
using agency_detail::ticksFor;

AgencyDriver::Impl::Impl(AgencyDriverOptions options_in,
                         std::unique_ptr<agency::SqliteLogStore> log_in)
    : options_(std::move(options_in)),
      log_(std::move(log_in)),
      agent_id_(log_->agentId()),
      work_(asio::make_work_guard(ioc_)),
      ticker_(ioc_),
      discovery_timer_(ioc_),
      heartbeats_(monotonicMs(), options_.supervision_grace.count()),
      supervision_(supervision::SupervisionConfig{options_.supervision_ok_threshold.count(),
                                                  options_.supervision_grace.count(),
                                                  options_.report_max_age.count()}) {
  PeerTransportOptions transport;
  transport.self = agent_id_;
  transport_ = std::make_unique<PeerTransport>(ioc_, std::move(transport));
  address_book_[agent_id_] = options_.my_address;
}

// ---------------------------------------------------------------------------------------------
// Threads

template <typename Work>
void AgencyDriver::Impl::submit(Callback done, Work work) {
  {
    std::lock_guard lock(submit_mutex_);
    if (accepting_) {
      asio::post(ioc_, [this, done = std::move(done), work = std::move(work)]() mutable {
        if (phase_ == Phase::kStopped) {
          done(failure(shuttingDown()));
          return;
        }
        work(std::move(done));
      });
      return;
    }
  }
  done(failure(shuttingDown()));
}

void AgencyDriver::Impl::start() {
  {
    std::lock_guard lock(submit_mutex_);
    if (started_) return;
    started_ = true;
    accepting_ = true;
    asio::post(ioc_, [this] { begin(); });
  }
  thread_ = std::thread([this] { threadMain(); });
}

void AgencyDriver::Impl::threadMain() {
  for (;;) {
    try {
      ioc_.run();
      break;
    } catch (const std::exception& e) {
      Log::error(kTopic, "agency handler failed", {{"agent", agent_id_}, {"error", e.what()}});
    }
  }
  {
    std::lock_guard lock(done_mutex_);
    thread_done_ = true;
  }
  done_cv_.notify_all();
}

void AgencyDriver::Impl::stop() {
  {
    std::lock_guard lock(submit_mutex_);
    if (!accepting_) return;
    accepting_ = false;
    // Posted under the mutex: after every piece of work submitted before.
    asio::post(ioc_, [this] { shutdownOnThread(); });
  }
  {
    std::unique_lock lock(done_mutex_);
    if (!done_cv_.wait_for(lock, kStopWait, [this] { return thread_done_; })) {
      Log::warn(kTopic, "the agent did not stop in time; abandoning its remaining I/O",
                {{"agent", agent_id_}});
      ioc_.stop();
    }
  }
  thread_.join();
}

void AgencyDriver::Impl::shutdownOnThread() {
  phase_ = Phase::kStopped;
  ticker_.cancel();
  discovery_timer_.cancel();
  failEverything(shuttingDown());
  transport_->close();
  // run() returns once the transport's coroutines have seen their cancellations.
  work_.reset();
  Log::info(kTopic, "agent stopped", {{"agent", agent_id_}, {"applied", applied_}});
}

void AgencyDriver::Impl::failEverything(const Status& status) {
  auto proposals = std::exchange(proposals_, {});
  for (auto& [index, proposal] : proposals) proposal.done(failure(status));
  auto reads = std::exchange(reads_, {});
  for (auto& [context, read] : reads) read.done(failure(status));
}

// ---------------------------------------------------------------------------------------------
// Bootstrap

void AgencyDriver::Impl::begin() {
  if (phase_ != Phase::kIdle) return;
  // The agent starts now: rule (d) of the lease rule counts from here.
  heartbeats_ = supervision::HeartbeatTable(monotonicMs(), options_.supervision_grace.count());
  // A directory that has been part of an agency (a cluster id, a log or a snapshot) resumes
  // from its log; only an empty one looks for the others.
  if (!log_->clusterId().empty() || log_->lastIndex() > 0) {
    startRaft();
  } else {
    startDiscovery();
  }
  scheduleTick();
}

void AgencyDriver::Impl::startDiscovery() {
  phase_ = Phase::kForming;
  discovery_.emplace(agent_id_, options_.my_address, options_.endpoints,
                     static_cast<std::size_t>(options_.size));
  Log::info(kTopic, "looking for the other agents to form the agency",
            {{"agent", agent_id_}, {"size", options_.size}, {"address", options_.my_address}});
  if (!decide(discovery_->evaluate())) discoveryRound();
}

// Asks every known address for its identity, then again after the interval, until the agency
// has formed (while forming) or this agent is a member (while waiting to be added).
void AgencyDriver::Impl::discoveryRound() {
  const bool forming = phase_ == Phase::kForming;
  const bool waiting = phase_ == Phase::kRunning && raft_ && raft_->configuration().members.empty();
  if (!discovery_ || (!forming && !waiting)) return;
  for (const std::string& address : discovery_->addressesToAsk()) {
    if (!asking_.insert(address).second) continue;
    transport_->fetchIdentity(address, [this, address](Result<json::value> answer) {
      asking_.erase(address);
      onIdentity(address, answer);
    });
  }
  std::uint64_t suppressed = 0;
  if (forming && discovery_->tooMany() && discovery_warnings_.allow(suppressed)) {
    Log::warn(kTopic, "found more agents than --agency.size; not forming the agency",
              {{"agent", agent_id_},
               {"found", discovery_->known().size()},
               {"size", options_.size},
               {"suppressed", suppressed}});
  }
  discovery_timer_.expires_after(forming ? options_.discovery_interval : kWaitingRefresh);
  discovery_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) discoveryRound();
  });
}

void AgencyDriver::Impl::onIdentity(const std::string& address, const Result<json::value>& answer) {
  if (!discovery_ || (phase_ != Phase::kForming && phase_ != Phase::kRunning)) return;
  if (!answer) {
    Log::debug(kTopic, "no identity yet",
               {{"peer", address}, {"error", answer.status().message()}});
    return;
  }
  auto identity = parseIdentity(*answer);
  if (!identity) {
    Log::warn(kTopic, "ignored an identity",
              {{"peer", address}, {"error", identity.status().message()}});
    return;
  }
  const AgencyDiscovery::Outcome outcome = discovery_->onIdentity(address, *identity);
  learnAddresses();
  if (phase_ == Phase::kForming) decide(outcome);
}

// Acts on a discovery outcome; true once the agent has left the forming phase.
bool AgencyDriver::Impl::decide(const AgencyDiscovery::Outcome& outcome) {
  switch (outcome.kind) {
    case AgencyDiscovery::Outcome::Kind::kWait:
      return false;
    case AgencyDiscovery::Outcome::Kind::kForm:
      form(outcome.configuration, outcome.cluster_id);
      return true;
    case AgencyDiscovery::Outcome::Kind::kJoin:
      Log::info(kTopic,
                "an agency has formed already without this agent; it waits to be added by the "
                "agency's leader",
                {{"agent", agent_id_}, {"cluster_id", outcome.cluster_id}});
      startRaft();
      return true;
  }
  return false;
}

// Writes the bootstrap entry every initial agent writes identically (index 1, term 1, the whole
// configuration), committed by construction, then starts Raft on it.
void AgencyDriver::Impl::form(const Configuration& configuration, const std::string& cluster_id) {
  ConfChange change;
  change.kind = ConfChange::Kind::kSet;
  change.configuration = configuration;
  Entry entry;
  entry.term = 1;
  entry.index = 1;
  entry.type = EntryType::kConfChange;
  entry.data = agency::encodeConfChange(change);
  Status status = log_->persist(agency::HardState{1, AgentId(), 1}, {entry}, std::nullopt);
  if (status) status = log_->setClusterId(cluster_id);
  if (!status) {
    halt(status);
    return;
  }
  Log::info(
      kTopic, "formed the agency",
      {{"agent", agent_id_}, {"cluster_id", cluster_id}, {"members", memberList(configuration)}});
  startRaft();
}

void AgencyDriver::Impl::startRaft() {
  phase_ = Phase::kRunning;
  // The core hands out the committed entries after the snapshot again: rebuild from it.
  const agency::Snapshot& snapshot = log_->snapshot();
  if (!snapshot.empty()) {
    if (Status status = replicated_.restore(snapshot.data); !status) {
      halt(status);
      return;
    }
  }
  applied_ = snapshot_index_ = snapshot.meta.index;
  plan_.reset();
  scanLogForLeaderTerms();
  agency::RaftOptions raft_options;
  raft_options.id = agent_id_;
  raft_options.electionTicksMin = ticksFor(options_.election_timeout_min, options_.tick);
  raft_options.electionTicksMax = std::max(raft_options.electionTicksMin,
                                           ticksFor(options_.election_timeout_max, options_.tick));
  raft_options.heartbeatTicks = 1;
  raft_options.random = [this] { return random_(); };
  raft_ = std::make_unique<agency::Raft>(std::move(raft_options), *log_);
  transport_->setClusterId(log_->clusterId());
  logged_term_ = raft_->term();
  learnAddresses();
  const Configuration& configuration = raft_->configuration();
  Log::info(kTopic,
            configuration.contains(agent_id_) ? "agent running" : "agent waiting to be added",
            {{"agent", agent_id_},
             {"cluster_id", log_->clusterId()},
             {"term", raft_->term()},
             {"commit", raft_->commitIndex()},
             {"members", memberList(configuration)}});
  if (configuration.members.empty() && !options_.endpoints.empty()) {
    // Waiting to be added: the leader's appends must be answered, so learn the members'
    // addresses from the endpoints until this agent is one of them.
    if (!discovery_) {
      discovery_.emplace(agent_id_, options_.my_address, options_.endpoints,
                         static_cast<std::size_t>(options_.size));
    }
    discoveryRound();
  }
  processReady();
}

// ---------------------------------------------------------------------------------------------
// The Ready loop

// Handles the Ready once everything already queued on this thread has run, so that the writes
// and messages that arrived together share one Ready, one transaction and one fsync.
void AgencyDriver::Impl::requestReady() {
  if (ready_requested_) return;
  ready_requested_ = true;
  asio::post(ioc_, [this] {
    ready_requested_ = false;
    processReady();
  });
}

void AgencyDriver::Impl::processReady() {
  while (phase_ == Phase::kRunning && raft_ && raft_->hasReady()) {
    agency::Ready ready = raft_->ready();
    // 1. Persist, durably, before anything else: a vote, an appended entry or a commit point
    //    must be on disk before any message that reveals it leaves, or a crash could make this
    //    agent break a promise another agent has already counted.
    if (ready.hardState || !ready.entries.empty() || ready.snapshot) {
      if (Status status = log_->persist(ready.hardState, ready.entries, ready.snapshot); !status) {
        halt(status);
        return;
      }
      noteLogEntries(ready.entries);
    }
    // 2. Send. Only now. The transport queues and never blocks.
    for (agency::Message& message : ready.messages) sendMessage(std::move(message));
    // 3. Apply: a received snapshot replaces the state machine, then committed entries follow
    //    in log order; each completes the write that proposed it.
    if (ready.snapshot) installSnapshot(*ready.snapshot);
    for (const Entry& entry : ready.committedEntries) applyCommitted(entry);
    // 4. Reads: a read state is answered once its index is applied (now, or after a later
    //    Ready); reads not yet confirmed are lost with leadership.
    noteReadStates(ready.readStates);
    answerReads();
    noteChanges(ready.softState, ready.hardState);
    // 5. Advance: the batch is handled; the core may hand out the next one.
    raft_->advance();
    maybeCompact();
  }
}

void AgencyDriver::Impl::sendMessage(agency::Message message) {
  const std::string address = addressOf(message.to);
  if (address.empty()) {
    Log::debug(kTopic, "no address for an agent; message dropped", {{"to", message.to}});
    return;
  }
  transport_->send(address, std::move(message));
}

void AgencyDriver::Impl::installSnapshot(const agency::Snapshot& snapshot) {
  if (Status status = replicated_.restore(snapshot.data); !status) {
    // The leader's own snapshot text: only a bug gets here. The log is right; a restart
    // rebuilds the store from it.
    halt(status);
    return;
  }
  applied_ = snapshot_index_ = snapshot.meta.index;
  plan_.reset();
  // Entries this agent proposed up to there were applied without it seeing them.
  while (!proposals_.empty() && proposals_.begin()->first <= applied_) {
    auto node = proposals_.extract(proposals_.begin());
    node.mapped().done(failure(outcomeUnknown("this agent was brought up to date by a snapshot")));
  }
  learnAddresses();
  Log::info(kTopic, "installed a snapshot from the leader",
            {{"agent", agent_id_}, {"index", snapshot.meta.index}});
}

void AgencyDriver::Impl::applyCommitted(const Entry& entry) {
  if (phase_ != Phase::kRunning || entry.index <= applied_) return;
  std::vector<bool> results;
  if (entry.type == EntryType::kNormal) {
    results = replicated_.applyEntry(entry.data);
    plan_.reset();
  } else {
    // The core already follows the configuration; nothing enters the key tree.
    learnAddresses();
    Log::info(kTopic, "agency configuration changed",
              {{"agent", agent_id_},
               {"index", entry.index},
               {"members", memberList(raft_->configuration())}});
  }
  applied_ = entry.index;
  settleProposals(entry, results);
}

void AgencyDriver::Impl::settleProposals(const Entry& entry, const std::vector<bool>& results) {
  while (!proposals_.empty() && proposals_.begin()->first <= entry.index) {
    auto node = proposals_.extract(proposals_.begin());
    Proposal& proposal = node.mapped();
    if (node.key() != entry.index || proposal.term != entry.term) {
      proposal.done(failure(outcomeUnknown("another leader's entry took its place")));
      continue;
    }
    AgencyOutcome outcome;
    if (proposal.change) {
      json::object body;
      body["id"] = proposal.change->id;
      body["address"] = proposal.change->address;
      body["index"] = entry.index;
      body["configuration"] = configurationJson();
      outcome.body = std::move(body);
    } else {
      json::array values;
      for (const bool applied : results) {
        values.emplace_back(applied ? entry.index : Index{0});
        if (!applied) outcome.preconditionFailed = true;
      }
      outcome.body = json::object{{"results", std::move(values)}};
    }
    proposal.done(std::move(outcome));
  }
}

void AgencyDriver::Impl::noteReadStates(const std::vector<agency::ReadState>& states) {
  for (const agency::ReadState& state : states) {
    if (auto it = reads_.find(state.context); it != reads_.end()) it->second.index = state.index;
  }
}

void AgencyDriver::Impl::answerReads() {
  for (auto it = reads_.begin(); it != reads_.end();) {
    if (!it->second.index || *it->second.index > applied_) {
      ++it;
      continue;
    }
    AgencyOutcome outcome;
    outcome.body = replicated_.read(it->second.queries);
    Callback done = std::move(it->second.done);
    it = reads_.erase(it);
    done(std::move(outcome));
  }
}

void AgencyDriver::Impl::noteChanges(const std::optional<agency::SoftState>& soft,
                                     const std::optional<agency::HardState>& hard) {
  if (hard && hard->term != logged_term_) {
    logged_term_ = hard->term;
    Log::info(kTopic, "term changed", {{"agent", agent_id_}, {"term", hard->term}});
  }
  if (!soft) return;
  if (soft->role == Role::kLeader && logged_leader_ != agent_id_) {
    Log::info(kTopic, "this agent leads the agency",
              {{"agent", agent_id_}, {"term", raft_->term()}});
  } else if (soft->role != Role::kLeader && !soft->leader.empty() &&
             soft->leader != logged_leader_) {
    Log::info(kTopic, "following the agency leader",
              {{"agent", agent_id_},
               {"leader", soft->leader},
               {"endpoint", addressOf(soft->leader)},
               {"term", raft_->term()}});
  } else if (soft->leader.empty() && !logged_leader_.empty()) {
    Log::info(kTopic, "no agency leader known", {{"agent", agent_id_}, {"term", raft_->term()}});
  }
  logged_leader_ = soft->leader;
  noteLeadership(soft->role == Role::kLeader);
  if (soft->role == Role::kLeader) return;
  // The core dropped its read rounds: reads that did not get a read state never will.
  for (auto it = reads_.begin(); it != reads_.end();) {
    if (it->second.index) {
      ++it;
      continue;
    }
    Callback done = std::move(it->second.done);
    it = reads_.erase(it);
    done(notLeader());
  }
}

void AgencyDriver::Impl::maybeCompact() {
  if (phase_ != Phase::kRunning || applied_ < snapshot_index_ + options_.compact_every) return;
  auto snapshot = raft_->compact(applied_, replicated_.snapshot());
  if (!snapshot) {
    Log::debug(kTopic, "no compaction", {{"error", snapshot.status().message()}});
    return;
  }
  if (Status status = log_->compact(*snapshot); !status) {
    Log::warn(kTopic, "cannot compact the agency log",
              {{"agent", agent_id_}, {"error", status.message()}});
    return;
  }
  snapshot_index_ = applied_;
  Log::debug(kTopic, "compacted the agency log", {{"agent", agent_id_}, {"index", applied_}});
}

void AgencyDriver::Impl::halt(const Status& status) {
  Log::error(kTopic, "the agent stops: its log cannot be written (restart the node to recover)",
             {{"agent", agent_id_}, {"error", status.message()}});
  phase_ = Phase::kHalted;
  halt_status_ = Status::error(ErrorCode::kInternal,
                               "this agent stopped after a storage error: " + status.message());
  ticker_.cancel();
  discovery_timer_.cancel();
  // Not raft_.reset(): processReady() may be inside a Ready of it; the phase keeps it unused.
  failEverything(halt_status_);
}

void AgencyDriver::Impl::scheduleTick() {
  ticker_.expires_after(options_.tick);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || phase_ == Phase::kStopped || phase_ == Phase::kHalted) return;
    if (phase_ == Phase::kRunning) {
      raft_->tick();
      tickSupervision();
    }
    expireDeadlines(Clock::now());
    processReady();
    scheduleTick();
  });
}

// ---------------------------------------------------------------------------------------------
// AgencyDriver

Result<std::unique_ptr<AgencyDriver>> AgencyDriver::open(AgencyDriverOptions options) {
  auto log = agency::SqliteLogStore::open(options.directory);
  if (!log) return log.status();
  return std::make_unique<AgencyDriver>(
      OpenTag{}, std::make_unique<Impl>(std::move(options), std::move(*log)));
}

AgencyDriver::AgencyDriver(OpenTag, std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AgencyDriver::~AgencyDriver() { stop(); }

void AgencyDriver::start() { impl_->start(); }

void AgencyDriver::stop() { impl_->stop(); }

const std::string& AgencyDriver::agentId() const { return impl_->agent_id_; }

void AgencyDriver::addMember(std::string address, Callback done) {
  impl_->submit(std::move(done),
                [impl = impl_.get(), address = std::move(address)](Callback done) mutable {
                  impl->doAddMember(std::move(address), std::move(done));
                });
}

void AgencyDriver::removeMember(std::string id, Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get(), id = std::move(id)](Callback done) mutable {
    ConfChange change;
    change.kind = ConfChange::Kind::kRemove;
    change.id = std::move(id);
    change.address = impl->addressOf(change.id);
    impl->proposeChange(std::move(change), std::move(done));
  });
}

void AgencyDriver::write(agency::AgencyWrite write, Callback done) {
  impl_->submit(std::move(done),
                [impl = impl_.get(), write = std::move(write)](Callback done) mutable {
                  impl->doWrite(std::move(write), std::move(done));
                });
}

void AgencyDriver::read(std::vector<std::vector<std::string>> queries, Callback done) {
  impl_->submit(std::move(done),
                [impl = impl_.get(), queries = std::move(queries)](Callback done) mutable {
                  impl->doRead(std::move(queries), std::move(done));
                });
}

void AgencyDriver::writeTransient(agency::AgencyWrite write, Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get(), write = std::move(write)](Callback done) {
    impl->doTransient(write, std::move(done));
  });
}

void AgencyDriver::readTransient(std::vector<std::vector<std::string>> queries, Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get(), queries = std::move(queries)](Callback done) {
    AgencyOutcome outcome;
    outcome.body = impl->transient_.read(queries);
    done(std::move(outcome));
  });
}

void AgencyDriver::config(Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get()](Callback done) {
    AgencyOutcome outcome;
    outcome.body = impl->configBody();
    done(std::move(outcome));
  });
}

void AgencyDriver::receive(agency::RaftEnvelope envelope, Callback done) {
  impl_->submit(std::move(done),
                [impl = impl_.get(), envelope = std::move(envelope)](Callback done) mutable {
                  impl->doReceive(std::move(envelope), std::move(done));
                });
}

void AgencyDriver::heartbeat(std::string body, Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get(), body = std::move(body)](Callback done) {
    impl->doHeartbeat(body, std::move(done));
  });
}

void AgencyDriver::identity(Callback done) {
  impl_->submit(std::move(done), [impl = impl_.get()](Callback done) {
    AgentIdentity identity{impl->agent_id_, impl->options_.my_address, impl->log_->clusterId(),
                           impl->pool()};
    AgencyOutcome outcome;
    outcome.body = identityToJson(identity);
    done(std::move(outcome));
  });
}

}  // namespace tandem::node::cluster
