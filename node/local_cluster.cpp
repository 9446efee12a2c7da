#include "local_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "cluster/http_client.h"

namespace tandem::node {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kMaxNodes = 9;
constexpr int kMaxAgents = 3;
constexpr auto kLeaderTimeout = 60s;
constexpr auto kStopTimeout = 30s;
constexpr auto kProbeTimeout = 1000ms;
constexpr auto kProgressEvery = 3s;

constexpr const char* kUsage =
    "usage: tandem-node local-cluster --dir DIR [--nodes N] [--base-port P] [-- node args...]\n"
    "\n"
    "Starts N (1-9, default 3) tandem-node processes on 127.0.0.1 ports P..P+N-1 (default\n"
    "8530), the first min(N,3) of them also agents, with data and logs in DIR/node<i>.\n"
    "Arguments after '--' go to every node. Ctrl-C or SIGTERM stops them all.\n";

struct Options {
  int nodes = 3;
  int base_port = 8530;
  std::string dir;
  std::vector<std::string> node_args;
};

struct Child {
  int index = 0;
  int port = 0;
  std::filesystem::path dir;
  pid_t pid = -1;
  bool running = false;
};

std::string address(int port) { return "tcp://127.0.0.1:" + std::to_string(port); }
std::string httpUrl(int port) { return "http://127.0.0.1:" + std::to_string(port); }

void say(const std::string& line) {
  std::printf("local-cluster: %s\n", line.c_str());
  std::fflush(stdout);
}

std::optional<int> parseInt(const std::string& text) {
  try {
    std::size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// nullopt with *exit_code set (0 after --help, 2 after a usage error, already printed).
std::optional<Options> parseOptions(int argc, char** argv, int* exit_code) {
  Options options;
  const auto fail = [exit_code](const std::string& why) {
    std::fprintf(stderr, "local-cluster: %s\n\n%s", why.c_str(), kUsage);
    *exit_code = 2;
    return std::nullopt;
  };
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      options.node_args.assign(argv + i + 1, argv + argc);
      break;
    }
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      *exit_code = 0;
      return std::nullopt;
    }
    if (i + 1 >= argc) return fail("option '" + arg + "' needs a value");
    const std::string value = argv[++i];
    if (arg == "--dir") {
      options.dir = value;
    } else if (arg == "--nodes") {
      const auto n = parseInt(value);
      if (!n || *n < 1 || *n > kMaxNodes)
        return fail("--nodes must be 1 to 9, not '" + value + "'");
      options.nodes = *n;
    } else if (arg == "--base-port") {
      const auto port = parseInt(value);
      if (!port || *port < 1 || *port > 65535 - kMaxNodes) {
        return fail("--base-port must be a port number, not '" + value + "'");
      }
      options.base_port = *port;
    } else {
      return fail("unknown option '" + arg + "'");
    }
  }
  if (options.dir.empty()) return fail("--dir is required");
  return options;
}

// True if nothing listens on 127.0.0.1:port (bound for a moment, never listened on).
bool portFree(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return free;
}

std::string describeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    return std::string("was killed by signal ") + ::strsignal(WTERMSIG(wait_status));
  }
  return "ended";
}

// The last `lines` lines of a file.
std::string tail(const std::filesystem::path& path, std::size_t lines) {
  std::ifstream in(path);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string text;
  for (const std::string& line : last) text += "    " + line + "\n";
  return text;
}

// Signals the supervisor waits for; blocked so that sigtimedwait() takes them in order.
sigset_t supervisedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGCHLD);
  return set;
}

class LocalCluster {
 public:
  explicit LocalCluster(Options options);
  int run();

 private:
  std::vector<std::string> argsFor(const Child& child) const;
  bool spawn(Child& child);
  // Waits up to `timeout` for SIGINT/SIGTERM (returned) or SIGCHLD (children reaped and
  // reported, 0 returned); 0 on timeout.
  int waitForSignal(std::chrono::milliseconds timeout);
  void reap();
  int runningCount() const;
  // One look at a node: the leader port it names and whether it serves; text for progress.
  std::string probe(const Child& child, int* leader_port, bool* leader_serves);
  // Polls until a leader serves; its index, -1 on timeout, -2 on a stop signal.
  int waitForLeader();
  void printReady(int leader);
  void printFailure(const std::vector<std::string>& last_probes);
  int stopAll();

  Options options_;
  int agents_ = 0;
  bool stopping_ = false;  // stopAll() has begun: exits are expected
  std::vector<Child> children_;
};

LocalCluster::LocalCluster(Options options) : options_(std::move(options)) {
  agents_ = std::min(options_.nodes, kMaxAgents);
  for (int i = 0; i < options_.nodes; ++i) {
    Child child;
    child.index = i;
    child.port = options_.base_port + i;
    child.dir = std::filesystem::absolute(options_.dir) / ("node" + std::to_string(i));
    children_.push_back(std::move(child));
  }
}

std::vector<std::string> LocalCluster::argsFor(const Child& child) const {
  std::vector<std::string> args{"tandem-node",          "--server.endpoint", address(child.port),
                                "--database.directory", child.dir.string(),  "--cluster.my-address",
                                address(child.port)};
  for (int i = 0; i < agents_; ++i) {
    args.insert(args.end(), {"--cluster.agency-endpoint", address(children_[i].port)});
  }
  if (child.index < agents_) {
    args.insert(args.end(), {"--agency.activate", "true", "--agency.size", std::to_string(agents_),
                             "--agency.my-address", address(child.port)});
    for (int i = 0; i < agents_; ++i) {
      args.insert(args.end(), {"--agency.endpoint", address(children_[i].port)});
    }
  }
  args.insert(args.end(), options_.node_args.begin(), options_.node_args.end());
  return args;
}

// fork + exec of this binary; the child's output goes to <dir>/node.log.
bool LocalCluster::spawn(Child& child) {
  std::error_code ec;
  std::filesystem::create_directories(child.dir, ec);
  const std::string log = (child.dir / "node.log").string();
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (ec || log_fd < 0) {
    say("cannot create " + log + ": " + (ec ? ec.message() : std::strerror(errno)));
    return false;
  }
  std::vector<std::string> args = argsFor(child);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Own process group: a terminal's Ctrl-C reaches the supervisor only, which stops the
    // children in order. They die with it if it is killed.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const sigset_t set = supervisedSignals();
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv("/proc/self/exe", argv.data());
    std::fprintf(stderr, "local-cluster: cannot execute /proc/self/exe: %s\n",
                 std::strerror(errno));
    ::_exit(127);
  }
  ::close(log_fd);
  if (pid < 0) {
    say(std::string("cannot fork: ") + std::strerror(errno));
    return false;
  }
  child.pid = pid;
  child.running = true;
  char line[512];
  std::snprintf(line, sizeof line, "  node%d  pid %d  %s%s  log %s", child.index,
                static_cast<int>(pid), address(child.port).c_str(),
                child.index < agents_ ? "  (agent)" : "", log.c_str());
  std::printf("%s\n", line);
  std::fflush(stdout);
  return true;
}

void LocalCluster::reap() {
  for (Child& child : children_) {
    int status = 0;
    if (!child.running || ::waitpid(child.pid, &status, WNOHANG) != child.pid) continue;
    child.running = false;
    say("node" + std::to_string(child.index) + " (pid " + std::to_string(child.pid) + ") " +
        describeExit(status) +
        (stopping_ ? ""
                   : "; it is not restarted (log: " + (child.dir / "node.log").string() + ")"));
  }
}

int LocalCluster::runningCount() const {
  int count = 0;
  for (const Child& child : children_) count += child.running ? 1 : 0;
  return count;
}

int LocalCluster::waitForSignal(std::chrono::milliseconds timeout) {
  const sigset_t set = supervisedSignals();
  const auto until = Clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(until - Clock::now());
    if (left.count() <= 0) return 0;
    timespec wait{static_cast<time_t>(left.count() / 1'000'000'000),
                  static_cast<long>(left.count() % 1'000'000'000)};
    const int signal = ::sigtimedwait(&set, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM) return signal;
    if (signal == SIGCHLD) reap();
    if (signal < 0 && errno == EAGAIN) return 0;
  }
}

std::string LocalCluster::probe(const Child& child, int* leader_port, bool* leader_serves) {
  const std::string name = "node" + std::to_string(child.index) + ": ";
  if (!child.running) return name + "not running";
  cluster::SyncHttpClient client(httpUrl(child.port));
  auto reply = client.request("GET", "/_api/cluster/endpoints", "", kProbeTimeout);
  if (!reply) return name + reply.status().message();
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(reply->body, ec);
  const auto* object = ec ? nullptr : body.if_object();
  const auto* endpoints =
      object && object->contains("endpoints") ? object->at("endpoints").if_array() : nullptr;
  if (reply->status != 200 || !endpoints || endpoints->empty()) {
    return name + std::to_string(reply->status) + " " + reply->body.substr(0, 120);
  }
  const auto* first = endpoints->front().if_object();
  const auto* endpoint =
      first && first->contains("endpoint") ? first->at("endpoint").if_string() : nullptr;
  if (!endpoint) return name + "endpoints without an address";
  const std::string leader(*endpoint);
  const auto colon = leader.rfind(':');
  *leader_port = colon == std::string::npos ? 0 : std::atoi(leader.c_str() + colon + 1);
  cluster::SyncHttpClient leader_client(httpUrl(*leader_port));
  auto available = leader_client.request("GET", "/_admin/server/availability", "", kProbeTimeout);
  *leader_serves = available && available->status == 200;
  return name + "names leader " + leader + (*leader_serves ? " (serving)" : " (not serving yet)");
}

int LocalCluster::waitForLeader() {
  const auto started = Clock::now();
  auto next_progress = started + kProgressEvery;
  std::vector<std::string> probes;
  while (Clock::now() - started < kLeaderTimeout) {
    probes.clear();
    for (const Child& child : children_) {
      int leader_port = 0;
      bool serves = false;
      probes.push_back(probe(child, &leader_port, &serves));
      if (serves && leader_port >= options_.base_port &&
          leader_port < options_.base_port + options_.nodes) {
        return leader_port - options_.base_port;
      }
    }
    if (runningCount() == 0) break;
    if (Clock::now() >= next_progress) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
      std::string line = "waiting for a leader (" + std::to_string(waited.count()) + " s):";
      for (const std::string& text : probes) line += " [" + text + "]";
      say(line);
      next_progress += kProgressEvery;
    }
    if (waitForSignal(300ms) != 0) return -2;
  }
  printFailure(probes);
  return -1;
}

void LocalCluster::printFailure(const std::vector<std::string>& last_probes) {
  say("no leader served within " + std::to_string(kLeaderTimeout.count()) + " s; last answers:");
  for (const std::string& text : last_probes) std::printf("  %s\n", text.c_str());
  for (const Child& child : children_) {
    std::printf("  last lines of %s:\n%s", (child.dir / "node.log").string().c_str(),
                tail(child.dir / "node.log", 8).c_str());
  }
  std::fflush(stdout);
}

void LocalCluster::printReady(int leader) {
  say("ready: " + std::to_string(options_.nodes) + " nodes, " + std::to_string(agents_) +
      " agents");
  for (const Child& child : children_) {
    std::printf("  %-9s %s\n", child.index == leader ? "leader" : "follower",
                httpUrl(child.port).c_str());
  }
  const std::string url = httpUrl(children_[leader].port);
  std::printf(
      "Try:\n"
      "  curl -X POST %s/_api/collection -d '{\"name\":\"demo\"}'\n"
      "  curl -X POST %s/_api/document/demo -d '{\"hello\":\"world\"}'\n"
      "  curl %s/_api/cluster/endpoints\n"
      "  curl %s/_admin/cluster/health\n"
      "Writes go to the leader; a follower answers 503 with x-arango-endpoint naming it.\n"
      "Ctrl-C (or SIGTERM to pid %d) stops every node.\n",
      url.c_str(), url.c_str(), url.c_str(), url.c_str(), static_cast<int>(::getpid()));
  std::fflush(stdout);
}

int LocalCluster::stopAll() {
  stopping_ = true;
  say("stopping " + std::to_string(runningCount()) + " nodes");
  for (const Child& child : children_) {
    if (child.running) ::kill(child.pid, SIGTERM);
  }
  const auto until = Clock::now() + kStopTimeout;
  while (runningCount() > 0 && Clock::now() < until) {
    waitForSignal(100ms);  // a second Ctrl-C does not cut the orderly stop short
    reap();
  }
  for (Child& child : children_) {
    if (!child.running) continue;
    say("node" + std::to_string(child.index) + " did not stop within 30 s: SIGKILL");
    ::kill(child.pid, SIGKILL);
    int status = 0;
    ::waitpid(child.pid, &status, 0);
    child.running = false;
  }
  say("stopped");
  return 0;
}

int LocalCluster::run() {
  for (const Child& child : children_) {
    if (!portFree(child.port)) {
      say("port " + std::to_string(child.port) + " on 127.0.0.1 is taken (node" +
          std::to_string(child.index) + " needs ports " + std::to_string(options_.base_port) + "-" +
          std::to_string(options_.base_port + options_.nodes - 1) +
          "); stop what uses it or choose another --base-port");
      return 1;
    }
  }
  const sigset_t set = supervisedSignals();
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
  say("starting " + std::to_string(options_.nodes) + " nodes (" + std::to_string(agents_) +
      " agents), data in " + std::filesystem::absolute(options_.dir).string());
  for (Child& child : children_) {
    if (!spawn(child)) {
      stopAll();
      return 1;
    }
  }
  const int leader = waitForLeader();
  if (leader == -2) return stopAll();
  if (leader < 0) {
    stopAll();
    return 1;
  }
  printReady(leader);
  while (runningCount() > 0) {
    if (waitForSignal(1000ms) != 0) return stopAll();
  }
  say("every node has exited");
  return 1;
}

}  // namespace

int runLocalCluster(int argc, char** argv) {
  int exit_code = 0;
  const auto options = parseOptions(argc, argv, &exit_code);
  if (!options) return exit_code;
  // Probes write to nodes that may just have died: EPIPE, not death by SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  return LocalCluster(*options).run();
}

}  // namespace tandem::node
