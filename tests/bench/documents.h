// Benchmark documents: deterministic JSON objects of a chosen size.
//
// Document `seq` always has the same key and content, so a reader can check what it gets back
// and a loader can be checked by count. Keys are a one-letter prefix and the decimal sequence
// number ("d42"): legal ArangoDB keys, unique per prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tandem::bench {

std::string documentKey(char prefix, std::uint64_t seq);

// Appends the JSON object of document `seq` with key `key` to `out`: about `size` bytes (never
// less than its fixed fields need, ~150 bytes).
void appendDocument(std::string& out, std::string_view key, std::uint64_t seq, std::size_t size);

// A smaller document (key, seq, name, active, padding) of about `size` bytes (never less than
// ~60): the rows of the in-process batch-insert comparison.
void appendSmallDocument(std::string& out, std::string_view key, std::uint64_t seq,
                         std::size_t size);

}  // namespace tandem::bench
