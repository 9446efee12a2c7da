// The text encoding of a ConfChange and the names of messages and roles.
//
// ConfChange encoding (the data of an EntryType::kConfChange entry). Fields are separated by
// one space; every string is length-prefixed, so ids and addresses may hold any byte:
//
//   add <len>:<id> <len>:<address>
//   remove <len>:<id>
//   set <count> <len>:<id> <len>:<address> ... (count pairs, ids strictly ascending)
//
// <len> and <count> are decimal without sign or leading zeros (a lone "0" is fine). Ids are
// never empty; a set lists at least one member. Nothing may follow the last field. The
// encoding is canonical: decode(encode(c)) == c, and a decodable text re-encodes to itself.
#include "agency/raft_types.h"

#include <charconv>
#include <utility>

namespace tandem::agency {
namespace {

constexpr std::string_view kAdd = "add";
constexpr std::string_view kRemove = "remove";
constexpr std::string_view kSet = "set";
// Bounds a length or count field so that parsing can never overflow.
constexpr std::size_t kMaxNumberDigits = 9;

void appendField(std::string& out, std::string_view value) {
  out += ' ';
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

// A cursor over the text being decoded; every read fails (returns false) rather than reading
// past the end, and the caller turns the first failure into kBadParameter.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool atEnd() const { return pos_ == text_.size(); }

  bool word(std::string_view& out) {
    const std::size_t end = text_.find(' ', pos_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    if (stop == pos_) return false;
    out = text_.substr(pos_, stop - pos_);
    pos_ = stop;
    return true;
  }

  bool space() {
    if (pos_ >= text_.size() || text_[pos_] != ' ') return false;
    ++pos_;
    return true;
  }

  bool number(std::size_t& out, char terminator) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    const std::size_t digits = pos_ - start;
    if (digits == 0 || digits > kMaxNumberDigits) return false;
    if (digits > 1 && text_[start] == '0') return false;  // canonical: no leading zeros
    std::from_chars(text_.data() + start, text_.data() + pos_, out);
    if (terminator == '\0') return true;
    if (pos_ >= text_.size() || text_[pos_] != terminator) return false;
    ++pos_;
    return true;
  }

  // " <len>:<bytes>"
  bool field(std::string& out) {
    std::size_t length = 0;
    if (!space() || !number(length, ':')) return false;
    if (length > text_.size() - pos_) return false;
    out.assign(text_.substr(pos_, length));
    pos_ += length;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Status malformed(std::string_view what) {
  return Status::error(ErrorCode::kBadParameter,
                       "malformed configuration change: " + std::string(what));
}

}  // namespace

std::string encodeConfChange(const ConfChange& change) {
  std::string out;
  switch (change.kind) {
    case ConfChange::Kind::kAdd:
      out = kAdd;
      appendField(out, change.id);
      appendField(out, change.address);
      break;
    case ConfChange::Kind::kRemove:
      out = kRemove;
      appendField(out, change.id);
      break;
    case ConfChange::Kind::kSet:
      out = kSet;
      out += ' ';
      out += std::to_string(change.configuration.members.size());
      for (const auto& [id, address] : change.configuration.members) {
        appendField(out, id);
        appendField(out, address);
      }
      break;
  }
  return out;
}

Result<ConfChange> decodeConfChange(std::string_view data) {
  Reader reader(data);
  std::string_view kind;
  if (!reader.word(kind)) return malformed("missing kind");
  ConfChange change;
  if (kind == kAdd) {
    change.kind = ConfChange::Kind::kAdd;
    if (!reader.field(change.id) || !reader.field(change.address)) {
      return malformed("add needs an id and an address");
    }
  } else if (kind == kRemove) {
    change.kind = ConfChange::Kind::kRemove;
    if (!reader.field(change.id)) return malformed("remove needs an id");
  } else if (kind == kSet) {
    change.kind = ConfChange::Kind::kSet;
    std::size_t count = 0;
    if (!reader.space() || !reader.number(count, '\0')) return malformed("set needs a count");
    if (count == 0) return malformed("set needs at least one member");
    std::string previous;
    for (std::size_t i = 0; i < count; ++i) {
      std::string id;
      std::string address;
      if (!reader.field(id) || !reader.field(address)) return malformed("truncated member list");
      if (id.empty()) return malformed("empty member id");
      // Strictly ascending ids: no duplicates, and the text is the canonical one.
      if (i > 0 && !(previous < id)) return malformed("member ids not strictly ascending");
      previous = id;
      change.configuration.members.emplace(std::move(id), std::move(address));
    }
  } else {
    return malformed("unknown kind");
  }
  if (change.kind != ConfChange::Kind::kSet && change.id.empty()) {
    return malformed("empty member id");
  }
  if (!reader.atEnd()) return malformed("trailing bytes");
  return change;
}

Configuration applyConfChange(Configuration configuration, const ConfChange& change) {
  switch (change.kind) {
    case ConfChange::Kind::kSet:
      return change.configuration;
    case ConfChange::Kind::kAdd:
      configuration.members[change.id] = change.address;
      break;
    case ConfChange::Kind::kRemove:
      configuration.members.erase(change.id);
      break;
  }
  return configuration;
}

std::string_view messageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kPreVote:
      return "preVote";
    case MessageType::kPreVoteResponse:
      return "preVoteResponse";
    case MessageType::kVote:
      return "vote";
    case MessageType::kVoteResponse:
      return "voteResponse";
    case MessageType::kAppend:
      return "append";
    case MessageType::kAppendResponse:
      return "appendResponse";
    case MessageType::kHeartbeat:
      return "heartbeat";
    case MessageType::kHeartbeatResponse:
      return "heartbeatResponse";
    case MessageType::kSnapshot:
      return "snapshot";
  }
  return "unknown";
}

std::string_view roleName(Role role) {
  switch (role) {
    case Role::kFollower:
      return "follower";
    case Role::kPreCandidate:
      return "pre-candidate";
    case Role::kCandidate:
      return "candidate";
    case Role::kLeader:
      return "leader";
  }
  return "unknown";
}

}  // namespace tandem::agency
