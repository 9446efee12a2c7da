#include "console_bench.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench_phases.h"

extern char** environ;

namespace tandem::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kReadyTimeoutSeconds = 60.0;
constexpr double kRenderTimeoutSeconds = 30.0;
constexpr double kQuitTimeoutSeconds = 10.0;
constexpr double kStopTimeoutSeconds = 60.0;
constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr std::size_t kRenderNodes = 3;
constexpr std::size_t kCpuNodes = 5;
constexpr std::size_t kStderrKeep = 64 * 1024;  // bytes of a console's stderr kept for errors
const std::string kRenderLine = "tandem-console: first full render";

Clock::duration toDuration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lastLines(const std::string& text, std::size_t lines) {
  std::size_t at = text.size();
  for (std::size_t n = 0; n <= lines && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
  }
  return text.substr(at + 1);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

bool portFree(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return bound;
}

// The first of `count` consecutive loopback ports that were all free a moment ago (local-cluster
// takes --base-port P and uses P..P+count-1); 0 if none was found.
std::uint16_t freePortRange(std::size_t count) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::uint16_t base = freeLoopbackPort();
    if (base == 0 || base + count > 65535) continue;
    bool all_free = true;
    for (std::size_t i = 1; i < count && all_free; ++i) {
      all_free = portFree(static_cast<std::uint16_t>(base + i));
    }
    if (all_free) return base;
  }
  return 0;
}

// A child process started by fork + exec with its own environment additions; killed with us
// (PR_SET_PDEATHSIG). Only async-signal-safe calls between fork and exec: argv and envp are
// built before.
class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !ended_) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }

  void spawn(std::vector<std::string> args, const std::vector<std::string>& env, int out_fd,
             int err_fd) {
    std::vector<std::string> environment;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      const std::string name = entry.substr(0, entry.find('=') + 1);
      const bool replaced = std::any_of(env.begin(), env.end(), [&](const std::string& v) {
        return v.compare(0, name.size(), name) == 0;
      });
      if (!replaced) environment.push_back(entry);
    }
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<char*> argv;
    std::vector<char*> envp;
    for (auto& arg : args) argv.push_back(arg.data());
    for (auto& entry : environment) envp.push_back(entry.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child < 0) throw BenchFailure(std::string("fork failed: ") + std::strerror(errno));
    if (child == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(out_fd >= 0 ? out_fd : null, 1);
      ::dup2(err_fd >= 0 ? err_fd : null, 2);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    pid_ = child;
    ended_ = false;
  }

  pid_t pid() const { return pid_; }
  bool running() { return pid_ > 0 && !reap(false); }

  bool reap(bool block) {
    if (ended_ || pid_ <= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, block ? 0 : WNOHANG) == pid_) {
      ended_ = true;
      status_ = status;
    }
    return ended_;
  }

  // SIGTERM (unless `signal` says otherwise), then waits up to timeout_s; SIGKILL after that.
  void terminate(double timeout_s, int signal = SIGTERM) {
    if (!running()) return;
    ::kill(pid_, signal);
    waitEnd(timeout_s);
    if (!ended_) {
      ::kill(pid_, SIGKILL);
      reap(true);
      killed_after_timeout_ = true;
    }
  }

  bool waitEnd(double timeout_s) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (!reap(false) && Clock::now() < deadline) std::this_thread::sleep_for(kPollInterval);
    return ended_;
  }

  bool exitedZero() const {
    return ended_ && !killed_after_timeout_ && WIFEXITED(status_) && WEXITSTATUS(status_) == 0;
  }

  std::string describeEnd() const {
    if (!ended_) return "still running";
    if (killed_after_timeout_) return "did not exit in time (killed)";
    if (WIFEXITED(status_)) return "exit code " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) {
      return "killed by signal " + std::to_string(WTERMSIG(status_)) + " (" +
             ::strsignal(WTERMSIG(status_)) + ")";
    }
    return "wait status " + std::to_string(status_);
  }

 private:
  pid_t pid_ = -1;
  bool ended_ = true;
  bool killed_after_timeout_ = false;
  int status_ = 0;
};

}  // namespace

// `tandem-node local-cluster` on consecutive free ports, its output in <dir>/local-cluster.log.
class LocalClusterProcess {
 public:
  LocalClusterProcess(const BenchOptions& options, std::filesystem::path directory,
                      std::size_t nodes)
      : options_(options), directory_(std::move(directory)), nodes_(nodes) {}
  ~LocalClusterProcess() { child_.terminate(kStopTimeoutSeconds); }

  void start() {
    const std::uint16_t base = freePortRange(nodes_);
    if (base == 0) throw BenchFailure("no " + std::to_string(nodes_) + " free loopback ports");
    std::filesystem::create_directories(directory_);
    std::vector<std::string> args{options_.node_binary,
                                  "local-cluster",
                                  "--nodes",
                                  std::to_string(nodes_),
                                  "--dir",
                                  (directory_ / "nodes").string(),
                                  "--base-port",
                                  std::to_string(base)};
    if (!options_.node_args.empty()) {
      args.push_back("--");
      args.insert(args.end(), options_.node_args.begin(), options_.node_args.end());
    }
    const int log = ::open(logPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log < 0) throw BenchFailure("cannot create " + logPath().string());
    child_.spawn(std::move(args), {}, log, log);
    ::close(log);
    waitReady();
  }

  // SIGTERM to local-cluster, which stops its nodes; true if it exited 0.
  bool stop(std::string* outcome) {
    child_.terminate(kStopTimeoutSeconds);
    *outcome = "local-cluster of " + std::to_string(nodes_) + " nodes: " + child_.describeEnd();
    return child_.exitedZero();
  }

  const std::vector<std::string>& endpoints() const { return endpoints_; }

  // CPU of all nodes together (local-cluster's own is negligible); negative if unreadable.
  double nodesCpuSeconds() const {
    double total = 0.0;
    for (const pid_t pid : node_pids_) {
      const double seconds = processCpuSeconds(pid);
      if (seconds < 0.0) return -1.0;
      total += seconds;
    }
    return node_pids_.empty() ? -1.0 : total;
  }

  std::string logTail(std::size_t lines) const { return lastLines(readFile(logPath()), lines); }

 private:
  std::filesystem::path logPath() const { return directory_ / "local-cluster.log"; }

  // Ready once local-cluster prints "local-cluster: ready"; the node pids and endpoints are read
  // from its banner ("  node0  pid 123  tcp://…" and, after ready, "  leader  http://…").
  void waitReady() {
    const auto deadline = Clock::now() + std::chrono::duration<double>(kReadyTimeoutSeconds);
    while (Clock::now() < deadline) {
      const std::string text = readFile(logPath());
      const auto ready = text.find("local-cluster: ready");
      if (ready != std::string::npos &&
          text.find("\n", text.find("follower", ready)) != std::string::npos) {
        parseBanner(text, ready);
        if (endpoints_.size() == nodes_) return;
      }
      if (!child_.running()) {
        throw BenchFailure("tandem-node local-cluster ended before it was ready (" +
                           child_.describeEnd() + ")");
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    throw BenchFailure("tandem-node local-cluster was not ready with " + std::to_string(nodes_) +
                       " endpoints within 60 s");
  }

  void parseBanner(const std::string& text, std::size_t ready) {
    endpoints_.clear();
    node_pids_.clear();
    std::istringstream lines(text);
    std::size_t offset = 0;
    for (std::string line; std::getline(lines, line); offset += line.size() + 1) {
      std::istringstream words(line);
      std::string first;
      std::string second;
      std::string third;
      words >> first >> second >> third;
      if (first.rfind("node", 0) == 0 && second == "pid") {
        node_pids_.push_back(static_cast<pid_t>(std::atol(third.c_str())));
      } else if (offset > ready && (first == "leader" || first == "follower") &&
                 second.rfind("http://", 0) == 0) {
        endpoints_.push_back(second);
      }
    }
  }

  const BenchOptions& options_;
  const std::filesystem::path directory_;
  const std::size_t nodes_;
  Child child_;
  std::vector<std::string> endpoints_;
  std::vector<pid_t> node_pids_;
};

namespace {

// One tandem-console run: started offscreen with the bench hook, its stderr read through a pipe.
class ConsoleRun {
 public:
  ConsoleRun(const BenchOptions& options, const std::filesystem::path& directory,
             const std::vector<std::string>& endpoints, const std::string& bench_mode) {
    std::vector<std::string> args{options.console_binary};
    for (const std::string& endpoint : endpoints) args.insert(args.end(), {"--endpoint", endpoint});
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw BenchFailure("pipe failed");
    read_fd_ = fds[0];
    started_ = Clock::now();
    child_.spawn(std::move(args),
                 {"QT_QPA_PLATFORM=offscreen", "TANDEM_CONSOLE_BENCH=" + bench_mode,
                  "XDG_CONFIG_HOME=" + (directory / "config").string()},
                 -1, fds[1]);
    ::close(fds[1]);
  }
  ~ConsoleRun() {
    child_.terminate(kQuitTimeoutSeconds);
    if (read_fd_ >= 0) ::close(read_fd_);
  }
  ConsoleRun(const ConsoleRun&) = delete;
  ConsoleRun& operator=(const ConsoleRun&) = delete;

  // Reads stderr until the first-render line; milliseconds from the fork.
  double waitFirstRender() {
    const Clock::time_point deadline = started_ + toDuration(kRenderTimeoutSeconds);
    while (stderr_.find(kRenderLine) == std::string::npos) {
      if (!readUntil(deadline)) {
        if (eof_) child_.waitEnd(1.0);  // stderr closed: it is exiting
        throw BenchFailure(child_.running()
                               ? "tandem-console printed no \"" + kRenderLine + "\" within 30 s"
                               : "tandem-console ended (" + child_.describeEnd() +
                                     ") before its first render");
      }
    }
    return std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
  }

  // Keeps draining stderr (so the console never blocks on a full pipe) for `seconds`.
  void drainFor(double seconds) {
    const Clock::time_point end = Clock::now() + toDuration(seconds);
    while (Clock::now() < end) {
      if (!readUntil(end) && eof_) std::this_thread::sleep_for(kPollInterval);
    }
  }

  // After TANDEM_CONSOLE_BENCH=quit: waits for the exit; true if it exited 0.
  bool waitQuit(std::string* how) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(kQuitTimeoutSeconds);
    while (child_.running() && Clock::now() < deadline) {
      if (!readUntil(Clock::now() + kPollInterval) && eof_) {
        std::this_thread::sleep_for(kPollInterval);
      }
    }
    child_.terminate(0.0);
    *how = child_.describeEnd();
    return child_.exitedZero();
  }

  pid_t pid() const { return child_.pid(); }
  bool running() { return child_.running(); }
  const std::string& stderrText() const { return stderr_; }

 private:
  // Reads what arrives before `deadline`; false at the deadline or at end of file.
  bool readUntil(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{read_fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::max<long long>(0, left.count())));
    if (ready <= 0) return false;
    char buffer[4096];
    const ssize_t n = ::read(read_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      eof_ = n == 0 || errno != EINTR;
      return false;
    }
    stderr_.append(buffer, static_cast<std::size_t>(n));
    if (stderr_.size() > kStderrKeep) stderr_.erase(0, stderr_.size() - kStderrKeep / 2);
    return true;
  }

  Child child_;
  int read_fd_ = -1;
  Clock::time_point started_;
  std::string stderr_;
  bool eof_ = false;  // the console closed its stderr (it has ended or is ending)
};

}  // namespace

ConsoleBench::ConsoleBench(const BenchOptions& options) : options_(options) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                        "/tandem-bench-console-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw BenchFailure("cannot create a temporary directory " + pattern + ": " +
                       std::strerror(errno));
  }
  directory_ = pattern;
}

ConsoleBench::~ConsoleBench() {
  cluster_.reset();
  if (!options_.keep_data) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
}

void ConsoleBench::startCluster(std::size_t nodes) {
  cluster_ = std::make_unique<LocalClusterProcess>(
      options_, directory_ / ("cluster" + std::to_string(nodes)), nodes);
  cluster_->start();
}

void ConsoleBench::stopCluster() {
  std::string outcome;
  const bool ok = cluster_->stop(&outcome);
  if (!ok) throw BenchFailure("unclean cluster shutdown: " + outcome);
  cluster_.reset();
}

void ConsoleBench::firstRender(ConsoleFigures& figures) {
  if (::access(options_.console_binary.c_str(), X_OK) != 0) {
    throw BenchFailure("console binary " + options_.console_binary +
                       " is not executable (build the tandem-console target)");
  }
  startCluster(kRenderNodes);
  figures.render_nodes = kRenderNodes;
  for (std::size_t run = 0; run < options_.console_runs; ++run) {
    ConsoleRun console(options_, directory_, cluster_->endpoints(), "quit");
    double ms = 0.0;
    std::string how;
    bool clean = false;
    try {
      ms = console.waitFirstRender();
      clean = console.waitQuit(&how);
    } catch (const BenchFailure&) {
      console_stderr_ = console.stderrText();
      throw;
    }
    console_stderr_ = console.stderrText();
    if (!clean) throw BenchFailure("tandem-console did not quit cleanly after its render: " + how);
    figures.render_ms.push_back(ms);
  }
  figures.render_median_ms = median(figures.render_ms);
  figures.render_max_ms = *std::max_element(figures.render_ms.begin(), figures.render_ms.end());
  stopCluster();
}

void ConsoleBench::pollingCpu(ConsoleFigures& figures) {
  startCluster(kCpuNodes);
  figures.cpu_nodes = kCpuNodes;
  ConsoleRun console(options_, directory_, cluster_->endpoints(), "1");
  try {
    console.waitFirstRender();
  } catch (const BenchFailure&) {
    console_stderr_ = console.stderrText();
    throw;
  }
  const double console_before = processCpuSeconds(console.pid());
  const double nodes_before = cluster_->nodesCpuSeconds();
  const auto start = Clock::now();
  console.drainFor(options_.console_cpu_duration);
  const double console_after = processCpuSeconds(console.pid());
  const double nodes_after = cluster_->nodesCpuSeconds();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  figures.console_memory = processMemory(console.pid());
  console_stderr_ = console.stderrText();
  if (!console.running() || console_before < 0.0 || console_after < 0.0) {
    throw BenchFailure("tandem-console ended while it was polling");
  }
  figures.cpu_window_seconds = wall;
  figures.cpu_percent = 100.0 * (console_after - console_before) / wall;
  if (nodes_before >= 0.0 && nodes_after >= 0.0) {
    figures.nodes_cpu_percent = 100.0 * (nodes_after - nodes_before) / wall;
  }
  stopCluster();
}

bool ConsoleBench::stop(std::string* outcome) {
  if (!cluster_) {
    *outcome = "no cluster running";
    return true;
  }
  const bool ok = cluster_->stop(outcome);
  cluster_.reset();
  return ok;
}

std::string ConsoleBench::logTails(std::size_t lines) const {
  std::string text;
  if (cluster_) text += "--- local-cluster:\n" + cluster_->logTail(lines);
  if (!console_stderr_.empty()) {
    text += "--- tandem-console stderr:\n" + lastLines(console_stderr_, lines);
  }
  return text;
}

}  // namespace tandem::bench
