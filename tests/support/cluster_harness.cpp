#include "cluster_harness.h"

#include <signal.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <algorithm>

namespace tandem::test {

namespace {

constexpr int kAgents = 3;
constexpr int kPollMs = 50;
constexpr int kStartRounds = 3;

QString address(quint16 port) { return QStringLiteral("tcp://127.0.0.1:%1").arg(port); }

QString seconds(double value) { return QString::number(value, 'g', 6); }

// The port of "tcp://h:p" or "http://h:p", 0 if there is none.
int portOf(const QString& endpoint) {
  QString text = endpoint.trimmed();
  text.replace(QStringLiteral("tcp://"), QStringLiteral("http://"));
  const QUrl url(text);
  return url.isValid() ? url.port(0) : 0;
}

}  // namespace

ClusterHarness::ClusterHarness(QString root, int nodes, QStringList extra_args,
                               ClusterTimings timings)
    : root_(std::move(root)), extra_args_(std::move(extra_args)), timings_(timings) {
  nodes_.resize(static_cast<std::size_t>(nodes));
}

ClusterHarness::~ClusterHarness() = default;

QString ClusterHarness::baseUrl(int index) const {
  return QStringLiteral("http://127.0.0.1:%1").arg(nodes_[index].port);
}

QStringList ClusterHarness::baseUrls() const {
  QStringList urls;
  for (int i = 0; i < size(); ++i) urls << baseUrl(i);
  return urls;
}

QString ClusterHarness::endpoint(int index) const { return address(nodes_[index].port); }

QString ClusterHarness::dataDir(int index) const {
  return root_ + QStringLiteral("/node%1").arg(index);
}

bool ClusterHarness::isRunning(int index) const {
  return nodes_[index].process && nodes_[index].process->isRunning();
}

int ClusterHarness::indexOfEndpoint(const QString& endpoint) const {
  const int port = portOf(endpoint);
  for (int i = 0; i < size(); ++i) {
    if (port != 0 && nodes_[i].port == port) return i;
  }
  return -1;
}

QStringList ClusterHarness::argsFor(int index) const {
  const Node& node = nodes_[index];
  QStringList args;
  if (node.agent) {
    args << "--agency.activate"
         << "true"
         << "--agency.size" << QString::number(kAgents) << "--agency.my-address"
         << address(node.port);
    for (int i = 0; i < kAgents; ++i) args << "--agency.endpoint" << address(nodes_[i].port);
    args << "--agency.election-timeout-min" << seconds(timings_.election_min)
         << "--agency.election-timeout-max" << seconds(timings_.election_max)
         << "--agency.supervision-grace-period" << seconds(timings_.grace);
  }
  for (int i = 0; i < kAgents; ++i) args << "--cluster.agency-endpoint" << address(nodes_[i].port);
  args << "--cluster.my-address" << address(node.port) << "--cluster.heartbeat-interval"
       << seconds(timings_.heartbeat) << "--cluster.leader-lease" << seconds(timings_.lease);
  return args + extra_args_ + node.extra;
}

bool ClusterHarness::pickPorts(int count) {
  QSet<quint16> taken;
  for (int i = 0; i <= count; ++i) {
    quint16 port = 0;
    for (int attempt = 0; attempt < 20 && (port == 0 || taken.contains(port)); ++attempt) {
      port = NodeProcess::freeLoopbackPort();
    }
    if (port == 0 || taken.contains(port)) return false;
    taken.insert(port);
    if (i < count) {
      nodes_[i].port = port;
    } else {
      spare_port_ = port;
    }
  }
  return true;
}

void ClusterHarness::makeProcess(int index) {
  if (nodes_[index].process) {
    nodes_[index].earlier_log += nodes_[index].process->stderrText();
  }
  nodes_[index].process = std::make_unique<NodeProcess>(dataDir(index), argsFor(index));
  nodes_[index].process->setPort(nodes_[index].port);
}

bool ClusterHarness::startAll(QString* why, bool* port_taken) {
  *port_taken = false;
  // Started one after the other without waiting for a leader: the agency forms once a
  // majority of agents listen.
  for (int i = 0; i < size(); ++i) {
    QDir(dataDir(i)).removeRecursively();
    makeProcess(i);
    if (nodes_[i].process->start()) continue;
    const QString log = nodes_[i].process->stderrText();
    if (log.contains(QStringLiteral("cannot listen on"))) {
      *port_taken = true;
    } else {
      *why = QStringLiteral("node %1 did not start").arg(i) + logs();
    }
    for (int j = 0; j <= i; ++j) killNode(j);
    return false;
  }
  return true;
}

bool ClusterHarness::start(QString* why) {
  for (int round = 0; round < kStartRounds; ++round) {
    if (!pickPorts(size())) {
      *why = QStringLiteral("no free loopback ports");
      return false;
    }
    bool port_taken = false;
    if (startAll(why, &port_taken)) return true;
    if (!port_taken) return false;
  }
  *why = QStringLiteral("the free ports picked in %1 rounds were all taken").arg(kStartRounds);
  return false;
}

bool ClusterHarness::startNode(int index, QString* why) {
  if (isRunning(index)) return true;
  makeProcess(index);
  if (nodes_[index].process->start()) return true;
  *why = QStringLiteral("node %1 did not start again: ").arg(index) +
         nodes_[index].process->stderrText().right(3000);
  return false;
}

int ClusterHarness::stopNode(int index, int timeout_ms) {
  if (!isRunning(index)) return nodes_[index].process ? node(index).waitForExit(0) : -1;
  node(index).sendSignal(SIGCONT);
  node(index).sendSignal(SIGTERM);
  return node(index).waitForExit(timeout_ms);
}

QString ClusterHarness::stopAll(int timeout_ms) {
  QList<int> stopping;
  for (int i = 0; i < size(); ++i) {
    if (!isRunning(i)) continue;
    node(i).sendSignal(SIGCONT);
    node(i).sendSignal(SIGTERM);
    stopping << i;
  }
  QString failures;
  for (int i : stopping) {
    const int code = node(i).waitForExit(timeout_ms);
    if (code == 0) continue;
    failures += QStringLiteral("\n--- node %1 ended with %2 (-1: signal or still running):\n")
                    .arg(i)
                    .arg(code);
    failures += node(i).stderrText().right(2000);
    killNode(i);
  }
  return failures;
}

void ClusterHarness::killNode(int index) {
  if (!isRunning(index)) return;
  node(index).sendSignal(SIGKILL);
  node(index).waitForExit(10000);
}

void ClusterHarness::pauseNode(int index) { node(index).sendSignal(SIGSTOP); }

void ClusterHarness::resumeNode(int index) { node(index).sendSignal(SIGCONT); }

bool ClusterHarness::wipeAndRestart(int index, QString* why) {
  if (isRunning(index)) {
    *why = QStringLiteral("node %1 still runs; stop it before wiping it").arg(index);
    return false;
  }
  QDir(dataDir(index)).removeRecursively();
  return startNode(index, why);
}

int ClusterHarness::addDataNode(QString* why) {
  Node node;
  node.port = spare_port_ != 0 ? spare_port_ : NodeProcess::freeLoopbackPort();
  spare_port_ = 0;
  node.agent = false;
  nodes_.push_back(std::move(node));
  const int index = size() - 1;
  QDir(dataDir(index)).removeRecursively();
  return startNode(index, why) ? index : -1;
}

void ClusterHarness::setNodeArgs(int index, QStringList extra) {
  nodes_[index].extra = std::move(extra);
}

HttpReply ClusterHarness::request(int index, const QByteArray& method, const QString& path,
                                  const QByteArray& body,
                                  const QMap<QByteArray, QByteArray>& headers, int timeout_ms) {
  HttpClient client(baseUrl(index));
  return client.request(method, path, body, headers, timeout_ms);
}

int ClusterHarness::leaderIndex() {
  for (int i = 0; i < size(); ++i) {
    if (!isRunning(i)) continue;
    const HttpReply reply =
        request(i, "GET", QStringLiteral("/_api/cluster/endpoints"), {}, {}, 1000);
    const QJsonArray endpoints = reply.json().object().value("endpoints").toArray();
    if (reply.status != 200 || endpoints.isEmpty()) continue;
    const int leader = indexOfEndpoint(endpoints.first().toObject().value("endpoint").toString());
    if (leader < 0 || !isRunning(leader)) continue;
    const HttpReply available =
        request(leader, "GET", QStringLiteral("/_admin/server/availability"), {}, {}, 1000);
    if (available.status == 200) return leader;
  }
  return -1;
}

LeaderInfo ClusterHarness::waitForLeader(int timeout_ms, int not_index) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    const int leader = leaderIndex();
    if (leader >= 0 && leader != not_index) {
      const QString id = serverId(leader);
      if (!id.isEmpty()) return {leader, id};
    }
    QTest::qWait(kPollMs);
  }
  return {};
}

QString ClusterHarness::serverId(int index) {
  const HttpReply reply = request(index, "GET", QStringLiteral("/_admin/server/id"), {}, {}, 2000);
  return reply.status == 200 ? reply.json().object().value("id").toString() : QString();
}

QJsonObject ClusterHarness::status(int index) {
  const HttpReply reply = request(index, "GET", QStringLiteral("/_admin/status"), {}, {}, 2000);
  return reply.status == 200 ? reply.json().object() : QJsonObject();
}

int ClusterHarness::createCollection(int leader, const QString& collection) {
  const QByteArray body =
      QJsonDocument(QJsonObject{{"name", collection}}).toJson(QJsonDocument::Compact);
  int target = leader;
  HttpReply reply;
  for (int hop = 0; hop < 5 && target >= 0; ++hop) {
    reply = request(target, "POST", QStringLiteral("/_db/_system/_api/collection"), body);
    if (reply.status != 503) break;
    target = indexOfEndpoint(QString::fromUtf8(reply.header("x-arango-endpoint")));
  }
  return reply.status;
}

bool ClusterHarness::documents(int index, const QString& collection, const QStringList& keys,
                               QMap<QString, QString>* found, QString* why) {
  found->clear();
  constexpr int kChunk = 1000;
  for (int from = 0; from < keys.size(); from += kChunk) {
    const QJsonArray chunk = QJsonArray::fromStringList(keys.mid(from, kChunk));
    const HttpReply reply = request(
        index, "PUT", QStringLiteral("/_db/_system/_api/document/%1?onlyget=true").arg(collection),
        QJsonDocument(chunk).toJson(QJsonDocument::Compact),
        {{"x-arango-allow-dirty-read", "true"}}, 20000);
    if (reply.status != 200 || !reply.json().isArray()) {
      *why = QStringLiteral("bulk read on node %1: %2 %3 %4")
                 .arg(index)
                 .arg(reply.status)
                 .arg(reply.error, QString::fromUtf8(reply.body.left(300)));
      return false;
    }
    for (const QJsonValue& entry : reply.json().array()) {
      const QJsonObject document = entry.toObject();
      if (document.value("error").toBool(false)) continue;  // 1202: not there
      found->insert(document.value("_key").toString(), document.value("_rev").toString());
    }
  }
  return true;
}

qint64 ClusterHarness::lastTick(int index) {
  const HttpReply reply = request(index, "GET", QStringLiteral("/_api/wal/lastTick"), {}, {}, 2000);
  if (reply.status != 200) return -1;
  const QJsonValue tick = reply.json().object().value("tick");
  return tick.isString() ? tick.toString().toLongLong() : tick.toInteger(-1);
}

bool ClusterHarness::waitAllGood(int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    const int leader = leaderIndex();
    if (leader >= 0) {
      const QJsonObject health = request(leader, "GET", QStringLiteral("/_admin/cluster/health"))
                                     .json()
                                     .object()
                                     .value(QStringLiteral("Health"))
                                     .toObject();
      bool good = health.size() == size();
      for (const QJsonValue& entry : health) {
        good = good && entry.toObject().value(QStringLiteral("Status")).toString() ==
                           QStringLiteral("GOOD");
      }
      if (good) return true;
    }
    QTest::qWait(kPollMs);
  }
  return false;
}

bool ClusterHarness::waitInSync(int follower, int leader, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  int equal_rounds = 0;
  while (timer.elapsed() < timeout_ms) {
    const qint64 leader_tick = lastTick(leader);
    const qint64 follower_tick = lastTick(follower);
    equal_rounds = (leader_tick > 0 && leader_tick == follower_tick) ? equal_rounds + 1 : 0;
    if (equal_rounds >= 2) return true;
    QTest::qWait(kPollMs);
  }
  return false;
}

QStringList ClusterHarness::rollbackFiles(int index) const {
  const QDir dir(dataDir(index) + QStringLiteral("/rollback"));
  QStringList files;
  for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
    files << dir.filePath(name);
  }
  return files;
}

QStringList ClusterHarness::keysInRollbackFiles(const QStringList& files) {
  QStringList keys;
  for (const QString& path : files) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) continue;
    while (!file.atEnd()) {
      const QJsonObject marker = QJsonDocument::fromJson(file.readLine()).object();
      const QString key = marker.value("data").toObject().value("_key").toString();
      if (!key.isEmpty()) keys << key;
    }
  }
  return keys;
}

bool ClusterHarness::lostWrites(int leader, const QString& collection,
                                const QStringList& acknowledged, const QList<int>& rollback_nodes,
                                QStringList* lost, QString* why) {
  QMap<QString, QString> found;
  if (!documents(leader, collection, acknowledged, &found, why)) return false;
  QStringList files;
  for (int index : rollback_nodes) files += rollbackFiles(index);
  const QStringList rolled_back = keysInRollbackFiles(files);
  const QSet<QString> kept(rolled_back.begin(), rolled_back.end());
  lost->clear();
  for (const QString& key : acknowledged) {
    if (!found.contains(key) && !kept.contains(key)) lost->append(key);
  }
  return true;
}

QString ClusterHarness::logs(int chars) {
  QString text;
  for (int i = 0; i < size(); ++i) {
    if (!nodes_[i].process) continue;
    text += QStringLiteral("\n--- node %1 (port %2), last lines:\n").arg(i).arg(nodes_[i].port);
    text += (nodes_[i].earlier_log + nodes_[i].process->stderrText()).right(chars);
  }
  return text;
}

}  // namespace tandem::test
