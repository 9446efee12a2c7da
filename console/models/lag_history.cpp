#include "lag_history.h"

#include <algorithm>

namespace tandem::console {

LagHistory::LagHistory(QObject* parent) : QObject(parent) {}

void LagHistory::record(const ClusterState& state) {
  if (!state.connected) return;  // a lost round says nothing about lag
  bool added = false;
  for (const NodeState* node : state.followers()) {
    if (node->id.isEmpty()) continue;  // a series is keyed by id
    const bool is_new = !samples_.contains(node->id);
    QList<LagSample>& series = samples_[node->id];
    series.append(LagSample{state.time, node->lag_ms, node->lag_ticks});
    if (series.size() > kMaxSamplesPerNode) series.remove(0, series.size() - kMaxSamplesPerNode);
    endpoints_[node->id] = node->endpoint;
    added = true;
    if (is_new) emit nodeAdded(node->id);
  }
  if (added) emit sampled(state.time);
}

void LagHistory::clear() {
  samples_.clear();
  endpoints_.clear();
  emit cleared();
}

QStringList LagHistory::nodes() const { return samples_.keys(); }

QString LagHistory::endpointOf(const QString& id) const { return endpoints_.value(id); }

const QList<LagSample>& LagHistory::samples(const QString& id) const {
  static const QList<LagSample> kNone;
  const auto it = samples_.constFind(id);
  return it == samples_.constEnd() ? kNone : *it;
}

QDateTime LagHistory::first() const {
  QDateTime out;
  for (const QList<LagSample>& series : samples_) {
    if (!series.isEmpty() && (!out.isValid() || series.constFirst().time < out)) {
      out = series.constFirst().time;
    }
  }
  return out;
}

QDateTime LagHistory::last() const {
  QDateTime out;
  for (const QList<LagSample>& series : samples_) {
    if (!series.isEmpty() && (!out.isValid() || series.constLast().time > out)) {
      out = series.constLast().time;
    }
  }
  return out;
}

// Lines in time order (ties by node id), so the file reads as the session went.
QByteArray LagHistory::toCsv() const {
  struct Line {
    QDateTime time;
    QString id;
    const LagSample* sample;
  };
  QList<Line> lines;
  for (auto it = samples_.constBegin(); it != samples_.constEnd(); ++it) {
    for (const LagSample& sample : it.value()) lines.append(Line{sample.time, it.key(), &sample});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.time < b.time; });
  QByteArray out = "time_utc,node_id,endpoint,lag_ms,lag_ticks\n";
  for (const Line& line : lines) {
    out += line.time.toUTC().toString(Qt::ISODateWithMs).toUtf8() + ',' + line.id.toUtf8() + ',' +
           endpoints_.value(line.id).toUtf8() + ',' + QByteArray::number(line.sample->lag_ms) +
           ',' + QByteArray::number(line.sample->lag_ticks) + '\n';
  }
  return out;
}

}  // namespace tandem::console
