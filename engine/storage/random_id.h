// Random identifiers: UUID version 4 strings for server ids and the "uuid" key generator.
// Thread-safe (OpenSSL's RAND_bytes).
#pragma once

#include <string>

namespace tandem::storage {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lowercase hex, RFC 4122 version 4 variant 1.
std::string randomUuid();

}  // namespace tandem::storage
