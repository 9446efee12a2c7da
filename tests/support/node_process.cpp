#include "node_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QUrl>

namespace tandem::test {

QString tandemNodeBinary() { return QStringLiteral(TANDEM_NODE_BINARY); }

NodeProcess::NodeProcess(QString data_dir, QStringList extra_args)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {}

NodeProcess::~NodeProcess() {
  if (isRunning()) {
    sendSignal(SIGKILL);
    process_.waitForFinished(10000);
  }
}

quint16 NodeProcess::freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  quint16 port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  // Never listened on, so closing leaves no TIME_WAIT behind: the node can bind it at once.
  ::close(fd);
  return port;
}

bool NodeProcess::start(int timeout_ms) {
  QDir().mkpath(data_dir_);
  const QString endpoint_file = data_dir_ + QStringLiteral("/ENDPOINT");
  // A stale file from an earlier run would make us connect to a port nobody listens on.
  QFile::remove(endpoint_file);
  QStringList args{QStringLiteral("--server.endpoint"),
                   QStringLiteral("tcp://127.0.0.1:%1").arg(fixed_port_),
                   QStringLiteral("--database.directory"), data_dir_};
  args += extra_args_;
  stderr_.clear();
  endpoint_.clear();
  port_ = 0;
  process_.setProcessChannelMode(QProcess::SeparateChannels);
  process_.setStandardOutputFile(QProcess::nullDevice());
  process_.start(tandemNodeBinary(), args);
  if (!process_.waitForStarted(timeout_ms)) return false;

  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    if (process_.state() == QProcess::NotRunning) return false;
    QFile file(endpoint_file);
    if (file.open(QIODevice::ReadOnly)) {
      const QString text = QString::fromUtf8(file.readAll()).trimmed();
      const QUrl url(QString(text).replace(QStringLiteral("tcp://"), QStringLiteral("http://")));
      if (url.isValid() && url.port() > 0) {
        endpoint_ = text;
        port_ = static_cast<quint16>(url.port());
        return true;
      }
    }
    process_.waitForReadyRead(20);
    stderr_ += process_.readAllStandardError();
  }
  return false;
}

bool NodeProcess::isRunning() const { return process_.state() != QProcess::NotRunning; }

QString NodeProcess::baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }

qint64 NodeProcess::pid() const { return process_.processId(); }

void NodeProcess::sendSignal(int signal) {
  const qint64 id = pid();
  if (id > 0) ::kill(static_cast<pid_t>(id), signal);
}

int NodeProcess::waitForExit(int timeout_ms) {
  if (isRunning() && !process_.waitForFinished(timeout_ms)) return -1;
  stderr_ += process_.readAllStandardError();
  if (process_.exitStatus() != QProcess::NormalExit) return -1;
  return process_.exitCode();
}

QString NodeProcess::stderrText() {
  stderr_ += process_.readAllStandardError();
  return QString::fromUtf8(stderr_);
}

}  // namespace tandem::test
