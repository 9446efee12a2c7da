// The blocking forms of callback calls (Store's and Node's *Sync members): submit, then wait
// for the callback. On a store's writer thread — inside a write callback, where the answer
// would have to come from the very thread that waits — the call is refused instead of
// deadlocking, as tandem/store.h and tandem/node.h document.
//
// Thread-safety: a free function; each call waits only for its own callback.
#pragma once

#include <future>
#include <memory>
#include <utility>

#include "tandem/status.h"

namespace tandem::storage {

// True on the thread of any store's Writer (set there for the thread's lifetime).
bool onWriterThread();

// `submit(callback)` starts the call; this returns what the callback receives. T is Status or
// a Result<...>.
template <typename T, typename Submit>
T awaitCallback(Submit&& submit) {
  if (onWriterThread()) {
    return T(Status::error(ErrorCode::kInternal,
                           "a blocking call inside a write callback would wait for its own "
                           "thread: use the callback form there"));
  }
  // Shared: the callback may still be inside set_value() when get() returns.
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  submit([promise](T value) { promise->set_value(std::move(value)); });
  return future.get();
}

}  // namespace tandem::storage
