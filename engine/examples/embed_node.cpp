// embed_node: a tandem::Node embedded in a program — a member of an active-failover cluster.
//
//   tandem-example-node --dir D --port P --agency-endpoint tcp://127.0.0.1:P1 [...]
//                       [--agent] [--agency-size N]
//
// Three of them, each an agent naming the same three endpoints, form a cluster; kill the
// leader and another one reports leadership and writes. Output, one line each, flushed:
//   ready tcp://127.0.0.1:P                         after start()
//   role leader term 3 leader tcp://127.0.0.1:P1    each role change (the callback)
//   write ok <key> | write failed <errorNum> <msg>  an insert into `events` on becoming leader
// SIGTERM or SIGINT stops the node (a leader hands over first) and exits 0.
// Links only the public library (Tandem::tandem); the header is tandem/node.h.
#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tandem/node.h"

namespace {

using namespace std::chrono_literals;

// What the main thread reacts to: a role change (from the Node's callback, which must not
// block) or a stop request (from the signal thread).
struct Event {
  bool stop = false;
  tandem::RoleChange change;
};

class EventQueue {
 public:
  void push(Event event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
    ready_.notify_one();
  }
  Event pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return !events_.empty(); });
    Event event = std::move(events_.front());
    events_.pop_front();
    return event;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Event> events_;  // guarded by mutex_
};

// Parses the flags into options; false (after printing why) on a bad command line.
bool parse(int argc, char** argv, tandem::NodeOptions* options) {
  std::vector<std::string> endpoints;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--agent") {
      options->agent.enabled = true;
      continue;
    }
    if (value == nullptr) {
      std::fprintf(stderr, "embed_node: '%s' needs a value (or is unknown)\n", flag.c_str());
      return false;
    }
    ++i;
    if (flag == "--dir") {
      options->store.directory = value;
    } else if (flag == "--port") {
      options->http.port = static_cast<std::uint16_t>(std::atoi(value));
    } else if (flag == "--agency-endpoint") {
      endpoints.push_back(value);
    } else if (flag == "--agency-size") {
      options->agent.size = std::atoi(value);
    } else {
      std::fprintf(stderr, "embed_node: unknown option '%s'\n", flag.c_str());
      return false;
    }
  }
  if (options->store.directory.empty() || endpoints.empty()) {
    std::fprintf(stderr,
                 "usage: %s --dir D --port P --agency-endpoint tcp://HOST:PORT (repeat)"
                 " [--agent] [--agency-size N]\n",
                 argv[0]);
    return false;
  }
  options->agent.endpoints = endpoints;
  options->cluster.agency_endpoints = endpoints;
  // Short timings for a local test cluster: failover in about a second.
  options->cluster.heartbeat_interval = 100ms;
  options->cluster.leader_lease = 500ms;
  options->agent.election_timeout_min = 300ms;
  options->agent.election_timeout_max = 600ms;
  options->agent.supervision_grace_period = 800ms;
  return true;
}

// The new leader's first write: an insert into `events` (created if needed).
void writeAsLeader(tandem::Node& node, std::uint64_t term) {
  tandem::CollectionSpec spec;
  spec.name = "events";
  auto created = node.createCollectionSync("_system", spec);
  tandem::Status status = created ? tandem::Status::ok() : created.status();
  if (status.code() == tandem::ErrorCode::kDuplicateName) status = tandem::Status::ok();
  if (status) {
    const std::string body = "{\"term\":" + std::to_string(term) + "}";
    auto written = node.insertSync("_system", "events", body);
    status = written ? written->items.front().status : written.status();
    if (status) std::printf("write ok %s\n", written->items.front().key.c_str());
  }
  if (!status) std::printf("write failed %d %s\n", status.errorNum(), status.message().c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  tandem::NodeOptions options;
  if (!parse(argc, argv, &options)) return 2;

  // Block SIGTERM/SIGINT before the Node starts its threads (they inherit the mask), so only
  // the signal thread below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto created = tandem::Node::create(options);
  if (!created) {
    std::fprintf(stderr, "embed_node: %s\n", created.status().toString().c_str());
    return 1;
  }
  std::unique_ptr<tandem::Node> node = std::move(created).value();
  EventQueue events;
  node->onRoleChange([&events](const tandem::RoleChange& change) {
    events.push(Event{false, change});
  });
  if (tandem::Status started = node->start(); !started) {
    std::fprintf(stderr, "embed_node: start failed: %s\n", started.toString().c_str());
    return 1;
  }
  std::printf("ready %s\n", node->httpEndpoint().c_str());
  std::fflush(stdout);

  std::thread signal_thread([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    events.push(Event{true, {}});
  });
  for (Event event = events.pop(); !event.stop; event = events.pop()) {
    const tandem::RoleChange& change = event.change;
    std::printf("role %s term %llu leader %s\n", std::string(toString(change.role)).c_str(),
                static_cast<unsigned long long>(change.term),
                change.leader_endpoint.empty() ? "-" : change.leader_endpoint.c_str());
    std::fflush(stdout);
    if (change.role == tandem::NodeRole::kLeader) writeAsLeader(*node, change.term);
  }
  node->stop();
  signal_thread.join();
  return 0;
}
