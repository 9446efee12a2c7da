// /_api/agency/* and /_api/agency_priv/*: the agent running in this node, in ArangoDB's agency
// shapes. The handlers only validate the body and hand it to the AgencyService; the service
// answers from the driver's thread, and the callback turns its outcome into the HTTP answer
// (agencyOutcomeResponse). Nothing here reads the document store, so the router runs these
// routes on the I/O thread that read them.
#include "api/handlers.h"

#include <string>
#include <string_view>
#include <utility>

#include "agency/agency_store.h"
#include "agency/raft_codec.h"
#include "cluster/agency_service.h"
#include "http/error_body.h"
#include "supervision/heartbeat.h"

namespace tandem::node::api {
namespace {

using cluster::AgencyOutcome;
using cluster::AgencyService;

constexpr std::string_view kSystemDatabase = "_system";

Response errorWith(tandem::ErrorCode code, std::string message, int http_status) {
  return errorResponse(tandem::Status::error(code, std::move(message), http_status));
}

// Every agency handler starts here: the agency exists once per node, so it lives under
// _system only (as in ArangoDB, where /_db/<other>/_api/agency is unknown), and a node that
// runs no agent says how to start one. Null after answering.
AgencyService* agencyOf(Call& call) {
  if (call.db != kSystemDatabase) {
    call.respond(errorWith(tandem::ErrorCode::kHttpNotFound,
                           "unknown path '" + call.request.path + "'", 404));
    return nullptr;
  }
  if (call.node->agency == nullptr) {
    call.respond(
        errorWith(tandem::ErrorCode::kHttpNotFound,
                  "agency is not enabled on this server (start with --agency.activate true)", 404));
    return nullptr;
  }
  return call.node->agency;
}

// A refused body is always the client's fault: 400, with the errorNum the parser chose
// (10 for a wrong shape, 600 for text that is not JSON).
Response badBody(const tandem::Status& status) {
  return errorResponse(tandem::Status::error(status.code(), status.message(), 400));
}

// The target a redirect repeats: the request as received (path and query, still encoded), or
// the decoded path when a caller built the request without a raw target.
std::string targetOf(const Request& request) {
  return request.target.empty() ? request.path : request.target;
}

// The callback every handler passes to the service: it owns the responder and the target the
// redirect needs, and runs on the driver's thread.
AgencyService::Callback answerWith(Call& call) {
  return [respond = std::move(call.respond), target = targetOf(call.request)](
             AgencyOutcome outcome) { respond(agencyOutcomeResponse(std::move(outcome), target)); };
}

}  // namespace

std::string leaderLocation(std::string_view endpoint, std::string_view target) {
  std::string location;
  if (endpoint.starts_with("tcp://")) {
    location = "http://";
    endpoint.remove_prefix(6);
  } else if (endpoint.starts_with("ssl://")) {
    location = "https://";
    endpoint.remove_prefix(6);
  } else if (!endpoint.starts_with("http://") && !endpoint.starts_with("https://")) {
    location = "http://";
  }
  // The host part ("127.0.0.1:8529", "[::1]:8529") is kept as is: brackets stay.
  location.append(endpoint);
  while (!location.empty() && location.back() == '/') location.pop_back();
  if (!target.starts_with('/')) location.push_back('/');
  location.append(target);
  return location;
}

Response agencyOutcomeResponse(AgencyOutcome outcome, std::string_view target) {
  const tandem::Status& status = outcome.status;
  if (status.isOk()) {
    if (outcome.body.is_null()) return successResponse(200);
    return jsonResponse(outcome.preconditionFailed ? 412 : 200, outcome.body);
  }
  switch (status.code()) {
    case tandem::ErrorCode::kNotLeader: {
      if (outcome.leaderEndpoint.empty()) {
        // No leader is known (an election is running): the client retries later.
        return errorWith(tandem::ErrorCode::kNotLeader,
                         status.message().empty() ? "not a leader; no agency leader known yet"
                                                  : status.message(),
                         503);
      }
      Response redirect = errorWith(tandem::ErrorCode::kNotLeader, "not a leader", 307);
      redirect.setHeader("location", leaderLocation(outcome.leaderEndpoint, target));
      return redirect;
    }
    case tandem::ErrorCode::kForbidden:
    case tandem::ErrorCode::kHttpForbidden:
      return errorResponse(tandem::Status::error(status.code(), status.message(), 403));
    case tandem::ErrorCode::kShuttingDown:
      return errorWith(tandem::ErrorCode::kShuttingDown, "shutdown in progress", 503);
    case tandem::ErrorCode::kBadParameter:
    case tandem::ErrorCode::kCorruptedJson:
    case tandem::ErrorCode::kHttpBadParameter:
      return badBody(status);
    default:
      return errorResponse(status);
  }
}

namespace {

// Write and transient write take the same body; only the store they go to differs.
void validatedWrite(Call& call,
                    void (AgencyService::*store)(agency::AgencyWrite, AgencyService::Callback)) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  auto write = agency::AgencyStore::parseWrite(call.request.body);
  if (!write) {
    call.respond(badBody(write.status()));
    return;
  }
  (agency->*store)(std::move(*write), answerWith(call));
}

}  // namespace

void agencyWrite(Call& call) { validatedWrite(call, &AgencyService::write); }

void agencyRead(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  // ?store=transient reads what heartbeats wrote; anything else but "persistent" is a typo
  // that would otherwise silently read the wrong store.
  const std::string* store = call.request.param("store");
  const bool transient = store != nullptr && *store == "transient";
  if (store != nullptr && !transient && *store != "persistent") {
    call.respond(errorWith(tandem::ErrorCode::kHttpBadParameter,
                           "unknown store '" + *store + "' (expected transient or persistent)",
                           400));
    return;
  }
  auto queries = agency::AgencyStore::parseRead(call.request.body);
  if (!queries) {
    call.respond(badBody(queries.status()));
    return;
  }
  if (transient) {
    agency->readTransient(std::move(*queries), answerWith(call));
  } else {
    agency->read(std::move(*queries), answerWith(call));
  }
}

void agencyTransient(Call& call) { validatedWrite(call, &AgencyService::writeTransient); }

void agencyConfig(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  agency->config(answerWith(call));
}

// {"add":"tcp://host:port"} or {"remove":"AGNT-..."}: exactly one member, a non-empty string.
void agencyMembers(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(badBody(body.status()));
    return;
  }
  const boost::json::object* object = body->if_object();
  const boost::json::value* add = object != nullptr ? object->if_contains("add") : nullptr;
  const boost::json::value* remove = object != nullptr ? object->if_contains("remove") : nullptr;
  const boost::json::value* which = add != nullptr ? add : remove;
  if (object == nullptr || object->size() != 1 || which == nullptr || !which->is_string() ||
      which->get_string().empty()) {
    call.respond(errorWith(tandem::ErrorCode::kBadParameter,
                           "expected {\"add\":\"tcp://host:port\"} or {\"remove\":\"<agent id>\"}",
                           400));
    return;
  }
  std::string argument(which->get_string());
  if (add != nullptr) {
    agency->addMember(std::move(argument), answerWith(call));
  } else {
    agency->removeMember(std::move(argument), answerWith(call));
  }
}

void agencyRaft(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  auto envelope = agency::decodeEnvelope(call.request.body);
  if (!envelope) {
    call.respond(badBody(envelope.status()));
    return;
  }
  agency->receive(std::move(*envelope), answerWith(call));
}

void agencyIdentity(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  agency->identity(answerWith(call));
}

// Checked here as well as by the agent: a malformed heartbeat never costs the driver's thread
// anything, and its 400 names the member at fault.
void agencyHeartbeat(Call& call) {
  AgencyService* agency = agencyOf(call);
  if (agency == nullptr) return;
  if (auto heartbeat = supervision::parseHeartbeat(call.request.body); !heartbeat) {
    call.respond(badBody(heartbeat.status()));
    return;
  }
  std::string body = std::move(call.request.body);
  AgencyService::Callback done = answerWith(call);
  agency->heartbeat(std::move(body), std::move(done));
}

}  // namespace tandem::node::api
