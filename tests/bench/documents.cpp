#include "documents.h"

#include <array>

namespace tandem::bench {
namespace {

constexpr std::array<std::string_view, 8> kCities = {"Lisbon", "Oslo",  "Lyon",   "Porto",
                                                     "Turin",  "Ghent", "Zagreb", "Cork"};

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
  const std::size_t used = out.size() - begin + 2;  // the closing `"}`
  if (used < size) out.append(size - used, 'x');
  out += "\"}";
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
  const std::size_t used = out.size() - begin + 2;  // the closing `"}`
  if (used < size) out.append(size - used, 'x');
  out += "\"}";
}

}  // namespace tandem::bench
