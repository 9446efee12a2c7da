#include "storage/feed_reader.h"

#include <algorithm>
#include <string>

#include "storage/oplog.h"
#include "storage/schema.h"

namespace tandem::storage {
namespace {

// What the meta table says about the oplog's history.
struct History {
  std::uint64_t pruned = 0;  // highest tick deleted by pruning
  OplogPosition base;        // snapshot base of the last full sync
  std::uint64_t epoch = 0;
};

std::uint64_t number(const std::optional<std::string>& text) {
  return text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
}

Result<History> readHistory(SqliteConnection& db) {
  History history;
  auto pruned = Schema::readMeta(db, kMetaPrunedTick);
  if (!pruned) return pruned.status();
  auto base_tick = Schema::readMeta(db, kMetaBaseTick);
  if (!base_tick) return base_tick.status();
  auto base_term = Schema::readMeta(db, kMetaBaseTerm);
  if (!base_term) return base_term.status();
  auto epoch = Schema::readMeta(db, kMetaHistoryEpoch);
  if (!epoch) return epoch.status();
  history.base = {number(*base_tick), number(*base_term)};
  history.epoch = number(*epoch);
  if (pruned->has_value()) {
    history.pruned = number(*pruned);
    return history;
  }
  // A file from before oplog_pruned_tick: entries below the oldest one may have been pruned.
  auto oldest = Oplog::minTick(db);
  if (!oldest) return oldest.status();
  if (*oldest > 0 && *oldest - 1 > std::max(history.base.tick, kReservedTicks)) {
    history.pruned = *oldest - 1;
  }
  return history;
}

// Entries after `tick` can no longer be read: the first tick a new feed may start from.
std::uint64_t horizon(const History& history) {
  return std::max(history.pruned, history.base.tick);
}

Status pruned(std::uint64_t tick, const History& history) {
  return Status::error(ErrorCode::kChangeFeedGap,
                       "the oplog no longer holds the entries after tick " + std::to_string(tick) +
                           " (pruned up to tick " + std::to_string(history.pruned) +
                           ", snapshot base tick " + std::to_string(history.base.tick) +
                           "): re-read the data, then subscribe again from " + "tick " +
                           std::to_string(horizon(history)) + " or later");
}

Status replaced(std::uint64_t tick) {
  return Status::error(ErrorCode::kChangeFeedGap,
                       "the history up to tick " + std::to_string(tick) +
                           " was replaced (a follower's rollback or full resync): re-read the "
                           "data, then subscribe again from Store::lastTick()");
}

// True if the entry (or the snapshot base) at `position` is still part of the history.
Result<bool> stillThere(SqliteConnection& db, const FeedPosition& position,
                        const History& history) {
  if (position.tick == 0) return true;  // nothing delivered yet
  if (!position.term) return false;     // cannot tell: assume the worst
  if (history.base.tick == position.tick && history.base.term == *position.term) return true;
  auto term = Oplog::termAt(db, position.tick);
  if (!term) return term.status();
  return term->has_value() && **term == *position.term;
}

}  // namespace

Result<FeedPosition> FeedReader::start(SqliteConnection& db, std::uint64_t from_tick) {
  return db.readTransaction<FeedPosition>([&]() -> Result<FeedPosition> {
    auto history = readHistory(db);
    if (!history) return history.status();
    FeedPosition position;
    position.epoch = history->epoch;
    position.tick = from_tick == 0 ? horizon(*history) : from_tick;
    if (position.tick < horizon(*history)) return pruned(position.tick, *history);
    if (position.tick == history->base.tick && position.tick != 0) {
      position.term = history->base.term;
      return position;
    }
    auto term = Oplog::termAt(db, position.tick);
    if (!term) return term.status();
    position.term = *term;
    return position;
  });
}

Result<std::vector<OplogEntry>> FeedReader::next(SqliteConnection& db, FeedPosition& position,
                                                 std::size_t limit) {
  return db.readTransaction<std::vector<OplogEntry>>([&]() -> Result<std::vector<OplogEntry>> {
    auto history = readHistory(db);
    if (!history) return history.status();
    if (history->epoch != position.epoch) {
      auto there = stillThere(db, position, *history);
      if (!there) return there.status();
      if (!*there) return replaced(position.tick);
      position.epoch = history->epoch;
    }
    if (position.tick < horizon(*history)) return pruned(position.tick, *history);
    return Oplog::read(db, position.tick, limit);
  });
}

}  // namespace tandem::storage
