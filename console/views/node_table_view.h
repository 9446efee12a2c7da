// NodeTableView: the node table — NodeTableModel behind a sort proxy, one selected row at a
// time, selection by node id both ways (selectNode / nodeSelected) so the topology view and the
// table stay in step, and a context-menu request per node for the owner's action menu.
//
// Ownership: a QWidget with a parent; owns the proxy; uses (does not own) the model. GUI thread.
#pragma once

#include <QTableView>

class QSortFilterProxyModel;

namespace tandem::console {

class NodeTableModel;

class NodeTableView : public QTableView {
  Q_OBJECT

 public:
  NodeTableView(NodeTableModel* model, QWidget* parent);

  void selectNode(const QString& id);  // "" clears; no signal
  QString selectedNodeId() const;
  // The proxy row showing `id` (-1 if absent), for tests that click a row.
  int rowOfNode(const QString& id) const;
  QSortFilterProxyModel* proxy() const { return proxy_; }

 signals:
  void nodeSelected(const QString& id);
  void nodeContextMenuRequested(const QString& id, const QPoint& global_pos);

 private:
  void onCurrentChanged();

  NodeTableModel* model_;
  QSortFilterProxyModel* proxy_;
  bool selecting_ = false;
};

}  // namespace tandem::console
