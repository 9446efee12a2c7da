#include "local_cluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

namespace tandem::console {
namespace {

constexpr int kKillAfterMs = 35000;  // the child waits 30 s for its nodes before SIGKILL
constexpr int kTailLines = 12;       // output lines kept for a failure message

bool isExecutable(const QString& path) {
  const QFileInfo info(path);
  return info.isFile() && info.isExecutable();
}

}  // namespace

QString findNodeBinary() {
  const QString configured = qEnvironmentVariable("TANDEM_NODE_BINARY");
  if (!configured.isEmpty() && isExecutable(configured))
    return QFileInfo(configured).absoluteFilePath();
  const QDir here(QCoreApplication::applicationDirPath());
  for (const QString& candidate : {here.filePath(QStringLiteral("tandem-node")),
                                   here.filePath(QStringLiteral("../node/tandem-node"))}) {
    if (isExecutable(candidate)) return QFileInfo(candidate).absoluteFilePath();
  }
  return QStandardPaths::findExecutable(QStringLiteral("tandem-node"));
}

LocalCluster::LocalCluster(QObject* parent) : QObject(parent), binary_(findNodeBinary()) {}

LocalCluster::~LocalCluster() {
  if (!isRunning()) return;
  // The nodes must not outlive the console that started them: stop them in order, and wait
  // (this runs when the console quits, after the user agreed to stop the cluster).
  process_->disconnect(this);
  process_->terminate();
  if (!process_->waitForFinished(kKillAfterMs)) {
    process_->kill();
    process_->waitForFinished(5000);
  }
}

bool LocalCluster::isRunning() const {
  return process_ != nullptr && process_->state() != QProcess::NotRunning;
}

void LocalCluster::start(int nodes, const QString& directory, quint16 base_port,
                         int ready_timeout_ms) {
  if (isRunning()) return;
  directory_ = directory;
  nodes_ = nodes;
  endpoints_.clear();
  pending_.clear();
  tail_.clear();
  in_ready_block_ = false;
  announced_ = false;
  if (process_ != nullptr) {
    process_->disconnect(this);
    process_->deleteLater();
  }
  process_ = new QProcess(this);
  process_->setProcessChannelMode(QProcess::MergedChannels);
  ready_timer_ = new QTimer(process_);
  ready_timer_->setSingleShot(true);
  connect(ready_timer_, &QTimer::timeout, this, [this, ready_timeout_ms] {
    failOnce(tr("The local cluster did not get ready within %1 s; it is being stopped. Its "
                "output:\n%2")
                 .arg(ready_timeout_ms / 1000)
                 .arg(tail_.join(QLatin1Char('\n'))));
    stop();
  });
  connect(process_, &QProcess::readyReadStandardOutput, this, &LocalCluster::readOutput);
  connect(process_, &QProcess::finished, this, &LocalCluster::onFinished);
  connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;
    failOnce(tr("Could not run %1: %2. Set the tandem-node binary (TANDEM_NODE_BINARY) and try "
                "again.")
                 .arg(process_->program(), process_->errorString()));
  });
  if (binary_.isEmpty()) {
    failOnce(
        tr("tandem-node was not found: set TANDEM_NODE_BINARY, or put it on PATH or next to "
           "tandem-console."));
    return;
  }
  QStringList arguments{QStringLiteral("local-cluster"), QStringLiteral("--nodes"),
                        QString::number(nodes), QStringLiteral("--dir"), directory};
  if (base_port != 0) arguments << QStringLiteral("--base-port") << QString::number(base_port);
  ready_timer_->start(ready_timeout_ms);
  process_->start(binary_, arguments);
}

void LocalCluster::readOutput() {
  pending_ += process_->readAllStandardOutput();
  qsizetype end;
  while ((end = pending_.indexOf('\n')) >= 0) {
    const QString line = QString::fromUtf8(pending_.left(end)).trimmed();
    pending_.remove(0, end + 1);
    emit output(line);
    tail_ << line;
    if (tail_.size() > kTailLines) tail_.removeFirst();
    handleLine(line);
  }
}

// After "local-cluster: ready: …" come "leader    http://…" and "follower  http://…" lines,
// the leader first; ready() once every node is listed (or the block ends early).
void LocalCluster::handleLine(const QString& line) {
  if (line.startsWith(QLatin1String("local-cluster: ready:"))) {
    in_ready_block_ = true;
    return;
  }
  if (!in_ready_block_ || announced_) return;
  const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  const bool entry = words.size() == 2 &&
                     (words[0] == QLatin1String("leader") || words[0] == QLatin1String("follower"));
  if (entry) endpoints_.append(QUrl(words[1]));
  if (endpoints_.size() == nodes_ || (!entry && !endpoints_.isEmpty())) {
    announced_ = true;
    in_ready_block_ = false;
    ready_timer_->stop();
    emit ready(endpoints_);
  }
}

void LocalCluster::failOnce(const QString& message) {
  if (announced_) return;
  announced_ = true;
  if (ready_timer_ != nullptr) ready_timer_->stop();
  emit failed(message);
}

void LocalCluster::onFinished(int exit_code, QProcess::ExitStatus status) {
  failOnce(tr("tandem-node local-cluster exited (code %1) before the cluster was ready. Its "
              "output:\n%2")
               .arg(exit_code)
               .arg(tail_.join(QLatin1Char('\n'))));
  emit stopped(status == QProcess::NormalExit ? exit_code : -1);
}

void LocalCluster::stop() {
  if (!isRunning()) return;
  process_->terminate();
  QProcess* process = process_;
  QTimer::singleShot(kKillAfterMs, process, [process] {
    if (process->state() != QProcess::NotRunning) process->kill();
  });
}

}  // namespace tandem::console
