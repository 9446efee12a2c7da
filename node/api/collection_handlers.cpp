// /_api/collection: list, create, describe, count, truncate and drop collections.
//
// Changing properties (PUT /_api/collection/<name>/properties) is not offered: the store has
// no operation for it, so the router answers 405 there rather than pretending to apply it.
#include "api/handlers.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/error_body.h"

namespace tandem::node::api {
namespace {

constexpr int kStatusLoaded = 3;

std::string_view keyGeneratorName(tandem::KeyGeneratorType type) {
  switch (type) {
    case tandem::KeyGeneratorType::kTraditional:
      return "traditional";
    case tandem::KeyGeneratorType::kAutoincrement:
      return "autoincrement";
    case tandem::KeyGeneratorType::kUuid:
      return "uuid";
    case tandem::KeyGeneratorType::kPadded:
      return "padded";
  }
  return "traditional";
}

std::optional<tandem::KeyGeneratorType> keyGeneratorOf(std::string_view name) {
  if (name == "traditional") return tandem::KeyGeneratorType::kTraditional;
  if (name == "autoincrement") return tandem::KeyGeneratorType::kAutoincrement;
  if (name == "uuid") return tandem::KeyGeneratorType::kUuid;
  if (name == "padded") return tandem::KeyGeneratorType::kPadded;
  return std::nullopt;
}

// The short description used by the list, GET /<name> and truncate.
boost::json::object shortForm(const tandem::CollectionInfo& info) {
  boost::json::object object;
  object["id"] = info.id;
  object["name"] = info.name;
  object["status"] = kStatusLoaded;
  object["type"] = static_cast<int>(info.type);
  object["isSystem"] = info.is_system;
  object["globallyUniqueId"] = info.globally_unique_id;
  return object;
}

boost::json::object keyOptionsObject(const tandem::KeyOptions& key_options) {
  boost::json::object object;
  object["type"] = keyGeneratorName(key_options.type);
  object["allowUserKeys"] = key_options.allow_user_keys;
  if (key_options.type == tandem::KeyGeneratorType::kAutoincrement) {
    object["increment"] = key_options.increment;
    object["offset"] = key_options.offset;
  }
  object["lastValue"] = key_options.last_value;
  return object;
}

// The full properties object of ArangoDB 3.11 single servers. There is no separate storage
// object id, so objectId repeats the collection id.
boost::json::object properties(const tandem::CollectionInfo& info) {
  boost::json::object object = shortForm(info);
  object["waitForSync"] = info.wait_for_sync;
  object["statusString"] = "loaded";
  object["objectId"] = info.id;
  object["keyOptions"] = keyOptionsObject(info.key_options);
  object["schema"] = nullptr;
  object["writeConcern"] = 1;
  object["cacheEnabled"] = false;
  object["syncByRevision"] = true;
  object["usesRevisionsAsDocumentIds"] = true;
  object["internalValidatorType"] = 0;
  object["isSmartChild"] = false;
  return object;
}

std::string collectionLocation(const Call& call, std::string_view name, std::string_view what) {
  return "/_db/" + percentEncode(call.db) + "/_api/collection/" + percentEncode(name) + "/" +
         std::string(what);
}

tandem::Status badParameter(std::string message, tandem::ErrorCode code) {
  return tandem::Status::error(code, std::move(message), 400);
}

// Reads a keyOptions object into `out`; unknown fields are ignored as ArangoDB does.
tandem::Status readKeyOptions(const boost::json::object& object, tandem::KeyOptions& out) {
  if (const auto* type = object.if_contains("type"); type != nullptr && type->is_string()) {
    auto generator = keyGeneratorOf(type->as_string());
    if (!generator) {
      return badParameter("invalid key generator type", static_cast<tandem::ErrorCode>(1232));
    }
    out.type = *generator;
  }
  if (const auto* allow = object.if_contains("allowUserKeys"); allow && allow->is_bool()) {
    out.allow_user_keys = allow->as_bool();
  }
  const std::pair<const char*, std::uint64_t*> numbers[] = {{"increment", &out.increment},
                                                            {"offset", &out.offset}};
  for (auto [field, target] : numbers) {
    const auto* value = object.if_contains(field);
    if (value == nullptr) continue;
    if (value->is_uint64()) {
      *target = value->as_uint64();
    } else if (value->is_int64() && value->as_int64() >= 0) {
      *target = static_cast<std::uint64_t>(value->as_int64());
    } else {
      return badParameter("invalid key generator options", tandem::ErrorCode::kBadParameter);
    }
  }
  return tandem::Status::ok();
}

// Body of POST /_api/collection -> CollectionSpec. A body that is no object or has no
// non-empty string name is 400/1208, like ArangoDB.
tandem::Result<tandem::CollectionSpec> readSpec(const boost::json::value& body) {
  const auto* object = body.if_object();
  const auto* name = object ? object->if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string() || name->as_string().empty()) {
    return tandem::Status::error(tandem::ErrorCode::kIllegalName, "illegal name", 400);
  }
  tandem::CollectionSpec spec;
  spec.name = std::string(name->as_string());
  if (const auto* type = object->if_contains("type"); type && !type->is_null()) {
    auto number = type->is_int64() ? type->as_int64() : 0;
    if (number != 2 && number != 3) {
      return badParameter("invalid collection type", static_cast<tandem::ErrorCode>(1218));
    }
    spec.type = static_cast<tandem::CollectionType>(number);
  }
  if (const auto* wait = object->if_contains("waitForSync"); wait && wait->is_bool()) {
    spec.wait_for_sync = wait->as_bool();
  }
  const auto* is_system = object->if_contains("isSystem");
  spec.is_system =
      is_system && is_system->is_bool() && is_system->as_bool() && spec.name.front() == '_';
  if (const auto* key_options = object->if_contains("keyOptions");
      key_options && key_options->is_object()) {
    if (auto status = readKeyOptions(key_options->as_object(), spec.key_options); !status) {
      return status;
    }
  }
  return spec;
}

// Looks the collection named by the first path argument up; answers the error itself.
std::optional<tandem::CollectionInfo> lookUp(Call& call) {
  auto info = call.store().collection(call.db, call.args.at(0));
  if (!info) {
    call.respond(errorResponse(nameMissingCollection(info.status(), call.args.at(0))));
    return std::nullopt;
  }
  return std::move(*info);
}

void createCollectionAdmitted(Call& call) {
  auto body = parseJsonBody(call.request.body);
  if (!body) {
    call.respond(errorResponse(body.status()));
    return;
  }
  auto spec = readSpec(*body);
  if (!spec) {
    call.respond(errorResponse(spec.status()));
    return;
  }
  call.store().createCollection(
      call.db, std::move(*spec),
      [respond = std::move(call.respond)](tandem::Result<tandem::CollectionInfo> info) {
        if (!info) {
          respond(errorResponse(info.status()));
          return;
        }
        respond(successResponse(200, properties(*info)));
      });
}

void truncateCollectionAdmitted(Call& call) {
  std::string name = call.args.at(0);
  call.store().truncateCollection(
      call.db, name,
      [respond = std::move(call.respond), name](tandem::Result<tandem::CollectionInfo> info) {
        if (!info) {
          respond(errorResponse(nameMissingCollection(info.status(), name)));
          return;
        }
        respond(successResponse(200, shortForm(*info)));
      });
}

void dropCollectionAdmitted(Call& call) {
  std::string name = call.args.at(0);
  bool allow_system = call.request.flag("isSystem", false);
  call.store().dropCollection(
      call.db, name, allow_system,
      [respond = std::move(call.respond), name](tandem::Result<tandem::CollectionInfo> info) {
        if (!info) {
          respond(errorResponse(nameMissingCollection(info.status(), name)));
          return;
        }
        respond(successResponse(200, {{"id", info->id}}));
      });
}

}  // namespace

void listCollections(Call& call) {
  auto collections = call.store().listCollections(call.db);
  if (!collections) {
    call.respond(errorResponse(collections.status()));
    return;
  }
  bool exclude_system = call.request.flag("excludeSystem", false);
  boost::json::array result;
  result.reserve(collections->size());
  for (const auto& info : *collections) {
    if (exclude_system && info.is_system) continue;
    result.push_back(shortForm(info));
  }
  call.respond(successResponse(200, {{"result", std::move(result)}}));
}

void createCollection(Call& call) { admitWrite(call, createCollectionAdmitted); }

void getCollection(Call& call) {
  if (auto info = lookUp(call)) call.respond(successResponse(200, shortForm(*info)));
}

void getCollectionProperties(Call& call) {
  auto info = lookUp(call);
  if (!info) return;
  Response response = successResponse(200, properties(*info));
  response.setHeader("location", collectionLocation(call, info->name, "properties"));
  call.respond(std::move(response));
}

void getCollectionCount(Call& call) {
  auto info = lookUp(call);
  if (!info) return;
  auto count = call.store().count(call.db, info->name);
  if (!count) {
    call.respond(errorResponse(nameMissingCollection(count.status(), info->name)));
    return;
  }
  boost::json::object fields = properties(*info);
  fields["count"] = *count;
  Response response = successResponse(200, fields);
  response.setHeader("location", collectionLocation(call, info->name, "count"));
  call.respond(std::move(response));
}

void truncateCollection(Call& call) { admitWrite(call, truncateCollectionAdmitted); }

void dropCollection(Call& call) { admitWrite(call, dropCollectionAdmitted); }

}  // namespace tandem::node::api
