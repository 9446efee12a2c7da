// Active failover's routes: /_api/cluster/endpoints, /_admin/cluster/*, /_admin/restart, and
// the write admission every write handler goes through.
//
// Bodies are validated here (400 naming the problem) before the member sees them. The member
// answers its operations from its own thread; these handlers hand it the responder and return.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/handlers.h"
#include "cluster/member_service.h"
#include "cluster/write_admission.h"
#include "http/error_body.h"
#include "http/request_gate.h"
#include "restart.h"

namespace tandem::node::api {
namespace {

using cluster::MemberService;

constexpr auto kDefaultSwitchoverTimeout = std::chrono::seconds(10);
constexpr auto kMaintenanceOn = std::chrono::seconds(3600);

Response badBody(std::string message) {
  return errorResponse(
      tandem::Status::error(tandem::ErrorCode::kBadParameter, std::move(message), 400));
}

// The member, or answers 501/9 and returns null (a plain single server).
MemberService* memberOrRefuse(Call& call) {
  if (call.node->member != nullptr) return call.node->member;
  call.respond(errorResponse(tandem::Status::error(tandem::ErrorCode::kNotImplemented,
                                                   "automatic failover is not enabled", 501)));
  return nullptr;
}

// The member's body without the envelope fields the answer sets itself.
boost::json::object withoutEnvelope(boost::json::object body) {
  for (const char* field : {"error", "code", "errorNum", "errorMessage"}) body.erase(field);
  return body;
}

// A member operation's answer: 200 with its body, or its Status as the error body (with the
// body's other fields, such as the state an aborted switchover left).
MemberService::Callback answerWith(Responder respond) {
  return [respond = std::move(respond)](tandem::Status status, boost::json::object body) {
    if (!status) {
      respond(errorResponse(status, withoutEnvelope(std::move(body))));
      return;
    }
    respond(successResponse(200, withoutEnvelope(std::move(body))));
  };
}

// The body of drain/remove/switchover: a JSON object, or answers 400 and returns nullopt.
std::optional<boost::json::object> objectBody(Call& call) {
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(errorResponse(body.status()));
    return std::nullopt;
  }
  if (!body->is_object()) {
    call.respond(badBody("body must be a JSON object"));
    return std::nullopt;
  }
  return std::move(body->as_object());
}

// body[field] as a non-empty string, or answers 400 naming the field and returns nullopt.
std::optional<std::string> serverField(Call& call, const boost::json::object& body,
                                       const char* field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    call.respond(badBody(std::string("'") + field +
                         "' must be a non-empty string: the id of a server (SNGL-...)"));
    return std::nullopt;
  }
  return std::string(value->as_string());
}

// "on" -> 60 minutes, "off" -> nullopt, "<seconds>" (string or number) -> that many seconds.
// The outer optional is empty for a body that is none of these.
std::optional<std::optional<std::chrono::seconds>> maintenanceDuration(
    const boost::json::value& body) {
  std::optional<double> seconds;
  if (body.is_string()) {
    const std::string text(body.as_string());
    if (text == "on") return std::optional<std::chrono::seconds>(kMaintenanceOn);
    if (text == "off") return std::optional<std::chrono::seconds>();
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) seconds = parsed;
  } else if (body.is_number()) {
    seconds = body.to_number<double>();
  }
  if (!seconds || !std::isfinite(*seconds) || *seconds <= 0 || *seconds > 1e9) return std::nullopt;
  return std::optional<std::chrono::seconds>(
      std::chrono::seconds(static_cast<std::int64_t>(std::ceil(*seconds))));
}

std::string maintenanceWarning(std::optional<std::chrono::seconds> duration) {
  if (!duration) return "Cluster supervision reactivated.";
  std::string when = *duration == kMaintenanceOn ? std::string("60 minutes")
                                                 : std::to_string(duration->count()) + " seconds";
  return "Cluster supervision deactivated. It will be reactivated automatically in " + when +
         " unless this call is repeated until then.";
}

Response endpointRefusal(const tandem::Status& status, const std::string& leader_endpoint) {
  Response response = errorResponse(tandem::Status::error(status.code(), status.message(), 503));
  response.setHeader("x-arango-endpoint", endpointHeaderValue(leader_endpoint));
  return response;
}

// A write the member did not admit.
Response refusedWrite(const tandem::Status& status) {
  switch (status.code()) {
    case tandem::ErrorCode::kNotLeader:
      return endpointRefusal(status, status.leaderEndpoint());
    case tandem::ErrorCode::kLeadershipChallengeOngoing:
      return endpointRefusal(status, "");
    default:
      return errorResponse(status);
  }
}

// A success is answered only while the lease still holds (cluster::acknowledgeWrite): else
// the client must not take it as acknowledged, nor retry it blindly.
Responder acknowledging(Responder respond, MemberService* member) {
  return [respond = std::move(respond), member](Response response) {
    if (response.status >= 200 && response.status < 300) {
      if (tandem::Status ack = cluster::acknowledgeWrite(*member); !ack) {
        Response refused = errorResponse(ack);
        refused.setHeader("x-arango-endpoint", "");
        respond(std::move(refused));
        return;
      }
    }
    respond(std::move(response));
  };
}

}  // namespace

void admitWrite(Call& call, Handler write) {
  MemberService* member = call.node->member;
  if (member == nullptr) {
    write(call);
    return;
  }
  call.respond = acknowledging(std::move(call.respond), member);
  auto held = std::make_shared<Call>(std::move(call));
  cluster::admitWrite(
      *member, [held, write] { write(*held); },
      [held](tandem::Status status) { held->respond(refusedWrite(status)); });
}

// Leader first, then GOOD and BAD followers (the member's order); ArangoDB's shape.
void getClusterEndpoints(Call& call) {
  MemberService* member = memberOrRefuse(call);
  if (member == nullptr) return;
  const std::vector<std::string> endpoints = member->endpoints();
  if (endpoints.empty()) {
    Response response = errorResponse(tandem::Status::error(
        tandem::ErrorCode::kLeadershipChallengeOngoing, "Leadership challenge is ongoing", 503));
    response.setHeader("x-arango-endpoint", "");
    call.respond(std::move(response));
    return;
  }
  boost::json::array list;
  list.reserve(endpoints.size());
  for (const std::string& endpoint : endpoints) {
    boost::json::object entry;
    entry["endpoint"] = endpoint;
    list.push_back(std::move(entry));
  }
  call.respond(successResponse(200, {{"endpoints", std::move(list)}}));
}

// {"error":false,"code":200, <the member's clusterHealth() fields: "Health":{id:{...}}, ...>}
void getClusterHealth(Call& call) {
  MemberService* member = memberOrRefuse(call);
  if (member == nullptr) return;
  call.respond(successResponse(200, withoutEnvelope(member->clusterHealth())));
}

// ArangoDB's answers: {"error":false,"warning":"Cluster supervision deactivated. ..."}.
void putClusterMaintenance(Call& call) {
  MemberService* member = memberOrRefuse(call);
  if (member == nullptr) return;
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(errorResponse(body.status()));
    return;
  }
  auto duration = maintenanceDuration(*body);
  if (!duration) {
    call.respond(badBody(R"(body must be "on", "off" or a number of seconds (as a JSON string))"));
    return;
  }
  member->setMaintenance(*duration, [respond = std::move(call.respond), duration = *duration](
                                        tandem::Status status, boost::json::object body) {
    if (!status) {
      respond(errorResponse(status, withoutEnvelope(std::move(body))));
      return;
    }
    boost::json::object answer;
    answer["error"] = false;
    answer["warning"] = maintenanceWarning(duration);
    for (auto& field : withoutEnvelope(std::move(body))) answer[field.key()] = field.value();
    respond(jsonResponse(200, answer));
  });
}

void postClusterSwitchover(Call& call) {
  MemberService* member = memberOrRefuse(call);
  if (member == nullptr) return;
  auto body = objectBody(call);
  if (!body) return;
  auto to = serverField(call, *body, "to");
  if (!to) return;
  std::chrono::milliseconds timeout = kDefaultSwitchoverTimeout;
  if (const auto* value = body->if_contains("timeout"); value != nullptr) {
    const double seconds = value->is_number() ? value->to_number<double>() : -1;
    if (!(seconds > 0 && seconds <= 3600)) {
      call.respond(badBody("'timeout' must be a number of seconds, more than 0 and at most 3600"));
      return;
    }
    timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
  }
  member->switchover(std::move(*to), timeout, answerWith(std::move(call.respond)));
}

namespace {

// Drain and remove: a body {"server": id}, handed to the member's operation.
void serverOperation(Call& call,
                     void (MemberService::*operation)(std::string, MemberService::Callback)) {
  MemberService* member = memberOrRefuse(call);
  if (member == nullptr) return;
  auto body = objectBody(call);
  if (!body) return;
  auto server = serverField(call, *body, "server");
  if (!server) return;
  (member->*operation)(std::move(*server), answerWith(std::move(call.respond)));
}

}  // namespace

void postClusterDrain(Call& call) { serverOperation(call, &MemberService::drain); }

void postClusterRemove(Call& call) { serverOperation(call, &MemberService::remove); }

// Answers first, then shuts the node down; main re-executes it (restart.h). An empty body
// restarts without upgrade.
void postRestart(Call& call) {
  bool upgrade = false;
  if (!call.request.body.empty()) {
    auto body = objectBody(call);
    if (!body) return;
    if (const auto* value = body->if_contains("upgrade"); value != nullptr) {
      if (!value->is_bool()) {
        call.respond(badBody("'upgrade' must be true or false"));
        return;
      }
      upgrade = value->as_bool();
    }
  }
  if (call.node->request_restart) {
    call.respond(successResponse(200, {{"restarting", true}, {"upgrade", upgrade}}));
    call.node->request_restart(upgrade);
    return;
  }
  if (!call.node->request_shutdown) {
    call.respond(errorResponse(tandem::Status::error(tandem::ErrorCode::kNotImplemented,
                                                     "this server cannot restart itself", 501)));
    return;
  }
  requestRestart(upgrade);
  call.respond(successResponse(200, {{"restarting", true}, {"upgrade", upgrade}}));
  call.node->request_shutdown();
}

}  // namespace tandem::node::api
