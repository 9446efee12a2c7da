// WriteRequest: a document write request (insert/replace/update/remove), parsed and validated
// on the caller's thread before it is queued, so the writer thread only looks up, composes and
// stores. The JSON body is parsed exactly once, into a monotonic arena owned by the request.
//
// Thread-safety: a WriteRequest is built by one thread and then handed to the writer thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "storage/document_body.h"
#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

enum class WriteKind { kInsert, kReplace, kUpdate, kRemove };

// One document of a request.
struct DocumentInput {
  Status status;  // not OK: this element fails with it and nothing is written for it
  // The key named by the URL, `_key` or `_id`; empty on insert means "generate one".
  std::string key;
  // The collection part of an `_id` used to name the document (checked by the writer).
  std::string id_collection;
  // Revision precondition (If-Match, or `_rev` with ignoreRevs=false); empty: none.
  std::string expected_rev;
  // Insert and replace: the body without system attributes, serialized into the request's
  // text buffer; read it with WriteRequest::parts().
  SplitParts parts;
  // Update, and insert with overwriteMode update: the body minus _key/_id/_rev is kept in the
  // request's arena; read it with WriteRequest::patch().
  bool has_patch = false;
};

struct WriteRequest {
  Status status;  // not OK: the whole call fails (600 bad JSON, 1227 wrong body type, ...)
  bool is_array = false;
  // The arena the body is parsed into. Held by pointer so its address survives moves; root
  // refers to it without owning it, which makes destroying root free (no tree walk).
  std::unique_ptr<boost::json::monotonic_resource> arena;
  // The parsed body, in `arena` (declared after it). A json::value keeps the storage it was
  // constructed with, so it is emplaced from the parser's result rather than assigned.
  std::optional<boost::json::value> root;
  std::string text;  // serialized parts of every item
  std::vector<DocumentInput> items;

  PartsView parts(std::size_t index) const { return items[index].parts.view(text); }

  // The patch object of items[index] (requires items[index].has_patch).
  const boost::json::object& patch(std::size_t index) const {
    return is_array ? root->get_array()[index].get_object() : root->get_object();
  }

  // `url_key` is the key from the URL for single-document replace/update/remove.
  static WriteRequest parse(WriteKind kind, std::string_view url_key, std::string_view body,
                            const WriteOptions& options);
  // An insert of `documents` (each one JSON text) as one array request (Store::insertMany):
  // each text is parsed once, into the request's arena, and becomes one element of the root
  // array. A text that is not JSON fails its own item (600), not the request.
  static WriteRequest parseMany(const std::vector<std::string>& documents,
                                const WriteOptions& options);
};

}  // namespace tandem::storage
