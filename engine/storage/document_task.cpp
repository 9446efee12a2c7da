#include "storage/document_task.h"

#include "storage/key_generator.h"
#include "storage/write_context.h"

namespace tandem::storage {
namespace {

Status uniqueViolation(const std::string& key) {
  return Status::error(ErrorCode::kUniqueConstraintViolated,
                       "unique constraint violated - in index primary of type primary over "
                       "'_key'; conflicting key: " +
                           key);
}

Status notFound() { return Status::error(ErrorCode::kDocumentNotFound); }

// If-Match values may arrive quoted (an ETag) or padded: compare the bare revision.
std::string_view bareRevision(std::string_view rev) {
  while (!rev.empty() && (rev.front() == ' ' || rev.front() == '\t')) rev.remove_prefix(1);
  while (!rev.empty() && (rev.back() == ' ' || rev.back() == '\t')) rev.remove_suffix(1);
  if (!rev.empty() && (rev.front() == '"' || rev.front() == '\'')) rev.remove_prefix(1);
  if (!rev.empty() && (rev.back() == '"' || rev.back() == '\'')) rev.remove_suffix(1);
  return rev;
}

void writeRemoveBody(const std::string& key, const std::string& rev, std::string& body) {
  body.clear();
  body.append("{\"_key\":\"").append(key).append("\",\"_rev\":\"").append(rev).append("\"}");
}

}  // namespace

DocumentTask::DocumentTask(WriteKind kind, std::string db, std::string collection,
                           WriteOptions options, WriteRequest request, WriteCallback done)
    : kind_(kind),
      db_(std::move(db)),
      collection_name_(std::move(collection)),
      options_(std::move(options)),
      request_(std::move(request)),
      done_(std::move(done)) {}

bool DocumentTask::prepare(const Catalog& catalog) {
  if (!request_.status) return false;
  auto found = catalog.find(db_, collection_name_);
  if (!found) {
    resolve_status_ = found.status();
    return false;
  }
  collection_ = std::move(*found);
  sync_ = options_.wait_for_sync.value_or(collection_->info.wait_for_sync);
  return sync_;
}

Status DocumentTask::apply(WriteContext& context) {
  if (!request_.status || !collection_) return Status::ok();
  result_ = WriteResult{};
  result_.is_array = request_.is_array;
  result_.synced = sync_;
  result_.items.resize(request_.items.size());
  context.touch(*collection_, 0);  // before any key is generated: rollback restores it
  const std::uint64_t tick_before = context.lastTick();
  count_delta_ = 0;
  for (std::size_t i = 0; i < request_.items.size(); ++i) {
    if (Status status = applyOne(context, i, result_.items[i]); !status) return status;
  }
  context.touch(*collection_, count_delta_);
  if (context.lastTick() != tick_before) result_.last_tick = context.lastTick();
  return Status::ok();
}

void DocumentTask::complete(const Status& batch) {
  if (!done_) return;
  if (!request_.status) {
    done_(request_.status);
  } else if (!batch) {
    done_(batch);
  } else if (!collection_) {
    done_(resolve_status_.isOk() ? batch : resolve_status_);
  } else {
    done_(std::move(result_));
  }
}

Status DocumentTask::applyOne(WriteContext& context, std::size_t index, DocumentResult& out) {
  const DocumentInput& input = request_.items[index];
  if (!input.status) {
    out.status = input.status;
    return Status::ok();
  }
  if (!input.id_collection.empty() && input.id_collection != collection_name_) {
    out.status = Status::error(ErrorCode::kDocumentHandleBad);
    return Status::ok();
  }
  switch (kind_) {
    case WriteKind::kInsert:
      return insert(context, index, out);
    case WriteKind::kReplace:
    case WriteKind::kUpdate:
      return modify(context, index, out);
    case WriteKind::kRemove:
      return remove(context, index, out);
  }
  return Status::ok();
}

Status DocumentTask::insert(WriteContext& context, std::size_t index, DocumentResult& out) {
  const DocumentInput& input = request_.items[index];
  CollectionEntry& collection = *collection_;
  const KeyOptions& key_options = collection.info.key_options;
  std::string key = input.key;
  const bool user_key = !key.empty();
  if (user_key && !key_options.allow_user_keys) {
    out.status = Status::error(ErrorCode::kDocumentKeyUnexpected);
    return Status::ok();
  }
  if (user_key &&
      options_.overwrite_mode.value_or(OverwriteMode::kConflict) != OverwriteMode::kConflict) {
    auto found = DocumentTable::find(context.db(), collection.id, key, true);
    if (!found) return found.status();
    if (found->has_value()) return overwrite(context, index, key, **found, out);
  }
  OwnedParts from_patch;
  PartsView parts = request_.parts(index);
  if (input.has_patch) {
    from_patch.parts = DocumentBody::split(request_.patch(index), from_patch.text);
    parts = from_patch.view();
  }
  if (!validEdge(parts)) {
    out.status = Status::error(ErrorCode::kInvalidEdgeAttribute);
    return Status::ok();
  }
  if (!user_key) {
    std::uint64_t last_value = collection.last_value.load();
    auto generated = KeyGenerator::next(key_options, last_value);
    if (!generated) {
      out.status = generated.status();
      return Status::ok();
    }
    collection.last_value.store(last_value);
    key = std::move(*generated);
  }
  if (Status status = store(context, key, parts, nullptr, out); !status) return status;
  if (out.status && user_key) {
    std::uint64_t last_value = collection.last_value.load();
    KeyGenerator::track(key_options, key, last_value);
    collection.last_value.store(last_value);
  }
  return Status::ok();
}

Status DocumentTask::overwrite(WriteContext& context, std::size_t index, const std::string& key,
                               StoredDocument& existing, DocumentResult& out) {
  OwnedParts from_patch;
  PartsView parts;
  switch (options_.overwrite_mode.value_or(OverwriteMode::kConflict)) {
    case OverwriteMode::kIgnore:
      out.ignored = true;
      out.id = idOf(key);
      out.key = key;
      out.rev = existing.rev;
      return Status::ok();
    case OverwriteMode::kReplace:
      parts = request_.parts(index);
      break;
    case OverwriteMode::kUpdate:
      from_patch = merged(existing, index);
      parts = from_patch.view();
      break;
    case OverwriteMode::kConflict:
      out.status = uniqueViolation(key);
      return Status::ok();
  }
  if (!validEdge(parts)) {
    out.status = Status::error(ErrorCode::kInvalidEdgeAttribute);
    return Status::ok();
  }
  return store(context, key, parts, &existing, out);
}

Status DocumentTask::modify(WriteContext& context, std::size_t index, DocumentResult& out) {
  const DocumentInput& input = request_.items[index];
  if (!isValidDocumentKey(input.key)) {
    out.status = notFound();
    return Status::ok();
  }
  const bool with_body = kind_ == WriteKind::kUpdate || options_.return_old;
  auto found = DocumentTable::find(context.db(), collection_->id, input.key, with_body);
  if (!found) return found.status();
  if (!found->has_value()) {
    out.status = notFound();
    return Status::ok();
  }
  StoredDocument& existing = **found;
  if (!revisionMatches(input, existing, input.key, out)) return Status::ok();
  OwnedParts from_patch;
  PartsView parts = request_.parts(index);
  if (kind_ == WriteKind::kUpdate) {
    from_patch = merged(existing, index);
    parts = from_patch.view();
  }
  if (!validEdge(parts)) {
    out.status = Status::error(ErrorCode::kInvalidEdgeAttribute);
    return Status::ok();
  }
  return store(context, input.key, parts, &existing, out);
}

Status DocumentTask::remove(WriteContext& context, std::size_t index, DocumentResult& out) {
  const DocumentInput& input = request_.items[index];
  if (!isValidDocumentKey(input.key)) {
    out.status = notFound();
    return Status::ok();
  }
  auto found = DocumentTable::find(context.db(), collection_->id, input.key, options_.return_old);
  if (!found) return found.status();
  if (!found->has_value()) {
    out.status = notFound();
    return Status::ok();
  }
  StoredDocument& existing = **found;
  if (!revisionMatches(input, existing, input.key, out)) return Status::ok();
  if (Status status = DocumentTable::remove(context.db(), collection_->id, input.key); !status) {
    return status;
  }
  std::string& body = context.scratch();
  writeRemoveBody(input.key, existing.rev, body);
  auto tick = context.appendOplog(OplogRecord{0, 0, OpType::kDocumentRemove, db_, collection_name_,
                                              input.key, existing.rev, body});
  if (!tick) return tick.status();
  --count_delta_;
  context.countWrite();
  out.id = idOf(input.key);
  out.key = input.key;
  out.rev = existing.rev;
  out.old_rev = existing.rev;
  if (options_.return_old) out.old_json = std::move(existing.body);
  return Status::ok();
}

Status DocumentTask::store(WriteContext& context, const std::string& key, const PartsView& parts,
                           const StoredDocument* existing, DocumentResult& out) {
  CollectionEntry& collection = *collection_;
  std::string rev = context.nextRevision();
  std::string& body = context.scratch();  // reused: no allocation per document
  DocumentBody::compose(key, collection_name_, rev, parts, body);
  if (existing == nullptr) {
    auto inserted = DocumentTable::insert(context.db(), collection.id, key, rev, body);
    if (!inserted) return inserted.status();
    if (!*inserted) {
      out.status = uniqueViolation(key);
      return Status::ok();
    }
    ++count_delta_;
  } else {
    if (Status status = DocumentTable::update(context.db(), collection.id, key, rev, body);
        !status) {
      return status;
    }
    out.old_rev = existing->rev;
    if (options_.return_old) out.old_json = existing->body;
  }
  auto tick = context.appendOplog(
      OplogRecord{0, 0, OpType::kDocumentUpsert, db_, collection_name_, key, rev, body});
  if (!tick) return tick.status();
  context.countWrite();
  out.id = idOf(key);
  out.key = key;
  out.rev = std::move(rev);
  if (options_.return_new) out.new_json = body;
  return Status::ok();
}

OwnedParts DocumentTask::merged(const StoredDocument& existing, std::size_t index) const {
  boost::json::object target = DocumentBody::parseStored(existing.body);
  DocumentBody::merge(target, request_.patch(index), options_.keep_null, options_.merge_objects);
  OwnedParts merged;
  merged.text.reserve(existing.body.size() + 64);
  merged.parts = DocumentBody::split(target, merged.text);
  return merged;
}

bool DocumentTask::validEdge(const PartsView& parts) const {
  if (collection_->info.type != CollectionType::kEdge) return true;
  return parts.from_is_handle && parts.to_is_handle;
}

bool DocumentTask::revisionMatches(const DocumentInput& input, const StoredDocument& existing,
                                   const std::string& key, DocumentResult& out) const {
  if (input.expected_rev.empty()) return true;
  if (bareRevision(input.expected_rev) == existing.rev) return true;
  out.status = Status::error(ErrorCode::kConflict, "conflict, _rev values do not match", 412);
  out.id = idOf(key);
  out.key = key;
  out.rev = existing.rev;
  return false;
}

std::string DocumentTask::idOf(const std::string& key) const {
  std::string id;
  id.reserve(collection_name_.size() + 1 + key.size());
  id.append(collection_name_).append("/").append(key);
  return id;
}

}  // namespace tandem::storage
