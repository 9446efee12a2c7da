#include "documents.h"

#include <array>

namespace tandem::bench {
namespace {

constexpr std::array<std::string_view, 8> kCities = {"Lisbon", "Oslo",  "Lyon",   "Porto",
                                                     "Turin",  "Ghent", "Zagreb", "Cork"};

// Ends a document whose last string field is open: 'x' padding up to `size` bytes since
// `begin` (none if it is already that long), then the closing `"}`.
void closePadded(std::string& out, std::size_t begin, std::size_t size) {
  const std::size_t used = out.size() - begin + 2;  // the closing `"}`
  if (used < size) out.append(size - used, 'x');
  out += "\"}";
}

}  // namespace

std::string documentKey(char prefix, std::uint64_t seq) {
  std::string key(1, prefix);
  key += std::to_string(seq);
  return key;
}

void appendDocument(std::string& out, std::string_view key, std::uint64_t seq, std::size_t size) {
  const std::size_t begin = out.size();
  const std::string number = std::to_string(seq);
  out += R"({"_key":")";
  out += key;
  out += R"(","seq":)";
  out += number;
  out += R"(,"name":"user-)";
  out += number;
  out += R"(","email":"user-)";
  out += number;
  out += R"(@example.org","active":)";
  out += seq % 2 == 0 ? "true" : "false";
  out += R"(,"score":)";
  out += std::to_string(seq % 1000);
  out += R"(,"tags":["red","green"],"city":")";
  out += kCities[seq % kCities.size()];
  out += R"(","note":")";
  closePadded(out, begin, size);
}

void appendSmallDocument(std::string& out, std::string_view key, std::uint64_t seq,
                         std::size_t size) {
  const std::size_t begin = out.size();
  const std::string number = std::to_string(seq);
  out += R"({"_key":")";
  out += key;
  out += R"(","seq":)";
  out += number;
  out += R"(,"name":"user-)";
  out += number;
  out += R"(","active":)";
  out += seq % 2 == 0 ? "true" : "false";
  out += R"(,"pad":")";
  closePadded(out, begin, size);
}

}  // namespace tandem::bench
