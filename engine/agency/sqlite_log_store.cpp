// SqliteLogStore: the agent's log, hard state, snapshot and identity in tandem.db
// (tables agency_log and agency_state; their field table is at the top of storage/schema.cpp).
//
// Every write follows one pattern: decide everything against the in-memory copy without
// changing it (a Plan), write the plan in one BEGIN IMMEDIATE transaction, and only after
// COMMIT succeeded update the copy. A failure anywhere therefore leaves both the file and the
// copy as they were, which is what LogStore promises ("nothing changes when it fails").
//
// Invariant of the copy (checked on load): entries[k].index == snapshot.meta.index + 1 + k.
#include "agency/sqlite_log_store.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "storage/random_id.h"
#include "storage/schema.h"
#include "storage/sqlite_connection.h"
#include "tandem/store.h"

namespace tandem::agency {
namespace {

namespace json = boost::json;
using storage::SqliteConnection;
using storage::SqliteStatement;

constexpr int kCacheKib = 2048;  // the agency's tables are small; most reads hit the copy

// agency_state keys.
constexpr std::string_view kAgentId = "agent_id";
constexpr std::string_view kClusterId = "cluster_id";
constexpr std::string_view kTerm = "term";
constexpr std::string_view kVote = "vote";
constexpr std::string_view kCommit = "commit";
constexpr std::string_view kSnapshotIndex = "snapshot_index";
constexpr std::string_view kSnapshotTerm = "snapshot_term";
constexpr std::string_view kSnapshotMembers = "snapshot_members";
constexpr std::string_view kSnapshotData = "snapshot_data";

// Binds bytes as a BLOB. A null pointer would bind NULL, so empty data points at "".
int bindBlob(SqliteStatement& stmt, int index, std::string_view bytes) {
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  return sqlite3_bind_blob(stmt.handle(), index, data, static_cast<int>(bytes.size()),
                           SQLITE_STATIC);
}

std::string columnBytes(const SqliteStatement& stmt, int column) {
  const void* data = sqlite3_column_blob(stmt.handle(), column);
  const int size = sqlite3_column_bytes(stmt.handle(), column);
  if (data == nullptr || size <= 0) return {};
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

Status putState(SqliteConnection& db, std::string_view key, std::string_view value) {
  auto stmt = db.prepare("INSERT OR REPLACE INTO agency_state(key, value) VALUES(?1, ?2)");
  if (!stmt) return stmt.status();
  (*stmt)->bindText(1, key);
  if (int rc = bindBlob(**stmt, 2, value); rc != SQLITE_OK) {
    return db.error(rc, "cannot bind agency state");
  }
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot write agency state " + std::string(key));
  return Status::ok();
}

Status putSnapshot(SqliteConnection& db, const Snapshot& snapshot) {
  json::object members;
  for (const auto& [id, address] : snapshot.meta.configuration.members) members[id] = address;
  const std::pair<std::string_view, std::string> rows[] = {
      {kSnapshotIndex, std::to_string(snapshot.meta.index)},
      {kSnapshotTerm, std::to_string(snapshot.meta.term)},
      {kSnapshotMembers, json::serialize(members)},
      {kSnapshotData, snapshot.data},
  };
  for (const auto& [key, value] : rows) {
    if (Status status = putState(db, key, value); !status) return status;
  }
  return Status::ok();
}

Status putHardState(SqliteConnection& db, const HardState& state) {
  if (Status status = putState(db, kTerm, std::to_string(state.term)); !status) return status;
  if (Status status = putState(db, kVote, state.vote); !status) return status;
  return putState(db, kCommit, std::to_string(state.commit));
}

Status deleteEntries(SqliteConnection& db, Index from, Index to) {
  auto stmt = db.prepare("DELETE FROM agency_log WHERE idx >= ?1 AND idx <= ?2");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, from);
  (*stmt)->bindUint64(2, to);
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) return db.error(rc, "cannot delete agency log entries");
  return Status::ok();
}

Status insertEntry(SqliteConnection& db, const Entry& entry) {
  auto stmt = db.prepare("INSERT INTO agency_log(idx, term, type, data) VALUES(?1, ?2, ?3, ?4)");
  if (!stmt) return stmt.status();
  (*stmt)->bindUint64(1, entry.index);
  (*stmt)->bindUint64(2, entry.term);
  (*stmt)->bindInt64(3, static_cast<std::int64_t>(entry.type));
  if (int rc = bindBlob(**stmt, 4, entry.data); rc != SQLITE_OK) {
    return db.error(rc, "cannot bind agency log entry");
  }
  const int rc = (*stmt)->step();
  if (rc != SQLITE_DONE) {
    return db.error(rc, "cannot write agency log entry " + std::to_string(entry.index));
  }
  return Status::ok();
}

Result<std::uint64_t> parseUnsigned(const std::map<std::string, std::string, std::less<>>& rows,
                                    std::string_view key, const std::string& path) {
  const auto found = rows.find(key);
  if (found == rows.end()) return std::uint64_t(0);
  const std::string& text = found->second;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::error(ErrorCode::kInternal, "agency state in " + path + " is damaged: " +
                                                   std::string(key) + " = \"" + text + "\"");
  }
  return value;
}

}  // namespace

struct SqliteLogStore::Impl {
  std::string path;
  std::unique_ptr<SqliteConnection> db;
  AgentId agent_id;
  std::string cluster_id;
  HardState hard_state;
  Snapshot snapshot;
  std::vector<Entry> entries;  // entries[k].index == snapshot.meta.index + 1 + k

  Index lastIndex() const { return snapshot.meta.index + entries.size(); }

  std::optional<Term> term(Index index) const {
    if (index == snapshot.meta.index) return snapshot.meta.term;
    if (index < snapshot.meta.index || index > lastIndex()) return std::nullopt;
    return entries[index - snapshot.meta.index - 1].term;
  }

  Status fail(const std::string& problem) const {
    return Status::error(ErrorCode::kInternal, "agency log in " + path + ": " + problem);
  }

  Status load();
  Status loadState();
  Status loadEntries();

  // What persist() does, decided against the unchanged copy.
  struct PersistPlan {
    bool install = false;    // a snapshot is installed
    bool keep_tail = false;  // ... and it matches the log: the entries after it stay
    Index base = 0;          // the snapshot index after the write
    std::size_t skip = 0;    // leading new entries the snapshot covers
    bool append = false;     // new entries are written, from index `from` on
    Index from = 0;
  };
  Result<PersistPlan> plan(const std::vector<Entry>& new_entries,
                           const std::optional<Snapshot>& new_snapshot) const;
  // The plan's SQL (inside the caller's transaction), then, after COMMIT, the copy's update.
  Status write(const PersistPlan& plan, const std::optional<HardState>& hard,
               const std::vector<Entry>& new_entries, const std::optional<Snapshot>& new_snapshot);
  void update(const PersistPlan& plan, const std::optional<HardState>& hard,
              const std::vector<Entry>& new_entries, const std::optional<Snapshot>& new_snapshot);
};

Status SqliteLogStore::Impl::loadState() {
  std::map<std::string, std::string, std::less<>> rows;
  {
    auto stmt = db->prepare("SELECT key, value FROM agency_state");
    if (!stmt) return stmt.status();
    int rc;
    while ((rc = (*stmt)->step()) == SQLITE_ROW) {
      rows[(*stmt)->columnString(0)] = columnBytes(**stmt, 1);
    }
    if (rc != SQLITE_DONE) return db->error(rc, "cannot read agency state");
  }
  auto text = [&](std::string_view key) {
    const auto found = rows.find(key);
    return found == rows.end() ? std::string() : found->second;
  };
  agent_id = text(kAgentId);
  cluster_id = text(kClusterId);
  hard_state.vote = text(kVote);
  snapshot.data = text(kSnapshotData);
  const std::pair<std::string_view, std::uint64_t*> numbers[] = {
      {kTerm, &hard_state.term},
      {kCommit, &hard_state.commit},
      {kSnapshotIndex, &snapshot.meta.index},
      {kSnapshotTerm, &snapshot.meta.term},
  };
  for (const auto& [key, out] : numbers) {
    auto value = parseUnsigned(rows, key, path);
    if (!value) return value.status();
    *out = *value;
  }
  const std::string members_text = text(kSnapshotMembers);
  if (!members_text.empty()) {
    std::error_code ec;
    const json::value members = json::parse(members_text, ec);
    if (ec || !members.is_object()) return fail("snapshot members are not a JSON object");
    for (const auto& member : members.get_object()) {
      if (!member.value().is_string()) return fail("snapshot member without an address");
      snapshot.meta.configuration.members[std::string(member.key())] =
          std::string(member.value().get_string());
    }
  }
  return Status::ok();
}

Status SqliteLogStore::Impl::loadEntries() {
  auto stmt = db->prepare("SELECT idx, term, type, data FROM agency_log ORDER BY idx");
  if (!stmt) return stmt.status();
  int rc;
  while ((rc = (*stmt)->step()) == SQLITE_ROW) {
    Entry entry;
    entry.index = (*stmt)->columnUint64(0);
    entry.term = (*stmt)->columnUint64(1);
    const std::int64_t type = (*stmt)->columnInt64(2);
    if (type != static_cast<int>(EntryType::kNormal) &&
        type != static_cast<int>(EntryType::kConfChange)) {
      return fail("entry " + std::to_string(entry.index) + " has unknown type " +
                  std::to_string(type));
    }
    entry.type = static_cast<EntryType>(type);
    entry.data = columnBytes(**stmt, 3);
    if (entry.index != lastIndex() + 1) {
      return fail("entry " + std::to_string(entry.index) + " follows index " +
                  std::to_string(lastIndex()) + " (the log must be contiguous after the snapshot)");
    }
    entries.push_back(std::move(entry));
  }
  if (rc != SQLITE_DONE) return db->error(rc, "cannot read agency log");
  return Status::ok();
}

Status SqliteLogStore::Impl::load() {
  if (Status status = loadState(); !status) return status;
  if (Status status = loadEntries(); !status) return status;
  if (!agent_id.empty()) return Status::ok();
  AgentId fresh = "AGNT-" + storage::randomUuid();
  if (Status status = db->immediateTransaction([&] { return putState(*db, kAgentId, fresh); });
      !status) {
    return status;
  }
  agent_id = std::move(fresh);
  return Status::ok();
}

Result<std::unique_ptr<SqliteLogStore>> SqliteLogStore::open(const std::string& directory) {
  auto impl = std::make_unique<Impl>();
  impl->path = directory + "/tandem.db";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(impl->path, ec)) {
    // Opening would create an empty file, which the document store would then take for new.
    return Status::error(
        ErrorCode::kInternal,
        "no database at " + impl->path + ": the document store creates it, open the Store first");
  }
  auto db = SqliteConnection::open(impl->path, storage::ConnectionMode::kReadWrite, kCacheKib);
  if (!db) return db.status();
  impl->db = std::move(*db);
  auto version = storage::Schema::version(*impl->db, impl->path);
  if (!version) return version.status();
  if (*version != kSchemaVersion) {
    return Status::error(ErrorCode::kInternal, impl->path + " has schema version " +
                                                   std::to_string(*version) + ", the agent needs " +
                                                   std::to_string(kSchemaVersion) +
                                                   " (open or upgrade the Store first)");
  }
  // The Raft core promises votes and acknowledgements only after persist() returned: every
  // commit of this connection must reach the disk.
  if (Status status = impl->db->exec("PRAGMA synchronous=FULL"); !status) return status;
  if (Status status = impl->load(); !status) return status;
  return std::unique_ptr<SqliteLogStore>(new SqliteLogStore(std::move(impl)));
}

SqliteLogStore::SqliteLogStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteLogStore::~SqliteLogStore() = default;

const AgentId& SqliteLogStore::agentId() const { return impl_->agent_id; }
const std::string& SqliteLogStore::clusterId() const { return impl_->cluster_id; }

Status SqliteLogStore::setClusterId(const std::string& clusterId) {
  Impl& s = *impl_;
  if (Status status =
          s.db->immediateTransaction([&] { return putState(*s.db, kClusterId, clusterId); });
      !status) {
    return status;
  }
  s.cluster_id = clusterId;
  return Status::ok();
}

HardState SqliteLogStore::hardState() const { return impl_->hard_state; }
const Snapshot& SqliteLogStore::snapshot() const { return impl_->snapshot; }
Index SqliteLogStore::firstIndex() const { return impl_->snapshot.meta.index + 1; }
Index SqliteLogStore::lastIndex() const { return impl_->lastIndex(); }
std::optional<Term> SqliteLogStore::term(Index index) const { return impl_->term(index); }

std::vector<Entry> SqliteLogStore::entries(Index lo, Index hi, std::size_t maxCount) const {
  const Impl& s = *impl_;
  // Outside the contract (a caller's bug) nothing is returned, as MemoryLogStore does, rather
  // than reading past the copy.
  if (lo < firstIndex() || lo >= hi || hi > s.lastIndex() + 1) return {};
  const std::size_t count = std::max<std::size_t>(1, std::min<std::size_t>(hi - lo, maxCount));
  const auto begin = s.entries.begin() + static_cast<std::ptrdiff_t>(lo - firstIndex());
  return std::vector<Entry>(begin, begin + static_cast<std::ptrdiff_t>(count));
}

Status SqliteLogStore::persist(const std::optional<HardState>& hardState,
                               const std::vector<Entry>& entries,
                               const std::optional<Snapshot>& snapshot) {
  Impl& s = *impl_;
  auto plan = s.plan(entries, snapshot);
  if (!plan) return plan.status();
  if (!plan->install && !plan->append && !hardState) return Status::ok();  // no write lock
  Status status =
      s.db->immediateTransaction([&] { return s.write(*plan, hardState, entries, snapshot); });
  if (!status) return status;
  s.update(*plan, hardState, entries, snapshot);
  return Status::ok();
}

Result<SqliteLogStore::Impl::PersistPlan> SqliteLogStore::Impl::plan(
    const std::vector<Entry>& new_entries, const std::optional<Snapshot>& new_snapshot) const {
  PersistPlan plan;
  plan.install = new_snapshot.has_value();
  if (plan.install && new_snapshot->meta.index < snapshot.meta.index) {
    return fail("snapshot at index " + std::to_string(new_snapshot->meta.index) +
                " is older than the stored one at " + std::to_string(snapshot.meta.index));
  }
  // When the snapshot's last entry is in the log with the same term, the log after it is a
  // continuation of the snapshot's history and is kept; otherwise the whole log is replaced.
  plan.keep_tail = plan.install && term(new_snapshot->meta.index) == new_snapshot->meta.term;
  plan.base = plan.install ? new_snapshot->meta.index : snapshot.meta.index;
  const Index last = plan.install && !plan.keep_tail ? plan.base : std::max(plan.base, lastIndex());
  // Entries the (new) snapshot already covers are committed, hence identical: skipped rather
  // than refused.
  while (plan.skip < new_entries.size() && new_entries[plan.skip].index <= plan.base) ++plan.skip;
  for (std::size_t i = 1; i < new_entries.size(); ++i) {
    if (new_entries[i].index != new_entries[i - 1].index + 1) {
      return fail("entries to persist are not contiguous (" +
                  std::to_string(new_entries[i - 1].index) + " then " +
                  std::to_string(new_entries[i].index) + ")");
    }
  }
  plan.append = plan.skip < new_entries.size();
  plan.from = plan.append ? new_entries[plan.skip].index : 0;
  if (plan.append && plan.from > last + 1) {
    return fail("entry " + std::to_string(plan.from) + " would leave a gap after index " +
                std::to_string(last));
  }
  return plan;
}

Status SqliteLogStore::Impl::write(const PersistPlan& plan, const std::optional<HardState>& hard,
                                   const std::vector<Entry>& new_entries,
                                   const std::optional<Snapshot>& new_snapshot) {
  if (plan.install) {
    if (Status status = putSnapshot(*db, *new_snapshot); !status) return status;
    const Index upto = plan.keep_tail ? new_snapshot->meta.index : INT64_MAX;
    if (Status status = deleteEntries(*db, 0, upto); !status) return status;
  }
  if (plan.append) {
    if (Status status = deleteEntries(*db, plan.from, INT64_MAX); !status) return status;
    for (std::size_t i = plan.skip; i < new_entries.size(); ++i) {
      if (Status status = insertEntry(*db, new_entries[i]); !status) return status;
    }
  }
  if (hard) return putHardState(*db, *hard);
  return Status::ok();
}

void SqliteLogStore::Impl::update(const PersistPlan& plan, const std::optional<HardState>& hard,
                                  const std::vector<Entry>& new_entries,
                                  const std::optional<Snapshot>& new_snapshot) {
  if (plan.install) {
    if (plan.keep_tail) {
      entries.erase(entries.begin(),
                    entries.begin() + static_cast<std::ptrdiff_t>(plan.base - snapshot.meta.index));
    } else {
      entries.clear();
    }
    snapshot = *new_snapshot;
  }
  if (plan.append) {
    entries.resize(plan.from - plan.base - 1);  // drop the overwritten suffix
    entries.insert(entries.end(), new_entries.begin() + static_cast<std::ptrdiff_t>(plan.skip),
                   new_entries.end());
  }
  if (hard) hard_state = *hard;
}

Status SqliteLogStore::compact(const Snapshot& snapshot) {
  Impl& s = *impl_;
  const Index index = snapshot.meta.index;
  if (index < s.snapshot.meta.index) {
    return s.fail("cannot compact to index " + std::to_string(index) + ", behind the snapshot at " +
                  std::to_string(s.snapshot.meta.index));
  }
  if (index > s.lastIndex()) {
    return s.fail("cannot compact to index " + std::to_string(index) + " beyond the last index " +
                  std::to_string(s.lastIndex()));
  }
  if (s.term(index) != snapshot.meta.term) {
    return s.fail("snapshot at index " + std::to_string(index) + " has term " +
                  std::to_string(snapshot.meta.term) + ", the log has " +
                  std::to_string(*s.term(index)));
  }
  Status status = s.db->immediateTransaction([&]() -> Status {
    if (Status st = putSnapshot(*s.db, snapshot); !st) return st;
    return deleteEntries(*s.db, 0, index);
  });
  if (!status) return status;
  s.entries.erase(s.entries.begin(),
                  s.entries.begin() + static_cast<std::ptrdiff_t>(index - s.snapshot.meta.index));
  s.snapshot = snapshot;
  return Status::ok();
}

}  // namespace tandem::agency
