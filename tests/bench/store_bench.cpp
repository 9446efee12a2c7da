// tandem-store-bench: figures of tandem::Store called directly (no HTTP), for tuning the
// engine. It prints, it does not judge (no timed assertions).
//
//   tandem-store-bench [--dir D] [--docs N] [--singles N] [--reads N] [--phases array,single,read]
//
// array   N documents as 1,000-document array inserts from 4 client threads (bodies built before
//         the clock starts, as an HTTP server would have them already); the documents and keys
//         of tandem-bench (documents.h)
// single  N durable single-document inserts from 64 client threads (synchronous=FULL)
// read    N point reads of random keys written by `array`, from 2 threads
// After every phase: VmRSS and VmHWM of the process.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "documents.h"
#include "tandem/store.h"

using namespace tandem;

namespace {

struct Options {
  std::string dir;
  long docs = 200000;
  long singles = 20000;
  long reads = 200000;
  std::string phases = "array,single,read";
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string procStatus(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return line;
  }
  return field;
}

// CPU time (ns) of every thread of the process but the main one: outside a phase that is the
// store's writer thread alone, so the difference around a phase is the writer's cost.
// Field 0 of schedstat is the time on a CPU, field 1 the time runnable but waiting for one.
double writerSchedSeconds(int field) {
  const std::string main_tid = std::to_string(::getpid());
  double total = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    if (task.path().filename() == main_tid) continue;
    std::ifstream schedstat(task.path() / "schedstat");
    double values[2] = {0, 0};
    if (schedstat >> values[0] >> values[1]) total += values[field] / 1e9;
  }
  return total;
}

double writerCpuSeconds() { return writerSchedSeconds(0); }

double processCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Wall and CPU figures of one phase of `operations` operations.
class PhaseClock {
 public:
  PhaseClock()
      : start_(std::chrono::steady_clock::now()),
        writer_start_(writerCpuSeconds()),
        writer_wait_start_(writerSchedSeconds(1)),
        process_start_(processCpuSeconds()) {}
  void print(long operations) const {
    const double wall = secondsSince(start_);
    const double writer = writerCpuSeconds() - writer_start_;
    const double process = processCpuSeconds() - process_start_;
    const double waiting = writerSchedSeconds(1) - writer_wait_start_;
    std::printf(
        "  wall %.2f s; writer thread CPU %.2f s = %.2f us/op (%.2f s waiting for a "
        "CPU); process CPU %.2f s = %.2f us/op\n",
        wall, writer, writer * 1e6 / operations, waiting, process, process * 1e6 / operations);
  }

 private:
  std::chrono::steady_clock::time_point start_;
  double writer_start_;
  double writer_wait_start_;
  double process_start_;
};

void printMemory() {
  std::printf("  %s; %s\n", procStatus("VmRSS").c_str(), procStatus("VmHWM").c_str());
}

// The documents of tandem-bench (scripts/bench): user keys d<n> / s<n>, ~200 bytes.
constexpr std::size_t kDocumentSize = 200;

std::string documentBody(char prefix, long seq) {
  std::string body;
  tandem::bench::appendDocument(body, tandem::bench::documentKey(prefix, seq), seq, kDocumentSize);
  return body;
}

Result<WriteResult> insertAndWait(Store& store, const std::string& collection, std::string body) {
  std::promise<Result<WriteResult>> promise;
  auto future = promise.get_future();
  store.insert("_system", collection, std::move(body), WriteOptions{},
               [&promise](Result<WriteResult> result) { promise.set_value(std::move(result)); });
  return future.get();
}

bool createCollection(Store& store, const std::string& name) {
  std::promise<bool> promise;
  auto future = promise.get_future();
  CollectionSpec spec;
  spec.name = name;
  store.createCollection("_system", spec, [&promise](Result<CollectionInfo> result) {
    promise.set_value(result.isOk());
  });
  return future.get();
}

// Runs `body(thread_index)` on `threads` threads and returns the wall time in seconds.
template <typename Body>
double runThreads(int threads, long operations, Body body) {
  const PhaseClock clock;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) running.emplace_back(body, t);
  for (auto& thread : running) thread.join();
  const double seconds = secondsSince(start);
  clock.print(operations);
  return seconds;
}

// Returns the keys the store generated, for the read phase.
std::vector<std::string> arrayPhase(Store& store, long docs) {
  constexpr long kPerRequest = 1000;
  constexpr int kClients = 4;
  const long requests = (docs + kPerRequest - 1) / kPerRequest;
  std::vector<std::string> bodies(requests);
  for (long r = 0; r < requests; ++r) {
    std::string& body = bodies[r];
    body.assign(1, '[');
    for (long i = 0; i < kPerRequest; ++i) {
      if (i > 0) body += ",";
      body += documentBody('d', r * kPerRequest + i);
    }
    body += "]";
  }
  std::atomic<long> failed{0};
  std::vector<std::vector<std::string>> keys(requests);
  const double seconds = runThreads(kClients, docs, [&](int c) {
    for (long r = c; r < requests; r += kClients) {
      auto result = insertAndWait(store, "bulk", std::move(bodies[r]));
      if (!result || !result->items.back().status) {
        ++failed;
        continue;
      }
      for (auto& item : result->items) keys[r].push_back(std::move(item.key));
    }
  });
  const long written = requests * kPerRequest;
  std::printf("array inserts: %ld docs in %.2f s = %.0f docs/s (%ld failed requests)\n", written,
              seconds, written / seconds, failed.load());
  std::vector<std::string> all;
  all.reserve(written);
  for (auto& request : keys) {
    for (auto& key : request) all.push_back(std::move(key));
  }
  return all;
}

void singlePhase(Store& store, long total) {
  constexpr int kClients = 64;
  std::atomic<long> failed{0};
  const StoreStats before = store.stats();
  const double seconds = runThreads(kClients, total, [&](int c) {
    for (long i = c; i < total; i += kClients) {
      std::string body = documentBody('s', i);
      auto result = insertAndWait(store, "single", std::move(body));
      if (!result || !result->items[0].status) ++failed;
    }
  });
  const StoreStats after = store.stats();
  const auto commits = after.commit.commits - before.commit.commits;
  const auto operations = after.commit.operations - before.commit.operations;
  std::printf(
      "single inserts, 64 clients, synchronous=FULL: %ld in %.2f s = %.0f/s, %.1f per commit "
      "(%ld failed)\n",
      total, seconds, total / seconds, static_cast<double>(operations) / commits, failed.load());
}

void readPhase(Store& store, long reads, const std::vector<std::string>& keys) {
  constexpr int kThreads = 2;
  std::atomic<long> failed{0};
  const double seconds = runThreads(kThreads, reads, [&](int t) {
    std::mt19937_64 random(static_cast<unsigned>(t + 1));
    std::uniform_int_distribution<std::size_t> pick(0, keys.size() - 1);
    for (long i = t; i < reads; i += kThreads) {
      auto document = store.get("_system", "bulk", keys[pick(random)]);
      if (!document) ++failed;
    }
  });
  std::printf("point reads, %d threads: %ld in %.2f s = %.0f/s (%ld failed)\n", kThreads, reads,
              seconds, reads / seconds, failed.load());
}

Options parseArgs(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--dir")
      options.dir = value;
    else if (name == "--docs")
      options.docs = std::atol(value.c_str());
    else if (name == "--singles")
      options.singles = std::atol(value.c_str());
    else if (name == "--reads")
      options.reads = std::atol(value.c_str());
    else if (name == "--phases")
      options.phases = value;
    else
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parseArgs(argc, argv);
  const bool own_dir = options.dir.empty();
  if (own_dir) {
    options.dir = (std::filesystem::temp_directory_path() /
                   ("tandem-store-bench-" + std::to_string(::getpid())))
                      .string();
  }
  std::filesystem::remove_all(options.dir);
  StoreOptions store_options;
  store_options.directory = options.dir;
  auto opened = Store::open(store_options);
  if (!opened) {
    std::fprintf(stderr, "cannot open store: %s\n", opened.status().toString().c_str());
    return 1;
  }
  Store& store = **opened;
  if (!createCollection(store, "bulk") || !createCollection(store, "single")) return 1;
  const auto has = [&](const char* phase) {
    return options.phases.find(phase) != std::string::npos;
  };
  std::vector<std::string> keys;
  if (has("array")) {
    keys = arrayPhase(store, options.docs);
    printMemory();
  }
  if (has("single")) {
    singlePhase(store, options.singles);
    printMemory();
  }
  if (has("read") && !keys.empty()) {
    readPhase(store, options.reads, keys);
    printMemory();
  }
  opened->reset();
  if (own_dir) std::filesystem::remove_all(options.dir);
  return 0;
}
