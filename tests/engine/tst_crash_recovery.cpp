// Reopen after an unclean end: a child process writes, records every acknowledged key, and
// kills itself with SIGKILL while more writes are in flight. The parent reopens the store and
// checks that every acknowledged key is there and that the oplog agrees with the data.
#include <atomic>
#include <map>
#include <thread>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include "store_sync.h"

using namespace tandem;

namespace {

constexpr int kWriters = 4;
constexpr int kKillAfterAcks = 1500;

// Runs in the forked child; never returns.
[[noreturn]] void writeUntilKilled(const StoreOptions& options, const std::string& ack_file) {
  const int fd = ::open(ack_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  auto opened = Store::open(options);
  if (fd < 0 || !opened) _exit(3);
  std::unique_ptr<Store> store = std::move(*opened);
  std::atomic<int> acks{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0;; ++i) {
        const std::string key = "w" + std::to_string(w) + "-" + std::to_string(i);
        std::string body =
            "{\"_key\":\"" + key + "\",\"payload\":\"" + std::string(100, 'p') + "\"}";
        if (i % 5 == 0) body = "[" + body + ",{\"_key\":\"" + key + "b\"}]";
        store->insert("_system", "docs", body, {}, [fd, key, &acks](Result<WriteResult> r) {
          if (!r) return;
          for (const auto& item : r->items) {
            if (!item.status) continue;
            const std::string line = item.key + "\n";
            if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
              _exit(4);
            }
          }
          if (++acks == kKillAfterAcks) ::kill(::getpid(), SIGKILL);
        });
        if (i % 64 == 63) std::this_thread::yield();
      }
    });
  }
  for (auto& writer : writers) writer.join();
  _exit(5);
}

}  // namespace

class CrashRecoveryTest : public QObject {
  Q_OBJECT

 private slots:
  void acknowledgedWritesSurviveSigkill_data() {
    QTest::addColumn<int>("sync");
    QTest::newRow("synchronous=FULL") << int(SyncMode::kFull);
    QTest::newRow("synchronous=NORMAL") << int(SyncMode::kNormal);
  }
  void acknowledgedWritesSurviveSigkill() {
    QFETCH(int, sync);
    QTemporaryDir dir;
    StoreOptions options = test::optionsFor(dir.path() + "/data");
    options.sync = static_cast<SyncMode>(sync);
    {
      auto store = test::openStore(options);
      QVERIFY(test::createCollection(*store, "_system", "docs").isOk());
    }
    const std::string ack_file = (dir.path() + "/acks.txt").toStdString();

    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) writeUntilKilled(options, ack_file);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child did not die by SIGKILL");

    auto store = test::openStore(options);
    QFile acks(QString::fromStdString(ack_file));
    QVERIFY(acks.open(QIODevice::ReadOnly));
    const QList<QByteArray> keys = acks.readAll().split('\n');
    int checked = 0;
    for (const QByteArray& key : keys) {
      if (key.isEmpty()) continue;
      QVERIFY2(store->get("_system", "docs", key.toStdString()).isOk(), key.constData());
      ++checked;
    }
    QVERIFY(checked >= kKillAfterAcks);
    const std::uint64_t count = store->count("_system", "docs").value();
    QVERIFY(count >= static_cast<std::uint64_t>(checked));

    // The oplog agrees with the data: one upsert per document, same revision and body.
    auto entries = store->readOplog(0, 1000000);
    QVERIFY(entries.isOk());
    std::map<std::string, const OplogEntry*> upserts;
    std::uint64_t previous = 0;
    for (const auto& entry : *entries) {
      QVERIFY(entry.tick > previous);
      previous = entry.tick;
      if (entry.type == OpType::kDocumentUpsert) QVERIFY(upserts.emplace(entry.key, &entry).second);
    }
    QCOMPARE(static_cast<std::uint64_t>(upserts.size()), count);
    auto documents = store->getMany("_system", "docs", [&] {
      std::string body = "[";
      for (const auto& [key, entry] : upserts)
        body += (body.size() > 1 ? ",\"" : "\"") + key + "\"";
      return body + "]";
    }());
    QVERIFY(documents.isOk());
    for (const auto& document : *documents) {
      QVERIFY(document.status.isOk());
      const OplogEntry* entry = upserts.at(document.key);
      QCOMPARE(document.rev, entry->rev);
      QCOMPARE(document.new_json, entry->body);
    }
    QCOMPARE(store->lastTick(), previous);
    qDebug("%d acknowledged keys checked, %llu documents after recovery", checked,
           static_cast<unsigned long long>(count));
  }
};

QTEST_GUILESS_MAIN(CrashRecoveryTest)
#include "tst_crash_recovery.moc"
