#include "event_log.h"

#include <QJsonObject>

namespace tandem::console {

namespace {

QString kindText(EventKind kind) {
  switch (kind) {
    case EventKind::kConnection:
      return EventLog::tr("connection");
    case EventKind::kFailover:
      return EventLog::tr("failover");
    case EventKind::kSwitchover:
      return EventLog::tr("switchover");
    case EventKind::kHealth:
      return EventLog::tr("health");
    case EventKind::kResync:
      return EventLog::tr("resync");
    case EventKind::kMembership:
      return EventLog::tr("membership");
    case EventKind::kMaintenance:
      return EventLog::tr("maintenance");
    case EventKind::kOperation:
      return EventLog::tr("operation");
  }
  return {};
}

}  // namespace

QString eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kConnection:
      return QStringLiteral("connection");
    case EventKind::kFailover:
      return QStringLiteral("failover");
    case EventKind::kSwitchover:
      return QStringLiteral("switchover");
    case EventKind::kHealth:
      return QStringLiteral("health");
    case EventKind::kResync:
      return QStringLiteral("resync");
    case EventKind::kMembership:
      return QStringLiteral("membership");
    case EventKind::kMaintenance:
      return QStringLiteral("maintenance");
    case EventKind::kOperation:
      return QStringLiteral("operation");
  }
  return QStringLiteral("unknown");
}

EventLog::EventLog(QObject* parent) : QAbstractTableModel(parent) {}

void EventLog::append(Event event) {
  if (!event.time.isValid()) event.time = QDateTime::currentDateTimeUtc();
  event.time = event.time.toUTC();
  const int row = static_cast<int>(events_.size());
  beginInsertRows({}, row, row);
  events_.append(event);
  endInsertRows();
  emit eventAdded(events_.constLast());
}

void EventLog::append(EventKind kind, const QString& node_id, const QString& message) {
  append(Event{QDateTime::currentDateTimeUtc(), kind, node_id, message});
}

QJsonArray EventLog::toJson() const {
  QJsonArray out;
  for (const Event& event : events_) {
    out.append(QJsonObject{{QStringLiteral("time"), event.time.toString(Qt::ISODateWithMs)},
                           {QStringLiteral("kind"), eventKindName(event.kind)},
                           {QStringLiteral("node"), event.node_id},
                           {QStringLiteral("message"), event.message}});
  }
  return out;
}

int EventLog::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(events_.size());
}

int EventLog::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant EventLog::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Event& event = events_[index.row()];
  if (role == Qt::ToolTipRole) return event.message;
  if (role == Qt::UserRole) return static_cast<int>(event.kind);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kTime:
      // Local time for people; the export keeps UTC.
      return event.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case kKind:
      return kindText(event.kind);
    case kNode:
      return event.node_id;
    case kMessage:
      return event.message;
    default:
      return {};
  }
}

QVariant EventLog::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case kTime:
      return tr("Time");
    case kKind:
      return tr("Kind");
    case kNode:
      return tr("Node");
    case kMessage:
      return tr("Message");
    default:
      return {};
  }
}

}  // namespace tandem::console
