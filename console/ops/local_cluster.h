// LocalCluster: `tandem-node local-cluster --nodes N --dir DIR [--base-port P]` as a child
// process of the console ("Launch local cluster" and the replace wizard's "launch locally").
//
// start() returns at once; the child's output is forwarded line by line (output()); ready()
// fires with the node endpoints once it printed its "ready" block; failed() if it exits or
// does not get ready within the timeout. stop() sends SIGTERM (the child stops every node in
// order) and SIGKILL after 35 s; stopped() then fires. The destructor stops a running child.
//
// Ownership: a QObject with a parent; owns the QProcess. GUI thread only.
#pragma once

#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

namespace tandem::console {

// The tandem-node binary to run: $TANDEM_NODE_BINARY, else tandem-node next to this program,
// else ../node/tandem-node relative to it (the build tree), else the one on PATH; "" if none.
QString findNodeBinary();

class LocalCluster : public QObject {
  Q_OBJECT

 public:
  explicit LocalCluster(QObject* parent);
  ~LocalCluster() override;

  void setNodeBinary(const QString& path) { binary_ = path; }  // default findNodeBinary()
  void start(int nodes, const QString& directory, quint16 base_port = 0,
             int ready_timeout_ms = 60000);  // base_port 0: the child's default (8530)
  void stop();
  bool isRunning() const;
  QList<QUrl> endpoints() const { return endpoints_; }  // after ready(), leader first
  QString directory() const { return directory_; }

 signals:
  void output(const QString& line);
  void ready(const QList<QUrl>& endpoints);
  void failed(const QString& message);
  void stopped(int exit_code);

 private:
  void readOutput();
  void handleLine(const QString& line);
  void failOnce(const QString& message);  // failed() at most once per start()
  void onFinished(int exit_code, QProcess::ExitStatus status);

  QString binary_;
  QString directory_;
  QProcess* process_ = nullptr;
  QTimer* ready_timer_ = nullptr;  // child of process_
  QList<QUrl> endpoints_;
  QByteArray pending_;
  QStringList tail_;  // the last output lines, for failure messages
  int nodes_ = 0;
  bool in_ready_block_ = false;
  bool announced_ = false;  // ready() or failed() was emitted for this start()
};

}  // namespace tandem::console
