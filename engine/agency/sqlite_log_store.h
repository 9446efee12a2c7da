// SqliteLogStore: the LogStore of a running agent, in tables of its own in the node's
// <directory>/tandem.db (schema version 3: agency_log, agency_state; see storage/schema.cpp).
//
// It opens its own connection to the file (WAL; the document store's writer is another
// connection, SQLite serialises the two writers with a busy timeout). Reads are served from an
// in-memory copy of the uncompacted log, loaded at open (the agency log is small: it is
// compacted every few thousand entries); persist()/compact() write one transaction each with
// synchronous=FULL before they return, then update the copy.
//
// The agent's identity lives here too: its id ("AGNT-<uuid>", made once) and the cluster id,
// fixed when the agency forms.
//
// Thread-safety: none; the agency driver's strand owns it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "agency/log_store.h"
#include "tandem/status.h"

namespace tandem::agency {

class SqliteLogStore final : public LogStore {
 public:
  // Opens <directory>/tandem.db, which must exist at schema version 3 (the Store created or
  // upgraded it). Creates the agent id on first open.
  static Result<std::unique_ptr<SqliteLogStore>> open(const std::string& directory);
  ~SqliteLogStore() override;

  const AgentId& agentId() const;
  // Empty until the agency has formed (bootstrap) or this agent was added to one.
  const std::string& clusterId() const;
  Status setClusterId(const std::string& clusterId);

  HardState hardState() const override;
  const Snapshot& snapshot() const override;
  Index firstIndex() const override;
  Index lastIndex() const override;
  std::optional<Term> term(Index index) const override;
  std::vector<Entry> entries(Index lo, Index hi, std::size_t maxCount) const override;
  Status persist(const std::optional<HardState>& hardState, const std::vector<Entry>& entries,
                 const std::optional<Snapshot>& snapshot) override;
  Status compact(const Snapshot& snapshot) override;

 private:
  struct Impl;
  explicit SqliteLogStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::agency
