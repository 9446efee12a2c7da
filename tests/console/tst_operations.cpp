// The console's operations against one real cluster (ClusterHarness: 3 nodes, each an agent and a
// data node, plus data-only nodes added for the replacements). The slots run in order and share
// the cluster: refusals and the switchover first, then upgrades, maintenance and the rolling
// upgrade while all three nodes serve, then the replacements and the drain/remove that shrink it.
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "client/api_client.h"
#include "cluster_harness.h"
#include "ops/operation.h"
#include "ops/operations.h"

using namespace tandem::console;
using tandem::test::ClusterHarness;
using tandem::test::NodeProcess;

namespace {

constexpr int kOperationTimeoutMs = 120000;
constexpr int kLeaderTimeoutMs = 30000;

// The outcome of one operation run to its end.
struct Outcome {
  Operation::State state = Operation::State::kIdle;
  QString message;
  QList<int> steps;      // stepStarted indices, in order
  QStringList progress;  // every progress line
};

}  // namespace

class OperationsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();

  void unreachableClusterFails();
  void switchoverToUnknownIdFailsNamingIt();
  void switchoverToFollowerMakesItLeader();
  void upgradeOfTheLeaderIsRefused();
  void upgradedFollowerComesBackInSync();
  void cancelDuringWaitEndsCancelled();
  void maintenanceOnAndOffShowInHealth();
  void rollingUpgradeUpgradesEveryNode();
  void removeOfUndrainedNodeIsRefused();
  void replaceFollowerWithAttachedNode();
  void replaceOfLeaderSwitchesOverFirst();
  void drainThenRemoveFollower();

 private:
  // Starts `operation`, waits for finished(); cancels it at stepStarted(cancel_at_step).
  Outcome run(Operation* operation, int cancel_at_step = -1);
  QList<QUrl> endpoints() const;
  int leader();
  int follower(int not_index = -1);
  QJsonObject health();
  QJsonObject healthOf(const QString& id) { return health().value(id).toObject(); }
  int upgradeRuns(int index) {
    return int(cluster_->node(index).stderrText().count(QStringLiteral("upgrade passed")));
  }

  QTemporaryDir dir_;
  std::unique_ptr<ClusterHarness> cluster_;
  ApiClient* client_ = nullptr;
  QList<int> gone_;  // nodes removed from the cluster
};

Outcome OperationsTest::run(Operation* operation, int cancel_at_step) {
  Outcome outcome;
  connect(operation, &Operation::stepStarted, this, [&outcome, operation, cancel_at_step](int i) {
    outcome.steps << i;
    if (i == cancel_at_step) operation->cancel();
  });
  connect(operation, &Operation::progress, this,
          [&outcome](const QString& line) { outcome.progress << line; });
  QSignalSpy finished(operation, &Operation::finished);
  operation->start();
  if (finished.isEmpty()) finished.wait(kOperationTimeoutMs);
  if (finished.size() != 1) {
    outcome.message = QStringLiteral("finished() emitted %1 times").arg(finished.size());
    return outcome;
  }
  outcome.state = finished.first().at(0).value<Operation::State>();
  outcome.message = finished.first().at(1).toString();
  if (outcome.state != operation->state() || outcome.message != operation->message()) {
    outcome.message = QStringLiteral("state() / message() differ from finished()");
    outcome.state = Operation::State::kIdle;
  }
  operation->deleteLater();
  return outcome;
}

QList<QUrl> OperationsTest::endpoints() const {
  QList<QUrl> list;
  for (int i = 0; i < cluster_->size(); ++i) {
    if (!gone_.contains(i) && cluster_->isRunning(i)) list << QUrl(cluster_->baseUrl(i));
  }
  return list;
}

int OperationsTest::leader() { return cluster_->waitForLeader(kLeaderTimeoutMs).index; }

int OperationsTest::follower(int not_index) {
  const int lead = leader();
  for (int i = 0; i < cluster_->size(); ++i) {
    if (i != lead && i != not_index && !gone_.contains(i) && cluster_->isRunning(i)) return i;
  }
  return -1;
}

QJsonObject OperationsTest::health() {
  const int lead = leader();
  if (lead < 0) return {};
  return cluster_->request(lead, "GET", "/_admin/cluster/health")
      .json()
      .object()
      .value("Health")
      .toObject();
}

void OperationsTest::initTestCase() {
  QVERIFY(dir_.isValid());
  cluster_ = std::make_unique<ClusterHarness>(dir_.path());
  QString why;
  QVERIFY2(cluster_->start(&why), qPrintable(why));
  QVERIFY2(leader() >= 0, qPrintable(cluster_->logs()));
  // Every node registered and GOOD before the first operation looks at the cluster.
  QVERIFY2(cluster_->waitAllGood(30000), qPrintable(cluster_->logs()));
  client_ = new ApiClient(this);
}

void OperationsTest::cleanupTestCase() {
  if (cluster_) cluster_->stopAll();
}

void OperationsTest::unreachableClusterFails() {
  const quint16 port = NodeProcess::freeLoopbackPort();
  const QUrl nowhere(QStringLiteral("http://127.0.0.1:%1").arg(port));
  const Outcome outcome = run(makeSwitchover(client_, {nowhere}, QStringLiteral("SNGL-x"), this));
  QCOMPARE(outcome.state, Operation::State::kFailed);
  QVERIFY2(outcome.message.contains(QStringLiteral("Could not reach any of")),
           qPrintable(outcome.message));
  QVERIFY2(outcome.message.contains(nowhere.toString()), qPrintable(outcome.message));
}

void OperationsTest::switchoverToUnknownIdFailsNamingIt() {
  const QString unknown = QStringLiteral("SNGL-no-such-server");
  const Outcome outcome = run(makeSwitchover(client_, endpoints(), unknown, this));
  QCOMPARE(outcome.state, Operation::State::kFailed);
  QVERIFY2(outcome.message.contains(unknown), qPrintable(outcome.message));
  QCOMPARE(outcome.steps, QList<int>{0});
}

void OperationsTest::switchoverToFollowerMakesItLeader() {
  const int target = follower();
  QVERIFY(target >= 0);
  const QString id = cluster_->serverId(target);
  Operation* operation = makeSwitchover(client_, endpoints(), id, this);
  QCOMPARE(operation->expectedLeader(), id);
  QCOMPARE(operation->steps().size(), qsizetype(3));
  const Outcome outcome = run(operation);
  QVERIFY2(outcome.state == Operation::State::kSucceeded, qPrintable(outcome.message));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2}));
  QCOMPARE(leader(), target);
}

void OperationsTest::upgradeOfTheLeaderIsRefused() {
  const int lead = leader();
  const int runs = upgradeRuns(lead);
  const Outcome outcome = run(makeUpgrade(client_, endpoints(), cluster_->serverId(lead), this));
  QCOMPARE(outcome.state, Operation::State::kFailed);
  QVERIFY2(outcome.message.contains(QStringLiteral("Switch over")), qPrintable(outcome.message));
  QCOMPARE(outcome.steps, QList<int>{0});
  QCOMPARE(leader(), lead);
  QCOMPARE(upgradeRuns(lead), runs);
}

// A node restarts in place (exec, same pid): "back" is its uptime starting again, and the
// upgrade step ran (its log says so).
void OperationsTest::upgradedFollowerComesBackInSync() {
  const int node = follower();
  QVERIFY(node >= 0);
  const int runs = upgradeRuns(node);
  QElapsedTimer clock;
  clock.start();
  // Named by endpoint, as the command line allows.
  const QString name = cluster_->endpoint(node).mid(6);
  const Outcome outcome = run(makeUpgrade(client_, endpoints(), name, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded,
           qPrintable(outcome.message + cluster_->logs()));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2, 3}));
  QVERIFY(cluster_->status(node).value("uptimeSeconds").toDouble() < clock.elapsed() / 1000.0);
  QCOMPARE(upgradeRuns(node), runs + 1);
  const QJsonObject entry = healthOf(cluster_->serverId(node));
  QCOMPARE(entry.value("leader").toBool(), false);
  QCOMPARE(entry.value("Status").toString(), QStringLiteral("GOOD"));
  QVERIFY(cluster_->waitInSync(node, leader(), 30000));
}

void OperationsTest::cancelDuringWaitEndsCancelled() {
  const int node = follower();
  const int lead = leader();
  const Outcome outcome = run(makeUpgrade(client_, endpoints(), cluster_->serverId(node), this), 2);
  QCOMPARE(outcome.state, Operation::State::kCancelled);
  QVERIFY2(outcome.message.contains(QStringLiteral("step 3 of 4")), qPrintable(outcome.message));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2}));
  // The restart was sent and is not undone: the node comes back by itself.
  QVERIFY2(cluster_->waitInSync(node, lead, 60000), qPrintable(cluster_->logs()));
}

void OperationsTest::maintenanceOnAndOffShowInHealth() {
  const int lead = leader();
  auto until = [this, lead] {
    return cluster_->request(lead, "GET", "/_admin/cluster/health")
        .json()
        .object()
        .value("maintenanceUntil")
        .toInteger();
  };
  Outcome outcome = run(makeMaintenance(client_, endpoints(), true, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded, qPrintable(outcome.message));
  QVERIFY(until() > QDateTime::currentMSecsSinceEpoch());
  outcome = run(makeMaintenance(client_, endpoints(), false, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded, qPrintable(outcome.message));
  QCOMPARE(until(), qint64(0));
}

void OperationsTest::rollingUpgradeUpgradesEveryNode() {
  const int old_leader = leader();
  QList<int> runs;
  for (int i = 0; i < cluster_->size(); ++i) runs << upgradeRuns(i);
  Operation* operation = makeRollingUpgrade(client_, endpoints(), this);
  QString expected;
  connect(operation, &Operation::stepStarted, this, [&expected, operation](int step) {
    if (step == 3) expected = operation->expectedLeader();
  });
  const Outcome outcome = run(operation);
  QVERIFY2(outcome.state == Operation::State::kSucceeded,
           qPrintable(outcome.message + cluster_->logs()));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2, 3, 4}));
  for (int i = 0; i < cluster_->size(); ++i) QCOMPARE(upgradeRuns(i), runs[i] + 1);
  const int now = leader();
  QVERIFY(now >= 0);
  QVERIFY(now != old_leader);
  QCOMPARE(cluster_->serverId(now), expected);
}

void OperationsTest::removeOfUndrainedNodeIsRefused() {
  const int node = follower();
  const QString id = cluster_->serverId(node);
  const Outcome outcome = run(makeRemove(client_, endpoints(), id, this));
  QCOMPARE(outcome.state, Operation::State::kFailed);
  QVERIFY2(outcome.message.contains(QStringLiteral("drain it first")), qPrintable(outcome.message));
  QCOMPARE(outcome.steps, QList<int>{0});  // refused before the step that sends anything
  const QJsonObject entry = healthOf(id);
  QCOMPARE(entry.value("draining").toBool(), false);
  QCOMPARE(entry.value("removed").toBool(), false);
}

void OperationsTest::replaceFollowerWithAttachedNode() {
  QString why;
  const int fresh = cluster_->addDataNode(&why);
  QVERIFY2(fresh >= 0, qPrintable(why));
  const int old = follower(fresh);
  QVERIFY(old >= 0);
  ReplaceSpec spec;
  spec.old_id = cluster_->serverId(old);
  spec.new_endpoint = QUrl(cluster_->baseUrl(fresh));
  spec.stop_old = true;
  const Outcome outcome = run(makeReplace(client_, endpoints(), spec, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded,
           qPrintable(outcome.message + cluster_->logs()));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2, 3, 4, 5}));
  gone_ << old;
  QTRY_VERIFY_WITH_TIMEOUT(!cluster_->isRunning(old), 10000);
  const QJsonObject h = health();
  QVERIFY(!h.contains(spec.old_id) || h.value(spec.old_id).toObject().value("removed").toBool());
  const QJsonObject entry = h.value(cluster_->serverId(fresh)).toObject();
  QCOMPARE(entry.value("Status").toString(), QStringLiteral("GOOD"));
  QCOMPARE(entry.value("draining").toBool(), false);
}

// The old node leads: the new node takes over first. The old leader is not stopped: it runs an
// agent, and one agent is stopped already.
void OperationsTest::replaceOfLeaderSwitchesOverFirst() {
  QString why;
  const int fresh = cluster_->addDataNode(&why);
  QVERIFY2(fresh >= 0, qPrintable(why));
  const int old = leader();
  ReplaceSpec spec;
  spec.old_id = cluster_->serverId(old);
  spec.new_endpoint = QUrl(cluster_->baseUrl(fresh));
  spec.stop_old = false;
  Operation* operation = makeReplace(client_, endpoints(), spec, this);
  QCOMPARE(operation->steps().size(), qsizetype(5));
  const Outcome outcome = run(operation);
  QVERIFY2(outcome.state == Operation::State::kSucceeded,
           qPrintable(outcome.message + cluster_->logs()));
  QVERIFY2(outcome.progress.join('\n').contains(QStringLiteral("hands over")),
           qPrintable(outcome.progress.join('\n')));
  gone_ << old;
  QCOMPARE(leader(), fresh);
  QVERIFY(healthOf(spec.old_id).isEmpty() || healthOf(spec.old_id).value("removed").toBool());
}

void OperationsTest::drainThenRemoveFollower() {
  const int node = follower();
  QVERIFY(node >= 0);
  const QString id = cluster_->serverId(node);
  Outcome outcome = run(makeDrain(client_, endpoints(), id, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded, qPrintable(outcome.message));
  QCOMPARE(healthOf(id).value("draining").toBool(), true);
  outcome = run(makeRemove(client_, endpoints(), id, this));
  QVERIFY2(outcome.state == Operation::State::kSucceeded, qPrintable(outcome.message));
  QCOMPARE(outcome.steps, (QList<int>{0, 1, 2}));
  QVERIFY(healthOf(id).isEmpty() || healthOf(id).value("removed").toBool());
  gone_ << node;
  QVERIFY(leader() >= 0);
}

QTEST_GUILESS_MAIN(OperationsTest)
#include "tst_operations.moc"
