// Heartbeat and AgentReport as JSON (Boost.JSON). Field tables: heartbeat.h.
#include "supervision/heartbeat.h"

#include <algorithm>
#include <utility>

#include <boost/json.hpp>

namespace tandem::supervision {
namespace {

namespace json = boost::json;

Status bad(std::string_view where, const std::string& problem) {
  return Status::error(ErrorCode::kBadParameter, std::string(where) + ": " + problem);
}

// Reads typed members of one object; the first problem wins and later reads are no-ops.
class Fields {
 public:
  Fields(const json::value& value, std::string_view where) : where_(where) {
    object_ = value.if_object();
    if (object_ == nullptr) fail("must be an object");
  }

  const json::value* get(std::string_view key, bool required) {
    if (!status_ || object_ == nullptr) return nullptr;
    const json::value* value = object_->if_contains(key);
    if (value == nullptr && required) fail("has no \"" + std::string(key) + "\"");
    return value;
  }

  void string(std::string_view key, std::string& out, bool required, bool non_empty) {
    const json::value* value = get(key, required);
    if (value == nullptr) return;
    if (!value->is_string() || (non_empty && value->get_string().empty())) {
      fail("\"" + std::string(key) + "\" must be a" + (non_empty ? " non-empty" : "") + " string");
      return;
    }
    out = std::string(value->get_string());
  }

  template <typename Int>
  void integer(std::string_view key, Int& out, bool required) {
    const json::value* value = get(key, required);
    if (value == nullptr) return;
    if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      out = static_cast<Int>(value->get_uint64());
    } else if (value->is_int64() && value->get_int64() >= 0) {
      out = static_cast<Int>(value->get_int64());
    } else {
      fail("\"" + std::string(key) + "\" must be a non-negative integer");
    }
  }

  void position(std::string_view key, Position& out, bool required) {
    const json::value* value = get(key, required);
    if (value == nullptr) return;
    auto parsed = positionFromJson(*value);
    if (!parsed) {
      fail("\"" + std::string(key) + "\" must be {\"term\":N,\"tick\":N}");
      return;
    }
    out = *parsed;
  }

  void fail(const std::string& problem) {
    if (status_) status_ = bad(where_, problem);
  }
  const Status& status() const { return status_; }

 private:
  const json::object* object_ = nullptr;
  std::string where_;
  Status status_;
};

bool knownState(std::string_view state) {
  return std::find(std::begin(kNodeStates), std::end(kNodeStates), state) != std::end(kNodeStates);
}

}  // namespace

json::object heartbeatToJson(const Heartbeat& heartbeat) {
  return json::object{{"id", heartbeat.id},
                      {"endpoint", heartbeat.endpoint},
                      {"seq", heartbeat.seq},
                      {"state", heartbeat.state},
                      {"applied", positionToJson(heartbeat.applied)},
                      {"leader", heartbeat.leader},
                      {"leaderTerm", heartbeat.leader_term},
                      {"version", heartbeat.version}};
}

Result<Heartbeat> heartbeatFromJson(const json::value& value) {
  Heartbeat heartbeat;
  Fields fields(value, "heartbeat");
  fields.string("id", heartbeat.id, true, true);
  fields.string("endpoint", heartbeat.endpoint, true, true);
  fields.integer("seq", heartbeat.seq, false);
  fields.string("state", heartbeat.state, true, true);
  fields.position("applied", heartbeat.applied, true);
  fields.string("leader", heartbeat.leader, false, false);
  fields.integer("leaderTerm", heartbeat.leader_term, false);
  fields.string("version", heartbeat.version, false, false);
  if (fields.status() && !knownState(heartbeat.state)) {
    fields.fail("unknown \"state\" \"" + heartbeat.state + "\"");
  }
  if (!fields.status()) return fields.status();
  return heartbeat;
}

Result<Heartbeat> parseHeartbeat(std::string_view body) {
  std::error_code ec;
  const json::value value = json::parse(body, ec);
  if (ec) return bad("heartbeat", "not valid JSON: " + ec.message());
  return heartbeatFromJson(value);
}

json::object serverReportToJson(const ServerReport& server) {
  return json::object{{"ageMs", server.age_ms},
                      {"applied", positionToJson(server.applied)},
                      {"state", server.state},
                      {"leader", server.leader},
                      {"fencedTerm", server.fenced_term}};
}

json::object reportToJson(const AgentReport& report) {
  json::object servers;
  for (const auto& [id, server] : report.servers) servers[id] = serverReportToJson(server);
  return json::object{{"servers", std::move(servers)}, {"uptimeMs", report.uptime_ms}};
}

Result<AgentReport> reportFromJson(const json::value& value) {
  AgentReport report;
  Fields fields(value, "report");
  fields.integer("uptimeMs", report.uptime_ms, true);
  const json::value* servers = fields.get("servers", true);
  if (servers != nullptr && !servers->is_object()) fields.fail("\"servers\" must be an object");
  if (!fields.status()) return fields.status();
  for (const auto& [id, entry] : servers->get_object()) {
    ServerReport server;
    Fields member(entry, "report: server \"" + std::string(id) + "\"");
    member.integer("ageMs", server.age_ms, true);
    member.position("applied", server.applied, true);
    member.string("state", server.state, true, false);
    member.string("leader", server.leader, true, false);
    member.integer("fencedTerm", server.fenced_term, true);
    if (!member.status()) return member.status();
    report.servers.emplace(std::string(id), std::move(server));
  }
  return report;
}

}  // namespace tandem::supervision
