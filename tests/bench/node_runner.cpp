#include "node_runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

namespace tandem::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(10);

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path makeTempDirectory(std::string* error) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/tandem-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    *error = "cannot create a temporary directory " + pattern + ": " + std::strerror(errno);
    return {};
  }
  return pattern;
}

std::uint64_t statusField(const std::string& status, const std::string& name) {
  const auto at = status.find("\n" + name + ":");
  if (at == std::string::npos) return 0;
  std::size_t pos = at + name.size() + 2;
  while (pos < status.size() && (status[pos] == ' ' || status[pos] == '\t')) ++pos;
  std::uint64_t value = 0;
  std::from_chars(status.data() + pos, status.data() + status.size(), value);
  return value;
}

}  // namespace

std::uint16_t parseEndpointPort(const std::string& text) {
  const std::string prefix = "tcp://127.0.0.1:";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text.compare(first, prefix.size(), prefix) != 0) return 0;
  const char* begin = text.data() + first + prefix.size();
  const char* end = text.data() + text.size();
  unsigned value = 0;
  const auto [rest, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || rest == begin || value == 0 || value > 65535) return 0;
  for (const char* p = rest; p != end; ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return 0;
  }
  return static_cast<std::uint16_t>(value);
}

std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

NodeRunner::NodeRunner(std::string binary, std::vector<std::string> extra_args, bool keep_data)
    : binary_(std::move(binary)), extra_args_(std::move(extra_args)), keep_data_(keep_data) {}

NodeRunner::~NodeRunner() {
  if (pid_ > 0 && !ended_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  if (!keep_data_ && !directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
}

bool NodeRunner::spawn(bool append_log, std::string* error) {
  const std::string data_dir = (directory_ / "data").string();
  const std::string log_path = (directory_ / "node.log").string();
  std::filesystem::create_directories(data_dir);
  // A killed node leaves its ENDPOINT behind; on a fixed port it would look like the new one.
  std::error_code ignored;
  std::filesystem::remove(directory_ / "data" / "ENDPOINT", ignored);
  const int log_flags = O_WRONLY | O_CREAT | (append_log ? O_APPEND : O_TRUNC);
  std::vector<std::string> args{binary_, "--server.endpoint",
                                "tcp://127.0.0.1:" + std::to_string(fixed_port_),
                                "--database.directory", data_dir};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) {
    *error = std::string("fork failed: ") + std::strerror(errno);
    return false;
  }
  if (child == 0) {  // only async-signal-safe calls until exec
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int log = ::open(log_path.c_str(), log_flags, 0644);
    const int null = ::open("/dev/null", O_RDONLY);
    if (log < 0 || null < 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = child;
  return true;
}

bool NodeRunner::start(double timeout_s, std::string* error) {
  directory_ = makeTempDirectory(error);
  if (directory_.empty()) return false;
  if (::access(binary_.c_str(), X_OK) != 0) {
    *error = "node binary " + binary_ + " is not executable: " + std::strerror(errno);
    return false;
  }
  if (!spawn(false, error)) return false;
  return waitListening(timeout_s, error);
}

bool NodeRunner::restart(double timeout_s, std::string* error) {
  std::string how;
  if (directory_.empty() || running(&how)) {
    *error = "restart needs a node that was started and has ended";
    return false;
  }
  ended_ = false;
  wait_status_ = 0;
  port_ = 0;
  if (!spawn(true, error)) return false;
  return waitListening(timeout_s, error);
}

void NodeRunner::kill() {
  if (pid_ > 0 && !ended_) ::kill(pid_, SIGKILL);
}

bool NodeRunner::waitListening(double timeout_s, std::string* error) {
  const auto endpoint_file = directory_ / "data" / "ENDPOINT";
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  std::string previous;
  while (Clock::now() < deadline) {
    std::string how;
    if (!running(&how)) {
      *error = "tandem-node ended before it listened (" + how + ")";
      return false;
    }
    // The file may be caught half-written: accept it once two reads agree.
    const std::string text = readFile(endpoint_file);
    if (!text.empty() && text == previous && parseEndpointPort(text) != 0) {
      port_ = parseEndpointPort(text);
      return true;
    }
    previous = text;
    std::this_thread::sleep_for(kPollInterval);
  }
  *error = "tandem-node wrote no valid " + endpoint_file.string() + " within " +
           std::to_string(timeout_s) + " s (content: '" + previous + "')";
  return false;
}

bool NodeRunner::reap(bool block) {
  if (ended_) return true;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (done == pid_) {
    ended_ = true;
    wait_status_ = status;
  }
  return ended_;
}

std::string NodeRunner::describeEnd() const {
  if (WIFEXITED(wait_status_)) return "exit code " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) {
    const int sig = WTERMSIG(wait_status_);
    return "killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  }
  return "wait status " + std::to_string(wait_status_);
}

bool NodeRunner::running(std::string* how) {
  if (pid_ <= 0) {
    *how = "not started";
    return false;
  }
  if (!reap(false)) return true;
  *how = describeEnd();
  return false;
}

bool NodeRunner::stop(double timeout_s, std::string* outcome) {
  if (running(outcome)) {
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (!reap(false) && Clock::now() < deadline) std::this_thread::sleep_for(kPollInterval);
    if (!ended_) {
      ::kill(pid_, SIGKILL);
      reap(true);
      *outcome = "did not exit within " + std::to_string(timeout_s) + " s of SIGTERM (killed)";
      return false;
    }
    *outcome = describeEnd();
  } else {
    *outcome = "had already ended before SIGTERM: " + *outcome;
    return false;
  }
  return WIFEXITED(wait_status_) && WEXITSTATUS(wait_status_) == 0;
}

MemorySample processMemory(pid_t pid) {
  MemorySample sample;
  if (pid <= 0) return sample;
  std::string path = "/proc/";
  path += std::to_string(pid);
  path += "/status";
  std::string status = "\n";  // so that every field, the first too, follows a newline
  status += readFile(path);
  sample.rss_kib = statusField(status, "VmRSS");
  sample.hwm_kib = statusField(status, "VmHWM");
  sample.ok = sample.rss_kib > 0 && sample.hwm_kib > 0;
  return sample;
}

double processCpuSeconds(pid_t pid) {
  if (pid <= 0) return -1.0;
  std::string path = "/proc/";
  path += std::to_string(pid);
  path += "/stat";
  const std::string stat = readFile(path);
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime
  // are fields 14 and 15.
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos) return -1.0;
  std::istringstream fields(stat.substr(paren + 1));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  unsigned long long user = 0;
  unsigned long long system = 0;
  if (!(fields >> user >> system)) return -1.0;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

MemorySample NodeRunner::memory() const {
  return pid_ > 0 && !ended_ ? processMemory(pid_) : MemorySample{};
}

double NodeRunner::cpuSeconds() const {
  return pid_ > 0 && !ended_ ? processCpuSeconds(pid_) : -1.0;
}

std::string NodeRunner::logTail(std::size_t lines) const {
  std::ifstream in(directory_ / "node.log");
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(std::move(line));
    if (tail.size() > lines) tail.pop_front();
  }
  std::string text;
  for (const auto& line : tail) text += line + "\n";
  return text;
}

bool stopAll(const Runners& runners, const std::string& label, double timeout_s,
             std::string* outcome) {
  bool all_ok = true;
  outcome->clear();
  for (std::size_t i = 0; i < runners.size(); ++i) {
    std::string how;
    const bool ok = runners[i]->stop(timeout_s, &how);
    all_ok = all_ok && ok;
    if (!outcome->empty()) *outcome += "; ";
    *outcome += label + " " + std::to_string(i + 1) + ": " + how;
  }
  return all_ok;
}

double totalCpuSeconds(const Runners& runners) {
  double total = 0.0;
  for (const auto& runner : runners) {
    const double seconds = runner->cpuSeconds();
    if (seconds < 0.0) return -1.0;
    total += seconds;
  }
  return runners.empty() ? -1.0 : total;
}

std::string logTails(const Runners& runners, const std::string& label, std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < runners.size(); ++i) {
    text += "--- " + label + " " + std::to_string(i + 1) + " (port " +
            std::to_string(runners[i]->port()) + ", " + runners[i]->directory().string() + "):\n" +
            runners[i]->logTail(lines);
  }
  return text;
}

std::string directories(const Runners& runners) {
  std::string text;
  for (const auto& runner : runners) {
    if (!text.empty()) text += " ";
    text += runner->directory().string();
  }
  return text;
}

}  // namespace tandem::bench
