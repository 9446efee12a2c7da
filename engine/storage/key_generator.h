// KeyGenerator: the document key generators of ArangoDB collections (keyOptions.type).
//
//   traditional    decimal numeric strings, last_value + 1 ("1", "2", ...)
//   autoincrement  offset + n * increment: the smallest such value above last_value that is
//                  >= max(offset, 1); e.g. offset 5, increment 10 gives "5", "15", "25"
//   uuid           random UUID v4 strings; last_value stays 0
//   padded         last_value + 1 as 16 lowercase hex digits ("0000000000000001")
//
// User-supplied keys that look like a generator's own keys (decimal for traditional and
// autoincrement, 16 hex digits for padded) raise last_value, so generated keys never collide
// with them. Stateless: the caller (the writer thread) owns last_value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tandem/status.h"
#include "tandem/store.h"

namespace tandem::storage {

class KeyGenerator {
 public:
  // kBadParameter for unusable options (autoincrement with increment 0).
  static Status validate(const KeyOptions& options);
  // The next key; advances last_value. kInternal "out of keys" when the range is exhausted.
  static Result<std::string> next(const KeyOptions& options, std::uint64_t& last_value);
  // Raises last_value past a user-supplied key of the generator's own form.
  static void track(const KeyOptions& options, std::string_view key, std::uint64_t& last_value);

  static std::string_view typeName(KeyGeneratorType type);
  static std::optional<KeyGeneratorType> typeFromName(std::string_view name);
};

}  // namespace tandem::storage
