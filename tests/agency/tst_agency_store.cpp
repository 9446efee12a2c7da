// The agency key tree: every write operation and precondition (ArangoDB's agency shapes),
// all-or-nothing transactions, mixed outcomes within one write, bare values, path
// normalisation, read shapes, snapshot/restore, the canonical entry text, and refusal of every
// malformed body with a message that names the transaction and path.
#include <string>
#include <vector>

#include <QTest>

#include <boost/json.hpp>

#include "agency/agency_store.h"

using namespace tandem;
using tandem::agency::AgencyStore;
using tandem::agency::AgencyWrite;
namespace json = boost::json;

namespace {

// JSON written with single quotes ("{'a':1}"): moc cannot read raw string literals.
std::string j(const QString& text) {
  std::string out = text.toStdString();
  for (char& c : out) {
    if (c == '\'') c = '"';
  }
  return out;
}

json::value parseJson(const QString& text) { return json::parse(j(text)); }

QString qs(const std::string& text) { return QString::fromStdString(text); }

QString resultsText(const std::vector<bool>& results) {
  json::array array;
  for (bool result : results) array.emplace_back(result);
  return qs(json::serialize(array));
}

// A store holding `tree` (a JSON object).
AgencyStore storeWith(const QString& tree) {
  AgencyStore store;
  const Status restored = store.restore(j(tree));
  if (!restored) qFatal("bad fixture %s: %s", qPrintable(tree), restored.message().c_str());
  return store;
}

// Kind-exact comparison: 2 (int64) and 2.0 (double) differ, so numeric types are checked too.
bool sameTree(const json::object& actual, const json::value& expected) {
  return expected.is_object() && json::value(actual) == expected;
}

bool contains(const std::string& text, const QString& part) {
  return text.find(part.toStdString()) != std::string::npos;
}

// A write table: initial tree, body, expected results, expected tree.
void writeColumns() {
  QTest::addColumn<QString>("tree");
  QTest::addColumn<QString>("body");
  QTest::addColumn<QString>("results");
  QTest::addColumn<QString>("expected");
}

// Parses, applies and checks one write-table row; then applies the same write as a Raft
// entry to a second copy, which must end up identical.
void checkWriteRow() {
  QFETCH(QString, tree);
  QFETCH(QString, body);
  QFETCH(QString, results);
  QFETCH(QString, expected);
  AgencyStore store = storeWith(tree);
  auto write = AgencyStore::parseWrite(j(body));
  QVERIFY2(write.isOk(), write.status().message().c_str());
  QCOMPARE(resultsText(store.apply(*write)), qs(j(results)));
  QVERIFY2(sameTree(store.root(), parseJson(expected)), store.snapshot().c_str());

  AgencyStore replica = storeWith(tree);
  QCOMPARE(resultsText(replica.applyEntry(AgencyStore::serialize(*write))), qs(j(results)));
  QCOMPARE(qs(replica.snapshot()), qs(store.snapshot()));
}

}  // namespace

class AgencyStoreTest : public QObject {
  Q_OBJECT

 private slots:
  void operations_data() {
    writeColumns();
    // set
    QTest::newRow("set creates intermediate objects") << "{}"
                                                      << "[[{'/tandem/a/b':{'op':'set','new':1}}]]"
                                                      << "[true]"
                                                      << "{'tandem':{'a':{'b':1}}}";
    QTest::newRow("set replaces a non-object in the way")
        << "{'tandem':{'a':5}}"
        << "[[{'/tandem/a/b':{'op':'set','new':[1,2]}}]]"
        << "[true]"
        << "{'tandem':{'a':{'b':[1,2]}}}";
    QTest::newRow("set overwrites and keeps siblings")
        << "{'t':{'a':1,'b':2}}"
        << "[[{'/t/a':{'op':'set','new':{'x':null}}}]]"
        << "[true]"
        << "{'t':{'a':{'x':null},'b':2}}";
    QTest::newRow("bare scalar is set") << "{}"
                                        << "[[{'/t/k':'v'}]]"
                                        << "[true]"
                                        << "{'t':{'k':'v'}}";
    QTest::newRow("bare object without op is set") << "{}"
                                                   << "[[{'/t/k':{'x':1,'new':2}}]]"
                                                   << "[true]"
                                                   << "{'t':{'k':{'x':1,'new':2}}}";
    QTest::newRow("bare null is set") << "{'t':1}"
                                      << "[[{'/t':null}]]"
                                      << "[true]"
                                      << "{'t':null}";
    // delete
    QTest::newRow("delete removes the key") << "{'t':{'a':1,'b':2}}"
                                            << "[[{'/t/a':{'op':'delete'}}]]"
                                            << "[true]"
                                            << "{'t':{'b':2}}";
    QTest::newRow("delete removes a subtree") << "{'t':{'a':{'b':1}},'u':1}"
                                              << "[[{'/t':{'op':'delete'}}]]"
                                              << "[true]"
                                              << "{'u':1}";
    QTest::newRow("delete of a missing key does nothing") << "{'t':{}}"
                                                          << "[[{'/t/x/y':{'op':'delete'}}]]"
                                                          << "[true]"
                                                          << "{'t':{}}";
    QTest::newRow("delete below a leaf does nothing") << "{'t':5}"
                                                      << "[[{'/t/x':{'op':'delete'}}]]"
                                                      << "[true]"
                                                      << "{'t':5}";
    // increment / decrement
    QTest::newRow("increment of a missing key starts from 0") << "{}"
                                                              << "[[{'/t/n':{'op':'increment'}}]]"
                                                              << "[true]"
                                                              << "{'t':{'n':1}}";
    QTest::newRow("increment by step stays integral") << "{'n':10}"
                                                      << "[[{'/n':{'op':'increment','step':5}}]]"
                                                      << "[true]"
                                                      << "{'n':15}";
    QTest::newRow("increment of a double stays double") << "{'n':1.5}"
                                                        << "[[{'/n':{'op':'increment'}}]]"
                                                        << "[true]"
                                                        << "{'n':2.5}";
    QTest::newRow("increment of 2.0 gives 3.0, a double") << "{'n':2.0}"
                                                          << "[[{'/n':{'op':'increment'}}]]"
                                                          << "[true]"
                                                          << "{'n':3.0}";
    QTest::newRow("increment of an integer by a double step is double")
        << "{'n':1}"
        << "[[{'/n':{'op':'increment','step':0.5}}]]"
        << "[true]"
        << "{'n':1.5}";
    QTest::newRow("increment of a string starts from 0") << "{'n':'x'}"
                                                         << "[[{'/n':{'op':'increment','step':3}}]]"
                                                         << "[true]"
                                                         << "{'n':3}";
    QTest::newRow("increment above int64 gives uint64") << "{'n':9223372036854775807}"
                                                        << "[[{'/n':{'op':'increment'}}]]"
                                                        << "[true]"
                                                        << "{'n':9223372036854775808}";
    QTest::newRow("increment with a negative step") << "{'n':3}"
                                                    << "[[{'/n':{'op':'increment','step':-5}}]]"
                                                    << "[true]"
                                                    << "{'n':-2}";
    QTest::newRow("decrement of a missing key gives -1") << "{}"
                                                         << "[[{'/n':{'op':'decrement'}}]]"
                                                         << "[true]"
                                                         << "{'n':-1}";
    QTest::newRow("decrement by step") << "{'n':10}"
                                       << "[[{'/n':{'op':'decrement','step':3}}]]"
                                       << "[true]"
                                       << "{'n':7}";
    QTest::newRow("decrement of a double") << "{'n':0.5}"
                                           << "[[{'/n':{'op':'decrement','step':1}}]]"
                                           << "[true]"
                                           << "{'n':-0.5}";
    QTest::newRow("decrement below int64 falls back to double") << "{'n':-9223372036854775808}"
                                                                << "[[{'/n':{'op':'decrement'}}]]"
                                                                << "[true]"
                                                                << "{'n':-9.223372036854775809E18}";
    // push / prepend
    QTest::newRow("push onto a missing key makes an array") << "{}"
                                                            << "[[{'/t/l':{'op':'push','new':1}}]]"
                                                            << "[true]"
                                                            << "{'t':{'l':[1]}}";
    QTest::newRow("push appends") << "{'l':[1]}"
                                  << "[[{'/l':{'op':'push','new':{'a':2}}}]]"
                                  << "[true]"
                                  << "{'l':[1,{'a':2}]}";
    QTest::newRow("push onto a non-array replaces it") << "{'l':'x'}"
                                                       << "[[{'/l':{'op':'push','new':2}}]]"
                                                       << "[true]"
                                                       << "{'l':[2]}";
    QTest::newRow("prepend inserts first") << "{'l':[1,2]}"
                                           << "[[{'/l':{'op':'prepend','new':0}}]]"
                                           << "[true]"
                                           << "{'l':[0,1,2]}";
    QTest::newRow("prepend onto a missing key makes an array")
        << "{}"
        << "[[{'/l':{'op':'prepend','new':'a'}}]]"
        << "[true]"
        << "{'l':['a']}";
    // pop / shift
    QTest::newRow("pop removes the last element") << "{'l':[1,2,3]}"
                                                  << "[[{'/l':{'op':'pop'}}]]"
                                                  << "[true]"
                                                  << "{'l':[1,2]}";
    QTest::newRow("pop of an empty array") << "{'l':[]}"
                                           << "[[{'/l':{'op':'pop'}}]]"
                                           << "[true]"
                                           << "{'l':[]}";
    QTest::newRow("pop of a missing key does nothing") << "{'t':{}}"
                                                       << "[[{'/t/l':{'op':'pop'}}]]"
                                                       << "[true]"
                                                       << "{'t':{}}";
    QTest::newRow("pop of a non-array does nothing") << "{'l':7}"
                                                     << "[[{'/l':{'op':'pop'}}]]"
                                                     << "[true]"
                                                     << "{'l':7}";
    QTest::newRow("shift removes the first element") << "{'l':[1,2,3]}"
                                                     << "[[{'/l':{'op':'shift'}}]]"
                                                     << "[true]"
                                                     << "{'l':[2,3]}";
    QTest::newRow("shift of a missing key does nothing") << "{}"
                                                         << "[[{'/l':{'op':'shift'}}]]"
                                                         << "[true]"
                                                         << "{}";
    // erase
    QTest::newRow("erase removes every equal element") << "{'l':[1,2,1,3]}"
                                                       << "[[{'/l':{'op':'erase','val':1}}]]"
                                                       << "[true]"
                                                       << "{'l':[2,3]}";
    QTest::newRow("erase compares numbers by value") << "{'l':[1,1.0,2]}"
                                                     << "[[{'/l':{'op':'erase','val':1.0}}]]"
                                                     << "[true]"
                                                     << "{'l':[2]}";
    QTest::newRow("erase compares objects regardless of member order")
        << "{'l':[{'a':1,'b':2},{'a':2}]}"
        << "[[{'/l':{'op':'erase','val':{'b':2,'a':1}}}]]"
        << "[true]"
        << "{'l':[{'a':2}]}";
    QTest::newRow("erase of an absent value keeps the array")
        << "{'l':['a']}"
        << "[[{'/l':{'op':'erase','val':'b'}}]]"
        << "[true]"
        << "{'l':['a']}";
    QTest::newRow("erase on a missing key does nothing") << "{}"
                                                         << "[[{'/l':{'op':'erase','val':1}}]]"
                                                         << "[true]"
                                                         << "{}";
    QTest::newRow("erase on a non-array does nothing") << "{'l':1}"
                                                       << "[[{'/l':{'op':'erase','val':1}}]]"
                                                       << "[true]"
                                                       << "{'l':1}";
    // several operations
    QTest::newRow("operations of one transaction apply in order")
        << "{}"
        << "[[{'/t':{'op':'set','new':{'a':1}},'/t/b':{'op':'increment'}}]]"
        << "[true]"
        << "{'t':{'a':1,'b':1}}";
    QTest::newRow("an empty operations object is a no-op that applies") << "{'a':1}"
                                                                        << "[[{}]]"
                                                                        << "[true]"
                                                                        << "{'a':1}";
    QTest::newRow("an empty write") << "{'a':1}"
                                    << "[]"
                                    << "[]"
                                    << "{'a':1}";
  }
  void operations() { checkWriteRow(); }

  void preconditions_data() {
    writeColumns();
    const char* tree = "{'t':{'a':1,'l':[1,2],'o':{'x':1,'y':[true]}}}";
    auto row = [&](const char* name, const char* precondition, bool holds) {
      QTest::newRow(name) << tree
                          << QString("[[{'/t/r':{'op':'set','new':1}},{%1}]]").arg(precondition)
                          << (holds ? "[true]" : "[false]")
                          << (holds ? "{'t':{'a':1,'l':[1,2],'o':{'x':1,'y':[true]},'r':1}}"
                                    : tree);
    };
    row("old equal", "'/t/a':{'old':1}", true);
    row("old different", "'/t/a':{'old':2}", false);
    row("old of another type", "'/t/a':{'old':'1'}", false);
    row("old compares numbers by value", "'/t/a':{'old':1.0}", true);
    row("old on a missing key", "'/t/zz':{'old':null}", false);
    row("old object in another member order", "'/t/o':{'old':{'y':[true],'x':1}}", true);
    row("old object with a different member", "'/t/o':{'old':{'x':1,'y':[false]}}", false);
    row("old array", "'/t/l':{'old':[1,2]}", true);
    row("old array in another order", "'/t/l':{'old':[2,1]}", false);
    row("bare value is old", "'/t/a':1", true);
    row("bare value that differs", "'/t/a':3", false);
    row("bare array is old", "'/t/l':[1,2]", true);
    row("oldEmpty true on a missing key", "'/t/zz':{'oldEmpty':true}", true);
    row("oldEmpty true on an existing key", "'/t/a':{'oldEmpty':true}", false);
    row("oldEmpty false on an existing key", "'/t/a':{'oldEmpty':false}", true);
    row("oldEmpty false on a missing key", "'/t/zz':{'oldEmpty':false}", false);
    row("oldEmpty below a leaf", "'/t/a/b':{'oldEmpty':true}", true);
    row("isArray true on an array", "'/t/l':{'isArray':true}", true);
    row("isArray true on an object", "'/t/o':{'isArray':true}", false);
    row("isArray true on a missing key", "'/t/zz':{'isArray':true}", false);
    row("isArray false on a number", "'/t/a':{'isArray':false}", true);
    row("isArray false on a missing key", "'/t/zz':{'isArray':false}", true);
    row("isArray false on an array", "'/t/l':{'isArray':false}", false);
    row("several members all hold", "'/t/l':{'old':[1,2],'isArray':true,'oldEmpty':false}", true);
    row("several members, one fails", "'/t/l':{'old':[1,2],'isArray':false}", false);
    row("several paths all hold", "'/t/a':1,'/t/l':{'isArray':true},'/t/n':{'oldEmpty':true}",
        true);
    row("several paths, the last fails", "'/t/a':1,'/t/l':{'isArray':true},'/t/o':{'old':2}",
        false);
    row("unnormalised precondition path", "'t//a/':{'old':1}", true);
    row("root is not empty", "'/':{'oldEmpty':false}", true);
    row("root oldEmpty true fails on a non-empty tree", "'/':{'oldEmpty':true}", false);
    row("root old compares the whole tree",
        "'/':{'old':{'t':{'a':1,'l':[1,2],'o':{'x':1,'y':[true]}}}}", true);
    row("empty preconditions object", "", true);
  }
  void preconditions() { checkWriteRow(); }

  void transactions_data() {
    writeColumns();
    QTest::newRow("a failed precondition applies none of the operations")
        << "{'k':1,'l':[1]}"
        << "[[{'/k':{'op':'increment'},'/l':{'op':'push','new':2},'/m':3,'/l2':{'op':'delete'}},"
           "{'/k':1,'/m':{'oldEmpty':false}}]]"
        << "[false]"
        << "{'k':1,'l':[1]}";
    QTest::newRow("mixed outcomes in one write, each seeing the earlier ones")
        << "{}"
        << "[[{'/k':1}],"
           "[{'/k':2},{'/k':5}],"
           "[{'/j':{'op':'increment'}},{'/k':1}],"
           "[{'/k':{'op':'delete'}},{'/j':{'oldEmpty':true}}],"
           "[{'/k':3},{'/j':1},'client-1']]"
        << "[true,false,true,false,true]"
        << "{'k':3,'j':1}";
    QTest::newRow("a later transaction's precondition depends on an earlier write")
        << "{}"
        << "[[{'/lock':'me'},{'/lock':{'oldEmpty':true}}],"
           "[{'/lock':'you'},{'/lock':{'oldEmpty':true}}]]"
        << "[true,false]"
        << "{'lock':'me'}";
    QTest::newRow("client id with preconditions") << "{}"
                                                  << "[[{'/a':1},{},'id-7']]"
                                                  << "[true]"
                                                  << "{'a':1}";
    QTest::newRow("unnormalised operation paths")
        << "{}"
        << "[[{'tandem//k/':1,'//tandem/j':{'op':'push','new':1}}]]"
        << "[true]"
        << "{'tandem':{'k':1,'j':[1]}}";
  }
  void transactions() { checkWriteRow(); }

  void pathNormalisation() {
    auto write = AgencyStore::parseWrite(j("[[{'tandem//k/':{'op':'set','new':1}},{'/x//':5}]]"));
    QVERIFY(write.isOk());
    QCOMPARE(qs(AgencyStore::serialize(*write)),
             qs(j("[[{'/tandem/k':{'op':'set','new':1}},{'/x':{'old':5}}]]")));
    AgencyStore store;
    (void)store.apply(*write);
    QVERIFY(store.find("/tandem/k") == nullptr);  // the precondition failed: nothing written
    (void)store.apply(*AgencyStore::parseWrite(j("[[{'tandem//k/':1}]]")));
    QVERIFY(store.find("/tandem/k") != nullptr);
    QCOMPARE(store.find("/tandem/k")->as_int64(), std::int64_t(1));
    QVERIFY(store.find("tandem/k/") != nullptr);  // find normalises too
    QVERIFY(store.find("/tandem/missing") == nullptr);
    QVERIFY(store.find("/tandem/k/deeper") == nullptr);

    auto queries = AgencyStore::parseRead(j("[['tandem//k/','',  '/', '//a//b//']]"));
    QVERIFY(queries.isOk());
    QCOMPARE(queries->size(), std::size_t(1));
    const std::vector<std::string> expected{"/tandem/k", "/", "/", "/a/b"};
    QCOMPARE(queries->front(), expected);
  }

  void readShapes_data() {
    QTest::addColumn<QString>("tree");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("answer");
    const char* tree = "{'tandem':{'a':1,'b':{'c':2,'d':[3]},'e':null}}";
    QTest::newRow("nested from the root") << tree << "[['/tandem/a','/tandem/b/c']]"
                                          << "[{'tandem':{'a':1,'b':{'c':2}}}]";
    QTest::newRow("a subtree") << tree << "[['/tandem/b']]"
                               << "[{'tandem':{'b':{'c':2,'d':[3]}}}]";
    QTest::newRow("missing paths are absent") << tree << "[['/tandem/a','/tandem/x/y','/nope']]"
                                              << "[{'tandem':{'a':1}}]";
    QTest::newRow("only missing paths") << tree << "[['/tandem/x']]"
                                        << "[{}]";
    QTest::newRow("a path below a leaf is missing") << tree << "[['/tandem/a/z']]"
                                                    << "[{}]";
    QTest::newRow("a null value is present") << tree << "[['/tandem/e']]"
                                             << "[{'tandem':{'e':null}}]";
    QTest::newRow("root") << tree << "[['/']]" << QString("[%1]").arg(tree);
    QTest::newRow("root of an empty tree") << "{}"
                                           << "[['/']]"
                                           << "[{}]";
    QTest::newRow("overlapping paths") << tree << "[['/tandem/b/c','/tandem/b']]"
                                       << "[{'tandem':{'b':{'c':2,'d':[3]}}}]";
    QTest::newRow("one answer per query") << tree << "[['/tandem/a'],[],['/tandem/b/d']]"
                                          << "[{'tandem':{'a':1}},{},{'tandem':{'b':{'d':[3]}}}]";
    QTest::newRow("no queries") << tree << "[]"
                                << "[]";
  }
  void readShapes() {
    QFETCH(QString, tree);
    QFETCH(QString, query);
    QFETCH(QString, answer);
    AgencyStore store = storeWith(tree);
    auto queries = AgencyStore::parseRead(j(query));
    QVERIFY2(queries.isOk(), queries.status().message().c_str());
    const json::value actual = store.read(*queries);
    QVERIFY2(actual == parseJson(answer), json::serialize(actual).c_str());
  }

  void snapshotRestoreRoundTrip() {
    AgencyStore store;
    auto write = AgencyStore::parseWrite(
        j("[[{'/tandem/Plan/Leader':{'id':'SNGL-1','endpoint':'tcp://h:1','term':3},"
          "'/tandem/n':{'op':'increment','step':18446744073709551615},"
          "'/tandem/d':0.1,'/tandem/s':'\\u00e9\\n\\'','/tandem/l':[[],{},null,true,-7]}]]"));
    QVERIFY2(write.isOk(), write.status().message().c_str());
    QCOMPARE(resultsText(store.apply(*write)), QString("[true]"));
    QVERIFY(store.find("/tandem/n")->is_uint64());

    AgencyStore copy;
    QVERIFY(copy.restore(store.snapshot()).isOk());
    QVERIFY(json::value(copy.root()) == json::value(store.root()));
    QCOMPARE(qs(copy.snapshot()), qs(store.snapshot()));
    QVERIFY(copy.find("/tandem/n")->is_uint64());
    QVERIFY(copy.find("/tandem/d")->is_double());

    // A snapshot replaces the whole tree.
    AgencyStore other = storeWith("{'old':1}");
    QVERIFY(other.restore(store.snapshot()).isOk());
    QVERIFY(other.find("/old") == nullptr);
    QVERIFY(json::value(other.root()) == json::value(store.root()));
  }

  void restoreRefusesNonObjects_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("array") << "[1]";
    QTest::newRow("number") << "1";
    QTest::newRow("not JSON") << "{'a':";
    QTest::newRow("empty") << "";
  }
  void restoreRefusesNonObjects() {
    QFETCH(QString, text);
    AgencyStore store = storeWith("{'kept':true}");
    const std::string before = store.snapshot();
    const Status status = store.restore(j(text));
    QCOMPARE(status.code(), ErrorCode::kBadParameter);
    QVERIFY(!status.message().empty());
    QCOMPARE(qs(store.snapshot()), qs(before));
  }

  void entryTextIsCanonical() {
    auto write = AgencyStore::parseWrite(
        j("[[{'a/b':5,'c':{'x':1},'/d':{'op':'increment'}},{'e':[1],'/f':{'oldEmpty':true}}],"
          "[{'/g':{'op':'pop'}},{},'cid']]"));
    QVERIFY(write.isOk());
    const std::string text = AgencyStore::serialize(*write);
    QCOMPARE(qs(text), qs(j("[[{'/a/b':{'op':'set','new':5},'/c':{'op':'set','new':{'x':1}},"
                            "'/d':{'op':'increment'}},{'/e':{'old':[1]},'/f':{'oldEmpty':true}}],"
                            "[{'/g':{'op':'pop'}},{},'cid']]")));
    // The canonical text parses to itself, so the entry means what was validated.
    auto again = AgencyStore::parseWrite(text);
    QVERIFY(again.isOk());
    QCOMPARE(qs(AgencyStore::serialize(*again)), qs(text));
  }

  void applyEntryIgnoresEmptyAndUnparsableData() {
    AgencyStore store = storeWith("{'a':1}");
    QVERIFY(store.applyEntry("").empty());
    QVERIFY(store.applyEntry("not json").empty());
    QVERIFY(store.applyEntry(j("{'a':2}")).empty());
    QCOMPARE(qs(store.snapshot()), qs(j("{'a':1}")));
    // A hand-made entry with a malformed transaction fails that transaction only.
    QCOMPARE(resultsText(store.applyEntry(j("[[{'/a':{'op':'nope'}}],[{'/b':2}]]"))),
             QString("[false,true]"));
    QCOMPARE(qs(store.snapshot()), qs(j("{'a':1,'b':2}")));
  }

  void replicasApplyingTheSameEntriesAgree() {
    const char* bodies[] = {
        "[[{'/t/n':{'op':'increment'}}],[{'/t/l':{'op':'push','new':1}}]]",
        "[[{'/t/n':{'op':'increment','step':0.5}},{'/t/n':1}],[{'/t/l':{'op':'prepend','new':0}}]]",
        "[[{'/t/l':{'op':'erase','val':1},'/t/m':{'op':'set','new':{'k':'v'}}},{'/t/l':[0,1]}]]",
        "[[{'/t/m/k':{'op':'delete'},'/t/l':{'op':'shift'}},{'/t/l':{'isArray':true}}]]",
    };
    AgencyStore first;
    AgencyStore second;
    for (const char* body : bodies) {
      auto write = AgencyStore::parseWrite(j(body));
      QVERIFY2(write.isOk(), body);
      const std::string entry = AgencyStore::serialize(*write);
      QCOMPARE(resultsText(first.applyEntry(entry)), resultsText(second.applyEntry(entry)));
      QCOMPARE(qs(first.snapshot()), qs(second.snapshot()));
    }
    QVERIFY2(sameTree(first.root(), parseJson("{'t':{'n':1.5,'l':[],'m':{}}}")),
             first.snapshot().c_str());
  }

  void malformedWrites_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int bad = static_cast<int>(ErrorCode::kBadParameter);
    const int corrupt = static_cast<int>(ErrorCode::kCorruptedJson);
    QTest::newRow("not JSON") << "[[{'/k':1}]" << corrupt << "is not valid JSON";
    QTest::newRow("trailing garbage") << "[] x" << corrupt << "is not valid JSON";
    QTest::newRow("empty body") << "" << corrupt << "is not valid JSON";
    QTest::newRow("not an array") << "{'/k':1}" << bad << "must be an array of transactions";
    QTest::newRow("transaction not an array")
        << "[{'/k':1}]" << bad << "transaction 1: must be an array";
    QTest::newRow("empty transaction") << "[[]]" << bad << "transaction 1: is empty";
    QTest::newRow("more than 3 elements")
        << "[[{'/k':1},{},'id','x']]" << bad << "transaction 1: has 4 elements";
    QTest::newRow("operations not an object")
        << "[[[{'/k':1}]]]" << bad << "transaction 1: operations must be an object";
    QTest::newRow("operations a string") << "[['/k']]" << bad << "operations must be an object";
    QTest::newRow("unknown op") << "[[{'/tandem/k':{'op':'sett','new':1}}]]" << bad
                                << "transaction 1: unknown operation \"sett\" for /tandem/k";
    QTest::newRow("op not a string")
        << "[[{'/k':{'op':1}}]]" << bad << "transaction 1: \"op\" for /k must be a string";
    QTest::newRow("set without new")
        << "[[{'/k':{'op':'set'}}]]" << bad << "operation \"set\" for /k needs \"new\"";
    QTest::newRow("push without new")
        << "[[{'/k':{'op':'push','val':1}}]]" << bad << "operation \"push\" for /k";
    QTest::newRow("prepend without new")
        << "[[{'/k':{'op':'prepend'}}]]" << bad << "operation \"prepend\" for /k needs \"new\"";
    QTest::newRow("erase without val")
        << "[[{'/k':{'op':'erase'}}]]" << bad << "operation \"erase\" for /k needs \"val\"";
    QTest::newRow("increment with a string step")
        << "[[{'/k':{'op':'increment','step':'2'}}]]" << bad
        << "\"step\" of increment for /k must be a number";
    QTest::newRow("decrement with a boolean step")
        << "[[{'/k':{'op':'decrement','step':true}}]]" << bad
        << "\"step\" of decrement for /k must be a number";
    QTest::newRow("unsupported member") << "[[{'/k':{'op':'set','new':1,'ttl':5}}]]" << bad
                                        << "operation \"set\" for /k does not take \"ttl\"";
    QTest::newRow("member on an operation without operands")
        << "[[{'/k':{'op':'delete','new':1}}]]" << bad << "does not take \"new\"";
    QTest::newRow("write to the root") << "[[{'/':1}]]" << bad << "cannot write the root";
    QTest::newRow("same path twice after normalisation")
        << "[[{'/a/b':1,'a//b/':2}]]" << bad << "path /a/b appears twice among operations";
    QTest::newRow("preconditions not an object")
        << "[[{'/k':1},[{'/k':1}]]]" << bad << "transaction 1: preconditions must be an object";
    QTest::newRow("bad precondition member") << "[[{'/k':1},{'/tandem/k':{'oldd':1}}]]" << bad
                                             << "unknown precondition \"oldd\" for /tandem/k";
    QTest::newRow("oldEmpty not a boolean") << "[[{'/k':1},{'/k':{'oldEmpty':1}}]]" << bad
                                            << "\"oldEmpty\" for /k must be true or false";
    QTest::newRow("isArray not a boolean") << "[[{'/k':1},{'/k':{'isArray':'yes'}}]]" << bad
                                           << "\"isArray\" for /k must be true or false";
    QTest::newRow("empty precondition object")
        << "[[{'/k':1},{'/k':{}}]]" << bad << "precondition for /k is an empty object";
    QTest::newRow("same precondition path twice")
        << "[[{'/k':1},{'/p':1,'p/':2}]]" << bad << "path /p appears twice among preconditions";
    QTest::newRow("client id not a string")
        << "[[{'/k':1},{},5]]" << bad << "transaction 1: client id must be a string";
    QTest::newRow("client id null")
        << "[[{'/k':1},{},null]]" << bad << "client id must be a string";
    QTest::newRow("path too deep") << QString("[[{'%1':1}]]").arg(QString("/a").repeated(65)) << bad
                                   << "has more than 64 segments";
  }
  void malformedWrites() {
    QFETCH(QString, body);
    QFETCH(int, code);
    QFETCH(QString, message);
    auto write = AgencyStore::parseWrite(j(body));
    QVERIFY(!write.isOk());
    QCOMPARE(static_cast<int>(write.status().code()), code);
    QVERIFY2(contains(write.status().message(), message), write.status().message().c_str());
    QCOMPARE(write.status().httpStatus(), 400);

    // The same text arriving as a Raft entry (it never does: entries are parseWrite's output)
    // fails every transaction and leaves the store as it was.
    AgencyStore store = storeWith("{'k':0,'p':1}");
    for (bool applied : store.applyEntry(j(body))) QVERIFY(!applied);
    QCOMPARE(qs(store.snapshot()), qs(j("{'k':0,'p':1}")));
  }

  void errorsNameTheFailingTransaction() {
    auto write = AgencyStore::parseWrite(j("[[{'/k':1}],[{'/k':2}],[{'/k':{'op':'bad'}}]]"));
    QCOMPARE(write.status().code(), ErrorCode::kBadParameter);
    QCOMPARE(qs(write.status().message()),
             QString("transaction 3: unknown operation \"bad\" for /k"));
  }

  void bodiesNestedTooDeeplyAreRefused() {
    const QString value = QString("[").repeated(80) + QString("]").repeated(80);
    auto write = AgencyStore::parseWrite(j(QString("[[{'/k':%1}]]").arg(value)));
    QCOMPARE(write.status().code(), ErrorCode::kCorruptedJson);
    auto read = AgencyStore::parseRead(j(QString("[[%1]]").arg(value)));
    QCOMPARE(read.status().code(), ErrorCode::kCorruptedJson);
  }

  void malformedReads_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int bad = static_cast<int>(ErrorCode::kBadParameter);
    const int corrupt = static_cast<int>(ErrorCode::kCorruptedJson);
    QTest::newRow("not JSON") << "[['/a']" << corrupt << "agency read body is not valid JSON";
    QTest::newRow("not an array") << "{'q':['/a']}" << bad << "must be an array of queries";
    QTest::newRow("a string instead of queries") << "'/a'" << bad << "must be an array of queries";
    QTest::newRow("query not an array")
        << "[['/a'],'/b']" << bad << "read query 2 must be an array of path strings";
    QTest::newRow("path not a string")
        << "[['/a',1]]" << bad << "read query 1 must be an array of path strings";
    QTest::newRow("nested array as path")
        << "[[['/a']]]" << bad << "read query 1 must be an array of path strings";
  }
  void malformedReads() {
    QFETCH(QString, body);
    QFETCH(int, code);
    QFETCH(QString, message);
    auto queries = AgencyStore::parseRead(j(body));
    QVERIFY(!queries.isOk());
    QCOMPARE(static_cast<int>(queries.status().code()), code);
    QVERIFY2(contains(queries.status().message(), message), queries.status().message().c_str());
  }
};

QTEST_GUILESS_MAIN(AgencyStoreTest)
#include "tst_agency_store.moc"
