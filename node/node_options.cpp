#include "node_options.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

#include "tandem/version.h"

namespace tandem::node {
namespace po = boost::program_options;
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Every option is read as text and validated here rather than by Boost's typed values, so
// that each error names the option and lists what it accepts.
po::options_description describeOptions() {
  // One option per line reads better than the formatter's call chains.
  // clang-format off
  po::options_description general("General");
  general.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("configuration,c", po::value<std::string>()->value_name("FILE"),
       "read options from an INI file ([server] endpoint = ...); 'none' for no file; "
       "the command line overrides the file");
  po::options_description server("Server");
  server.add_options()
      ("server.endpoint", po::value<std::string>()->value_name("tcp://HOST:PORT"),
       "where to listen (default tcp://127.0.0.1:8529; port 0 picks a free port)")
      ("server.threads", po::value<std::string>()->value_name("N"),
       "worker threads that run the requests that read the store (1-256, default 4)")
      ("server.io-threads", po::value<std::string>()->value_name("N"),
       "threads that run the network I/O (1-64, default 2)");
  po::options_description database("Database");
  database.add_options()
      ("database.directory", po::value<std::string>()->value_name("DIR"),
       "data directory (default ./data); may also be given as the only positional argument")
      ("database.auto-upgrade", po::value<std::string>()->value_name("BOOL"),
       "upgrade the database directory to this version's schema, then exit (default false)")
      ("database.sync", po::value<std::string>()->value_name("full|normal"),
       "SQLite synchronous mode: full survives power loss, normal only process crashes "
       "(default full)");
  po::options_description log("Log");
  log.add_options()
      ("log.level", po::value<std::string>()->value_name("LEVEL"),
       "error, warn, info or debug (default info)");
  po::options_description http("HTTP");
  http.add_options()
      ("http.max-body-size", po::value<std::string>()->value_name("SIZE"),
       "largest accepted request body, e.g. 64MiB (default 64MiB); larger ones get 413")
      ("http.max-header-size", po::value<std::string>()->value_name("SIZE"),
       "largest accepted request header (default 64KiB); larger ones get 431")
      ("http.keep-alive-timeout", po::value<std::string>()->value_name("SECONDS"),
       "close a connection idle for this long (default 300)")
      ("http.request-timeout", po::value<std::string>()->value_name("SECONDS"),
       "close a connection that takes longer to send one request or to read one "
       "response (default 60)");
  po::options_description agency("Agency");
  agency.add_options()
      ("agency.activate", po::value<std::string>()->value_name("BOOL"),
       "run an agent of the agency (the Raft group that records who leads) in this node "
       "(default false)")
      ("agency.my-address", po::value<std::string>()->value_name("tcp://HOST:PORT"),
       "the endpoint other agents reach this agent at (default: --server.endpoint, which "
       "then must not have port 0)")
      ("agency.endpoint", po::value<std::vector<std::string>>()->value_name("tcp://HOST:PORT"),
       "an agent to find the others through; repeat it for each initial agent")
      ("agency.size", po::value<std::string>()->value_name("N"),
       "number of agents that form the agency (1-9, default 1; odd sizes tolerate the "
       "same failures with fewer agents)")
      ("agency.election-timeout-min", po::value<std::string>()->value_name("SECONDS"),
       "shortest time without a leader before an agent stands for election (default 0.5)")
      ("agency.election-timeout-max", po::value<std::string>()->value_name("SECONDS"),
       "longest such time; each wait is drawn at random between min and max (default 1.0)")
      ("agency.only", po::value<std::string>()->value_name("BOOL"),
       "run only the agent: keep no documents (requires --agency.activate true; "
       "default false)")
      ("agency.supervision-grace-period", po::value<std::string>()->value_name("SECONDS"),
       "a data node unheard for longer than this may be declared FAILED and replaced "
       "(default 1.5; must exceed 1.2 x --cluster.leader-lease)")
      ("agency.supervision-ok-threshold", po::value<std::string>()->value_name("SECONDS"),
       "a data node unheard for longer than this is BAD (default 0.6; below the grace period)");
  po::options_description cluster("Cluster");
  cluster.add_options()
      ("cluster.agency-endpoint", po::value<std::vector<std::string>>()
           ->value_name("tcp://HOST:PORT"),
       "an agent of the agency; repeat it for each agent. Makes this node a member of an "
       "active-failover cluster (leader or follower)")
      ("cluster.my-address", po::value<std::string>()->value_name("tcp://HOST:PORT"),
       "the endpoint clients and other nodes reach this node at (default: --server.endpoint, "
       "which then must not have port 0)")
      ("cluster.heartbeat-interval", po::value<std::string>()->value_name("SECONDS"),
       "time between heartbeats to the agents (default 0.2)")
      ("cluster.leader-lease", po::value<std::string>()->value_name("SECONDS"),
       "a leader accepts writes only this long after a heartbeat a majority of agents "
       "acknowledged (default 1; more than 2 heartbeat intervals)")
      ("cluster.switchover-timeout", po::value<std::string>()->value_name("SECONDS"),
       "how long a switchover holds writes waiting for the target to catch up (default 5)");
  // clang-format on
  po::options_description all("tandem-node options");
  all.add(general).add(server).add(database).add(log).add(http).add(agency).add(cluster);
  return all;
}

std::string badValue(std::string_view option, std::string_view value, std::string_view allowed) {
  std::string message = "invalid value '";
  message += value;
  message += "' for option '--";
  message += option;
  message += "': ";
  message += allowed;
  return message;
}

std::optional<std::uint64_t> parseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Each apply* reads one option if present; it returns an error message or "".
using Values = po::variables_map;

const std::string* valueOf(const Values& values, const char* name) {
  const auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second.as<std::string>();
}

std::string applyThreads(const Values& values, const char* name, int max, int& out) {
  const std::string* text = valueOf(values, name);
  if (text == nullptr) return {};
  const auto n = parseUnsigned(*text);
  if (!n || *n < 1 || *n > static_cast<std::uint64_t>(max)) {
    return badValue(name, *text, "expected an integer from 1 to " + std::to_string(max));
  }
  out = static_cast<int>(*n);
  return {};
}

std::string applySeconds(const Values& values, const char* name, std::chrono::milliseconds& out) {
  const std::string* text = valueOf(values, name);
  if (text == nullptr) return {};
  char* end = nullptr;
  const double seconds = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > 86400.0 * 365) {
    return badValue(name, *text, "expected a positive number of seconds, e.g. 30 or 0.5");
  }
  out = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
  return {};
}

std::string applySize(const Values& values, const char* name, std::uint64_t max,
                      std::uint64_t& out) {
  const std::string* text = valueOf(values, name);
  if (text == nullptr) return {};
  const auto size = parseByteSize(*text);
  if (!size || *size == 0 || *size > max) {
    return badValue(name, *text,
                    "expected a byte count from 1 to " + std::to_string(max) +
                        ", optionally with a suffix such as KiB, MiB or GiB");
  }
  out = *size;
  return {};
}

std::string applyServerOptions(const Values& values, NodeOptions& options) {
  if (const std::string* text = valueOf(values, "server.endpoint")) {
    const auto endpoint = parseEndpoint(*text);
    if (!endpoint) {
      return badValue("server.endpoint", *text,
                      "expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:8529 or tcp://[::1]:8529");
    }
    options.endpoint = *endpoint;
  }
  if (auto error = applyThreads(values, "server.threads", 256, options.server_threads);
      !error.empty()) {
    return error;
  }
  return applyThreads(values, "server.io-threads", 64, options.io_threads);
}

std::string applyDatabaseOptions(const Values& values, NodeOptions& options) {
  if (const std::string* text = valueOf(values, "database.directory")) {
    if (text->empty()) return badValue("database.directory", *text, "expected a directory path");
    options.database_directory = *text;
  }
  if (const std::string* text = valueOf(values, "database.auto-upgrade")) {
    const auto flag = parseBool(*text);
    if (!flag) {
      return badValue("database.auto-upgrade", *text,
                      "expected true, false, yes, no, on, off, 1 or 0");
    }
    options.auto_upgrade = *flag;
  }
  if (const std::string* text = valueOf(values, "database.sync")) {
    const std::string mode = lower(*text);
    if (mode == "full") {
      options.sync = SyncMode::kFull;
    } else if (mode == "normal") {
      options.sync = SyncMode::kNormal;
    } else {
      return badValue("database.sync", *text, "expected full or normal");
    }
  }
  return {};
}

std::string applyOtherOptions(const Values& values, NodeOptions& options) {
  if (const std::string* text = valueOf(values, "log.level")) {
    const auto level = parseLogLevel(*text);
    if (!level) return badValue("log.level", *text, "expected error, warn, info or debug");
    options.log_level = *level;
  }
  std::uint64_t header_size = options.max_header_size;
  // Beast counts header sizes in 32 bits; a gigabyte of headers is never legitimate anyway.
  if (auto error = applySize(values, "http.max-header-size", 1ull << 30, header_size);
      !error.empty()) {
    return error;
  }
  options.max_header_size = static_cast<std::uint32_t>(header_size);
  if (auto error = applySize(values, "http.max-body-size", 1ull << 40, options.max_body_size);
      !error.empty()) {
    return error;
  }
  if (auto error = applySeconds(values, "http.keep-alive-timeout", options.keep_alive_timeout);
      !error.empty()) {
    return error;
  }
  return applySeconds(values, "http.request-timeout", options.request_timeout);
}

std::string applyBool(const Values& values, const char* name, bool& out) {
  const std::string* text = valueOf(values, name);
  if (text == nullptr) return {};
  const auto flag = parseBool(*text);
  if (!flag) return badValue(name, *text, "expected true, false, yes, no, on, off, 1 or 0");
  out = *flag;
  return {};
}

constexpr std::string_view kEndpointForm =
    "expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:8529 or tcp://[::1]:8529";

// The driver ticks every 50 ms; an election timeout needs at least two ticks so that a
// randomised timeout can differ between agents.
std::string applyElectionTimeout(const Values& values, const char* name,
                                 std::chrono::milliseconds& out) {
  const std::string* text = valueOf(values, name);
  if (text == nullptr) return {};
  char* end = nullptr;
  const double seconds = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(seconds) || seconds < 0.1 || seconds > 3600) {
    return badValue(name, *text,
                    "expected a number of seconds from 0.1 to 3600 (at least two ticks of "
                    "50 ms), e.g. 0.5");
  }
  out = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
  return {};
}

std::string applyAgencyEndpoints(const Values& values, AgencyOptions& agency) {
  if (const std::string* text = valueOf(values, "agency.my-address")) {
    const auto endpoint = parseEndpoint(*text);
    if (!endpoint || endpoint->port == 0) {
      return badValue("agency.my-address", *text,
                      std::string(kEndpointForm) + ", with a port other than 0");
    }
    agency.my_address = *endpoint;
  }
  if (const auto it = values.find("agency.endpoint"); it != values.end()) {
    for (const std::string& text : it->second.as<std::vector<std::string>>()) {
      const auto endpoint = parseEndpoint(text);
      if (!endpoint || endpoint->port == 0) {
        return badValue("agency.endpoint", text,
                        std::string(kEndpointForm) + ", with a port other than 0");
      }
      agency.endpoints.push_back(*endpoint);
    }
  }
  return {};
}

std::string applyAgencyOptions(const Values& values, NodeOptions& options) {
  AgencyOptions& agency = options.agency;
  if (auto error = applyBool(values, "agency.activate", agency.activate); !error.empty()) {
    return error;
  }
  if (auto error = applyBool(values, "agency.only", agency.only); !error.empty()) return error;
  if (auto error = applyAgencyEndpoints(values, agency); !error.empty()) return error;
  if (const std::string* text = valueOf(values, "agency.size")) {
    const auto n = parseUnsigned(*text);
    if (!n || *n < 1 || *n > 9) {
      return badValue("agency.size", *text,
                      "expected an integer from 1 to 9 (odd sizes are recommended)");
    }
    agency.size = static_cast<int>(*n);
  }
  for (const auto& [name, out] :
       {std::pair{"agency.election-timeout-min", &agency.election_timeout_min},
        std::pair{"agency.election-timeout-max", &agency.election_timeout_max}}) {
    if (auto error = applyElectionTimeout(values, name, *out); !error.empty()) return error;
  }
  return {};
}

std::string applyClusterEndpoints(const Values& values, NodeOptions& options) {
  ClusterOptions& cluster = options.cluster;
  if (const auto it = values.find("cluster.agency-endpoint"); it != values.end()) {
    for (const std::string& text : it->second.as<std::vector<std::string>>()) {
      const auto endpoint = parseEndpoint(text);
      if (!endpoint || endpoint->port == 0) {
        return badValue("cluster.agency-endpoint", text,
                        std::string(kEndpointForm) + ", with a port other than 0");
      }
      cluster.agency_endpoints.push_back(*endpoint);
    }
  }
  if (const std::string* text = valueOf(values, "cluster.my-address")) {
    const auto endpoint = parseEndpoint(*text);
    if (!endpoint || endpoint->port == 0) {
      return badValue("cluster.my-address", *text,
                      std::string(kEndpointForm) + ", with a port other than 0");
    }
    cluster.my_address = *endpoint;
  }
  return {};
}

std::string applyClusterOptions(const Values& values, NodeOptions& options) {
  if (auto error = applyClusterEndpoints(values, options); !error.empty()) return error;
  for (const auto& [name, out] :
       {std::pair{"cluster.heartbeat-interval", &options.cluster.heartbeat_interval},
        std::pair{"cluster.leader-lease", &options.cluster.leader_lease},
        std::pair{"cluster.switchover-timeout", &options.cluster.switchover_timeout},
        std::pair{"agency.supervision-grace-period", &options.agency.supervision_grace_period},
        std::pair{"agency.supervision-ok-threshold", &options.agency.supervision_ok_threshold}}) {
    if (auto error = applySeconds(values, name, *out); !error.empty()) return error;
  }
  return {};
}

NodeOptionsOutcome failure(std::string message) {
  NodeOptionsOutcome outcome;
  outcome.exit_code = 2;
  outcome.output = "tandem-node: " + std::move(message) + " (see --help)\n";
  return outcome;
}

// Reads the command line and then the configuration file into `values`; Boost's store()
// keeps the first value it sees, which is what makes the command line win.
std::string readSources(int argc, const char* const argv[], const po::options_description& desc,
                        Values& values, std::string& configuration_file) {
  try {
    po::positional_options_description positional;
    positional.add("database.directory", 1);
    po::store(po::command_line_parser(argc, argv).options(desc).positional(positional).run(),
              values);
    if (const std::string* file = valueOf(values, "configuration"); file && *file != "none") {
      configuration_file = *file;
      po::store(po::parse_config_file(file->c_str(), desc), values);
    }
    po::notify(values);
  } catch (const po::reading_file&) {
    return "cannot read the configuration file '" + configuration_file + "' (--configuration)";
  } catch (const po::error& error) {
    return error.what();
  }
  return {};
}

}  // namespace

std::string Endpoint::toString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "tcp://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<Endpoint> parseEndpoint(std::string_view text) {
  constexpr std::string_view kScheme = "tcp://";
  if (lower(text.substr(0, kScheme.size())) != kScheme) return std::nullopt;
  text.remove_prefix(kScheme.size());
  Endpoint endpoint;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    endpoint.host = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    endpoint.host = std::string(text.substr(0, colon));
    rest = text.substr(colon);
    // An IPv6 address must be bracketed: in tcp://fe80::1 the last group is not a port.
    if (endpoint.host.find(':') != std::string::npos) return std::nullopt;
  }
  if (endpoint.host.empty() || rest.size() < 2 || rest.front() != ':') return std::nullopt;
  const auto port = parseUnsigned(rest.substr(1));
  if (!port || *port > 65535) return std::nullopt;
  endpoint.port = static_cast<std::uint16_t>(*port);
  return endpoint;
}

std::optional<bool> parseBool(std::string_view text) {
  const std::string value = lower(text);
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

std::optional<std::uint64_t> parseByteSize(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  const auto number = parseUnsigned(text.substr(0, digits));
  if (!number) return std::nullopt;
  static constexpr std::pair<std::string_view, std::uint64_t> kSuffixes[] = {{"", 1},
                                                                             {"b", 1},
                                                                             {"k", 1000},
                                                                             {"kb", 1000},
                                                                             {"kib", 1ull << 10},
                                                                             {"m", 1000000},
                                                                             {"mb", 1000000},
                                                                             {"mib", 1ull << 20},
                                                                             {"g", 1000000000},
                                                                             {"gb", 1000000000},
                                                                             {"gib", 1ull << 30}};
  const std::string suffix = lower(text.substr(digits));
  for (const auto& [name, factor] : kSuffixes) {
    if (suffix != name) continue;
    if (*number > std::numeric_limits<std::uint64_t>::max() / factor) return std::nullopt;
    return *number * factor;
  }
  return std::nullopt;
}

NodeOptionsOutcome parseNodeOptions(int argc, const char* const argv[]) {
  const po::options_description desc = describeOptions();
  Values values;
  NodeOptions options;
  if (auto error = readSources(argc, argv, desc, values, options.configuration_file);
      !error.empty()) {
    return failure(std::move(error));
  }
  if (values.count("help")) {
    std::ostringstream text;
    text << "Usage: tandem-node [OPTIONS] [DATABASE-DIRECTORY]\n\n" << desc;
    return NodeOptionsOutcome{std::nullopt, 0, text.str()};
  }
  if (values.count("version")) {
    return NodeOptionsOutcome{std::nullopt, 0,
                              std::string("tandem-node ") + kTandemVersion + " (ArangoDB API " +
                                  kArangoApiVersion + ")\n"};
  }
  // Each option alone; validateNodeOptions() then checks them together.
  for (auto* apply : {applyServerOptions, applyDatabaseOptions, applyOtherOptions,
                      applyAgencyOptions, applyClusterOptions}) {
    if (auto error = apply(values, options); !error.empty()) return failure(std::move(error));
  }
  // What concerns several options (and the defaults that follow from others) is checked as
  // for an embedded tandem::Node.
  if (auto error = validateNodeOptions(options, OptionNaming::kCommandLine); !error.empty()) {
    return failure(std::move(error));
  }
  return NodeOptionsOutcome{std::move(options), 0, {}};
}

}  // namespace tandem::node
