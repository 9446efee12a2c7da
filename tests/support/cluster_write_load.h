// ClusterWriteLoad: document inserts against an active-failover cluster by clients that follow
// the leader the way drivers do, recording exactly which inserts were acknowledged: the ground
// truth of the failover tests ("no acknowledged write is lost").
//
// Each writer runs on a thread of its own and inserts {"_key":"<prefix><writer>-<n>"} one after
// the other, each key tried once. 201/202 records the key with its _rev, the node that
// acknowledged it and the time. A 503 with `x-arango-endpoint` moves the writer to that node
// (a follower's redirect); a 503 without one (leadership challenge, shutdown), no answer or a
// timeout makes it ask every node's /_api/cluster/endpoints for the leader (first entry) and
// go on there. Any other answer is recorded as unexpected.
//
// Thread-safety: construct, start, stop, join and read from one thread; counters may be read
// while the writers run.
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace tandem::test {

struct AcknowledgedWrite {
  QString key;
  QString rev;
  QString node;      // base URL of the node that acknowledged it
  qint64 at_ms = 0;  // on the load's clock (ms since start())
};

class ClusterWriteLoad {
 public:
  // `nodes`: base URLs ("http://127.0.0.1:P") of every node a writer may ask for the leader;
  // `first_target`: where the writers begin.
  ClusterWriteLoad(QStringList nodes, QString first_target, QString collection, int writers,
                   QString key_prefix = QStringLiteral("w"), int request_timeout_ms = 1500);
  ~ClusterWriteLoad();  // stops and joins
  ClusterWriteLoad(const ClusterWriteLoad&) = delete;
  ClusterWriteLoad& operator=(const ClusterWriteLoad&) = delete;

  void start();
  void stop() { stop_.store(true); }
  void join();

  // Milliseconds since start(), on the clock of AcknowledgedWrite::at_ms.
  qint64 elapsedMs() const;
  std::size_t acknowledgedCount() const { return acknowledged_count_.load(); }
  // Waits (processing events) until `count` inserts in all were acknowledged; false on timeout.
  bool waitForAcknowledged(std::size_t count, int timeout_ms) const;
  // The time of the first acknowledgement at or after `since_ms`, -1 if none yet.
  qint64 firstAcknowledgedAfter(qint64 since_ms) const;

  // After join() (or any time, as a copy).
  QList<AcknowledgedWrite> acknowledged() const;
  QStringList acknowledgedKeys() const;
  QStringList unexpected() const;
  // Answers of each kind seen, e.g. {"503/1496": 12, "no answer": 3}, for failure messages.
  QString summary() const;

 private:
  void runWriter(int writer);
  QString findLeader();
  void count(const QString& kind);

  const QStringList nodes_;
  const QString first_target_;
  const QString collection_;
  const int writers_;
  const QString key_prefix_;
  const int request_timeout_ms_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> acknowledged_count_{0};
  std::vector<std::unique_ptr<QThread>> threads_;

  mutable std::mutex mutex_;
  QList<AcknowledgedWrite> acknowledged_;  // guarded by mutex_
  QStringList unexpected_;                 // guarded by mutex_
  QMap<QString, int> kinds_;               // guarded by mutex_
};

}  // namespace tandem::test
