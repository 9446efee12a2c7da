#include "storage/store_files.h"

#include <filesystem>

#include "storage/oplog.h"
#include "storage/revision_clock.h"
#include "storage/schema.h"

namespace tandem::storage {
namespace {

std::uint64_t parseUint(const std::optional<std::string>& text) {
  if (!text) return 0;
  try {
    return std::stoull(*text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

Result<StoreFiles> StoreFiles::open(const StoreOptions& options) {
  if (options.directory.empty()) {
    return Status::error(ErrorCode::kBadParameter, "no database directory given");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.directory, ec);
  if (ec) {
    return Status::error(ErrorCode::kInternal, "cannot create database directory " +
                                                   options.directory + ": " + ec.message());
  }
  StoreFiles files;
  files.directory = options.directory;
  files.path = options.directory + "/tandem.db";
  auto lock = DirLock::acquire(options.directory);
  if (!lock) return lock.status();
  files.lock = std::move(*lock);
  auto db = SqliteConnection::open(files.path, ConnectionMode::kReadWrite, kWriterCacheKib);
  if (!db) {
    return Status::error(db.status().code(), files.path +
                                                 " is not a Tandem database or cannot be "
                                                 "opened: " +
                                                 db.status().message());
  }
  files.db = std::move(*db);
  auto version = Schema::version(*files.db, files.path);
  if (!version) return version.status();
  files.version = *version;
  return files;
}

Status StoreFiles::prepare() {
  // 8 KiB pages: documents rows are a few hundred bytes and WITHOUT ROWID keeps whole rows in
  // interior pages too, so larger pages keep the tree shallow; WAL frames (one or two writes
  // each) halve. Only effective before the first table exists.
  if (version == 0) {
    if (Status status = db->exec("PRAGMA page_size=8192"); !status) return status;
  }
  {
    auto stmt = db->prepare("PRAGMA journal_mode=WAL");
    if (!stmt) return stmt.status();
    const int rc = (*stmt)->step();
    if (rc != SQLITE_ROW) return db->error(rc, "cannot switch " + path + " to WAL");
    if ((*stmt)->columnText(0) != "wal") {
      return Status::error(ErrorCode::kInternal, path + " cannot use WAL journal mode (got " +
                                                     (*stmt)->columnString(0) + ")");
    }
  }  // the statement is reset here: no statement may be pending when a transaction commits
  if (version != 0) return Status::ok();
  if (Status status = Schema::create(*db); !status) return status;
  version = kSchemaVersion;
  return Status::ok();
}

Result<WriterSeed> StoreFiles::seed() {
  WriterSeed seed;
  auto server_id = Schema::readMeta(*db, kMetaServerId);
  if (!server_id) return server_id.status();
  seed.server_id = server_id->value_or("");
  auto meta_tick = Schema::readMeta(*db, kMetaLastTick);
  if (!meta_tick) return meta_tick.status();
  auto max_tick = Oplog::maxTick(*db);
  if (!max_tick) return max_tick.status();
  seed.last_tick = std::max(parseUint(*meta_tick), *max_tick);
  auto term = Schema::readMeta(*db, kMetaCurrentTerm);
  if (!term) return term.status();
  seed.term = parseUint(*term);
  auto base_tick = Schema::readMeta(*db, kMetaBaseTick);
  if (!base_tick) return base_tick.status();
  auto base_term = Schema::readMeta(*db, kMetaBaseTerm);
  if (!base_term) return base_term.status();
  seed.base = OplogPosition{parseUint(*base_tick), parseUint(*base_term)};
  auto position = Oplog::lastPosition(*db);
  if (!position) return position.status();
  seed.position = position->tick != 0 ? *position : seed.base;
  auto revision = Oplog::lastRevision(*db);
  if (!revision) return revision.status();
  seed.last_revision = RevisionClock::decode(*revision).value_or(0);
  return seed;
}

}  // namespace tandem::storage
