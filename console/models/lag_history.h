// LagHistory: every follower's replication lag (ms and ticks) sampled once per poll round, for
// the whole console session (bounded: the oldest samples go beyond kMaxSamplesPerNode).
//
// A sample is taken for every node that is a follower in the round's state; nodes keep their
// series when they change role (the leader's series has a gap while it leads). CSV: one line
// per sample, header `time_utc,node_id,endpoint,lag_ms,lag_ticks`, times ISO 8601 with ms.
//
// Ownership: a QObject with a parent (signals for the chart). GUI thread only.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include "cluster_state.h"

namespace tandem::console {

struct LagSample {
  QDateTime time;  // UTC
  qint64 lag_ms = 0;
  qint64 lag_ticks = 0;
};

class LagHistory : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxSamplesPerNode = 24 * 3600;  // a day at 1 Hz

  explicit LagHistory(QObject* parent);

  // Records one sample per follower of `state` (ignored when !state.connected).
  void record(const ClusterState& state);
  void clear();

  QStringList nodes() const;  // ids with at least one sample, sorted
  QString endpointOf(const QString& id) const;
  const QList<LagSample>& samples(const QString& id) const;  // oldest first; empty if unknown
  QDateTime first() const;  // earliest sample time (invalid if none)
  QDateTime last() const;   // latest sample time

  QByteArray toCsv() const;

 signals:
  void sampled(const QDateTime& time);  // after each record() that added samples
  void nodeAdded(const QString& id);    // a series appeared
  void cleared();

 private:
  QMap<QString, QList<LagSample>> samples_;
  QMap<QString, QString> endpoints_;
};

}  // namespace tandem::console
