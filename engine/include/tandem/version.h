/// @file
/// Version numbers of this build: Tandem's own and the ArangoDB API level it speaks.
///
/// Thread-safety: compile-time constants.
#pragma once

namespace tandem {

/// Tandem's own version (semantic versioning; the shared library's SONAME follows its major).
inline constexpr const char* kTandemVersion = "0.1.0";
/// Reported by GET /_api/version as "version": drivers compare it against ArangoDB releases.
inline constexpr const char* kArangoApiVersion = "3.11.0";

}  // namespace tandem
