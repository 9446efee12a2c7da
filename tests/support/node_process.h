// NodeProcess: a real tandem-node child process for integration tests and benchmarks.
//
// start() launches the binary built by this tree on a free loopback port (`--server.endpoint
// tcp://127.0.0.1:0`, or the port given to setPort() when the test must know it in advance, as
// agents naming each other do) with its data in the given directory, and waits until the node
// has written the bound endpoint to <dir>/ENDPOINT. Signals are real (kill(2)).
//
// Ownership: owns the child; the destructor SIGKILLs a child that is still running.
// Thread-safety: use from one thread.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace tandem::test {

// Path of the tandem-node executable of this build.
QString tandemNodeBinary();

class NodeProcess {
 public:
  explicit NodeProcess(QString data_dir, QStringList extra_args = {});
  ~NodeProcess();
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  // A loopback TCP port that was free a moment ago: bound to port 0, read back and closed. Another
  // process could take it before the node binds it; on a test machine that is rare enough.
  // 0 if no socket could be bound.
  static quint16 freeLoopbackPort();

  // Listen on `port` from the next start() on (0, the default, lets the node pick a free one).
  // A restarted node keeps its port, so agents that know it by address find it again.
  void setPort(quint16 port) { fixed_port_ = port; }

  // Starts the node and waits until it listens; false (with stderrText() telling why) if it
  // exited or did not listen within timeout_ms.
  bool start(int timeout_ms = 15000);
  bool isRunning() const;

  QString dataDir() const { return data_dir_; }
  QString endpoint() const { return endpoint_; }  // "tcp://127.0.0.1:PORT"
  QString baseUrl() const;                        // "http://127.0.0.1:PORT"
  quint16 port() const { return port_; }
  qint64 pid() const;

  // Sends `signal` (SIGKILL, SIGTERM, SIGSTOP, ...) to the child.
  void sendSignal(int signal);
  // Waits for the child to exit; its exit code, or -1 if it was killed by a signal or did not
  // exit within timeout_ms.
  int waitForExit(int timeout_ms = 15000);
  // Everything the child wrote to stderr so far (its log).
  QString stderrText();

 private:
  QString data_dir_;
  QStringList extra_args_;
  QProcess process_;
  QByteArray stderr_;
  QString endpoint_;
  quint16 port_ = 0;
  quint16 fixed_port_ = 0;  // 0: any free port
};

}  // namespace tandem::test
