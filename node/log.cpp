#include "log.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "http/error_body.h"

namespace tandem::node {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
// Serialises the write(2) calls: one call per line is already atomic for pipes up to
// PIPE_BUF bytes, but longer lines (a big error message) could interleave without it.
std::mutex g_write_mutex;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void appendTimestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                              utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  out.append(buffer, static_cast<std::size_t>(n));
}

bool needsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (const char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

// Control characters would let a value (a path, a client-supplied string) forge a second log
// line, so they are escaped as in JSON strings, in messages as well as in field values.
void appendMessage(std::string& out, std::string_view message) {
  for (const char c : message) {
    if (static_cast<unsigned char>(c) < 0x20) {
      appendJsonEscaped(out, std::string_view(&c, 1));
    } else {
      out += c;
    }
  }
}

void writeAll(const std::string& line) {
  std::lock_guard lock(g_write_mutex);
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone: there is nowhere left to report that
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view text) {
  if (equalsIgnoreCase(text, "error") || equalsIgnoreCase(text, "fatal")) return LogLevel::kError;
  if (equalsIgnoreCase(text, "warn") || equalsIgnoreCase(text, "warning")) return LogLevel::kWarn;
  if (equalsIgnoreCase(text, "info")) return LogLevel::kInfo;
  if (equalsIgnoreCase(text, "debug") || equalsIgnoreCase(text, "trace")) return LogLevel::kDebug;
  return std::nullopt;
}

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kDebug:
      return "DEBUG";
  }
  return "?";
}

void Log::setLevel(LogLevel level) {
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel Log::level() { return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed)); }

bool Log::enabled(LogLevel level) {
  return static_cast<int>(level) <= g_level.load(std::memory_order_relaxed);
}

std::string Log::formatLine(LogLevel level, std::string_view topic, std::string_view message,
                            LogFields fields) {
  std::string line;
  line.reserve(96 + message.size());
  appendTimestamp(line);
  line += ' ';
  const std::string_view name = logLevelName(level);
  line += name;
  line.append(name.size() < 5 ? 5 - name.size() : 0, ' ');
  line += " [";
  line += topic;
  line += "] ";
  appendMessage(line, message);
  for (const LogField& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    if (needsQuotes(field.value)) {
      line += '"';
      appendJsonEscaped(line, field.value);
      line += '"';
    } else {
      line += field.value;
    }
  }
  line += '\n';
  return line;
}

void Log::write(LogLevel level, std::string_view topic, std::string_view message,
                LogFields fields) {
  if (!enabled(level)) return;
  writeAll(formatLine(level, topic, message, fields));
}

}  // namespace tandem::node
