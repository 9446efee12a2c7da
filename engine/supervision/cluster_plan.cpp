#include "supervision/cluster_plan.h"

#include <boost/json.hpp>

namespace tandem::supervision {

namespace json = boost::json;

namespace {

const json::value* member(const json::object& object, std::string_view key) {
  return object.if_contains(key);
}

const json::object* objectAt(const json::object& root, std::string_view path) {
  // path "/tandem/Plan/Leader" -> root["tandem"]["Plan"]["Leader"]
  const json::object* current = &root;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const json::value* next = member(*current, path.substr(start, end - start));
    if (!next || !next->is_object()) return nullptr;
    current = &next->get_object();
    start = end + 1;
  }
  return current;
}

const json::value* valueAt(const json::object& root, std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const json::object* parent = objectAt(root, path.substr(0, slash));
  return parent ? member(*parent, path.substr(slash + 1)) : nullptr;
}

std::string stringMember(const json::object& object, std::string_view key) {
  const json::value* value = member(object, key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::optional<std::uint64_t> unsignedValue(const json::value& value) {
  if (value.is_uint64()) return value.get_uint64();
  if (value.is_int64() && value.get_int64() >= 0)
    return static_cast<std::uint64_t>(value.get_int64());
  if (value.is_double() && value.get_double() >= 0)
    return static_cast<std::uint64_t>(value.get_double());
  return std::nullopt;
}

std::optional<std::int64_t> signedValue(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64()) return static_cast<std::int64_t>(value.get_uint64());
  if (value.is_double()) return static_cast<std::int64_t>(value.get_double());
  return std::nullopt;
}

std::optional<LeaderRecord> leaderFrom(const json::value* value) {
  if (!value || !value->is_object()) return std::nullopt;
  const json::object& object = value->get_object();
  LeaderRecord leader;
  leader.id = stringMember(object, "id");
  const json::value* term = member(object, "term");
  auto parsed = term ? unsignedValue(*term) : std::nullopt;
  if (leader.id.empty() || !parsed) return std::nullopt;
  leader.term = *parsed;
  return leader;
}

// The three record maps, from either the agency's spelling or toJson()'s: both use these keys.
void readSingles(const json::object* object, ClusterPlan& plan) {
  if (!object) return;
  for (const auto& [id, value] : *object) {
    if (!value.is_object()) continue;
    SingleRecord single;
    single.endpoint = stringMember(value.get_object(), "endpoint");
    single.version = stringMember(value.get_object(), "version");
    single.registered = stringMember(value.get_object(), "registered");
    if (single.endpoint.empty()) continue;
    plan.singles.emplace(std::string(id), std::move(single));
  }
}

void readDraining(const json::object* object, ClusterPlan& plan) {
  if (!object) return;
  for (const auto& [id, value] : *object) {
    if (value.is_bool() && value.get_bool()) plan.draining.emplace(std::string(id), true);
  }
}

void readRemoved(const json::object* object, ClusterPlan& plan) {
  if (!object) return;
  for (const auto& [id, value] : *object) {
    std::string endpoint;
    if (value.is_object()) endpoint = stringMember(value.get_object(), "endpoint");
    if (value.is_string()) endpoint = std::string(value.get_string());
    plan.removed.emplace(std::string(id), std::move(endpoint));
  }
}

void readHealth(const json::object* object, ClusterPlan& plan) {
  if (!object) return;
  for (const auto& [id, value] : *object) {
    if (!value.is_object()) continue;
    HealthRecord health;
    health.status = parseHealth(stringMember(value.get_object(), "Status"));
    health.endpoint = stringMember(value.get_object(), "Endpoint");
    health.timestamp = stringMember(value.get_object(), "Timestamp");
    plan.health.emplace(std::string(id), std::move(health));
  }
}

}  // namespace

std::string_view healthName(Health health) {
  switch (health) {
    case Health::kGood:
      return "GOOD";
    case Health::kBad:
      return "BAD";
    case Health::kFailed:
      return "FAILED";
    case Health::kUnknown:
      break;
  }
  return "UNKNOWN";
}

Health parseHealth(std::string_view name) {
  if (name == "GOOD") return Health::kGood;
  if (name == "BAD") return Health::kBad;
  if (name == "FAILED") return Health::kFailed;
  return Health::kUnknown;
}

bool ClusterPlan::isDraining(std::string_view id) const {
  return draining.find(std::string(id)) != draining.end();
}

bool ClusterPlan::isRemoved(std::string_view id) const {
  return removed.find(std::string(id)) != removed.end();
}

std::string ClusterPlan::endpointOf(std::string_view id) const {
  const auto single = singles.find(std::string(id));
  return single == singles.end() ? std::string() : single->second.endpoint;
}

ClusterPlan ClusterPlan::fromTree(const json::object& root) {
  ClusterPlan plan;
  plan.leader = leaderFrom(valueAt(root, kPlanLeaderPath));
  readSingles(objectAt(root, kPlanSinglesPath), plan);
  readDraining(objectAt(root, kTargetDrainingPath), plan);
  readRemoved(objectAt(root, kTargetRemovedPath), plan);
  if (const json::value* until = valueAt(root, kMaintenancePath)) {
    plan.maintenance_until_ms = signedValue(*until).value_or(0);
  }
  readHealth(objectAt(root, kHealthPath), plan);
  return plan;
}

json::object ClusterPlan::toJson() const {
  json::object out;
  if (leader) {
    out["leader"] = json::object{{"id", leader->id}, {"term", leader->term}};
  } else {
    out["leader"] = nullptr;
  }
  json::object singles_json;
  for (const auto& [id, single] : singles) {
    singles_json[id] = json::object{{"endpoint", single.endpoint},
                                    {"version", single.version},
                                    {"registered", single.registered}};
  }
  out["singles"] = std::move(singles_json);
  json::object draining_json;
  for (const auto& [id, flag] : draining) draining_json[id] = flag;
  out["draining"] = std::move(draining_json);
  json::object removed_json;
  for (const auto& [id, endpoint] : removed) removed_json[id] = endpoint;
  out["removed"] = std::move(removed_json);
  out["maintenanceUntil"] = maintenance_until_ms;
  json::object health_json;
  for (const auto& [id, record] : health) {
    health_json[id] = json::object{{"Status", healthName(record.status)},
                                   {"Endpoint", record.endpoint},
                                   {"Timestamp", record.timestamp}};
  }
  out["health"] = std::move(health_json);
  return out;
}

std::optional<ClusterPlan> ClusterPlan::fromJson(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const json::object& object = value.get_object();
  ClusterPlan plan;
  const json::value* leader = member(object, "leader");
  if (leader && !leader->is_null()) {
    plan.leader = leaderFrom(leader);
    if (!plan.leader) return std::nullopt;
  }
  auto sub = [&](std::string_view key) -> const json::object* {
    const json::value* found = member(object, key);
    return found && found->is_object() ? &found->get_object() : nullptr;
  };
  readSingles(sub("singles"), plan);
  readDraining(sub("draining"), plan);
  readRemoved(sub("removed"), plan);
  if (const json::value* until = member(object, "maintenanceUntil")) {
    plan.maintenance_until_ms = signedValue(*until).value_or(0);
  }
  readHealth(sub("health"), plan);
  return plan;
}

json::object positionToJson(const Position& position) {
  return json::object{{"term", position.term}, {"tick", position.tick}};
}

std::optional<Position> positionFromJson(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const json::value* term = value.get_object().if_contains("term");
  const json::value* tick = value.get_object().if_contains("tick");
  if (!term || !tick) return std::nullopt;
  auto parsed_term = unsignedValue(*term);
  auto parsed_tick = unsignedValue(*tick);
  // Ticks travel as strings in ArangoDB's replication answers; accept both.
  if (!parsed_tick && tick->is_string()) {
    try {
      parsed_tick = std::stoull(std::string(tick->get_string()));
    } catch (...) {
      return std::nullopt;
    }
  }
  if (!parsed_term || !parsed_tick) return std::nullopt;
  return Position{*parsed_term, *parsed_tick};
}

}  // namespace tandem::supervision
