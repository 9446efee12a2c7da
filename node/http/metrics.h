// Metrics: the request counters and latency histograms of one node, rendered (together with
// the store's statistics) in Prometheus text exposition format 0.0.4 for GET /_admin/metrics.
//
// Series (all prefixed `tandem_`):
//   http_requests_total{family,status}        counter: answered requests by route family and
//                                             status class ("2xx".."5xx")
//   http_request_duration_seconds{family}     histogram: time from Router::handle to the answer
//   documents_written_total                   counter: StoreStats::documents_written
//   last_tick                                 gauge:   StoreStats::last_tick
//   commit_batch_size                         histogram: operations per SQLite commit
//   uptime_seconds                            gauge
//
// Thread-safety: record() and render() may be called from any thread at once; every counter
// is a relaxed atomic, so a scrape may see a request in one series and not yet in another.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace tandem {
struct StoreStats;
}

namespace tandem::node {

enum class RouteFamily { kDocument, kCollection, kDatabase, kAdmin, kVersion, kAgency, kOther };
inline constexpr std::size_t kRouteFamilyCount = 7;

std::string_view routeFamilyName(RouteFamily family);
// The family of a database-relative path ("/_api/document/c/k" -> kDocument).
RouteFamily routeFamilyOf(std::string_view path);

class Metrics {
 public:
  // Upper bounds of the latency buckets in seconds (+Inf is implicit).
  static constexpr std::array<double, 16> kLatencyBounds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1.0,    2.5,   5.0,  10.0};

  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one answered request.
  void record(RouteFamily family, int http_status, std::chrono::nanoseconds latency);

  // Answered requests of `family` whose status is in class `status_class` (1..5).
  std::uint64_t requests(RouteFamily family, int status_class) const;

  // The whole exposition text; `store` supplies the storage series, `uptime` the uptime gauge.
  std::string render(const tandem::StoreStats& store, std::chrono::nanoseconds uptime) const;

 private:
  static constexpr std::size_t kStatusClasses = 5;  // 1xx .. 5xx
  static constexpr std::size_t kBuckets = kLatencyBounds.size() + 1;

  struct FamilyCounters {
    std::array<std::atomic<std::uint64_t>, kStatusClasses> by_status{};
    std::array<std::atomic<std::uint64_t>, kBuckets> latency_buckets{};  // not cumulative
    std::atomic<std::uint64_t> latency_sum_ns{0};
  };

  void renderRequests(std::string& out) const;
  void renderLatency(std::string& out) const;

  std::array<FamilyCounters, kRouteFamilyCount> families_{};
};

}  // namespace tandem::node
