#include "http/metrics.h"

#include <algorithm>
#include <cstdio>

#include "tandem/store.h"

namespace tandem::node {
namespace {

constexpr std::array<RouteFamily, kRouteFamilyCount> kFamilies = {
    RouteFamily::kDocument, RouteFamily::kCollection, RouteFamily::kDatabase, RouteFamily::kAdmin,
    RouteFamily::kVersion,  RouteFamily::kAgency,     RouteFamily::kOther};

bool hasSegmentPrefix(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// Bucket bounds and sums need no more than nine significant digits; "%g" drops trailing zeros.
std::string formatDouble(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

void appendHeader(std::string& out, std::string_view name, std::string_view type,
                  std::string_view help) {
  out.append("# HELP tandem_").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE tandem_").append(name).append(" ").append(type).append("\n");
}

void appendSample(std::string& out, std::string_view name, std::string_view labels,
                  std::string_view value) {
  out.append("tandem_").append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

void renderStore(std::string& out, const tandem::StoreStats& store) {
  appendHeader(out, "documents_written_total", "counter",
               "Documents inserted, replaced, updated or removed since the store was opened.");
  appendSample(out, "documents_written_total", "", std::to_string(store.documents_written));
  appendHeader(out, "last_tick", "gauge", "Tick of the last oplog entry written.");
  appendSample(out, "last_tick", "", std::to_string(store.last_tick));
  appendHeader(out, "commit_batch_size", "histogram",
               "Operations per SQLite write transaction (group commit batch size).");
  std::uint64_t cumulative = 0;
  const auto& commit = store.commit;
  for (std::size_t i = 0; i < std::size(tandem::CommitStats::kBounds); ++i) {
    cumulative += commit.bucket_counts[i];
    std::string labels = "le=\"" + std::to_string(tandem::CommitStats::kBounds[i]) + "\"";
    appendSample(out, "commit_batch_size_bucket", labels, std::to_string(cumulative));
  }
  cumulative += commit.bucket_counts[std::size(tandem::CommitStats::kBounds)];
  appendSample(out, "commit_batch_size_bucket", "le=\"+Inf\"", std::to_string(cumulative));
  appendSample(out, "commit_batch_size_sum", "", std::to_string(commit.operations));
  appendSample(out, "commit_batch_size_count", "", std::to_string(cumulative));
}

}  // namespace

std::string_view routeFamilyName(RouteFamily family) {
  switch (family) {
    case RouteFamily::kDocument:
      return "document";
    case RouteFamily::kCollection:
      return "collection";
    case RouteFamily::kDatabase:
      return "database";
    case RouteFamily::kAdmin:
      return "admin";
    case RouteFamily::kVersion:
      return "version";
    case RouteFamily::kAgency:
      return "agency";
    case RouteFamily::kOther:
      return "other";
  }
  return "other";
}

RouteFamily routeFamilyOf(std::string_view path) {
  if (hasSegmentPrefix(path, "/_api/document")) return RouteFamily::kDocument;
  if (hasSegmentPrefix(path, "/_api/collection")) return RouteFamily::kCollection;
  if (hasSegmentPrefix(path, "/_api/database")) return RouteFamily::kDatabase;
  if (hasSegmentPrefix(path, "/_api/version") || hasSegmentPrefix(path, "/_admin/version")) {
    return RouteFamily::kVersion;
  }
  if (hasSegmentPrefix(path, "/_admin")) return RouteFamily::kAdmin;
  if (hasSegmentPrefix(path, "/_api/agency") || hasSegmentPrefix(path, "/_api/agency_priv"))
    return RouteFamily::kAgency;
  return RouteFamily::kOther;
}

void Metrics::record(RouteFamily family, int http_status, std::chrono::nanoseconds latency) {
  FamilyCounters& counters = families_[static_cast<std::size_t>(family)];
  int status_class = std::clamp(http_status / 100, 1, static_cast<int>(kStatusClasses));
  counters.by_status[status_class - 1].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(latency).count();
  auto bound = std::lower_bound(kLatencyBounds.begin(), kLatencyBounds.end(), seconds);
  auto bucket = static_cast<std::size_t>(bound - kLatencyBounds.begin());
  counters.latency_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  auto nanoseconds = static_cast<std::uint64_t>(std::max<std::int64_t>(0, latency.count()));
  counters.latency_sum_ns.fetch_add(nanoseconds, std::memory_order_relaxed);
}

std::uint64_t Metrics::requests(RouteFamily family, int status_class) const {
  if (status_class < 1 || status_class > static_cast<int>(kStatusClasses)) return 0;
  const FamilyCounters& counters = families_[static_cast<std::size_t>(family)];
  return counters.by_status[status_class - 1].load(std::memory_order_relaxed);
}

std::string Metrics::render(const tandem::StoreStats& store,
                            std::chrono::nanoseconds uptime) const {
  std::string out;
  out.reserve(16384);
  renderRequests(out);
  renderLatency(out);
  renderStore(out, store);
  appendHeader(out, "uptime_seconds", "gauge", "Seconds since this node started.");
  appendSample(out, "uptime_seconds", "",
               formatDouble(std::chrono::duration<double>(uptime).count()));
  return out;
}

void Metrics::renderRequests(std::string& out) const {
  appendHeader(out, "http_requests_total", "counter",
               "HTTP requests answered, by route family and status class.");
  for (RouteFamily family : kFamilies) {
    for (std::size_t i = 0; i < kStatusClasses; ++i) {
      std::string labels = "family=\"" + std::string(routeFamilyName(family)) + "\",status=\"" +
                           std::to_string(i + 1) + "xx\"";
      appendSample(out, "http_requests_total", labels, std::to_string(requests(family, i + 1)));
    }
  }
}

void Metrics::renderLatency(std::string& out) const {
  appendHeader(out, "http_request_duration_seconds", "histogram",
               "Time from receiving a request to its answer, by route family.");
  for (RouteFamily family : kFamilies) {
    const FamilyCounters& counters = families_[static_cast<std::size_t>(family)];
    std::string family_label = "family=\"" + std::string(routeFamilyName(family)) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      cumulative += counters.latency_buckets[i].load(std::memory_order_relaxed);
      std::string le = i < kLatencyBounds.size() ? formatDouble(kLatencyBounds[i]) : "+Inf";
      appendSample(out, "http_request_duration_seconds_bucket", family_label + ",le=\"" + le + "\"",
                   std::to_string(cumulative));
    }
    double sum = static_cast<double>(counters.latency_sum_ns.load(std::memory_order_relaxed)) / 1e9;
    appendSample(out, "http_request_duration_seconds_sum", family_label, formatDouble(sum));
    // _count equals the +Inf bucket, so the two always agree within one scrape.
    appendSample(out, "http_request_duration_seconds_count", family_label,
                 std::to_string(cumulative));
  }
}

}  // namespace tandem::node
