// The agency's Raft core, rule by rule: quorum math, vote rules, log matching and truncation,
// the commit rule (Figure 8), pre-vote, check-quorum, read index, snapshots, membership steps,
// the ConfChange encoding and the MemoryLogStore. Every test drives the pure core by hand
// (sim_hand_cluster.h): explicit ticks, explicit delivery, no clock.
#include <QTest>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "agency/log_store.h"
#include "agency/raft.h"
#include "agency/raft_types.h"
#include "sim_hand_cluster.h"
#include "tandem/status.h"

using namespace tandem;
using namespace tandem::agency;
using tandem::agency::sim::bootstrapEntry;
using tandem::agency::sim::Cluster;
using tandem::agency::sim::entry;
using tandem::agency::sim::kElectionMin;
using tandem::agency::sim::membersOf;
using tandem::agency::sim::Solo;

namespace {

Message voteRequest(MessageType type, const AgentId& from, const AgentId& to, Term term,
                    Index lastIndex, Term lastTerm) {
  Message m;
  m.type = type;
  m.from = from;
  m.to = to;
  m.term = term;
  m.index = lastIndex;
  m.logTerm = lastTerm;
  return m;
}

Message append(const AgentId& from, const AgentId& to, Term term, Index prevIndex, Term prevTerm,
               std::vector<Entry> entries, Index commit) {
  Message m;
  m.type = MessageType::kAppend;
  m.from = from;
  m.to = to;
  m.term = term;
  m.index = prevIndex;
  m.logTerm = prevTerm;
  m.entries = std::move(entries);
  m.commit = commit;
  return m;
}

const Message* only(const std::vector<Message>& messages, MessageType type) {
  const Message* found = nullptr;
  for (const Message& m : messages) {
    if (m.type != type) continue;
    if (found) return nullptr;
    found = &m;
  }
  return found;
}

std::vector<AgentId> ids(int count) {
  std::vector<AgentId> out;
  for (int k = 1; k <= count; ++k) out.push_back("a" + std::to_string(k));
  return out;
}

}  // namespace

class RaftCoreTest : public QObject {
  Q_OBJECT

 private slots:
  // ---- quorum math -------------------------------------------------------------------------

  void quorumIsAStrictMajority_data() {
    QTest::addColumn<int>("members");
    QTest::addColumn<int>("quorum");
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("2") << 2 << 2;
    QTest::newRow("3") << 3 << 2;
    QTest::newRow("4") << 4 << 3;
    QTest::newRow("5") << 5 << 3;
  }
  void quorumIsAStrictMajority() {
    QFETCH(int, members);
    QFETCH(int, quorum);
    QCOMPARE(static_cast<int>(membersOf(ids(members)).quorum()), quorum);
  }

  void leaderCommitsOnlyWithAQuorumOfReplicas_data() {
    QTest::addColumn<int>("members");
    QTest::addColumn<int>("reachable");  // followers the leader can still reach
    QTest::addColumn<bool>("commits");
    QTest::newRow("1 of 1") << 1 << 0 << true;
    QTest::newRow("1 of 2") << 2 << 0 << false;
    QTest::newRow("2 of 2") << 2 << 1 << true;
    QTest::newRow("1 of 3") << 3 << 0 << false;
    QTest::newRow("2 of 3") << 3 << 1 << true;
    QTest::newRow("2 of 4") << 4 << 1 << false;
    QTest::newRow("3 of 4") << 4 << 2 << true;
    QTest::newRow("2 of 5") << 5 << 1 << false;
    QTest::newRow("3 of 5") << 5 << 2 << true;
  }
  void leaderCommitsOnlyWithAQuorumOfReplicas() {
    QFETCH(int, members);
    QFETCH(int, reachable);
    QFETCH(bool, commits);
    Cluster c(ids(members));
    c.startAll();
    QVERIFY(c.elect("a1"));
    const Index before = c.raft("a1").commitIndex();
    QCOMPARE(before, c.raft("a1").lastIndex());  // the leader's empty entry committed
    for (int k = reachable + 2; k <= members; ++k) c.isolate("a" + std::to_string(k));
    QVERIFY(c.raft("a1").propose("x").isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").commitIndex() == c.raft("a1").lastIndex(), commits);
    QCOMPARE(c.raft("a1").commitIndex() == before, !commits);
    QVERIFY2(c.problem().empty(), c.problem().c_str());
  }

  // ---- vote rules --------------------------------------------------------------------------

  void voteRequiresAnUpToDateLog() {
    Solo s;
    (void)s.store.persist(HardState{2, AgentId(), 1},
                          {bootstrapEntry(membersOf(ids(3))), entry(2, 2), entry(3, 2)},
                          std::nullopt);
    s.start("a1");
    // Shorter log with the same last term: refused, although the term is newer.
    auto out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 3, 2, 2));
    QVERIFY(only(out, MessageType::kVoteResponse) && only(out, MessageType::kVoteResponse)->reject);
    QCOMPARE(s.raft->term(), Term(3));  // the higher term is adopted all the same
    // Longer log but an older last term: refused.
    out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 3, 9, 1));
    QVERIFY(only(out, MessageType::kVoteResponse)->reject);
    // Same last term, as long: granted, and the vote is in the hard state of the same Ready
    // as the answer (so it is on disk before the answer leaves).
    out = s.step(voteRequest(MessageType::kVote, "a3", "a1", 3, 3, 2));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
    QVERIFY(s.lastReady.hardState.has_value());
    QCOMPARE(s.lastReady.hardState->vote, AgentId("a3"));
    QCOMPARE(s.store.hardState().vote, AgentId("a3"));
    // A later last term with a shorter log: granted (in a new term).
    out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 4, 2, 3));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
  }

  void oneVotePerTerm() {
    Solo s;
    s.bootstrap(membersOf(ids(3)));
    s.start("a1");
    auto out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 5, 1, 1));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
    out = s.step(voteRequest(MessageType::kVote, "a3", "a1", 5, 1, 1));
    QVERIFY(only(out, MessageType::kVoteResponse)->reject);
    // The same candidate asking again (a duplicated request) gets the same answer.
    out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 5, 1, 1));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
  }

  void persistedVoteSurvivesRestart() {
    Solo s;
    s.bootstrap(membersOf(ids(3)));
    s.start("a1");
    auto out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 5, 1, 1));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
    s.raft.reset();  // crash; the store is the disk
    s.start("a1");
    QCOMPARE(s.raft->term(), Term(5));
    out = s.step(voteRequest(MessageType::kVote, "a3", "a1", 5, 1, 1));
    QVERIFY(only(out, MessageType::kVoteResponse)->reject);
    out = s.step(voteRequest(MessageType::kVote, "a2", "a1", 5, 1, 1));
    QVERIFY(!only(out, MessageType::kVoteResponse)->reject);
  }

  // ---- log matching ------------------------------------------------------------------------

  void followerTruncatesAConflictingSuffix() {
    Solo s;
    (void)s.store.persist(
        HardState{2, AgentId(), 2},
        {bootstrapEntry(membersOf(ids(3))), entry(2, 1, "a"), entry(3, 2, "b"), entry(4, 2, "c")},
        std::nullopt);
    s.start("a2");
    // The leader of term 3 holds (2, 1) and then its own entry 3.
    auto out = s.step(append("a1", "a2", 3, 2, 1, {entry(3, 3, "B")}, 2));
    const Message* ack = only(out, MessageType::kAppendResponse);
    QVERIFY(ack && !ack->reject);
    QCOMPARE(ack->index, Index(3));
    QCOMPARE(s.store.lastIndex(), Index(3));
    QCOMPARE(s.store.term(3), std::optional<Term>(3));
    QCOMPARE(s.store.entries(3, 4, 1).front().data, std::string("B"));
    QCOMPARE(s.store.entries(2, 3, 1).front().data, std::string("a"));  // matching prefix kept
  }

  void mismatchIsRejectedWithTheFollowersLastIndex() {
    Solo s;
    (void)s.store.persist(HardState{3, AgentId(), 1},
                          {bootstrapEntry(membersOf(ids(3))), entry(2, 1), entry(3, 3)},
                          std::nullopt);
    s.start("a2");
    auto out = s.step(append("a1", "a2", 3, 3, 2, {entry(4, 3)}, 1));  // (3, 2) is not ours
    const Message* nack = only(out, MessageType::kAppendResponse);
    QVERIFY(nack && nack->reject);
    QCOMPARE(nack->index, Index(3));
    QCOMPARE(nack->rejectHint, Index(3));
    out = s.step(append("a1", "a2", 3, 7, 3, {}, 1));  // beyond our log
    QVERIFY(only(out, MessageType::kAppendResponse)->reject);
    QCOMPARE(only(out, MessageType::kAppendResponse)->rejectHint, Index(3));
    QCOMPARE(s.store.lastIndex(), Index(3));  // nothing appended
  }

  void staleAppendNeverTruncates() {
    Solo s;
    (void)s.store.persist(HardState{3, AgentId(), 1},
                          {bootstrapEntry(membersOf(ids(3))), entry(2, 3, "x"), entry(3, 3, "y")},
                          std::nullopt);
    s.start("a2");
    // A delayed, shorter append of the same leader: everything in it matches.
    auto out = s.step(append("a1", "a2", 3, 1, 1, {entry(2, 3, "x")}, 1));
    QVERIFY(!only(out, MessageType::kAppendResponse)->reject);
    QCOMPARE(only(out, MessageType::kAppendResponse)->index, Index(2));
    QCOMPARE(s.store.lastIndex(), Index(3));
  }

  void appendBelowTheCommitPointIsAnsweredWithTheCommitIndex() {
    Solo s;
    // Entries 4 and 5 (term 2) are not committed and may not be the new leader's.
    (void)s.store.persist(
        HardState{2, AgentId(), 3},
        {bootstrapEntry(membersOf(ids(3))), entry(2, 1), entry(3, 1), entry(4, 2), entry(5, 2)},
        std::nullopt);
    s.start("a2");
    // A late append of the term-3 leader that starts below our commit point.
    auto out = s.step(append("a1", "a2", 3, 1, 1, {entry(2, 1)}, 3));
    const Message* ack = only(out, MessageType::kAppendResponse);
    QVERIFY(ack && !ack->reject);
    QCOMPARE(ack->index, Index(3));  // what is known to match: the commit point, not 5
    QCOMPARE(s.store.lastIndex(), Index(5));
  }

  void followerCommitsOnlyWhatTheAppendVouchedFor() {
    Solo s;
    (void)s.store.persist(HardState{2, AgentId(), 1},
                          {bootstrapEntry(membersOf(ids(3))), entry(2, 2), entry(3, 2)},
                          std::nullopt);
    s.start("a2");
    // The leader of term 3 commits 9 but only vouched for entries up to 2: our entry 3 may
    // differ from the leader's and must not be committed.
    (void)s.step(append("a1", "a2", 3, 1, 1, {entry(2, 2)}, 9));
    QCOMPARE(s.raft->commitIndex(), Index(2));
    QCOMPARE(s.store.hardState().commit, Index(2));
  }

  // ---- the commit rule (Raft's Figure 8) ---------------------------------------------------

  void entryOfAnEarlierTermIsNotCommittedByCounting() {
    // a1 led term 2 and wrote x at index 2 without replicating it; a2 led term 3 and wrote y
    // at index 2 without replicating it. a1 comes back and is elected in term 4 (a2 down).
    Cluster c(ids(3), /*maxEntriesPerAppend=*/1);
    c.write("a1", HardState{3, AgentId(), 1}, {entry(2, 2, "x")});
    c.write("a2", HardState{3, AgentId(), 1}, {entry(2, 3, "y")});
    c.write("a3", HardState{3, AgentId(), 1}, {});
    c.start("a1");
    c.start("a3");
    // a3 receives x but never a1's entry of term 4 (index 3): the first append carrying it
    // passes (a3 rejects it, lacking index 2), every later one is lost.
    c.setDrop([carried = 0](const Message& m) mutable {
      const bool hasIndex3 = std::any_of(m.entries.begin(), m.entries.end(),
                                         [](const Entry& e) { return e.index == 3; });
      return m.type == MessageType::kAppend && m.to == "a3" && hasIndex3 && ++carried > 1;
    });
    QVERIFY(c.elect("a1"));
    QCOMPARE(c.raft("a1").term(), Term(4));
    QCOMPARE(c.raft("a1").progress().at("a3").match, Index(2));  // x is on a majority ...
    QCOMPARE(c.raft("a1").commitIndex(), Index(1));              // ... but not committed
    QCOMPARE(c["a3"].store.term(2), std::optional<Term>(2));

    // Why: a1 fails, a2 returns and can win term 5 with a3's vote (a3's last entry (2, 2) is
    // older than a2's (2, 3)), then overwrites x on a3.
    c.crash("a1");
    c.crash("a3");
    c.start("a3");
    c.start("a2");
    c.setDrop(nullptr);
    QVERIFY(c.elect("a2"));
    QCOMPARE(c.raft("a2").term(), Term(5));
    c.deliver();
    QCOMPARE(c["a3"].store.term(2), std::optional<Term>(3));
    QVERIFY(c.raft("a3").commitIndex() >= 2);
    QCOMPARE(c["a3"].store.entries(2, 3, 1).front().data, std::string("y"));
    QVERIFY2(c.problem().empty(), c.problem().c_str());
  }

  void entryOfAnEarlierTermCommitsWithAnEntryOfTheCurrentTerm() {
    Cluster c(ids(3), /*maxEntriesPerAppend=*/1);
    c.write("a1", HardState{3, AgentId(), 1}, {entry(2, 2, "x")});
    c.write("a2", HardState{3, AgentId(), 1}, {entry(2, 3, "y")});
    c.write("a3", HardState{3, AgentId(), 1}, {});
    c.start("a1");
    c.start("a3");
    QVERIFY(c.elect("a1"));
    c.deliver();
    QCOMPARE(c.raft("a1").commitIndex(), Index(3));  // index 3 is of term 4: x commits with it
    QCOMPARE(c["a1"].applied, std::vector<std::string>{"x"});
    QVERIFY2(c.problem().empty(), c.problem().c_str());
  }

  // ---- pre-vote and check-quorum -----------------------------------------------------------

  void partitionedAgentDoesNotDisruptAHealthyLeader() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    const Term term = c.raft("a1").term();
    c.isolate("a3");
    c.tickAll(10 * kElectionMin);  // a3 times out again and again
    // Pre-vote never raised a3's term, on disk either.
    QCOMPARE(c.raft("a3").term(), term);
    QCOMPARE(c["a3"].store.hardState().term, term);
    QVERIFY(c.raft("a3").role() != Role::kLeader);
    // Back in touch, a3 asks for pre-votes in term + 1; a1 and a2 hear from their leader and
    // ignore it (no grant, no term change).
    c.heal();
    c.delivered().clear();
    bool askedForPreVote = false;
    for (int k = 0; k < 3 * kElectionMin && !askedForPreVote; ++k) {
      c.tick("a3");
      c.deliver();
      for (const Message& m : c.delivered()) {
        if (m.from == "a3" && m.type == MessageType::kPreVote) {
          askedForPreVote = true;
          QCOMPARE(m.term, term + 1);
        }
        if (m.to == "a3" && m.type == MessageType::kPreVoteResponse) QVERIFY(m.reject);
      }
    }
    c.tickAll(3);
    QVERIFY(askedForPreVote);
    QCOMPARE(c.leader(), AgentId("a1"));
    QCOMPARE(c.raft("a1").term(), term);
    QCOMPARE(c.raft("a3").leader(), AgentId("a1"));
    QCOMPARE(c.raft("a3").role(), Role::kFollower);
  }

  void preVoteElectsInTheNextTermOnly() {
    Cluster c(ids(3));
    c.startAll();
    const Term before = c.raft("a1").term();
    QVERIFY(c.elect("a1"));
    QCOMPARE(c.raft("a1").term(), before + 1);
  }

  void leaderWithoutAQuorumStepsDown() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    c.isolate("a1");
    c.tick("a1", kElectionMin - 1);
    QCOMPARE(c.raft("a1").role(), Role::kLeader);
    c.tick("a1", 1);
    QCOMPARE(c.raft("a1").role(), Role::kFollower);
    QVERIFY(c.raft("a1").leader().empty());
    // The majority elects a new leader once its lease has run out.
    c.tickAll(5 * kElectionMin);
    QVERIFY(c.leader() == "a2" || c.leader() == "a3");
  }

  void staleLeaderLearnsTheNewTermFromAnAppendAnswer() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    c.isolate("a1");
    // a1's clock stands still (it does not notice it lost its quorum); a2 and a3 move on.
    for (int k = 0; k < 10 * kElectionMin && c.leader() == "a1"; ++k) {
      c.tick("a2");
      c.tick("a3");
      c.deliver();
    }
    const AgentId next = c.leader();
    QVERIFY(next == "a2" || next == "a3");
    QCOMPARE(c.raft("a1").role(), Role::kLeader);  // stale, in an older term
    c.heal();
    c.tick("a1");  // its heartbeats are answered with the newer term
    c.deliver();
    QCOMPARE(c.raft("a1").role(), Role::kFollower);
    QCOMPARE(c.raft("a1").term(), c.raft(next).term());
    c.tickAll(3);
    QCOMPARE(c.leader(), next);
    QCOMPARE(c.raft("a1").leader(), next);
  }

  // ---- read index --------------------------------------------------------------------------

  void readIndexNeedsAQuorumRoundAfterTheRequest() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    QVERIFY(c.raft("a1").propose("w").isOk());
    c.deliver();
    const Index commit = c.raft("a1").commitIndex();
    c.raft("a1").readIndex("r1");
    c.handle("a1");
    QVERIFY(c["a1"].reads.empty());  // not before a quorum confirmed leadership
    c.deliver();
    QCOMPARE(c["a1"].reads.size(), std::size_t(1));
    QCOMPARE(c["a1"].reads[0].context, std::string("r1"));
    QCOMPARE(c["a1"].reads[0].index, commit);

    // Cut off from the majority: no read point.
    c.isolate("a2");
    c.isolate("a3");
    c.raft("a1").readIndex("r2");
    c.handle("a1");
    c.deliver();
    QCOMPARE(c["a1"].reads.size(), std::size_t(1));
    c.heal();
    c.tick("a1");  // the next heartbeat round carries the pending round
    c.deliver();
    QCOMPARE(c["a1"].reads.size(), std::size_t(2));
    QCOMPARE(c["a1"].reads[1].context, std::string("r2"));

    // A follower drops read requests.
    c.raft("a2").readIndex("r3");
    c.handle("a2");
    c.tickAll(2);
    QVERIFY(c["a2"].reads.empty());
  }

  void readIndexWaitsForTheLeadersFirstCommit() {
    Cluster c(ids(3));
    c.startAll();
    c.setDrop([](const Message& m) { return m.type == MessageType::kAppend; });
    QVERIFY(c.elect("a1"));
    const Index termStart = c.raft("a1").lastIndex();
    QVERIFY(c.raft("a1").commitIndex() < termStart);
    c.raft("a1").readIndex("r");
    c.handle("a1");
    c.tick("a1");
    c.deliver();  // heartbeats are answered, but earlier leaders' commits are unknown yet
    QVERIFY(c["a1"].reads.empty());
    c.setDrop(nullptr);
    c.tick("a1");
    c.deliver();
    c.tick("a1");
    c.deliver();
    QCOMPARE(c["a1"].reads.size(), std::size_t(1));
    QVERIFY(c["a1"].reads[0].index >= termStart);
  }

  // ---- snapshots ---------------------------------------------------------------------------

  void laggingFollowerReceivesASnapshotAndContinues() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    c.isolate("a3");
    for (int k = 1; k <= 5; ++k) QVERIFY(c.raft("a1").propose("v" + std::to_string(k)).isOk());
    c.deliver();
    const Index applied = c["a1"].appliedIndex;
    QCOMPARE(applied, c.raft("a1").commitIndex());
    Result<Snapshot> snapshot = c.raft("a1").compact(applied, "v1..v5");
    QVERIFY(snapshot.isOk());
    QCOMPARE(snapshot->meta.index, applied);
    QCOMPARE(snapshot->meta.configuration, membersOf(ids(3)));
    QVERIFY(c["a1"].store.compact(*snapshot).isOk());
    QVERIFY(!c.raft("a1").compact(applied, "again").isOk());  // nothing new to compact
    QVERIFY(!c.raft("a1").compact(applied + 1, "future").isOk());

    c.heal();
    c.delivered().clear();
    c.tickAll(3);
    const auto snapshots = std::count_if(
        c.delivered().begin(), c.delivered().end(),
        [](const Message& m) { return m.type == MessageType::kSnapshot && m.to == "a3"; });
    QVERIFY(snapshots >= 1);
    QCOMPARE(c["a3"].store.snapshot().meta.index, applied);
    QCOMPARE(c["a3"].installed, std::string("v1..v5"));
    QCOMPARE(c.raft("a3").configuration(), membersOf(ids(3)));

    QVERIFY(c.raft("a1").propose("after").isOk());
    c.deliver();
    c.tickAll(1);
    QCOMPARE(c.raft("a3").commitIndex(), c.raft("a1").commitIndex());
    QCOMPARE(c["a3"].applied, std::vector<std::string>{"after"});
    QVERIFY2(c.problem().empty(), c.problem().c_str());
  }

  void restartRebuildsFromTheSnapshotAndReappliesTheRest() {
    Cluster c(ids(1));
    c.startAll();
    QVERIFY(c.elect("a1"));
    QVERIFY(c.raft("a1").propose("a").isOk());
    c.handle("a1");
    Result<Snapshot> snapshot = c.raft("a1").compact(c["a1"].appliedIndex, "a");
    QVERIFY(snapshot.isOk());
    QVERIFY(c["a1"].store.compact(*snapshot).isOk());
    QVERIFY(c.raft("a1").propose("b").isOk());
    c.handle("a1");
    c.crash("a1");
    c.start("a1");
    // Committed entries after the snapshot come again; the snapshot's are not repeated.
    QCOMPARE(c["a1"].applied, std::vector<std::string>{"b"});
    QCOMPARE(c.raft("a1").commitIndex(), c["a1"].store.lastIndex());
  }

  // ---- membership --------------------------------------------------------------------------

  void addingAFourthAgentRaisesTheQuorum() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    c.start("a4");  // empty disk: no configuration, passive until added
    c.tick("a4", 5 * kElectionMin);
    QCOMPARE(c.raft("a4").term(), Term(0));
    QCOMPARE(c.raft("a4").role(), Role::kFollower);

    ConfChange add{ConfChange::Kind::kAdd, "a4", "tcp://a4", {}};
    QVERIFY(c.raft("a1").proposeConfChange(add).isOk());
    c.deliver();
    c.tickAll(2);
    QVERIFY(c.raft("a1").configuration().contains("a4"));
    QCOMPARE(c.raft("a1").configuration().quorum(), std::size_t(3));
    QVERIFY(c.raft("a4").configuration().contains("a4"));
    QCOMPARE(c.raft("a4").commitIndex(), c.raft("a1").commitIndex());
    QVERIFY(c.raft("a1").progress().count("a4"));

    // Two of four is no longer enough.
    c.isolate("a2");
    c.isolate("a3");
    const Index before = c.raft("a1").commitIndex();
    QVERIFY(c.raft("a1").propose("x").isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").commitIndex(), before);
    c.heal();
    c.tickAll(1);
    QCOMPARE(c.raft("a1").commitIndex(), c.raft("a1").lastIndex());
    QVERIFY2(c.problem().empty(), c.problem().c_str());
  }

  void removingAnAgentShrinksTheConfiguration() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    ConfChange remove{ConfChange::Kind::kRemove, "a3", "", {}};
    QVERIFY(c.raft("a1").proposeConfChange(remove).isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").configuration(), membersOf({"a1", "a2"}));
    QVERIFY(!c.raft("a1").progress().count("a3"));
    // Two members: both are needed; a3 no longer counts.
    c.isolate("a2");
    const Index before = c.raft("a1").commitIndex();
    QVERIFY(c.raft("a1").propose("x").isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").commitIndex(), before);
  }

  void removedLeaderStepsDownAndNeverCampaigns() {
    Cluster c(ids(3));
    c.startAll();
    QVERIFY(c.elect("a1"));
    ConfChange remove{ConfChange::Kind::kRemove, "a1", "", {}};
    QVERIFY(c.raft("a1").proposeConfChange(remove).isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").role(), Role::kFollower);
    QVERIFY(!c.raft("a1").configuration().contains("a1"));
    const Term term = c.raft("a1").term();
    c.tick("a1", 10 * kElectionMin);
    QCOMPARE(c.raft("a1").role(), Role::kFollower);
    QCOMPARE(c.raft("a1").term(), term);
    c.tickAll(10 * kElectionMin);
    const AgentId next = c.leader();
    QVERIFY(next == "a2" || next == "a3");
    QCOMPARE(c.raft(next).configuration(), membersOf({"a2", "a3"}));
  }

  void oneMembershipChangeAtATime() {
    Cluster c(ids(3));
    c.startAll();
    const ConfChange addA4{ConfChange::Kind::kAdd, "a4", "tcp://a4", {}};
    const ConfChange removeA3{ConfChange::Kind::kRemove, "a3", "", {}};
    QCOMPARE(c.raft("a2").proposeConfChange(addA4).code(), ErrorCode::kNotLeader);

    // A new leader whose own entry has not committed yet refuses.
    c.setDrop([](const Message& m) { return m.type == MessageType::kAppend; });
    QVERIFY(c.elect("a1"));
    QCOMPARE(c.raft("a1").proposeConfChange(addA4).code(), ErrorCode::kLeadershipChallengeOngoing);
    c.setDrop(nullptr);
    c.tick("a1");
    c.deliver();

    QVERIFY(c.raft("a1").proposeConfChange(addA4).isOk());
    QCOMPARE(c.raft("a1").proposeConfChange(removeA3).code(),
             ErrorCode::kLeadershipChallengeOngoing);  // the add is not committed yet
    c.deliver();
    QVERIFY(c.raft("a1").configuration().contains("a4"));
    // a4 is not up, but 3 of 4 is a quorum.
    QVERIFY(c.raft("a1").proposeConfChange(removeA3).isOk());
    c.deliver();
    QCOMPARE(c.raft("a1").configuration(), membersOf({"a1", "a2", "a4"}));

    // Changes that change nothing are refused.
    QCOMPARE(c.raft("a1").proposeConfChange({ConfChange::Kind::kAdd, "a2", "x", {}}).code(),
             ErrorCode::kBadParameter);
    QCOMPARE(c.raft("a1").proposeConfChange({ConfChange::Kind::kRemove, "a9", "", {}}).code(),
             ErrorCode::kBadParameter);
    QCOMPARE(
        c.raft("a1").proposeConfChange({ConfChange::Kind::kSet, "", "", membersOf({"a1"})}).code(),
        ErrorCode::kBadParameter);
  }

  void theLastMemberCannotBeRemoved() {
    Cluster c(ids(1));
    c.startAll();
    QVERIFY(c.elect("a1"));
    QCOMPARE(c.raft("a1").proposeConfChange({ConfChange::Kind::kRemove, "a1", "", {}}).code(),
             ErrorCode::kBadParameter);
  }

  void stepRefusesAMessageForAnotherAgent() {
    Solo s;
    s.bootstrap(membersOf(ids(3)));
    s.start("a1");
    QCOMPARE(s.raft->step(voteRequest(MessageType::kVote, "a2", "a9", 5, 1, 1)).code(),
             ErrorCode::kBadParameter);
    QCOMPARE(s.raft->propose("x").code(), ErrorCode::kNotLeader);
  }

  // ---- ConfChange encoding -----------------------------------------------------------------

  void confChangeRoundTrips_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QStringList>("members");
    QTest::newRow("add") << 1 << "AGNT-1"
                         << "tcp://10.0.0.1:8531" << QStringList();
    QTest::newRow("add, odd bytes") << 1 << "a b:c\n"
                                    << "" << QStringList();
    QTest::newRow("remove") << 2 << "AGNT-2"
                            << "" << QStringList();
    QTest::newRow("set one") << 0 << ""
                             << "" << QStringList{"AGNT-1"};
    QTest::newRow("set three") << 0 << ""
                               << "" << QStringList{"a", "b b", "c:9"};
  }
  void confChangeRoundTrips() {
    QFETCH(int, kind);
    QFETCH(QString, id);
    QFETCH(QString, address);
    QFETCH(QStringList, members);
    ConfChange change;
    change.kind = static_cast<ConfChange::Kind>(kind);
    change.id = id.toStdString();
    change.address = address.toStdString();
    for (const QString& member : members) {
      change.configuration.members[member.toStdString()] = "tcp://" + member.toStdString();
    }
    const std::string text = encodeConfChange(change);
    Result<ConfChange> decoded = decodeConfChange(text);
    QVERIFY2(decoded.isOk(), decoded.status().toString().c_str());
    QCOMPARE(*decoded, change);
    QCOMPARE(encodeConfChange(*decoded), text);
  }

  void malformedConfChangeIsRefused_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("unknown kind") << QByteArray("move 2:a1");
    QTest::newRow("kind only") << QByteArray("add");
    QTest::newRow("add without address") << QByteArray("add 2:a1");
    QTest::newRow("short field") << QByteArray("add 3:a1 0:");
    QTest::newRow("length too long") << QByteArray("add 9:a1 0:");
    QTest::newRow("no colon") << QByteArray("remove 2a1");
    QTest::newRow("negative") << QByteArray("remove -2:a1");
    QTest::newRow("leading zero") << QByteArray("remove 02:a1");
    QTest::newRow("huge length") << QByteArray("remove 99999999999999999999:a1");
    QTest::newRow("empty id") << QByteArray("remove 0:");
    QTest::newRow("trailing bytes") << QByteArray("remove 2:a1 ");
    QTest::newRow("two spaces") << QByteArray("remove  2:a1");
    QTest::newRow("empty set") << QByteArray("set 0");
    QTest::newRow("set count too high") << QByteArray("set 2 2:a1 0:");
    QTest::newRow("set not ascending") << QByteArray("set 2 2:a2 0: 2:a1 0:");
    QTest::newRow("set duplicate") << QByteArray("set 2 2:a1 0: 2:a1 0:");
    QTest::newRow("set empty id") << QByteArray("set 1 0: 0:");
    QTest::newRow("nul in kind") << QByteArray("add\0 2:a1 0:", 12);
  }
  void malformedConfChangeIsRefused() {
    QFETCH(QByteArray, text);
    const Result<ConfChange> decoded =
        decodeConfChange(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QVERIFY(!decoded.isOk());
    QCOMPARE(decoded.status().code(), ErrorCode::kBadParameter);
  }

  void applyConfChangeStepsTheConfiguration() {
    Configuration c = membersOf({"a1", "a2"});
    c = applyConfChange(c, {ConfChange::Kind::kAdd, "a3", "tcp://a3", {}});
    QCOMPARE(c, membersOf({"a1", "a2", "a3"}));
    c = applyConfChange(c, {ConfChange::Kind::kRemove, "a1", "", {}});
    QCOMPARE(c, membersOf({"a2", "a3"}));
    c = applyConfChange(c, {ConfChange::Kind::kSet, "", "", membersOf({"x"})});
    QCOMPARE(c, membersOf({"x"}));
    QCOMPARE(messageTypeName(MessageType::kPreVote), std::string_view("preVote"));
    QCOMPARE(roleName(Role::kPreCandidate), std::string_view("pre-candidate"));
  }

  // ---- MemoryLogStore ----------------------------------------------------------------------

  void memoryLogStoreKeepsItsInvariants() {
    MemoryLogStore s;
    QCOMPARE(s.firstIndex(), Index(1));
    QCOMPARE(s.lastIndex(), Index(0));
    QCOMPARE(s.term(0), std::optional<Term>(0));
    QCOMPARE(s.term(1), std::optional<Term>());
    QVERIFY(s.snapshot().empty());

    QVERIFY(s.persist(HardState{2, "a1", 0},
                      {entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2), entry(5, 2)},
                      std::nullopt)
                .isOk());
    QCOMPARE(s.lastIndex(), Index(5));
    QCOMPARE(s.hardState(), (HardState{2, "a1", 0}));
    QCOMPARE(s.entries(2, 5, 2).size(), std::size_t(2));
    QCOMPARE(s.entries(2, 5, 0).size(), std::size_t(1));  // at least one
    QCOMPARE(s.entries(2, 5, 10).back().index, Index(4));

    // Overwriting a suffix drops everything after the first new entry.
    QVERIFY(s.persist(std::nullopt, {entry(3, 3, "z")}, std::nullopt).isOk());
    QCOMPARE(s.lastIndex(), Index(3));
    QCOMPARE(s.term(3), std::optional<Term>(3));
    QCOMPARE(s.hardState().term, Term(2));  // no hard state given: unchanged

    // Refused writes change nothing.
    QVERIFY(!s.persist(HardState{9, "", 0}, {entry(5, 3)}, std::nullopt).isOk());  // gap
    QVERIFY(!s.persist(HardState{9, "", 0}, {entry(4, 3), entry(6, 3)}, std::nullopt).isOk());
    QCOMPARE(s.lastIndex(), Index(3));
    QCOMPARE(s.hardState().term, Term(2));

    // Compaction.
    Snapshot snap{{2, 1, membersOf({"a1"})}, "state"};
    QVERIFY(s.compact(snap).isOk());
    QCOMPARE(s.firstIndex(), Index(3));
    QCOMPARE(s.lastIndex(), Index(3));
    QCOMPARE(s.term(2), std::optional<Term>(1));
    QCOMPARE(s.term(1), std::optional<Term>());
    QCOMPARE(s.snapshot(), snap);
    QVERIFY(!s.compact(Snapshot{{9, 3, {}}, ""}).isOk());                   // beyond the log
    QVERIFY(!s.compact(Snapshot{{3, 1, {}}, ""}).isOk());                   // wrong term
    QVERIFY(!s.persist(std::nullopt, {entry(2, 1)}, std::nullopt).isOk());  // into the snapshot

    // A received snapshot that matches the log keeps the entries after it ...
    QVERIFY(s.persist(std::nullopt, {entry(4, 3), entry(5, 3)}, std::nullopt).isOk());
    QVERIFY(s.persist(std::nullopt, {}, Snapshot{{4, 3, membersOf({"a1"})}, "s4"}).isOk());
    QCOMPARE(s.firstIndex(), Index(5));
    QCOMPARE(s.lastIndex(), Index(5));
    // ... one that does not replaces the whole log; entries may follow it in the same write.
    QVERIFY(s.persist(HardState{4, "", 7}, {entry(8, 4)}, Snapshot{{7, 4, {}}, "s7"}).isOk());
    QCOMPARE(s.firstIndex(), Index(8));
    QCOMPARE(s.lastIndex(), Index(8));
    QCOMPARE(s.term(7), std::optional<Term>(4));
    QCOMPARE(s.hardState().commit, Index(7));
    // An older snapshot is refused.
    QVERIFY(!s.persist(std::nullopt, {}, Snapshot{{6, 4, {}}, ""}).isOk());
    QCOMPARE(s.snapshot().meta.index, Index(7));
  }
};

QTEST_GUILESS_MAIN(RaftCoreTest)
#include "tst_raft_core.moc"
