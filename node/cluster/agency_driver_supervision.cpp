// AgencyDriver::Impl, the data nodes: heartbeats and their answers, this agent's report in
// every envelope, the reports of the others on the leader, and the supervision run on every
// tick of the agency leader (engine/supervision/DESIGN.md). Everything here runs on the
// driver's thread (agency_driver_impl.h).
//
//   heartbeats_        the lease rule and the fences; fences are set by buildReport(), which
//                      runs every tick right before the envelopes of that tick leave
//   log_leader_term_   the highest Plan/Leader term of any entry appended to the log (rule c);
//                      it only grows while the agent runs, and is recomputed from the log and
//                      the snapshot at start — an entry dropped by a new leader may leave it
//                      higher than needed, which refuses leases but never grants a wrong one
//   reports_           the newest report of every agent, with its receipt time here
#include <algorithm>
#include <utility>

#include "cluster/agency_driver_impl.h"
#include "log.h"

namespace tandem::node::cluster {
namespace json = boost::json;
using agency::Entry;
using agency::EntryType;
using agency_detail::failure;
using agency_detail::kSupervisionTopic;
using agency_detail::kTopic;

namespace {

// Descends `value` along the segments of `rest` ("Plan/Leader"): a set of a parent path
// carries the leader inside its value.
const json::value* descend(const json::value* value, std::string_view rest) {
  while (value != nullptr && !rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view key = rest.substr(0, slash);
    value = value->is_object() ? value->get_object().if_contains(key) : nullptr;
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return value;
}

std::uint64_t termOf(const json::value* leader) {
  if (leader == nullptr || !leader->is_object()) return 0;
  const json::value* term = leader->get_object().if_contains("term");
  if (term == nullptr) return 0;
  if (term->is_uint64()) return term->get_uint64();
  if (term->is_int64() && term->get_int64() > 0)
    return static_cast<std::uint64_t>(term->get_int64());
  return 0;
}

// The highest Plan/Leader term an entry's write sets (0 if none). Entries hold the compact
// form of AgencyStore::serialize: operations are spelled out as {"op":"set","new":V}.
std::uint64_t leaderTermIn(std::string_view data) {
  std::error_code ec;
  const json::value value = json::parse(data, ec);
  if (ec || !value.is_array()) return 0;
  const std::string_view target = supervision::kPlanLeaderPath;
  std::uint64_t highest = 0;
  for (const json::value& transaction : value.get_array()) {
    const json::array* parts = transaction.if_array();
    if (parts == nullptr || parts->empty() || !(*parts)[0].is_object()) continue;
    for (const auto& [path, operation] : (*parts)[0].get_object()) {
      const std::string_view key = path;
      const json::object* spec = operation.if_object();
      const json::value* op = spec != nullptr ? spec->if_contains("op") : nullptr;
      if (op == nullptr || !op->is_string() || op->get_string() != "set") continue;
      if (key != target && !(target.starts_with(key) && target[key.size()] == '/')) continue;
      const std::string_view rest = key == target ? "" : target.substr(key.size() + 1);
      highest = std::max(highest, termOf(descend(spec->if_contains("new"), rest)));
    }
  }
  return highest;
}

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::int64_t AgencyDriver::Impl::monotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

const supervision::ClusterPlan& AgencyDriver::Impl::appliedPlan() {
  if (!plan_) plan_ = supervision::ClusterPlan::fromTree(replicated_.root());
  return *plan_;
}

std::uint64_t AgencyDriver::Impl::highestLeaderTerm() {
  const supervision::ClusterPlan& plan = appliedPlan();
  return std::max(log_leader_term_, plan.leader ? plan.leader->term : 0);
}

void AgencyDriver::Impl::noteLogEntries(const std::vector<Entry>& entries) {
  for (const Entry& entry : entries) {
    if (entry.type != EntryType::kNormal) continue;
    log_leader_term_ = std::max(log_leader_term_, leaderTermIn(entry.data));
  }
}

void AgencyDriver::Impl::scanLogForLeaderTerms() {
  constexpr std::size_t kBatch = 512;
  for (agency::Index next = log_->firstIndex(); next <= log_->lastIndex();) {
    const std::vector<Entry> batch = log_->entries(next, log_->lastIndex() + 1, kBatch);
    if (batch.empty()) break;
    noteLogEntries(batch);
    next = batch.back().index + 1;
  }
}

void AgencyDriver::Impl::doHeartbeat(const std::string& body, Callback done) {
  if (phase_ != Phase::kRunning) {
    done(failure(phase_ == Phase::kHalted
                     ? halt_status_
                     : Status::error(ErrorCode::kHttpServiceUnavailable,
                                     phase_ == Phase::kStopped ? "this agent has stopped"
                                                               : "the agency is still forming",
                                     503)));
    return;
  }
  auto heartbeat = supervision::parseHeartbeat(body);
  if (!heartbeat) {
    done(failure(heartbeat.status()));
    return;
  }
  const std::int64_t now = monotonicMs();
  const supervision::ClusterPlan& plan = appliedPlan();
  // Decided before recording: the verdict is about the table as it was when the round came.
  const bool lease = heartbeats_.grantsLease(*heartbeat, plan, highestLeaderTerm(), now);
  heartbeats_.record(*heartbeat, now);
  mirrorHeartbeat(*heartbeat);
  AgencyOutcome outcome;
  outcome.body =
      json::object{{"agent", agent_id_},       {"agencyLeader", raft_->leader()},
                   {"appliedIndex", applied_}, {"lease", lease},
                   {"plan", plan.toJson()},    {"servers", heartbeats_.serversJson(plan, now)}};
  done(std::move(outcome));
}

void AgencyDriver::Impl::mirrorHeartbeat(const supervision::Heartbeat& heartbeat) {
  json::object state = supervision::heartbeatToJson(heartbeat);
  state["time"] = supervision::isoTime(wallMs());
  json::object operations;
  operations[std::string(supervision::kServerStatesPath) + "/" + heartbeat.id] =
      json::object{{"op", "set"}, {"new", std::move(state)}};
  auto write =
      agency::AgencyStore::parseWrite(json::serialize(json::array{json::array{operations}}));
  if (write) transient_.apply(*write);
}

void AgencyDriver::Impl::noteReport(const agency::RaftEnvelope& envelope) {
  if (envelope.report.empty() || envelope.from == agent_id_) return;
  auto report = supervision::reportFromJson(envelope.report);
  if (!report) return;  // decodeEnvelope checked it already
  reports_[envelope.from] = supervision::ReceivedReport{std::move(*report), monotonicMs()};
}

void AgencyDriver::Impl::noteLeadership(bool leads) {
  if (!leads) {
    leading_since_ms_.reset();
  } else if (!leading_since_ms_) {
    leading_since_ms_ = monotonicMs();
  }
}

// Every tick: this agent's report goes out with this tick's envelopes (and sets its fences
// first); the leader then judges.
void AgencyDriver::Impl::tickSupervision() {
  const std::int64_t now = monotonicMs();
  supervision::AgentReport report = heartbeats_.buildReport(appliedPlan(), now);
  transport_->setReport(supervision::reportToJson(report));
  if (!isLeader()) return;
  noteLeadership(true);
  reports_[agent_id_] = supervision::ReceivedReport{std::move(report), now};
  runSupervision(now);
}

void AgencyDriver::Impl::runSupervision(std::int64_t now_ms) {
  // A leader that has not applied everything committed judges from an old plan; its leader
  // writes would fail their preconditions, its health writes would be stale.
  if (applied_ < raft_->commitIndex()) return;
  supervision::SupervisionInput input;
  input.now_ms = now_ms;
  input.wall_now_ms = wallMs();
  input.agency_size = std::max<std::size_t>(1, raft_->configuration().members.size());
  input.leading_for_ms = now_ms - leading_since_ms_.value_or(now_ms);
  supervision::SupervisionResult result = supervision_.step(input, appliedPlan(), reports_);
  if (result.blocked_changed && !result.blocked.empty()) {
    Log::info(kSupervisionTopic, "no leader change",
              {{"agent", agent_id_}, {"reason", result.blocked}});
  }
  for (const std::string& decision : result.decisions) {
    Log::info(kSupervisionTopic, decision, {{"agent", agent_id_}, {"term", raft_->term()}});
  }
  for (agency::AgencyWrite& write : result.writes) {
    doWrite(std::move(write), [this](AgencyOutcome outcome) {
      if (!outcome.status) {
        Log::debug(kSupervisionTopic, "a supervision write did not apply",
                   {{"agent", agent_id_}, {"error", outcome.status.message()}});
      } else if (outcome.preconditionFailed) {
        Log::info(kSupervisionTopic, "a supervision write found the plan changed",
                  {{"agent", agent_id_}});
      }
    });
  }
}

}  // namespace tandem::node::cluster
