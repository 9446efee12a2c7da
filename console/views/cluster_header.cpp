#include "cluster_header.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include "node_palette.h"

namespace tandem::console {

namespace {

QString colourStyle(const QColor& colour) {
  return QStringLiteral("color: %1;").arg(colour.name());
}

}  // namespace

ClusterHeader::ClusterHeader(QWidget* parent)
    : QFrame(parent),
      banner_(new QLabel(this)),
      connection_(new QLabel(this)),
      leader_(new QLabel(this)),
      counts_(new QLabel(this)),
      risk_caption_(new QLabel(tr("Writes at risk"), this)),
      risk_value_(new QLabel(QStringLiteral("–"), this)) {
  setObjectName(QStringLiteral("clusterHeader"));
  setFrameShape(QFrame::StyledPanel);
  banner_->setObjectName(QStringLiteral("maintenanceBanner"));
  banner_->setStyleSheet(
      QStringLiteral("QLabel { background: #fff3cd; color: #7a4d00; border: 1px solid #e0a800;"
                     " border-radius: 4px; padding: 4px 8px; font-weight: bold; }"));
  banner_->setVisible(false);
  connection_->setObjectName(QStringLiteral("connectionLabel"));
  leader_->setObjectName(QStringLiteral("leaderLabel"));
  counts_->setObjectName(QStringLiteral("healthCountsLabel"));
  risk_value_->setObjectName(QStringLiteral("writesAtRisk"));
  const QString risk_tip = tr("Acknowledged operations no follower has yet");
  risk_value_->setToolTip(risk_tip);
  risk_caption_->setToolTip(risk_tip);
  QFont big = risk_value_->font();
  big.setPointSizeF(big.pointSizeF() * 2.0);
  big.setBold(true);
  risk_value_->setFont(big);
  risk_value_->setMinimumWidth(48);
  risk_value_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  QFont bold = leader_->font();
  bold.setBold(true);
  leader_->setFont(bold);

  auto* row = new QHBoxLayout();
  row->setContentsMargins(8, 2, 8, 2);
  row->setSpacing(18);
  row->addWidget(connection_);
  row->addWidget(leader_);
  row->addWidget(counts_);
  row->addStretch(1);
  row->addWidget(risk_caption_);
  row->addWidget(risk_value_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  layout->addWidget(banner_);
  layout->addLayout(row);
  setConnecting(QString());
}

void ClusterHeader::setConnecting(const QString& endpoints) {
  connection_->setText(endpoints.isEmpty() ? tr("● Not connected")
                                           : tr("● Connecting to %1…").arg(endpoints));
  connection_->setStyleSheet(colourStyle(nodeFillColor(Health::kUnknown).darker(140)));
  leader_->clear();
  counts_->clear();
}

void ClusterHeader::setState(const ClusterState& state) {
  const QLocale locale;
  if (state.connected) {
    connection_->setText(tr("● Connected"));
    connection_->setStyleSheet(colourStyle(okColor()));
    connection_->setToolTip(
        tr("Last poll round %1 at %2")
            .arg(state.round)
            .arg(state.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
  } else {
    connection_->setText(tr("● Disconnected"));
    connection_->setStyleSheet(colourStyle(errorColor()));
    connection_->setToolTip(state.error);
  }
  if (const NodeState* leader = state.leader()) {
    leader_->setText(tr("Leader %1 (term %2)").arg(leader->endpoint).arg(state.term));
  } else {
    leader_->setText(state.connected ? tr("No leader") : QString());
  }
  int good = 0;
  int total = 0;
  for (const NodeState& node : state.nodes) {
    if (node.role == NodeRole::kRemoved) continue;
    ++total;
    if (node.health == Health::kGood) ++good;
  }
  counts_->setText(
      tr("%1 of %2 nodes good · %3 agents").arg(good).arg(total).arg(state.agents.size()));
  counts_->setStyleSheet(colourStyle(good == total ? okColor().darker(130) : warnColor()));

  if (state.writes_at_risk < 0 || !state.connected) {
    risk_value_->setText(QStringLiteral("–"));
    risk_value_->setStyleSheet(colourStyle(nodeFillColor(Health::kUnknown).darker(150)));
  } else {
    risk_value_->setText(locale.toString(state.writes_at_risk));
    risk_value_->setStyleSheet(colourStyle(state.writes_at_risk == 0 ? okColor() : warnColor()));
  }

  const bool maintenance = state.maintenance_until_ms > 0;
  banner_->setVisible(maintenance);
  if (maintenance) {
    const QDateTime until = QDateTime::fromMSecsSinceEpoch(state.maintenance_until_ms);
    banner_->setText(tr("⚠ Maintenance mode until %1: automatic failover is off. "
                        "Turn it off with Cluster → Maintenance mode.")
                         .arg(until.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
  }
}

}  // namespace tandem::console
