#include "node_palette.h"

#include <QCoreApplication>

#include "models/health_colors.h"

namespace tandem::console {

namespace {}  // namespace

QColor nodeFillColor(Health health) {
  // The models' shared colours, a little lighter: the topology draws text on them.
  return healthColor(health).lighter(health == Health::kUnknown ? 100 : 112);
}

QColor nodeBorderColor(Health health) { return nodeFillColor(health).darker(150); }

QString healthDisplayName(Health health) {
  switch (health) {
    case Health::kGood:
      return QCoreApplication::translate("NodePalette", "Good");
    case Health::kBad:
      return QCoreApplication::translate("NodePalette", "Bad");
    case Health::kFailed:
      return QCoreApplication::translate("NodePalette", "Failed");
    case Health::kUnreachable:
      return QCoreApplication::translate("NodePalette", "Unreachable");
    case Health::kUnknown:
      break;
  }
  return QCoreApplication::translate("NodePalette", "Unknown");
}

QColor eventKindColor(EventKind kind) {
  switch (kind) {
    case EventKind::kFailover:
      return errorColor();
    case EventKind::kSwitchover:
      return QColor(0x1f, 0x6f, 0xc5);
    case EventKind::kHealth:
      return warnColor().darker(120);
    case EventKind::kResync:
      return QColor(0x8e, 0x44, 0xad);
    case EventKind::kMembership:
      return QColor(0x16, 0x7d, 0x7f);
    case EventKind::kMaintenance:
      return warnColor();
    case EventKind::kOperation:
      return QColor(0x2c, 0x3e, 0x50);
    case EventKind::kConnection:
      break;
  }
  return QColor(0x5d, 0x6d, 0x7e);
}

QString eventKindDisplayName(EventKind kind) {
  switch (kind) {
    case EventKind::kConnection:
      return QCoreApplication::translate("NodePalette", "Connection");
    case EventKind::kFailover:
      return QCoreApplication::translate("NodePalette", "Failover");
    case EventKind::kSwitchover:
      return QCoreApplication::translate("NodePalette", "Switchover");
    case EventKind::kHealth:
      return QCoreApplication::translate("NodePalette", "Health");
    case EventKind::kResync:
      return QCoreApplication::translate("NodePalette", "Resync");
    case EventKind::kMembership:
      return QCoreApplication::translate("NodePalette", "Membership");
    case EventKind::kMaintenance:
      return QCoreApplication::translate("NodePalette", "Maintenance");
    case EventKind::kOperation:
      return QCoreApplication::translate("NodePalette", "Operation");
  }
  return {};
}

QColor seriesColor(int index) {
  static const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf)};
  constexpr int kCount = sizeof(kPalette) / sizeof(kPalette[0]);
  return kPalette[((index % kCount) + kCount) % kCount];
}

}  // namespace tandem::console
