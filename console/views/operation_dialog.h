// OperationDialog: runs one Operation with the user — confirmation (what will happen; Run /
// Cancel), then progress (the steps with ✓ done, ▶ current, ○ pending; the latest detail;
// Cancel asks the operation to stop), then the result (success or failure text; Close).
//
// Non-blocking: show it with open(); it never calls exec(). The operation's start and outcome go
// to the EventLog (EventKind::kOperation); for an operation that changes the leader
// (expectedLeader()) the EventDetector is told, so the change is logged as a switchover.
//
// Ownership: a QDialog with a parent (deletes itself on close); it takes the Operation as a child.
// Uses (does not own) the EventLog and EventDetector (either may be null). GUI thread only.
#pragma once

#include <QDialog>

#include "ops/operation.h"

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace tandem::console {

class EventDetector;
class EventLog;

class OperationDialog : public QDialog {
  Q_OBJECT

 public:
  OperationDialog(Operation* operation, EventLog* log, EventDetector* detector, QWidget* parent);

  Operation* operation() const { return operation_; }
  // Skips the confirmation (the caller already asked, e.g. a wizard's summary) and starts.
  void startNow();

  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QPushButton* closeButton() const { return close_; }
  QListWidget* stepsList() const { return steps_; }
  QLabel* resultLabel() const { return result_; }

 signals:
  void operationFinished(tandem::console::Operation::State state, const QString& message);

 public slots:
  void reject() override;  // Esc / window close: cancel first while running

 private:
  void buildPages();
  void onStepStarted(int index, const QString& text);
  void onFinished(Operation::State state, const QString& message);
  void markSteps(int current, bool all_done);

  Operation* operation_;
  EventLog* log_;
  EventDetector* detector_;
  QStackedWidget* pages_;
  QLabel* confirmation_;
  QListWidget* steps_;
  QLabel* detail_;
  QLabel* result_;
  QPushButton* run_;
  QPushButton* cancel_;
  QPushButton* close_;
};

}  // namespace tandem::console
