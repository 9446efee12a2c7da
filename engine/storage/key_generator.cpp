#include "storage/key_generator.h"

#include <charconv>
#include <limits>

#include "storage/random_id.h"

namespace tandem::storage {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

Status outOfKeys() { return Status::error(ErrorCode::kInternal, "out of keys"); }

std::string paddedHex(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[value & 0xf];
    value >>= 4;
  }
  return out;
}

std::optional<std::uint64_t> parseNumber(std::string_view text, int base) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool isLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<std::uint64_t> nextAutoincrement(const KeyOptions& options, std::uint64_t last_value) {
  const std::uint64_t offset = options.offset;
  const std::uint64_t increment = options.increment;
  if (last_value < offset) return offset;  // offset > last_value >= 0, so offset >= 1
  const std::uint64_t steps = (last_value - offset) / increment + 1;
  if (steps > (kMax - offset) / increment) return outOfKeys();
  return offset + steps * increment;
}

}  // namespace

Status KeyGenerator::validate(const KeyOptions& options) {
  if (options.type == KeyGeneratorType::kAutoincrement && options.increment == 0) {
    return Status::error(ErrorCode::kBadParameter,
                         "increment value for autoincrement key generator must be > 0");
  }
  return Status::ok();
}

Result<std::string> KeyGenerator::next(const KeyOptions& options, std::uint64_t& last_value) {
  switch (options.type) {
    case KeyGeneratorType::kUuid:
      return randomUuid();
    case KeyGeneratorType::kAutoincrement: {
      auto value = nextAutoincrement(options, last_value);
      if (!value) return value.status();
      last_value = *value;
      return std::to_string(last_value);
    }
    case KeyGeneratorType::kPadded:
      if (last_value == kMax) return outOfKeys();
      return paddedHex(++last_value);
    case KeyGeneratorType::kTraditional:
      break;
  }
  if (last_value == kMax) return outOfKeys();
  return std::to_string(++last_value);
}

void KeyGenerator::track(const KeyOptions& options, std::string_view key,
                         std::uint64_t& last_value) {
  std::optional<std::uint64_t> value;
  switch (options.type) {
    case KeyGeneratorType::kUuid:
      return;
    case KeyGeneratorType::kPadded:
      if (key.size() == 16 && isLowerHex(key)) value = parseNumber(key, 16);
      break;
    case KeyGeneratorType::kTraditional:
    case KeyGeneratorType::kAutoincrement:
      value = parseNumber(key, 10);
      break;
  }
  if (value && *value > last_value) last_value = *value;
}

std::string_view KeyGenerator::typeName(KeyGeneratorType type) {
  switch (type) {
    case KeyGeneratorType::kTraditional:
      return "traditional";
    case KeyGeneratorType::kAutoincrement:
      return "autoincrement";
    case KeyGeneratorType::kUuid:
      return "uuid";
    case KeyGeneratorType::kPadded:
      return "padded";
  }
  return "traditional";
}

std::optional<KeyGeneratorType> KeyGenerator::typeFromName(std::string_view name) {
  for (auto type : {KeyGeneratorType::kTraditional, KeyGeneratorType::kAutoincrement,
                    KeyGeneratorType::kUuid, KeyGeneratorType::kPadded}) {
    if (typeName(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace tandem::storage
