/// @file
/// tandem::Node: a whole Tandem node in-process — the store, the ArangoDB-compatible HTTP
/// listener, optionally an agent of the agency and membership in an active-failover cluster —
/// built from the same parts as the `tandem-node` binary (which is a thin user of this class).
///
/// A Node without cluster options is a single server: its writes go straight to its store.
/// With `cluster.agency_endpoints` it is a cluster member: it registers with the agency,
/// heartbeats, and is elected leader or follows the leader (asynchronous replication over
/// HTTP, so a member needs its HTTP listener). Only the leader accepts writes; a follower
/// answers writes with kNotLeader naming the leader (Status::leaderEndpoint()) and serves
/// dirty reads of what it has applied.
///
/// Ownership: create() returns the Node; it owns everything it starts. Destroying it stops it
/// (as stop() does).
/// Thread-safety: every method may be called from any thread, except that stop(), wait() and
/// the destructor must not be called from a callback of this Node (role-change, write or
/// change-feed callbacks). Callbacks run on the Node's own threads and must not block.
/// Process-wide effects: the Node installs no signal handlers (the embedding program decides
/// what SIGTERM means; it should call stop() or requestStop()); log lines go to stderr (one
/// line per event: time, level, topic, message, key=value fields) at the level of the most
/// recently started Node. POST /_admin/restart does not restart anything by itself: the Node
/// stops and restartRequested() tells the application.
///
/// Threads: start() starts the store's writer, the listener (I/O and worker threads), the
/// agent, the member (heartbeat, control and operations threads, one sender per agent) and
/// one callback thread of the Node that runs the role-change callback. An orderly stop asked
/// for over HTTP or by requestStop() runs on one more Node thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem {

/// What a Node is right now.
enum class NodeRole {
  kStopped,    ///< not started yet, or stopped
  kSingle,     ///< running without a cluster: a plain single server, accepts writes
  kUndecided,  ///< cluster member whose role is not known yet or is being challenged
               ///< (no valid leadership lease, or no leader elected): writes get
               ///< kLeadershipChallengeOngoing; try again shortly
  kLeader,     ///< cluster leader holding a valid lease: accepts writes
  kFollower,   ///< cluster follower: writes get kNotLeader with the leader's endpoint
  kRemoved,    ///< removed from the cluster by an operator: serves nothing but dirty reads
};

/// "stopped", "single", "undecided", "leader", "follower", "removed".
std::string_view toString(NodeRole role);

/// One role transition, as the role-change callback receives it.
struct RoleChange {
  NodeRole previous = NodeRole::kStopped;
  NodeRole role = NodeRole::kStopped;
  std::uint64_t term = 0;       ///< the leader term the node acts on (0 without a cluster)
  std::string leader_id;        ///< "SNGL-..." of the leader, "" when unknown
  std::string leader_endpoint;  ///< "tcp://host:port" of the leader, "" when unknown
};

/// Log levels of the node's stderr log.
enum class NodeLogLevel { kError, kWarning, kInfo, kDebug };

/// A Node's options. The names follow tandem-node's command-line options, given in brackets.
/// Node::create() validates them together and names the offending option in its error.
struct NodeOptions {
  /// The store: directory [--database.directory], sync mode [--database.sync].
  StoreOptions store;
  NodeLogLevel log_level = NodeLogLevel::kWarning;  ///< [--log.level]; tandem-node: info

  /// The HTTP listener (ArangoDB's API, the admin API, and the replication and agency
  /// routes peers use).
  struct Http {
    /// false: no listener (only for a single server: a cluster member or an agent needs it).
    bool enabled = true;
    std::string host = "127.0.0.1";             ///< an address to bind [--server.endpoint]
    std::uint16_t port = 8529;                  ///< 0: any free port (see Node::httpEndpoint())
    int io_threads = 2;                         ///< [--server.io-threads]
    int worker_threads = 4;                     ///< [--server.threads]
    std::uint64_t max_body_size = 64ull << 20;  ///< [--server.max-body-size]
    std::uint32_t max_header_size = 64u << 10;  ///< [--server.max-header-size]
    std::chrono::milliseconds keep_alive_timeout{std::chrono::seconds(300)};
    std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
  } http;

  /// An agent of the agency in this node [--agency.*].
  struct Agent {
    bool enabled = false;  ///< [--agency.activate]
    /// "tcp://host:port" peers dial; default: the listener's host and port (which then must
    /// not be 0: peers need a fixed address).
    std::string my_address;
    std::vector<std::string> endpoints;  ///< agents to find the others through
    int size = 1;                        ///< agents forming the agency (1-9) [--agency.size]
    std::chrono::milliseconds election_timeout_min{500};
    std::chrono::milliseconds election_timeout_max{1000};
    bool agency_only = false;  ///< keep no documents [--agency.only]
    std::chrono::milliseconds supervision_grace_period{1500};
    std::chrono::milliseconds supervision_ok_threshold{600};
  } agent;

  /// Membership in an active-failover cluster [--cluster.*]; enabled by agency_endpoints.
  struct Cluster {
    std::vector<std::string> agency_endpoints;  ///< "tcp://host:port" of the agents
    /// How the others reach this node; default: the listener's host and port (which then
    /// must not be 0).
    std::string my_address;
    std::chrono::milliseconds heartbeat_interval{200};
    std::chrono::milliseconds leader_lease{1000};
    std::chrono::milliseconds switchover_timeout{5000};
  } cluster;
};

/// What GET /_admin/status answers, with the fields an application usually wants pulled out.
struct NodeStatus {
  NodeRole role = NodeRole::kStopped;
  std::string server_id;        ///< "SNGL-..."
  std::string http_endpoint;    ///< "" without a listener
  std::string leader_id;        ///< cluster only
  std::string leader_endpoint;  ///< cluster only
  std::uint64_t term = 0;
  std::uint64_t last_tick = 0;  ///< newest oplog tick of this node's store
  std::string json;  ///< the full GET /_admin/status body, JSON text; "" when not running
};

/// Options of a Node read.
struct ReadOptions {
  /// true: a follower (or an undecided or removed node) answers from what it has applied,
  /// which may lag the leader (ArangoDB's `x-arango-allow-dirty-read: true`). false: only a
  /// leader or single server answers; others give kNotLeader / kLeadershipChallengeOngoing.
  bool allow_dirty = false;
};

class Node {
 public:
  using RoleCallback = std::function<void(const RoleChange& change)>;

  /// Checks `options` (kBadParameter naming the option otherwise). Opens nothing yet.
  static Result<std::unique_ptr<Node>> create(NodeOptions options);

  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// Sets the role-change callback (replacing an earlier one); set it before start() to see
  /// every transition. Called on the Node's callback thread, in order, never concurrently
  /// with itself, for:
  ///  - start(): kStopped → kSingle (no cluster) or kStopped → kUndecided (cluster member);
  ///  - every change of a member's role (kUndecided, kLeader, kFollower, kRemoved), and every
  ///    change of the leader (id, endpoint) or term the member acts on while its role stays
  ///    the same (then previous == role): a follower is told when its leader moves;
  ///  - stop(): → kStopped, the last call, after the store has closed.
  /// Each call's `previous` is the `role` of the call before. A member notices a lost lease
  /// within one heartbeat interval; role() may be ahead of the last callback by that much.
  /// stop() returns after the last callback has returned.
  void onRoleChange(RoleCallback callback);

  /// Opens the store, starts the listener, the agent and the membership. Once per Node
  /// (again: kBadParameter); a start() that failed has undone its steps and may be retried.
  /// Errors: those of Store::open (kDatadirLocked, kSchemaOlder, ...); for the listener
  /// kBadParameter (host cannot be resolved) or kInternal (cannot bind, e.g. the port is
  /// taken), the message naming the address; kInternal for an agent that cannot start.
  Status start();
  /// Orderly stop: a cluster leader first hands over to its best follower (bounded by the
  /// switchover timeout), then the listener, the agent and replication stop and the store
  /// closes. Idempotent.
  void stop();
  /// Begins the orderly stop on a Node thread and returns at once, as DELETE
  /// /_admin/shutdown does (for a signal handler thread, say). A second call while the stop
  /// is under way closes the listener's connections at once instead of letting requests in
  /// flight finish. wait() returns when the stop is done.
  void requestStop();
  /// Blocks until the node has stopped: by stop(), requestStop(), or by DELETE
  /// /_admin/shutdown or POST /_admin/restart on its HTTP API (then this Node stops itself;
  /// the application decides what a restart means, see restartRequested()). Returns at once
  /// if the node was never started.
  void wait();
  /// True if the node stopped because of POST /_admin/restart; `upgrade` tells whether the
  /// request asked for a database upgrade.
  bool restartRequested(bool* upgrade = nullptr) const;

  /// From the member's state right now (kStopped before start() and once stop() began to
  /// tear down; kSingle without a cluster).
  NodeRole role() const;
  std::string serverId() const;        ///< "" before start()
  std::string httpEndpoint() const;    ///< bound "tcp://host:port"; "" without a listener
  std::string leaderEndpoint() const;  ///< the leader's "tcp://host:port"; "" if unknown;
                                       ///< a single server or leader: its own
  NodeStatus status() const;

  // --- writes: admitted only on a single server or a leader with a valid lease ------------
  // The callback gets the Store's result; on a follower kNotLeader with leaderEndpoint() set,
  // while undecided kLeadershipChallengeOngoing; kShuttingDown when not running; on an
  // agency-only node (agent.agency_only) kNotImplemented, as the HTTP API answers.
  // The callback runs on the store's writer thread, or on the calling thread or a member
  // thread for a write that was refused; it must not block. A write committed but not acknowledged
  // because the lease ran out meanwhile gets kLeadershipChallengeOngoing with a message
  // saying so (it may or may not survive a failover). Semantics otherwise as Store's.
  void insert(std::string db, std::string collection, std::string body, const WriteOptions& options,
              WriteCallback done);
  void insertMany(std::string db, std::string collection, std::vector<std::string> documents,
                  const WriteOptions& options, WriteCallback done);
  void replace(std::string db, std::string collection, std::string key, std::string body,
               const WriteOptions& options, WriteCallback done);
  void update(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);
  void remove(std::string db, std::string collection, std::string key, std::string body,
              const WriteOptions& options, WriteCallback done);
  void createDatabase(std::string name, std::function<void(Status)> done);
  void createCollection(std::string db, CollectionSpec spec,
                        std::function<void(Result<CollectionInfo>)> done);
  void dropCollection(std::string db, std::string name,
                      std::function<void(Result<CollectionInfo>)> done);
  /// Blocking forms (never from a Node or Store callback; from a write callback they are
  /// refused with kInternal, as Store's are, instead of waiting for their own thread).
  Result<WriteResult> insertSync(std::string db, std::string collection, std::string body,
                                 const WriteOptions& options = {});
  Status createDatabaseSync(std::string name);
  Result<CollectionInfo> createCollectionSync(std::string db, CollectionSpec spec);

  // --- reads ------------------------------------------------------------------------------
  // On the calling thread. Not running: kShuttingDown; agency-only: kNotImplemented; without
  // allow_dirty on a node that is neither single nor leader: kNotLeader (with the leader's
  // endpoint when known) or kLeadershipChallengeOngoing.
  Result<Document> get(std::string_view db, std::string_view collection, std::string_view key,
                       const ReadOptions& options = {}) const;
  Result<std::uint64_t> count(std::string_view db, std::string_view collection,
                              const ReadOptions& options = {}) const;
  /// This node's own store, read-only: cursors, change feeds, counts — dirty reads of what
  /// this node has applied. Only after a successful start(); after stop() (until the Node is
  /// destroyed) its calls answer kShuttingDown.
  const Store& localStore() const;

 private:
  struct Impl;
  explicit Node(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem
