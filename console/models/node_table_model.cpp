#include "node_table_model.h"

#include <QColor>

#include "health_colors.h"
#include "node_text.h"

namespace tandem::console {

namespace {

// A row's identity across polls: its id, or its endpoint while the id is unknown.
QString rowKey(const NodeState& node) { return node.id.isEmpty() ? node.endpoint : node.id; }

bool isFollower(const NodeState& node) { return node.role == NodeRole::kFollower; }

QVariant displayOf(const NodeState& node, int column) {
  switch (column) {
    case NodeTableModel::kId:
      return node.id;
    case NodeTableModel::kName:
      return hostPort(node.endpoint);
    case NodeTableModel::kEndpoint:
      return node.endpoint;
    case NodeTableModel::kRole:
      return node.draining ? NodeTableModel::tr("%1, draining").arg(roleText(node.role))
                           : roleText(node.role);
    case NodeTableModel::kHealth:
      return healthText(node.health);
    case NodeTableModel::kAppliedTick:
      return ticksText(node.applied_tick);
    case NodeTableModel::kLagTicks:
      return isFollower(node) ? ticksText(node.lag_ticks) : QString();
    case NodeTableModel::kLagMs:
      return isFollower(node) ? NodeTableModel::tr("%1 ms").arg(ticksText(node.lag_ms)) : QString();
    case NodeTableModel::kVersion:
      return node.version;
    case NodeTableModel::kUptime:
      return uptimeText(node.uptime_seconds);
    default:
      return {};
  }
}

QVariant sortValueOf(const NodeState& node, int column) {
  switch (column) {
    case NodeTableModel::kRole:
      return roleRank(node.role);
    case NodeTableModel::kHealth:
      return static_cast<int>(node.health);
    case NodeTableModel::kAppliedTick:
      return node.applied_tick;
    case NodeTableModel::kLagTicks:
      return isFollower(node) ? node.lag_ticks : qint64{-1};
    case NodeTableModel::kLagMs:
      return isFollower(node) ? node.lag_ms : qint64{-1};
    case NodeTableModel::kUptime:
      return node.uptime_seconds;
    default:
      return displayOf(node, column);
  }
}

bool isNumeric(int column) {
  return column == NodeTableModel::kAppliedTick || column == NodeTableModel::kLagTicks ||
         column == NodeTableModel::kLagMs || column == NodeTableModel::kUptime;
}

// What a cell shows in every role: two nodes with equal cells need no dataChanged.
QVariantList cellOf(const NodeState& node, int column) {
  return {displayOf(node, column), sortValueOf(node, column), static_cast<int>(node.health)};
}

}  // namespace

NodeTableModel::NodeTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void NodeTableModel::setState(const ClusterState& state) {
  // Keys must be unique for the row bookkeeping below; a duplicate (never produced by the
  // poller) keeps its first occurrence.
  QList<NodeState> next;
  QStringList next_keys;
  for (const NodeState& node : state.nodes) {
    if (next_keys.contains(rowKey(node))) continue;
    next_keys.append(rowKey(node));
    next.append(node);
  }

  // 1. Rows whose node is gone, from the bottom so that indexes stay valid.
  for (int row = static_cast<int>(rows_.size()) - 1; row >= 0; --row) {
    if (next_keys.contains(rowKey(rows_[row]))) continue;
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
  }
  // 2. Survivors into the new order, one move each (persistent indexes and selections follow).
  QStringList staying;
  for (const QString& key : next_keys) {
    for (const NodeState& row : rows_) {
      if (rowKey(row) == key) {
        staying.append(key);
        break;
      }
    }
  }
  for (int target = 0; target < staying.size(); ++target) {
    int from = target;
    while (rowKey(rows_[from]) != staying[target]) ++from;
    if (from == target) continue;
    beginMoveRows({}, from, from, {}, target);
    rows_.move(from, target);
    endMoveRows();
  }
  // 3. New nodes at their places; 4. changed cells of the others.
  const int tooltip_column = kColumnCount - 1;
  for (int row = 0; row < next.size(); ++row) {
    if (row >= rows_.size() || rowKey(rows_[row]) != next_keys[row]) {
      beginInsertRows({}, row, row);
      rows_.insert(row, next[row]);
      endInsertRows();
      continue;
    }
    int first = -1;
    int last = -1;
    for (int column = 0; column < kColumnCount; ++column) {
      if (cellOf(rows_[row], column) == cellOf(next[row], column)) continue;
      if (first < 0) first = column;
      last = column;
    }
    const bool details_changed = nodeDetails(rows_[row]) != nodeDetails(next[row]);
    rows_[row] = next[row];
    if (details_changed) {  // the tooltip is on every cell
      first = 0;
      last = tooltip_column;
    }
    if (first >= 0) emit dataChanged(index(row, first), index(row, last));
  }
}

QString NodeTableModel::idAt(int row) const {
  return row >= 0 && row < rows_.size() ? rows_[row].id : QString();
}

int NodeTableModel::rowOf(const QString& id) const {
  if (id.isEmpty()) return -1;
  for (int row = 0; row < rows_.size(); ++row) {
    if (rows_[row].id == id) return row;
  }
  return -1;
}

int NodeTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int NodeTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant NodeTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const NodeState& node = rows_[index.row()];
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole:
      return displayOf(node, column);
    case Qt::ToolTipRole:
      return nodeDetails(node);
    case kIdRole:
      return node.id;
    case kSortRole:
      return sortValueOf(node, column);
    case Qt::DecorationRole:
      if (column == kName) return healthColor(node.health);
      return {};
    case Qt::BackgroundRole:
      if (column == kHealth) {
        QColor colour = healthColor(node.health);
        colour.setAlpha(90);  // a tint: the text must stay readable in light and dark themes
        return colour;
      }
      return {};
    case Qt::TextAlignmentRole:
      if (isNumeric(column)) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    default:
      return {};
  }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case kId:
      return tr("Id");
    case kName:
      return tr("Name");
    case kEndpoint:
      return tr("Endpoint");
    case kRole:
      return tr("Role");
    case kHealth:
      return tr("Health");
    case kAppliedTick:
      return tr("Applied tick");
    case kLagTicks:
      return tr("Lag (ticks)");
    case kLagMs:
      return tr("Lag (ms)");
    case kVersion:
      return tr("Version");
    case kUptime:
      return tr("Uptime");
    default:
      return {};
  }
}

}  // namespace tandem::console
