#include "cluster_poller.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include "client/endpoint.h"
#include "round_merge.h"

namespace tandem::console {

namespace {

const QString kEndpointsPath = QStringLiteral("/_api/cluster/endpoints");
const QString kHealthPath = QStringLiteral("/_admin/cluster/health");
const QString kStatusPath = QStringLiteral("/_admin/status");
const QString kAgencyPath = QStringLiteral("/_api/agency/config");
constexpr int kDefaultIntervalMs = 1000;
constexpr int kMinRequestTimeoutMs = 500;

bool containsEndpoint(const QList<QUrl>& urls, const QUrl& url) {
  return std::any_of(urls.begin(), urls.end(), [&](const QUrl& u) { return u == url; });
}

void appendUnique(QList<QUrl>* urls, const QUrl& url) {
  if (url.isValid() && !containsEndpoint(*urls, url)) urls->append(url);
}

}  // namespace

// Requests tried one after the other (each bounded by the request timeout) until one answers.
// Candidates found while the chain runs are appended; the chain is done when one answered or
// all failed.
struct ClusterPoller::Chain {
  QList<QUrl> candidates;
  qsizetype next = 0;
  bool started = false;
  bool busy = false;  // a request is open
  bool done = false;
  QString error;  // the last failure

  void add(const QUrl& url) {
    if (!done) appendUnique(&candidates, url);
  }
};

// One poll round. Destroying `context` aborts its open requests (ApiClient's contract); the
// generation check drops whatever was already queued. The context is a child of the poller: an
// abandoned one (released to deleteLater) still dies with the poller, so no handler can run on
// a destroyed poller.
struct ClusterPoller::Round {
  explicit Round(QObject* poller) : context(std::make_unique<QObject>(poller)) {}
  quint64 generation = 0;
  std::unique_ptr<QObject> context;
  RoundReplies replies;
  QList<QUrl> nodes;  // every node asked for its status, in discovery order
  int open_status = 0;
  Chain endpoints;
  Chain health;
  Chain agency;
  bool agency_leader_open = false;
};

ClusterPoller::ClusterPoller(ApiClient* client, QObject* parent)
    : QObject(parent), client_(client), timer_(this) {
  timer_.setInterval(kDefaultIntervalMs);
  connect(&timer_, &QTimer::timeout, this, &ClusterPoller::pollNow);
}

ClusterPoller::~ClusterPoller() = default;

void ClusterPoller::setSeeds(const QList<QUrl>& seeds) {
  seeds_.clear();
  for (const QUrl& seed : seeds) appendUnique(&seeds_, httpUrl(seed.toString()));
  known_ = seeds_;
  leader_url_.clear();
  // A round still open asks the old endpoints: its result must not replace the new seeds.
  if (round_) {
    ++generation_;
    round_->context.release()->deleteLater();
    round_.reset();
  }
  // Another cluster, perhaps: nothing of the old picture may leak into the next round.
  const quint64 round = state_.round;
  state_ = ClusterState{};
  state_.round = round;
}

void ClusterPoller::setInterval(int ms) { timer_.setInterval(std::max(ms, 1)); }

int ClusterPoller::interval() const { return timer_.interval(); }

void ClusterPoller::start() {
  timer_.start();
  pollNow();
}

void ClusterPoller::stop() {
  timer_.stop();
  ++generation_;
  if (round_) {
    // deleteLater: stop() may run inside a handler of this very round.
    round_->context.release()->deleteLater();
    round_.reset();
  }
}

void ClusterPoller::pollNow() {
  if (!round_) beginRound();
}

bool ClusterPoller::isRunning() const { return timer_.isActive(); }

QList<QUrl> ClusterPoller::knownEndpoints() const { return known_; }

int ClusterPoller::requestTimeout() const {
  return std::min(client_->timeout(), std::max(interval(), kMinRequestTimeoutMs));
}

bool ClusterPoller::current(quint64 generation) const {
  return round_ && round_->generation == generation;
}

// The last leader, then every known node (leader first already), then the seeds.
QList<QUrl> ClusterPoller::roundCandidates() const {
  QList<QUrl> out;
  appendUnique(&out, leader_url_);
  for (const QUrl& url : known_) appendUnique(&out, url);
  for (const QUrl& url : seeds_) appendUnique(&out, url);
  return out;
}

void ClusterPoller::beginRound() {
  round_ = std::make_unique<Round>(this);
  round_->generation = ++generation_;
  round_->replies.round = ++rounds_;
  round_->replies.seeds = seeds_;
  const QList<QUrl> candidates = roundCandidates();
  round_->endpoints.candidates = candidates;
  // Agents answered last time are asked first (the agency leader first of them).
  for (const AgentState& agent : state_.agents) {
    if (agent.leader)
      round_->agency.candidates.prepend(httpUrl(agent.endpoint));
    else
      round_->agency.add(httpUrl(agent.endpoint));
  }
  for (const QUrl& url : candidates) round_->agency.add(url);

  // The hard bound of a round: every request ends by requestTimeout(), but the chains ask
  // several nodes one after the other; whatever is still open then is reported as unanswered.
  auto* deadline = new QTimer(round_->context.get());
  deadline->setSingleShot(true);
  const quint64 generation = round_->generation;
  connect(deadline, &QTimer::timeout, this, [this, generation] {
    if (current(generation)) finishRound();
  });
  deadline->start(requestTimeout() + interval());

  for (const QUrl& url : candidates) discover(url);
  advanceEndpoints();
  advanceAgency();
  maybeFinish();  // no endpoints at all
}

void ClusterPoller::discover(const QUrl& url) {
  if (!url.isValid() || containsEndpoint(round_->nodes, url)) return;
  round_->nodes.append(url);
  round_->health.add(url);
  round_->agency.add(url);
  pollStatus(url);
}

void ClusterPoller::pollStatus(const QUrl& url) {
  Round& round = *round_;
  round.replies.polls.append(NodePoll{url, std::nullopt, {}});
  ++round.open_status;
  const quint64 generation = round.generation;
  client_->get(
      url, kStatusPath, round.context.get(),
      [this, generation, url](const ApiReply& reply) {
        if (!current(generation)) return;
        Parsed<NodeStatus> parsed = parseNodeStatus(reply);
        for (NodePoll& poll : round_->replies.polls) {
          if (poll.url != url) continue;
          poll.status = std::move(parsed.value);
          poll.error = parsed.error;
        }
        --round_->open_status;
        maybeFinish();
      },
      requestTimeout());
}

// Asks the chain's candidates one after the other for `path` until accept() takes a reply
// (returns ""; otherwise it returns why not, and the next candidate is asked); then after(true),
// or after(false) once no candidate is left, with chain->error the last reason.
void ClusterPoller::askChain(Chain* chain, const QString& path,
                             std::function<QString(const ApiReply&)> accept,
                             std::function<void(bool)> after) {
  chain->started = true;
  if (chain->next >= chain->candidates.size()) {
    chain->done = true;
    after(false);
    return;
  }
  const QUrl url = chain->candidates.at(chain->next++);
  chain->busy = true;
  const quint64 generation = round_->generation;
  client_->get(
      url, path, round_->context.get(),
      [this, generation, chain, path, accept = std::move(accept),
       after = std::move(after)](const ApiReply& reply) {
        // The chain lives in the round of `generation`: only touched while that round is open.
        if (!current(generation)) return;
        chain->busy = false;
        if (const QString why = accept(reply); !why.isEmpty()) {
          chain->error = why;
          askChain(chain, path, accept, after);
          return;
        }
        chain->done = true;
        after(true);
      },
      requestTimeout());
}

void ClusterPoller::advanceEndpoints() {
  askChain(
      &round_->endpoints, kEndpointsPath,
      [this](const ApiReply& reply) {
        Parsed<QStringList> parsed = parseEndpoints(reply);
        if (!parsed.ok()) return parsed.error;
        if (parsed.value->isEmpty()) return reply.describe();
        round_->replies.endpoints = *parsed.value;
        for (const QString& endpoint : *parsed.value) discover(httpUrl(endpoint));
        return QString();
      },
      [this](bool answered) {
        if (!answered) round_->replies.endpoints_error = round_->endpoints.error;
        startHealth();
      });
}

// Health is asked of the leader the endpoints reply named (its view is the freshest), then of
// the others in order.
void ClusterPoller::startHealth() {
  Chain& chain = round_->health;
  QList<QUrl> order;
  if (round_->replies.endpoints) {
    for (const QString& endpoint : *round_->replies.endpoints)
      appendUnique(&order, httpUrl(endpoint));
  }
  for (const QUrl& url : round_->endpoints.candidates) appendUnique(&order, url);
  for (const QUrl& url : chain.candidates) appendUnique(&order, url);
  chain.candidates = order;
  advanceHealth();
}

void ClusterPoller::advanceHealth() {
  askChain(
      &round_->health, kHealthPath,
      [this](const ApiReply& reply) {
        Parsed<ClusterHealth> parsed = parseClusterHealth(reply);
        if (!parsed.ok()) return parsed.error;
        RoundReplies& replies = round_->replies;
        replies.health = std::move(parsed.value);
        replies.health_json =
            QJsonDocument::fromJson(reply.body).object().value(QLatin1String("Health")).toObject();
        for (const HealthEntry& entry : replies.health->servers) discover(httpUrl(entry.endpoint));
        return QString();
      },
      [this](bool answered) {
        if (!answered) round_->replies.health_error = round_->health.error;
        maybeFinish();
      });
}

// A node that is no agent answers an error: the next one is asked.
void ClusterPoller::advanceAgency() {
  askChain(
      &round_->agency, kAgencyPath,
      [this](const ApiReply& reply) {
        Parsed<AgencyConfig> parsed = parseAgencyConfig(reply);
        if (!parsed.ok()) return parsed.error;
        round_->replies.agency = std::move(parsed.value);
        return QString();
      },
      [this](bool answered) {
        if (answered) {
          askAgencyLeader();
        } else {
          round_->replies.agency_error = round_->agency.error;
        }
        maybeFinish();
      });
}

// Only the agency leader knows when it last heard from each agent: ask it too when a follower
// answered first. Its failure keeps the follower's answer.
void ClusterPoller::askAgencyLeader() {
  const AgencyConfig& config = *round_->replies.agency;
  if (config.role == QLatin1String("leader") || !config.pool.contains(config.leader_id)) return;
  const QUrl url = httpUrl(config.pool.value(config.leader_id));
  if (!url.isValid()) return;
  round_->agency_leader_open = true;
  const quint64 generation = round_->generation;
  client_->get(
      url, kAgencyPath, round_->context.get(),
      [this, generation](const ApiReply& reply) {
        if (!current(generation)) return;
        round_->agency_leader_open = false;
        Parsed<AgencyConfig> parsed = parseAgencyConfig(reply);
        if (parsed.ok() && parsed.value->role == QLatin1String("leader")) {
          round_->replies.agency = std::move(parsed.value);
        }
        maybeFinish();
      },
      requestTimeout());
}

void ClusterPoller::maybeFinish() {
  if (!round_) return;
  const Round& round = *round_;
  const bool chains_done = round.endpoints.done && round.health.done && round.agency.done;
  if (chains_done && round.open_status == 0 && !round.agency_leader_open) finishRound();
}

void ClusterPoller::finishRound() {
  RoundReplies& replies = round_->replies;
  const QString late =
      tr("no answer before the poll round ended (%1 ms)").arg(requestTimeout() + interval());
  for (NodePoll& poll : replies.polls) {
    if (!poll.status && poll.error.isEmpty()) poll.error = late;
  }
  if (!round_->endpoints.done && !replies.endpoints) replies.endpoints_error = late;
  if (!round_->health.done && !replies.health) replies.health_error = late;
  if (!round_->agency.done && !replies.agency) replies.agency_error = late;
  replies.time = QDateTime::currentDateTimeUtc();

  state_ = mergeRound(replies, state_);
  const NodeState* leader = state_.leader();
  leader_url_ = leader != nullptr ? leader->url : QUrl();
  known_.clear();
  for (const NodeState& node : state_.nodes) appendUnique(&known_, node.url);

  // The round may end inside one of its own handlers: the context goes at the next event loop
  // pass (aborting what is still open), the generation check drops anything queued before.
  round_->context.release()->deleteLater();
  round_.reset();
  emit stateChanged(state_);
}

}  // namespace tandem::console
