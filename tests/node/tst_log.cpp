// Log: the line format, field quoting and escaping, the level filter, and whole lines on
// stderr under concurrent writers. stderr is captured by pointing file descriptor 2 at a pipe.
#include <QDateTime>
#include <QRegularExpression>
#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "log.h"

using tandem::node::Log;
using tandem::node::LogLevel;

namespace {

// While alive, everything written to file descriptor 2 goes into a pipe that a thread drains
// (so writers never block on a full pipe); finish() restores stderr and returns the bytes.
class StderrCapture {
 public:
  StderrCapture() {
    int fds[2];
    if (::pipe(fds) != 0) return;
    ::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[1]);  // fd 2 is now the only write end: restoring it ends the reader
    read_fd_ = fds[0];
    reader_ = std::thread([this] {
      char buffer[1 << 16];
      for (;;) {
        const ssize_t n = ::read(read_fd_, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        data_.append(buffer, static_cast<std::size_t>(n));
      }
    });
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  ~StderrCapture() { finish(); }

  bool ok() const { return saved_ >= 0; }

  std::string finish() {
    if (saved_ >= 0) {
      ::dup2(saved_, STDERR_FILENO);
      ::close(saved_);
      saved_ = -1;
      reader_.join();
      ::close(read_fd_);
    }
    return data_;
  }

 private:
  int saved_ = -1;
  int read_fd_ = -1;
  std::thread reader_;
  std::string data_;
};

// timestamp, level (padded), topic, rest (message and fields), without the newline.
const QRegularExpression kLine(
    R"(^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (ERROR|WARN |INFO |DEBUG) \[([^\]]*)\] (.*)$)");

QString text(const std::string& s) { return QString::fromStdString(s); }

// Splits captured output into lines; every line must end with '\n'.
QStringList splitLines(const std::string& output) {
  QStringList lines = text(output).split('\n');
  if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
  return lines;
}

int countNewlines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// log.h promises escaping, not one spelling of it: control characters without a short escape
// may be written as \xHH or, JSON-style, as \u00HH. `expected` uses \xHH; returns the same
// text in the other spelling.
QString withJsonEscapes(QString expected) {
  static const QRegularExpression kHexEscape(R"(\\x([0-9a-f]{2}))");
  return expected.replace(kHexEscape, R"(\u00\1)");
}

bool hasRawControlCharacterBeforeEnd(const std::string& line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (static_cast<unsigned char>(line[i]) < 0x20) return true;
  }
  return false;
}

}  // namespace

class LogTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanup();

  void lineHasUtcTimestampLevelTopicMessageAndFields();
  void levelNameIsPaddedToFiveCharacters_data();
  void levelNameIsPaddedToFiveCharacters();
  void fieldValuesAreQuotedOnlyWhenAmbiguous_data();
  void fieldValuesAreQuotedOnlyWhenAmbiguous();
  void integerAndBoolFieldsAreWrittenAsNumbersAndWords();
  void controlCharactersCannotForgeASecondLine_data();
  void controlCharactersCannotForgeASecondLine();
  void parseLogLevelAcceptsArangoNames_data();
  void parseLogLevelAcceptsArangoNames();
  void writeEmitsTheFormattedLineOnStderr();
  void levelFilterDropsLinesAboveTheThreshold_data();
  void levelFilterDropsLinesAboveTheThreshold();
  void concurrentWritersProduceWholeLinesOnly();
};

void LogTest::initTestCase() {
  // A local zone far from UTC, so a timestamp written in local time cannot pass for UTC.
  qputenv("TZ", "XST-05:30");
  ::tzset();
  QVERIFY(QDateTime::currentDateTime().offsetFromUtc() == 5 * 3600 + 30 * 60);
}

void LogTest::cleanup() { Log::setLevel(LogLevel::kInfo); }

void LogTest::lineHasUtcTimestampLevelTopicMessageAndFields() {
  const qint64 before = QDateTime::currentMSecsSinceEpoch();
  const std::string line = Log::formatLine(LogLevel::kInfo, "server", "listening",
                                           {{"endpoint", "tcp://127.0.0.1:8529"}, {"io", 2}});
  const qint64 after = QDateTime::currentMSecsSinceEpoch();

  QVERIFY2(line.size() > 1 && line.back() == '\n', line.c_str());
  QCOMPARE(countNewlines(line), 1);
  const QRegularExpressionMatch match = kLine.match(text(line.substr(0, line.size() - 1)));
  QVERIFY2(match.hasMatch(), line.c_str());
  QCOMPARE(match.captured(2), QString("INFO "));
  QCOMPARE(match.captured(3), QString("server"));
  QCOMPARE(match.captured(4), QString("listening endpoint=tcp://127.0.0.1:8529 io=2"));

  const QDateTime stamp = QDateTime::fromString(match.captured(1), Qt::ISODateWithMs);
  QVERIFY2(stamp.isValid(), qPrintable(match.captured(1)));
  QCOMPARE(stamp.offsetFromUtc(), 0);
  // Millisecond precision, taken between the two clock readings (a little slack for
  // rounding differences between the clocks).
  const qint64 at = stamp.toMSecsSinceEpoch();
  QVERIFY2(at >= before - 5 && at <= after + 5,
           qPrintable(QString("%1 not in [%2, %3]").arg(at).arg(before).arg(after)));
}

void LogTest::levelNameIsPaddedToFiveCharacters_data() {
  QTest::addColumn<int>("level");
  QTest::addColumn<QString>("expected");  // the line after the timestamp and its space
  QTest::newRow("error") << int(LogLevel::kError) << "ERROR [t] m\n";
  QTest::newRow("warn") << int(LogLevel::kWarn) << "WARN  [t] m\n";
  QTest::newRow("info") << int(LogLevel::kInfo) << "INFO  [t] m\n";
  QTest::newRow("debug") << int(LogLevel::kDebug) << "DEBUG [t] m\n";
}

void LogTest::levelNameIsPaddedToFiveCharacters() {
  QFETCH(int, level);
  QFETCH(QString, expected);
  const std::string line = Log::formatLine(static_cast<LogLevel>(level), "t", "m", {});
  constexpr std::size_t kStamp = sizeof("2026-11-27T09:00:00.123Z") - 1;
  QVERIFY(line.size() > kStamp + 1);
  QCOMPARE(line[kStamp], ' ');
  QCOMPARE(text(line.substr(kStamp + 1)), expected);
  QCOMPARE(text(std::string(tandem::node::logLevelName(static_cast<LogLevel>(level)))),
           expected.left(5).trimmed());
}

void LogTest::fieldValuesAreQuotedOnlyWhenAmbiguous_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("written");
  QTest::newRow("plain") << "abc"
                         << "k=abc";
  QTest::newRow("path") << "/var/lib/tandem"
                        << "k=/var/lib/tandem";
  QTest::newRow("url with colon") << "tcp://[::1]:8529"
                                  << "k=tcp://[::1]:8529";
  QTest::newRow("utf-8") << QString::fromUtf8("grüße") << QString::fromUtf8("k=grüße");
  QTest::newRow("empty") << ""
                         << R"(k="")";
  QTest::newRow("space") << "a b"
                         << R"(k="a b")";
  QTest::newRow("quote") << R"(say "hi")"
                         << R"(k="say \"hi\"")";
  QTest::newRow("lone quote") << R"(a"b)"
                              << R"(k="a\"b")";
  QTest::newRow("equals") << "a=b"
                          << R"(k="a=b")";
  QTest::newRow("backslash") << R"(c:\dir)"
                             << R"(k="c:\\dir")";
  QTest::newRow("tab") << "a\tb"
                       << R"(k="a\tb")";
  QTest::newRow("newline") << "a\nb"
                           << R"(k="a\nb")";
  QTest::newRow("carriage return") << "a\rb"
                                   << R"(k="a\rb")";
  QTest::newRow("escape") << "a\x1b[31mb"
                          << R"(k="a\x1b[31mb")";
  QTest::newRow("forged field") << "x other=y"
                                << R"(k="x other=y")";
}

void LogTest::fieldValuesAreQuotedOnlyWhenAmbiguous() {
  QFETCH(QString, value);
  QFETCH(QString, written);
  const std::string line =
      Log::formatLine(LogLevel::kWarn, "t", "m", {{"k", value.toStdString()}, {"last", "1"}});
  const QString expected = " [t] m " + written + " last=1\n";
  QVERIFY2(text(line).endsWith(expected) || text(line).endsWith(withJsonEscapes(expected)),
           qPrintable(text(line) + " vs " + expected));
}

void LogTest::integerAndBoolFieldsAreWrittenAsNumbersAndWords() {
  const std::string line = Log::formatLine(LogLevel::kDebug, "t", "m",
                                           {{"i", 42},
                                            {"neg", -7},
                                            {"big", std::uint64_t(18446744073709551615ull)},
                                            {"yes", true},
                                            {"no", false},
                                            {"zero", 0}});
  QVERIFY2(
      text(line).endsWith(" m i=42 neg=-7 big=18446744073709551615 yes=true no=false zero=0\n"),
      line.c_str());
}

void LogTest::controlCharactersCannotForgeASecondLine_data() {
  QTest::addColumn<QString>("message");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("messageWritten");  // how the message appears
  const QString forged = "x\n2026-01-01T00:00:00.000Z ERROR [auth] forged admin=true";
  QTest::newRow("forged line in value") << "m" << forged << "m";
  QTest::newRow("forged line in message")
      << forged << "v"
      << R"(x\n2026-01-01T00:00:00.000Z ERROR [auth] forged admin=true)";
  QTest::newRow("carriage return in message") << "a\rb"
                                              << "v"
                                              << R"(a\rb)";
  QTest::newRow("crlf in both") << "a\r\nb"
                                << "c\r\nd"
                                << R"(a\r\nb)";
  QTest::newRow("NUL and bell in message") << QString::fromLatin1("a\0b\x07", 4) << "v"
                                           << R"(a\x00b\x07)";
  QTest::newRow("tab in message") << "a\tb"
                                  << "v"
                                  << R"(a\tb)";
  QTest::newRow("vertical tab and escape") << "a\v\x1b[2Jb"
                                           << "\v\x1b"
                                           << R"(a\x0b\x1b[2Jb)";
}

void LogTest::controlCharactersCannotForgeASecondLine() {
  QFETCH(QString, message);
  QFETCH(QString, value);
  QFETCH(QString, messageWritten);
  const std::string line = Log::formatLine(LogLevel::kInfo, "http", message.toStdString(),
                                           {{"path", value.toStdString()}});
  QCOMPARE(countNewlines(line), 1);
  QCOMPARE(line.back(), '\n');
  QVERIFY2(!hasRawControlCharacterBeforeEnd(line), line.c_str());
  const QRegularExpressionMatch match = kLine.match(text(line.substr(0, line.size() - 1)));
  QVERIFY2(match.hasMatch(), line.c_str());
  QCOMPARE(match.captured(3), QString("http"));
  QVERIFY2(match.captured(4).startsWith(messageWritten + " path=") ||
               match.captured(4).startsWith(withJsonEscapes(messageWritten) + " path="),
           line.c_str());

  // The same through write(): stderr receives exactly one line.
  StderrCapture capture;
  QVERIFY(capture.ok());
  Log::info("http", message.toStdString(), {{"path", value.toStdString()}});
  const std::string output = capture.finish();
  QCOMPARE(countNewlines(output), 1);
  QVERIFY2(!hasRawControlCharacterBeforeEnd(output), output.c_str());
}

void LogTest::parseLogLevelAcceptsArangoNames_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<int>("level");  // -1: rejected
  QTest::newRow("error") << "error" << int(LogLevel::kError);
  QTest::newRow("fatal") << "fatal" << int(LogLevel::kError);
  QTest::newRow("ERROR") << "ERROR" << int(LogLevel::kError);
  QTest::newRow("warn") << "warn" << int(LogLevel::kWarn);
  QTest::newRow("warning") << "warning" << int(LogLevel::kWarn);
  QTest::newRow("WaRn") << "WaRn" << int(LogLevel::kWarn);
  QTest::newRow("info") << "info" << int(LogLevel::kInfo);
  QTest::newRow("Info") << "Info" << int(LogLevel::kInfo);
  QTest::newRow("debug") << "debug" << int(LogLevel::kDebug);
  QTest::newRow("trace") << "trace" << int(LogLevel::kDebug);
  QTest::newRow("empty") << "" << -1;
  QTest::newRow("verbose") << "verbose" << -1;
  QTest::newRow("prefix") << "inf" << -1;
  QTest::newRow("longer") << "infos" << -1;
  QTest::newRow("number") << "2" << -1;
}

void LogTest::parseLogLevelAcceptsArangoNames() {
  QFETCH(QString, name);
  QFETCH(int, level);
  const auto parsed = tandem::node::parseLogLevel(name.toStdString());
  QCOMPARE(parsed ? int(*parsed) : -1, level);
}

void LogTest::writeEmitsTheFormattedLineOnStderr() {
  StderrCapture capture;
  QVERIFY(capture.ok());
  Log::warn("store", "slow commit", {{"ms", 250}, {"collection", "my docs"}});
  Log::error("startup", "cannot open", {{"directory", "/nope"}});
  const QStringList lines = splitLines(capture.finish());
  QCOMPARE(lines.size(), 2);

  QRegularExpressionMatch match = kLine.match(lines[0]);
  QVERIFY2(match.hasMatch(), qPrintable(lines[0]));
  QCOMPARE(match.captured(2), QString("WARN "));
  QCOMPARE(match.captured(3), QString("store"));
  QCOMPARE(match.captured(4), QString(R"(slow commit ms=250 collection="my docs")"));

  match = kLine.match(lines[1]);
  QVERIFY2(match.hasMatch(), qPrintable(lines[1]));
  QCOMPARE(match.captured(2), QString("ERROR"));
  QCOMPARE(match.captured(3), QString("startup"));
  QCOMPARE(match.captured(4), QString("cannot open directory=/nope"));
}

void LogTest::levelFilterDropsLinesAboveTheThreshold_data() {
  QTest::addColumn<int>("threshold");
  QTest::addColumn<QString>("written");  // the messages that get through, one letter per level
  // Messages "e", "w", "i", "d" are written at error, warn, info and debug.
  QTest::newRow("error") << int(LogLevel::kError) << "e";
  QTest::newRow("warn") << int(LogLevel::kWarn) << "ew";
  QTest::newRow("info (default)") << int(LogLevel::kInfo) << "ewi";
  QTest::newRow("debug") << int(LogLevel::kDebug) << "ewid";
}

void LogTest::levelFilterDropsLinesAboveTheThreshold() {
  QFETCH(int, threshold);
  QFETCH(QString, written);
  Log::setLevel(static_cast<LogLevel>(threshold));
  QCOMPARE(int(Log::level()), threshold);

  const std::pair<LogLevel, const char*> levels[] = {{LogLevel::kError, "e"},
                                                     {LogLevel::kWarn, "w"},
                                                     {LogLevel::kInfo, "i"},
                                                     {LogLevel::kDebug, "d"}};
  QString enabled;
  for (const auto& [level, letter] : levels) {
    if (Log::enabled(level)) enabled += letter;
  }
  QCOMPARE(enabled, written);

  StderrCapture capture;
  QVERIFY(capture.ok());
  Log::error("f", "e");
  Log::warn("f", "w");
  Log::info("f", "i");
  Log::debug("f", "d");
  for (const auto& [level, letter] : levels) Log::write(level, "f", letter);
  QString got;
  for (const QString& line : splitLines(capture.finish())) {
    const QRegularExpressionMatch match = kLine.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    got += match.captured(4);
  }
  QCOMPARE(got, written + written);
}

void LogTest::concurrentWritersProduceWholeLinesOnly() {
  // Lines longer than PIPE_BUF (4096 on Linux) are not written atomically into a pipe by the
  // kernel, so only the logger's own serialisation keeps them whole.
  constexpr int kThreads = 6;
  constexpr int kLinesPerThread = 150;
  constexpr std::size_t kPayload = 9000;

  StderrCapture capture;
  QVERIFY(capture.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      const std::string payload(kPayload, static_cast<char>('a' + t));
      for (int i = 0; i < kLinesPerThread; ++i) {
        Log::info("worker", "tick", {{"thread", t}, {"seq", i}, {"payload", payload}});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string output = capture.finish();

  QCOMPARE(output.back(), '\n');
  const QStringList lines = splitLines(output);
  QCOMPARE(lines.size(), kThreads * kLinesPerThread);
  const QRegularExpression fields(R"(^tick thread=(\d+) seq=(\d+) payload=([a-z]+)$)");
  std::map<int, int> next_seq;  // per thread: lines from one thread keep their order
  for (const QString& line : lines) {
    const QRegularExpressionMatch match = kLine.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line.left(200)));
    QCOMPARE(match.captured(2), QString("INFO "));
    QCOMPARE(match.captured(3), QString("worker"));
    const QRegularExpressionMatch rest = fields.match(match.captured(4));
    QVERIFY2(rest.hasMatch(), qPrintable(match.captured(4).left(200)));
    const int t = rest.captured(1).toInt();
    QVERIFY(t >= 0 && t < kThreads);
    QCOMPARE(rest.captured(2).toInt(), next_seq[t]++);
    QCOMPARE(rest.captured(3), QString(static_cast<int>(kPayload), QChar('a' + t)));
  }
  for (int t = 0; t < kThreads; ++t) QCOMPARE(next_seq[t], kLinesPerThread);
}

QTEST_GUILESS_MAIN(LogTest)
#include "tst_log.moc"
