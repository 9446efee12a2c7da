// notes: a complete program that embeds a Tandem store.
#include <cstdio>
#include <memory>
#include <utility>

#include "tandem/store.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <directory>\n", argv[0]);
    return 2;
  }
  tandem::StoreOptions options;
  options.directory = argv[1];  // created if missing; the data is <directory>/tandem.db
  auto opened = tandem::Store::open(options);
  if (!opened) {
    std::fprintf(stderr, "cannot open: %s\n", opened.status().toString().c_str());
    return 1;
  }
  std::unique_ptr<tandem::Store> store = std::move(opened).value();

  tandem::CollectionSpec spec;
  spec.name = "notes";
  auto created = store->createCollectionSync("_system", spec);
  if (!created && created.status().code() != tandem::ErrorCode::kDuplicateName) {
    std::fprintf(stderr, "cannot create: %s\n", created.status().toString().c_str());
    return 1;
  }

  // Waits until the write is durable; replaces the document if an earlier run wrote it.
  tandem::WriteOptions write_options;
  write_options.overwrite_mode = tandem::OverwriteMode::kReplace;
  auto written = store->insertSync("_system", "notes", R"({"_key":"hello","text":"Hello, Tandem"})",
                                   write_options);
  if (!written || !written->items.front().status) {
    const tandem::Status& why = written ? written->items.front().status : written.status();
    std::fprintf(stderr, "cannot write: %s\n", why.toString().c_str());
    return 1;
  }

  auto document = store->get("_system", "notes", "hello");
  if (!document) {
    std::fprintf(stderr, "cannot read: %s\n", document.status().toString().c_str());
    return 1;
  }
  std::printf("read back: %s\n", document->json.c_str());
  return 0;  // destroying the store finishes its writes and closes the file
}
