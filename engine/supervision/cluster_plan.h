// ClusterPlan: the active-failover records of the agency (engine/supervision/DESIGN.md, "Agency
// keys") in typed form, shared by the agents (supervision, heartbeat answers) and the nodes
// (role decisions, /_api/cluster/endpoints, /_admin/cluster/health).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace tandem::supervision {

// Agency paths.
inline constexpr std::string_view kPlanLeaderPath = "/tandem/Plan/Leader";
inline constexpr std::string_view kPlanSinglesPath = "/tandem/Plan/Singles";
inline constexpr std::string_view kTargetDrainingPath = "/tandem/Target/Draining";
inline constexpr std::string_view kTargetRemovedPath = "/tandem/Target/Removed";
inline constexpr std::string_view kMaintenancePath = "/tandem/Supervision/Maintenance";
inline constexpr std::string_view kHealthPath = "/tandem/Supervision/Health";
inline constexpr std::string_view kServerStatesPath = "/tandem/Sync/ServerStates";  // transient

// A position in a replication history: the (term, tick) of an oplog entry. Ordered by term
// first: a higher term is newer whatever its tick.
struct Position {
  std::uint64_t term = 0;
  std::uint64_t tick = 0;
  auto operator<=>(const Position&) const = default;
};

enum class Health { kUnknown, kGood, kBad, kFailed };
std::string_view healthName(Health health);  // "UNKNOWN", "GOOD", "BAD", "FAILED"
Health parseHealth(std::string_view name);   // kUnknown for anything else

struct LeaderRecord {
  std::string id;  // "SNGL-..."
  std::uint64_t term = 0;
  bool operator==(const LeaderRecord&) const = default;
};

struct SingleRecord {
  std::string endpoint;  // "tcp://host:port"
  std::string version;
  std::string registered;  // ISO time
  bool operator==(const SingleRecord&) const = default;
};

struct HealthRecord {
  Health status = Health::kUnknown;
  std::string endpoint;
  std::string timestamp;  // ISO time of the change
  bool operator==(const HealthRecord&) const = default;
};

struct ClusterPlan {
  std::optional<LeaderRecord> leader;
  std::map<std::string, SingleRecord> singles;  // registered servers by id
  std::map<std::string, bool> draining;         // Target/Draining
  std::map<std::string, std::string> removed;   // Target/Removed: id -> endpoint
  std::int64_t maintenance_until_ms = 0;        // wall clock; 0: off
  std::map<std::string, HealthRecord> health;   // Supervision/Health

  bool operator==(const ClusterPlan&) const = default;

  bool isDraining(std::string_view id) const;
  bool isRemoved(std::string_view id) const;
  bool inMaintenance(std::int64_t wall_now_ms) const { return wall_now_ms < maintenance_until_ms; }
  // The registered endpoint of `id`, empty if unknown.
  std::string endpointOf(std::string_view id) const;

  // Reads the records from an agency key tree root ({"tandem":{"Plan":…}}). Malformed members
  // are skipped (the agency only holds what nodes and supervision wrote).
  static ClusterPlan fromTree(const boost::json::object& root);
  // The JSON form used in heartbeat answers and /_admin/status:
  // {"leader":{"id","term"}|null,"singles":{id:{endpoint,version,registered}},
  //  "draining":{id:true},"removed":{id:endpoint},"maintenanceUntil":ms,
  //  "health":{id:{"Status","Endpoint","Timestamp"}}}
  boost::json::object toJson() const;
  // Inverse of toJson(); nullopt when `value` does not have that shape.
  static std::optional<ClusterPlan> fromJson(const boost::json::value& value);
};

boost::json::object positionToJson(const Position& position);  // {"term":T,"tick":N}
std::optional<Position> positionFromJson(const boost::json::value& value);

}  // namespace tandem::supervision
