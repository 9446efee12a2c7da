// The agency as a cluster of three real tandem-node processes (--agency.activate true): one
// leader agreed by all, writes through any agent, redirects to the leader, a new leader after
// SIGKILL, a stopped follower catching up, a full restart keeping the store, and refusals of
// bad input. The slots run in order and share the three agents; every value written is
// remembered and checked again after the restart.
#include <signal.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

#include "http_client.h"
#include "node_process.h"

using namespace tandem::test;

namespace {

constexpr int kAgents = 3;
// Generous: a loaded CI machine may be slow to start processes; the figures that matter are
// printed, not asserted.
constexpr int kLeaderTimeoutMs = 60000;
constexpr int kCatchUpTimeoutMs = 60000;
constexpr int kPollMs = 50;
constexpr int kRetryMs = 15;

QString agencyAddress(quint16 port) { return QStringLiteral("tcp://127.0.0.1:%1").arg(port); }

// One request on a fresh connection: agents are killed, stopped and restarted on the same
// ports, and a pooled keep-alive connection to a dead process would only add noise.
HttpReply send(const QByteArray& method, const QString& url, const QByteArray& body = {},
               int timeout_ms = 5000) {
  HttpClient client{QString()};
  return client.request(method, url, body, {}, timeout_ms);
}

QByteArray setBody(const QString& key, qint64 value) {
  return QStringLiteral(R"([[{"/tandem/test/%1":{"op":"set","new":%2}}]])")
      .arg(key)
      .arg(value)
      .toUtf8();
}

// The first result of a write answer, or -1.
qint64 firstResult(const HttpReply& reply) {
  const QJsonArray results = reply.json().object().value("results").toArray();
  return results.isEmpty() ? -1 : results.first().toInteger(-1);
}

struct Agent {
  quint16 port = 0;
  QString id;  // AGNT-..., from its /_api/agency/config
  std::unique_ptr<NodeProcess> process;

  QString url(const QString& path) const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port) + path;
  }
};

}  // namespace

class AgencyClusterTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void allAgentsAgreeOnOneLeaderAndThePool();
  void writeThroughAnyAgentIsReadableOnAll();
  void followersRedirectToTheLeader();
  void malformedBodyGives400OnEveryAgent();
  void raftMessagesFromOutsideTheClusterAreForbidden();
  void stoppedFollowerCatchesUpAfterSigcont();
  void killedLeaderIsReplacedAndWritesContinue();
  void restartOfAllAgentsKeepsTheStore();

 private:
  bool startAgents(QString* why);
  QStringList agentArgs(int index) const;
  QString logs();
  QJsonObject config(int agent);
  // Index of the leader every agent in `agents` names, once they all agree on a running one;
  // -1 after timeout_ms.
  int waitForAgreedLeader(const QList<int>& agents, int timeout_ms);
  QList<int> running() const;
  // Waits until `agent` has committed (and, when it reports it, applied) `index`.
  bool waitForCommit(int agent, qint64 index, int timeout_ms);
  // POST `path` to `agent`, following 307s; the final answer.
  HttpReply postFollowing(int agent, const QString& path, const QByteArray& body);
  // Writes /tandem/test/<key> = value through `agent` (following redirects) and remembers it;
  // the entry's index, or -1 (with the answer in `failure`).
  qint64 write(int agent, const QString& key, qint64 value, QString* failure);
  // Every remembered value, read through `agent`; empty if all are there, else what is not.
  QString checkRemembered(int agent);

  QTemporaryDir dir_;
  std::vector<Agent> agents_;
  QMap<QString, qint64> written_;
  int leader_ = -1;
  int written_count_ = 0;
};

QStringList AgencyClusterTest::agentArgs(int index) const {
  QStringList args{"--agency.activate",   "true",
                   "--agency.size",       QString::number(kAgents),
                   "--agency.my-address", agencyAddress(agents_[index].port)};
  for (const Agent& agent : agents_) args << "--agency.endpoint" << agencyAddress(agent.port);
  return args;
}

QString AgencyClusterTest::logs() {
  QString text;
  for (int i = 0; i < static_cast<int>(agents_.size()); ++i) {
    if (!agents_[i].process) continue;
    const QString log = agents_[i].process->stderrText();
    text += QStringLiteral("\n--- agent %1 (port %2), last lines:\n").arg(i).arg(agents_[i].port);
    text += log.right(3000);
  }
  return text;
}

QJsonObject AgencyClusterTest::config(int agent) {
  const HttpReply reply = send("GET", agents_[agent].url("/_api/agency/config"), {}, 2000);
  if (reply.status != 200) return {};
  return reply.json().object();
}

QList<int> AgencyClusterTest::running() const {
  QList<int> list;
  for (int i = 0; i < kAgents; ++i) {
    if (agents_[i].process->isRunning()) list << i;
  }
  return list;
}

int AgencyClusterTest::waitForAgreedLeader(const QList<int>& agents, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    QString leader_id;
    bool agreed = true;
    for (int i : agents) {
      const QString id = config(i).value("leaderId").toString();
      if (id.isEmpty() || (!leader_id.isEmpty() && id != leader_id)) {
        agreed = false;
        break;
      }
      leader_id = id;
    }
    if (agreed) {
      for (int i : agents) {
        if (agents_[i].id == leader_id) return i;
      }
    }
    QTest::qWait(kPollMs);
  }
  return -1;
}

bool AgencyClusterTest::waitForCommit(int agent, qint64 index, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    const QJsonObject answer = config(agent);
    const bool committed = answer.value("commitIndex").toInteger(-1) >= index;
    const bool applied =
        !answer.contains("appliedIndex") || answer.value("appliedIndex").toInteger(-1) >= index;
    if (committed && applied) return true;
    QTest::qWait(kPollMs);
  }
  return false;
}

HttpReply AgencyClusterTest::postFollowing(int agent, const QString& path, const QByteArray& body) {
  QString url = agents_[agent].url(path);
  HttpReply reply;
  for (int hop = 0; hop < 5; ++hop) {
    reply = send("POST", url, body);
    if (reply.status != 307) return reply;
    url = QString::fromUtf8(reply.header("location"));
  }
  return reply;
}

qint64 AgencyClusterTest::write(int agent, const QString& key, qint64 value, QString* failure) {
  const HttpReply reply = postFollowing(agent, "/_api/agency/write", setBody(key, value));
  const qint64 index = firstResult(reply);
  if (reply.status != 200 || index <= 0) {
    *failure = reply.describe();
    return -1;
  }
  written_[key] = value;
  ++written_count_;
  return index;
}

QString AgencyClusterTest::checkRemembered(int agent) {
  const HttpReply reply = postFollowing(agent, "/_api/agency/read", R"([["/tandem/test"]])");
  if (reply.status != 200) return QStringLiteral("read failed: ") + reply.describe();
  const QJsonObject tree =
      reply.json().array().first().toObject().value("tandem").toObject().value("test").toObject();
  QStringList problems;
  for (auto it = written_.cbegin(); it != written_.cend(); ++it) {
    const QJsonValue value = tree.value(it.key());
    if (value.toInteger(-1) != it.value()) {
      problems << QStringLiteral("%1: expected %2, found %3")
                      .arg(it.key())
                      .arg(it.value())
                      .arg(QString::fromUtf8(
                          QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
    }
  }
  return problems.join("; ");
}

// Picks three free ports and starts an agent on each. A port picked free can be taken by
// another process before the agent binds it; then every agent is started again on new ports
// (each names all three, so one cannot move alone).
bool AgencyClusterTest::startAgents(QString* why) {
  for (int round = 0; round < 3; ++round) {
    agents_.clear();
    for (int i = 0; i < kAgents; ++i) {
      Agent agent;
      do {
        agent.port = NodeProcess::freeLoopbackPort();
      } while (agent.port != 0 &&
               std::any_of(agents_.begin(), agents_.end(),
                           [&](const Agent& other) { return other.port == agent.port; }));
      if (agent.port == 0) {
        *why = "no free loopback port";
        return false;
      }
      agents_.push_back(std::move(agent));
    }
    bool port_taken = false;
    for (int i = 0; i < kAgents && !port_taken; ++i) {
      const QString directory = dir_.path() + QStringLiteral("/round%1-agent%2").arg(round).arg(i);
      agents_[i].process = std::make_unique<NodeProcess>(directory, agentArgs(i));
      agents_[i].process->setPort(agents_[i].port);
      if (agents_[i].process->start()) continue;
      const QString log = agents_[i].process->stderrText();
      if (!log.contains(QStringLiteral("cannot listen on"))) {
        *why = QStringLiteral("agent %1 did not start").arg(i) + logs();
        return false;
      }
      port_taken = true;
    }
    if (!port_taken) return true;
  }
  *why = "three rounds of free ports were all taken" + logs();
  return false;
}

void AgencyClusterTest::initTestCase() {
  QVERIFY(dir_.isValid());
  QString why;
  QVERIFY2(startAgents(&why), qPrintable(why));
  for (int i = 0; i < kAgents; ++i) QCOMPARE(agents_[i].process->port(), agents_[i].port);
  // Every agent names itself in its configuration; the ids map leaderId to a process.
  for (int i = 0; i < kAgents; ++i) {
    QElapsedTimer timer;
    timer.start();
    while (agents_[i].id.isEmpty() && timer.elapsed() < kLeaderTimeoutMs) {
      agents_[i].id = config(i).value("configuration").toObject().value("id").toString();
      if (agents_[i].id.isEmpty()) QTest::qWait(kPollMs);
    }
    QVERIFY2(!agents_[i].id.isEmpty(), qPrintable(logs()));
  }
  QElapsedTimer election;
  election.start();
  leader_ = waitForAgreedLeader({0, 1, 2}, kLeaderTimeoutMs);
  QVERIFY2(leader_ >= 0, qPrintable("no agreed leader" + logs()));
  qInfo("first agency leader: agent %d (%s), agreed %lld ms after the last agent listened", leader_,
        qPrintable(agents_[leader_].id), static_cast<long long>(election.elapsed()));
}

void AgencyClusterTest::cleanupTestCase() {
  for (Agent& agent : agents_) {
    if (!agent.process || !agent.process->isRunning()) continue;
    agent.process->sendSignal(SIGCONT);  // in case a failed slot left it stopped
    agent.process->sendSignal(SIGTERM);
    QCOMPARE(agent.process->waitForExit(30000), 0);
  }
}

void AgencyClusterTest::allAgentsAgreeOnOneLeaderAndThePool() {
  QSet<QString> addresses;
  for (const Agent& agent : agents_) addresses.insert(agencyAddress(agent.port));
  for (int i = 0; i < kAgents; ++i) {
    const QJsonObject answer = config(i);
    QCOMPARE(answer.value("leaderId").toString(), agents_[leader_].id);
    QVERIFY(answer.value("term").toInteger(0) > 0);
    const QJsonObject configuration = answer.value("configuration").toObject();
    QCOMPARE(configuration.value("id").toString(), agents_[i].id);
    const QJsonObject pool = configuration.value("pool").toObject();
    QCOMPARE(pool.size(), kAgents);
    QSet<QString> pooled;
    for (const Agent& agent : agents_) pooled.insert(pool.value(agent.id).toString());
    QCOMPARE(pooled, addresses);
    QCOMPARE(configuration.value("active").toArray().size(), kAgents);
  }
}

void AgencyClusterTest::writeThroughAnyAgentIsReadableOnAll() {
  qint64 last_index = 0;
  for (int i = 0; i < kAgents; ++i) {
    QString failure;
    const qint64 index = write(i, QStringLiteral("through%1").arg(i), 100 + i, &failure);
    QVERIFY2(index > 0, qPrintable(QStringLiteral("write through agent %1: ").arg(i) + failure));
    QVERIFY(index > last_index);  // one log: later writes get later indexes
    last_index = index;
  }
  for (int i = 0; i < kAgents; ++i) {
    QVERIFY2(waitForCommit(i, last_index, kCatchUpTimeoutMs),
             qPrintable(QStringLiteral("agent %1 never reached index %2").arg(i).arg(last_index)));
    const QString missing = checkRemembered(i);
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
  }
}

void AgencyClusterTest::followersRedirectToTheLeader() {
  for (int i = 0; i < kAgents; ++i) {
    const HttpReply write_reply =
        send("POST", agents_[i].url("/_api/agency/write"), setBody("redirected", i));
    const HttpReply read_reply =
        send("POST", agents_[i].url("/_api/agency/read?store=persistent"), R"([["/tandem"]])");
    if (i == leader_) {
      QCOMPARE(write_reply.status, 200);
      QCOMPARE(read_reply.status, 200);
      written_["redirected"] = i;
      continue;
    }
    QCOMPARE(write_reply.status, 307);
    QCOMPARE(write_reply.json().object().value("errorNum").toInt(), 1496);
    const QUrl write_location(QString::fromUtf8(write_reply.header("location")));
    QCOMPARE(write_location.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(write_location.port(), static_cast<int>(agents_[leader_].port));
    QCOMPARE(write_location.path(), QStringLiteral("/_api/agency/write"));
    QCOMPARE(read_reply.status, 307);
    const QUrl read_location(QString::fromUtf8(read_reply.header("location")));
    QCOMPARE(read_location.port(), static_cast<int>(agents_[leader_].port));
    QCOMPARE(read_location.path(), QStringLiteral("/_api/agency/read"));
    QCOMPARE(read_location.query(), QStringLiteral("store=persistent"));
  }
}

void AgencyClusterTest::malformedBodyGives400OnEveryAgent() {
  for (int i = 0; i < kAgents; ++i) {
    const HttpReply not_json = send("POST", agents_[i].url("/_api/agency/write"), "set it");
    QCOMPARE(not_json.status, 400);
    QCOMPARE(not_json.json().object().value("error").toBool(), true);
    QCOMPARE(not_json.json().object().value("errorNum").toInt(), 600);
    const HttpReply bad_op = send("POST", agents_[i].url("/_api/agency/write"),
                                  R"([[{"/tandem/test/x":{"op":"sett","new":1}}]])");
    QCOMPARE(bad_op.status, 400);
    QCOMPARE(bad_op.json().object().value("errorNum").toInt(), 10);
  }
  const QString missing = checkRemembered(leader_);
  QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

void AgencyClusterTest::raftMessagesFromOutsideTheClusterAreForbidden() {
  const HttpReply identity = send("GET", agents_[leader_].url("/_api/agency_priv/identity"));
  QCOMPARE(identity.status, 200);
  const QString cluster_id = identity.json().object().value("clusterId").toString();
  QVERIFY(!cluster_id.isEmpty());
  const int follower = (leader_ + 1) % kAgents;
  const auto envelope = [&](const QString& cluster, const QString& from) {
    const QJsonObject heartbeat{{"type", "heartbeat"}, {"to", agents_[follower].id},
                                {"term", 0},           {"logTerm", 0},
                                {"index", 0},          {"commit", 0},
                                {"reject", false},     {"rejectHint", 0},
                                {"context", ""},       {"entries", QJsonArray()}};
    return QJsonDocument(QJsonObject{{"clusterId", cluster},
                                     {"from", from},
                                     {"messages", QJsonArray{heartbeat}}})
        .toJson(QJsonDocument::Compact);
  };
  const QString raft = agents_[follower].url("/_api/agency_priv/raft");
  const HttpReply wrong_cluster =
      send("POST", raft, envelope(cluster_id + "-other", agents_[leader_].id));
  QCOMPARE(wrong_cluster.status, 403);
  QCOMPARE(wrong_cluster.json().object().value("error").toBool(), true);
  const HttpReply stranger = send("POST", raft, envelope(cluster_id, "AGNT-stranger"));
  QCOMPARE(stranger.status, 403);
  // Neither disturbed the agency.
  QCOMPARE(waitForAgreedLeader({0, 1, 2}, kLeaderTimeoutMs), leader_);
}

void AgencyClusterTest::stoppedFollowerCatchesUpAfterSigcont() {
  const int stopped = (leader_ + 1) % kAgents;
  agents_[stopped].process->sendSignal(SIGSTOP);
  qint64 last_index = 0;
  for (int n = 0; n < 50; ++n) {
    QString failure;
    last_index = write(leader_, QStringLiteral("while_stopped_%1").arg(n), n, &failure);
    if (last_index <= 0) agents_[stopped].process->sendSignal(SIGCONT);
    QVERIFY2(last_index > 0,
             qPrintable(QStringLiteral("write %1 with one follower stopped: ").arg(n) + failure));
  }
  QVERIFY(config(stopped).isEmpty());  // really stopped: it cannot answer
  QElapsedTimer timer;
  timer.start();
  agents_[stopped].process->sendSignal(SIGCONT);
  QVERIFY2(
      waitForCommit(stopped, last_index, kCatchUpTimeoutMs),
      qPrintable(QStringLiteral("agent %1 did not catch up to %2").arg(stopped).arg(last_index) +
                 logs()));
  qInfo("stopped follower caught up with 50 writes %lld ms after SIGCONT",
        static_cast<long long>(timer.elapsed()));
  const qint64 leader_commit = config(leader_).value("commitIndex").toInteger(-1);
  QVERIFY(waitForCommit(stopped, leader_commit, kCatchUpTimeoutMs));
  leader_ = waitForAgreedLeader({0, 1, 2}, kLeaderTimeoutMs);
  QVERIFY(leader_ >= 0);
}

void AgencyClusterTest::killedLeaderIsReplacedAndWritesContinue() {
  const int killed = leader_;
  QList<int> survivors;
  for (int i = 0; i < kAgents; ++i) {
    if (i != killed) survivors << i;
  }
  QElapsedTimer timer;
  agents_[killed].process->sendSignal(SIGKILL);
  timer.start();
  QCOMPARE(agents_[killed].process->waitForExit(), -1);

  // Write through the survivors, following redirects, retrying on 503 and on connection errors
  // (a redirect may still point at the dead leader), until one write commits.
  qint64 index = -1;
  QString failure;
  for (int attempt = 0; index <= 0 && timer.elapsed() < kLeaderTimeoutMs; ++attempt) {
    index = write(survivors[attempt % survivors.size()], "after_kill", 1, &failure);
    if (index <= 0) QTest::qWait(kRetryMs);
  }
  const qint64 to_write_ms = timer.elapsed();
  QVERIFY2(index > 0, qPrintable("no write committed after the leader died: " + failure + logs()));
  qInfo("agency leader SIGKILLed: first committed write after %lld ms",
        static_cast<long long>(to_write_ms));
  leader_ = waitForAgreedLeader(survivors, kLeaderTimeoutMs);
  QVERIFY2(leader_ >= 0 && leader_ != killed, qPrintable(logs()));
  qInfo("new agency leader: agent %d", leader_);

  QVERIFY(write(leader_, "after_kill_2", 2, &failure) > 0);
  // The killed agent comes back with its directory and catches up.
  QVERIFY2(agents_[killed].process->start(), qPrintable(logs()));
  const qint64 commit = config(leader_).value("commitIndex").toInteger(-1);
  QVERIFY(commit > 0);
  QVERIFY2(waitForCommit(killed, commit, kCatchUpTimeoutMs), qPrintable(logs()));
  leader_ = waitForAgreedLeader({0, 1, 2}, kLeaderTimeoutMs);
  QVERIFY(leader_ >= 0);
  const QString missing = checkRemembered(killed);
  QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

void AgencyClusterTest::restartOfAllAgentsKeepsTheStore() {
  QVERIFY(written_count_ >= 50);
  for (Agent& agent : agents_) {
    agent.process->sendSignal(SIGTERM);
    QCOMPARE(agent.process->waitForExit(30000), 0);
  }
  for (int i = 0; i < kAgents; ++i) {
    QVERIFY2(agents_[i].process->start(), qPrintable(logs()));
  }
  leader_ = waitForAgreedLeader({0, 1, 2}, kLeaderTimeoutMs);
  QVERIFY2(leader_ >= 0, qPrintable("no leader after the restart" + logs()));
  for (int i = 0; i < kAgents; ++i) {
    // Ids belong to the directories: a restarted agent is the same member.
    QCOMPARE(config(i).value("configuration").toObject().value("id").toString(), agents_[i].id);
    const QString missing = checkRemembered(i);
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
  }
  QString failure;
  const qint64 index = write((leader_ + 1) % kAgents, "after_restart", 7, &failure);
  QVERIFY2(index > 0, qPrintable(failure));
  for (int i = 0; i < kAgents; ++i) QVERIFY(waitForCommit(i, index, kCatchUpTimeoutMs));
  QVERIFY(checkRemembered(leader_).isEmpty());
}

QTEST_GUILESS_MAIN(AgencyClusterTest)
#include "tst_agency_cluster.moc"
