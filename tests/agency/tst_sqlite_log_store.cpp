// SqliteLogStore: the agent's log in tandem.db. Hard state, entries and snapshot survive a
// reopen; a conflicting append truncates the suffix; compaction drops covered entries and keeps
// term(snapshot index); a mismatching snapshot replaces the log; a failed write (provoked with
// a trigger) changes neither the file nor the in-memory copy; the agent id and cluster id
// persist; the LogStore invariants hold after every operation and the copy always equals what
// a reopen reads from disk. Finally a Store and the log store write the same file at once.
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "agency/sqlite_log_store.h"
#include "tandem/store.h"

using namespace tandem;
using namespace tandem::agency;

namespace {

Entry entry(Index index, Term term, std::string data = {}, EntryType type = EntryType::kNormal) {
  Entry e;
  e.index = index;
  e.term = term;
  e.type = type;
  e.data = data.empty() ? "[[{\"/tandem/i\":" + std::to_string(index) + "}]]" : std::move(data);
  return e;
}

// Entries lo..hi (inclusive), all of `term`.
std::vector<Entry> range(Index lo, Index hi, Term term) {
  std::vector<Entry> out;
  for (Index i = lo; i <= hi; ++i) out.push_back(entry(i, term));
  return out;
}

Snapshot snapshotAt(Index index, Term term, std::string data = R"({"tandem":{"n":1}})") {
  Snapshot s;
  s.meta.index = index;
  s.meta.term = term;
  s.meta.configuration.members = {{"AGNT-a", "tcp://127.0.0.1:1"}, {"AGNT-b", "tcp://h:2"}};
  s.data = std::move(data);
  return s;
}

HardState hardState(Term term, std::string vote, Index commit) {
  HardState h;
  h.term = term;
  h.vote = std::move(vote);
  h.commit = commit;
  return h;
}

// Everything a LogStore exposes, read through its public interface.
struct Content {
  HardState hard_state;
  Snapshot snapshot;
  Index first = 0;
  Index last = 0;
  std::vector<Entry> entries;
  bool operator==(const Content&) const = default;
};

Content contentOf(const LogStore& log) {
  Content c;
  c.hard_state = log.hardState();
  c.snapshot = log.snapshot();
  c.first = log.firstIndex();
  c.last = log.lastIndex();
  if (c.first <= c.last) c.entries = log.entries(c.first, c.last + 1, SIZE_MAX);
  return c;
}

// The invariants of log_store.h, plus term() and entries() agreeing with each other.
void checkInvariants(const LogStore& log) {
  const Snapshot& snapshot = log.snapshot();
  QCOMPARE(log.firstIndex(), snapshot.meta.index + 1);
  QVERIFY(log.lastIndex() >= snapshot.meta.index);
  QCOMPARE(log.term(snapshot.meta.index), std::optional<Term>(snapshot.meta.term));
  if (snapshot.meta.index > 0) QVERIFY(!log.term(snapshot.meta.index - 1).has_value());
  QVERIFY(!log.term(log.lastIndex() + 1).has_value());
  for (Index i = log.firstIndex(); i <= log.lastIndex(); ++i) {
    const std::vector<Entry> one = log.entries(i, i + 1, 1);
    QCOMPARE(one.size(), std::size_t(1));
    QCOMPARE(one.front().index, i);
    QCOMPARE(log.term(i), std::optional<Term>(one.front().term));
  }
}

// A raw connection for fixtures and fault injection.
class RawDb {
 public:
  explicit RawDb(const QString& directory) {
    const std::string path = (directory + "/tandem.db").toStdString();
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) qFatal("cannot open %s", path.c_str());
    sqlite3_busy_timeout(db_, 10000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) qFatal("%s", error);
  }
  std::int64_t count(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
    const std::int64_t value =
        sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

class SqliteLogStoreTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<SqliteLogStore> log_;

  std::string directory() const { return dir_.path().toStdString(); }

  std::unique_ptr<SqliteLogStore> openLog() {
    auto log = SqliteLogStore::open(directory());
    if (!log) qFatal("cannot open the log store: %s", log.status().toString().c_str());
    return std::move(*log);
  }

  // After every operation: the invariants hold, and a second opener reads from disk exactly
  // what the in-memory copy says.
  void verifyDurable() {
    checkInvariants(*log_);
    auto reopened = openLog();
    checkInvariants(*reopened);
    QVERIFY(contentOf(*reopened) == contentOf(*log_));
    QCOMPARE(reopened->agentId(), log_->agentId());
    QCOMPARE(reopened->clusterId(), log_->clusterId());
  }

  void persistOk(const std::optional<HardState>& hard, const std::vector<Entry>& entries,
                 const std::optional<Snapshot>& snapshot = std::nullopt) {
    const Status status = log_->persist(hard, entries, snapshot);
    QVERIFY2(status.isOk(), status.toString().c_str());
    verifyDurable();
  }

 private slots:
  void init() {
    QDir(dir_.path()).removeRecursively();
    StoreOptions options;
    options.directory = directory();
    auto store = Store::open(options);  // creates tandem.db at the current schema
    QVERIFY(store.isOk());
    store->reset();
    log_ = openLog();
  }
  void cleanup() { log_.reset(); }

  void openNeedsADatabaseAtTheCurrentSchema() {
    log_.reset();
    QTemporaryDir empty;
    auto missing = SqliteLogStore::open(empty.path().toStdString());
    QVERIFY(!missing.isOk());
    QVERIFY(missing.status().message().find("open the Store first") != std::string::npos);
    QVERIFY(!QFile::exists(empty.path() + "/tandem.db"));  // not created behind the Store's back

    {
      RawDb raw(dir_.path());
      raw.exec(
          "DROP TABLE agency_log; DROP TABLE agency_state;"
          "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    }
    auto old = SqliteLogStore::open(directory());
    QVERIFY(!old.isOk());
    QVERIFY2(old.status().message().find("has schema version 2") != std::string::npos,
             old.status().message().c_str());
  }

  void aNewLogIsEmpty() {
    QVERIFY(log_->hardState() == HardState{});
    QVERIFY(log_->snapshot().empty());
    QCOMPARE(log_->firstIndex(), Index(1));
    QCOMPARE(log_->lastIndex(), Index(0));
    QCOMPARE(log_->term(0), std::optional<Term>(0));
    QVERIFY(!log_->term(1).has_value());
    QVERIFY(log_->clusterId().empty());
    verifyDurable();
  }

  void agentIdIsMadeOnceAndKept() {
    const AgentId id = log_->agentId();
    QVERIFY(QString::fromStdString(id).startsWith("AGNT-"));
    QCOMPARE(id.size(), std::size_t(5 + 36));
    log_ = openLog();
    QCOMPARE(log_->agentId(), id);
    // Another directory gets another agent.
    QTemporaryDir other;
    StoreOptions options;
    options.directory = other.path().toStdString();
    Store::open(options)->reset();
    auto second = SqliteLogStore::open(options.directory);
    QVERIFY(second.isOk());
    QVERIFY((*second)->agentId() != id);
  }

  void clusterIdPersists() {
    QVERIFY(log_->setClusterId("cluster-1").isOk());
    QCOMPARE(log_->clusterId(), std::string("cluster-1"));
    verifyDurable();
    QVERIFY(log_->setClusterId("cluster-2").isOk());
    log_ = openLog();
    QCOMPARE(log_->clusterId(), std::string("cluster-2"));
  }

  void hardStateEntriesAndSnapshotSurviveReopen() {
    std::vector<Entry> entries = range(1, 4, 1);
    entries.push_back(
        entry(5, 2, std::string("add\0AGNT-c\ttcp://h:3", 20), EntryType::kConfChange));
    entries.push_back(entry(6, 2));
    entries.back().data.clear();  // the empty entry a new leader appends
    persistOk(hardState(2, "AGNT-a", 4), entries);
    QCOMPARE(log_->lastIndex(), Index(6));
    QVERIFY(log_->entries(1, 7, 100) == entries);
    QCOMPARE(log_->entries(5, 6, 1).front().data.size(), std::size_t(20));
    QCOMPARE(log_->entries(5, 6, 1).front().type, EntryType::kConfChange);

    // Hard state alone, and entries alone.
    persistOk(hardState(3, "", 6), {});
    persistOk(std::nullopt, {entry(7, 3)});
    QCOMPARE(log_->hardState().term, Term(3));
    QCOMPARE(log_->hardState().commit, Index(6));

    persistOk(std::nullopt, {}, snapshotAt(4, 1));
    log_ = openLog();
    QVERIFY(log_->snapshot() == snapshotAt(4, 1));
    QCOMPARE(log_->firstIndex(), Index(5));
    QCOMPARE(log_->lastIndex(), Index(7));
    QVERIFY(log_->hardState() == hardState(3, "", 6));
  }

  void entriesHonoursItsBounds() {
    persistOk(std::nullopt, range(1, 5, 1));
    QCOMPARE(log_->entries(2, 6, 2).size(), std::size_t(2));
    QCOMPARE(log_->entries(2, 6, 2).front().index, Index(2));
    QCOMPARE(log_->entries(2, 6, 0).size(), std::size_t(1));  // at least one
    QVERIFY(log_->entries(3, 3, 10).empty());
    QCOMPARE(log_->entries(1, 6, 100).size(), std::size_t(5));
    // Outside the contract nothing is returned (never a read past the log).
    QVERIFY(log_->entries(2, 8, 10).empty());
    QVERIFY(log_->compact(snapshotAt(2, 1)).isOk());
    QVERIFY(log_->entries(2, 4, 10).empty());
    QCOMPARE(log_->entries(3, 6, 10).size(), std::size_t(3));
  }

  void conflictingAppendTruncatesTheSuffix() {
    persistOk(hardState(1, "AGNT-a", 0), range(1, 5, 1));
    // A new leader of term 2 overwrites from index 3: 4 and 5 of term 1 are gone.
    persistOk(hardState(2, "AGNT-b", 2), range(3, 4, 2));
    QCOMPARE(log_->lastIndex(), Index(4));
    QCOMPARE(log_->term(2), std::optional<Term>(1));
    QCOMPARE(log_->term(3), std::optional<Term>(2));
    QCOMPARE(log_->term(4), std::optional<Term>(2));
    QVERIFY(!log_->term(5).has_value());
    // Appending right after the end extends the log.
    persistOk(std::nullopt, range(5, 6, 2));
    QCOMPARE(log_->lastIndex(), Index(6));
    // Rewriting the whole log from its first index.
    persistOk(std::nullopt, range(1, 2, 3));
    QCOMPARE(log_->lastIndex(), Index(2));
    QCOMPARE(log_->term(1), std::optional<Term>(3));
  }

  void malformedAppendsChangeNothing() {
    persistOk(hardState(1, "", 0), range(1, 3, 1));
    const Content before = contentOf(*log_);
    // A gap after the last index.
    QVERIFY(!log_->persist(hardState(9, "x", 9), range(5, 6, 2), std::nullopt).isOk());
    // Entries that are not contiguous.
    QVERIFY(!log_->persist(hardState(9, "x", 9), {entry(4, 2), entry(6, 2)}, std::nullopt).isOk());
    QVERIFY(contentOf(*log_) == before);
    verifyDurable();
  }

  void compactDropsCoveredEntries() {
    std::vector<Entry> entries = range(1, 4, 1);
    for (Entry& e : range(5, 10, 2)) entries.push_back(e);
    persistOk(hardState(2, "AGNT-a", 8), entries);
    const Status compacted = log_->compact(snapshotAt(6, 2));
    QVERIFY2(compacted.isOk(), compacted.toString().c_str());
    verifyDurable();
    QCOMPARE(log_->firstIndex(), Index(7));
    QCOMPARE(log_->lastIndex(), Index(10));
    QCOMPARE(log_->term(6), std::optional<Term>(2));  // the snapshot's term
    QVERIFY(!log_->term(5).has_value());              // compacted
    QVERIFY(log_->entries(7, 11, 10) == std::vector<Entry>(entries.begin() + 6, entries.end()));
    {
      RawDb raw(dir_.path());
      QCOMPARE(raw.count("SELECT count(*) FROM agency_log"), std::int64_t(4));
      QCOMPARE(raw.count("SELECT min(idx) FROM agency_log"), std::int64_t(7));
    }
    // Compacting everything leaves an empty log after the snapshot.
    QVERIFY(log_->compact(snapshotAt(10, 2, "{}")).isOk());
    verifyDurable();
    QCOMPARE(log_->firstIndex(), Index(11));
    QCOMPARE(log_->lastIndex(), Index(10));
    QCOMPARE(log_->term(10), std::optional<Term>(2));
    // And appending continues after it.
    persistOk(std::nullopt, range(11, 12, 3));
    QCOMPARE(log_->entries(11, 13, 5).size(), std::size_t(2));
  }

  void badCompactionsChangeNothing() {
    persistOk(hardState(2, "", 5), range(1, 5, 2));
    QVERIFY(log_->compact(snapshotAt(3, 2)).isOk());
    const Content before = contentOf(*log_);
    QVERIFY(!log_->compact(snapshotAt(6, 2)).isOk());  // beyond the last index
    QVERIFY(!log_->compact(snapshotAt(4, 1)).isOk());  // wrong term
    QVERIFY(!log_->compact(snapshotAt(2, 2)).isOk());  // behind the snapshot
    QVERIFY(contentOf(*log_) == before);
    verifyDurable();
  }

  void snapshotInstallReplacesAMismatchingLog() {
    persistOk(hardState(1, "", 3), range(1, 5, 1));
    // A leader's snapshot at 8 (term 3): this log does not hold index 8 at all.
    persistOk(hardState(3, "", 8), {}, snapshotAt(8, 3));
    QCOMPARE(log_->firstIndex(), Index(9));
    QCOMPARE(log_->lastIndex(), Index(8));
    QVERIFY(!log_->term(5).has_value());
    QCOMPARE(log_->term(8), std::optional<Term>(3));

    // A snapshot whose index is in the log with another term also replaces the whole log.
    persistOk(std::nullopt, range(9, 12, 3));
    persistOk(std::nullopt, {}, snapshotAt(10, 4));
    QCOMPARE(log_->lastIndex(), Index(10));
    QVERIFY(log_->snapshot() == snapshotAt(10, 4));

    // A snapshot matching the log keeps the entries after it.
    persistOk(std::nullopt, range(11, 14, 4));
    persistOk(std::nullopt, {}, snapshotAt(12, 4));
    QCOMPARE(log_->firstIndex(), Index(13));
    QCOMPARE(log_->lastIndex(), Index(14));

    // Snapshot, entries and hard state in one persist: entries attach after the snapshot, and
    // those the snapshot covers are skipped.
    persistOk(hardState(5, "AGNT-c", 20), range(19, 22, 5), snapshotAt(20, 5));
    QCOMPARE(log_->firstIndex(), Index(21));
    QCOMPARE(log_->lastIndex(), Index(22));
    QCOMPARE(log_->term(21), std::optional<Term>(5));
    QVERIFY(log_->hardState() == hardState(5, "AGNT-c", 20));

    // An older snapshot than the stored one is refused.
    const Content before = contentOf(*log_);
    QVERIFY(!log_->persist(std::nullopt, {}, snapshotAt(15, 5)).isOk());
    QVERIFY(contentOf(*log_) == before);
  }

  void failedPersistChangesNothing() {
    persistOk(hardState(1, "AGNT-a", 2), range(1, 5, 1));
    QVERIFY(log_->setClusterId("c").isOk());
    const Content before = contentOf(*log_);
    RawDb raw(dir_.path());
    // Fails the transaction after it has already deleted the old suffix and inserted entry 3.
    raw.exec(
        "CREATE TRIGGER fail_log BEFORE INSERT ON agency_log WHEN NEW.idx = 4 "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    const Status failed = log_->persist(hardState(2, "AGNT-b", 3), range(3, 6, 2), std::nullopt);
    QVERIFY(!failed.isOk());
    QVERIFY2(failed.message().find("injected failure") != std::string::npos,
             failed.message().c_str());
    QVERIFY(contentOf(*log_) == before);
    verifyDurable();

    // The same for a snapshot install, failing on its last state row.
    raw.exec("DROP TRIGGER fail_log");
    raw.exec(
        "CREATE TRIGGER fail_state BEFORE INSERT ON agency_state WHEN "
        "NEW.key = 'snapshot_data' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    QVERIFY(!log_->persist(hardState(3, "", 4), {}, snapshotAt(9, 3)).isOk());
    QVERIFY(!log_->compact(snapshotAt(3, 1)).isOk());
    QVERIFY(contentOf(*log_) == before);
    verifyDurable();

    // Once the fault is gone the same writes succeed.
    raw.exec("DROP TRIGGER fail_state");
    persistOk(hardState(2, "AGNT-b", 3), range(3, 6, 2));
    QVERIFY(log_->compact(snapshotAt(3, 2)).isOk());
    verifyDurable();
    QCOMPARE(log_->clusterId(), std::string("c"));
  }

  void storeAndLogStoreWriteTheSameFileConcurrently() {
    StoreOptions options;
    options.directory = directory();
    options.reader_connections = 1;
    auto opened = Store::open(options);
    QVERIFY2(opened.isOk(), opened.status().toString().c_str());
    std::unique_ptr<Store> store = std::move(*opened);
    {
      std::promise<Result<CollectionInfo>> created;
      CollectionSpec spec;
      spec.name = "docs";
      store->createCollection("_system", spec,
                              [&](Result<CollectionInfo> r) { created.set_value(std::move(r)); });
      QVERIFY(created.get_future().get().isOk());
    }

    // The document writer inserts one document after another until the agent is done; each
    // completion is counted under `mu`.
    std::mutex mu;
    std::condition_variable progressed;
    bool stop = false;
    int completed = 0;
    int failures = 0;
    std::string first_failure;
    std::thread writer([&] {
      for (;;) {
        {
          std::lock_guard lock(mu);
          if (stop) return;
        }
        std::promise<Result<WriteResult>> done;
        store->insert("_system", "docs", R"({"v":1})", {},
                      [&](Result<WriteResult> r) { done.set_value(std::move(r)); });
        const Result<WriteResult> result = done.get_future().get();
        std::lock_guard lock(mu);
        ++completed;
        if (!result.isOk() || !result->items.front().status.isOk()) {
          if (failures++ == 0) {
            first_failure = result.isOk() ? result->items.front().status.toString()
                                          : result.status().toString();
          }
        }
        progressed.notify_all();
      }
    });

    // Meanwhile the agent persists one Ready after another, compacting now and then. Between
    // two persists it lets at least one insert finish, as a driver that also sends and applies
    // would: both keep asking for the write lock while the other holds it, and neither can
    // starve the other.
    constexpr Index kRounds = 300;
    Status agent_status;
    for (Index i = 1; i <= kRounds && agent_status.isOk(); ++i) {
      int seen;
      {
        std::lock_guard lock(mu);
        seen = completed;
      }
      agent_status = log_->persist(hardState(1, "AGNT-a", i - 1), {entry(i, 1)}, std::nullopt);
      if (agent_status && i % 50 == 0) agent_status = log_->compact(snapshotAt(i - 10, 1));
      std::unique_lock lock(mu);
      progressed.wait(lock, [&] { return completed > seen; });
    }
    int inserted;
    {
      std::lock_guard lock(mu);
      stop = true;
      inserted = completed - failures;
    }
    writer.join();
    QVERIFY2(agent_status.isOk(), agent_status.toString().c_str());
    QVERIFY2(failures == 0, first_failure.c_str());
    QVERIFY(inserted >= int(kRounds));
    QVERIFY(store->count("_system", "docs").value() >= std::uint64_t(inserted));
    store.reset();
    verifyDurable();
    QCOMPARE(log_->lastIndex(), kRounds);
    QCOMPARE(log_->firstIndex(), kRounds - 10 + 1);
  }
};

QTEST_GUILESS_MAIN(SqliteLogStoreTest)
#include "tst_sqlite_log_store.moc"
