// EventLogView: the event log as a table (time, kind, node, message), each kind in its colour
// (node_palette.h), scrolling to the newest event as it arrives unless the user scrolled up.
//
// Ownership: a QWidget with a parent; uses (does not own) the EventLog. GUI thread only.
#pragma once

#include <QTableView>

namespace tandem::console {

class EventLog;

class EventLogView : public QTableView {
  Q_OBJECT

 public:
  EventLogView(EventLog* log, QWidget* parent);

 private:
  EventLog* log_;
  bool follow_ = true;  // at the bottom: keep following new events
};

}  // namespace tandem::console
