// Log: tandem-node's structured log, one line per event on stderr.
//
//   2026-11-27T09:00:00.123Z INFO  [server] listening endpoint=tcp://127.0.0.1:8529
//
// A line is: UTC time with milliseconds, the level padded to five characters, the topic in
// brackets, the message, then `key=value` fields. A value that is empty or contains a space,
// a quote, '=' or a control character is written as a quoted, escaped string, so every line
// splits unambiguously and a value can never start a new line.
//
// Thread-safety: every function may be called from any thread; a line is formatted first
// and written with a single write(2) under a mutex, so lines never interleave.
#pragma once

#include <concepts>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace tandem::node {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

// "error", "warn", "info", "debug"; also ArangoDB's "fatal" (error), "warning" (warn) and
// "trace" (debug). Case-insensitive. nullopt for anything else.
std::optional<LogLevel> parseLogLevel(std::string_view text);
std::string_view logLevelName(LogLevel level);  // "ERROR", "WARN", "INFO", "DEBUG"

// One `key=value` field of a log line.
struct LogField {
  LogField(std::string_view key, std::string_view value) : key(key), value(value) {}
  LogField(std::string_view key, const char* value) : key(key), value(value) {}
  LogField(std::string_view key, const std::string& value) : key(key), value(value) {}
  template <std::integral T>
  LogField(std::string_view key, T value)
      : key(key),
        value(std::is_same_v<T, bool> ? (value ? "true" : "false") : std::to_string(value)) {}

  std::string_view key;
  std::string value;
};

using LogFields = std::initializer_list<LogField>;

class Log {
 public:
  // Lines above `level` are dropped. The default is kInfo.
  static void setLevel(LogLevel level);
  static LogLevel level();
  static bool enabled(LogLevel level);

  static void write(LogLevel level, std::string_view topic, std::string_view message,
                    LogFields fields = {});
  static void error(std::string_view topic, std::string_view message, LogFields fields = {}) {
    write(LogLevel::kError, topic, message, fields);
  }
  static void warn(std::string_view topic, std::string_view message, LogFields fields = {}) {
    write(LogLevel::kWarn, topic, message, fields);
  }
  static void info(std::string_view topic, std::string_view message, LogFields fields = {}) {
    write(LogLevel::kInfo, topic, message, fields);
  }
  static void debug(std::string_view topic, std::string_view message, LogFields fields = {}) {
    write(LogLevel::kDebug, topic, message, fields);
  }

  // The text of one line (with its trailing newline) as write() would print it at the
  // current time; exposed for tests.
  static std::string formatLine(LogLevel level, std::string_view topic, std::string_view message,
                                LogFields fields);
};

}  // namespace tandem::node
