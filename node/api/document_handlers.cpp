// /_api/document: single and array document operations.
//
// Documents travel as JSON text: request bodies go to the store untouched, and stored
// documents (and returnNew/returnOld images) are spliced into the answer without re-parsing.
// Write handlers hand a WriteReply to the store; it builds the Response on the writer thread.
#include "api/handlers.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/object.hpp>

#include "http/error_body.h"

namespace tandem::node::api {
namespace {

using tandem::DocumentResult;
using tandem::WriteResult;

enum class WriteKind { kInsert, kReplace, kUpdate, kRemove };

std::optional<tandem::OverwriteMode> overwriteModeOf(std::string_view name) {
  if (name == "conflict") return tandem::OverwriteMode::kConflict;
  if (name == "ignore") return tandem::OverwriteMode::kIgnore;
  if (name == "replace") return tandem::OverwriteMode::kReplace;
  if (name == "update") return tandem::OverwriteMode::kUpdate;
  return std::nullopt;
}

// An If-Match / If-None-Match revision: surrounding whitespace and one leading and one
// trailing quote (" or ') are stripped, so quoted and bare revisions both work.
std::optional<std::string> revisionHeader(const Request& request, std::string_view name) {
  std::string_view value = request.header(name);
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  if (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
  if (!value.empty() && (value.back() == '"' || value.back() == '\'')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

// Query parameters -> WriteOptions. overwriteMode supersedes overwrite; an unknown
// overwriteMode falls back to what overwrite says.
tandem::WriteOptions readWriteOptions(const Request& request) {
  tandem::WriteOptions options;
  if (request.param("waitForSync") != nullptr) {
    options.wait_for_sync = request.flag("waitForSync", false);
  }
  options.return_new = request.flag("returnNew", false);
  options.return_old = request.flag("returnOld", false);
  options.silent = request.flag("silent", false);
  if (request.flag("overwrite", false)) options.overwrite_mode = tandem::OverwriteMode::kReplace;
  if (const std::string* mode = request.param("overwriteMode")) {
    if (auto parsed = overwriteModeOf(*mode)) options.overwrite_mode = parsed;
  }
  options.keep_null = request.flag("keepNull", true);
  options.merge_objects = request.flag("mergeObjects", true);
  options.ignore_revs = request.flag("ignoreRevs", true);
  return options;
}

std::string quoted(std::string_view rev) {
  std::string etag;
  etag.reserve(rev.size() + 2);
  etag.push_back('"');
  etag.append(rev);
  etag.push_back('"');
  return etag;
}

// The revision a remove reports: the one it removed.
const std::string& reportedRev(const DocumentResult& item, WriteKind kind) {
  return kind == WriteKind::kRemove && !item.old_rev.empty() ? item.old_rev : item.rev;
}

// {"_id","_key","_rev"[,"_oldRev"][,"old"][,"new"]} of one successful write.
void appendWriteMeta(std::string& out, const DocumentResult& item, WriteKind kind) {
  out += R"({"_id":)";
  appendJsonString(out, item.id);
  out += R"(,"_key":)";
  appendJsonString(out, item.key);
  out += R"(,"_rev":)";
  appendJsonString(out, reportedRev(item, kind));
  bool reports_old_rev = kind == WriteKind::kReplace || kind == WriteKind::kUpdate ||
                         (kind == WriteKind::kInsert && !item.ignored && !item.old_rev.empty());
  if (reports_old_rev) {
    out += R"(,"_oldRev":)";
    appendJsonString(out, item.old_rev);
  }
  if (!item.old_json.empty()) out.append(R"(,"old":)").append(item.old_json);
  if (!item.new_json.empty()) out.append(R"(,"new":)").append(item.new_json);
  out += '}';
}

// A failed revision precondition: 412/1200 naming the current revision, with its etag.
Response preconditionFailed(const tandem::Status& status, const DocumentResult& current) {
  boost::json::object extra;
  if (!current.rev.empty()) {
    extra["_id"] = current.id;
    extra["_key"] = current.key;
    extra["_rev"] = current.rev;
  }
  Response response = errorResponse(status, extra);
  if (!current.rev.empty()) response.setHeader("etag", quoted(current.rev));
  return response;
}

bool isPreconditionFailure(const tandem::Status& status) {
  return status.code() == tandem::ErrorCode::kConflict && status.httpStatus() == 412;
}

std::string errorCodesHeader(const std::map<int, int>& counts) {
  std::string header = "{";
  for (const auto& [code, count] : counts) {
    if (header.size() > 1) header += ',';
    header += '"' + std::to_string(code) + "\":" + std::to_string(count);
  }
  header += '}';
  return header;
}

// The answer to a store write, built on the writer thread once the write has committed.
struct WriteReply {
  WriteKind kind = WriteKind::kInsert;
  std::string db;
  std::string collection;
  bool silent = false;
  Responder respond;

  void operator()(tandem::Result<WriteResult> result) const {
    if (!result) {
      respond(errorResponse(nameMissingCollection(result.status(), collection)));
    } else if (result->is_array) {
      respond(arrayAnswer(*result));
    } else if (result->items.empty()) {
      respond(errorResponse(
          tandem::Status::error(tandem::ErrorCode::kInternal, "store reported no result", 500)));
    } else {
      respond(singleAnswer(result->items.front(), result->synced));
    }
  }

  int successStatus(bool synced) const {
    if (!synced) return 202;
    return kind == WriteKind::kRemove ? 200 : 201;
  }

  Response singleAnswer(const DocumentResult& item, bool synced) const {
    if (!item.status) {
      if (isPreconditionFailure(item.status)) return preconditionFailed(item.status, item);
      return errorResponse(nameMissingCollection(item.status, collection));
    }
    Response response;
    response.status = successStatus(synced);
    if (silent) {
      response.body = "{}";
    } else {
      response.body.reserve(96 + item.old_json.size() + item.new_json.size());
      appendWriteMeta(response.body, item, kind);
    }
    response.setHeader("etag", quoted(reportedRev(item, kind)));
    if (kind != WriteKind::kRemove) {
      response.setHeader("location", documentLocation(db, collection, item.key));
    }
    return response;
  }

  // One entry per input document; silent leaves out the successes. Error numbers are
  // counted into x-arango-error-codes.
  Response arrayAnswer(const WriteResult& result) const {
    Response response;
    response.status = successStatus(result.synced);
    std::string& body = response.body;
    body.reserve(silent ? 2 : 2 + result.items.size() * 72);
    body += '[';
    std::map<int, int> error_counts;
    for (const DocumentResult& item : result.items) {
      if (item.status) {
        if (silent) continue;
        if (body.size() > 1) body += ',';
        appendWriteMeta(body, item, kind);
      } else {
        if (body.size() > 1) body += ',';
        appendInlineError(body, item.status);
        ++error_counts[item.status.errorNum()];
      }
    }
    body += ']';
    if (!error_counts.empty())
      response.setHeader("x-arango-error-codes", errorCodesHeader(error_counts));
    return response;
  }
};

WriteReply replyFor(Call& call, WriteKind kind, const tandem::WriteOptions& options) {
  return WriteReply{kind, call.db, call.args.at(0), options.silent, std::move(call.respond)};
}

// PUT /_api/document/<coll>?onlyget=true: the documents named by the body, errors inline.
void readDocuments(Call& call) {
  const std::string& collection = call.args.at(0);
  auto items = call.store().getMany(call.db, collection, call.request.body);
  if (!items) {
    call.respond(errorResponse(nameMissingCollection(items.status(), collection)));
    return;
  }
  std::size_t size = 2;
  for (const DocumentResult& item : *items) size += item.new_json.size() + 1;
  Response response;
  response.body.reserve(size);
  response.body += '[';
  std::map<int, int> error_counts;
  for (const DocumentResult& item : *items) {
    if (response.body.size() > 1) response.body += ',';
    if (item.status) {
      response.body += item.new_json;
    } else {
      appendInlineError(response.body, item.status);
      ++error_counts[item.status.errorNum()];
    }
  }
  response.body += ']';
  if (!error_counts.empty()) {
    response.setHeader("x-arango-error-codes", errorCodesHeader(error_counts));
  }
  call.respond(std::move(response));
}

void insertDocumentsAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  WriteReply reply = replyFor(call, WriteKind::kInsert, options);
  call.store().insert(call.db, call.args.at(0), std::move(call.request.body), options,
                      std::move(reply));
}

void putDocumentsAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  WriteReply reply = replyFor(call, WriteKind::kReplace, options);
  call.store().replace(call.db, call.args.at(0), std::string(), std::move(call.request.body),
                       options, std::move(reply));
}

void updateDocumentsAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  WriteReply reply = replyFor(call, WriteKind::kUpdate, options);
  call.store().update(call.db, call.args.at(0), std::string(), std::move(call.request.body),
                      options, std::move(reply));
}

void removeDocumentsAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  WriteReply reply = replyFor(call, WriteKind::kRemove, options);
  call.store().remove(call.db, call.args.at(0), std::string(), std::move(call.request.body),
                      options, std::move(reply));
}

void replaceDocumentAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  options.if_match = revisionHeader(call.request, "if-match");
  WriteReply reply = replyFor(call, WriteKind::kReplace, options);
  call.store().replace(call.db, call.args.at(0), call.args.at(1), std::move(call.request.body),
                       options, std::move(reply));
}

void updateDocumentAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  options.if_match = revisionHeader(call.request, "if-match");
  WriteReply reply = replyFor(call, WriteKind::kUpdate, options);
  call.store().update(call.db, call.args.at(0), call.args.at(1), std::move(call.request.body),
                      options, std::move(reply));
}

void removeDocumentAdmitted(Call& call) {
  tandem::WriteOptions options = readWriteOptions(call.request);
  options.if_match = revisionHeader(call.request, "if-match");
  WriteReply reply = replyFor(call, WriteKind::kRemove, options);
  call.store().remove(call.db, call.args.at(0), call.args.at(1), std::string(), options,
                      std::move(reply));
}

}  // namespace

// Writes go through the member's write admission (cluster_handlers.cpp), which is free on a
// node without one.
void insertDocuments(Call& call) { admitWrite(call, insertDocumentsAdmitted); }

void putDocuments(Call& call) {
  if (call.request.flag("onlyget", false)) {
    readDocuments(call);
    return;
  }
  admitWrite(call, putDocumentsAdmitted);
}

void updateDocuments(Call& call) { admitWrite(call, updateDocumentsAdmitted); }

void removeDocuments(Call& call) { admitWrite(call, removeDocumentsAdmitted); }

// GET and HEAD (the router drops the body for HEAD). If-None-Match equal to the current
// revision gives 304; If-Match different from it gives 412.
void readDocument(Call& call) {
  const std::string& collection = call.args.at(0);
  auto document = call.store().get(call.db, collection, call.args.at(1));
  if (!document) {
    call.respond(errorResponse(nameMissingCollection(document.status(), collection)));
    return;
  }
  auto if_none_match = revisionHeader(call.request, "if-none-match");
  if (if_none_match && *if_none_match == document->rev) {
    Response response;
    response.status = 304;
    response.setHeader("etag", quoted(document->rev));
    call.respond(std::move(response));
    return;
  }
  auto if_match = revisionHeader(call.request, "if-match");
  if (if_match && *if_match != document->rev) {
    DocumentResult current;
    current.id = document->id;
    current.key = document->key;
    current.rev = document->rev;
    call.respond(
        preconditionFailed(tandem::Status::error(tandem::ErrorCode::kConflict,
                                                 "conflict, _rev values do not match", 412),
                           current));
    return;
  }
  Response response = jsonTextResponse(200, std::move(document->json));
  response.setHeader("etag", quoted(document->rev));
  call.respond(std::move(response));
}

void replaceDocument(Call& call) { admitWrite(call, replaceDocumentAdmitted); }

void updateDocument(Call& call) { admitWrite(call, updateDocumentAdmitted); }

void removeDocument(Call& call) { admitWrite(call, removeDocumentAdmitted); }

}  // namespace tandem::node::api
