// NodeTableModel: one row per node of the latest ClusterState (leader first), for the node table.
//
// Columns (enum Column): id, name (the endpoint's host:port), endpoint, role, health, applied
// tick, lag ticks, lag ms, version, uptime. DisplayRole gives translated text; ToolTipRole the
// node's details; BackgroundRole/DecorationRole a health colour; Qt::UserRole the node id
// (kIdRole); sorting-friendly raw values under kSortRole. setState() keeps rows of nodes that stay
// (emits dataChanged only for cells that changed), inserts and removes rows with strict
// begin/endInsertRows / begin/endRemoveRows, so selections survive polls.
//
// Ownership: a QObject with a parent. GUI thread only.
#pragma once

#include <QAbstractTableModel>

#include "cluster_state.h"

namespace tandem::console {

class NodeTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    kId,
    kName,
    kEndpoint,
    kRole,
    kHealth,
    kAppliedTick,
    kLagTicks,
    kLagMs,
    kVersion,
    kUptime,
    kColumnCount
  };
  static constexpr int kIdRole = Qt::UserRole;
  static constexpr int kSortRole = Qt::UserRole + 1;

  explicit NodeTableModel(QObject* parent);

  void setState(const ClusterState& state);
  // The node id of a row ("" out of range); the row of an id (-1 if absent).
  QString idAt(int row) const;
  int rowOf(const QString& id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  QList<NodeState> rows_;
};

}  // namespace tandem::console
