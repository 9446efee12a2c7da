// WaitPoller: "wait until" for operations — runs an asynchronous check a few times a second
// until it says the condition holds, says it never will, or the time is up.
//
// A check gets an Answer callback and calls it exactly once (after its requests came back);
// the next check starts kIntervalMs after that answer, so checks never overlap. Each detail a
// check reports is forwarded through progress() when it changed. Exactly one of met(),
// failed(why) or timedOut(last_detail) is emitted, once; after it, answers are ignored.
//
// Ownership: a QObject whose parent is the operation's request context (it dies with it).
// GUI thread only; never blocks.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace tandem::console {

class WaitPoller : public QObject {
  Q_OBJECT

 public:
  static constexpr int kIntervalMs = 200;

  enum class Outcome { kWaiting, kMet, kFailed };
  struct Verdict {
    Outcome outcome = Outcome::kWaiting;
    QString detail;  // kWaiting/kMet: what was seen ("… is 12 ticks behind"); kFailed: why
  };
  using Answer = std::function<void(const Verdict&)>;
  using Check = std::function<void(const Answer&)>;

  WaitPoller(int timeout_ms, Check check, QObject* parent);

  void start();  // the first check at once
  int timeoutMs() const { return timeout_ms_; }
  qint64 elapsedMs() const { return clock_.elapsed(); }

 signals:
  void progress(const QString& detail);
  void met(const QString& detail);
  void failed(const QString& why);
  void timedOut(const QString& last_detail);

 private:
  void runCheck();
  void onAnswer(quint64 generation, const Verdict& verdict);
  void expire();

  int timeout_ms_;
  Check check_;
  QTimer next_;
  QTimer deadline_;
  QElapsedTimer clock_;
  QString last_detail_;
  quint64 generation_ = 0;
  bool done_ = false;
};

}  // namespace tandem::console
