// WriteContext: the state the writer thread carries from batch to batch — its connection,
// the tick and revision counters, the current term — and the bookkeeping of one batch
// (documents written, collections whose count or key generator moved), so a rolled-back batch
// leaves no trace in memory either.
//
// Thread-safety: owned by the Writer and used only on the writer thread (and by the closing
// thread after the writer thread has been joined).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/catalog.h"
#include "storage/oplog.h"
#include "storage/revision_clock.h"
#include "storage/sqlite_connection.h"

namespace tandem::storage {

struct WriterSeed {
  std::uint64_t last_tick = 0;
  std::uint64_t term = 0;
  std::uint64_t last_revision = 0;
  std::string server_id;
  OplogPosition position;  // newest oplog entry, else the snapshot base
  OplogPosition base;      // snapshot base of the last full sync ({0, 0} if none)
};

class WriteContext {
 public:
  WriteContext(std::unique_ptr<SqliteConnection> db, Catalog& catalog, const WriterSeed& seed);

  SqliteConnection& db() { return *db_; }
  // Closes the writer connection (after a final checkpoint); the context is unusable after.
  void closeConnection();
  Catalog& catalog() { return catalog_; }
  const std::string& serverId() const { return server_id_; }
  // "h<12 hex digits>" derived from the server id: the globallyUniqueId prefix.
  const std::string& globalIdPrefix() const { return global_id_prefix_; }

  std::uint64_t nextTick() { return ++tick_; }
  std::uint64_t lastTick() const { return tick_; }
  std::uint64_t term() const { return term_; }
  // Raises the term stamped on later entries (a lower value is ignored); the caller persists
  // meta.current_term in the same transaction.
  void raiseTerm(std::uint64_t term) {
    if (term > term_) term_ = term;
  }
  // Ensures later ticks are above `tick` (entries copied from a leader keep their ticks).
  void observeTick(std::uint64_t tick) {
    if (tick > tick_) tick_ = tick;
  }
  void observeRevision(std::uint64_t revision) { clock_.observe(revision); }
  // (tick, term) of the newest oplog entry, or the snapshot base when the oplog has none.
  OplogPosition position() const { return position_; }
  void setPosition(OplogPosition position) { position_ = position; }
  OplogPosition base() const { return base_; }
  void setBase(OplogPosition base) { base_ = base; }
  std::string nextRevision() { return RevisionClock::encode(clock_.next()); }
  // A buffer for composing one document at a time; its capacity is kept between documents.
  std::string& scratch() { return scratch_; }

  // Appends an oplog entry with a fresh tick (or the given one, for DDL ids); returns its tick.
  // Entries are buffered and reach SQLite in multi-row statements, at the latest in
  // flushBatch(): nothing in the writer reads the oplog inside its own transaction.
  Result<std::uint64_t> appendOplog(OplogRecord record);
  // Appends a leader's entry as it is: its own tick and term (a follower's copy).
  Status appendReplicated(const OplogRecord& record);

  // Batch bookkeeping.
  void beginBatch();
  // Remembers `entry` for the batch (its key generator state is restored on rollback) and
  // adds `count_delta` to its pending document count.
  void touch(CollectionEntry& entry, std::int64_t count_delta);
  void countWrite() { ++batch_documents_written_; }
  // Writes the buffered oplog entries, the batch's collection counters and the last tick
  // (inside the transaction).
  Status flushBatch();
  // After COMMIT: publishes pending counts. Returns the documents written by the batch.
  std::uint64_t commitBatch();
  // Count of `entry` as this batch left it so far (committed count + pending delta).
  std::uint64_t pendingCount(CollectionEntry& entry) const;
  // After ROLLBACK: restores the tick, term, position and key generator states.
  void rollbackBatch();

 private:
  struct Touched {
    std::int64_t count_delta = 0;
    std::uint64_t original_last_value = 0;
  };

  std::unique_ptr<SqliteConnection> db_;
  Catalog& catalog_;
  std::string server_id_;
  std::string global_id_prefix_;
  RevisionClock clock_;
  std::uint64_t tick_;
  std::uint64_t term_;
  OplogPosition position_;
  OplogPosition base_;

  std::string scratch_;
  OplogBuffer oplog_;  // entries of this batch not yet written

  std::uint64_t batch_start_tick_ = 0;
  std::uint64_t batch_start_term_ = 0;
  OplogPosition batch_start_position_;
  OplogPosition batch_start_base_;
  std::uint64_t batch_documents_written_ = 0;
  std::unordered_map<CollectionEntry*, Touched> touched_;
};

}  // namespace tandem::storage
