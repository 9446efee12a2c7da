// Raft message envelopes as JSON (Boost.JSON).
//
// envelope   {"clusterId":S, "from":S, "messages":[message, ...], "report":report?}
// message    {"type":T, "to":S, "term":U, "logTerm":U, "index":U, "commit":U, "reject":B,
//             "rejectHint":U, "context":S, "entries":[entry, ...], "snapshot":snapshot?}
// entry      {"term":U, "index":U, "type":"normal"|"confChange", "data":S}
// snapshot   {"meta":{"index":U, "term":U, "members":{id:address, ...}}, "data":S}
//
// report     supervision::AgentReport's JSON (heartbeat.h); absent or {} when there is none
// S: string; U: unsigned 64-bit integer (a JSON number without fraction or exponent, >= 0);
// B: true/false; T: one of the names in kMessageTypes. A message's sender is the envelope's
// "from" (not repeated per message); "from" and "to" are non-empty. Every member above is
// required except "snapshot" (present exactly when the message carries one). Members not
// listed are ignored, so a newer agent may add some without breaking an older one; a member
// of the wrong type is refused, never defaulted.
#include "agency/raft_codec.h"

#include <cassert>
#include <utility>

#include <boost/json.hpp>

#include "supervision/heartbeat.h"

namespace tandem::agency {
namespace {

namespace json = boost::json;

// Wire names, fixed: they are part of the protocol between agents of different versions.
constexpr std::pair<MessageType, std::string_view> kMessageTypes[] = {
    {MessageType::kPreVote, "preVote"},     {MessageType::kPreVoteResponse, "preVoteResponse"},
    {MessageType::kVote, "vote"},           {MessageType::kVoteResponse, "voteResponse"},
    {MessageType::kAppend, "append"},       {MessageType::kAppendResponse, "appendResponse"},
    {MessageType::kHeartbeat, "heartbeat"}, {MessageType::kHeartbeatResponse, "heartbeatResponse"},
    {MessageType::kSnapshot, "snapshot"},
};

constexpr std::pair<EntryType, std::string_view> kEntryTypes[] = {
    {EntryType::kNormal, "normal"},
    {EntryType::kConfChange, "confChange"},
};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::pair<Enum, std::string_view> (&table)[N], Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  assert(false && "every enumerator has a wire name");
  return {};
}

// ---- encode ----

json::object encodeEntry(const Entry& entry) {
  json::object object;
  object["term"] = entry.term;
  object["index"] = entry.index;
  object["type"] = nameOf(kEntryTypes, entry.type);
  object["data"] = entry.data;
  return object;
}

json::object encodeSnapshot(const Snapshot& snapshot) {
  json::object members;
  for (const auto& [id, address] : snapshot.meta.configuration.members) members[id] = address;
  json::object meta;
  meta["index"] = snapshot.meta.index;
  meta["term"] = snapshot.meta.term;
  meta["members"] = std::move(members);
  json::object object;
  object["meta"] = std::move(meta);
  object["data"] = snapshot.data;
  return object;
}

json::object encodeMessage(const Message& message) {
  json::object object;
  object["type"] = nameOf(kMessageTypes, message.type);
  object["to"] = message.to;
  object["term"] = message.term;
  object["logTerm"] = message.logTerm;
  object["index"] = message.index;
  object["commit"] = message.commit;
  object["reject"] = message.reject;
  object["rejectHint"] = message.rejectHint;
  object["context"] = message.context;
  json::array entries;
  entries.reserve(message.entries.size());
  for (const auto& entry : message.entries) entries.emplace_back(encodeEntry(entry));
  object["entries"] = std::move(entries);
  if (message.snapshot) object["snapshot"] = encodeSnapshot(*message.snapshot);
  return object;
}

// ---- decode ----

// Reads the members of one JSON object, recording the first problem with its location
// ("message 2: entry 1: \"term\" must be ..."). After a failure every getter is a no-op.
class Reader {
 public:
  Reader(const json::value& value, std::string where, Status& status)
      : where_(std::move(where)), status_(status) {
    object_ = value.if_object();
    if (object_ == nullptr) fail("must be an object");
  }

  const json::value* member(std::string_view key, bool required = true) {
    if (!status_ || object_ == nullptr) return nullptr;
    const json::value* value = object_->if_contains(key);
    if (value == nullptr && required) fail("has no \"" + std::string(key) + "\"");
    return value;
  }

  void unsignedMember(std::string_view key, std::uint64_t& out) {
    const json::value* value = member(key);
    if (value == nullptr) return;
    if (value->is_uint64()) {
      out = value->get_uint64();
    } else if (value->is_int64() && value->get_int64() >= 0) {
      out = static_cast<std::uint64_t>(value->get_int64());
    } else {
      fail("\"" + std::string(key) + "\" must be a non-negative integer");
    }
  }

  void stringMember(std::string_view key, std::string& out, bool non_empty = false) {
    const json::value* value = member(key);
    if (value == nullptr) return;
    if (!value->is_string() || (non_empty && value->get_string().empty())) {
      fail("\"" + std::string(key) + "\" must be a" + (non_empty ? " non-empty" : "") + " string");
      return;
    }
    out = std::string(value->get_string());
  }

  void boolMember(std::string_view key, bool& out) {
    const json::value* value = member(key);
    if (value == nullptr) return;
    if (!value->is_bool()) {
      fail("\"" + std::string(key) + "\" must be true or false");
      return;
    }
    out = value->get_bool();
  }

  template <typename Enum, std::size_t N>
  void enumMember(std::string_view key, const std::pair<Enum, std::string_view> (&table)[N],
                  Enum& out) {
    const json::value* value = member(key);
    if (value == nullptr) return;
    if (value->is_string()) {
      for (const auto& [candidate, name] : table) {
        if (name == std::string_view(value->get_string())) {
          out = candidate;
          return;
        }
      }
      fail("has an unknown \"" + std::string(key) + "\" " + json::serialize(*value));
      return;
    }
    fail("\"" + std::string(key) + "\" must be a string");
  }

  const json::array* arrayMember(std::string_view key) {
    const json::value* value = member(key);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) fail("\"" + std::string(key) + "\" must be an array");
    return value->if_array();
  }

  const std::string& where() const { return where_; }
  bool ok() const { return status_.isOk(); }
  void fail(const std::string& problem) {
    if (status_) status_ = Status::error(ErrorCode::kBadParameter, where_ + " " + problem);
  }

 private:
  const json::object* object_ = nullptr;
  std::string where_;
  Status& status_;
};

Entry decodeEntry(const json::value& value, std::string where, Status& status) {
  Entry entry;
  Reader reader(value, std::move(where), status);
  reader.unsignedMember("term", entry.term);
  reader.unsignedMember("index", entry.index);
  reader.enumMember("type", kEntryTypes, entry.type);
  reader.stringMember("data", entry.data);
  return entry;
}

Snapshot decodeSnapshot(const json::value& value, const std::string& where, Status& status) {
  Snapshot snapshot;
  Reader reader(value, where, status);
  reader.stringMember("data", snapshot.data);
  const json::value* meta_value = reader.member("meta");
  if (meta_value == nullptr) return snapshot;
  Reader meta(*meta_value, where + " meta", status);
  meta.unsignedMember("index", snapshot.meta.index);
  meta.unsignedMember("term", snapshot.meta.term);
  const json::value* members = meta.member("members");
  if (members == nullptr) return snapshot;
  if (!members->is_object()) {
    meta.fail("\"members\" must be an object of id: address");
    return snapshot;
  }
  for (const auto& member : members->get_object()) {
    if (!member.value().is_string()) {
      meta.fail("member \"" + std::string(member.key()) + "\" must have a string address");
      return snapshot;
    }
    snapshot.meta.configuration.members[std::string(member.key())] =
        std::string(member.value().get_string());
  }
  return snapshot;
}

Message decodeMessage(const json::value& value, const std::string& where, Status& status) {
  Message message;
  Reader reader(value, where, status);
  reader.enumMember("type", kMessageTypes, message.type);
  reader.stringMember("to", message.to, true);
  reader.unsignedMember("term", message.term);
  reader.unsignedMember("logTerm", message.logTerm);
  reader.unsignedMember("index", message.index);
  reader.unsignedMember("commit", message.commit);
  reader.boolMember("reject", message.reject);
  reader.unsignedMember("rejectHint", message.rejectHint);
  reader.stringMember("context", message.context);
  if (const json::array* entries = reader.arrayMember("entries")) {
    for (std::size_t i = 0; i < entries->size() && reader.ok(); ++i) {
      message.entries.push_back(
          decodeEntry((*entries)[i], where + " entry " + std::to_string(i + 1), status));
    }
  }
  if (const json::value* snapshot = reader.member("snapshot", false)) {
    message.snapshot = decodeSnapshot(*snapshot, where + " snapshot", status);
  }
  return message;
}

}  // namespace

std::string encodeEnvelope(const RaftEnvelope& envelope) {
  json::object object;
  object["clusterId"] = envelope.clusterId;
  object["from"] = envelope.from;
  json::array messages;
  messages.reserve(envelope.messages.size());
  for (const auto& message : envelope.messages) {
    assert(message.from == envelope.from && "an envelope carries one sender's messages");
    messages.emplace_back(encodeMessage(message));
  }
  object["messages"] = std::move(messages);
  if (!envelope.report.empty()) object["report"] = envelope.report;
  return json::serialize(object);
}

Result<RaftEnvelope> decodeEnvelope(std::string_view body) {
  std::error_code ec;
  const json::value value = json::parse(body, ec);
  if (ec) {
    return Status::error(ErrorCode::kBadParameter,
                         "raft envelope is not valid JSON: " + ec.message());
  }
  Status status;
  RaftEnvelope envelope;
  Reader reader(value, "raft envelope", status);
  reader.stringMember("clusterId", envelope.clusterId);
  reader.stringMember("from", envelope.from, true);
  if (const json::array* messages = reader.arrayMember("messages")) {
    envelope.messages.reserve(messages->size());
    for (std::size_t i = 0; i < messages->size() && status; ++i) {
      Message message =
          decodeMessage((*messages)[i], "raft envelope: message " + std::to_string(i + 1), status);
      message.from = envelope.from;
      envelope.messages.push_back(std::move(message));
    }
  }
  if (const json::value* report = reader.member("report", false); report && status) {
    // An empty object stands for "no report"; anything else must be a whole report.
    if (!report->is_object() || !report->get_object().empty()) {
      auto parsed = supervision::reportFromJson(*report);
      if (!parsed) {
        return Status::error(ErrorCode::kBadParameter,
                             "raft envelope: " + parsed.status().message());
      }
      envelope.report = report->get_object();
    }
  }
  if (!status) return status;
  return envelope;
}

}  // namespace tandem::agency
