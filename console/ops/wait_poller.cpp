#include "wait_poller.h"

#include <QPointer>

namespace tandem::console {

WaitPoller::WaitPoller(int timeout_ms, Check check, QObject* parent)
    : QObject(parent), timeout_ms_(timeout_ms), check_(std::move(check)) {
  next_.setSingleShot(true);
  next_.setInterval(kIntervalMs);
  deadline_.setSingleShot(true);
  connect(&next_, &QTimer::timeout, this, &WaitPoller::runCheck);
  connect(&deadline_, &QTimer::timeout, this, &WaitPoller::expire);
}

void WaitPoller::start() {
  clock_.start();
  deadline_.start(timeout_ms_);
  runCheck();
}

void WaitPoller::runCheck() {
  if (done_) return;
  const quint64 generation = ++generation_;
  QPointer<WaitPoller> self(this);
  check_([self, generation](const Verdict& verdict) {
    if (self) self->onAnswer(generation, verdict);
  });
}

void WaitPoller::onAnswer(quint64 generation, const Verdict& verdict) {
  if (done_ || generation != generation_) return;
  if (!verdict.detail.isEmpty() && verdict.detail != last_detail_) {
    last_detail_ = verdict.detail;
    if (verdict.outcome == Outcome::kWaiting) emit progress(verdict.detail);
  }
  switch (verdict.outcome) {
    case Outcome::kMet:
      done_ = true;
      deadline_.stop();
      emit met(verdict.detail);
      return;
    case Outcome::kFailed:
      done_ = true;
      deadline_.stop();
      emit failed(verdict.detail);
      return;
    case Outcome::kWaiting:
      next_.start();
      return;
  }
}

void WaitPoller::expire() {
  if (done_) return;
  done_ = true;
  next_.stop();
  emit timedOut(last_detail_);
}

}  // namespace tandem::console
