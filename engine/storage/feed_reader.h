// FeedReader: the SQL of a change feed (ChangeFeed, change_feed.h). Each call runs in ONE read
// transaction, so the checks that a feed may go on and the entries it then reads come from
// the same commit.
//
// A feed may go on from tick p iff the entries after p are still in the oplog and the entries
// up to p are still the history the feed delivered. Ticks are not dense (the first entry of a
// store is 101, ticks skip after a rollback, a follower copies its leader's ticks), so neither
// is decided by comparing p with the oldest retained tick:
//  - pruned: meta.oplog_pruned_tick is the highest tick pruneOplog() ever deleted; entries
//    after p are gone iff it exceeds p. A full sync's base above p means the same.
//  - replaced: meta.history_epoch moves with every rollback that removed entries and every full
//    sync. When it moved, the feed looks up the entry it stands on, (p, term): if it is gone
//    (or the snapshot base is no longer p), the history it delivered was replaced. An anchor
//    pruned meanwhile cannot be looked up; then the feed ends too (a rare, safe false alarm).
//
// Thread-safety: stateless; the caller owns the connection (a pooled reader).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "storage/sqlite_connection.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

// Where a feed stands.
struct FeedPosition {
  std::uint64_t tick = 0;             // every entry with a tick <= this has been examined
  std::optional<std::uint64_t> term;  // term of the entry (or snapshot base) at `tick`, if known
  std::uint64_t epoch = 0;            // meta.history_epoch when the position was last verified
};

class FeedReader {
 public:
  // The position of a feed starting after `from_tick` (0: before the oldest entry the oplog
  // holds). kChangeFeedGap if entries after from_tick were pruned or lie before the snapshot
  // base of a full sync.
  static Result<FeedPosition> start(SqliteConnection& db, std::uint64_t from_tick);
  // Verifies `position` (updating its epoch) and reads at most `limit` entries after it.
  // kChangeFeedGap when the feed cannot go on.
  static Result<std::vector<OplogEntry>> next(SqliteConnection& db, FeedPosition& position,
                                              std::size_t limit);
};

}  // namespace tandem::storage
