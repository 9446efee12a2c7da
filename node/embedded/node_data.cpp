// tandem::Node's writes, reads and status. Writes go through the same admission as the HTTP
// write handlers (cluster/write_admission.h); status() asks the Router exactly as
// GET /_admin/status does.
#include <future>
#include <memory>
#include <utility>

#include <boost/json.hpp>

#include "cluster/write_admission.h"
#include "embedded/node_impl.h"
#include "http/http_message.h"
#include "storage/blocking_call.h"

namespace tandem {

namespace {

Status notRunning() {
  return Status::error(ErrorCode::kShuttingDown,
                       "the node is not running: start() it first (or it has stopped)", 503);
}

// As the HTTP API answers on an agency-only node.
Status agencyOnly() {
  return Status::error(ErrorCode::kNotImplemented,
                       "not implemented: this node is an agency-only agent (agent.agency_only) "
                       "and keeps no documents, collections or databases",
                       501);
}

}  // namespace

// A single server writes to its store; a member first asks for admission, and a success is
// passed on only if the lease still holds after the commit (cluster::acknowledgeWrite).
template <typename R>
void Node::Impl::admitted(std::function<void(std::function<void(R)>)> submit,
                          std::function<void(R)> done) {
  if (!running()) {
    done(R(notRunning()));
    return;
  }
  if (options.agency.only) {
    done(R(agencyOnly()));
    return;
  }
  if (!cluster()) {
    submit(std::move(done));
    return;
  }
  auto shared_done = std::make_shared<std::function<void(R)>>(std::move(done));
  node::cluster::MemberService* admitting = member;
  std::function<void(R)> acknowledged = [admitting, shared_done](R result) {
    if (result.isOk()) {
      if (Status ack = node::cluster::acknowledgeWrite(*admitting); !ack) {
        (*shared_done)(R(std::move(ack)));
        return;
      }
    }
    (*shared_done)(std::move(result));
  };
  node::cluster::admitWrite(
      *member, [submit = std::move(submit), acknowledged] { submit(acknowledged); },
      [shared_done](Status refused) { (*shared_done)(R(std::move(refused))); });
}

Status Node::Impl::readable(const ReadOptions& read) const {
  if (!running()) return notRunning();
  if (options.agency.only) return agencyOnly();
  if (!cluster() || read.allow_dirty) return Status::ok();
  const node::cluster::MemberSnapshot snapshot = member->snapshot();
  switch (snapshot.mode) {
    case node::cluster::ServingMode::kLeader:
      return Status::ok();
    case node::cluster::ServingMode::kFollower:
      return Status::error(ErrorCode::kNotLeader,
                           "not a leader: this node follows " +
                               (snapshot.leader_endpoint.empty() ? std::string("a leader")
                                                                 : snapshot.leader_endpoint) +
                               "; read there, or allow a dirty read (ReadOptions::allow_dirty)",
                           503)
          .withLeaderEndpoint(snapshot.leader_endpoint);
    case node::cluster::ServingMode::kRemoved:
      return Status::error(ErrorCode::kNotLeader,
                           "not a leader: " +
                               (snapshot.removed_reason.empty()
                                    ? std::string("this node was removed from the cluster")
                                    : snapshot.removed_reason) +
                               "; only dirty reads (ReadOptions::allow_dirty) are served",
                           503);
    case node::cluster::ServingMode::kTryAgain:
      break;
  }
  return Status::error(ErrorCode::kLeadershipChallengeOngoing,
                       "leadership challenge is ongoing: try again shortly, or allow a dirty "
                       "read (ReadOptions::allow_dirty)",
                       503);
}

NodeStatus Node::Impl::status() const {
  NodeStatus out;
  if (!running()) return out;
  out.role = role();
  out.server_id = server_id;
  out.http_endpoint = http_endpoint;
  out.last_tick = store->lastTick();
  if (cluster()) {
    const node::cluster::MemberSnapshot snapshot = member->snapshot();
    out.leader_id = snapshot.leader_id;
    out.leader_endpoint = snapshot.leader_endpoint;
    out.term = snapshot.term;
  }
  node::Request request;
  request.method = node::Method::kGet;
  request.target = "/_admin/status";
  request.parseTarget();
  // GET /_admin/status answers on the calling thread; the promise only makes that explicit.
  std::promise<node::Response> answer;
  auto answered = answer.get_future();
  router->handle(std::move(request),
                 [&answer](node::Response response) { answer.set_value(std::move(response)); });
  node::Response response = answered.get();
  if (response.status == 200) out.json = std::move(response.body);
  return out;
}

// --- Node: writes -------------------------------------------------------------------------

void Node::insert(std::string db, std::string collection, std::string body,
                  const WriteOptions& options, WriteCallback done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<WriteResult>>(
      [store, db = std::move(db), collection = std::move(collection), body = std::move(body),
       options](WriteCallback answer) mutable {
        store->insert(std::move(db), std::move(collection), std::move(body), options,
                      std::move(answer));
      },
      std::move(done));
}

void Node::insertMany(std::string db, std::string collection, std::vector<std::string> documents,
                      const WriteOptions& options, WriteCallback done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<WriteResult>>(
      [store, db = std::move(db), collection = std::move(collection),
       documents = std::move(documents), options](WriteCallback answer) mutable {
        store->insertMany(std::move(db), std::move(collection), std::move(documents), options,
                          std::move(answer));
      },
      std::move(done));
}

void Node::replace(std::string db, std::string collection, std::string key, std::string body,
                   const WriteOptions& options, WriteCallback done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<WriteResult>>(
      [store, db = std::move(db), collection = std::move(collection), key = std::move(key),
       body = std::move(body), options](WriteCallback answer) mutable {
        store->replace(std::move(db), std::move(collection), std::move(key), std::move(body),
                       options, std::move(answer));
      },
      std::move(done));
}

void Node::update(std::string db, std::string collection, std::string key, std::string body,
                  const WriteOptions& options, WriteCallback done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<WriteResult>>(
      [store, db = std::move(db), collection = std::move(collection), key = std::move(key),
       body = std::move(body), options](WriteCallback answer) mutable {
        store->update(std::move(db), std::move(collection), std::move(key), std::move(body),
                      options, std::move(answer));
      },
      std::move(done));
}

void Node::remove(std::string db, std::string collection, std::string key, std::string body,
                  const WriteOptions& options, WriteCallback done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<WriteResult>>(
      [store, db = std::move(db), collection = std::move(collection), key = std::move(key),
       body = std::move(body), options](WriteCallback answer) mutable {
        store->remove(std::move(db), std::move(collection), std::move(key), std::move(body),
                      options, std::move(answer));
      },
      std::move(done));
}

void Node::createDatabase(std::string name, std::function<void(Status)> done) {
  Store* store = impl_->store.get();
  impl_->admitted<Status>(
      [store, name = std::move(name)](std::function<void(Status)> answer) mutable {
        store->createDatabase(std::move(name), std::move(answer));
      },
      std::move(done));
}

void Node::createCollection(std::string db, CollectionSpec spec,
                            std::function<void(Result<CollectionInfo>)> done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<CollectionInfo>>(
      [store, db = std::move(db),
       spec = std::move(spec)](std::function<void(Result<CollectionInfo>)> answer) mutable {
        store->createCollection(std::move(db), std::move(spec), std::move(answer));
      },
      std::move(done));
}

void Node::dropCollection(std::string db, std::string name,
                          std::function<void(Result<CollectionInfo>)> done) {
  Store* store = impl_->store.get();
  impl_->admitted<Result<CollectionInfo>>(
      [store, db = std::move(db),
       name = std::move(name)](std::function<void(Result<CollectionInfo>)> answer) mutable {
        store->dropCollection(std::move(db), std::move(name), false, std::move(answer));
      },
      std::move(done));
}

Result<WriteResult> Node::insertSync(std::string db, std::string collection, std::string body,
                                     const WriteOptions& options) {
  return storage::awaitCallback<Result<WriteResult>>([&](WriteCallback done) {
    insert(std::move(db), std::move(collection), std::move(body), options, std::move(done));
  });
}

Status Node::createDatabaseSync(std::string name) {
  return storage::awaitCallback<Status>(
      [&](std::function<void(Status)> done) { createDatabase(std::move(name), std::move(done)); });
}

Result<CollectionInfo> Node::createCollectionSync(std::string db, CollectionSpec spec) {
  return storage::awaitCallback<Result<CollectionInfo>>(
      [&](std::function<void(Result<CollectionInfo>)> done) {
        createCollection(std::move(db), std::move(spec), std::move(done));
      });
}

// --- Node: reads and status ---------------------------------------------------------------

Result<Document> Node::get(std::string_view db, std::string_view collection, std::string_view key,
                           const ReadOptions& options) const {
  if (Status allowed = impl_->readable(options); !allowed) return allowed;
  return impl_->store->get(db, collection, key);
}

Result<std::uint64_t> Node::count(std::string_view db, std::string_view collection,
                                  const ReadOptions& options) const {
  if (Status allowed = impl_->readable(options); !allowed) return allowed;
  return impl_->store->count(db, collection);
}

const Store& Node::localStore() const { return *impl_->store; }

NodeStatus Node::status() const { return impl_->status(); }

}  // namespace tandem
