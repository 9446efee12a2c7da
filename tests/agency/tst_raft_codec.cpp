// The Raft wire codec: every message type survives encode/decode with entries, snapshots and
// context; the wire names are pinned; and every malformed envelope (missing members, wrong
// types, negative or fractional numbers, unknown message or entry types) is refused with
// kBadParameter and a message saying where the problem is.
#include <cstdint>
#include <limits>
#include <string>

#include <QTest>

#include <boost/json.hpp>

#include "agency/raft_codec.h"

using namespace tandem;
using namespace tandem::agency;
namespace json = boost::json;

Q_DECLARE_METATYPE(tandem::agency::MessageType)

namespace {

// JSON written with single quotes ("{'a':1}"): moc cannot read raw string literals.
std::string j(const QString& text) {
  std::string out = text.toStdString();
  for (char& c : out) {
    if (c == '\'') c = '"';
  }
  return out;
}

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

Entry entry(Term term, Index index, EntryType type, std::string data) {
  Entry e;
  e.term = term;
  e.index = index;
  e.type = type;
  e.data = std::move(data);
  return e;
}

Snapshot snapshot() {
  Snapshot s;
  s.meta.index = 41;
  s.meta.term = 7;
  s.meta.configuration.members = {{"AGNT-a", "tcp://127.0.0.1:8531"},
                                  {"AGNT-b", "tcp://[::1]:8532"}};
  s.data = R"({"tandem":{"Plan":{"Leader":{"id":"SNGL-1"}}}})";
  return s;
}

// A message with every field set to something other than its default.
Message fullMessage(MessageType type) {
  Message m;
  m.type = type;
  m.from = "AGNT-a";
  m.to = "AGNT-b";
  m.term = kMax;
  m.logTerm = 6;
  m.index = 40;
  m.commit = 39;
  m.reject = true;
  m.rejectHint = 12;
  m.context = "read-17";
  m.entries = {entry(7, 41, EntryType::kNormal, R"([[{"/tandem/k":{"op":"set","new":"\n\""}}]])"),
               entry(7, 42, EntryType::kConfChange, std::string("add\0AGNT-c\ttcp://h:1", 20)),
               entry(kMax, 43, EntryType::kNormal, "")};
  m.snapshot = snapshot();
  return m;
}

RaftEnvelope envelopeWith(std::vector<Message> messages) {
  RaftEnvelope envelope;
  envelope.clusterId = "cluster-\u00e9";
  envelope.from = "AGNT-a";
  envelope.messages = std::move(messages);
  return envelope;
}

// Follows "a/0/b" through objects and arrays of `root` and replaces (or, for "<remove>",
// removes) what it names.
void mutate(json::value& root, const QString& path, const QString& replacement) {
  const QStringList parts = path.split('/');
  json::value* node = &root;
  for (int i = 0; i + 1 < parts.size(); ++i) {
    const std::string part = parts[i].toStdString();
    node = node->is_array() ? &node->as_array().at(parts[i].toUInt()) : &node->as_object().at(part);
  }
  const std::string last = parts.back().toStdString();
  if (replacement == "<remove>") {
    if (node->is_array()) {
      node->as_array().erase(node->as_array().begin() + parts.back().toInt());
    } else {
      QVERIFY(node->as_object().erase(last) == 1);
    }
    return;
  }
  json::value value = json::parse(j(replacement));
  if (node->is_array()) {
    node->as_array().at(parts.back().toUInt()) = std::move(value);
  } else {
    node->as_object()[last] = std::move(value);
  }
}

}  // namespace

class RaftCodecTest : public QObject {
  Q_OBJECT

 private slots:
  void everyMessageTypeRoundTrips_data() {
    QTest::addColumn<MessageType>("type");
    QTest::newRow("preVote") << MessageType::kPreVote;
    QTest::newRow("preVoteResponse") << MessageType::kPreVoteResponse;
    QTest::newRow("vote") << MessageType::kVote;
    QTest::newRow("voteResponse") << MessageType::kVoteResponse;
    QTest::newRow("append") << MessageType::kAppend;
    QTest::newRow("appendResponse") << MessageType::kAppendResponse;
    QTest::newRow("heartbeat") << MessageType::kHeartbeat;
    QTest::newRow("heartbeatResponse") << MessageType::kHeartbeatResponse;
    QTest::newRow("snapshot") << MessageType::kSnapshot;
  }
  void everyMessageTypeRoundTrips() {
    QFETCH(MessageType, type);
    // With every field set, and with every field at its default (no entries, no snapshot).
    Message bare;
    bare.type = type;
    bare.from = "AGNT-a";
    bare.to = "AGNT-b";
    const RaftEnvelope envelope = envelopeWith({fullMessage(type), bare});
    const std::string text = encodeEnvelope(envelope);
    auto decoded = decodeEnvelope(text);
    QVERIFY2(decoded.isOk(), decoded.status().message().c_str());
    QCOMPARE(decoded->clusterId, envelope.clusterId);
    QCOMPARE(decoded->from, envelope.from);
    QCOMPARE(decoded->messages.size(), std::size_t(2));
    QVERIFY(decoded->messages[0] == envelope.messages[0]);
    QVERIFY(decoded->messages[1] == envelope.messages[1]);
    QVERIFY(!decoded->messages[1].snapshot.has_value());
    QCOMPARE(decoded->messages[0].entries[1].data.size(), std::size_t(20));  // NUL kept
    QCOMPARE(encodeEnvelope(*decoded), text);
  }

  void emptySnapshotAndEmptyEnvelopeRoundTrip() {
    Message message = fullMessage(MessageType::kSnapshot);
    message.snapshot = Snapshot{};  // present, but with index 0 and no members
    RaftEnvelope envelope = envelopeWith({message});
    envelope.clusterId.clear();  // an agent not yet in an agency has no cluster id
    auto decoded = decodeEnvelope(encodeEnvelope(envelope));
    QVERIFY2(decoded.isOk(), decoded.status().message().c_str());
    QVERIFY(decoded->messages.front().snapshot.has_value());
    QVERIFY(decoded->messages.front() == message);
    QVERIFY(decoded->clusterId.empty());

    auto none = decodeEnvelope(encodeEnvelope(envelopeWith({})));
    QVERIFY(none.isOk());
    QVERIFY(none->messages.empty());
  }

  void wireFormatIsStable() {
    Message message;
    message.type = MessageType::kAppendResponse;
    message.from = "A";
    message.to = "B";
    message.term = 3;
    message.index = 9;
    message.entries = {entry(3, 9, EntryType::kConfChange, "x")};
    RaftEnvelope envelope;
    envelope.clusterId = "c";
    envelope.from = "A";
    envelope.messages = {message};
    QCOMPARE(
        QString::fromStdString(encodeEnvelope(envelope)),
        QString::fromStdString(
            j("{'clusterId':'c','from':'A','messages':[{'type':'appendResponse','to':'B',"
              "'term':3,'logTerm':0,'index':9,'commit':0,'reject':false,'rejectHint':0,"
              "'context':'','entries':[{'term':3,'index':9,'type':'confChange','data':'x'}]}]}")));
  }

  void decodeAcceptsUnknownMembersAndAnyMemberOrder() {
    auto decoded = decodeEnvelope(
        j("{'messages':[{'entries':[],'context':'','rejectHint':0,'reject':false,'commit':1,"
          "'index':2,'logTerm':3,'term':4,'to':'B','type':'heartbeat','future':[1]}],"
          "'from':'A','clusterId':'c','version':2}"));
    QVERIFY2(decoded.isOk(), decoded.status().message().c_str());
    const Message& message = decoded->messages.front();
    QCOMPARE(message.type, MessageType::kHeartbeat);
    QCOMPARE(message.from, std::string("A"));
    QCOMPARE(message.term, std::uint64_t(4));
    QCOMPARE(message.commit, std::uint64_t(1));
  }

  void malformedEnvelopesAreRefused_data() {
    QTest::addColumn<QString>("path");         // member to change, "a/0/b"
    QTest::addColumn<QString>("replacement");  // JSON, or <remove>
    QTest::addColumn<QString>("message");      // part of the error message
    const QString m = "messages/0/";
    const QString e = "messages/0/entries/1/";
    const QString s = "messages/0/snapshot/";
    // envelope
    QTest::newRow("no clusterId") << "clusterId"
                                  << "<remove>"
                                  << "raft envelope has no \"clusterId\"";
    QTest::newRow("clusterId a number") << "clusterId"
                                        << "1"
                                        << "\"clusterId\" must be a string";
    QTest::newRow("no from") << "from"
                             << "<remove>"
                             << "has no \"from\"";
    QTest::newRow("from empty") << "from"
                                << "''"
                                << "\"from\" must be a non-empty string";
    QTest::newRow("from null") << "from"
                               << "null"
                               << "\"from\" must be a non-empty string";
    QTest::newRow("no messages") << "messages"
                                 << "<remove>"
                                 << "has no \"messages\"";
    QTest::newRow("messages an object") << "messages"
                                        << "{}"
                                        << "\"messages\" must be an array";
    QTest::newRow("message not an object") << "messages/0"
                                           << "[]"
                                           << "message 1 must be an object";
    // message members
    QTest::newRow("no type") << m + "type"
                             << "<remove>"
                             << "message 1 has no \"type\"";
    QTest::newRow("unknown message type") << m + "type"
                                          << "'voteRequest'"
                                          << "message 1 has an unknown \"type\" \"voteRequest\"";
    QTest::newRow("message type as a number") << m + "type"
                                              << "2"
                                              << "\"type\" must be a string";
    QTest::newRow("no to") << m + "to"
                           << "<remove>"
                           << "has no \"to\"";
    QTest::newRow("to empty") << m + "to"
                              << "''"
                              << "\"to\" must be a non-empty string";
    QTest::newRow("no term") << m + "term"
                             << "<remove>"
                             << "has no \"term\"";
    QTest::newRow("negative term") << m + "term"
                                   << "-1"
                                   << "\"term\" must be a non-negative integer";
    QTest::newRow("fractional term") << m + "term"
                                     << "1.5"
                                     << "\"term\" must be a non-negative";
    QTest::newRow("term as a string") << m + "term"
                                      << "'1'"
                                      << "\"term\" must be a non-negative";
    QTest::newRow("term beyond 64 bits") << m + "term"
                                         << "18446744073709551616"
                                         << "\"term\" must be a non-negative";
    QTest::newRow("no logTerm") << m + "logTerm"
                                << "<remove>"
                                << "has no \"logTerm\"";
    QTest::newRow("negative logTerm") << m + "logTerm"
                                      << "-3"
                                      << "\"logTerm\" must be a non-negative";
    QTest::newRow("no index") << m + "index"
                              << "<remove>"
                              << "has no \"index\"";
    QTest::newRow("negative index") << m + "index"
                                    << "-9223372036854775808"
                                    << "\"index\" must be a non-negative";
    QTest::newRow("no commit") << m + "commit"
                               << "<remove>"
                               << "has no \"commit\"";
    QTest::newRow("commit a boolean") << m + "commit"
                                      << "true"
                                      << "\"commit\" must be a non-negative";
    QTest::newRow("no reject") << m + "reject"
                               << "<remove>"
                               << "has no \"reject\"";
    QTest::newRow("reject a number") << m + "reject"
                                     << "1"
                                     << "\"reject\" must be true or false";
    QTest::newRow("no rejectHint") << m + "rejectHint"
                                   << "<remove>"
                                   << "has no \"rejectHint\"";
    QTest::newRow("negative rejectHint") << m + "rejectHint"
                                         << "-2"
                                         << "\"rejectHint\" must be a non-negative";
    QTest::newRow("no context") << m + "context"
                                << "<remove>"
                                << "has no \"context\"";
    QTest::newRow("context a number") << m + "context"
                                      << "17"
                                      << "\"context\" must be a string";
    QTest::newRow("no entries") << m + "entries"
                                << "<remove>"
                                << "has no \"entries\"";
    QTest::newRow("entries an object") << m + "entries"
                                       << "{}"
                                       << "\"entries\" must be an array";
    // entries
    QTest::newRow("entry not an object") << e.chopped(1) << "'x'"
                                         << "entry 2 must be an object";
    QTest::newRow("entry without term") << e + "term"
                                        << "<remove>"
                                        << "entry 2 has no \"term\"";
    QTest::newRow("entry with negative index") << e + "index"
                                               << "-41"
                                               << "entry 2 \"index\" must be a non-negative";
    QTest::newRow("entry without type") << e + "type"
                                        << "<remove>"
                                        << "entry 2 has no \"type\"";
    QTest::newRow("unknown entry type") << e + "type"
                                        << "'config'"
                                        << "entry 2 has an unknown \"type\" \"config\"";
    QTest::newRow("entry type as a number") << e + "type"
                                            << "1"
                                            << "\"type\" must be a string";
    QTest::newRow("entry without data") << e + "data"
                                        << "<remove>"
                                        << "entry 2 has no \"data\"";
    QTest::newRow("entry data not a string") << e + "data"
                                             << "[[{}]]"
                                             << "entry 2 \"data\" must be a string";
    // snapshot
    QTest::newRow("snapshot not an object") << s.chopped(1) << "1"
                                            << "snapshot must be an object";
    QTest::newRow("snapshot null") << s.chopped(1) << "null"
                                   << "snapshot must be an object";
    QTest::newRow("snapshot without data") << s + "data"
                                           << "<remove>"
                                           << "snapshot has no \"data\"";
    QTest::newRow("snapshot without meta") << s + "meta"
                                           << "<remove>"
                                           << "snapshot has no \"meta\"";
    QTest::newRow("meta not an object") << s + "meta"
                                        << "[]"
                                        << "snapshot meta must be an object";
    QTest::newRow("meta without index") << s + "meta/index"
                                        << "<remove>"
                                        << "has no \"index\"";
    QTest::newRow("meta with negative term") << s + "meta/term"
                                             << "-7"
                                             << "snapshot meta \"term\" must be a non-negative";
    QTest::newRow("meta without members") << s + "meta/members"
                                          << "<remove>"
                                          << "has no \"members\"";
    QTest::newRow("members an array") << s + "meta/members"
                                      << "['AGNT-a']"
                                      << "\"members\" must be an object";
    QTest::newRow("member address not a string") << s + "meta/members/AGNT-b"
                                                 << "8532"
                                                 << "member \"AGNT-b\" must have a string address";
  }
  void malformedReportsAreRefused_data() {
    QTest::addColumn<QString>("report");
    QTest::addColumn<QString>("message");
    QTest::newRow("report a number") << "1"
                                     << "report: must be an object";
    QTest::newRow("report without uptimeMs") << "{'servers':{}}"
                                             << "\"uptimeMs\"";
    QTest::newRow("servers an array") << "{'servers':[],'uptimeMs':1}"
                                      << "\"servers\" must be an object";
    QTest::newRow("server without fencedTerm")
        << "{'servers':{'S':{'ageMs':1,'applied':{'term':1,'tick':1},'state':'','leader':''}},"
           "'uptimeMs':1}"
        << "\"fencedTerm\"";
  }
  void malformedReportsAreRefused() {
    QFETCH(QString, report);
    QFETCH(QString, message);
    json::value body = json::parse(encodeEnvelope(envelopeWith({fullMessage(MessageType::kVote)})));
    body.as_object()["report"] = json::parse(j(report));
    auto decoded = decodeEnvelope(json::serialize(body));
    QVERIFY(!decoded.isOk());
    QCOMPARE(decoded.status().code(), ErrorCode::kBadParameter);
    const QString actual = QString::fromStdString(decoded.status().message());
    QVERIFY2(actual.contains(message), qPrintable(actual));
  }

  void malformedEnvelopesAreRefused() {
    QFETCH(QString, path);
    QFETCH(QString, replacement);
    QFETCH(QString, message);
    // Message 1 (index 0) carries the snapshot and entries; message 2 is untouched.
    json::value body = json::parse(encodeEnvelope(
        envelopeWith({fullMessage(MessageType::kAppend), fullMessage(MessageType::kVote)})));
    QVERIFY(decodeEnvelope(json::serialize(body)).isOk());
    mutate(body, path, replacement);
    auto decoded = decodeEnvelope(json::serialize(body));
    QVERIFY(!decoded.isOk());
    QCOMPARE(decoded.status().code(), ErrorCode::kBadParameter);
    const QString actual = QString::fromStdString(decoded.status().message());
    QVERIFY2(actual.contains(message), qPrintable(actual));
  }

  void reportTravelsWithTheEnvelopeAndIsOptional() {
    RaftEnvelope envelope = envelopeWith({fullMessage(MessageType::kHeartbeatResponse)});
    envelope.report = json::parse(j("{'servers':{'SNGL-a':{'ageMs':120,'applied':{'term':3,"
                                    "'tick':40},'state':'leader','leader':'','fencedTerm':2}},"
                                    "'uptimeMs':5000}"))
                          .as_object();
    auto decoded = decodeEnvelope(encodeEnvelope(envelope));
    QVERIFY2(decoded.isOk(), decoded.status().message().c_str());
    QCOMPARE(json::serialize(decoded->report), json::serialize(envelope.report));
    // Without a report nothing is written, and an envelope without one (an older agent's)
    // decodes with an empty report; so does an explicit {}.
    envelope.report.clear();
    const std::string plain = encodeEnvelope(envelope);
    QVERIFY(plain.find("report") == std::string::npos);
    QVERIFY(decodeEnvelope(plain)->report.empty());
    json::value with_empty = json::parse(plain);
    with_empty.as_object()["report"] = json::object();
    auto empty = decodeEnvelope(json::serialize(with_empty));
    QVERIFY(empty.isOk());
    QVERIFY(empty->report.empty());
  }

  void textThatIsNotAnEnvelopeIsRefused_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << ""
                           << "not valid JSON";
    QTest::newRow("truncated") << "{'clusterId':'c','from':'A','messages':["
                               << "not valid JSON";
    QTest::newRow("an array") << "[]"
                              << "raft envelope must be an object";
    QTest::newRow("a string") << "'x'"
                              << "raft envelope must be an object";
  }
  void textThatIsNotAnEnvelopeIsRefused() {
    QFETCH(QString, body);
    QFETCH(QString, message);
    auto decoded = decodeEnvelope(j(body));
    QCOMPARE(decoded.status().code(), ErrorCode::kBadParameter);
    const QString actual = QString::fromStdString(decoded.status().message());
    QVERIFY2(actual.contains(message), qPrintable(actual));
  }
};

QTEST_GUILESS_MAIN(RaftCodecTest)
#include "tst_raft_codec.moc"
