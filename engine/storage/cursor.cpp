// CursorState (cursor_state.h), Cursor and Store::openCursor (tandem/store.h).
#include "storage/cursor_state.h"

#include <string>

#include "storage/snapshot_reader.h"
#include "storage/store_impl.h"

namespace tandem {
namespace storage {
namespace {

constexpr std::size_t kDefaultBatch = 1000;
constexpr std::size_t kMaxBatch = 100000;

Status storeClosed() {
  return Status::error(ErrorCode::kShuttingDown,
                       "shutdown in progress: the store of this cursor is closed; open the "
                       "store again and resume with CursorOptions::start_after = lastKey()");
}

}  // namespace

CursorState::CursorState(ReaderPool& readers, CursorTarget target,
                         std::unique_ptr<StoreSnapshot> snapshot, std::string start_after,
                         std::size_t batch_size)
    : target_(std::move(target)),
      batch_size_(batch_size),
      last_key_(std::move(start_after)),
      readers_(&readers),
      snapshot_(std::move(snapshot)),
      pinned_(snapshot_ != nullptr) {}

Result<std::vector<Document>> CursorState::next() {
  if (done_) return std::vector<Document>();
  std::lock_guard lock(mu_);
  if (readers_ == nullptr) return storeClosed();
  auto chunk = pinned_ ? snapshot_->dump(target_.db, target_.collection, last_key_, batch_size_)
                       : readPooled();
  if (!chunk) return chunk.status();
  if (!chunk->docs.empty()) last_key_ = chunk->last_key;
  done_ = !chunk->more;
  return std::move(chunk->docs);
}

Result<DumpChunk> CursorState::readPooled() {
  auto lease = readers_->acquire();
  if (!lease) return lease.status();
  SqliteConnection& db = **lease;
  return db.readTransaction<DumpChunk>([&]() -> Result<DumpChunk> {
    auto found = SnapshotReader::collection(db, target_.db, target_.collection);
    if (!found) return found.status();
    if (found->id != target_.collection_id) {
      return Status::error(ErrorCode::kDataSourceNotFound,
                           "collection or view not found: " + target_.collection +
                               " was dropped while the cursor walked it; open a new cursor");
    }
    return SnapshotReader::dump(db, target_.collection_id, target_.collection, last_key_,
                                batch_size_);
  });
}

void CursorState::shutdown() {
  std::lock_guard lock(mu_);
  readers_ = nullptr;
  snapshot_.reset();  // ends the pinned read transaction before the store's last checkpoint
}

}  // namespace storage

struct Cursor::Impl {
  std::shared_ptr<storage::CursorState> state;
};

Cursor::Cursor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Cursor::~Cursor() = default;

Result<std::vector<Document>> Cursor::next() { return impl_->state->next(); }
bool Cursor::done() const { return impl_->state->done(); }
const std::string& Cursor::lastKey() const { return impl_->state->lastKey(); }

Result<std::unique_ptr<Cursor>> Store::openCursor(std::string_view db, std::string_view collection,
                                                  const CursorOptions& options) const {
  if (impl_->closed) return impl_->closedStatus();
  const std::size_t batch = options.batch_size == 0 ? storage::kDefaultBatch : options.batch_size;
  if (batch > storage::kMaxBatch) {
    return Status::error(ErrorCode::kBadParameter,
                         "cursor batch_size " + std::to_string(batch) +
                             " is above 100000: pass 1..100000 (0 for 1000)");
  }
  auto entry = impl_->catalog.find(db, collection);
  if (!entry) return entry.status();
  storage::CursorTarget target{std::string(db), std::string(collection), (*entry)->id};
  std::unique_ptr<StoreSnapshot> snapshot;
  if (options.snapshot) {
    auto opened = openSnapshot();
    if (!opened) return opened.status();
    // Dropped between the catalog lookup and the snapshot: the snapshot decides.
    if (auto count = (*opened)->documentCount(db, collection); !count) return count.status();
    snapshot = std::move(*opened);
  }
  auto state = std::make_shared<storage::CursorState>(
      *impl_->readers, std::move(target), std::move(snapshot), options.start_after, batch);
  if (!impl_->cursors.add(state, [] {})) return impl_->closedStatus();
  auto impl = std::make_unique<Cursor::Impl>();
  impl->state = std::move(state);
  return std::make_unique<Cursor>(std::move(impl));
}

}  // namespace tandem
