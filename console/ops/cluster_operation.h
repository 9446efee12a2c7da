// ClusterOperation: the base of the concrete operations — the shared steps every one of them
// is built from: find the cluster (ClusterProbe), send one request, wait until a condition
// holds (WaitPoller), and run another operation as a part of this one (replace and rolling
// upgrade are made of switchovers, drains, removals and upgrades).
//
// Every callback given here runs only while the operation is running: a cancel or a failure
// drops whatever was still on its way. Failures end the operation with a message that says
// what went wrong and what to do next.
//
// Ownership: as Operation; a child operation run by runPart() is owned by this one.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QPointer>

#include <functional>

#include "cluster_probe.h"
#include "operation.h"
#include "wait_poller.h"

namespace tandem::console {

class ClusterOperation : public Operation {
  Q_OBJECT

 public:
  ClusterOperation(ApiClient* client, QList<QUrl> endpoints, QObject* parent);

 protected:
  using ViewHandler = std::function<void(const ClusterView& view)>;

  // Probes the cluster; fails the operation when it cannot be reached.
  void withCluster(ViewHandler next);
  // Sends one request with its own timeout (the client's otherwise, when timeout_ms is 0).
  void send(const QByteArray& verb, const QUrl& base, const QString& path, const QByteArray& body,
            int timeout_ms, ApiClient::Handler handler);
  // A refusal that passes by itself — HTTP 503 while leadership moves or a lease is renewed
  // ("not a leader", "leadership challenge is ongoing") — within kRetryBudgetMs of the first
  // one: reports it and calls again() after kRetryDelayMs, then true. False otherwise.
  bool retryLater(const ApiReply& reply, std::function<void()> again);
  // True when the request's effect is unknown: no answer, or the node answered 503 because its
  // agency write timed out (it may still commit). The caller then verifies by polling.
  static bool outcomeUnknown(const ApiReply& reply);
  // Sends a change that answers {"error":false,…}: a passing refusal retries again(); an unknown
  // outcome is reported as unknown_text.arg(reason) and then() verifies it; another refusal
  // fails with refused_text.arg(reason); an acknowledgement runs then().
  void sendChange(const QUrl& base, const QString& path, const QByteArray& body, int timeout_ms,
                  const QString& unknown_text, const QString& refused_text,
                  std::function<void()> again, std::function<void()> then);
  static constexpr int kRetryBudgetMs = 20000;
  static constexpr int kRetryDelayMs = 500;
  // Polls `check` until it is met (then next(detail)); fails with `timeout_message` followed by
  // the last detail seen at the timeout, or with the check's own failure.
  void waitUntil(int timeout_ms, const QString& timeout_message, WaitPoller::Check check,
                 std::function<void(const QString& detail)> next);
  // A probe that answers "waiting" (with the error) when the cluster does not answer: waits
  // ride over a leader change or a node restart.
  void probeForWait(const WaitPoller::Answer& answer, ViewHandler on_view);
  // Runs `part` (not started, owned by this) as part of this operation: its step texts and
  // progress become progress lines prefixed by `prefix`; on its success next(message); on its
  // failure this fails with `prefix` + its message.
  void runPart(Operation* part, const QString& prefix, std::function<void(const QString&)> next);
  void onCancel() override;

  // Ready-made checks.
  // `id` leads: /_api/cluster/endpoints names it first and it answers
  // /_admin/server/availability with 200.
  WaitPoller::Check leaderServesCheck(const QString& id);
  // `id` is a GOOD follower with lag 0 in the leader's health.
  WaitPoller::Check followerInSyncCheck(const QString& id);

  // "127.0.0.1:8531 is 1,204 ticks behind (3.2 s)".
  static QString lagText(const HealthEntry& entry);

  ClusterProbe& probe() { return probe_; }

 private:
  ClusterProbe probe_;
  QPointer<Operation> part_;
  QElapsedTimer retrying_;  // since the first retried refusal
};

}  // namespace tandem::console
