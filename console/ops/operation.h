// Operation: one administrative action (switchover, drain, remove, upgrade, replace, rolling
// upgrade, maintenance) as an object with steps, progress, cancel and a result. The GUI's
// buttons and the headless commands run the same objects.
//
// Life: construct → (GUI: show title()/confirmation(), ask) → start() → stepStarted(i, text) for
// each step in order, progress(detail) any number of times → finished(state, message) exactly
// once. start() returns at once; everything runs on the event loop through ApiClient (never
// blocks). cancel() stops at the next safe point (a request already sent to the cluster is not
// undone; the message says what was done and what was not) and finishes with kCancelled.
// Messages are translated, complete sentences that say what to do next on failure.
//
// Ownership: a QObject with a parent; uses (does not own) the ApiClient. GUI thread only.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "client/api_client.h"

namespace tandem::console {

class Operation : public QObject {
  Q_OBJECT

 public:
  enum class State { kIdle, kRunning, kSucceeded, kFailed, kCancelled };
  Q_ENUM(State)

  // `endpoints`: where to reach the cluster (any nodes; the operation finds the leader itself).
  Operation(ApiClient* client, QList<QUrl> endpoints, QObject* parent);
  ~Operation() override;

  virtual QString title() const = 0;         // "Switch over to 127.0.0.1:8531"
  virtual QString confirmation() const = 0;  // what will happen, for the confirmation dialog
  virtual QStringList steps() const = 0;     // one line per step, for the progress dialog
  // A node id whose leadership this operation brings about (switchover, rolling upgrade's
  // switchover), so that the event log calls the change a switchover; "" otherwise.
  virtual QString expectedLeader() const { return {}; }

  void start();   // once; from kIdle only
  void cancel();  // from kRunning; no effect otherwise

  State state() const { return state_; }
  int currentStep() const { return step_; }  // -1 before the first step
  QString message() const { return message_; }

 signals:
  void stepStarted(int index, const QString& text);
  void progress(const QString& detail);
  void finished(tandem::console::Operation::State state, const QString& message);
  // expectedLeader() became known while running (rolling upgrade, replace of a leader): the
  // event log should call the coming leader change a switchover.
  void expectedLeaderKnown(const QString& node_id);

 protected:
  virtual void run() = 0;     // begins the first step
  virtual void onCancel() {}  // stop timers and child work; then cancel() finishes
  void beginStep(int index);  // emits stepStarted(index, steps()[index])
  void report(const QString& detail) { emit progress(detail); }
  void succeed(const QString& message);
  void fail(const QString& message);
  bool running() const { return state_ == State::kRunning; }

  ApiClient* client() const { return client_; }
  const QList<QUrl>& endpoints() const { return endpoints_; }
  // A context for requests of this operation: deleted (dropping late replies) when it ends.
  QObject* requestContext() const { return context_; }

 private:
  void finish(State state, const QString& message);

  ApiClient* client_;
  QList<QUrl> endpoints_;
  QObject* context_;
  State state_ = State::kIdle;
  int step_ = -1;
  QString message_;
};

}  // namespace tandem::console
