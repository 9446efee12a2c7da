// NodeOptions: command-line and configuration-file parsing, validation messages and exit codes,
// the parseEndpoint/parseBool/parseByteSize helpers, and the conversions to and from
// tandem::NodeOptions with the validation they share.
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "node_options.h"
#include "tandem/node.h"
#include "tandem/version.h"

using namespace std::chrono_literals;
using tandem::SyncMode;
using tandem::node::LogLevel;
using tandem::node::NodeOptions;
using tandem::node::NodeOptionsOutcome;

namespace {

// Runs parseNodeOptions over `args` as if they followed "tandem-node" on a command line.
NodeOptionsOutcome parse(const QStringList& args) {
  std::vector<std::string> storage{"tandem-node"};
  for (const QString& arg : args) storage.push_back(arg.toStdString());
  std::vector<const char*> argv;
  for (const std::string& arg : storage) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  return tandem::node::parseNodeOptions(static_cast<int>(storage.size()), argv.data());
}

// Parses `args`, which must succeed, and returns the options.
NodeOptions parseOk(const QStringList& args) {
  NodeOptionsOutcome outcome = parse(args);
  if (!outcome.options) {
    qWarning("unexpected failure for %s: %s", qPrintable(args.join(' ')), outcome.output.c_str());
    return {};
  }
  return *outcome.options;
}

bool writeFile(const QString& path, const QByteArray& contents) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return file.write(contents) == contents.size();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

// Checks that `args` are refused the way every bad command line is: no options, exit status 2,
// and one message line starting "tandem-node: " that contains each of `fragments`.
void verifyRefused(const QStringList& args, const QStringList& fragments) {
  const NodeOptionsOutcome outcome = parse(args);
  QVERIFY(!outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 2);
  const QString output = text(outcome.output);
  QVERIFY2(output.startsWith("tandem-node: "), qPrintable(output));
  QVERIFY2(output.endsWith("\n"), qPrintable(output));
  for (const QString& fragment : fragments) {
    QVERIFY2(output.contains(fragment), qPrintable(output));
  }
}

}  // namespace

class NodeOptionsTest : public QObject {
  Q_OBJECT

 private slots:
  // Helpers.
  void parseEndpointAcceptsHostAndPort_data();
  void parseEndpointAcceptsHostAndPort();
  void parseEndpointRejectsMalformedText_data();
  void parseEndpointRejectsMalformedText();
  void parseBoolAcceptsArangoSpellings_data();
  void parseBoolAcceptsArangoSpellings();
  void parseBoolRejectsOtherWords_data();
  void parseBoolRejectsOtherWords();
  void parseByteSizeAppliesSuffixes_data();
  void parseByteSizeAppliesSuffixes();
  void parseByteSizeRejectsMalformedText_data();
  void parseByteSizeRejectsMalformedText();

  // Command line.
  void noArgumentsGiveArangoDefaults();
  void everyOptionIsParsedFromOneCommandLine();
  void endpointOptionAcceptsIpv6AndPortZero_data();
  void endpointOptionAcceptsIpv6AndPortZero();
  void directoryComesFromOptionOrPositionalArgument_data();
  void directoryComesFromOptionOrPositionalArgument();
  void autoUpgradeAcceptsEveryBooleanSpelling_data();
  void autoUpgradeAcceptsEveryBooleanSpelling();
  void syncAcceptsFullAndNormal_data();
  void syncAcceptsFullAndNormal();
  void logLevelAcceptsArangoNames_data();
  void logLevelAcceptsArangoNames();
  void threadCountsAcceptTheirWholeRange_data();
  void threadCountsAcceptTheirWholeRange();
  void sizesAcceptSuffixesUpToTheirLimit_data();
  void sizesAcceptSuffixesUpToTheirLimit();
  void timeoutsAcceptFractionalSecondsRoundedUp_data();
  void timeoutsAcceptFractionalSecondsRoundedUp();
  void badValueExitsWithStatus2NamingOptionAndAllowedValues_data();
  void badValueExitsWithStatus2NamingOptionAndAllowedValues();
  void helpAndVersionExitZeroWithOutput_data();
  void helpAndVersionExitZeroWithOutput();
  void unknownOrMalformedCommandLineIsAnError_data();
  void unknownOrMalformedCommandLineIsAnError();

  // Configuration file.
  void configurationFileIsHonoured();
  void commandLineOverridesConfigurationFile();
  void positionalDirectoryOverridesConfigurationFile();
  void configurationNoneReadsNoFile();
  void shippedExampleConfigurationIsValid();
  void unreadableConfigurationFileIsReported_data();
  void unreadableConfigurationFileIsReported();
  void badValueInConfigurationFileNamesTheOption();
  void unknownOptionInConfigurationFileIsAnError();

  // Agency.
  void agencyDefaultsToAnInactiveSingleAgent();
  void agencyOptionsAreParsedFromTheCommandLine();
  void agencyEndpointIsRepeatable();
  void agencyMyAddressDefaultsToTheServerEndpoint();
  void agencyElectionTimeoutsAcceptTheirRange_data();
  void agencyElectionTimeoutsAcceptTheirRange();
  void agencyBadValueExitsWithStatus2_data();
  void agencyBadValueExitsWithStatus2();
  void agencyCombinationsAreChecked_data();
  void agencyCombinationsAreChecked();
  void agencyOptionsComeFromTheConfigurationFile();
  void agencyEndpointsOnTheCommandLineReplaceTheFile();

  // Cluster membership and the lease rule's timings.
  void clusterDefaultsToNoMembership();
  void clusterOptionsAreParsedFromTheCommandLine();
  void clusterMyAddressDefaultsToTheServerEndpoint();
  void clusterBadValueExitsWithStatus2_data();
  void clusterBadValueExitsWithStatus2();
  void clusterTimingsAreChecked_data();
  void clusterTimingsAreChecked();
  void clusterOptionsComeFromTheConfigurationFile();

  // tandem::Node's options: the conversions and the shared validation
  void publicOptionsRoundTripTheCommandLine();
  void publicDefaultsAreValid();
  void embeddedValidationNamesTheField_data();
  void embeddedValidationNamesTheField();
  void validationFillsTheAddressesNotGiven();
};

// --- helpers ---------------------------------------------------------------------------------

void NodeOptionsTest::parseEndpointAcceptsHostAndPort_data() {
  QTest::addColumn<QString>("input");
  QTest::addColumn<QString>("host");
  QTest::addColumn<int>("port");
  QTest::addColumn<QString>("canonical");
  QTest::newRow("ipv4") << "tcp://127.0.0.1:8529"
                        << "127.0.0.1" << 8529 << "tcp://127.0.0.1:8529";
  QTest::newRow("hostname") << "tcp://localhost:80"
                            << "localhost" << 80 << "tcp://localhost:80";
  QTest::newRow("scheme case") << "TCP://0.0.0.0:1"
                               << "0.0.0.0" << 1 << "tcp://0.0.0.0:1";
  QTest::newRow("port 0") << "tcp://127.0.0.1:0"
                          << "127.0.0.1" << 0 << "tcp://127.0.0.1:0";
  QTest::newRow("port max") << "tcp://h:65535"
                            << "h" << 65535 << "tcp://h:65535";
  QTest::newRow("ipv6 loopback") << "tcp://[::1]:8529"
                                 << "::1" << 8529 << "tcp://[::1]:8529";
  QTest::newRow("ipv6 any port 0") << "tcp://[::]:0"
                                   << "::" << 0 << "tcp://[::]:0";
  QTest::newRow("ipv6 full") << "tcp://[fe80::1:2]:9"
                             << "fe80::1:2" << 9 << "tcp://[fe80::1:2]:9";
}

void NodeOptionsTest::parseEndpointAcceptsHostAndPort() {
  QFETCH(QString, input);
  QFETCH(QString, host);
  QFETCH(int, port);
  QFETCH(QString, canonical);
  const auto endpoint = tandem::node::parseEndpoint(input.toStdString());
  QVERIFY(endpoint.has_value());
  QCOMPARE(text(endpoint->host), host);
  QCOMPARE(int(endpoint->port), port);
  QCOMPARE(text(endpoint->toString()), canonical);
}

void NodeOptionsTest::parseEndpointRejectsMalformedText_data() {
  QTest::addColumn<QString>("input");
  QTest::newRow("empty") << "";
  QTest::newRow("no scheme") << "127.0.0.1:8529";
  QTest::newRow("http scheme") << "http://127.0.0.1:8529";
  QTest::newRow("ssl scheme") << "ssl://127.0.0.1:8529";
  QTest::newRow("no port") << "tcp://127.0.0.1";
  QTest::newRow("empty port") << "tcp://127.0.0.1:";
  QTest::newRow("empty host") << "tcp://:8529";
  QTest::newRow("port too big") << "tcp://127.0.0.1:65536";
  QTest::newRow("port huge") << "tcp://127.0.0.1:99999999999999999999999";
  QTest::newRow("negative port") << "tcp://127.0.0.1:-1";
  QTest::newRow("port with sign") << "tcp://127.0.0.1:+80";
  QTest::newRow("port not numeric") << "tcp://127.0.0.1:http";
  QTest::newRow("trailing path") << "tcp://127.0.0.1:80/";
  QTest::newRow("ipv6 unclosed") << "tcp://[::1:8529";
  QTest::newRow("ipv6 no port") << "tcp://[::1]";
  QTest::newRow("ipv6 empty port") << "tcp://[::1]:";
  QTest::newRow("ipv6 junk after bracket") << "tcp://[::1]x:80";
  QTest::newRow("ipv6 empty brackets") << "tcp://[]:80";
  // Without brackets the last group of an IPv6 address would be taken for the port.
  QTest::newRow("ipv6 unbracketed") << "tcp://::1:8529";
  QTest::newRow("ipv6 unbracketed no port") << "tcp://fe80::1";
}

void NodeOptionsTest::parseEndpointRejectsMalformedText() {
  QFETCH(QString, input);
  const auto endpoint = tandem::node::parseEndpoint(input.toStdString());
  QVERIFY2(!endpoint.has_value(), endpoint ? endpoint->toString().c_str() : "");
}

void NodeOptionsTest::parseBoolAcceptsArangoSpellings_data() {
  QTest::addColumn<QString>("input");
  QTest::addColumn<bool>("expected");
  for (const char* word : {"true", "TRUE", "True", "yes", "YES", "on", "On", "1"}) {
    QTest::newRow(word) << word << true;
  }
  for (const char* word : {"false", "FALSE", "False", "no", "NO", "off", "OFF", "0"}) {
    QTest::newRow(word) << word << false;
  }
}

void NodeOptionsTest::parseBoolAcceptsArangoSpellings() {
  QFETCH(QString, input);
  QFETCH(bool, expected);
  const auto value = tandem::node::parseBool(input.toStdString());
  QVERIFY(value.has_value());
  QCOMPARE(*value, expected);
}

void NodeOptionsTest::parseBoolRejectsOtherWords_data() {
  QTest::addColumn<QString>("input");
  for (const char* word : {"", "y", "n", "t", "2", "-1", "truee", " true", "true ", "enabled"}) {
    QTest::newRow(word[0] ? word : "empty") << word;
  }
}

void NodeOptionsTest::parseBoolRejectsOtherWords() {
  QFETCH(QString, input);
  QVERIFY(!tandem::node::parseBool(input.toStdString()).has_value());
}

void NodeOptionsTest::parseByteSizeAppliesSuffixes_data() {
  QTest::addColumn<QString>("input");
  QTest::addColumn<qulonglong>("expected");
  QTest::newRow("plain") << "1234" << qulonglong(1234);
  QTest::newRow("zero") << "0" << qulonglong(0);
  QTest::newRow("b") << "7b" << qulonglong(7);
  QTest::newRow("k") << "2k" << qulonglong(2000);
  QTest::newRow("kb") << "2kb" << qulonglong(2000);
  QTest::newRow("KB") << "2KB" << qulonglong(2000);
  QTest::newRow("kib") << "2kib" << qulonglong(2048);
  QTest::newRow("KiB") << "2KiB" << qulonglong(2048);
  QTest::newRow("m") << "3m" << qulonglong(3000000);
  QTest::newRow("MB") << "3MB" << qulonglong(3000000);
  QTest::newRow("MiB") << "3MiB" << qulonglong(3ull << 20);
  QTest::newRow("g") << "5g" << qulonglong(5000000000ull);
  QTest::newRow("GB") << "5GB" << qulonglong(5000000000ull);
  QTest::newRow("GiB") << "5GiB" << qulonglong(5ull << 30);
  QTest::newRow("uint64 max") << "18446744073709551615" << qulonglong(18446744073709551615ull);
  QTest::newRow("largest GiB") << "17179869183GiB" << qulonglong(17179869183ull << 30);
}

void NodeOptionsTest::parseByteSizeAppliesSuffixes() {
  QFETCH(QString, input);
  QFETCH(qulonglong, expected);
  const auto value = tandem::node::parseByteSize(input.toStdString());
  QVERIFY(value.has_value());
  QCOMPARE(qulonglong(*value), expected);
}

void NodeOptionsTest::parseByteSizeRejectsMalformedText_data() {
  QTest::addColumn<QString>("input");
  QTest::newRow("empty") << "";
  QTest::newRow("suffix only") << "MiB";
  QTest::newRow("negative") << "-1";
  QTest::newRow("fraction") << "1.5MiB";
  QTest::newRow("space before suffix") << "10 MiB";
  QTest::newRow("unknown suffix") << "10TiB";
  QTest::newRow("trailing junk") << "10MiBs";
  QTest::newRow("leading space") << " 10";
  QTest::newRow("too large") << "18446744073709551616";
  QTest::newRow("overflow by suffix") << "17179869184GiB";
}

void NodeOptionsTest::parseByteSizeRejectsMalformedText() {
  QFETCH(QString, input);
  QVERIFY(!tandem::node::parseByteSize(input.toStdString()).has_value());
}

// --- command line ----------------------------------------------------------------------------

void NodeOptionsTest::noArgumentsGiveArangoDefaults() {
  const NodeOptionsOutcome outcome = parse({});
  QVERIFY(outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 0);
  QCOMPARE(text(outcome.output), QString());
  const NodeOptions& options = *outcome.options;
  QCOMPARE(text(options.endpoint.toString()), QString("tcp://127.0.0.1:8529"));
  QCOMPARE(text(options.database_directory), QString("./data"));
  QCOMPARE(options.auto_upgrade, false);
  QVERIFY(options.sync == SyncMode::kFull);
  QVERIFY(options.log_level == LogLevel::kInfo);
  QCOMPARE(text(options.configuration_file), QString());
  QCOMPARE(options.server_threads, 4);
  QCOMPARE(options.io_threads, 2);
  QCOMPARE(options.max_body_size, std::uint64_t(64) << 20);
  QCOMPARE(options.max_header_size, std::uint32_t(64) << 10);
  QCOMPARE(options.keep_alive_timeout.count(), (300s).count() * 1000);
  QCOMPARE(options.request_timeout.count(), (60s).count() * 1000);
  QCOMPARE(options.agency.activate, false);
}

void NodeOptionsTest::everyOptionIsParsedFromOneCommandLine() {
  // Both "--name value" and "--name=value" forms.
  const NodeOptions options =
      parseOk({"--server.endpoint", "tcp://[::1]:9000", "--database.directory=/var/lib/tandem",
               "--database.auto-upgrade", "yes", "--database.sync=normal", "--log.level", "debug",
               "--server.threads=16", "--server.io-threads", "3", "--http.max-body-size", "1MiB",
               "--http.max-header-size=8KiB", "--http.keep-alive-timeout", "12.5",
               "--http.request-timeout=7"});
  QCOMPARE(text(options.endpoint.host), QString("::1"));
  QCOMPARE(int(options.endpoint.port), 9000);
  QCOMPARE(text(options.database_directory), QString("/var/lib/tandem"));
  QCOMPARE(options.auto_upgrade, true);
  QVERIFY(options.sync == SyncMode::kNormal);
  QVERIFY(options.log_level == LogLevel::kDebug);
  QCOMPARE(options.server_threads, 16);
  QCOMPARE(options.io_threads, 3);
  QCOMPARE(options.max_body_size, std::uint64_t(1) << 20);
  QCOMPARE(options.max_header_size, std::uint32_t(8192));
  QCOMPARE(options.keep_alive_timeout.count(), std::int64_t(12500));
  QCOMPARE(options.request_timeout.count(), std::int64_t(7000));
  QCOMPARE(text(options.configuration_file), QString());
}

void NodeOptionsTest::endpointOptionAcceptsIpv6AndPortZero_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("host");
  QTest::addColumn<int>("port");
  QTest::newRow("ipv4 any") << "tcp://0.0.0.0:8529"
                            << "0.0.0.0" << 8529;
  QTest::newRow("port 0 picks a free port") << "tcp://127.0.0.1:0"
                                            << "127.0.0.1" << 0;
  QTest::newRow("bracketed ipv6") << "tcp://[::1]:8530"
                                  << "::1" << 8530;
  QTest::newRow("bracketed ipv6 port 0") << "tcp://[::]:0"
                                         << "::" << 0;
}

void NodeOptionsTest::endpointOptionAcceptsIpv6AndPortZero() {
  QFETCH(QString, value);
  QFETCH(QString, host);
  QFETCH(int, port);
  const NodeOptions options = parseOk({"--server.endpoint", value});
  QCOMPARE(text(options.endpoint.host), host);
  QCOMPARE(int(options.endpoint.port), port);
  QCOMPARE(text(options.endpoint.toString()), value);
}

void NodeOptionsTest::directoryComesFromOptionOrPositionalArgument_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("directory");
  QTest::newRow("option") << QStringList{"--database.directory", "/srv/db"} << "/srv/db";
  QTest::newRow("option with =") << QStringList{"--database.directory=/srv/db"} << "/srv/db";
  QTest::newRow("positional") << QStringList{"/srv/db"} << "/srv/db";
  QTest::newRow("positional relative") << QStringList{"db dir"} << "db dir";
  QTest::newRow("positional after options")
      << QStringList{"--log.level", "warn", "/srv/db", "--server.threads", "2"} << "/srv/db";
}

void NodeOptionsTest::directoryComesFromOptionOrPositionalArgument() {
  QFETCH(QStringList, args);
  QFETCH(QString, directory);
  QCOMPARE(text(parseOk(args).database_directory), directory);
}

void NodeOptionsTest::autoUpgradeAcceptsEveryBooleanSpelling_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<bool>("expected");
  for (const char* word : {"true", "TRUE", "yes", "Yes", "on", "ON", "1"}) {
    QTest::newRow(word) << word << true;
  }
  for (const char* word : {"false", "False", "no", "NO", "off", "Off", "0"}) {
    QTest::newRow(word) << word << false;
  }
}

void NodeOptionsTest::autoUpgradeAcceptsEveryBooleanSpelling() {
  QFETCH(QString, value);
  QFETCH(bool, expected);
  QCOMPARE(parseOk({"--database.auto-upgrade", value}).auto_upgrade, expected);
  QCOMPARE(parseOk({"--database.auto-upgrade=" + value}).auto_upgrade, expected);
}

void NodeOptionsTest::syncAcceptsFullAndNormal_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<bool>("full");
  QTest::newRow("full") << "full" << true;
  QTest::newRow("FULL") << "FULL" << true;
  QTest::newRow("normal") << "normal" << false;
  QTest::newRow("Normal") << "Normal" << false;
}

void NodeOptionsTest::syncAcceptsFullAndNormal() {
  QFETCH(QString, value);
  QFETCH(bool, full);
  const SyncMode expected = full ? SyncMode::kFull : SyncMode::kNormal;
  QVERIFY(parseOk({"--database.sync", value}).sync == expected);
}

void NodeOptionsTest::logLevelAcceptsArangoNames_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<int>("level");
  QTest::newRow("error") << "error" << int(LogLevel::kError);
  QTest::newRow("fatal") << "fatal" << int(LogLevel::kError);
  QTest::newRow("warn") << "warn" << int(LogLevel::kWarn);
  QTest::newRow("warning") << "warning" << int(LogLevel::kWarn);
  QTest::newRow("info") << "info" << int(LogLevel::kInfo);
  QTest::newRow("debug") << "debug" << int(LogLevel::kDebug);
  QTest::newRow("trace") << "trace" << int(LogLevel::kDebug);
  QTest::newRow("upper case") << "DEBUG" << int(LogLevel::kDebug);
  QTest::newRow("mixed case") << "Warning" << int(LogLevel::kWarn);
}

void NodeOptionsTest::logLevelAcceptsArangoNames() {
  QFETCH(QString, value);
  QFETCH(int, level);
  QCOMPARE(int(parseOk({"--log.level", value}).log_level), level);
}

void NodeOptionsTest::threadCountsAcceptTheirWholeRange_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<int>("server");
  QTest::addColumn<int>("io");
  QTest::newRow("server min") << "--server.threads"
                              << "1" << 1 << 2;
  QTest::newRow("server max") << "--server.threads"
                              << "256" << 256 << 2;
  QTest::newRow("io min") << "--server.io-threads"
                          << "1" << 4 << 1;
  QTest::newRow("io max") << "--server.io-threads"
                          << "64" << 4 << 64;
}

void NodeOptionsTest::threadCountsAcceptTheirWholeRange() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(int, server);
  QFETCH(int, io);
  const NodeOptions options = parseOk({option, value});
  QCOMPARE(options.server_threads, server);
  QCOMPARE(options.io_threads, io);
}

void NodeOptionsTest::sizesAcceptSuffixesUpToTheirLimit_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<qulonglong>("body");
  QTest::addColumn<qulonglong>("header");
  const qulonglong body = 64ull << 20;
  const qulonglong header = 64ull << 10;
  QTest::newRow("body bytes") << "--http.max-body-size"
                              << "1" << qulonglong(1) << header;
  QTest::newRow("body kb") << "--http.max-body-size"
                           << "10kb" << qulonglong(10000) << header;
  QTest::newRow("body MiB") << "--http.max-body-size"
                            << "16MiB" << (16ull << 20) << header;
  QTest::newRow("body GB") << "--http.max-body-size"
                           << "2GB" << 2000000000ull << header;
  QTest::newRow("body limit") << "--http.max-body-size"
                              << "1024GiB" << (1ull << 40) << header;
  QTest::newRow("header bytes") << "--http.max-header-size"
                                << "512" << body << qulonglong(512);
  QTest::newRow("header KiB") << "--http.max-header-size"
                              << "128KiB" << body << (128ull << 10);
  QTest::newRow("header m") << "--http.max-header-size"
                            << "1m" << body << qulonglong(1000000);
  QTest::newRow("header limit") << "--http.max-header-size"
                                << "1GiB" << body << (1ull << 30);
}

void NodeOptionsTest::sizesAcceptSuffixesUpToTheirLimit() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(qulonglong, body);
  QFETCH(qulonglong, header);
  const NodeOptions options = parseOk({option, value});
  QCOMPARE(qulonglong(options.max_body_size), body);
  QCOMPARE(qulonglong(options.max_header_size), header);
}

void NodeOptionsTest::timeoutsAcceptFractionalSecondsRoundedUp_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<qint64>("millis");
  QTest::newRow("keep-alive whole") << "--http.keep-alive-timeout"
                                    << "30" << qint64(30000);
  QTest::newRow("keep-alive half") << "--http.keep-alive-timeout"
                                   << "0.5" << qint64(500);
  QTest::newRow("keep-alive sub-ms rounds up") << "--http.keep-alive-timeout"
                                               << "0.0001" << qint64(1);
  QTest::newRow("request fraction") << "--http.request-timeout"
                                    << "1.25" << qint64(1250);
  QTest::newRow("request fraction rounds up") << "--http.request-timeout"
                                              << "2.0001" << qint64(2001);
  QTest::newRow("request exponent") << "--http.request-timeout"
                                    << "1e2" << qint64(100000);
  QTest::newRow("request one year") << "--http.request-timeout"
                                    << "31536000" << qint64(31536000000);
}

void NodeOptionsTest::timeoutsAcceptFractionalSecondsRoundedUp() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(qint64, millis);
  const NodeOptions options = parseOk({option, value});
  const bool keep_alive = option == "--http.keep-alive-timeout";
  QCOMPARE(qint64(options.keep_alive_timeout.count()), keep_alive ? millis : qint64(300000));
  QCOMPARE(qint64(options.request_timeout.count()), keep_alive ? qint64(60000) : millis);
}

void NodeOptionsTest::badValueExitsWithStatus2NamingOptionAndAllowedValues_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("allowed");  // a fragment of the explanation of what is allowed
  const QString endpoint = "expected tcp://HOST:PORT";
  QTest::newRow("endpoint scheme") << "server.endpoint"
                                   << "http://127.0.0.1:1" << endpoint;
  QTest::newRow("endpoint port") << "server.endpoint"
                                 << "tcp://127.0.0.1:70000" << endpoint;
  QTest::newRow("endpoint ipv6 unclosed") << "server.endpoint"
                                          << "tcp://[::1:80" << endpoint;
  QTest::newRow("endpoint empty") << "server.endpoint"
                                  << "" << endpoint;
  const QString threads256 = "expected an integer from 1 to 256";
  QTest::newRow("threads 0") << "server.threads"
                             << "0" << threads256;
  QTest::newRow("threads 257") << "server.threads"
                               << "257" << threads256;
  QTest::newRow("threads negative") << "server.threads"
                                    << "-1" << threads256;
  QTest::newRow("threads word") << "server.threads"
                                << "four" << threads256;
  QTest::newRow("threads fraction") << "server.threads"
                                    << "2.5" << threads256;
  const QString threads64 = "expected an integer from 1 to 64";
  QTest::newRow("io-threads 0") << "server.io-threads"
                                << "0" << threads64;
  QTest::newRow("io-threads 65") << "server.io-threads"
                                 << "65" << threads64;
  QTest::newRow("directory empty") << "database.directory"
                                   << ""
                                   << "expected a directory path";
  const QString boolean = "expected true, false, yes, no, on, off, 1 or 0";
  QTest::newRow("auto-upgrade word") << "database.auto-upgrade"
                                     << "maybe" << boolean;
  QTest::newRow("auto-upgrade 2") << "database.auto-upgrade"
                                  << "2" << boolean;
  QTest::newRow("auto-upgrade empty") << "database.auto-upgrade"
                                      << "" << boolean;
  QTest::newRow("sync off") << "database.sync"
                            << "off"
                            << "expected full or normal";
  QTest::newRow("sync extra") << "database.sync"
                              << "fullest"
                              << "expected full or normal";
  const QString levels = "expected error, warn, info or debug";
  QTest::newRow("log level") << "log.level"
                             << "verbose" << levels;
  QTest::newRow("log level number") << "log.level"
                                    << "3" << levels;
  const QString body = "expected a byte count from 1 to 1099511627776";
  QTest::newRow("body zero") << "http.max-body-size"
                             << "0" << body;
  QTest::newRow("body too big") << "http.max-body-size"
                                << "1025GiB" << body;
  QTest::newRow("body suffix") << "http.max-body-size"
                               << "1TB" << body;
  QTest::newRow("body fraction") << "http.max-body-size"
                                 << "1.5MiB" << body;
  const QString header = "expected a byte count from 1 to 1073741824";
  QTest::newRow("header zero") << "http.max-header-size"
                               << "0KiB" << header;
  QTest::newRow("header too big") << "http.max-header-size"
                                  << "1073741825" << header;
  QTest::newRow("header word") << "http.max-header-size"
                               << "large" << header;
  const QString seconds = "expected a positive number of seconds";
  QTest::newRow("keep-alive zero") << "http.keep-alive-timeout"
                                   << "0" << seconds;
  QTest::newRow("keep-alive negative") << "http.keep-alive-timeout"
                                       << "-5" << seconds;
  QTest::newRow("keep-alive unit") << "http.keep-alive-timeout"
                                   << "30s" << seconds;
  QTest::newRow("keep-alive empty") << "http.keep-alive-timeout"
                                    << "" << seconds;
  QTest::newRow("request inf") << "http.request-timeout"
                               << "inf" << seconds;
  QTest::newRow("request nan") << "http.request-timeout"
                               << "nan" << seconds;
  QTest::newRow("request over a year") << "http.request-timeout"
                                       << "31536001" << seconds;
  QTest::newRow("request word") << "http.request-timeout"
                                << "soon" << seconds;
}

void NodeOptionsTest::badValueExitsWithStatus2NamingOptionAndAllowedValues() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(QString, allowed);
  // "--name value", and "--name=value" where Boost accepts it (not with an empty value).
  std::vector<QStringList> forms{{"--" + option, value}};
  if (!value.isEmpty()) forms.push_back({"--" + option + "=" + value});
  for (const QStringList& args : forms) {
    verifyRefused(args, {"'--" + option + "'", "'" + value + "'", allowed, "--help"});
  }
}

void NodeOptionsTest::helpAndVersionExitZeroWithOutput_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QStringList>("expected");  // fragments of the output
  const QStringList help{"Usage: tandem-node [OPTIONS] [DATABASE-DIRECTORY]",
                         "--server.endpoint",
                         "--server.threads",
                         "--server.io-threads",
                         "--database.directory",
                         "--database.auto-upgrade",
                         "--database.sync",
                         "--log.level",
                         "--http.max-body-size",
                         "--http.max-header-size",
                         "--http.keep-alive-timeout",
                         "--http.request-timeout",
                         "--configuration",
                         "--version",
                         "--agency.activate",
                         "--agency.my-address",
                         "--agency.endpoint",
                         "--agency.size",
                         "--agency.election-timeout-min",
                         "--agency.election-timeout-max",
                         "--agency.only"};
  const QStringList version{QString("tandem-node ") + tandem::kTandemVersion,
                            QString("ArangoDB API ") + tandem::kArangoApiVersion};
  QTest::newRow("--help") << QStringList{"--help"} << help;
  QTest::newRow("-h") << QStringList{"-h"} << help;
  QTest::newRow("--help wins over bad values")
      << QStringList{"--server.threads", "0", "--help"} << help;
  QTest::newRow("--version") << QStringList{"--version"} << version;
}

void NodeOptionsTest::helpAndVersionExitZeroWithOutput() {
  QFETCH(QStringList, args);
  QFETCH(QStringList, expected);
  const NodeOptionsOutcome outcome = parse(args);
  QVERIFY(!outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 0);
  const QString output = text(outcome.output);
  QVERIFY(output.endsWith("\n"));
  for (const QString& fragment : expected) {
    QVERIFY2(output.contains(fragment), qPrintable(fragment + " missing from:\n" + output));
  }
}

void NodeOptionsTest::unknownOrMalformedCommandLineIsAnError_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("fragment");  // must appear in the message
  QTest::newRow("unknown long option") << QStringList{"--no-such-option"} << "--no-such-option";
  QTest::newRow("unknown option with value") << QStringList{"--server.bogus=1"} << "--server.bogus";
  QTest::newRow("unknown short option") << QStringList{"-q"} << "-q";
  QTest::newRow("missing value") << QStringList{"--server.endpoint"} << "--server.endpoint";
  QTest::newRow("two positional arguments") << QStringList{"/a", "/b"} << "positional";
  QTest::newRow("option given twice")
      << QStringList{"--log.level", "info", "--log.level", "debug"} << "log.level";
  QTest::newRow("directory twice")
      << QStringList{"--database.directory", "/a", "/b"} << "database.directory";
}

void NodeOptionsTest::unknownOrMalformedCommandLineIsAnError() {
  QFETCH(QStringList, args);
  QFETCH(QString, fragment);
  verifyRefused(args, {fragment});
}

// --- configuration file ----------------------------------------------------------------------

void NodeOptionsTest::configurationFileIsHonoured() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path,
                    "# a comment\n"
                    "log.level = warning\n"
                    "[server]\n"
                    "endpoint = tcp://[::1]:0\n"
                    "threads = 8\n"
                    "io-threads = 5\n"
                    "[database]\n"
                    "directory = /srv/tandem\n"
                    "auto-upgrade = on\n"
                    "sync = normal\n"
                    "[http]\n"
                    "max-body-size = 2MiB\n"
                    "max-header-size = 16kib\n"
                    "keep-alive-timeout = 1.5\n"
                    "request-timeout = 9\n"));
  const NodeOptions options = parseOk({"--configuration", path});
  QCOMPARE(text(options.configuration_file), path);
  QCOMPARE(text(options.endpoint.toString()), QString("tcp://[::1]:0"));
  QCOMPARE(options.server_threads, 8);
  QCOMPARE(options.io_threads, 5);
  QCOMPARE(text(options.database_directory), QString("/srv/tandem"));
  QCOMPARE(options.auto_upgrade, true);
  QVERIFY(options.sync == SyncMode::kNormal);
  QVERIFY(options.log_level == LogLevel::kWarn);
  QCOMPARE(options.max_body_size, std::uint64_t(2) << 20);
  QCOMPARE(options.max_header_size, std::uint32_t(16) << 10);
  QCOMPARE(qint64(options.keep_alive_timeout.count()), qint64(1500));
  QCOMPARE(qint64(options.request_timeout.count()), qint64(9000));

  // The short form -c reads the same file.
  QCOMPARE(parseOk({"-c", path}).server_threads, 8);
}

void NodeOptionsTest::commandLineOverridesConfigurationFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path,
                    "[server]\nendpoint = tcp://0.0.0.0:1234\nthreads = 8\n"
                    "[log]\nlevel = error\n"
                    "[database]\nsync = normal\n"));
  // Command-line options on either side of --configuration win over the file; the rest of
  // the file still applies.
  const NodeOptions options = parseOk({"--server.endpoint", "tcp://127.0.0.1:4321",
                                       "--configuration", path, "--log.level", "debug"});
  QCOMPARE(text(options.endpoint.toString()), QString("tcp://127.0.0.1:4321"));
  QVERIFY(options.log_level == LogLevel::kDebug);
  QCOMPARE(options.server_threads, 8);
  QVERIFY(options.sync == SyncMode::kNormal);
}

void NodeOptionsTest::positionalDirectoryOverridesConfigurationFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path, "[database]\ndirectory = /from/file\n"));
  QCOMPARE(text(parseOk({"--configuration", path}).database_directory), QString("/from/file"));
  QCOMPARE(text(parseOk({"--configuration", path, "/from/command/line"}).database_directory),
           QString("/from/command/line"));
}

void NodeOptionsTest::shippedExampleConfigurationIsValid() {
  const QString path = QStringLiteral(TANDEM_SOURCE_DIR "/resources/tandem-node.conf");
  const NodeOptions options = parseOk({"--configuration", path});
  QCOMPARE(text(options.endpoint.toString()), QString("tcp://127.0.0.1:8529"));
  QCOMPARE(text(options.database_directory), QString("/var/lib/tandem"));
  QVERIFY(options.sync == SyncMode::kFull);
  QCOMPARE(options.max_body_size, std::uint64_t(64) << 20);
}

void NodeOptionsTest::configurationNoneReadsNoFile() {
  const NodeOptionsOutcome outcome = parse({"--configuration", "none"});
  QVERIFY(outcome.options.has_value());
  QCOMPARE(text(outcome.options->configuration_file), QString());
  QCOMPARE(text(outcome.options->endpoint.toString()), QString("tcp://127.0.0.1:8529"));
}

void NodeOptionsTest::unreadableConfigurationFileIsReported_data() {
  QTest::addColumn<QString>("name");  // inside a fresh temporary directory
  QTest::newRow("missing file") << "does-not-exist.conf";
  QTest::newRow("missing directory") << "no/such/dir/tandem.conf";
  QTest::newRow("a directory") << ".";
}

void NodeOptionsTest::unreadableConfigurationFileIsReported() {
  QFETCH(QString, name);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(name);
  const NodeOptionsOutcome outcome = parse({"--configuration", path});
  QVERIFY(!outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 2);
  const QString output = text(outcome.output);
  QVERIFY2(output.contains("cannot read the configuration file '" + path + "'"),
           qPrintable(output));
  QVERIFY2(output.contains("--configuration"), qPrintable(output));
}

void NodeOptionsTest::badValueInConfigurationFileNamesTheOption() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path, "[server]\nthreads = 1000\n"));
  const NodeOptionsOutcome outcome = parse({"--configuration", path});
  QVERIFY(!outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 2);
  const QString output = text(outcome.output);
  QVERIFY2(output.contains("'--server.threads'"), qPrintable(output));
  QVERIFY2(output.contains("'1000'"), qPrintable(output));
  QVERIFY2(output.contains("expected an integer from 1 to 256"), qPrintable(output));

  // A good command-line value hides the bad one in the file.
  QCOMPARE(parseOk({"--configuration", path, "--server.threads", "3"}).server_threads, 3);
}

void NodeOptionsTest::unknownOptionInConfigurationFileIsAnError() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path, "[server]\nendpoint = tcp://127.0.0.1:1\nbogus = 1\n"));
  const NodeOptionsOutcome outcome = parse({"--configuration", path});
  QVERIFY(!outcome.options.has_value());
  QCOMPARE(outcome.exit_code, 2);
  QVERIFY2(text(outcome.output).contains("server.bogus"), outcome.output.c_str());
}

// --- agency ----------------------------------------------------------------------------------

void NodeOptionsTest::agencyDefaultsToAnInactiveSingleAgent() {
  const NodeOptions options = parseOk({});
  QCOMPARE(options.agency.activate, false);
  QCOMPARE(options.agency.only, false);
  QCOMPARE(options.agency.size, 1);
  QVERIFY(options.agency.endpoints.empty());
  QCOMPARE(qint64(options.agency.election_timeout_min.count()), qint64(500));
  QCOMPARE(qint64(options.agency.election_timeout_max.count()), qint64(1000));
  QCOMPARE(text(options.agency.my_address.toString()), QString("tcp://127.0.0.1:8529"));
}

void NodeOptionsTest::agencyOptionsAreParsedFromTheCommandLine() {
  const NodeOptions options = parseOk(
      {"--agency.activate", "yes", "--agency.my-address=tcp://10.0.0.1:9000", "--agency.size", "3",
       "--agency.election-timeout-min", "0.25", "--agency.election-timeout-max=2", "--agency.only",
       "on", "--agency.endpoint", "tcp://10.0.0.2:9000"});
  QCOMPARE(options.agency.activate, true);
  QCOMPARE(options.agency.only, true);
  QCOMPARE(text(options.agency.my_address.toString()), QString("tcp://10.0.0.1:9000"));
  QCOMPARE(options.agency.size, 3);
  QCOMPARE(qint64(options.agency.election_timeout_min.count()), qint64(250));
  QCOMPARE(qint64(options.agency.election_timeout_max.count()), qint64(2000));
  QCOMPARE(int(options.agency.endpoints.size()), 1);
  QCOMPARE(text(options.agency.endpoints[0].toString()), QString("tcp://10.0.0.2:9000"));
}

void NodeOptionsTest::agencyEndpointIsRepeatable() {
  const NodeOptions options =
      parseOk({"--agency.endpoint", "tcp://127.0.0.1:1", "--agency.endpoint=tcp://[::1]:2",
               "--agency.endpoint", "tcp://localhost:3"});
  QCOMPARE(int(options.agency.endpoints.size()), 3);
  QCOMPARE(text(options.agency.endpoints[0].toString()), QString("tcp://127.0.0.1:1"));
  QCOMPARE(text(options.agency.endpoints[1].toString()), QString("tcp://[::1]:2"));
  QCOMPARE(text(options.agency.endpoints[2].toString()), QString("tcp://localhost:3"));
}

void NodeOptionsTest::agencyMyAddressDefaultsToTheServerEndpoint() {
  const NodeOptions options =
      parseOk({"--server.endpoint", "tcp://[::1]:8600", "--agency.activate", "true"});
  QCOMPARE(text(options.agency.my_address.toString()), QString("tcp://[::1]:8600"));
  // With port 0 the server's port is only known once it listens: an explicit address lets
  // the agent run anyway.
  const NodeOptions explicit_address =
      parseOk({"--server.endpoint", "tcp://127.0.0.1:0", "--agency.activate", "true",
               "--agency.my-address", "tcp://127.0.0.1:8700"});
  QCOMPARE(text(explicit_address.agency.my_address.toString()), QString("tcp://127.0.0.1:8700"));
  // Without an agent, port 0 is fine.
  QCOMPARE(parseOk({"--server.endpoint", "tcp://127.0.0.1:0"}).agency.activate, false);
}

void NodeOptionsTest::agencyElectionTimeoutsAcceptTheirRange_data() {
  QTest::addColumn<QString>("min");
  QTest::addColumn<QString>("max");
  QTest::addColumn<qint64>("min_ms");
  QTest::addColumn<qint64>("max_ms");
  QTest::newRow("two ticks each") << "0.1"
                                  << "0.1" << qint64(100) << qint64(100);
  QTest::newRow("equal") << "0.7"
                         << "0.7" << qint64(700) << qint64(700);
  QTest::newRow("exponent") << "1e0"
                            << "2.5" << qint64(1000) << qint64(2500);
  QTest::newRow("an hour") << "3600"
                           << "3600" << qint64(3600000) << qint64(3600000);
}

void NodeOptionsTest::agencyElectionTimeoutsAcceptTheirRange() {
  QFETCH(QString, min);
  QFETCH(QString, max);
  QFETCH(qint64, min_ms);
  QFETCH(qint64, max_ms);
  const NodeOptions options =
      parseOk({"--agency.election-timeout-min", min, "--agency.election-timeout-max", max});
  QCOMPARE(qint64(options.agency.election_timeout_min.count()), min_ms);
  QCOMPARE(qint64(options.agency.election_timeout_max.count()), max_ms);
}

void NodeOptionsTest::agencyBadValueExitsWithStatus2_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("allowed");
  const QString boolean = "expected true, false, yes, no, on, off, 1 or 0";
  QTest::newRow("activate word") << "agency.activate"
                                 << "maybe" << boolean;
  QTest::newRow("only number") << "agency.only"
                               << "2" << boolean;
  const QString endpoint = "expected tcp://HOST:PORT";
  QTest::newRow("my-address scheme") << "agency.my-address"
                                     << "http://127.0.0.1:1" << endpoint;
  QTest::newRow("my-address port 0") << "agency.my-address"
                                     << "tcp://127.0.0.1:0"
                                     << "with a port other than 0";
  QTest::newRow("endpoint no port") << "agency.endpoint"
                                    << "tcp://127.0.0.1" << endpoint;
  QTest::newRow("endpoint port 0") << "agency.endpoint"
                                   << "tcp://127.0.0.1:0"
                                   << "with a port other than 0";
  const QString size = "expected an integer from 1 to 9";
  QTest::newRow("size 0") << "agency.size"
                          << "0" << size;
  QTest::newRow("size 10") << "agency.size"
                           << "10" << size;
  QTest::newRow("size word") << "agency.size"
                             << "three" << size;
  const QString seconds = "expected a number of seconds from 0.1 to 3600";
  QTest::newRow("min zero") << "agency.election-timeout-min"
                            << "0" << seconds;
  QTest::newRow("min one tick") << "agency.election-timeout-min"
                                << "0.05" << seconds;
  QTest::newRow("min negative") << "agency.election-timeout-min"
                                << "-1" << seconds;
  QTest::newRow("max unit") << "agency.election-timeout-max"
                            << "1s" << seconds;
  QTest::newRow("max nan") << "agency.election-timeout-max"
                           << "nan" << seconds;
  QTest::newRow("max too long") << "agency.election-timeout-max"
                                << "3601" << seconds;
  QTest::newRow("max below default min") << "agency.election-timeout-max"
                                         << "0.4"
                                         << "must not be smaller than "
                                            "--agency.election-timeout-min";
}

void NodeOptionsTest::agencyBadValueExitsWithStatus2() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(QString, allowed);
  for (const QStringList& args :
       {QStringList{"--" + option, value}, QStringList{"--" + option + "=" + value}}) {
    verifyRefused(args, {"'--" + option + "'", "'" + value + "'", allowed});
  }
}

void NodeOptionsTest::agencyCombinationsAreChecked_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("fragment");
  QTest::newRow("only without activate")
      << QStringList{"--agency.only", "true"} << "'--agency.only' requires";
  QTest::newRow("activate with server port 0")
      << QStringList{"--server.endpoint", "tcp://127.0.0.1:0", "--agency.activate", "true"}
      << "'--agency.my-address' is required";
  QTest::newRow("max below min") << QStringList{"--agency.election-timeout-min", "2",
                                                "--agency.election-timeout-max", "1.5"}
                                 << "must not be smaller than --agency.election-timeout-min";
}

void NodeOptionsTest::agencyCombinationsAreChecked() {
  QFETCH(QStringList, args);
  QFETCH(QString, fragment);
  verifyRefused(args, {fragment});
}

void NodeOptionsTest::agencyOptionsComeFromTheConfigurationFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path,
                    "[agency]\n"
                    "activate = true\n"
                    "my-address = tcp://10.0.0.1:8529\n"
                    "endpoint = tcp://10.0.0.1:8529\n"
                    "endpoint = tcp://10.0.0.2:8529\n"
                    "endpoint = tcp://10.0.0.3:8529\n"
                    "size = 3\n"
                    "election-timeout-min = 0.3\n"
                    "election-timeout-max = 0.9\n"
                    "only = yes\n"));
  const NodeOptions options = parseOk({"--configuration", path});
  QCOMPARE(options.agency.activate, true);
  QCOMPARE(options.agency.only, true);
  QCOMPARE(text(options.agency.my_address.toString()), QString("tcp://10.0.0.1:8529"));
  QCOMPARE(int(options.agency.endpoints.size()), 3);
  QCOMPARE(text(options.agency.endpoints[2].toString()), QString("tcp://10.0.0.3:8529"));
  QCOMPARE(options.agency.size, 3);
  QCOMPARE(qint64(options.agency.election_timeout_min.count()), qint64(300));
  QCOMPARE(qint64(options.agency.election_timeout_max.count()), qint64(900));
}

void NodeOptionsTest::agencyEndpointsOnTheCommandLineReplaceTheFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path,
                    "[agency]\nendpoint = tcp://10.0.0.1:1\nendpoint = tcp://10.0.0.2:2\n"
                    "size = 3\n"));
  const NodeOptions options =
      parseOk({"--configuration", path, "--agency.endpoint", "tcp://10.0.0.9:9"});
  QCOMPARE(int(options.agency.endpoints.size()), 1);
  QCOMPARE(text(options.agency.endpoints[0].toString()), QString("tcp://10.0.0.9:9"));
  QCOMPARE(options.agency.size, 3);
}

// --- cluster -------------------------------------------------------------------------------

void NodeOptionsTest::clusterDefaultsToNoMembership() {
  const NodeOptions options = parseOk({});
  QVERIFY(!options.cluster.enabled());
  QCOMPARE(qint64(options.cluster.heartbeat_interval.count()), qint64(200));
  QCOMPARE(qint64(options.cluster.leader_lease.count()), qint64(1000));
  QCOMPARE(qint64(options.cluster.switchover_timeout.count()), qint64(5000));
  QCOMPARE(qint64(options.agency.supervision_grace_period.count()), qint64(1500));
  QCOMPARE(qint64(options.agency.supervision_ok_threshold.count()), qint64(600));
}

void NodeOptionsTest::clusterOptionsAreParsedFromTheCommandLine() {
  const NodeOptions options =
      parseOk({"--cluster.agency-endpoint", "tcp://10.0.0.1:1", "--cluster.agency-endpoint",
               "tcp://[::1]:2", "--cluster.my-address", "tcp://10.0.0.5:8529",
               "--cluster.heartbeat-interval", "0.5", "--cluster.leader-lease", "2",
               "--cluster.switchover-timeout", "10", "--agency.supervision-grace-period", "3",
               "--agency.supervision-ok-threshold", "1"});
  QVERIFY(options.cluster.enabled());
  QCOMPARE(int(options.cluster.agency_endpoints.size()), 2);
  QCOMPARE(text(options.cluster.agency_endpoints[1].toString()), QString("tcp://[::1]:2"));
  QCOMPARE(text(options.cluster.my_address.toString()), QString("tcp://10.0.0.5:8529"));
  QCOMPARE(qint64(options.cluster.heartbeat_interval.count()), qint64(500));
  QCOMPARE(qint64(options.cluster.leader_lease.count()), qint64(2000));
  QCOMPARE(qint64(options.cluster.switchover_timeout.count()), qint64(10000));
  QCOMPARE(qint64(options.agency.supervision_grace_period.count()), qint64(3000));
  QCOMPARE(qint64(options.agency.supervision_ok_threshold.count()), qint64(1000));
}

void NodeOptionsTest::clusterMyAddressDefaultsToTheServerEndpoint() {
  const NodeOptions options = parseOk({"--server.endpoint", "tcp://10.1.1.1:7000",
                                       "--cluster.agency-endpoint", "tcp://10.0.0.1:1"});
  QCOMPARE(text(options.cluster.my_address.toString()), QString("tcp://10.1.1.1:7000"));
  verifyRefused(
      {"--server.endpoint", "tcp://127.0.0.1:0", "--cluster.agency-endpoint", "tcp://10.0.0.1:1"},
      {"'--cluster.my-address' is required"});
  // Without membership, port 0 is fine.
  QVERIFY(!parseOk({"--server.endpoint", "tcp://127.0.0.1:0"}).cluster.enabled());
}

void NodeOptionsTest::clusterBadValueExitsWithStatus2_data() {
  QTest::addColumn<QString>("option");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("allowed");
  const QString endpoint = "expected tcp://HOST:PORT";
  QTest::newRow("agency endpoint scheme") << "cluster.agency-endpoint"
                                          << "http://127.0.0.1:1" << endpoint;
  QTest::newRow("agency endpoint port 0") << "cluster.agency-endpoint"
                                          << "tcp://127.0.0.1:0"
                                          << "with a port other than 0";
  QTest::newRow("my-address no port") << "cluster.my-address"
                                      << "tcp://10.0.0.1" << endpoint;
  const QString seconds = "expected a positive number of seconds";
  QTest::newRow("heartbeat zero") << "cluster.heartbeat-interval"
                                  << "0" << seconds;
  QTest::newRow("lease word") << "cluster.leader-lease"
                              << "long" << seconds;
  QTest::newRow("switchover negative") << "cluster.switchover-timeout"
                                       << "-5" << seconds;
  QTest::newRow("grace unit") << "agency.supervision-grace-period"
                              << "2s" << seconds;
  QTest::newRow("ok threshold nan") << "agency.supervision-ok-threshold"
                                    << "nan" << seconds;
}

void NodeOptionsTest::clusterBadValueExitsWithStatus2() {
  QFETCH(QString, option);
  QFETCH(QString, value);
  QFETCH(QString, allowed);
  verifyRefused({"--" + option, value}, {"'--" + option + "'", "'" + value + "'", allowed});
}

void NodeOptionsTest::clusterTimingsAreChecked_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("fragment");
  QTest::newRow("lease reaches grace / 1.2")
      << QStringList{"--cluster.leader-lease", "1.25"}
      << "'--cluster.leader-lease' (1.25 s) must be below --agency.supervision-grace-period / 1.2";
  QTest::newRow("grace too short for the lease")
      << QStringList{"--agency.supervision-grace-period", "1.1",
                     "--agency.supervision-ok-threshold", "0.5"}
      << "a leader's lease must end before supervision may replace it";
  QTest::newRow("lease within two heartbeats")
      << QStringList{"--cluster.heartbeat-interval", "0.5"}
      << "must be more than twice --cluster.heartbeat-interval (0.5 s)";
  QTest::newRow("ok threshold reaches grace")
      << QStringList{"--agency.supervision-ok-threshold", "1.5"}
      << "'--agency.supervision-ok-threshold' (1.5 s) must be below "
         "--agency.supervision-grace-period";
}

void NodeOptionsTest::clusterTimingsAreChecked() {
  QFETCH(QStringList, args);
  QFETCH(QString, fragment);
  verifyRefused(args, {fragment});
}

void NodeOptionsTest::clusterOptionsComeFromTheConfigurationFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("tandem.conf");
  QVERIFY(writeFile(path,
                    "[agency]\n"
                    "supervision-grace-period = 2\n"
                    "supervision-ok-threshold = 0.8\n"
                    "[cluster]\n"
                    "agency-endpoint = tcp://10.0.0.1:1\n"
                    "agency-endpoint = tcp://10.0.0.2:2\n"
                    "agency-endpoint = tcp://10.0.0.3:3\n"
                    "my-address = tcp://10.0.0.7:8529\n"
                    "heartbeat-interval = 0.25\n"
                    "leader-lease = 1.5\n"
                    "switchover-timeout = 3\n"));
  const NodeOptions options = parseOk({"--configuration", path});
  QCOMPARE(int(options.cluster.agency_endpoints.size()), 3);
  QCOMPARE(text(options.cluster.my_address.toString()), QString("tcp://10.0.0.7:8529"));
  QCOMPARE(qint64(options.cluster.heartbeat_interval.count()), qint64(250));
  QCOMPARE(qint64(options.cluster.leader_lease.count()), qint64(1500));
  QCOMPARE(qint64(options.cluster.switchover_timeout.count()), qint64(3000));
  QCOMPARE(qint64(options.agency.supervision_grace_period.count()), qint64(2000));
  QCOMPARE(qint64(options.agency.supervision_ok_threshold.count()), qint64(800));
}

// --- tandem::Node's options ---------------------------------------------------------------

// What tandem-node parses reaches its tandem::Node unchanged: internal -> public -> internal.
void NodeOptionsTest::publicOptionsRoundTripTheCommandLine() {
  const NodeOptions parsed = parseOk({"--server.endpoint",
                                      "tcp://127.0.0.1:8601",
                                      "--database.directory",
                                      "/tmp/x",
                                      "--database.sync",
                                      "normal",
                                      "--log.level",
                                      "debug",
                                      "--server.threads",
                                      "7",
                                      "--server.io-threads",
                                      "3",
                                      "--http.max-body-size",
                                      "1MiB",
                                      "--http.max-header-size",
                                      "2KiB",
                                      "--http.keep-alive-timeout",
                                      "9",
                                      "--http.request-timeout",
                                      "8",
                                      "--agency.activate",
                                      "true",
                                      "--agency.size",
                                      "3",
                                      "--agency.endpoint",
                                      "tcp://127.0.0.1:8601",
                                      "--agency.endpoint",
                                      "tcp://127.0.0.1:8602",
                                      "--agency.election-timeout-min",
                                      "0.2",
                                      "--agency.election-timeout-max",
                                      "0.4",
                                      "--agency.supervision-grace-period",
                                      "2",
                                      "--agency.supervision-ok-threshold",
                                      "0.7",
                                      "--cluster.agency-endpoint",
                                      "tcp://127.0.0.1:8601",
                                      "--cluster.my-address",
                                      "tcp://10.0.0.1:8601",
                                      "--cluster.heartbeat-interval",
                                      "0.15",
                                      "--cluster.leader-lease",
                                      "1.5",
                                      "--cluster.switchover-timeout",
                                      "4"});
  const tandem::NodeOptions options = tandem::node::toPublicOptions(parsed);
  QCOMPARE(text(options.store.directory), QString("/tmp/x"));
  QCOMPARE(options.http.port, quint16(8601));
  QCOMPARE(options.http.worker_threads, 7);
  QCOMPARE(text(options.agent.my_address), QString("tcp://127.0.0.1:8601"));
  QCOMPARE(text(options.cluster.my_address), QString("tcp://10.0.0.1:8601"));
  QVERIFY(options.log_level == tandem::NodeLogLevel::kDebug);
  auto back = tandem::node::fromPublicOptions(options);
  QVERIFY2(back.isOk(), back.status().message().c_str());
  QCOMPARE(text(back->endpoint.toString()), text(parsed.endpoint.toString()));
  QCOMPARE(text(back->database_directory), text(parsed.database_directory));
  QVERIFY(back->sync == SyncMode::kNormal);
  QVERIFY(back->log_level == LogLevel::kDebug);
  QVERIFY(back->listen);
  QCOMPARE(back->server_threads, 7);
  QCOMPARE(back->io_threads, 3);
  QCOMPARE(back->max_body_size, parsed.max_body_size);
  QCOMPARE(back->max_header_size, parsed.max_header_size);
  QCOMPARE(back->keep_alive_timeout.count(), parsed.keep_alive_timeout.count());
  QCOMPARE(back->request_timeout.count(), parsed.request_timeout.count());
  QCOMPARE(back->agency.activate, true);
  QCOMPARE(back->agency.size, 3);
  QCOMPARE(int(back->agency.endpoints.size()), 2);
  QCOMPARE(text(back->agency.endpoints[1].toString()), QString("tcp://127.0.0.1:8602"));
  QCOMPARE(text(back->agency.my_address.toString()), QString("tcp://127.0.0.1:8601"));
  QCOMPARE(back->agency.election_timeout_min.count(), qint64(200));
  QCOMPARE(back->agency.election_timeout_max.count(), qint64(400));
  QCOMPARE(back->agency.supervision_grace_period.count(), qint64(2000));
  QCOMPARE(back->agency.supervision_ok_threshold.count(), qint64(700));
  QCOMPARE(int(back->cluster.agency_endpoints.size()), 1);
  QCOMPARE(text(back->cluster.my_address.toString()), QString("tcp://10.0.0.1:8601"));
  QCOMPARE(back->cluster.heartbeat_interval.count(), qint64(150));
  QCOMPARE(back->cluster.leader_lease.count(), qint64(1500));
  QCOMPARE(back->cluster.switchover_timeout.count(), qint64(4000));
}

void NodeOptionsTest::publicDefaultsAreValid() {
  tandem::NodeOptions options;
  options.store.directory = "/tmp/somewhere";
  auto internal = tandem::node::fromPublicOptions(options);
  QVERIFY2(internal.isOk(), internal.status().message().c_str());
  QCOMPARE(text(internal->endpoint.toString()), QString("tcp://127.0.0.1:8529"));
  QVERIFY(!internal->cluster.enabled());
  // A single server without a listener.
  options.http.enabled = false;
  options.http.port = 0;
  QVERIFY(tandem::node::fromPublicOptions(options).isOk());
}

void NodeOptionsTest::embeddedValidationNamesTheField_data() {
  QTest::addColumn<int>("variant");
  QTest::addColumn<QString>("fragment");
  QTest::newRow("no directory") << 0 << "'store.directory'";
  QTest::newRow("io threads") << 1 << "invalid value '0' for option 'http.io_threads'";
  QTest::newRow("agent size") << 2 << "'agent.size'";
  QTest::newRow("only without agent") << 3 << "'agent.agency_only' requires 'agent.enabled = true'";
  QTest::newRow("agent my address port 0") << 4 << "'agent.my_address' is required";
  QTest::newRow("agent endpoint text") << 5 << "'agent.endpoints'";
  QTest::newRow("listener needed") << 6 << "'http.enabled' must be true";
  QTest::newRow("heartbeat vs lease")
      << 7 << "'cluster.leader_lease' (1 s) must be more than twice cluster.heartbeat_interval";
  QTest::newRow("ok threshold") << 8 << "'agent.supervision_ok_threshold' (2 s) must be below";
  QTest::newRow("no host") << 9 << "http.host";
}

void NodeOptionsTest::embeddedValidationNamesTheField() {
  QFETCH(int, variant);
  QFETCH(QString, fragment);
  tandem::NodeOptions options;
  options.store.directory = "/tmp/somewhere";
  switch (variant) {
    case 0:
      options.store.directory.clear();
      break;
    case 1:
      options.http.io_threads = 0;
      break;
    case 2:
      options.agent.size = 10;
      break;
    case 3:
      options.agent.agency_only = true;
      break;
    case 4:
      options.agent.enabled = true;
      options.http.port = 0;
      break;
    case 5:
      options.agent.endpoints = {"127.0.0.1:1"};
      break;
    case 6:
      options.agent.enabled = true;
      options.http.enabled = false;
      break;
    case 7:
      options.cluster.heartbeat_interval = 500ms;
      break;
    case 8:
      options.agent.supervision_ok_threshold = 2s;
      break;
    default:
      options.http.host.clear();
  }
  const auto result = tandem::node::fromPublicOptions(options);
  QVERIFY(!result.isOk());
  QVERIFY(result.status().code() == tandem::ErrorCode::kBadParameter);
  QVERIFY2(text(result.status().message()).contains(fragment), result.status().message().c_str());
}

// The parser's last step is the shared validation: the defaults it fills are the same ones.
void NodeOptionsTest::validationFillsTheAddressesNotGiven() {
  NodeOptions options;
  options.endpoint = *tandem::node::parseEndpoint("tcp://10.0.0.4:9000");
  options.cluster.agency_endpoints.push_back(*tandem::node::parseEndpoint("tcp://10.0.0.1:1"));
  QCOMPARE(
      text(tandem::node::validateNodeOptions(options, tandem::node::OptionNaming::kCommandLine)),
      QString());
  QCOMPARE(text(options.cluster.my_address.toString()), QString("tcp://10.0.0.4:9000"));
  QCOMPARE(text(options.agency.my_address.toString()), QString("tcp://10.0.0.4:9000"));
  NodeOptions zero;
  zero.endpoint.port = 0;
  zero.agency.activate = true;
  QVERIFY(text(tandem::node::validateNodeOptions(zero, tandem::node::OptionNaming::kCommandLine))
              .contains("'--agency.my-address' is required"));
}

QTEST_GUILESS_MAIN(NodeOptionsTest)
#include "tst_node_options.moc"
