// ArangoDB-shaped response bodies: the one mapping from tandem::Status to the error body, and
// the success envelope of the admin, database and collection APIs.
//
//   error:   {"error":true,"errorNum":N,"errorMessage":"...","code":HTTP[, extra fields]}
//   inline:  {"error":true,"errorNum":N,"errorMessage":"..."}   (per-item errors in arrays)
//   success: {"error":false,"code":HTTP[, fields]}
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "http/http_message.h"
#include "tandem/status.h"

namespace tandem::node {

// The error Response for `status` (which must not be OK): HTTP status status.httpStatus(),
// body {"error":true,"errorNum","errorMessage","code"} followed by `extra`'s fields (the 412
// conflict body adds _id/_key/_rev). An empty message becomes ArangoDB's default one.
Response errorResponse(const tandem::Status& status, const boost::json::object& extra = {});

// Appends the inline form of `status`, as used inside array answers of document operations
// (ArangoDB leaves out "code" there).
void appendInlineError(std::string& out, const tandem::Status& status);

// A JSON success Response: {"error":false,"code":http_status} followed by `fields`.
Response successResponse(int http_status, const boost::json::object& fields = {});

// A Response whose body is already serialized JSON text.
Response jsonTextResponse(int http_status, std::string body);
// `value` as JSON, doubles in their shortest round-trip form ("1.5", not Boost's "1.5E0").
Response jsonResponse(int http_status, const boost::json::value& value);

// Appends `text` as a JSON string literal (quoted and escaped) to `out`.
void appendJsonString(std::string& out, std::string_view text);
// Appends `text` escaped as inside a JSON string literal, without the quotes: no control
// character, quote or backslash is left bare.
void appendJsonEscaped(std::string& out, std::string_view text);

}  // namespace tandem::node
