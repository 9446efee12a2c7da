#include "bench_phases.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <boost/json.hpp>

#include "documents.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;

const std::string kDbPrefix = "/_db/_system";
const std::string kSingleCollection = "bench_single";
const std::string kLoadCollection = "bench_docs";
constexpr char kSinglePrefix = 's';
constexpr char kLoadPrefix = 'd';

Request makeRequest(std::string method, std::string target, std::string body = {}) {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.body = std::move(body);
  return request;
}

bool isSuccess(unsigned status) { return status >= 200 && status < 300; }

std::string bodyExcerpt(const std::string& body) {
  constexpr std::size_t kMax = 300;
  return body.size() <= kMax ? body : body.substr(0, kMax) + "...";
}

std::string unexpected(const Response& response, const std::string& expected) {
  return "expected " + expected + ", got HTTP " + std::to_string(response.status) + " " +
         bodyExcerpt(response.body);
}

// The value of `field` if `value` is an object holding a string there, else empty.
std::string stringField(const json::value& value, const char* field) {
  const json::object* object = value.if_object();
  if (object == nullptr) return {};
  const json::value* found = object->if_contains(field);
  if (found == nullptr || !found->is_string()) return {};
  return std::string(found->get_string());
}

bool isInlineError(const json::value& value) {
  const json::object* object = value.if_object();
  if (object == nullptr) return false;
  const json::value* error = object->if_contains("error");
  return error != nullptr && error->is_bool() && error->get_bool();
}

double percentileMs(std::vector<std::uint32_t>& values, double q) {
  if (values.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  const std::size_t index = std::min(values.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index] / 1000.0;
}

std::string checkVersion(const Request&, const Response& response) {
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  if (response.status != 200 || ec || stringField(body, "version").empty()) {
    return unexpected(response, "200 with a \"version\"");
  }
  return {};
}

std::string checkSingleInsert(const Request& request, const Response& response) {
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const std::string key = documentKey(kSinglePrefix, request.tag);
  if (!isSuccess(response.status) || ec || stringField(body, "_key") != key) {
    return unexpected(response, "2xx with _key " + key);
  }
  return {};
}

std::string checkArrayInsert(const Request& request, const Response& response) {
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const json::array* items = body.if_array();
  if (!isSuccess(response.status) || ec || items == nullptr || items->size() != request.items) {
    return unexpected(response, "2xx with an array of " + std::to_string(request.items));
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string key = documentKey(kLoadPrefix, request.tag + i);
    if (isInlineError((*items)[i]) || stringField((*items)[i], "_key") != key) {
      return "item " + std::to_string(i) + ": expected _key " + key + ", got " +
             bodyExcerpt(json::serialize((*items)[i]));
    }
  }
  return {};
}

std::string checkRead(const Request& request, const Response& response) {
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const std::string key = documentKey(kLoadPrefix, request.tag);
  if (response.status != 200 || ec || stringField(body, "_key") != key) {
    return unexpected(response, "200 with document " + key);
  }
  return {};
}

}  // namespace

PhaseFigures figuresOf(PhaseResult& result, const std::string& name, const std::string& label,
                       const std::string& unit, std::size_t connections) {
  PhaseFigures figures{name, label, unit, connections};
  figures.requests = result.requests;
  figures.items = result.items;
  figures.seconds = result.seconds;
  figures.rate = result.seconds > 0.0 ? static_cast<double>(result.items) / result.seconds : 0.0;
  figures.p50_ms = percentileMs(result.latencies_us, 0.50);
  figures.p99_ms = percentileMs(result.latencies_us, 0.99);
  return figures;
}

BenchPhases::BenchPhases(const LoadClient& client, const BenchOptions& options)
    : client_(client), options_(options) {}

PhaseResult BenchPhases::runChecked(const std::string& phase, const PhaseLimits& limits,
                                    const RequestSource& source, const ResponseCheck& check) {
  PhaseResult result = client_.run(limits, source, check);
  if (!result.error.empty()) throw BenchFailure(phase + ": " + result.error);
  if (result.requests == 0) throw BenchFailure(phase + ": no request completed after warm-up");
  return result;
}

void BenchPhases::createCollection(const std::string& name) {
  const Request request =
      makeRequest("POST", kDbPrefix + "/_api/collection", R"({"name":")" + name + "\"}");
  std::string error;
  const Response response = client_.call(request, &error);
  if (!error.empty()) throw BenchFailure("creating collection " + name + ": " + error);
  if (!isSuccess(response.status)) {
    throw BenchFailure("POST /_api/collection " + name + ": " + unexpected(response, "2xx"));
  }
}

void BenchPhases::expectCount(const std::string& collection, std::uint64_t expected) {
  const Request request =
      makeRequest("GET", kDbPrefix + "/_api/collection/" + collection + "/count");
  std::string error;
  const Response response = client_.call(request, &error);
  if (!error.empty()) throw BenchFailure("counting " + collection + ": " + error);
  json::error_code ec;
  const json::value body = json::parse(response.body, ec);
  const json::object* object = body.if_object();
  const json::value* count = object != nullptr ? object->if_contains("count") : nullptr;
  if (response.status != 200 || ec || count == nullptr || !count->is_number()) {
    throw BenchFailure(request.target + ": " + unexpected(response, "200 with a count"));
  }
  const auto stored = count->to_number<std::uint64_t>();
  if (stored != expected) {
    throw BenchFailure(collection + " holds " + std::to_string(stored) + " documents, but " +
                       std::to_string(expected) + " inserts were acknowledged");
  }
}

void BenchPhases::checkReady() {
  std::string error;
  const Request version = makeRequest("GET", "/_api/version");
  const Response response = client_.call(version, &error);
  if (!error.empty()) throw BenchFailure("first request: " + error);
  const std::string problem = checkVersion(version, response);
  if (!problem.empty()) throw BenchFailure("GET /_api/version: " + problem);
}

void BenchPhases::createCollections() {
  createCollection(kSingleCollection);
  createCollection(kLoadCollection);
}

PhaseFigures BenchPhases::versionCeiling() {
  PhaseLimits limits;
  limits.connections = options_.connections;
  limits.warmup_seconds = options_.warmup;
  limits.duration_seconds = options_.version_duration;
  const RequestSource source = [](std::size_t, Request& request) {
    request.target = "/_api/version";
    return true;
  };
  PhaseResult result = runChecked("(a) version", limits, source, checkVersion);
  return figuresOf(result, "version", "(a) GET /_api/version", "req/s", limits.connections);
}

PhaseFigures BenchPhases::singleInserts() {
  PhaseLimits limits;
  limits.connections = options_.connections;
  limits.warmup_seconds = options_.warmup;
  limits.duration_seconds = options_.insert_duration;
  const std::string target = kDbPrefix + "/_api/document/" + kSingleCollection;
  std::uint64_t next = 0;
  const RequestSource source = [&](std::size_t, Request& request) {
    request.method = "POST";
    request.target = target;
    request.tag = next++;
    appendDocument(request.body, documentKey(kSinglePrefix, request.tag), request.tag,
                   options_.doc_size);
    return true;
  };
  PhaseResult result = runChecked("(b) single insert", limits, source, checkSingleInsert);
  expectCount(kSingleCollection, result.total_items);
  return figuresOf(result, "insert", "(b) insert, 1 doc/request", "docs/s", limits.connections);
}

PhaseFigures BenchPhases::arrayLoad() {
  const std::uint64_t requests_needed = (options_.docs + options_.batch - 1) / options_.batch;
  PhaseLimits limits;
  limits.connections = options_.batch_connections;
  limits.warmup_seconds = options_.warmup;
  // Warm-up also ends after a tenth of the load, so that small loads still measure something.
  limits.warmup_requests = std::max<std::uint64_t>(limits.connections, requests_needed / 10);
  limits.duration_seconds = options_.load_timeout;
  const std::string target = kDbPrefix + "/_api/document/" + kLoadCollection;
  std::uint64_t next = 0;
  const RequestSource source = [&](std::size_t, Request& request) {
    const std::uint64_t count = std::min<std::uint64_t>(options_.batch, options_.docs - next);
    if (count == 0) return false;
    request.method = "POST";
    request.target = target;
    request.items = count;
    request.tag = next;
    request.body.reserve(count * (options_.doc_size + 1) + 2);
    request.body += '[';
    for (std::uint64_t seq = next; seq < next + count; ++seq) {
      if (seq != next) request.body += ',';
      appendDocument(request.body, documentKey(kLoadPrefix, seq), seq, options_.doc_size);
    }
    request.body += ']';
    next += count;
    return true;
  };
  PhaseResult result = runChecked("(c) array insert", limits, source, checkArrayInsert);
  loaded_ = result.total_items;
  expectCount(kLoadCollection, loaded_);
  return figuresOf(result, "array_insert",
                   "(c) insert, " + std::to_string(options_.batch) + " docs/request", "docs/s",
                   limits.connections);
}

PhaseFigures BenchPhases::pointReads() {
  if (loaded_ == 0) throw BenchFailure("(d) point reads need loaded documents");
  PhaseLimits limits;
  limits.connections = options_.connections;
  limits.warmup_seconds = options_.warmup;
  limits.duration_seconds = options_.read_duration;
  const std::string prefix = kDbPrefix + "/_api/document/" + kLoadCollection + "/";
  std::mt19937_64 random(options_.seed);
  std::uniform_int_distribution<std::uint64_t> pick(0, loaded_ - 1);
  const RequestSource source = [&](std::size_t, Request& request) {
    request.tag = pick(random);
    request.target = prefix;
    request.target += documentKey(kLoadPrefix, request.tag);
    return true;
  };
  PhaseResult result = runChecked("(d) point read", limits, source, checkRead);
  return figuresOf(result, "read", "(d) point read by key", "reads/s", limits.connections);
}

}  // namespace tandem::bench
