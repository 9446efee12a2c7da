#include "cluster_write_load.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <thread>

#include "http_client.h"

namespace tandem::test {

namespace {

constexpr int kRetryPauseMs = 20;
constexpr int kDiscoveryTimeoutMs = 500;

// "tcp://h:p" -> "http://h:p" (the x-arango-endpoint and /_api/cluster/endpoints form).
QString httpUrl(QString endpoint) {
  endpoint = endpoint.trimmed();
  endpoint.replace(QStringLiteral("tcp://"), QStringLiteral("http://"));
  return endpoint;
}

QString kindOf(const HttpReply& reply) {
  if (reply.status == 0) return QStringLiteral("no answer");
  const int error_num = reply.json().object().value("errorNum").toInt(0);
  return error_num == 0 ? QString::number(reply.status)
                        : QStringLiteral("%1/%2").arg(reply.status).arg(error_num);
}

}  // namespace

ClusterWriteLoad::ClusterWriteLoad(QStringList nodes, QString first_target, QString collection,
                                   int writers, QString key_prefix, int request_timeout_ms)
    : nodes_(std::move(nodes)),
      first_target_(std::move(first_target)),
      collection_(std::move(collection)),
      writers_(writers),
      key_prefix_(std::move(key_prefix)),
      request_timeout_ms_(request_timeout_ms) {}

ClusterWriteLoad::~ClusterWriteLoad() {
  stop();
  join();
}

void ClusterWriteLoad::start() {
  started_ = std::chrono::steady_clock::now();
  for (int writer = 0; writer < writers_; ++writer) {
    threads_.emplace_back(QThread::create([this, writer] { runWriter(writer); }));
    threads_.back()->start();
  }
}

void ClusterWriteLoad::join() {
  for (auto& thread : threads_) thread->wait();
}

qint64 ClusterWriteLoad::elapsedMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started_)
      .count();
}

bool ClusterWriteLoad::waitForAcknowledged(std::size_t count, int timeout_ms) const {
  QElapsedTimer timer;
  timer.start();
  while (acknowledged_count_.load() < count) {
    if (timer.elapsed() > timeout_ms) return false;
    QTest::qWait(5);
  }
  return true;
}

qint64 ClusterWriteLoad::firstAcknowledgedAfter(qint64 since_ms) const {
  std::lock_guard lock(mutex_);
  qint64 first = -1;
  for (const AcknowledgedWrite& write : acknowledged_) {
    if (write.at_ms >= since_ms && (first < 0 || write.at_ms < first)) first = write.at_ms;
  }
  return first;
}

QList<AcknowledgedWrite> ClusterWriteLoad::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acknowledged_;
}

QStringList ClusterWriteLoad::acknowledgedKeys() const {
  std::lock_guard lock(mutex_);
  QStringList keys;
  for (const AcknowledgedWrite& write : acknowledged_) keys << write.key;
  return keys;
}

QStringList ClusterWriteLoad::unexpected() const {
  std::lock_guard lock(mutex_);
  return unexpected_;
}

QString ClusterWriteLoad::summary() const {
  std::lock_guard lock(mutex_);
  QStringList parts;
  for (auto it = kinds_.cbegin(); it != kinds_.cend(); ++it) {
    parts << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
  }
  return parts.join(QStringLiteral(", "));
}

void ClusterWriteLoad::count(const QString& kind) {
  std::lock_guard lock(mutex_);
  ++kinds_[kind];
}

// Asks every node in turn; the first one naming a leader wins. "" if none does.
QString ClusterWriteLoad::findLeader() {
  HttpClient client{QString()};
  for (const QString& node : nodes_) {
    const HttpReply reply = client.request("GET", node + QStringLiteral("/_api/cluster/endpoints"),
                                           {}, {}, kDiscoveryTimeoutMs);
    const QJsonArray endpoints = reply.json().object().value("endpoints").toArray();
    if (reply.status == 200 && !endpoints.isEmpty()) {
      return httpUrl(endpoints.first().toObject().value("endpoint").toString());
    }
  }
  return {};
}

void ClusterWriteLoad::runWriter(int writer) {
  HttpClient client{QString()};
  QString target = first_target_;
  const QString path = QStringLiteral("/_db/_system/_api/document/") + collection_;
  for (int n = 0; !stop_.load(); ++n) {
    const QString key = QStringLiteral("%1%2-%3").arg(key_prefix_).arg(writer).arg(n);
    const QByteArray body = QJsonDocument(QJsonObject{{"_key", key}, {"writer", writer}, {"n", n}})
                                .toJson(QJsonDocument::Compact);
    const HttpReply reply = client.request("POST", target + path, body, {}, request_timeout_ms_);
    count(kindOf(reply));
    if (reply.status == 201 || reply.status == 202) {
      AcknowledgedWrite write{key, reply.json().object().value("_rev").toString(), target,
                              elapsedMs()};
      std::lock_guard lock(mutex_);
      acknowledged_.append(write);
      acknowledged_count_.fetch_add(1);
      continue;
    }
    if (reply.status == 503) {
      const QString leader = httpUrl(QString::fromUtf8(reply.header("x-arango-endpoint")));
      if (!leader.isEmpty()) {
        target = leader;
        continue;
      }
    } else if (reply.status != 0) {
      std::lock_guard lock(mutex_);
      unexpected_ << QStringLiteral("%1 from %2: %3")
                         .arg(reply.status)
                         .arg(target, QString::fromUtf8(reply.body.left(300)));
    }
    // No leader known here: pause briefly (a failover is under way) and ask the cluster.
    std::this_thread::sleep_for(std::chrono::milliseconds(kRetryPauseMs));
    const QString leader = findLeader();
    if (!leader.isEmpty()) target = leader;
  }
}

}  // namespace tandem::test
