// Blocking wrappers around tandem::Store's callback API, for tests: each call submits the
// write and waits for its callback.
#pragma once

#include <future>
#include <memory>
#include <string>
#include <utility>

#include <QString>
#include <QTest>

#include "tandem/store.h"

namespace tandem::test {

// JSON written with single quotes, j("{'a':1}"): moc cannot read raw string literals.
inline std::string j(std::string text) {
  for (char& c : text) {
    if (c == '\'') c = '"';
  }
  return text;
}
inline QString qj(const std::string& text) { return QString::fromStdString(j(text)); }

inline StoreOptions optionsFor(const QString& directory) {
  StoreOptions options;
  options.directory = directory.toStdString();
  options.reader_connections = 2;
  return options;
}

inline std::unique_ptr<Store> openStore(const StoreOptions& options) {
  auto store = Store::open(options);
  if (!store) qFatal("cannot open store: %s", store.status().toString().c_str());
  return std::move(*store);
}

template <typename T, typename Submit>
T waitFor(Submit&& submit) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  submit([promise](T value) { promise->set_value(std::move(value)); });
  return future.get();
}

inline Status createDatabase(Store& store, const std::string& name) {
  return waitFor<Status>([&](auto done) { store.createDatabase(name, done); });
}

inline Status dropDatabase(Store& store, const std::string& name) {
  return waitFor<Status>([&](auto done) { store.dropDatabase(name, done); });
}

inline Result<CollectionInfo> createCollection(Store& store, const std::string& db,
                                               CollectionSpec spec) {
  return waitFor<Result<CollectionInfo>>(
      [&](auto done) { store.createCollection(db, spec, done); });
}

inline Result<CollectionInfo> createCollection(Store& store, const std::string& db,
                                               const std::string& name) {
  CollectionSpec spec;
  spec.name = name;
  spec.is_system = !name.empty() && name.front() == '_';
  return createCollection(store, db, std::move(spec));
}

inline Result<CollectionInfo> truncateCollection(Store& store, const std::string& db,
                                                 const std::string& name) {
  return waitFor<Result<CollectionInfo>>(
      [&](auto done) { store.truncateCollection(db, name, done); });
}

inline Result<CollectionInfo> dropCollection(Store& store, const std::string& db,
                                             const std::string& name, bool allow_system = false) {
  return waitFor<Result<CollectionInfo>>(
      [&](auto done) { store.dropCollection(db, name, allow_system, done); });
}

inline Result<WriteResult> insert(Store& store, const std::string& collection,
                                  const std::string& body, const WriteOptions& options = {},
                                  const std::string& db = "_system") {
  return waitFor<Result<WriteResult>>(
      [&](auto done) { store.insert(db, collection, body, options, done); });
}

inline Result<WriteResult> replace(Store& store, const std::string& collection,
                                   const std::string& key, const std::string& body,
                                   const WriteOptions& options = {},
                                   const std::string& db = "_system") {
  return waitFor<Result<WriteResult>>(
      [&](auto done) { store.replace(db, collection, key, body, options, done); });
}

inline Result<WriteResult> update(Store& store, const std::string& collection,
                                  const std::string& key, const std::string& body,
                                  const WriteOptions& options = {},
                                  const std::string& db = "_system") {
  return waitFor<Result<WriteResult>>(
      [&](auto done) { store.update(db, collection, key, body, options, done); });
}

inline Result<WriteResult> remove(Store& store, const std::string& collection,
                                  const std::string& key, const std::string& body = {},
                                  const WriteOptions& options = {},
                                  const std::string& db = "_system") {
  return waitFor<Result<WriteResult>>(
      [&](auto done) { store.remove(db, collection, key, body, options, done); });
}

}  // namespace tandem::test

// QCOMPARE-friendly printing of Status values.
namespace QTest {
template <>
inline char* toString(const tandem::Status& status) {
  return qstrdup(status.toString().c_str());
}
}  // namespace QTest
