// NodeRunner: the tandem-node process a benchmark run measures.
//
// start() creates a fresh temporary directory, starts the binary there (fork + exec) with
// `--server.endpoint tcp://127.0.0.1:<port> --database.directory <dir>/data` plus any extra
// arguments (port 0 unless setPort() chose one: agents must know each other's addresses before
// they start), sends its stdout and stderr to <dir>/node.log, and waits until the node has
// written the endpoint it bound to <dir>/data/ENDPOINT. restart() starts it again in the same
// directory on the same port, after it ended (a killed agent rejoining with its log). The child
// is killed if the benchmark dies (PR_SET_PDEATHSIG).
//
// Ownership: owns the child and the directory. The destructor SIGKILLs a child still running
// and removes the directory unless keep_data was set.
// Thread-safety: use from one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tandem::bench {

// Memory of a process from /proc/<pid>/status, in KiB; ok false if it could not be read.
struct MemorySample {
  bool ok = false;
  std::uint64_t rss_kib = 0;  // VmRSS: resident now
  std::uint64_t hwm_kib = 0;  // VmHWM: peak resident since the process started
};

class NodeRunner {
 public:
  NodeRunner(std::string binary, std::vector<std::string> extra_args, bool keep_data);
  ~NodeRunner();
  NodeRunner(const NodeRunner&) = delete;
  NodeRunner& operator=(const NodeRunner&) = delete;

  // Listen on this loopback port from the next start on (0: any free port). Set before start().
  void setPort(std::uint16_t port) { fixed_port_ = port; }

  // Starts the node and waits up to timeout_s for its ENDPOINT file; false with `error` set if
  // it could not be started, exited, or did not write a valid endpoint in time.
  bool start(double timeout_s, std::string* error);
  // Starts the node again in its directory once it has ended (the log is appended to).
  bool restart(double timeout_s, std::string* error);
  // SIGKILL, without waiting; running() reaps the child later.
  void kill();

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& directory() const { return directory_; }
  MemorySample memory() const;
  // CPU time (user + system) the node has used so far, in seconds; negative if unreadable.
  double cpuSeconds() const;

  // True while the child runs; once it has ended, false and `how` says how (exit code/signal).
  bool running(std::string* how);

  // SIGTERM, then waits up to timeout_s. True if the node exited with code 0; otherwise
  // `outcome` says what happened (and a node still running after the timeout is SIGKILLed).
  bool stop(double timeout_s, std::string* outcome);

  // The last `lines` lines of the node's log (stdout and stderr).
  std::string logTail(std::size_t lines) const;

 private:
  bool spawn(bool append_log, std::string* error);
  bool waitListening(double timeout_s, std::string* error);
  bool reap(bool block);
  std::string describeEnd() const;

  std::string binary_;
  std::vector<std::string> extra_args_;
  bool keep_data_;
  std::filesystem::path directory_;
  pid_t pid_ = -1;
  bool ended_ = false;
  int wait_status_ = 0;
  std::uint16_t port_ = 0;
  std::uint16_t fixed_port_ = 0;  // 0: any free port
};

// A group of runners (a cluster's nodes, an agency's agents), each named "<label> <i+1>" in texts.
using Runners = std::vector<std::unique_ptr<NodeRunner>>;
// Stops each in turn (NodeRunner::stop); true if all exited 0; `outcome` lists how each ended.
bool stopAll(const Runners& runners, const std::string& label, double timeout_s,
             std::string* outcome);
// Their CPU seconds together; negative if one is unreadable or there are none.
double totalCpuSeconds(const Runners& runners);
// The last `lines` lines of every log, each under a "--- <label> i (port, directory):" header.
std::string logTails(const Runners& runners, const std::string& label, std::size_t lines);
// Their directories, space-separated.
std::string directories(const Runners& runners);

// Memory and CPU time of any process of ours (from /proc/<pid>/status and /proc/<pid>/stat);
// not ok / negative if it could not be read (the process has ended).
MemorySample processMemory(pid_t pid);
double processCpuSeconds(pid_t pid);  // user + system, in seconds

// A loopback TCP port that was free a moment ago (bound to port 0, read back, closed: never
// listened on, so it is free again at once); 0 if no socket could be bound.
std::uint16_t freeLoopbackPort();

// Parses "tcp://127.0.0.1:PORT" (surrounding whitespace allowed); 0 if it is not one.
std::uint16_t parseEndpointPort(const std::string& text);

}  // namespace tandem::bench
