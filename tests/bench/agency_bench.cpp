#include "agency_bench.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

#include <boost/json.hpp>

#include "load_client.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr double kStartTimeoutSeconds = 30.0;
constexpr double kStopTimeoutSeconds = 60.0;
constexpr double kConfigTimeoutSeconds = 2.0;
// A write during an election may wait for a leader that is not there yet; a shorter wait than
// that would only hide the answer, a longer one would let a stuck request dominate the trial.
constexpr double kElectionRequestTimeoutSeconds = 2.0;
// Far beyond the targets (1 s median, 2 s max): only an agency that never recovers hits it.
constexpr auto kDeadline = std::chrono::seconds(60);
constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr auto kRetryInterval = std::chrono::milliseconds(15);
constexpr std::size_t kMaxRedirects = 3;
const std::string kLoopbackUrl = "http://127.0.0.1:";

std::string agencyAddress(std::uint16_t port) { return "tcp://127.0.0.1:" + std::to_string(port); }

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string excerpt(const std::string& body) {
  constexpr std::size_t kMax = 300;
  return body.size() <= kMax ? body : body.substr(0, kMax) + "...";
}

Request writeRequest(const std::string& key, std::uint64_t value) {
  Request request;
  request.method = "POST";
  request.target = "/_api/agency/write";
  request.body =
      R"([[{"/tandem/bench/)" + key + R"(":{"op":"set","new":)" + std::to_string(value) + "}}]]";
  return request;
}

// The log index of a committed write ({"results":[index]}), or 0.
std::uint64_t committedIndex(const Response& response) {
  if (response.status != 200) return 0;
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const json::object* object = body.if_object();
  const json::value* results = object != nullptr ? object->if_contains("results") : nullptr;
  if (results == nullptr || !results->is_array() || results->get_array().size() != 1) return 0;
  const json::value& index = results->get_array()[0];
  if (index.is_uint64()) return index.get_uint64();
  if (index.is_int64() && index.get_int64() > 0)
    return static_cast<std::uint64_t>(index.get_int64());
  return 0;
}

// The port of a redirect to a loopback agent ("http://127.0.0.1:PORT/..."), or 0.
std::uint16_t locationPort(const std::string& location) {
  if (location.compare(0, kLoopbackUrl.size(), kLoopbackUrl) != 0) return 0;
  const char* begin = location.data() + kLoopbackUrl.size();
  const char* end = location.data() + location.size();
  unsigned port = 0;
  const auto [rest, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || rest == begin || rest == end || *rest != '/' || port == 0 ||
      port > 65535) {
    return 0;
  }
  return static_cast<std::uint16_t>(port);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

}  // namespace

AgencyBench::AgencyBench(const BenchOptions& options) : options_(options) {}

AgencyBench::~AgencyBench() = default;

void AgencyBench::start() {
  std::vector<std::uint16_t> ports;
  while (ports.size() < kAgents) {
    const std::uint16_t port = freeLoopbackPort();
    if (port == 0) throw BenchFailure("agency: no free loopback port");
    if (std::find(ports.begin(), ports.end(), port) == ports.end()) ports.push_back(port);
  }
  for (std::size_t i = 0; i < kAgents; ++i) {
    std::vector<std::string> args = options_.node_args;
    args.insert(args.end(), {"--agency.activate", "true", "--agency.size", std::to_string(kAgents),
                             "--agency.my-address", agencyAddress(ports[i])});
    for (const std::uint16_t port : ports) {
      args.insert(args.end(), {"--agency.endpoint", agencyAddress(port)});
    }
    agents_.push_back(
        std::make_unique<NodeRunner>(options_.node_binary, std::move(args), options_.keep_data));
    agents_.back()->setPort(ports[i]);
    std::string error;
    if (!agents_.back()->start(kStartTimeoutSeconds, &error)) {
      throw BenchFailure("agent " + std::to_string(i + 1) + " did not start: " + error);
    }
  }
  // Every agent names itself in its configuration: that maps leaderId to a process.
  ids_.assign(kAgents, {});
  const auto deadline = Clock::now() + kDeadline;
  for (std::size_t i = 0; i < kAgents; ++i) {
    while (ids_[i].empty()) {
      expectRunning({0, 1, 2});
      std::string error;
      Request request;
      request.target = "/_api/agency/config";
      const Response response =
          LoadClient("127.0.0.1", agents_[i]->port()).call(request, &error, kConfigTimeoutSeconds);
      json::error_code ec;
      const json::value body = json::parse(response.body, ec);
      const json::object* object = ec ? nullptr : body.if_object();
      const json::value* configuration =
          object != nullptr ? object->if_contains("configuration") : nullptr;
      const json::object* fields = configuration != nullptr ? configuration->if_object() : nullptr;
      const json::value* id = fields != nullptr ? fields->if_contains("id") : nullptr;
      if (response.status == 200 && id != nullptr && id->is_string()) {
        ids_[i] = std::string(id->get_string());
      }
      if (!ids_[i].empty()) break;
      if (Clock::now() > deadline) {
        throw BenchFailure("agent " + std::to_string(i + 1) +
                           " never named itself in GET /_api/agency/config: HTTP " +
                           std::to_string(response.status) + " " + excerpt(response.body) + error);
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }
  waitForLeader({0, 1, 2}, "after start");
}

bool AgencyBench::config(std::size_t agent, std::string* leader_id, std::uint64_t* commit) const {
  Request request;
  request.target = "/_api/agency/config";
  std::string error;
  const Response response =
      LoadClient("127.0.0.1", agents_[agent]->port()).call(request, &error, kConfigTimeoutSeconds);
  if (!error.empty() || response.status != 200) return false;
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const json::object* object = body.if_object();
  if (ec || object == nullptr) return false;
  const json::value* leader = object->if_contains("leaderId");
  const json::value* index = object->if_contains("commitIndex");
  if (leader == nullptr || !leader->is_string() || index == nullptr || !index->is_number()) {
    return false;
  }
  *leader_id = std::string(leader->get_string());
  *commit = index->to_number<std::uint64_t>(ec);
  return !ec;
}

void AgencyBench::expectRunning(const std::vector<std::size_t>& agents) const {
  for (const std::size_t i : agents) {
    std::string how;
    if (!agents_[i]->running(&how)) {
      throw BenchFailure("agent " + std::to_string(i + 1) + " ended unasked: " + how);
    }
  }
}

std::size_t AgencyBench::waitForLeader(const std::vector<std::size_t>& agents,
                                       const std::string& why) {
  const auto deadline = Clock::now() + kDeadline;
  while (Clock::now() < deadline) {
    expectRunning(agents);
    std::string agreed;
    bool all = true;
    for (const std::size_t i : agents) {
      std::string leader;
      std::uint64_t commit = 0;
      if (!config(i, &leader, &commit) || leader.empty() || (!agreed.empty() && leader != agreed)) {
        all = false;
        break;
      }
      agreed = leader;
    }
    for (const std::size_t i : agents) {
      if (all && ids_[i] == agreed) return i;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  throw BenchFailure("agency: the agents agreed on no leader within 60 s " + why);
}

void AgencyBench::waitCaughtUp(std::size_t agent, std::uint64_t index) {
  const auto deadline = Clock::now() + kDeadline;
  while (Clock::now() < deadline) {
    expectRunning({agent});
    std::string leader;
    std::uint64_t commit = 0;
    if (config(agent, &leader, &commit) && commit >= index) return;
    std::this_thread::sleep_for(kPollInterval);
  }
  throw BenchFailure("agency: restarted agent " + std::to_string(agent + 1) +
                     " did not reach commit index " + std::to_string(index) + " within 60 s");
}

PhaseFigures AgencyBench::writes() {
  const std::size_t leader = waitForLeader({0, 1, 2}, "before the write phase");
  const LoadClient client("127.0.0.1", agents_[leader]->port());
  PhaseLimits limits;
  limits.connections = options_.agency_connections;
  limits.warmup_seconds = options_.warmup;
  limits.duration_seconds = options_.agency_duration;
  std::uint64_t next = 0;
  const RequestSource source = [&](std::size_t, Request& request) {
    request = writeRequest("w" + std::to_string(next), next);
    request.tag = next++;
    return true;
  };
  const ResponseCheck check = [](const Request&, const Response& response) -> std::string {
    if (committedIndex(response) > 0) return {};
    return "expected 200 with a non-zero index, got HTTP " + std::to_string(response.status) + " " +
           excerpt(response.body);
  };
  PhaseResult result = client.run(limits, source, check);
  if (!result.error.empty()) throw BenchFailure("(e) agency write: " + result.error);
  if (result.requests == 0) throw BenchFailure("(e) agency write: no write after warm-up");
  return figuresOf(result, "agency_write", "(e) agency write, 1 key/txn", "writes/s",
                   limits.connections);
}

// One trial: SIGKILL the leader, then write through the survivors until a write commits.
// Returns the milliseconds from the kill to that answer.
double AgencyBench::timeElection(std::size_t trial) {
  const std::size_t killed = waitForLeader({0, 1, 2}, "before trial " + std::to_string(trial + 1));
  std::vector<std::size_t> survivors;
  for (std::size_t i = 0; i < kAgents; ++i) {
    if (i != killed) survivors.push_back(i);
  }
  const std::string key = "e" + std::to_string(trial) + "_";
  agents_[killed]->kill();
  const auto killed_at = Clock::now();
  for (std::uint64_t attempt = 0;; ++attempt) {
    expectRunning(survivors);
    if (Clock::now() - killed_at > kDeadline) {
      throw BenchFailure("(f) trial " + std::to_string(trial + 1) +
                         ": no write committed within 60 s of killing the leader");
    }
    std::uint16_t port = agents_[survivors[attempt % survivors.size()]]->port();
    for (std::size_t hop = 0; hop <= kMaxRedirects; ++hop) {
      std::string error;
      const Response response = LoadClient("127.0.0.1", port)
                                    .call(writeRequest(key + std::to_string(attempt), attempt),
                                          &error, kElectionRequestTimeoutSeconds);
      // Refused (a redirect to the dead leader) or no answer in time: the election is running.
      if (!error.empty() || response.status == 503) break;
      if (committedIndex(response) > 0) return millisecondsSince(killed_at);
      if (response.status == 307 && locationPort(response.location) != 0) {
        port = locationPort(response.location);
        continue;
      }
      throw BenchFailure("(f) trial " + std::to_string(trial + 1) +
                         ": a write during the election got HTTP " +
                         std::to_string(response.status) + " " + excerpt(response.body) +
                         (response.location.empty() ? "" : " location " + response.location));
    }
    std::this_thread::sleep_for(kRetryInterval);
  }
}

ElectionFigures AgencyBench::elections() {
  ElectionFigures figures;
  for (std::size_t trial = 0; trial < options_.agency_trials; ++trial) {
    figures.trials_ms.push_back(timeElection(trial));
    // Bring the killed agent back with its directory and wait until it has everything, so the
    // next trial starts from three healthy agents.
    std::size_t killed = kAgents;
    std::string how;
    const auto deadline = Clock::now() + kDeadline;
    for (std::size_t i = 0; i < kAgents; ++i) {
      if (!agents_[i]->running(&how)) killed = i;
    }
    while (killed == kAgents && Clock::now() < deadline) {  // SIGKILL is not yet reaped
      std::this_thread::sleep_for(kPollInterval);
      for (std::size_t i = 0; i < kAgents; ++i) {
        if (!agents_[i]->running(&how)) killed = i;
      }
    }
    if (killed == kAgents) throw BenchFailure("(f) the killed agent did not end");
    std::vector<std::size_t> survivors;
    for (std::size_t i = 0; i < kAgents; ++i) {
      if (i != killed) survivors.push_back(i);
    }
    const std::size_t leader = waitForLeader(survivors, "after trial " + std::to_string(trial + 1));
    std::string leader_id;
    std::uint64_t commit = 0;
    if (!config(leader, &leader_id, &commit)) {
      throw BenchFailure("(f) the new leader does not answer GET /_api/agency/config");
    }
    std::string error;
    if (!agents_[killed]->restart(kStartTimeoutSeconds, &error)) {
      throw BenchFailure("(f) restarting agent " + std::to_string(killed + 1) + ": " + error);
    }
    waitCaughtUp(killed, commit);
  }
  figures.median_ms = median(figures.trials_ms);
  figures.max_ms = *std::max_element(figures.trials_ms.begin(), figures.trials_ms.end());
  return figures;
}

bool AgencyBench::stop(std::string* outcome) {
  return stopAll(agents_, "agent", kStopTimeoutSeconds, outcome) && agents_.size() == kAgents;
}

double AgencyBench::cpuSeconds() const { return totalCpuSeconds(agents_); }

std::string AgencyBench::logTails(std::size_t lines) const {
  return bench::logTails(agents_, "agent", lines);
}

std::string AgencyBench::directories() const { return bench::directories(agents_); }

}  // namespace tandem::bench
