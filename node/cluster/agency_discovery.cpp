// AgencyDiscovery: the bootstrap decisions (see the header) and the identity wire shape.
//
// Why the rules are safe: two agents can only form different agencies if they see different
// sets of `size` agents. An agent forms only when it sees exactly `size` of them and every
// endpoint it was given has answered; agents given the same endpoints (the documented set-up)
// therefore see the same set. An agent that sees more than `size` never forms on its own.
#include "cluster/agency_discovery.h"

#include <algorithm>
#include <utility>

#include <openssl/evp.h>

namespace tandem::node::cluster {
namespace json = boost::json;

namespace {

Status badIdentity(std::string why) {
  return Status::error(ErrorCode::kBadParameter, "malformed agent identity: " + std::move(why));
}

const json::string* stringMember(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? &value->as_string() : nullptr;
}

}  // namespace

json::object identityToJson(const AgentIdentity& identity) {
  json::object pool;
  for (const auto& [id, address] : identity.pool) pool[id] = address;
  json::object body;
  body["id"] = identity.id;
  body["endpoint"] = identity.endpoint;
  body["clusterId"] = identity.cluster_id;
  body["pool"] = std::move(pool);
  return body;
}

Result<AgentIdentity> parseIdentity(const json::value& body) {
  if (!body.is_object()) return badIdentity("not an object");
  const json::object& object = body.as_object();
  const json::string* id = stringMember(object, "id");
  const json::string* endpoint = stringMember(object, "endpoint");
  if (id == nullptr || id->empty()) return badIdentity("no \"id\"");
  if (endpoint == nullptr || endpoint->empty()) return badIdentity("no \"endpoint\"");
  AgentIdentity identity;
  identity.id = std::string(*id);
  identity.endpoint = std::string(*endpoint);
  if (const json::value* cluster = object.if_contains("clusterId")) {
    if (!cluster->is_string()) return badIdentity("\"clusterId\" is not a string");
    identity.cluster_id = std::string(cluster->as_string());
  }
  if (const json::value* pool = object.if_contains("pool")) {
    if (!pool->is_object()) return badIdentity("\"pool\" is not an object");
    for (const auto& [member, address] : pool->as_object()) {
      if (!address.is_string() || member.empty()) return badIdentity("a \"pool\" member");
      identity.pool[std::string(member)] = std::string(address.as_string());
    }
  }
  return identity;
}

std::string clusterIdOf(const agency::Configuration& configuration) {
  std::string text;
  for (const auto& [id, address] : configuration.members) {  // std::map: sorted by id
    text += id;
    text += '=';
    text += address;
    text += '\n';
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xf];
  }
  return id;
}

AgencyDiscovery::AgencyDiscovery(agency::AgentId self, std::string self_address,
                                 std::vector<std::string> endpoints, std::size_t size)
    : self_(std::move(self)),
      self_address_(std::move(self_address)),
      endpoints_(std::move(endpoints)),
      size_(size) {
  known_[self_] = self_address_;
  address_book_[self_] = self_address_;
  for (const std::string& endpoint : endpoints_) {
    if (endpoint != self_address_) addresses_.insert(endpoint);
  }
  answered_.insert(self_address_);
}

std::vector<std::string> AgencyDiscovery::addressesToAsk() const {
  return {addresses_.begin(), addresses_.end()};
}

AgencyDiscovery::Outcome AgencyDiscovery::evaluate() const {
  Outcome outcome;
  const bool endpoints_answered =
      std::all_of(endpoints_.begin(), endpoints_.end(),
                  [this](const std::string& endpoint) { return answered_.count(endpoint) != 0; });
  if (known_.size() == size_ && endpoints_answered) {
    outcome.kind = Outcome::Kind::kForm;
    outcome.configuration.members = known_;
    outcome.cluster_id = clusterIdOf(outcome.configuration);
  }
  return outcome;
}

AgencyDiscovery::Outcome AgencyDiscovery::onIdentity(const std::string& address,
                                                     const AgentIdentity& identity) {
  answered_.insert(address);
  if (identity.id == self_) return evaluate();  // one of our own addresses
  for (const auto& [id, member_address] : identity.pool) {
    if (id != self_) address_book_[id] = member_address;
    if (member_address != self_address_) addresses_.insert(member_address);
  }
  address_book_[identity.id] = identity.endpoint;
  if (!identity.cluster_id.empty()) {
    Outcome outcome;
    outcome.cluster_id = identity.cluster_id;
    agency::Configuration formed;
    formed.members = identity.pool;
    const auto me = formed.members.find(self_);
    if (me != formed.members.end() && me->second == self_address_ &&
        clusterIdOf(formed) == identity.cluster_id) {
      outcome.kind = Outcome::Kind::kForm;
      outcome.configuration = std::move(formed);
    } else {
      outcome.kind = Outcome::Kind::kJoin;
    }
    return outcome;
  }
  known_[identity.id] = identity.endpoint;
  return evaluate();
}

}  // namespace tandem::node::cluster
