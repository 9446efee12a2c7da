#include "embedded_report.h"

#include <cstdio>
#include <string>

#include <boost/json.hpp>

#include "bench_report.h"

namespace tandem::bench {
namespace {

namespace json = boost::json;

constexpr double kMinBatchRatio = 0.50;

void printWrites(std::ostream& out, const DurableWriteFigures& w) {
  out << format(
      "  %-40s %10.0f writes/s %8.2f %8.2f   %.1f (%llu commits)\n",
      format("(n) durable writes, %zu thread%s", w.threads, w.threads == 1 ? "" : "s").c_str(),
      w.rate, w.p50_ms, w.p99_ms, w.mean_batch, static_cast<unsigned long long>(w.commits));
}

void printSpread(std::ostream& out, const char* label, const LatencySpread& s) {
  out << format("  %-40s p50 %6.2f  p99 %6.2f  max %6.2f  min %6.2f ms\n", label, s.p50_ms,
                s.p99_ms, s.max_ms, s.min_ms);
}

json::object writesJson(const DurableWriteFigures& w) {
  return {{"threads", w.threads}, {"writes", w.writes},        {"seconds", w.seconds},
          {"rate", w.rate},       {"p50_ms", w.p50_ms},        {"p99_ms", w.p99_ms},
          {"commits", w.commits}, {"mean_batch", w.mean_batch}};
}

json::object spreadJson(const LatencySpread& s) {
  return {{"p50_ms", s.p50_ms}, {"p99_ms", s.p99_ms}, {"max_ms", s.max_ms}, {"min_ms", s.min_ms}};
}

}  // namespace

std::vector<TargetCheck> embeddedTargets(const EmbeddedFigures& f, bool ran) {
  const Verdict reported = ran ? Verdict::kReported : Verdict::kNotApplicable;
  const auto text = [ran](std::string value) { return ran ? value : std::string("-"); };
  return {
      {format("(n) durable writes, %zu threads", f.writes.threads), "none in #6",
       text(format("%.0f/s", f.writes.rate)), reported},
      {"(o) insertManySync / raw SQLite", ">= 50 %", text(format("%.1f %%", f.batch.ratio * 100.0)),
       verdict(ran, f.batch.ratio >= kMinBatchRatio)},
      {"(p) feed commit -> delivery, p99", "none in #6",
       text(format("%.2f ms", f.feed.commit_to_delivery.p99_ms)), reported},
  };
}

void printEmbedded(std::ostream& out, const EmbeddedFigures& f, const BenchOptions& o) {
  out << "\nin-process tandem::Store (SyncMode::kFull: every commit fsyncs the WAL)\n";
  if (f.on_tmpfs) out << "  ON TMPFS: fsync is free there, these figures are not representative\n";
  out << format("  %-40s %19s %8s %8s   %s\n", "figure", "rate", "p50 ms", "p99 ms",
                "mean commit batch");
  printWrites(out, f.writes);
  printWrites(out, f.writes_one);
  out << "      one document per insertSync, each thread waits for its acknowledgement;\n"
         "      latency = submit -> insertSync returned; group commit batches the threads\n";
  const BatchInsertFigures& b = f.batch;
  const auto load = [&](const char* label, double rate, double seconds, std::uint64_t commits) {
    out << format("  %-40s %10.0f docs/s   (%.2f s, %llu commits)\n", label, rate, seconds,
                  static_cast<unsigned long long>(commits));
  };
  load("(o) Store::insertManySync, one at a time", b.store_rate, b.store_seconds, b.store_commits);
  load("(o) Store::insertMany, two in flight", b.pipelined_rate, b.pipelined_seconds,
       b.pipelined_commits);
  load("(o) raw SQLite, the same rows", b.sqlite_rate, b.sqlite_seconds,
       (b.docs + b.batch - 1) / b.batch);
  out << format("  %-40s %10.1f %%        target >= 50 %%\n", "(o) Store one at a time / raw",
                b.ratio * 100.0);
  out << format("  %-40s %10.1f %%\n", "(o) Store two in flight / raw", b.pipelined_ratio * 100.0);
  out << format(
             "      %llu documents of ~%zu bytes, %zu per call and per transaction, one client "
             "thread;\n",
             static_cast<unsigned long long>(b.docs), b.doc_bytes, b.batch)
      << "      two in flight: the caller parses one call while the writer commits the other\n"
         "      (max_batch_operations = the batch, so still one call per transaction);\n"
         "      both WAL + synchronous=FULL, 8 KiB pages; raw: one prepared INSERT into\n"
         "      docs(key TEXT PRIMARY KEY, rev TEXT, body TEXT), revisions made before the clock.\n"
         "      The Store does more per document: parses the JSON and checks the key (on the\n"
         "      caller's thread), makes a _rev, writes the body again with _key/_id/_rev, and\n"
         "      inserts a second row, into the oplog (tick, db, type, collection, key, rev, the\n"
         "      whole body); per transaction it updates the collection's count and last tick.\n";
  const FeedFigures& p = f.feed;
  out << "  (p) change feed: " << p.docs << " inserts "
      << (p.interval_ms > 0 ? format("every %.2f ms", p.interval_ms)
                            : std::string("each after the previous acknowledgement"))
      << " from one thread,\n      a Subscription from lastTick() on their collection\n";
  printSpread(out, "(p) commit (write callback) -> delivery", p.commit_to_delivery);
  printSpread(out, "(p) submit -> delivery", p.submit_to_delivery);
  printSpread(out, "(p) submit -> commit (write callback)", p.submit_to_commit);
  out << format(
      "      signed: %llu of %llu documents reached the feed before their write "
      "callback ran\n      (%llu feed callbacks)\n",
      static_cast<unsigned long long>(p.delivered_before_ack),
      static_cast<unsigned long long>(p.docs), static_cast<unsigned long long>(p.callbacks));
  if (o.keep_data) out << "  (their data directories are kept)\n";
}

json::object embeddedJson(const EmbeddedFigures& f, bool ran) {
  const BatchInsertFigures& b = f.batch;
  const FeedFigures& p = f.feed;
  return {{"ran", ran},
          {"on_tmpfs", f.on_tmpfs},
          {"durable_writes", writesJson(f.writes)},
          {"durable_writes_one_thread", writesJson(f.writes_one)},
          {"batch_insert", json::object{{"docs", b.docs},
                                        {"batch", b.batch},
                                        {"doc_bytes", b.doc_bytes},
                                        {"store_seconds", b.store_seconds},
                                        {"store_docs_per_s", b.store_rate},
                                        {"store_commits", b.store_commits},
                                        {"pipelined_seconds", b.pipelined_seconds},
                                        {"pipelined_docs_per_s", b.pipelined_rate},
                                        {"pipelined_commits", b.pipelined_commits},
                                        {"pipelined_ratio", b.pipelined_ratio},
                                        {"sqlite_seconds", b.sqlite_seconds},
                                        {"sqlite_docs_per_s", b.sqlite_rate},
                                        {"ratio", b.ratio}}},
          {"change_feed", json::object{{"docs", p.docs},
                                       {"interval_ms", p.interval_ms},
                                       {"commit_to_delivery", spreadJson(p.commit_to_delivery)},
                                       {"submit_to_delivery", spreadJson(p.submit_to_delivery)},
                                       {"submit_to_commit", spreadJson(p.submit_to_commit)},
                                       {"delivered_before_ack", p.delivered_before_ack},
                                       {"callbacks", p.callbacks}}}};
}

}  // namespace tandem::bench
