// /_api/database: list, create and drop databases. Listing all, creating and dropping are
// only allowed from _system (403/1230 elsewhere), as in ArangoDB.
#include "api/handlers.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/error_body.h"

namespace tandem::node::api {
namespace {

constexpr std::string_view kSystemDatabase = "_system";

tandem::Status useSystemDatabase() {
  return tandem::Status::error(tandem::ErrorCode::kUseSystemDatabase,
                               "operation only allowed in system database", 403);
}

void respondWithNames(Call& call) {
  auto databases = call.store().listDatabases();
  if (!databases) {
    call.respond(errorResponse(databases.status()));
    return;
  }
  std::vector<std::string> names;
  names.reserve(databases->size());
  for (const auto& database : *databases) names.push_back(database.name);
  std::sort(names.begin(), names.end());
  boost::json::array result(names.begin(), names.end());
  call.respond(successResponse(200, {{"result", std::move(result)}}));
}

// Both creating and dropping answer {"error":false,"code":..,"result":true}.
std::function<void(tandem::Status)> answerTrue(Responder respond, int http_status) {
  return [respond = std::move(respond), http_status](tandem::Status status) {
    if (!status) {
      respond(errorResponse(status));
      return;
    }
    respond(successResponse(http_status, {{"result", true}}));
  };
}

void createDatabaseAdmitted(Call& call) {
  if (call.db != kSystemDatabase) {
    call.respond(errorResponse(useSystemDatabase()));
    return;
  }
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(errorResponse(body.status()));
    return;
  }
  if (!body->is_object()) {
    call.respond(errorResponse(tandem::Status::error(tandem::ErrorCode::kHttpBadParameter,
                                                     "body must be an object", 400)));
    return;
  }
  const boost::json::value* name = body->as_object().if_contains("name");
  if (name == nullptr || !name->is_string()) {
    call.respond(errorResponse(tandem::Status::error(tandem::ErrorCode::kDatabaseNameInvalid,
                                                     "database name invalid", 400)));
    return;
  }
  call.store().createDatabase(std::string(name->as_string()),
                              answerTrue(std::move(call.respond), 201));
}

void dropDatabaseAdmitted(Call& call) {
  if (call.db != kSystemDatabase) {
    call.respond(errorResponse(useSystemDatabase()));
    return;
  }
  call.store().dropDatabase(std::move(call.args.at(0)), answerTrue(std::move(call.respond), 200));
}

}  // namespace

void listDatabases(Call& call) {
  if (call.db != kSystemDatabase) {
    call.respond(errorResponse(useSystemDatabase()));
    return;
  }
  respondWithNames(call);
}

// Without users and permissions every database is accessible to every caller.
void listUserDatabases(Call& call) { respondWithNames(call); }

void getCurrentDatabase(Call& call) {
  auto database = call.store().database(call.db);
  if (!database) {
    call.respond(errorResponse(database.status()));
    return;
  }
  boost::json::object result;
  result["name"] = database->name;
  result["id"] = database->id;
  result["isSystem"] = database->is_system;
  result["path"] = "none";
  call.respond(successResponse(200, {{"result", std::move(result)}}));
}

void createDatabase(Call& call) { admitWrite(call, createDatabaseAdmitted); }

void dropDatabase(Call& call) { admitWrite(call, dropDatabaseAdmitted); }

}  // namespace tandem::node::api
