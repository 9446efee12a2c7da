#include "write_load.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "raw_http.h"

namespace tandem::test {

WriteLoad::WriteLoad(std::uint16_t port, std::string collection, int writers,
                     int max_inserts_per_writer, std::chrono::milliseconds deadline)
    : port_(port),
      collection_(std::move(collection)),
      writers_(writers),
      max_inserts_(max_inserts_per_writer),
      deadline_(std::chrono::steady_clock::now() + deadline) {}

WriteLoad::~WriteLoad() {
  stop();
  join();
}

void WriteLoad::start() {
  for (int writer = 0; writer < writers_; ++writer) {
    threads_.emplace_back([this, writer] { runWriter(writer); });
  }
}

bool WriteLoad::waitForAcknowledged(std::size_t count, int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (acknowledged_count_.load() < count) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

void WriteLoad::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

std::string WriteLoad::unexpectedText() const {
  std::string text;
  for (const std::string& line : unexpected_) text += line + "\n";
  return text;
}

void WriteLoad::record(const std::string& key, const std::string& rev) {
  std::lock_guard lock(mutex_);
  acknowledged_[key] = rev;
  acknowledged_count_.fetch_add(1);
}

void WriteLoad::recordUnexpected(std::string line) {
  std::lock_guard lock(mutex_);
  unexpected_.push_back(std::move(line));
}

void WriteLoad::runWriter(int writer) {
  RawHttpConnection connection(port_, 10000);
  const std::string path = "/_db/_system/_api/document/" + collection_;
  // Some bulk per document, so that a commit has real work to make durable.
  const std::string padding(200, 'x');
  for (int n = 0; n < max_inserts_; ++n) {
    if (stop_.load() || std::chrono::steady_clock::now() > deadline_) return;
    const std::string key = "w" + std::to_string(writer) + "-" + std::to_string(n);
    const std::string body = R"({"_key":")" + key + R"(","writer":)" + std::to_string(writer) +
                             R"(,"n":)" + std::to_string(n) + R"(,"pad":")" + padding + R"("})";
    const RawResponse response = connection.request("POST", path, body);
    if (response.status == 0) return;  // the node went away: this insert's fate is unknown
    const QJsonObject json =
        QJsonDocument::fromJson(QByteArray::fromStdString(response.body)).object();
    if (response.status == 201 || response.status == 202) {
      record(key, json.value("_rev").toString().toStdString());
      if (response.header("connection") == "close") return;
      continue;
    }
    if (response.status == 503 && json.value("errorNum").toInt() == 30) {
      std::lock_guard lock(mutex_);
      ++shutting_down_answers_;
      return;
    }
    recordUnexpected(std::to_string(response.status) + " " + response.body);
    return;
  }
}

}  // namespace tandem::test
