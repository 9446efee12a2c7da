// The views' shared colours and display names for node health, so the topology, the table's
// decorations, the chart and the header agree. Pure functions, no state.
#pragma once

#include <QColor>
#include <QString>

#include "client/api_replies.h"
#include "models/event_log.h"

namespace tandem::console {

QColor nodeFillColor(Health health);       // the node's body colour
QColor nodeBorderColor(Health health);     // a darker shade for borders and arrows
QString healthDisplayName(Health health);  // translated ("Good", "Unreachable", …)
QColor eventKindColor(EventKind kind);     // text colour of a kind in the event log
QString eventKindDisplayName(EventKind kind);
// A distinct colour per chart series (index cycles through a fixed palette).
QColor seriesColor(int index);

// Brand colours of the header strip and banners.
inline QColor okColor() { return QColor(0x2e, 0x9d, 0x4f); }
inline QColor warnColor() { return QColor(0xe0, 0x8a, 0x00); }
inline QColor errorColor() { return QColor(0xd6, 0x45, 0x41); }

}  // namespace tandem::console
