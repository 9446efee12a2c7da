// AgencyDriver: the agent of this node — it gives the pure Raft core (agency/raft.h) its disk,
// its network, its clock and its thread, and answers the agency API (AgencyService).
//
// It owns: the SqliteLogStore (agency tables in <directory>/tandem.db), the Raft, the
// replicated AgencyStore (the state machine), the transient AgencyStore (heartbeats, never
// replicated) and the PeerTransport to the other agents. All of them live on the driver's own
// thread, which runs its own io_context: the fsync of every Raft batch happens there and never
// stalls the HTTP I/O threads. A ticker calls Raft::tick() every 50 ms.
//
// Life cycle:
//   open()   opens the log store (on the calling thread, so a bad directory fails start-up);
//   start()  starts the thread. It returns at once: an agent with an empty directory first
//            finds the others (identity() already answers meanwhile), then forms the agency
//            with them, or waits to be added to one that has formed; an agent restarted with
//            its directory resumes from its log at once;
//   stop()   stops ticking, answers everything pending with kShuttingDown, closes the
//            transport and joins the thread. Call it before the node's Store closes.
// The destructor stops a driver that is still running.
//
// Data nodes: every agent keeps a heartbeat table (heartbeats are answered with the lease rule's
// verdict and mirrored into the transient store at /tandem/Sync/ServerStates/<id>), and sends
// its report on the data nodes with every Raft envelope; the agency leader runs the
// supervision every tick and proposes its writes itself (engine/supervision).
//
// Outcomes: see AgencyService. Writes are answered once applied here; a write whose entry was
// replaced by another leader's, or that is not applied within 30 s, is answered kNotLeader with
// an empty leader endpoint and a message that its outcome is unknown (it may still commit).
// Reads use Raft's read index and fail with kNotLeader when leadership is lost or after 5 s.
//
// Thread-safety: every public member function may be called from any thread. Callbacks run on
// the driver's thread and must not block; after stop() they run (with kShuttingDown) on the
// calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cluster/agency_service.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

struct AgencyDriverOptions {
  std::string directory;               // the node's database directory (tandem.db, schema >= 3)
  std::string my_address;              // "tcp://host:port": where other agents reach this one
  std::vector<std::string> endpoints;  // --agency.endpoint: agents to find the others through
  int size = 1;                        // --agency.size: agents that form the agency
  std::chrono::milliseconds election_timeout_min{500};
  std::chrono::milliseconds election_timeout_max{1000};

  // Timings with fixed values in tandem-node; options for tests.
  std::chrono::milliseconds tick{50};                 // Raft tick; heartbeats every tick
  std::chrono::milliseconds discovery_interval{200};  // identity rounds while forming
  std::chrono::milliseconds write_timeout{30000};     // a write not applied by then: unknown
  std::chrono::milliseconds read_timeout{5000};       // a read index not confirmed by then
  std::uint64_t compact_every = 1000;                 // applied entries between snapshots

  // Supervision of the data nodes (engine/supervision/DESIGN.md): a server is GOOD up to
  // supervision_ok_threshold since its last heartbeat; beyond supervision_grace agents fence
  // it; reports older than report_max_age are not counted.
  std::chrono::milliseconds supervision_ok_threshold{600};
  std::chrono::milliseconds supervision_grace{1500};
  std::chrono::milliseconds report_max_age{500};
};

class AgencyDriver final : public AgencyService {
 public:
  // Opens the agent's log store in options.directory; its errors (missing or older tandem.db,
  // I/O) are returned. The driver does nothing until start().
  static Result<std::unique_ptr<AgencyDriver>> open(AgencyDriverOptions options);
  ~AgencyDriver() override;
  AgencyDriver(const AgencyDriver&) = delete;
  AgencyDriver& operator=(const AgencyDriver&) = delete;

  void start();  // once
  void stop();   // idempotent; blocks until the driver's thread has ended

  // This agent's id ("AGNT-..."), fixed when its directory was first used.
  const std::string& agentId() const;

  // Membership, on the leader only (else kNotLeader with the leader's endpoint). addMember
  // asks the agent at `address` for its identity, then proposes adding it; removeMember
  // proposes removing agent `id`. One change at a time: while one is pending the answer is
  // kLeadershipChallengeOngoing. Answered once the change is applied here, with
  // {"id","address","index","configuration":{"pool","active"}}.
  void addMember(std::string address, Callback done) override;
  void removeMember(std::string id, Callback done) override;

  // AgencyService.
  void write(agency::AgencyWrite write, Callback done) override;
  void read(std::vector<std::vector<std::string>> queries, Callback done) override;
  void writeTransient(agency::AgencyWrite write, Callback done) override;
  void readTransient(std::vector<std::vector<std::string>> queries, Callback done) override;
  // Besides the AgencyService fields: "appliedIndex" and "role" ("leader", "follower",
  // "candidate", "forming" while the agency forms, "waiting" while this agent waits to be
  // added, "stopped").
  void config(Callback done) override;
  void receive(agency::RaftEnvelope envelope, Callback done) override;
  void identity(Callback done) override;
  void heartbeat(std::string body, Callback done) override;

  struct Impl;  // defined and used only in agency_driver.cpp

 private:
  struct OpenTag {};  // only open() constructs a driver

 public:
  AgencyDriver(OpenTag, std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::node::cluster
