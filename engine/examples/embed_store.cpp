// embed_store: a tandem::Store embedded in a program — open, create a collection, batch insert,
// read back, walk in key order, and watch the change feed.
//
//   tandem-example-store <directory>
//
// Links only the public library (Tandem::tandem); the headers are tandem/store.h and
// tandem/status.h. Run it twice on the same directory: the data is still there.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tandem/store.h"

namespace {

constexpr const char* kDb = "_system";
constexpr const char* kCollection = "fruits";

int fail(const char* what, const tandem::Status& status) {
  std::fprintf(stderr, "embed_store: %s failed: %s\n", what, status.toString().c_str());
  return 1;
}

// Collects what the change feed delivers (on the subscription's thread) for main to print.
struct FeedLog {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<tandem::OplogEntry> upserts;  // guarded by mutex
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <directory>\n", argv[0]);
    return 2;
  }
  tandem::StoreOptions options;
  options.directory = argv[1];
  auto opened = tandem::Store::open(options);
  if (!opened) return fail("Store::open", opened.status());
  std::unique_ptr<tandem::Store> store = std::move(opened).value();
  std::printf("opened %s (server %s, last tick %llu)\n", argv[1], store->serverId().c_str(),
              static_cast<unsigned long long>(store->lastTick()));

  // The change feed, from now on: only what this run commits to the collection.
  FeedLog feed;
  tandem::ChangeFeedOptions feed_options;
  feed_options.from_tick = store->lastTick();
  feed_options.db = kDb;
  feed_options.collection = kCollection;
  auto subscribed = store->subscribe(feed_options, [&feed](const auto& entries) {
    std::lock_guard lock(feed.mutex);
    for (const tandem::OplogEntry& entry : entries) {
      if (entry.type == tandem::OpType::kDocumentUpsert) feed.upserts.push_back(entry);
    }
    feed.changed.notify_all();
  });
  if (!subscribed) return fail("Store::subscribe", subscribed.status());

  // A collection (it may exist from an earlier run).
  tandem::CollectionSpec spec;
  spec.name = kCollection;
  auto created = store->createCollectionSync(kDb, spec);
  if (!created && created.status().code() != tandem::ErrorCode::kDuplicateName) {
    return fail("createCollection", created.status());
  }

  // A batch insert: one transaction, one commit; the keys are generated.
  const std::vector<std::string> fruits = {R"({"name":"apple","color":"red"})",
                                           R"({"name":"banana","color":"yellow"})",
                                           R"({"name":"cherry","color":"red"})"};
  auto written = store->insertManySync(kDb, kCollection, fruits);
  if (!written) return fail("insertMany", written.status());
  for (const tandem::DocumentResult& item : written->items) {
    if (!item.status) return fail("insertMany item", item.status);
    std::printf("inserted %s rev %s\n", item.id.c_str(), item.rev.c_str());
  }

  // Read one back: reads see every write whose result has been returned.
  const std::string first_key = written->items.front().key;
  auto document = store->get(kDb, kCollection, first_key);
  if (!document) return fail("get", document.status());
  std::printf("read %s: %s\n", first_key.c_str(), document->json.c_str());

  // Walk the whole collection in key order, two documents per batch.
  tandem::CursorOptions cursor_options;
  cursor_options.batch_size = 2;
  auto cursor = store->openCursor(kDb, kCollection, cursor_options);
  if (!cursor) return fail("openCursor", cursor.status());
  for (;;) {
    auto batch = (*cursor)->next();
    if (!batch) return fail("Cursor::next", batch.status());
    if (batch->empty()) break;
    for (const tandem::Document& doc : *batch) std::printf("cursor %s\n", doc.key.c_str());
  }

  // The feed delivers each committed insert once, in tick order.
  {
    std::unique_lock lock(feed.mutex);
    const bool all = feed.changed.wait_for(lock, std::chrono::seconds(10),
                                           [&] { return feed.upserts.size() >= fruits.size(); });
    if (!all) return fail("waiting for the change feed", (*subscribed)->status());
    for (const tandem::OplogEntry& entry : feed.upserts) {
      std::printf("feed tick %llu upsert %s/%s\n", static_cast<unsigned long long>(entry.tick),
                  entry.collection.c_str(), entry.key.c_str());
    }
  }
  (*subscribed)->cancel();
  auto count = store->count(kDb, kCollection);
  if (!count) return fail("count", count.status());
  std::printf("done: %llu documents in %s\n", static_cast<unsigned long long>(*count), kCollection);
  return 0;
}
