// Key generators (traditional, autoincrement, uuid, padded), user-key tracking, persistence of
// lastValue, and the format of revisions.
#include <set>

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store_sync.h"

using namespace tandem;
using tandem::test::j;

class KeyGeneratorsTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Store> store_;

  std::string createWith(const KeyOptions& key_options) {
    static int counter = 0;
    CollectionSpec spec;
    spec.name = "c" + std::to_string(++counter);
    spec.key_options = key_options;
    auto created = test::createCollection(*store_, "_system", spec);
    if (!created) qFatal("create: %s", created.status().toString().c_str());
    return spec.name;
  }
  std::vector<std::string> generate(const std::string& collection, int n) {
    std::string body = "[";
    for (int i = 0; i < n; ++i) body += i == 0 ? "{}" : ",{}";
    body += "]";
    auto result = test::insert(*store_, collection, body);
    std::vector<std::string> keys;
    for (const auto& item : result->items) {
      if (!item.status) qFatal("insert: %s", item.status.toString().c_str());
      keys.push_back(item.key);
    }
    return keys;
  }

 private slots:
  void init() {
    QDir(dir_.path()).removeRecursively();
    store_ = test::openStore(test::optionsFor(dir_.path()));
  }
  void cleanup() { store_.reset(); }

  void traditionalKeysAreIncreasingDecimals() {
    const auto name = createWith({});
    const auto keys = generate(name, 3);
    QCOMPARE(keys, (std::vector<std::string>{"1", "2", "3"}));
    QCOMPARE(store_->collection("_system", name)->key_options.last_value, std::uint64_t(3));
  }

  void autoincrementKeys_data() {
    QTest::addColumn<quint64>("offset");
    QTest::addColumn<quint64>("increment");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("defaults") << quint64(0) << quint64(1) << QStringList{"1", "2", "3"};
    QTest::newRow("step 5") << quint64(0) << quint64(5) << QStringList{"5", "10", "15"};
    QTest::newRow("offset 7 step 10") << quint64(7) << quint64(10) << QStringList{"7", "17", "27"};
  }
  void autoincrementKeys() {
    QFETCH(quint64, offset);
    QFETCH(quint64, increment);
    QFETCH(QStringList, expected);
    KeyOptions options;
    options.type = KeyGeneratorType::kAutoincrement;
    options.offset = offset;
    options.increment = increment;
    const auto keys = generate(createWith(options), 3);
    QStringList actual;
    for (const auto& key : keys) actual << QString::fromStdString(key);
    QCOMPARE(actual, expected);
  }

  void autoincrementWithZeroIncrementIsRefused() {
    CollectionSpec spec;
    spec.name = "zero";
    spec.key_options.type = KeyGeneratorType::kAutoincrement;
    spec.key_options.increment = 0;
    QCOMPARE(test::createCollection(*store_, "_system", spec).status().code(),
             ErrorCode::kBadParameter);
  }

  void uuidKeysAreVersion4Uuids() {
    KeyOptions options;
    options.type = KeyGeneratorType::kUuid;
    const auto keys = generate(createWith(options), 2);
    const QRegularExpression uuid(
        "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    for (const auto& key : keys) {
      QVERIFY2(uuid.match(QString::fromStdString(key)).hasMatch(), key.c_str());
    }
    QVERIFY(keys[0] != keys[1]);
  }

  void paddedKeysAreSixteenHexDigits() {
    KeyOptions options;
    options.type = KeyGeneratorType::kPadded;
    const auto name = createWith(options);
    QCOMPARE(generate(name, 2), (std::vector<std::string>{"0000000000000001", "0000000000000002"}));
    QVERIFY(test::insert(*store_, name, j("{'_key':'00000000000000ff'}")).isOk());
    QCOMPARE(generate(name, 1), (std::vector<std::string>{"0000000000000100"}));
  }

  void generatedKeysSkipPastNumericUserKeys() {
    const auto name = createWith({});
    QVERIFY(test::insert(*store_, name, j("{'_key':'41'}"))->items[0].status.isOk());
    QVERIFY(test::insert(*store_, name, j("{'_key':'abc'}"))->items[0].status.isOk());
    QCOMPARE(generate(name, 1), (std::vector<std::string>{"42"}));
  }

  void lastValueSurvivesReopen() {
    const auto name = createWith({});
    generate(name, 5);
    store_.reset();
    store_ = test::openStore(test::optionsFor(dir_.path()));
    QCOMPARE(store_->collection("_system", name)->key_options.last_value, std::uint64_t(5));
    QCOMPARE(generate(name, 1), (std::vector<std::string>{"6"}));
  }

  void revisionsLookLikeArangoRevisionsAndIncrease() {
    const auto name = createWith({});
    auto result = test::insert(*store_, name, "[{},{},{}]");
    const QRegularExpression format("^[-_A-Za-z0-9]{11}$");
    std::set<std::string> seen;
    for (const auto& item : result->items) {
      QVERIFY2(format.match(QString::fromStdString(item.rev)).hasMatch(), item.rev.c_str());
      QVERIFY(seen.insert(item.rev).second);
    }
    // The oplog records them in tick order; decoding shows they increase.
    auto entries = store_->readOplog(0, 100);
    std::string previous;
    for (const auto& entry : *entries) {
      if (entry.rev.empty()) continue;
      if (!previous.empty()) {
        // Same length, so the custom alphabet order decides; compare by decoding digits.
        const std::string alphabet =
            "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        auto value = [&](const std::string& rev) {
          std::uint64_t v = 0;
          for (char c : rev) v = v * 64 + alphabet.find(c);
          return v;
        };
        QVERIFY(value(entry.rev) > value(previous));
      }
      previous = entry.rev;
    }
  }
};

QTEST_GUILESS_MAIN(KeyGeneratorsTest)
#include "tst_key_generators.moc"
