// NodeProcess: a real tandem-node child process for integration tests and benchmarks.
//
// start() launches the binary built by this tree on a free loopback port (`--server.endpoint
// tcp://127.0.0.1:0`) with its data in the given directory, and waits until the node has
// written the bound endpoint to <dir>/ENDPOINT. Signals are real (kill(2)).
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
};

}  // namespace tandem::test
