#include "cluster_operation.h"

#include <QLocale>
#include <QTimer>

#include "client/endpoint.h"

namespace tandem::console {

ClusterOperation::ClusterOperation(ApiClient* client, QList<QUrl> endpoints, QObject* parent)
    : Operation(client, endpoints, parent), probe_(client, endpoints) {}

void ClusterOperation::withCluster(ViewHandler next) {
  // Every entry point below returns at once once the operation ended (a cancel from a
  // stepStarted() handler ends it while the step's code still runs).
  if (!running()) return;
  probe_.probe(requestContext(),
               [this, next = std::move(next)](const ClusterView* view, const QString& error) {
                 if (!running()) return;
                 if (view == nullptr) {
                   fail(error);
                   return;
                 }
                 next(*view);
               });
}

void ClusterOperation::send(const QByteArray& verb, const QUrl& base, const QString& path,
                            const QByteArray& body, int timeout_ms, ApiClient::Handler handler) {
  if (!running()) return;
  // ApiClient has one timeout for all requests, read when a request is sent: long operations
  // (a switchover holds writes up to its own timeout) get theirs by setting it around the call.
  const int saved = client()->timeout();
  if (timeout_ms > 0) client()->setTimeout(timeout_ms);
  client()->request(verb, base, path, body, requestContext(),
                    [this, handler = std::move(handler)](const ApiReply& reply) {
                      if (running()) handler(reply);
                    });
  client()->setTimeout(saved);
}

bool ClusterOperation::retryLater(const ApiReply& reply, std::function<void()> again) {
  // 1495 leadership challenge ongoing, 1496 not a leader, 30 shutting down: passing states.
  // Other 503s (an aborted switchover) are answers, not retried.
  const int num = reply.errorNum();
  if (reply.http_status != 503 || (num != 1495 && num != 1496 && num != 30)) return false;
  if (!retrying_.isValid()) retrying_.start();
  if (retrying_.elapsed() > kRetryBudgetMs) return false;
  report(tr("the cluster is busy (%1); trying again").arg(reply.describe()));
  QTimer::singleShot(kRetryDelayMs, requestContext(), [this, again = std::move(again)] {
    if (running()) again();
  });
  return true;
}

bool ClusterOperation::outcomeUnknown(const ApiReply& reply) {
  // errorNum 503 is the node's "agency write unknown/unavailable": the change may commit later.
  return !reply.answered() || (reply.http_status == 503 && reply.errorNum() == 503);
}

void ClusterOperation::sendChange(const QUrl& base, const QString& path, const QByteArray& body,
                                  int timeout_ms, const QString& unknown_text,
                                  const QString& refused_text, std::function<void()> again,
                                  std::function<void()> then) {
  send("POST", base, path, body, timeout_ms,
       [this, unknown_text, refused_text, again = std::move(again),
        then = std::move(then)](const ApiReply& reply) {
         if (retryLater(reply, again)) return;
         if (outcomeUnknown(reply)) {
           report(unknown_text.arg(reply.answered() ? reply.describe() : reply.transport_error));
         } else if (const Parsed<Acknowledged> ack = parseAcknowledged(reply); !ack.ok()) {
           fail(refused_text.arg(ack.error));
           return;
         }
         then();
       });
}

void ClusterOperation::waitUntil(int timeout_ms, const QString& timeout_message,
                                 WaitPoller::Check check,
                                 std::function<void(const QString&)> next) {
  if (!running()) return;
  auto* poller = new WaitPoller(timeout_ms, std::move(check), requestContext());
  connect(poller, &WaitPoller::progress, this, [this](const QString& detail) {
    if (running()) report(detail);
  });
  connect(poller, &WaitPoller::met, this, [this, poller, next](const QString& detail) {
    poller->deleteLater();
    if (running()) next(detail);
  });
  connect(poller, &WaitPoller::failed, this, [this, poller](const QString& why) {
    poller->deleteLater();
    if (running()) fail(why);
  });
  connect(
      poller, &WaitPoller::timedOut, this, [this, poller, timeout_message](const QString& last) {
        poller->deleteLater();
        if (!running()) return;
        fail(last.isEmpty() ? timeout_message : tr("%1 Last seen: %2").arg(timeout_message, last));
      });
  poller->start();
}

void ClusterOperation::probeForWait(const WaitPoller::Answer& answer, ViewHandler on_view) {
  probe_.probe(requestContext(), [answer, on_view = std::move(on_view)](const ClusterView* view,
                                                                        const QString& error) {
    if (view == nullptr) {
      answer({WaitPoller::Outcome::kWaiting, error});
      return;
    }
    on_view(*view);
  });
}

void ClusterOperation::runPart(Operation* part, const QString& prefix,
                               std::function<void(const QString&)> next) {
  if (!running()) {
    delete part;
    return;
  }
  part_ = part;
  connect(part, &Operation::stepStarted, this, [this, prefix](int, const QString& text) {
    if (running()) report(prefix + text);
  });
  connect(part, &Operation::progress, this, [this, prefix](const QString& detail) {
    if (running()) report(prefix + detail);
  });
  connect(part, &Operation::finished, this,
          [this, part, prefix, next](Operation::State state, const QString& message) {
            part->deleteLater();
            if (!running()) return;
            if (state == Operation::State::kSucceeded) {
              next(message);
            } else {
              fail(prefix + message);
            }
          });
  part->start();
}

void ClusterOperation::onCancel() {
  if (part_) {
    part_->disconnect(this);
    part_->cancel();
    part_->deleteLater();
  }
}

WaitPoller::Check ClusterOperation::leaderServesCheck(const QString& id) {
  return [this, id](const WaitPoller::Answer& answer) {
    probeForWait(answer, [this, id, answer](const ClusterView& view) {
      const HealthEntry* leader = view.leaderEntry();
      const HealthEntry* target = view.find(id);
      if (target == nullptr || !sameEndpoint(view.endpoints.first(), target->endpoint)) {
        answer({WaitPoller::Outcome::kWaiting,
                tr("the leader is still %1")
                    .arg(leader != nullptr ? displayName(*leader)
                                           : displayEndpoint(view.endpoints.first()))});
        return;
      }
      client()->get(
          view.leader, QStringLiteral("/_admin/server/availability"), requestContext(),
          [answer, name = displayName(*target)](const ApiReply& reply) {
            if (reply.http_status == 200) {
              answer({WaitPoller::Outcome::kMet, tr("%1 leads and serves").arg(name)});
            } else {
              answer({WaitPoller::Outcome::kWaiting,
                      tr("%1 leads but does not serve yet (%2)").arg(name, reply.describe())});
            }
          });
    });
  };
}

WaitPoller::Check ClusterOperation::followerInSyncCheck(const QString& id) {
  return [this, id](const WaitPoller::Answer& answer) {
    probeForWait(answer, [id, answer](const ClusterView& view) {
      const HealthEntry* entry = view.find(id);
      if (entry == nullptr) {
        answer({WaitPoller::Outcome::kWaiting, tr("%1 is not registered yet").arg(id)});
      } else if (entry->removed) {
        answer({WaitPoller::Outcome::kFailed,
                tr("%1 was removed from the cluster meanwhile; it cannot catch up. Check the "
                   "cluster with tandem-console status.")
                    .arg(displayName(*entry))});
      } else if (entry->leader) {
        answer({WaitPoller::Outcome::kWaiting, tr("%1 leads").arg(displayName(*entry))});
      } else if (entry->health != Health::kGood) {
        answer({WaitPoller::Outcome::kWaiting,
                tr("%1 is %2").arg(displayName(*entry), healthName(entry->health))});
      } else if (entry->lag_ticks > 0) {
        answer({WaitPoller::Outcome::kWaiting, lagText(*entry)});
      } else {
        answer({WaitPoller::Outcome::kMet, tr("%1 is in sync").arg(displayName(*entry))});
      }
    });
  };
}

QString ClusterOperation::lagText(const HealthEntry& entry) {
  const QLocale locale;
  return tr("%1 is %2 ticks behind (%3 s)")
      .arg(displayName(entry), locale.toString(entry.lag_ticks),
           locale.toString(entry.lag_ms / 1000.0, 'f', 1));
}

}  // namespace tandem::console
