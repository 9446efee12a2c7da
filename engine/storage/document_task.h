// DocumentTask: a document write request (insert, replace, update, remove) executed by the
// writer thread inside a group-commit transaction.
//
// Per-document failures (duplicate key, missing document, revision mismatch, ...) are decided
// before anything is written for that document, so a failed document changes nothing and the
// others of the request go on. Each document change writes exactly one oplog entry in the same
// transaction. Later documents of a request see the earlier ones.
//
// Thread-safety: see write_task.h.
#pragma once

#include <memory>
#include <string>

#include "storage/catalog.h"
#include "storage/document_table.h"
#include "storage/write_request.h"
#include "storage/write_task.h"
#include "tandem/store.h"

namespace tandem::storage {

class DocumentTask final : public WriteTask {
 public:
  DocumentTask(WriteKind kind, std::string db, std::string collection, WriteOptions options,
               WriteRequest request, WriteCallback done);

  std::size_t operationCount() const override { return request_.items.size(); }
  bool exclusive() const override { return false; }
  bool prepare(const Catalog& catalog) override;
  Status apply(WriteContext& context) override;
  void complete(const Status& batch) override;

 private:
  // Each returns non-OK only for failures that break the transaction; the document's own
  // outcome goes to `out`.
  Status applyOne(WriteContext& context, std::size_t index, DocumentResult& out);
  Status insert(WriteContext& context, std::size_t index, DocumentResult& out);
  Status overwrite(WriteContext& context, std::size_t index, const std::string& key,
                   StoredDocument& existing, DocumentResult& out);
  Status modify(WriteContext& context, std::size_t index, DocumentResult& out);
  Status remove(WriteContext& context, std::size_t index, DocumentResult& out);
  // Stores a new revision of `key` built from `parts` (insert when `existing` is null).
  Status store(WriteContext& context, const std::string& key, const PartsView& parts,
               const StoredDocument* existing, DocumentResult& out);
  // The new parts of an update: `existing` merged with the patch of item `index`.
  OwnedParts merged(const StoredDocument& existing, std::size_t index) const;
  bool validEdge(const PartsView& parts) const;
  bool revisionMatches(const DocumentInput& input, const StoredDocument& existing,
                       const std::string& key, DocumentResult& out) const;
  std::string idOf(const std::string& key) const;

  WriteKind kind_;
  std::string db_;
  std::string collection_name_;
  WriteOptions options_;
  WriteRequest request_;
  WriteCallback done_;

  std::shared_ptr<CollectionEntry> collection_;  // resolved by prepare()
  Status resolve_status_;                        // why it could not be resolved
  bool sync_ = false;
  std::int64_t count_delta_ = 0;  // documents added minus removed by apply()
  WriteResult result_;
};

}  // namespace tandem::storage
