// ClusterHeader: the strip above the views — connection state, the leader and its term, node
// health counts, and the writes at risk as a big number (0 green, more amber, unknown grey;
// tooltip "acknowledged operations no follower has yet"); above it an amber banner while
// supervision maintenance is on (failover is off).
//
// Ownership: a QWidget with a parent. GUI thread only.
#pragma once

#include <QFrame>

#include "models/cluster_state.h"

class QLabel;

namespace tandem::console {

class ClusterHeader : public QFrame {
  Q_OBJECT

 public:
  explicit ClusterHeader(QWidget* parent);

  void setState(const ClusterState& state);
  void setConnecting(const QString& endpoints);  // before the first round

  QLabel* writesAtRiskLabel() const { return risk_value_; }
  QLabel* maintenanceBanner() const { return banner_; }
  QLabel* connectionLabel() const { return connection_; }

 private:
  QLabel* banner_;
  QLabel* connection_;
  QLabel* leader_;
  QLabel* counts_;
  QLabel* risk_caption_;
  QLabel* risk_value_;
};

}  // namespace tandem::console
