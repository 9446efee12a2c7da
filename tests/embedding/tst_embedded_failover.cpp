// The embedded-node example (engine/examples/embed_node.cpp) run as three real processes, each
// an agent and a cluster member: one reports leadership through its role callback and writes;
// SIGKILL of it makes another one report leadership and write, HTTP writes go on there, and the
// killed one, restarted in its directory on its port, rejoins as a follower. Every write
// acknowledged over HTTP is on the new leader or in the old leader's rollback files (async
// replication may lose to the rollback file what no follower had yet, never more).
#include <signal.h>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <memory>

#include "cluster_harness.h"
#include "cluster_write_load.h"
#include "http_client.h"
#include "node_process.h"

using namespace tandem::test;

namespace {

constexpr int kNodes = 3;
constexpr int kLeaderTimeoutMs = 30000;
constexpr int kStartTimeoutMs = 15000;
const QString kCollection = QStringLiteral("events");

// One tandem-example-node child: its stdout lines (the example's protocol) and its log.
class ExampleNode {
 public:
  ExampleNode(QString dir, quint16 port, QStringList agency)
      : dir_(std::move(dir)), port_(port), agency_(std::move(agency)) {}

  // Starts it and waits for its "ready" line; false with the log otherwise.
  bool start(QString* why) {
    QStringList args = {"--dir",
                        dir_,
                        "--port",
                        QString::number(port_),
                        "--agent",
                        "--agency-size",
                        QString::number(kNodes)};
    for (const QString& endpoint : agency_) args << "--agency-endpoint" << endpoint;
    process_ = std::make_unique<QProcess>();
    process_->start(QStringLiteral(TANDEM_EXAMPLE_NODE), args);
    first_line_of_run_ = lines_.size();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kStartTimeoutMs && process_->state() != QProcess::NotRunning) {
      if (lineIndex(QStringLiteral("ready "), first_line_of_run_) >= 0) return true;
      QTest::qWait(20);
    }
    *why = QStringLiteral("node on port %1 did not start:\n%2").arg(port_).arg(log());
    return false;
  }

  void signal(int number) { ::kill(static_cast<pid_t>(process_->processId()), number); }
  // "exit 0", "exit N", "killed by a signal" or "still running after N ms".
  QString waitForExit(int timeout_ms) {
    if (!process_->waitForFinished(timeout_ms)) {
      return QStringLiteral("still running after %1 ms").arg(timeout_ms);
    }
    if (process_->exitStatus() != QProcess::NormalExit) return QStringLiteral("killed by a signal");
    return QStringLiteral("exit %1").arg(process_->exitCode());
  }
  void kill() {
    signal(SIGKILL);
    process_->waitForFinished(5000);
  }
  bool isRunning() const { return process_ && process_->state() != QProcess::NotRunning; }

  // Every stdout line so far, over all runs.
  const QStringList& lines() {
    if (process_) {
      pending_ += process_->readAllStandardOutput();
      stderr_ += process_->readAllStandardError();
      for (qsizetype nl = pending_.indexOf('\n'); nl >= 0; nl = pending_.indexOf('\n')) {
        lines_ << QString::fromUtf8(pending_.left(nl));
        pending_.remove(0, nl + 1);
      }
    }
    return lines_;
  }
  // The first line at or after `from` that starts with `prefix`, -1 if none.
  qsizetype lineIndex(const QString& prefix, qsizetype from = 0) {
    const QStringList& all = lines();
    for (qsizetype i = from; i < all.size(); ++i) {
      if (all[i].startsWith(prefix)) return i;
    }
    return -1;
  }
  // True if the last role line says "leader".
  bool isLeader() {
    const QStringList& all = lines();
    for (qsizetype i = all.size() - 1; i >= 0; --i) {
      if (all[i].startsWith(QStringLiteral("role "))) return all[i].startsWith("role leader ");
    }
    return false;
  }
  // True if a "role leader" line at or after `from` is followed by "write ok".
  bool ledAndWrote(qsizetype from) {
    const qsizetype led = lineIndex(QStringLiteral("role leader "), from);
    return led >= 0 && lineIndex(QStringLiteral("write ok "), led) >= 0;
  }
  qsizetype firstLineOfRun() const { return first_line_of_run_; }
  QString dir() const { return dir_; }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }
  QString log() {
    lines();
    return QStringLiteral("--- port %1 stdout:\n%2\n--- stderr (tail):\n%3\n")
        .arg(port_)
        .arg(lines_.join('\n'), QString::fromUtf8(stderr_.right(3000)));
  }

 private:
  QString dir_;
  quint16 port_;
  QStringList agency_;
  std::unique_ptr<QProcess> process_;
  QByteArray pending_;  // stdout after the last complete line
  QByteArray stderr_;
  QStringList lines_;
  qsizetype first_line_of_run_ = 0;
};

qint64 lastTick(const QString& url) {
  HttpClient client(url);
  const HttpReply reply = client.get(QStringLiteral("/_api/wal/lastTick"));
  if (reply.status != 200) return -1;
  const QJsonValue tick = reply.json().object().value("tick");
  return tick.isString() ? tick.toString().toLongLong() : tick.toInteger(-1);
}

int acknowledgedBy(const ClusterWriteLoad& load, const QString& url) {
  int count = 0;
  for (const AcknowledgedWrite& write : load.acknowledged()) count += write.node == url ? 1 : 0;
  return count;
}

// One insert into `events` over HTTP, retried with a new key while the node answers otherwise
// than 2xx (a lease lapsing for a moment: a 503 may still have committed the earlier key). The
// acknowledged key, or "" with the last answer in `reply` after kLeaderTimeoutMs.
QString insertOverHttp(const QString& url, HttpReply* reply) {
  HttpClient client(url);
  QElapsedTimer timer;
  timer.start();
  for (int attempt = 1; timer.elapsed() < kLeaderTimeoutMs; ++attempt) {
    const QString key = QStringLiteral("direct-%1").arg(attempt);
    *reply = client.post("/_api/document/" + kCollection,
                         QStringLiteral(R"({"_key":"%1"})").arg(key).toUtf8());
    if (reply->status == 201 || reply->status == 202) return key;
    QTest::qWait(50);
  }
  return {};
}

}  // namespace

class EmbeddedFailoverTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void killedLeaderIsReplacedByAnotherEmbeddedNode();

 private:
  int leaderIndex();
  int takeoverIndex(int killed, const std::array<qsizetype, kNodes>& seen);
  QString logs();
  QStringList lostWrites(int leader, int old_leader, const QStringList& acknowledged, QString* why,
                         qsizetype* rolled_back);

  QTemporaryDir dir_;
  std::vector<std::unique_ptr<ExampleNode>> nodes_;
};

void EmbeddedFailoverTest::initTestCase() {
  QVERIFY(dir_.isValid());
  QSet<quint16> ports;
  while (ports.size() < kNodes) {
    const quint16 port = NodeProcess::freeLoopbackPort();
    QVERIFY(port != 0);
    ports.insert(port);
  }
  QStringList agency;
  for (quint16 port : ports) agency << QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  for (quint16 port : ports) {
    const QString dir = dir_.filePath(QStringLiteral("node-%1").arg(port));
    nodes_.push_back(std::make_unique<ExampleNode>(dir, port, agency));
  }
  for (auto& node : nodes_) {
    QString why;
    QVERIFY2(node->start(&why), qPrintable(why + logs()));
  }
}

void EmbeddedFailoverTest::cleanupTestCase() {
  // SIGTERM to one follower shows the example's orderly exit; the others are killed. (A whole
  // cluster stopping one by one can take tens of seconds: the last nodes lose the agency's
  // majority, and a node answers the requests in flight to it for up to 30 s before closing.)
  for (auto& node : nodes_) {
    if (!node->isRunning() || node->isLeader()) continue;
    node->signal(SIGTERM);
    const QString exit = node->waitForExit(30000);
    QVERIFY2(exit == "exit 0", qPrintable("SIGTERM: " + exit + "\n" + node->log()));
    break;
  }
  for (auto& node : nodes_) {
    if (node->isRunning()) node->kill();
  }
}

// The node whose output shows leadership and a write, -1 if none.
int EmbeddedFailoverTest::leaderIndex() {
  for (int i = 0; i < kNodes; ++i) {
    if (nodes_[i]->isRunning() && nodes_[i]->ledAndWrote(0)) return i;
  }
  return -1;
}

// The node other than `killed` whose output after line `seen[i]` shows leadership and a write.
int EmbeddedFailoverTest::takeoverIndex(int killed, const std::array<qsizetype, kNodes>& seen) {
  for (int i = 0; i < kNodes; ++i) {
    if (i != killed && nodes_[i]->ledAndWrote(seen[i])) return i;
  }
  return -1;
}

QString EmbeddedFailoverTest::logs() {
  QString text;
  for (auto& node : nodes_) text += node->log();
  return text;
}

// The keys among `acknowledged` that node `leader` lacks (one bulk read) and no rollback file of
// node `old_leader` holds; `rolled_back` gets how many keys those files hold.
QStringList EmbeddedFailoverTest::lostWrites(int leader, int old_leader,
                                             const QStringList& acknowledged, QString* why,
                                             qsizetype* rolled_back) {
  HttpClient client(nodes_[leader]->url());
  const HttpReply reply =
      client.request("PUT", "/_db/_system/_api/document/" + kCollection + "?onlyget=true",
                     QJsonDocument(QJsonArray::fromStringList(acknowledged)).toJson(), {}, 20000);
  if (reply.status != 200 || !reply.json().isArray()) {
    *why = "bulk read on the new leader: " + reply.describe();
    return acknowledged;
  }
  QSet<QString> kept;
  for (const QJsonValue& entry : reply.json().array()) {
    if (!entry.toObject().value("error").toBool(false)) {
      kept.insert(entry.toObject().value("_key").toString());
    }
  }
  QStringList files;
  const QDir rollback(nodes_[old_leader]->dir() + "/rollback");
  for (const QString& name : rollback.entryList({"*.jsonl"}, QDir::Files)) {
    files << rollback.filePath(name);
  }
  const QStringList in_files = ClusterHarness::keysInRollbackFiles(files);
  *rolled_back = in_files.size();
  for (const QString& key : in_files) kept.insert(key);
  QStringList lost;
  for (const QString& key : acknowledged) {
    if (!kept.contains(key)) lost << key;
  }
  return lost;
}

void EmbeddedFailoverTest::killedLeaderIsReplacedByAnotherEmbeddedNode() {
  // One node's role callback reports leadership and its first write (which creates `events`).
  int first = -1;
  QTRY_VERIFY2_WITH_TIMEOUT((first = leaderIndex()) >= 0, qPrintable("no leader" + logs()),
                            kLeaderTimeoutMs);

  QStringList urls;
  for (auto& node : nodes_) urls << node->url();
  ClusterWriteLoad load(urls, urls[first], kCollection, 2);
  load.start();
  QVERIFY2(load.waitForAcknowledged(50, 20000), qPrintable(load.summary() + logs()));

  // SIGKILL: another process's callback must report leadership, and its own write succeed.
  std::array<qsizetype, kNodes> seen{};
  for (int i = 0; i < kNodes; ++i) seen[i] = nodes_[i]->lines().size();
  nodes_[first]->kill();
  int second = -1;
  QTRY_VERIFY2_WITH_TIMEOUT((second = takeoverIndex(first, seen)) >= 0,
                            qPrintable("no other node took over" + logs()), kLeaderTimeoutMs);

  // HTTP writes reach the new leader.
  const QString new_leader = urls[second];
  QTRY_VERIFY2_WITH_TIMEOUT(acknowledgedBy(load, new_leader) >= 20,
                            qPrintable(load.summary() + logs()), kLeaderTimeoutMs);
  load.stop();
  load.join();
  QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join('\n')));
  HttpReply direct;
  const QString direct_key = insertOverHttp(new_leader, &direct);
  QVERIFY2(!direct_key.isEmpty(), qPrintable(direct.describe()));
  QStringList acknowledged = load.acknowledgedKeys();
  acknowledged << direct_key;

  // The killed process comes back in its directory on its port, as a follower, and catches up.
  QString why;
  QVERIFY2(nodes_[first]->start(&why), qPrintable(why));
  const qsizetype run = nodes_[first]->firstLineOfRun();
  QTRY_VERIFY2_WITH_TIMEOUT(nodes_[first]->lineIndex("role follower ", run) >= 0,
                            qPrintable("the old leader did not rejoin" + logs()), kLeaderTimeoutMs);
  QTRY_VERIFY2_WITH_TIMEOUT(
      [&] {
        const qint64 tick = lastTick(new_leader);
        return tick > 0 && tick == lastTick(nodes_[first]->url());
      }(),
      qPrintable("the old leader did not catch up" + logs()), kLeaderTimeoutMs);

  // Nothing acknowledged is lost: on the new leader, or in the old leader's rollback files.
  // (Retried: a leader whose lease lapses for a moment answers 503/1495 meanwhile.)
  qsizetype rolled_back = 0;
  QStringList lost;
  QTRY_VERIFY2_WITH_TIMEOUT(
      (why.clear(), lost = lostWrites(second, first, acknowledged, &why, &rolled_back),
       why.isEmpty()),
      qPrintable(why), kLeaderTimeoutMs);
  QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 acknowledged writes lost: %3")
                                          .arg(lost.size())
                                          .arg(acknowledged.size())
                                          .arg(lost.mid(0, 20).join(' '))));
  qInfo("%lld writes acknowledged, %lld in the old leader's rollback files",
        static_cast<long long>(acknowledged.size()), static_cast<long long>(rolled_back));
}

QTEST_GUILESS_MAIN(EmbeddedFailoverTest)
#include "tst_embedded_failover.moc"
