// validateNodeOptions(): the checks shared by tandem-node's parser and tandem::Node::create(),
// and the conversions between the internal NodeOptions and the public tandem::NodeOptions.
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "node_options.h"
#include "tandem/node.h"

namespace tandem::node {
namespace {

using std::chrono::milliseconds;

// Limits shared with the parser's messages (node_options.cpp checks the text of a value; these
// check the value, which for an embedded node never was text).
constexpr int kMaxServerThreads = 256;
constexpr int kMaxIoThreads = 64;
constexpr std::uint64_t kMaxBodySize = 1ull << 40;
constexpr std::uint64_t kMaxHeaderSize = 1ull << 30;
constexpr milliseconds kMaxSeconds{86400LL * 365 * 1000};
constexpr milliseconds kMinElection{100};  // two ticks of the agency driver's 50 ms ticker
constexpr milliseconds kMaxElection{3600 * 1000};

// The command-line name of an option and its tandem::NodeOptions field.
struct OptionName {
  std::string_view command_line;
  std::string_view field;
};

constexpr OptionName kNames[] = {
    {"server.endpoint", "http.host/http.port"},
    {"server.threads", "http.worker_threads"},
    {"server.io-threads", "http.io_threads"},
    {"http.max-body-size", "http.max_body_size"},
    {"http.max-header-size", "http.max_header_size"},
    {"http.keep-alive-timeout", "http.keep_alive_timeout"},
    {"http.request-timeout", "http.request_timeout"},
    {"http.enabled", "http.enabled"},
    {"database.directory", "store.directory"},
    {"agency.activate", "agent.enabled"},
    {"agency.my-address", "agent.my_address"},
    {"agency.endpoint", "agent.endpoints"},
    {"agency.size", "agent.size"},
    {"agency.election-timeout-min", "agent.election_timeout_min"},
    {"agency.election-timeout-max", "agent.election_timeout_max"},
    {"agency.only", "agent.agency_only"},
    {"agency.supervision-grace-period", "agent.supervision_grace_period"},
    {"agency.supervision-ok-threshold", "agent.supervision_ok_threshold"},
    {"cluster.agency-endpoint", "cluster.agency_endpoints"},
    {"cluster.my-address", "cluster.my_address"},
    {"cluster.heartbeat-interval", "cluster.heartbeat_interval"},
    {"cluster.leader-lease", "cluster.leader_lease"},
    {"cluster.switchover-timeout", "cluster.switchover_timeout"},
};

class Checker {
 public:
  explicit Checker(OptionNaming naming) : naming_(naming) {}

  // "--cluster.leader-lease" or "cluster.leader_lease".
  std::string name(std::string_view option) const {
    if (naming_ == OptionNaming::kCommandLine) return "--" + std::string(option);
    for (const OptionName& entry : kNames) {
      if (entry.command_line == option) return std::string(entry.field);
    }
    return std::string(option);
  }
  // "'--agency.activate true'" or "'agent.enabled = true'".
  std::string enabled(std::string_view option) const {
    return "'" + name(option) + (naming_ == OptionNaming::kCommandLine ? " true'" : " = true'");
  }
  std::string badValue(std::string_view option, std::string_view value,
                       std::string_view allowed) const {
    return "invalid value '" + std::string(value) + "' for option '" + name(option) +
           "': " + std::string(allowed);
  }

 private:
  OptionNaming naming_;
};

std::string seconds(milliseconds value) {
  std::ostringstream text;
  text << static_cast<double>(value.count()) / 1000.0;
  return text.str();
}

std::string checkServer(const NodeOptions& options, const Checker& check) {
  if (options.database_directory.empty()) {
    return check.badValue("database.directory", "", "expected a directory path");
  }
  if (options.server_threads < 1 || options.server_threads > kMaxServerThreads) {
    return check.badValue("server.threads", std::to_string(options.server_threads),
                          "expected an integer from 1 to " + std::to_string(kMaxServerThreads));
  }
  if (options.io_threads < 1 || options.io_threads > kMaxIoThreads) {
    return check.badValue("server.io-threads", std::to_string(options.io_threads),
                          "expected an integer from 1 to " + std::to_string(kMaxIoThreads));
  }
  for (const auto& [option, value, max] :
       {std::tuple{"http.max-body-size", options.max_body_size, kMaxBodySize},
        std::tuple{"http.max-header-size", std::uint64_t{options.max_header_size},
                   kMaxHeaderSize}}) {
    if (value == 0 || value > max) {
      return check.badValue(option, std::to_string(value),
                            "expected a byte count from 1 to " + std::to_string(max));
    }
  }
  for (const auto& [option, value] :
       {std::pair{"http.keep-alive-timeout", options.keep_alive_timeout},
        std::pair{"http.request-timeout", options.request_timeout}}) {
    if (value <= milliseconds(0) || value > kMaxSeconds) {
      return check.badValue(option, seconds(value),
                            "expected a positive number of seconds, e.g. 30 or 0.5");
    }
  }
  return {};
}

std::string checkAgent(NodeOptions& options, const Checker& check) {
  AgencyOptions& agency = options.agency;
  if (agency.size < 1 || agency.size > 9) {
    return check.badValue("agency.size", std::to_string(agency.size),
                          "expected an integer from 1 to 9 (odd sizes are recommended)");
  }
  for (const auto& [option, value] :
       {std::pair{"agency.election-timeout-min", agency.election_timeout_min},
        std::pair{"agency.election-timeout-max", agency.election_timeout_max}}) {
    if (value < kMinElection || value > kMaxElection) {
      return check.badValue(option, seconds(value),
                            "expected a number of seconds from 0.1 to 3600 (at least two ticks "
                            "of 50 ms), e.g. 0.5");
    }
  }
  if (agency.election_timeout_max < agency.election_timeout_min) {
    return check.badValue("agency.election-timeout-max", seconds(agency.election_timeout_max),
                          "must not be smaller than " + check.name("agency.election-timeout-min"));
  }
  if (agency.only && !agency.activate) {
    return "option '" + check.name("agency.only") + "' requires " +
           check.enabled("agency.activate");
  }
  for (const Endpoint& endpoint : agency.endpoints) {
    if (endpoint.port == 0) {
      return check.badValue("agency.endpoint", endpoint.toString(), "needs a port other than 0");
    }
  }
  if (agency.my_address.host.empty()) {
    agency.my_address = options.endpoint;
    if (agency.activate && agency.my_address.port == 0) {
      return "option '" + check.name("agency.my-address") + "' is required with " +
             check.enabled("agency.activate") + " when '" + check.name("server.endpoint") +
             "' has port 0: other agents need a fixed address to reach this one";
    }
  } else if (agency.activate && agency.my_address.port == 0) {
    return check.badValue("agency.my-address", agency.my_address.toString(),
                          "needs a port other than 0");
  }
  return {};
}

std::string checkClusterAddresses(NodeOptions& options, const Checker& check) {
  ClusterOptions& cluster = options.cluster;
  for (const Endpoint& endpoint : cluster.agency_endpoints) {
    if (endpoint.port == 0) {
      return check.badValue("cluster.agency-endpoint", endpoint.toString(),
                            "needs a port other than 0");
    }
  }
  if (cluster.my_address.host.empty()) {
    cluster.my_address = options.endpoint;
    if (cluster.enabled() && cluster.my_address.port == 0) {
      return "option '" + check.name("cluster.my-address") + "' is required with '" +
             check.name("cluster.agency-endpoint") + "' when '" + check.name("server.endpoint") +
             "' has port 0: clients and other nodes need a fixed address";
    }
  } else if (cluster.enabled() && cluster.my_address.port == 0) {
    return check.badValue("cluster.my-address", cluster.my_address.toString(),
                          "needs a port other than 0");
  }
  if (!options.listen && (cluster.enabled() || options.agency.activate)) {
    return "option '" + check.name("http.enabled") + "' must be true for a cluster member ('" +
           check.name("cluster.agency-endpoint") + "') or an agent (" +
           check.enabled("agency.activate") + "): the other nodes and agents reach it over HTTP";
  }
  return {};
}

// The timings of the lease rule (engine/supervision/DESIGN.md): the lease must end before
// supervision may replace a leader, with a margin for clocks that run at slightly different
// rates, and must outlive a lost heartbeat.
std::string checkClusterTimings(const NodeOptions& options, const Checker& check) {
  const ClusterOptions& cluster = options.cluster;
  const AgencyOptions& agency = options.agency;
  for (const auto& [option, value] :
       {std::pair{"cluster.heartbeat-interval", cluster.heartbeat_interval},
        std::pair{"cluster.leader-lease", cluster.leader_lease},
        std::pair{"cluster.switchover-timeout", cluster.switchover_timeout},
        std::pair{"agency.supervision-grace-period", agency.supervision_grace_period},
        std::pair{"agency.supervision-ok-threshold", agency.supervision_ok_threshold}}) {
    if (value <= milliseconds(0) || value > kMaxSeconds) {
      return check.badValue(option, seconds(value),
                            "expected a positive number of seconds, e.g. 30 or 0.5");
    }
  }
  if (cluster.leader_lease * 12 >= agency.supervision_grace_period * 10) {
    return "option '" + check.name("cluster.leader-lease") + "' (" + seconds(cluster.leader_lease) +
           " s) must be below " + check.name("agency.supervision-grace-period") + " / 1.2 (" +
           seconds(agency.supervision_grace_period) +
           " s / 1.2): a leader's lease must end before supervision may replace it";
  }
  if (cluster.leader_lease <= cluster.heartbeat_interval * 2) {
    return "option '" + check.name("cluster.leader-lease") + "' (" + seconds(cluster.leader_lease) +
           " s) must be more than twice " + check.name("cluster.heartbeat-interval") + " (" +
           seconds(cluster.heartbeat_interval) + " s), so that one lost heartbeat does not end it";
  }
  if (agency.supervision_ok_threshold >= agency.supervision_grace_period) {
    return "option '" + check.name("agency.supervision-ok-threshold") + "' (" +
           seconds(agency.supervision_ok_threshold) + " s) must be below " +
           check.name("agency.supervision-grace-period") + " (" +
           seconds(agency.supervision_grace_period) + " s)";
  }
  return {};
}

// A "tcp://host:port" of the public options; "" is "not given" (an empty Endpoint).
std::optional<Endpoint> endpointOf(const std::string& text) {
  if (text.empty()) return Endpoint{};
  return parseEndpoint(text);
}

LogLevel internalLevel(NodeLogLevel level) {
  switch (level) {
    case NodeLogLevel::kError:
      return LogLevel::kError;
    case NodeLogLevel::kWarning:
      return LogLevel::kWarn;
    case NodeLogLevel::kInfo:
      return LogLevel::kInfo;
    case NodeLogLevel::kDebug:
      return LogLevel::kDebug;
  }
  return LogLevel::kInfo;
}

NodeLogLevel publicLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return NodeLogLevel::kError;
    case LogLevel::kWarn:
      return NodeLogLevel::kWarning;
    case LogLevel::kInfo:
      return NodeLogLevel::kInfo;
    case LogLevel::kDebug:
      return NodeLogLevel::kDebug;
  }
  return NodeLogLevel::kInfo;
}

}  // namespace

std::string validateNodeOptions(NodeOptions& options, OptionNaming naming) {
  const Checker check(naming);
  if (auto error = checkServer(options, check); !error.empty()) return error;
  if (auto error = checkAgent(options, check); !error.empty()) return error;
  if (auto error = checkClusterAddresses(options, check); !error.empty()) return error;
  return checkClusterTimings(options, check);
}

namespace {

// The endpoint lists and addresses of the public options; "" if all parse.
std::string convertEndpoints(const tandem::NodeOptions& in, NodeOptions& out,
                             const Checker& check) {
  const auto bad = [&](std::string_view option, const std::string& text) {
    return check.badValue(option, text,
                          "expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:8529 or "
                          "tcp://[::1]:8529");
  };
  auto agent_address = endpointOf(in.agent.my_address);
  if (!agent_address) return bad("agency.my-address", in.agent.my_address);
  out.agency.my_address = *agent_address;
  auto cluster_address = endpointOf(in.cluster.my_address);
  if (!cluster_address) return bad("cluster.my-address", in.cluster.my_address);
  out.cluster.my_address = *cluster_address;
  for (const std::string& text : in.agent.endpoints) {
    auto endpoint = parseEndpoint(text);
    if (!endpoint) return bad("agency.endpoint", text);
    out.agency.endpoints.push_back(*endpoint);
  }
  for (const std::string& text : in.cluster.agency_endpoints) {
    auto endpoint = parseEndpoint(text);
    if (!endpoint) return bad("cluster.agency-endpoint", text);
    out.cluster.agency_endpoints.push_back(*endpoint);
  }
  return {};
}

}  // namespace

Result<NodeOptions> fromPublicOptions(const tandem::NodeOptions& in) {
  const Checker check(OptionNaming::kEmbedded);
  NodeOptions out;
  out.endpoint = Endpoint{in.http.host, in.http.port};
  out.database_directory = in.store.directory;
  out.sync = in.store.sync;
  out.log_level = internalLevel(in.log_level);
  out.listen = in.http.enabled;
  out.server_threads = in.http.worker_threads;
  out.io_threads = in.http.io_threads;
  out.max_body_size = in.http.max_body_size;
  out.max_header_size = in.http.max_header_size;
  out.keep_alive_timeout = in.http.keep_alive_timeout;
  out.request_timeout = in.http.request_timeout;
  out.agency.activate = in.agent.enabled;
  out.agency.size = in.agent.size;
  out.agency.election_timeout_min = in.agent.election_timeout_min;
  out.agency.election_timeout_max = in.agent.election_timeout_max;
  out.agency.only = in.agent.agency_only;
  out.agency.supervision_grace_period = in.agent.supervision_grace_period;
  out.agency.supervision_ok_threshold = in.agent.supervision_ok_threshold;
  out.cluster.heartbeat_interval = in.cluster.heartbeat_interval;
  out.cluster.leader_lease = in.cluster.leader_lease;
  out.cluster.switchover_timeout = in.cluster.switchover_timeout;
  std::string error = in.http.host.empty() ? check.badValue("server.endpoint", "", "needs a host")
                                           : convertEndpoints(in, out, check);
  if (error.empty()) error = validateNodeOptions(out, OptionNaming::kEmbedded);
  if (!error.empty()) return Status::error(ErrorCode::kBadParameter, std::move(error), 400);
  return out;
}

tandem::NodeOptions toPublicOptions(const NodeOptions& in) {
  tandem::NodeOptions out;
  out.store.directory = in.database_directory;
  out.store.sync = in.sync;
  out.log_level = publicLevel(in.log_level);
  out.http.enabled = in.listen;
  out.http.host = in.endpoint.host;
  out.http.port = in.endpoint.port;
  out.http.io_threads = in.io_threads;
  out.http.worker_threads = in.server_threads;
  out.http.max_body_size = in.max_body_size;
  out.http.max_header_size = in.max_header_size;
  out.http.keep_alive_timeout = in.keep_alive_timeout;
  out.http.request_timeout = in.request_timeout;
  out.agent.enabled = in.agency.activate;
  // An address is passed on only where it is used: the default one of a node without an agent
  // (or without a cluster) may well have port 0.
  if (in.agency.activate) out.agent.my_address = in.agency.my_address.toString();
  for (const Endpoint& endpoint : in.agency.endpoints) {
    out.agent.endpoints.push_back(endpoint.toString());
  }
  out.agent.size = in.agency.size;
  out.agent.election_timeout_min = in.agency.election_timeout_min;
  out.agent.election_timeout_max = in.agency.election_timeout_max;
  out.agent.agency_only = in.agency.only;
  out.agent.supervision_grace_period = in.agency.supervision_grace_period;
  out.agent.supervision_ok_threshold = in.agency.supervision_ok_threshold;
  for (const Endpoint& endpoint : in.cluster.agency_endpoints) {
    out.cluster.agency_endpoints.push_back(endpoint.toString());
  }
  if (in.cluster.enabled()) out.cluster.my_address = in.cluster.my_address.toString();
  out.cluster.heartbeat_interval = in.cluster.heartbeat_interval;
  out.cluster.leader_lease = in.cluster.leader_lease;
  out.cluster.switchover_timeout = in.cluster.switchover_timeout;
  return out;
}

}  // namespace tandem::node
