#include "node_table_view.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>

#include "models/node_table_model.h"

namespace tandem::console {

NodeTableView::NodeTableView(NodeTableModel* model, QWidget* parent)
    : QTableView(parent), model_(model), proxy_(new QSortFilterProxyModel(this)) {
  setObjectName(QStringLiteral("nodeTable"));
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(NodeTableModel::kSortRole);
  setModel(proxy_);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setAlternatingRowColors(true);
  setSortingEnabled(true);
  setWordWrap(false);
  setContextMenuPolicy(Qt::CustomContextMenu);
  verticalHeader()->setVisible(false);
  verticalHeader()->setDefaultSectionSize(24);
  horizontalHeader()->setStretchLastSection(true);
  // Columns fit their contents (a handful of rows); the long server id is cut and the user can
  // widen it.
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setSectionResizeMode(NodeTableModel::kId, QHeaderView::Interactive);
  horizontalHeader()->resizeSection(NodeTableModel::kId, 120);
  // The leader is the model's first row: unsorted until the user clicks a header.
  sortByColumn(-1, Qt::AscendingOrder);
  setColumnHidden(NodeTableModel::kEndpoint, true);  // the name column shows host:port already

  connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &NodeTableView::onCurrentChanged);
  connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &NodeTableView::onCurrentChanged);
  connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    const QModelIndex index = indexAt(pos);
    if (!index.isValid()) return;
    const QString id = index.data(NodeTableModel::kIdRole).toString();
    if (id.isEmpty()) return;
    selectRow(index.row());
    emit nodeContextMenuRequested(id, viewport()->mapToGlobal(pos));
  });
}

void NodeTableView::onCurrentChanged() {
  if (selecting_) return;
  const QString id = selectedNodeId();
  if (!id.isEmpty()) emit nodeSelected(id);
}

QString NodeTableView::selectedNodeId() const {
  const QModelIndexList rows = selectionModel()->selectedRows();
  if (rows.isEmpty()) return {};
  return rows.first().data(NodeTableModel::kIdRole).toString();
}

int NodeTableView::rowOfNode(const QString& id) const {
  const int source_row = model_->rowOf(id);
  if (source_row < 0) return -1;
  return proxy_->mapFromSource(model_->index(source_row, 0)).row();
}

void NodeTableView::selectNode(const QString& id) {
  if (id == selectedNodeId()) return;
  selecting_ = true;
  const int row = rowOfNode(id);
  if (row < 0) {
    clearSelection();
  } else {
    selectionModel()->setCurrentIndex(
        proxy_->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  }
  selecting_ = false;
}

}  // namespace tandem::console
