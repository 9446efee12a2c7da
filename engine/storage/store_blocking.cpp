// Store's blocking forms (tandem/store.h): each submits the callback form and waits for its
// callback through Store::Impl::await().
#include "storage/store_impl.h"
#include "tandem/store.h"

namespace tandem {

Result<WriteResult> Store::insertSync(std::string db, std::string collection, std::string body,
                                      const WriteOptions& options) {
  return impl_->await<Result<WriteResult>>([&](WriteCallback done) {
    insert(std::move(db), std::move(collection), std::move(body), options, std::move(done));
  });
}

Result<WriteResult> Store::insertManySync(std::string db, std::string collection,
                                          std::vector<std::string> documents,
                                          const WriteOptions& options) {
  return impl_->await<Result<WriteResult>>([&](WriteCallback done) {
    insertMany(std::move(db), std::move(collection), std::move(documents), options,
               std::move(done));
  });
}

Result<WriteResult> Store::replaceSync(std::string db, std::string collection, std::string key,
                                       std::string body, const WriteOptions& options) {
  return impl_->await<Result<WriteResult>>([&](WriteCallback done) {
    replace(std::move(db), std::move(collection), std::move(key), std::move(body), options,
            std::move(done));
  });
}

Result<WriteResult> Store::updateSync(std::string db, std::string collection, std::string key,
                                      std::string body, const WriteOptions& options) {
  return impl_->await<Result<WriteResult>>([&](WriteCallback done) {
    update(std::move(db), std::move(collection), std::move(key), std::move(body), options,
           std::move(done));
  });
}

Result<WriteResult> Store::removeSync(std::string db, std::string collection, std::string key,
                                      const WriteOptions& options) {
  return impl_->await<Result<WriteResult>>([&](WriteCallback done) {
    remove(std::move(db), std::move(collection), std::move(key), {}, options, std::move(done));
  });
}

Status Store::createDatabaseSync(std::string name) {
  return impl_->await<Status>(
      [&](std::function<void(Status)> done) { createDatabase(std::move(name), std::move(done)); });
}

Status Store::dropDatabaseSync(std::string name) {
  return impl_->await<Status>(
      [&](std::function<void(Status)> done) { dropDatabase(std::move(name), std::move(done)); });
}

Result<CollectionInfo> Store::createCollectionSync(std::string db, CollectionSpec spec) {
  return impl_->await<Result<CollectionInfo>>(
      [&](std::function<void(Result<CollectionInfo>)> done) {
        createCollection(std::move(db), std::move(spec), std::move(done));
      });
}

Result<CollectionInfo> Store::truncateCollectionSync(std::string db, std::string name) {
  return impl_->await<Result<CollectionInfo>>(
      [&](std::function<void(Result<CollectionInfo>)> done) {
        truncateCollection(std::move(db), std::move(name), std::move(done));
      });
}

Result<CollectionInfo> Store::dropCollectionSync(std::string db, std::string name,
                                                 bool allow_system) {
  return impl_->await<Result<CollectionInfo>>(
      [&](std::function<void(Result<CollectionInfo>)> done) {
        dropCollection(std::move(db), std::move(name), allow_system, std::move(done));
      });
}

}  // namespace tandem
