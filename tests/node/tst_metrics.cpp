// Metrics: counting by route family and status class, and the Prometheus exposition text.
#include <QtTest>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/metrics.h"
#include "tandem/store.h"

using tandem::node::Metrics;
using tandem::node::RouteFamily;
using namespace std::chrono_literals;

namespace {

bool hasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string current; std::getline(in, current);) {
    if (current == line) return true;
  }
  return false;
}

}  // namespace

class MetricsTest : public QObject {
  Q_OBJECT

 private slots:
  void routeFamilyFollowsPathPrefix_data();
  void routeFamilyFollowsPathPrefix();
  void recordCountsByFamilyAndStatusClass();
  void renderHasHelpTypeAndRequestCounters();
  void latencyHistogramIsCumulativeWithSumAndCount();
  void storeSeriesComeFromStoreStats();
  void everyLineIsCommentOrSample();
  void concurrentRecordsAreAllCounted();
};

void MetricsTest::routeFamilyFollowsPathPrefix_data() {
  QTest::addColumn<QString>("path");
  QTest::addColumn<int>("family");
  QTest::newRow("document") << "/_api/document/c/k" << int(RouteFamily::kDocument);
  QTest::newRow("document root") << "/_api/document" << int(RouteFamily::kDocument);
  QTest::newRow("collection") << "/_api/collection/c/count" << int(RouteFamily::kCollection);
  QTest::newRow("database") << "/_api/database/current" << int(RouteFamily::kDatabase);
  QTest::newRow("version") << "/_api/version" << int(RouteFamily::kVersion);
  QTest::newRow("admin version") << "/_admin/version" << int(RouteFamily::kVersion);
  QTest::newRow("admin") << "/_admin/server/role" << int(RouteFamily::kAdmin);
  QTest::newRow("agency") << "/_api/agency/write" << int(RouteFamily::kAgency);
  QTest::newRow("agency_priv") << "/_api/agency_priv/raft" << int(RouteFamily::kAgency);
  QTest::newRow("other") << "/_api/cursor" << int(RouteFamily::kOther);
  QTest::newRow("prefix is per segment") << "/_api/documents" << int(RouteFamily::kOther);
  QTest::newRow("root") << "/" << int(RouteFamily::kOther);
}

void MetricsTest::routeFamilyFollowsPathPrefix() {
  QFETCH(QString, path);
  QFETCH(int, family);
  QCOMPARE(int(tandem::node::routeFamilyOf(path.toStdString())), family);
}

void MetricsTest::recordCountsByFamilyAndStatusClass() {
  Metrics metrics;
  metrics.record(RouteFamily::kDocument, 201, 1ms);
  metrics.record(RouteFamily::kDocument, 202, 1ms);
  metrics.record(RouteFamily::kDocument, 404, 1ms);
  metrics.record(RouteFamily::kAdmin, 503, 1ms);
  QCOMPARE(metrics.requests(RouteFamily::kDocument, 2), std::uint64_t(2));
  QCOMPARE(metrics.requests(RouteFamily::kDocument, 4), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kAdmin, 5), std::uint64_t(1));
  QCOMPARE(metrics.requests(RouteFamily::kCollection, 2), std::uint64_t(0));
}

void MetricsTest::renderHasHelpTypeAndRequestCounters() {
  Metrics metrics;
  metrics.record(RouteFamily::kDocument, 201, 1ms);
  std::string text = metrics.render(tandem::StoreStats{}, 5s);
  QVERIFY(text.find("# HELP tandem_http_requests_total ") != std::string::npos);
  QVERIFY(hasLine(text, "# TYPE tandem_http_requests_total counter"));
  QVERIFY(hasLine(text, R"(tandem_http_requests_total{family="document",status="2xx"} 1)"));
  QVERIFY(hasLine(text, R"(tandem_http_requests_total{family="other",status="5xx"} 0)"));
  QVERIFY(hasLine(text, "# TYPE tandem_http_request_duration_seconds histogram"));
  QVERIFY(hasLine(text, "# TYPE tandem_uptime_seconds gauge"));
  QVERIFY(hasLine(text, "tandem_uptime_seconds 5"));
}

void MetricsTest::latencyHistogramIsCumulativeWithSumAndCount() {
  Metrics metrics;
  metrics.record(RouteFamily::kVersion, 200, 200us);  // <= 0.00025
  metrics.record(RouteFamily::kVersion, 200, 3ms);    // <= 0.005
  metrics.record(RouteFamily::kVersion, 200, 20s);    // +Inf only
  std::string text = metrics.render(tandem::StoreStats{}, 1s);
  auto bucket = [](const std::string& le, int count) {
    return "tandem_http_request_duration_seconds_bucket{family=\"version\",le=\"" + le + "\"} " +
           std::to_string(count);
  };
  QVERIFY(hasLine(text, bucket("0.0001", 0)));
  QVERIFY(hasLine(text, bucket("0.00025", 1)));
  QVERIFY(hasLine(text, bucket("0.0025", 1)));
  QVERIFY(hasLine(text, bucket("0.005", 2)));
  QVERIFY(hasLine(text, bucket("10", 2)));
  QVERIFY(hasLine(text, bucket("+Inf", 3)));
  QVERIFY(hasLine(text, R"(tandem_http_request_duration_seconds_count{family="version"} 3)"));
  QVERIFY(hasLine(text, R"(tandem_http_request_duration_seconds_sum{family="version"} 20.0032)"));
}

void MetricsTest::storeSeriesComeFromStoreStats() {
  tandem::StoreStats stats;
  stats.last_tick = 42;
  stats.documents_written = 17;
  stats.commit.bucket_counts[0] = 3;                                        // batches of 1
  stats.commit.bucket_counts[4] = 2;                                        // batches of 9..16
  stats.commit.bucket_counts[std::size(tandem::CommitStats::kBounds)] = 1;  // > 2048
  stats.commit.commits = 6;
  stats.commit.operations = 3 + 20 + 3000;
  std::string text = Metrics().render(stats, 1s);
  QVERIFY(hasLine(text, "# TYPE tandem_documents_written_total counter"));
  QVERIFY(hasLine(text, "tandem_documents_written_total 17"));
  QVERIFY(hasLine(text, "# TYPE tandem_last_tick gauge"));
  QVERIFY(hasLine(text, "tandem_last_tick 42"));
  QVERIFY(hasLine(text, "# TYPE tandem_commit_batch_size histogram"));
  QVERIFY(hasLine(text, R"(tandem_commit_batch_size_bucket{le="1"} 3)"));
  QVERIFY(hasLine(text, R"(tandem_commit_batch_size_bucket{le="8"} 3)"));
  QVERIFY(hasLine(text, R"(tandem_commit_batch_size_bucket{le="16"} 5)"));
  QVERIFY(hasLine(text, R"(tandem_commit_batch_size_bucket{le="2048"} 5)"));
  QVERIFY(hasLine(text, R"(tandem_commit_batch_size_bucket{le="+Inf"} 6)"));
  QVERIFY(hasLine(text, "tandem_commit_batch_size_sum 3023"));
  QVERIFY(hasLine(text, "tandem_commit_batch_size_count 6"));
}

void MetricsTest::everyLineIsCommentOrSample() {
  Metrics metrics;
  metrics.record(RouteFamily::kCollection, 200, 1ms);
  std::string text = metrics.render(tandem::StoreStats{}, 1s);
  QVERIFY(!text.empty() && text.back() == '\n');
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    bool comment = line.rfind("# HELP tandem_", 0) == 0 || line.rfind("# TYPE tandem_", 0) == 0;
    bool sample = line.rfind("tandem_", 0) == 0 && line.find(' ') != std::string::npos;
    QVERIFY2(comment || sample, line.c_str());
  }
}

void MetricsTest::concurrentRecordsAreAllCounted() {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 10000; ++i) metrics.record(RouteFamily::kDocument, 200, 1us);
    });
  }
  for (auto& thread : threads) thread.join();
  QCOMPARE(metrics.requests(RouteFamily::kDocument, 2), std::uint64_t(40000));
}

QTEST_GUILESS_MAIN(MetricsTest)
#include "tst_metrics.moc"
