// RevisionClock: document revisions (`_rev`) as ArangoDB makes them — a hybrid logical clock
// value (milliseconds since the Unix epoch shifted left by 20 bits, plus a logical counter in
// the low bits), written in ArangoDB's base64 variant with the alphabet
// "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", most significant digit
// first and without leading zero digits (e.g. "_gjDBOTu---").
//
// Values are unique and strictly increasing per clock, even if the wall clock steps back.
// Thread-safety: none; the Store's writer thread owns the only instance that issues revisions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::storage {

class RevisionClock {
 public:
  // The next value: max(last + 1, now_ms << 20).
  std::uint64_t next();
  // Ensures every later value is greater than `value` (seeded on open from the last revision).
  void observe(std::uint64_t value) {
    if (value > last_) last_ = value;
  }
  std::uint64_t last() const { return last_; }

  static std::string encode(std::uint64_t value);
  // nullopt if `text` is empty, too long or has characters outside the alphabet.
  static std::optional<std::uint64_t> decode(std::string_view text);

 private:
  std::uint64_t last_ = 0;
};

}  // namespace tandem::storage
