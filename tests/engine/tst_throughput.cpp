// Rough throughput and memory figures of the store, printed with qDebug (no timed assertions):
// 1,000-document array inserts, and single inserts from 64 concurrent clients with
// synchronous=FULL. Sizes are small by default so the suite stays fast; set
// TANDEM_THROUGHPUT_DOCS (array inserts) and TANDEM_THROUGHPUT_SINGLES to measure for real.
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include <QTemporaryDir>
#include <QTest>

#include "store_sync.h"

using namespace tandem;

namespace {

long envOr(const char* name, long fallback) {
  const QByteArray value = qgetenv(name);
  return value.isEmpty() ? fallback : value.toLong();
}

std::string procStatus(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return line;
  }
  return field;
}

std::string documentBody(long i) {
  // About 200 bytes once stored with _key/_id/_rev.
  return "{\"name\":\"customer " + std::to_string(i) +
         "\",\"email\":\"someone@example.com\",\"city\":\"Amsterdam\",\"tags\":[\"a\",\"b\"],"
         "\"score\":" +
         std::to_string(i % 1000) + ",\"active\":true,\"note\":\"" + std::string(40, 'n') + "\"}";
}

class Countdown {
 public:
  explicit Countdown(long n) : left_(n) {}
  void done(bool ok) {
    std::lock_guard lock(mu_);
    if (!ok) ++failed_;
    if (--left_ == 0) zero_.notify_all();
  }
  long wait() {
    std::unique_lock lock(mu_);
    zero_.wait(lock, [&] { return left_ == 0; });
    return failed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable zero_;
  long left_;
  long failed_ = 0;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

class ThroughputTest : public QObject {
  Q_OBJECT

 private slots:
  void arrayInsertsOfThousandDocuments() {
    QTemporaryDir dir;
    auto store = test::openStore(test::optionsFor(dir.path()));
    QVERIFY(test::createCollection(*store, "_system", "bulk").isOk());
    const long total = envOr("TANDEM_THROUGHPUT_DOCS", 20000);
    constexpr int kClients = 4;
    constexpr long kPerRequest = 1000;
    const long requests = (total + kPerRequest - 1) / kPerRequest;
    Countdown countdown(requests);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (long r = c; r < requests; r += kClients) {
          std::string body = "[";
          for (long i = 0; i < kPerRequest; ++i) {
            if (i > 0) body += ",";
            body += documentBody(r * kPerRequest + i);
          }
          body += "]";
          // Like an HTTP client: wait for the answer before sending the next request.
          auto result = test::insert(*store, "bulk", body);
          countdown.done(result.isOk() && result->items.back().status.isOk());
        }
      });
    }
    for (auto& client : clients) client.join();
    QCOMPARE(countdown.wait(), 0L);
    const double seconds = secondsSince(start);
    QCOMPARE(store->count("_system", "bulk").value(),
             static_cast<std::uint64_t>(requests * kPerRequest));
    qDebug("array inserts: %ld documents in %.2f s = %.0f docs/s; %s; %s", requests * kPerRequest,
           seconds, requests * kPerRequest / seconds, procStatus("VmRSS").c_str(),
           procStatus("VmHWM").c_str());
  }

  void durableSingleInsertsFromSixtyFourClients() {
    QTemporaryDir dir;
    auto store = test::openStore(test::optionsFor(dir.path()));
    QVERIFY(test::createCollection(*store, "_system", "single").isOk());
    const long total = envOr("TANDEM_THROUGHPUT_SINGLES", 6400);
    constexpr int kClients = 64;
    Countdown countdown(total);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (long i = c; i < total; i += kClients) {
          auto result = test::insert(*store, "single", documentBody(i));
          countdown.done(result.isOk() && result->items[0].status.isOk());
        }
      });
    }
    for (auto& client : clients) client.join();
    QCOMPARE(countdown.wait(), 0L);
    const double seconds = secondsSince(start);
    const CommitStats commit = store->stats().commit;
    qDebug("single inserts, 64 clients, synchronous=FULL: %ld in %.2f s = %.0f/s, %.1f per commit",
           total, seconds, total / seconds,
           static_cast<double>(commit.operations) / static_cast<double>(commit.commits));
  }
};

QTEST_GUILESS_MAIN(ThroughputTest)
#include "tst_throughput.moc"
