// EventLog: the console's event list — failovers, switchovers, health changes, resyncs,
// drains/removals, maintenance, reachability, and the operations run with their outcome — as a
// table model (columns: time, kind, node, message), newest last.
//
// Events come from two sources: EventDetector (comparing consecutive ClusterStates) and the
// operations run from the console (append()). Messages are translated at creation.
//
// Ownership: a QObject with a parent. GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace tandem::console {

enum class EventKind {
  kConnection,   // connected, lost the cluster, reconnected
  kFailover,     // the leader changed without a switchover run from here
  kSwitchover,   // the leader changed by a switchover (from here or elsewhere, when known)
  kHealth,       // a node's health changed (GOOD/BAD/FAILED/UNREACHABLE)
  kResync,       // a follower's resync / rollback counter went up, or it is in initial sync
  kMembership,   // a node appeared, started draining, was removed
  kMaintenance,  // supervision maintenance on/off
  kOperation,    // an operation run from the console: started, succeeded, failed, cancelled
};
QString eventKindName(EventKind kind);  // wire name for JSON: "failover", … (not translated)

struct Event {
  QDateTime time;  // UTC
  EventKind kind = EventKind::kHealth;
  QString node_id;  // may be empty
  QString message;  // translated, one line
};

class EventLog : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kTime, kKind, kNode, kMessage, kColumnCount };

  explicit EventLog(QObject* parent);

  void append(Event event);  // time defaulted to now (UTC) when invalid
  void append(EventKind kind, const QString& node_id, const QString& message);
  const QList<Event>& events() const { return events_; }
  QJsonArray toJson() const;  // [{time,kind,node,message}]

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 signals:
  void eventAdded(const tandem::console::Event& event);

 private:
  QList<Event> events_;
};

}  // namespace tandem::console
