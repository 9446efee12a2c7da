// ClusterPoller: polls a cluster once per interval and publishes a ClusterState per round.
//
// A round: GET /_api/cluster/endpoints on the first node that answers (the last leader first,
// then every known endpoint, then the seeds) — leader first in the answer; GET
// /_admin/cluster/health on the leader (falling back to the other nodes in that order); GET
// /_admin/status on every known node in parallel; GET /_api/agency/config on an agent. Each
// request is bounded by requestTimeout() = min(client's timeout, max(interval, 500 ms)) without
// touching the shared client's setting; the round ends when every request answered or timed out,
// and never later than requestTimeout() + interval (a deadline: the nodes asked one after the
// other by a chain cannot stretch it), then `stateChanged` fires once. Rounds never overlap: a
// tick that finds the previous round still open is skipped. Replies of an abandoned round are
// dropped by a generation counter. A node that does not answer is kept with health
// kUnreachable and its reason; it is never waited for beyond the timeout, and the GUI thread
// never blocks.
//
// The known endpoints are the last round's nodes: those of the endpoints and health replies
// (removed nodes included, listed last) plus the seeds; a seed that is another spelling of a
// listed node (same id) is not a node of its own. While the health reply fails nobody is dropped,
// and a round in which nothing answered keeps the previous nodes, all unreachable. The merge
// rules are mergeRound() (round_merge.h).
//
// Ownership: a QObject with a parent; uses (does not own) the ApiClient. GUI thread only.
#pragma once

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

#include <memory>

#include "client/api_client.h"
#include "cluster_state.h"

namespace tandem::console {

class ClusterPoller : public QObject {
  Q_OBJECT

 public:
  ClusterPoller(ApiClient* client, QObject* parent);
  ~ClusterPoller() override;

  // Seeds: where to start (any node). Replaces the known endpoints; the next round uses them.
  void setSeeds(const QList<QUrl>& seeds);
  QList<QUrl> seeds() const { return seeds_; }
  void setInterval(int ms);  // default 1000
  int interval() const;

  void start();    // first round at once, then every interval
  void stop();     // no more rounds; an open round is abandoned
  void pollNow();  // a round now, unless one is open
  bool isRunning() const;

  const ClusterState& state() const { return state_; }
  // Every endpoint the poller knows ("http://h:p"), leader first.
  QList<QUrl> knownEndpoints() const;

 signals:
  void stateChanged(const tandem::console::ClusterState& state);

 private:
  struct Chain;
  struct Round;
  void beginRound();
  void finishRound();
  // Per-request timeout of the poll: the client's, but at most the interval (at least 500 ms),
  // so that a dead node costs one interval, not the client's longer operation timeout.
  int requestTimeout() const;
  QList<QUrl> roundCandidates() const;
  void discover(const QUrl& url);
  void pollStatus(const QUrl& url);
  void askChain(Chain* chain, const QString& path, std::function<QString(const ApiReply&)> accept,
                std::function<void(bool)> after);
  void advanceEndpoints();
  void startHealth();
  void advanceHealth();
  void advanceAgency();
  void askAgencyLeader();
  void maybeFinish();
  // A handler of generation `generation` may still touch the round.
  bool current(quint64 generation) const;

  ApiClient* client_;
  QTimer timer_;
  QList<QUrl> seeds_;
  QList<QUrl> known_;
  QUrl leader_url_;  // the last round's leader, asked first
  ClusterState state_;
  quint64 generation_ = 0;
  quint64 rounds_ = 0;
  std::unique_ptr<Round> round_;
};

}  // namespace tandem::console
