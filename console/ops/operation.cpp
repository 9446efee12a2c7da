#include "operation.h"

#include <QTimer>

namespace tandem::console {

Operation::Operation(ApiClient* client, QList<QUrl> endpoints, QObject* parent)
    : QObject(parent),
      client_(client),
      endpoints_(std::move(endpoints)),
      context_(new QObject(this)) {}

Operation::~Operation() = default;

void Operation::start() {
  if (state_ != State::kIdle) return;
  state_ = State::kRunning;
  run();
}

void Operation::cancel() {
  if (state_ != State::kRunning) return;
  onCancel();
  if (state_ != State::kRunning) return;  // onCancel finished it itself
  const QStringList list = steps();
  const QString step = step_ >= 0 && step_ < list.size() ? list[step_] : QString();
  QString text;
  if (step_ < 0) {
    text = tr("Cancelled before the first step: nothing was sent to the cluster.");
  } else {
    text = tr("Cancelled during step %1 of %2 (%3). Requests already sent to the cluster are not "
              "undone and the later steps were not run; check the cluster with "
              "tandem-console status before trying again.")
               .arg(step_ + 1)
               .arg(list.size())
               .arg(step);
  }
  finish(State::kCancelled, text);
}

void Operation::beginStep(int index) {
  // Steps only go forward: a step retried after a passing refusal is not announced again.
  if (index <= step_) return;
  step_ = index;
  const QStringList list = steps();
  emit stepStarted(index, index >= 0 && index < list.size() ? list[index] : QString());
}

void Operation::succeed(const QString& message) { finish(State::kSucceeded, message); }

void Operation::fail(const QString& message) { finish(State::kFailed, message); }

void Operation::finish(State state, const QString& message) {
  if (state_ != State::kRunning) return;
  state_ = state;
  message_ = message;
  // Late replies and pending waits die with the context. It may be the receiver of the slot
  // running right now (a reply handler), so it goes later; its timers stop now and every
  // handler checks running() first.
  for (QTimer* timer : context_->findChildren<QTimer*>()) timer->stop();
  context_->deleteLater();
  context_ = new QObject(this);
  emit finished(state, message);
}

}  // namespace tandem::console
