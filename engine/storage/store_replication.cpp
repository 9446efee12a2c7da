// Store: the replication members (engine/replication/DESIGN.md).
#include "tandem/store.h"

namespace tandem {

OplogPosition Store::lastPosition() const { return OplogPosition{lastTick(), 0}; }

std::uint64_t Store::currentTerm() const { return 0; }

void Store::beginTerm(std::uint64_t, std::string, std::function<void(Result<OplogPosition>)> done) {
  done(Status::error(ErrorCode::kNotImplemented, "beginTerm is not implemented yet"));
}

std::uint64_t Store::waitForTick(std::uint64_t, std::chrono::milliseconds) const {
  return lastTick();
}

}  // namespace tandem
