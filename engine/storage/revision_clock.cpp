#include "storage/revision_clock.h"

#include <array>
#include <chrono>

namespace tandem::storage {
namespace {

constexpr std::string_view kAlphabet =
    "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static_assert(kAlphabet.size() == 64);
constexpr int kLogicalBits = 20;
constexpr std::size_t kMaxDigits = 11;  // ceil(64 / 6)

int digitValue(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::uint64_t RevisionClock::next() {
  using namespace std::chrono;
  const auto now_ms = static_cast<std::uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
  const std::uint64_t physical = now_ms << kLogicalBits;
  last_ = physical > last_ ? physical : last_ + 1;
  return last_;
}

std::string RevisionClock::encode(std::uint64_t value) {
  std::array<char, kMaxDigits> digits{};
  std::size_t pos = digits.size();
  do {
    digits[--pos] = kAlphabet[value & 0x3f];
    value >>= 6;
  } while (value != 0);
  return std::string(digits.data() + pos, digits.size() - pos);
}

std::optional<std::uint64_t> RevisionClock::decode(std::string_view text) {
  if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int digit = digitValue(text[i]);
    if (digit < 0) return std::nullopt;
    // The leading digit of an 11-digit value carries only the top 4 bits.
    if (i == 0 && text.size() == kMaxDigits && digit > 0x0f) return std::nullopt;
    value = (value << 6) | static_cast<std::uint64_t>(digit);
  }
  return value;
}

}  // namespace tandem::storage
