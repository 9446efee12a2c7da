// NodeOptions: tandem-node's start-up options, with ArangoDB's names.
//
// Options come from the command line and, with `--configuration FILE`, from an INI file whose
// sections name the option group (`[server]` + `endpoint = tcp://...` is --server.endpoint).
// The command line overrides the file. A positional argument is the database directory, as
// with arangod.
//
// Values are validated here, so a bad value is reported with the option's name and what is
// allowed, and the process exits with status 2 instead of failing later.
//
// Thread-safety: plain values; parseNodeOptions() is reentrant.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "log.h"
#include "tandem/store.h"

namespace tandem::node {

// A `tcp://HOST:PORT` endpoint; HOST may be a bracketed IPv6 address.
struct Endpoint {
  std::string host;  // without brackets
  std::uint16_t port = 0;

  std::string toString() const;  // "tcp://127.0.0.1:8529", "tcp://[::1]:8529"
};

std::optional<Endpoint> parseEndpoint(std::string_view text);

// ArangoDB's boolean spellings: true/false, yes/no, on/off, 1/0 (case-insensitive).
std::optional<bool> parseBool(std::string_view text);

// A byte count: digits with an optional suffix k/kb (1000), kib (1024), m/mb, mib, g/gb, gib
// (case-insensitive), as ArangoDB accepts them.
std::optional<std::uint64_t> parseByteSize(std::string_view text);

// The agent this node runs (--agency.*). Validated together: only with activate, election
// timeouts of at least two ticks of the driver's 50 ms ticker, max >= min.
struct AgencyOptions {
  bool activate = false;            // run an agent in this node
  Endpoint my_address;              // how peers dial this agent; empty host: not given, then
                                    // validateNodeOptions() sets --server.endpoint
  std::vector<Endpoint> endpoints;  // agents to find the others through (repeatable)
  int size = 1;                     // agents that form the agency at bootstrap (1-9)
  std::chrono::milliseconds election_timeout_min{500};
  std::chrono::milliseconds election_timeout_max{1000};
  bool only = false;  // an agent that keeps no documents (requires activate)
  // Supervision (runs on the agency leader): a server unheard for longer than ok-threshold is
  // BAD, for longer than the grace period it may be declared FAILED.
  std::chrono::milliseconds supervision_grace_period{1500};
  std::chrono::milliseconds supervision_ok_threshold{600};
};

// Membership in an active-failover cluster (--cluster.*), enabled by --cluster.agency-endpoint.
// Validated together with the agency's timings: heartbeat < lease / 2, lease < grace / 1.2,
// ok-threshold < grace (engine/supervision/DESIGN.md, "The lease rule").
struct ClusterOptions {
  std::vector<Endpoint> agency_endpoints;  // the agents this node heartbeats to (repeatable)
  Endpoint my_address;  // how others reach this node; empty host: not given, then
                        // validateNodeOptions() sets --server.endpoint
  std::chrono::milliseconds heartbeat_interval{200};
  std::chrono::milliseconds leader_lease{1000};
  std::chrono::milliseconds switchover_timeout{5000};

  bool enabled() const { return !agency_endpoints.empty(); }
};

struct NodeOptions {
  Endpoint endpoint{"127.0.0.1", 8529};
  std::string database_directory = "./data";
  bool auto_upgrade = false;
  SyncMode sync = SyncMode::kFull;
  LogLevel log_level = LogLevel::kInfo;
  std::string configuration_file;  // empty: none was given

  bool listen = true;      // false: no HTTP listener (embedded single server only)
  int server_threads = 4;  // worker pool running the requests that read the store
  int io_threads = 2;      // threads running the sockets

  std::uint64_t max_body_size = 64ull << 20;  // larger bodies get 413
  std::uint32_t max_header_size = 64u << 10;  // larger headers get 431
  std::chrono::milliseconds keep_alive_timeout{std::chrono::seconds(300)};  // idle connection
  std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};  // read or write one message

  AgencyOptions agency;
  ClusterOptions cluster;
};

// What to do after parsing: run with `options`, or print `output` and exit with `exit_code`
// (0 for --help and --version, which go to stdout; 2 for bad options, which go to stderr).
struct NodeOptionsOutcome {
  std::optional<NodeOptions> options;
  int exit_code = 0;
  std::string output;
};

// Reads the command line (and --configuration), then validateNodeOptions(kCommandLine).
NodeOptionsOutcome parseNodeOptions(int argc, const char* const argv[]);

// How validateNodeOptions() names an option: `--cluster.leader-lease` for tandem-node,
// `cluster.leader_lease` (the tandem::NodeOptions field, with the command-line name) for an
// embedded tandem::Node.
enum class OptionNaming { kCommandLine, kEmbedded };

// The one validation of a node's options, for tandem-node's parser and tandem::Node::create():
// value ranges, the agent's options (only requires activate, election timeouts), endpoints
// with port 0, the lease rule (heartbeat < lease / 2, lease < grace / 1.2, ok-threshold <
// grace), a listener for members and agents. Sets the addresses not given (my_address) to the
// server endpoint, which then must not have port 0 for an active agent or a cluster member.
// Returns "" if valid, else a message naming the option and what is allowed.
std::string validateNodeOptions(NodeOptions& options, OptionNaming naming);

}  // namespace tandem::node

namespace tandem {
struct NodeOptions;
}  // namespace tandem

namespace tandem::node {

// The public options of an embedded node (tandem/node.h) as the internal ones, validated
// (kBadParameter naming the option); `store` keeps the Store's own options.
Result<NodeOptions> fromPublicOptions(const tandem::NodeOptions& options);
// The internal options (tandem-node's parsed command line) as the public ones: what
// tandem-node hands to its tandem::Node. auto_upgrade and configuration_file have no
// counterpart (tandem-node handles them itself).
tandem::NodeOptions toPublicOptions(const NodeOptions& options);

}  // namespace tandem::node
