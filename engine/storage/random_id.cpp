#include "storage/random_id.h"

#include <array>
#include <cstdint>
#include <random>

#include <openssl/rand.h>

namespace tandem::storage {
namespace {

void randomBytes(std::array<std::uint8_t, 16>& bytes) {
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) == 1) return;
  // OpenSSL could not seed itself (no entropy source): fall back to the OS device directly.
  std::random_device device;
  for (auto& byte : bytes) byte = static_cast<std::uint8_t>(device());
}

}  // namespace

std::string randomUuid() {
  std::array<std::uint8_t, 16> bytes{};
  randomBytes(bytes);
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // variant 1
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

}  // namespace tandem::storage
