#include "cluster_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include <boost/json.hpp>

#include "load_client.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr double kStartTimeoutSeconds = 30.0;
constexpr double kStopTimeoutSeconds = 60.0;
constexpr double kProbeTimeoutSeconds = 0.5;
constexpr double kWriteTimeoutSeconds = 2.0;
constexpr auto kDeadline = std::chrono::seconds(60);
constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr auto kRetryInterval = std::chrono::milliseconds(15);
constexpr auto kProbeEvery = std::chrono::milliseconds(20);
constexpr std::size_t kPacedConnections = 8;
const std::string kDb = "/_db/_system";

std::string address(std::uint16_t port) { return "tcp://127.0.0.1:" + std::to_string(port); }

std::string excerpt(const std::string& body) {
  return body.size() <= 300 ? body : body.substr(0, 300) + "...";
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * values.size()));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

json::object parseObject(const std::string& body) {
  json::error_code ec;
  json::value value = json::parse(body, ec);
  return !ec && value.is_object() ? std::move(value.as_object()) : json::object();
}

Response call(std::uint16_t port, const std::string& method, const std::string& target,
              const std::string& body = {}, double timeout_s = kProbeTimeoutSeconds) {
  Request request;
  request.method = method;
  request.target = target;
  request.body = body;
  std::string error;
  return LoadClient("127.0.0.1", port).call(request, &error, timeout_s);
}

bool acknowledged(unsigned status) { return status == 201 || status == 202; }

// The port of the first entry of /_api/cluster/endpoints on `port`, 0 if none.
std::uint16_t namedLeader(std::uint16_t port) {
  const Response response = call(port, "GET", "/_api/cluster/endpoints");
  if (response.status != 200) return 0;
  const json::object body = parseObject(response.body);
  const json::value* endpoints = body.if_contains("endpoints");
  if (endpoints == nullptr || !endpoints->is_array() || endpoints->get_array().empty()) return 0;
  const json::value& first = endpoints->get_array()[0];
  const json::value* endpoint =
      first.is_object() ? first.get_object().if_contains("endpoint") : nullptr;
  if (endpoint == nullptr || !endpoint->is_string()) return 0;
  const std::string text(endpoint->get_string());
  return static_cast<std::uint16_t>(std::atoi(text.c_str() + text.rfind(':') + 1));
}

// Inserts at `rate` per second (paced: a request is not sent before its turn) against one node
// on a thread of its own until stop(); every answer must be an acknowledgement, or also a 503
// when `allow_503` (a switchover moves the leader away under it).
class PacedLoad {
 public:
  PacedLoad(std::uint16_t port, double rate, std::string key_prefix, bool allow_503)
      : port_(port), rate_(rate), prefix_(std::move(key_prefix)), allow_503_(allow_503) {
    thread_ = std::thread([this] { run(); });
  }
  ~PacedLoad() { stop(); }
  // Stops and joins; the first wrong answer, empty if none.
  std::string stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    return error_;
  }
  std::uint64_t sent() const { return sent_.load(); }

 private:
  void run() {
    PhaseLimits limits;
    limits.connections = kPacedConnections;
    limits.warmup_seconds = 0.0;
    limits.duration_seconds = 3600.0;
    limits.request_timeout_seconds = 10.0;
    const auto start = Clock::now();
    const RequestSource source = [&](std::size_t, Request& request) {
      if (stop_.load()) return false;
      const std::uint64_t n = sent_.fetch_add(1);
      std::this_thread::sleep_until(
          start + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(static_cast<double>(n) / rate_)));
      request.method = "POST";
      request.target = kDb + "/_api/document/bench_lag";
      request.body = R"({"_key":")" + prefix_ + std::to_string(n) + R"(","pad":"paced"})";
      return !stop_.load();
    };
    const ResponseCheck check = [&](const Request&, const Response& response) -> std::string {
      if (acknowledged(response.status) || (allow_503_ && response.status == 503)) return {};
      return "paced insert: HTTP " + std::to_string(response.status) + " " + excerpt(response.body);
    };
    error_ = LoadClient("127.0.0.1", port_).run(limits, source, check).error;
  }

  const std::uint16_t port_;
  const double rate_;
  const std::string prefix_;
  const bool allow_503_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> sent_{0};
  std::string error_;  // written by the thread, read after join
  std::thread thread_;
};

}  // namespace

ClusterBench::ClusterBench(const BenchOptions& options) : options_(options) {}

ClusterBench::~ClusterBench() = default;

std::vector<std::string> ClusterBench::argsFor(std::size_t index, bool agent) const {
  std::vector<std::string> args = options_.node_args;
  args.insert(args.end(), {"--cluster.my-address", address(ports_[index])});
  for (std::size_t i = 0; i < kNodes; ++i) {
    args.insert(args.end(), {"--cluster.agency-endpoint", address(ports_[i])});
  }
  if (!agent) return args;
  args.insert(args.end(), {"--agency.activate", "true", "--agency.size", std::to_string(kNodes),
                           "--agency.my-address", address(ports_[index])});
  for (std::size_t i = 0; i < kNodes; ++i) {
    args.insert(args.end(), {"--agency.endpoint", address(ports_[i])});
  }
  return args;
}

void ClusterBench::start() {
  while (ports_.size() < kNodes + 1) {
    const std::uint16_t port = freeLoopbackPort();
    if (port == 0) throw BenchFailure("cluster: no free loopback port");
    if (std::find(ports_.begin(), ports_.end(), port) == ports_.end()) ports_.push_back(port);
  }
  for (std::size_t i = 0; i < kNodes; ++i) {
    nodes_.push_back(
        std::make_unique<NodeRunner>(options_.node_binary, argsFor(i, true), options_.keep_data));
    nodes_.back()->setPort(ports_[i]);
    std::string error;
    if (!nodes_.back()->start(kStartTimeoutSeconds, &error)) {
      throw BenchFailure("cluster node " + std::to_string(i + 1) + " did not start: " + error);
    }
  }
  leader_ = waitForLeader(kNodes);
  const Response created = call(ports_[leader_], "POST", kDb + "/_api/collection",
                                R"({"name":"bench_lag"})", kWriteTimeoutSeconds);
  if (created.status != 200) {
    throw BenchFailure("cluster: creating bench_lag: HTTP " + std::to_string(created.status));
  }
  call(ports_[leader_], "POST", kDb + "/_api/collection", R"({"name":"bench_failover"})",
       kWriteTimeoutSeconds);
}

std::size_t ClusterBench::waitForLeader(std::size_t not_index) {
  const auto deadline = Clock::now() + kDeadline;
  while (Clock::now() < deadline) {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      std::string how;
      if (i == not_index || !nodes_[i]->running(&how)) continue;
      const std::uint16_t port = namedLeader(ports_[i]);
      const auto it = std::find(ports_.begin(), ports_.end(), port);
      const auto leader = static_cast<std::size_t>(it - ports_.begin());
      if (port == 0 || leader >= nodes_.size() || leader == not_index) continue;
      if (call(port, "GET", "/_admin/server/availability").status == 200) return leader;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  throw BenchFailure("cluster: no leader served within 60 s");
}

std::uint64_t ClusterBench::lastTick(std::size_t index) const {
  const Response response = call(ports_[index], "GET", "/_api/wal/lastTick");
  const json::object body = parseObject(response.body);
  const json::value* tick = body.if_contains("tick");
  if (response.status != 200 || tick == nullptr) return 0;
  if (tick->is_string()) return std::strtoull(tick->get_string().c_str(), nullptr, 10);
  return tick->is_uint64() ? tick->get_uint64()
                           : static_cast<std::uint64_t>(
                                 std::max<std::int64_t>(0, tick->to_number<std::int64_t>()));
}

void ClusterBench::waitInSync(std::size_t follower, std::size_t leader) {
  const auto deadline = Clock::now() + std::chrono::seconds(300);
  while (Clock::now() < deadline) {
    const std::uint64_t target = lastTick(leader);
    if (target != 0 && lastTick(follower) >= target) return;
    std::this_thread::sleep_for(kPollInterval);
  }
  throw BenchFailure("cluster: node " + std::to_string(follower + 1) + " never caught up");
}

std::string ClusterBench::serverId(std::size_t index) const {
  const json::object body = parseObject(call(ports_[index], "GET", "/_admin/server/id").body);
  const json::value* id = body.if_contains("id");
  return id != nullptr && id->is_string() ? std::string(id->get_string()) : std::string();
}

PhaseFigures ClusterBench::inserts() {
  const LoadClient client("127.0.0.1", ports_[leader_]);
  BenchPhases phases(client, options_);
  phases.createCollections();
  PhaseFigures figures = phases.singleInserts();
  figures.name = "cluster_insert";
  figures.label = "(g) insert, 3-node cluster";
  return figures;
}

void ClusterBench::lag(double single_rate, ClusterFigures& figures) {
  figures.lag_load_rate = std::max(1.0, single_rate / 2.0);
  PacedLoad load(ports_[leader_], figures.lag_load_rate, "paced-", false);
  std::vector<std::size_t> followers;
  for (std::size_t i = 0; i < kNodes; ++i) {
    if (i != leader_) followers.push_back(i);
  }
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options_.insert_duration));
  while (Clock::now() < end) {
    const auto next = Clock::now() + kProbeEvery;
    const std::string key = "probe-" + std::to_string(next_key_++);
    const Response ack = call(ports_[leader_], "POST", kDb + "/_api/document/bench_lag",
                              R"({"_key":")" + key + R"("})", kWriteTimeoutSeconds);
    if (!acknowledged(ack.status)) {
      throw BenchFailure("(h) probe insert: HTTP " + std::to_string(ack.status) + " " +
                         excerpt(ack.body));
    }
    const auto acked = Clock::now();
    const std::uint64_t tick = lastTick(leader_);
    std::vector<bool> done(followers.size(), false);
    for (std::size_t left = followers.size(); left > 0;) {
      if (Clock::now() - acked > std::chrono::seconds(10)) {
        throw BenchFailure("(h) a follower did not apply a probe within 10 s");
      }
      for (std::size_t f = 0; f < followers.size(); ++f) {
        if (done[f] || lastTick(followers[f]) < tick) continue;
        done[f] = true;
        --left;
        figures.lag_ms.push_back(millisecondsSince(acked));
      }
    }
    std::this_thread::sleep_until(next);
  }
  const std::string error = load.stop();
  if (!error.empty()) throw BenchFailure("(h) " + error);
  figures.lag_p50_ms = percentile(figures.lag_ms, 0.50);
  figures.lag_p99_ms = percentile(figures.lag_ms, 0.99);
}

double ClusterBench::timeFailover(std::size_t trial) {
  const std::size_t killed = leader_;
  const auto start = Clock::now();
  nodes_[killed]->kill();
  for (std::uint64_t attempt = 0; Clock::now() - start < kDeadline; ++attempt) {
    for (std::size_t i = 0; i < kNodes; ++i) {
      if (i == killed) continue;
      const std::uint16_t port = namedLeader(ports_[i]);
      if (port == 0 || port == ports_[killed]) continue;
      const std::string key =
          "f" + std::to_string(trial) + "-" + std::to_string(attempt) + "-" + std::to_string(i);
      const Response response = call(port, "POST", kDb + "/_api/document/bench_failover",
                                     R"({"_key":")" + key + R"("})", kWriteTimeoutSeconds);
      if (acknowledged(response.status)) {
        const double ms = millisecondsSince(start);
        leader_ = static_cast<std::size_t>(std::find(ports_.begin(), ports_.end(), port) -
                                           ports_.begin());
        return ms;
      }
      if (response.status != 0 && response.status != 503) {
        throw BenchFailure("(i) insert during failover: HTTP " + std::to_string(response.status) +
                           " " + excerpt(response.body));
      }
    }
    std::this_thread::sleep_for(kRetryInterval);
  }
  throw BenchFailure("(i) no insert was acknowledged within 60 s of the kill");
}

void ClusterBench::failovers(ClusterFigures& figures) {
  for (std::size_t trial = 0; trial < options_.failover_trials; ++trial) {
    const std::size_t killed = leader_;
    figures.failover_ms.push_back(timeFailover(trial));
    std::string how;
    while (nodes_[killed]->running(&how)) std::this_thread::sleep_for(kPollInterval);
    std::string error;
    if (!nodes_[killed]->restart(kStartTimeoutSeconds, &error)) {
      throw BenchFailure("(i) restarting node " + std::to_string(killed + 1) + ": " + error);
    }
    waitInSync(killed, leader_);
  }
  figures.failover_median_ms = median(figures.failover_ms);
  figures.failover_max_ms =
      *std::max_element(figures.failover_ms.begin(), figures.failover_ms.end());
}

void ClusterBench::switchovers(double rate, ClusterFigures& figures) {
  for (std::size_t trial = 0; trial < options_.switchover_trials; ++trial) {
    const std::size_t target = (leader_ + 1) % kNodes;
    waitInSync(target, leader_);
    const std::string id = serverId(target);
    PacedLoad load(ports_[leader_], std::max(1.0, rate / 2.0), "sw" + std::to_string(trial) + "-",
                   true);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const Response response = call(ports_[leader_], "POST", "/_admin/cluster/switchover",
                                   R"({"to":")" + id + R"("})", 30.0);
    const std::string error = load.stop();
    const json::object body = parseObject(response.body);
    const json::value* pause = body.if_contains("writePauseMs");
    if (response.status != 200 || pause == nullptr || !pause->is_number()) {
      throw BenchFailure("(j) switchover: HTTP " + std::to_string(response.status) + " " +
                         excerpt(response.body));
    }
    if (!error.empty()) throw BenchFailure("(j) " + error);
    figures.switchover_pause_ms.push_back(pause->to_number<double>());
    leader_ = waitForLeader(kNodes);
  }
  figures.switchover_pause_median_ms = median(figures.switchover_pause_ms);
}

void ClusterBench::initialSync(ClusterFigures& figures) {
  BenchOptions load_options = options_;
  load_options.docs = options_.sync_docs;
  const LoadClient client("127.0.0.1", ports_[leader_]);
  BenchPhases phases(client, load_options);
  phases.arrayLoad();
  figures.sync_docs = phases.loaded();
  for (std::size_t i = 0; i < kNodes; ++i) {
    if (i != leader_) waitInSync(i, leader_);
  }
  nodes_.push_back(std::make_unique<NodeRunner>(options_.node_binary, argsFor(kNodes, false),
                                                options_.keep_data));
  nodes_.back()->setPort(ports_[kNodes]);
  const auto start = Clock::now();
  std::string error;
  if (!nodes_.back()->start(kStartTimeoutSeconds, &error)) {
    throw BenchFailure("(k) the fourth node did not start: " + error);
  }
  waitInSync(kNodes, leader_);
  figures.sync_seconds = millisecondsSince(start) / 1000.0;
  figures.sync_rate = static_cast<double>(figures.sync_docs) / figures.sync_seconds;
}

bool ClusterBench::stop(std::string* outcome) {
  return stopAll(nodes_, "node", kStopTimeoutSeconds, outcome);
}

double ClusterBench::cpuSeconds() const { return totalCpuSeconds(nodes_); }

std::string ClusterBench::logTails(std::size_t lines) const {
  return bench::logTails(nodes_, "node", lines);
}

std::string ClusterBench::directories() const { return bench::directories(nodes_); }

}  // namespace tandem::bench
