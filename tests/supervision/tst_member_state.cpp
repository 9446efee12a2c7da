// MemberState, the pure member core: the lease needs a majority of the configured agents and
// ends `lease` after the granting round was sent; a node steps down at once on a higher term or
// another leader; a follower follows the plan's leader; a term begins only after the applier
// stopped; a switchover holds writes and an abort restores serving; removal is final.
#include <QTest>

#include "supervision/member_state.h"

using namespace tandem;
using namespace tandem::supervision;

namespace {

constexpr char kMe[] = "SNGL-a";
constexpr char kOther[] = "SNGL-b";
constexpr char kThird[] = "SNGL-c";

ClusterPlan planWith(std::optional<LeaderRecord> leader) {
  ClusterPlan plan;
  plan.leader = std::move(leader);
  plan.singles[kMe] = SingleRecord{"tcp://127.0.0.1:1001", "1.0", "2026-01-01T00:00:00Z"};
  plan.singles[kOther] = SingleRecord{"tcp://127.0.0.1:1002", "1.0", "2026-01-01T00:00:00Z"};
  plan.singles[kThird] = SingleRecord{"tcp://127.0.0.1:1003", "1.0", "2026-01-01T00:00:00Z"};
  return plan;
}

MemberState member(std::size_t agents = 3, std::uint64_t local_term = 0) {
  return MemberState(MemberConfig{kMe, agents, 1000, local_term});
}

// Drives `state` to a serving leader at `term` at time 0: plan, term begun, a round acked by
// every agent.
void makeLeader(MemberState& state, std::uint64_t term, std::uint64_t index = 10) {
  const ClusterPlan plan = planWith(LeaderRecord{kMe, term});
  state.answer(0, 0, false, index, plan, 0);
  const MemberActions actions = state.takeActions();
  if (actions.begin_term) state.termBegun(*actions.begin_term);
  state.roundSent(1, 0);
  for (std::size_t agent = 0; agent < 3; ++agent) state.answer(1, agent, true, index, plan, 0);
}

}  // namespace

class TestMemberState : public QObject {
  Q_OBJECT

 private slots:
  void noPlanMeansTryAgain() {
    MemberState state = member();
    QCOMPARE(state.role(0), MemberRole::kTryAgain);
    QCOMPARE(QString::fromStdString(state.claim().state), QString("tryagain"));
    state.answer(0, 0, false, 5, planWith(std::nullopt), 0);
    QCOMPARE(state.role(0), MemberRole::kTryAgain);
    QVERIFY(state.takeActions().empty());
  }

  void leaseNeedsMajorityOfConfiguredAgents() {
    MemberState state = member(3);
    const ClusterPlan plan = planWith(LeaderRecord{kMe, 1});
    state.answer(0, 0, false, 10, plan, 0);
    QCOMPARE(state.takeActions().begin_term, std::optional<std::uint64_t>(1));
    state.termBegun(1);
    QCOMPARE(state.claim().leader_term, std::uint64_t(1));
    state.roundSent(1, 100);
    state.answer(1, 0, true, 10, plan, 110);
    QVERIFY(!state.canWrite(120));
    QCOMPARE(state.role(120), MemberRole::kLeaderNoLease);
    // The same agent twice is still one ack.
    state.answer(1, 0, true, 10, plan, 115);
    QVERIFY(!state.canWrite(120));
    // A refusal does not count.
    state.answer(1, 1, false, 10, plan, 118);
    QVERIFY(!state.canWrite(120));
    state.answer(1, 2, true, 10, plan, 120);
    QVERIFY(state.canWrite(120));
    QCOMPARE(state.leaseRemainingMs(120), std::int64_t(980));
  }

  void leaseIgnoresAcksOfUnknownOrNonClaimingRounds() {
    MemberState state = member(3);
    // Round 1 is sent before the plan names this node: it claims no term.
    state.roundSent(1, 0);
    const ClusterPlan plan = planWith(LeaderRecord{kMe, 1});
    state.answer(1, 0, false, 10, plan, 5);
    state.termBegun(*state.takeActions().begin_term);
    state.answer(1, 1, true, 10, plan, 6);
    state.answer(1, 2, true, 10, plan, 6);
    state.answer(99, 0, true, 10, plan, 6);
    state.answer(99, 1, true, 10, plan, 6);
    QVERIFY(!state.canWrite(10));
  }

  void leaseExpiryRefusesWrites() {
    MemberState state = member(3);
    makeLeader(state, 1);
    QVERIFY(state.canWrite(999));
    QVERIFY(!state.canWrite(1000));
    QCOMPARE(state.role(1000), MemberRole::kLeaderNoLease);
    QCOMPARE(state.leaseRemainingMs(1000), std::int64_t(0));
    // A newer round extends it from its own send time, not from the answer's arrival.
    state.roundSent(2, 800);
    const ClusterPlan plan = planWith(LeaderRecord{kMe, 1});
    state.answer(2, 0, true, 10, plan, 1500);
    state.answer(2, 1, true, 10, plan, 1500);
    QVERIFY(state.canWrite(1799));
    QVERIFY(!state.canWrite(1800));
  }

  void stepsDownOnHigherTerm() {
    MemberState state = member(3);
    makeLeader(state, 1);
    QVERIFY(state.canWrite(10));
    // One answer from one agent is enough.
    state.answer(2, 1, false, 20, planWith(LeaderRecord{kOther, 2}), 10);
    QVERIFY(!state.canWrite(10));
    QCOMPARE(state.role(10), MemberRole::kFollower);
    const MemberActions actions = state.takeActions();
    QVERIFY(actions.stepped_down);
    QVERIFY(actions.follow);
    QCOMPARE(QString::fromStdString(actions.follow->id), QString(kOther));
    QCOMPARE(QString::fromStdString(actions.follow->endpoint), QString("tcp://127.0.0.1:1002"));
    QCOMPARE(actions.follow->term, std::uint64_t(2));
    QCOMPARE(state.claim().leader_term, std::uint64_t(0));
    QCOMPARE(state.leaderChanges(), std::uint64_t(1));
  }

  void stepsDownOnAnotherLeaderAtItsTerm() {
    MemberState state = member(3);
    makeLeader(state, 3);
    state.answer(2, 0, false, 11, planWith(LeaderRecord{kOther, 3}), 10);
    QVERIFY(!state.canWrite(10));
    QVERIFY(state.takeActions().stepped_down);
  }

  void stalePlanIsIgnored() {
    MemberState state = member(3);
    state.answer(0, 0, false, 20, planWith(LeaderRecord{kOther, 4}), 0);
    QVERIFY(state.takeActions().follow);
    // A lagging agent still shows this node at an older term: it must not lead again.
    state.answer(1, 1, true, 12, planWith(LeaderRecord{kMe, 3}), 1);
    QCOMPARE(state.role(1), MemberRole::kFollower);
    QCOMPARE(state.claim().leader_term, std::uint64_t(0));
    QVERIFY(state.takeActions().empty());
  }

  void followerFollowsPlanLeader() {
    MemberState state = member(3);
    state.answer(0, 0, false, 5, planWith(LeaderRecord{kOther, 1}), 0);
    QCOMPARE(state.role(0), MemberRole::kFollower);
    MemberActions actions = state.takeActions();
    QVERIFY(actions.follow);
    QCOMPARE(*actions.follow, (LeaderTarget{kOther, "tcp://127.0.0.1:1002", 1}));
    QCOMPARE(QString::fromStdString(state.claim().state), QString("follower"));
    QCOMPARE(QString::fromStdString(state.claim().leader), QString(kOther));
    // The same plan again asks for nothing; a new leader retargets.
    state.answer(1, 1, false, 5, planWith(LeaderRecord{kOther, 1}), 1);
    QVERIFY(state.takeActions().empty());
    state.answer(2, 1, false, 9, planWith(LeaderRecord{kThird, 2}), 2);
    actions = state.takeActions();
    QVERIFY(actions.follow);
    QCOMPARE(*actions.follow, (LeaderTarget{kThird, "tcp://127.0.0.1:1003", 2}));
    QVERIFY(!actions.stepped_down);
  }

  void highestAppliedIndexWins() {
    MemberState state = member(3);
    state.answer(0, 0, false, 9, planWith(LeaderRecord{kThird, 2}), 0);
    state.answer(0, 1, false, 7, planWith(LeaderRecord{kOther, 2}), 0);
    QCOMPARE(QString::fromStdString(state.leader()->id), QString(kThird));
    QCOMPARE(state.planIndex(), std::uint64_t(9));
  }

  void beginsTermOnlyAfterApplierStopped() {
    MemberState state = member(3);
    state.answer(0, 0, false, 5, planWith(LeaderRecord{kOther, 1}), 0);
    QVERIFY(state.takeActions().follow);
    // Promoted: the applier must stop before the term begins.
    state.answer(1, 0, false, 8, planWith(LeaderRecord{kMe, 2}), 10);
    MemberActions actions = state.takeActions();
    QVERIFY(actions.stop_applier);
    QVERIFY(!actions.begin_term);
    QVERIFY(state.takeActions().empty());
    state.applierStopped();
    actions = state.takeActions();
    QCOMPARE(actions.begin_term, std::optional<std::uint64_t>(2));
    QVERIFY(!actions.stop_applier);
    // A lease alone does not serve before the term began.
    state.roundSent(2, 20);
    const ClusterPlan plan = planWith(LeaderRecord{kMe, 2});
    state.answer(2, 0, true, 8, plan, 21);
    state.answer(2, 1, true, 8, plan, 21);
    QVERIFY(!state.canWrite(25));
    state.termBegun(2);
    QVERIFY(state.canWrite(25));
  }

  void failedBeginTermIsAskedAgain() {
    MemberState state = member(3);
    state.answer(0, 0, false, 5, planWith(LeaderRecord{kMe, 1}), 0);
    QCOMPARE(state.takeActions().begin_term, std::optional<std::uint64_t>(1));
    state.termFailed(1);
    QCOMPARE(state.takeActions().begin_term, std::optional<std::uint64_t>(1));
  }

  void termAlreadyBegunIsNotBegunAgain() {
    MemberState state = member(3, 4);
    state.answer(0, 0, false, 5, planWith(LeaderRecord{kMe, 4}), 0);
    QVERIFY(!state.takeActions().begin_term);
  }

  void switchoverHoldsThenAbortRestores() {
    MemberState state = member(3);
    makeLeader(state, 1);
    QVERIFY(state.beginSwitchover(kOther, 100, 500).isOk());
    QVERIFY(state.writesHeld());
    QCOMPARE(state.beginSwitchover(kOther, 110, 500).code(), ErrorCode::kConflict);
    state.tick(599);
    QVERIFY(state.writesHeld());
    state.tick(600);
    QVERIFY(!state.writesHeld());
    QCOMPARE(state.switchover().phase, SwitchoverPhase::kAborted);
    QVERIFY(state.switchover().reason.find("timeout") != std::string::npos);
    QCOMPARE(state.switchover().writePauseMs(), std::int64_t(500));
    QVERIFY(state.canWrite(700));  // still the leader, lease still valid
  }

  void switchoverFailedPlanWriteRestores() {
    MemberState state = member(3);
    makeLeader(state, 1);
    QVERIFY(state.beginSwitchover(kOther, 100, 500).isOk());
    state.switchoverCaughtUp(150);
    state.tick(900);  // a write in flight is decided by its outcome, not by the clock
    QVERIFY(state.writesHeld());
    state.switchoverPlanWritten(false, 900, "precondition failed");
    QVERIFY(!state.writesHeld());
    QCOMPARE(state.switchover().phase, SwitchoverPhase::kAborted);
    QCOMPARE(QString::fromStdString(state.switchover().reason), QString("precondition failed"));
    QCOMPARE(state.role(950), MemberRole::kLeader);
  }

  void switchoverDoneStepsDown() {
    MemberState state = member(3);
    makeLeader(state, 3);
    state.takeActions();
    QVERIFY(state.beginSwitchover(kOther, 100, 500).isOk());
    state.switchoverCaughtUp(150);
    state.switchoverPlanWritten(true, 180);
    QCOMPARE(state.switchover().phase, SwitchoverPhase::kDone);
    QCOMPARE(state.switchover().writePauseMs(), std::int64_t(80));
    QVERIFY(!state.writesHeld());
    QVERIFY(!state.canWrite(200));
    QCOMPARE(state.role(200), MemberRole::kFollower);
    const MemberActions actions = state.takeActions();
    QVERIFY(actions.stepped_down);
    QCOMPARE(*actions.follow, (LeaderTarget{kOther, "tcp://127.0.0.1:1002", 4}));
    // A lagging agent's old plan does not make it lead again.
    state.answer(5, 0, true, 10, planWith(LeaderRecord{kMe, 3}), 210);
    QCOMPARE(state.role(210), MemberRole::kFollower);
  }

  void switchoverRefusals() {
    MemberState state = member(3);
    QCOMPARE(state.beginSwitchover(kOther, 0, 500).code(), ErrorCode::kNotLeader);
    makeLeader(state, 1);
    QCOMPARE(state.beginSwitchover(kMe, 0, 500).code(), ErrorCode::kBadParameter);
    QCOMPARE(state.beginSwitchover("SNGL-unknown", 0, 500).code(), ErrorCode::kBadParameter);
    ClusterPlan plan = planWith(LeaderRecord{kMe, 1});
    plan.draining[kOther] = true;
    state.answer(2, 0, false, 11, plan, 0);
    QCOMPARE(state.beginSwitchover(kOther, 0, 500).code(), ErrorCode::kBadParameter);
    QVERIFY(!state.writesHeld());
  }

  void removalIsFinalAndSaysWhy() {
    MemberState state = member(3);
    state.answer(0, 0, false, 5, planWith(LeaderRecord{kOther, 1}), 0);
    QVERIFY(state.takeActions().follow);
    ClusterPlan plan = planWith(LeaderRecord{kOther, 1});
    plan.removed[kMe] = "tcp://127.0.0.1:1001";
    plan.singles.erase(kMe);
    state.answer(1, 0, false, 9, plan, 1);
    QCOMPARE(state.role(1), MemberRole::kRemoved);
    QVERIFY(state.removedReason().find("removed") != std::string::npos);
    QVERIFY(state.takeActions().stop_applier);
    QCOMPARE(QString::fromStdString(state.claim().state), QString("removed"));
    // Even a plan naming it leader later does not bring it back.
    state.answer(2, 0, true, 12, planWith(LeaderRecord{kMe, 2}), 2);
    QCOMPARE(state.role(2), MemberRole::kRemoved);
    QVERIFY(!state.takeActions().begin_term);
  }

  void removedLeaderStepsDown() {
    MemberState state = member(3);
    makeLeader(state, 1);
    ClusterPlan plan = planWith(LeaderRecord{kMe, 1});
    plan.removed[kMe] = "tcp://127.0.0.1:1001";
    state.answer(2, 0, false, 11, plan, 10);
    QVERIFY(!state.canWrite(10));
    QVERIFY(state.takeActions().stepped_down);
  }
};

QTEST_GUILESS_MAIN(TestMemberState)
#include "tst_member_state.moc"
