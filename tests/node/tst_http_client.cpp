// SyncHttpClient: requests, keep-alive reuse, reconnect after the peer closes, timeouts,
// refused connections and cancel(), against a scripted loopback server and a real node.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/http_client.h"
#include "node_process.h"

using tandem::ErrorCode;
using tandem::node::cluster::HttpClientOptions;
using tandem::node::cluster::SyncHttpClient;
using namespace std::chrono_literals;

namespace {

// A loopback server on its own thread: accepts connections one after another and, per request,
// answers 200 with the request line as body (or stays silent, or closes, as scripted). It reads
// one request per recv() call, which is enough for the small requests these tests send.
class ScriptedServer {
 public:
  enum class Mode { kAnswer, kSilent, kAnswerAndClose };

  explicit ScriptedServer(Mode mode) : mode_(mode) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~ScriptedServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    {
      std::lock_guard lock(mutex_);
      if (client_ >= 0) ::shutdown(client_, SHUT_RDWR);
    }
    thread_.join();
  }

  std::string endpoint() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_.load(); }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      ++accepted_;
      {
        std::lock_guard lock(mutex_);
        client_ = client;
      }
      converse(client);
      {
        std::lock_guard lock(mutex_);
        client_ = -1;
      }
      ::close(client);
    }
  }

  void converse(int client) {
    char buffer[8192];
    while (!stopping_) {
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      if (mode_ == Mode::kSilent) continue;
      std::string request(buffer, static_cast<std::size_t>(got));
      std::string line = request.substr(0, request.find("\r\n"));
      std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Test: Yes\r\n";
      if (mode_ == Mode::kAnswerAndClose) answer += "Connection: close\r\n";
      answer += "Content-Length: " + std::to_string(line.size()) + "\r\n\r\n" + line;
      ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      if (mode_ == Mode::kAnswerAndClose) return;
    }
  }

  Mode mode_;
  int listener_ = -1;
  int client_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::thread thread_;
};

// kill(SIGSTOP) returns before every thread of the target has stopped: wait until the kernel
// reports the process as stopped ('T' in /proc/<pid>/stat), so no thread answers any more.
bool waitStopped(qint64 pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const std::size_t paren = line.rfind(')');
    if (paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'T') {
      return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

}  // namespace

class HttpClientTest : public QObject {
  Q_OBJECT

 private slots:
  void requestsReuseOneKeptAliveConnection();
  void reconnectsWhenThePeerClosesTheConnection();
  void silentPeerTimesOutWithinTheTimeout();
  void refusedConnectionIsServiceUnavailable();
  void cancelEndsARequestInFlightAndEveryLaterOne();
  void badEndpointIsRefusedWithoutConnecting();
  void realNodeAnswersAndAStoppedNodeTimesOut();
};

void HttpClientTest::requestsReuseOneKeptAliveConnection() {
  ScriptedServer server(ScriptedServer::Mode::kAnswer);
  SyncHttpClient client(server.endpoint());
  for (int i = 0; i < 3; ++i) {
    auto reply = client.request("GET", "/_api/version?n=" + std::to_string(i), "", 2s);
    QVERIFY2(reply.isOk(), reply.status().toString().c_str());
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, "GET /_api/version?n=" + std::to_string(i) + " HTTP/1.1");
    QCOMPARE(reply->header("x-test"), std::string("Yes"));
  }
  QCOMPARE(server.accepted(), 1);
  client.disconnect();
  QVERIFY(client.request("POST", "/x", "{}", 2s).isOk());
  QCOMPARE(server.accepted(), 2);
}

void HttpClientTest::reconnectsWhenThePeerClosesTheConnection() {
  ScriptedServer server(ScriptedServer::Mode::kAnswerAndClose);
  SyncHttpClient client(server.endpoint());
  for (int i = 0; i < 3; ++i) {
    auto reply = client.request("GET", "/a", "", 2s);
    QVERIFY2(reply.isOk(), reply.status().toString().c_str());
    QCOMPARE(reply->status, 200);
  }
  QCOMPARE(server.accepted(), 3);
}

void HttpClientTest::silentPeerTimesOutWithinTheTimeout() {
  ScriptedServer server(ScriptedServer::Mode::kSilent);
  SyncHttpClient client(server.endpoint());
  const auto started = std::chrono::steady_clock::now();
  auto reply = client.request("GET", "/a", "", 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  QVERIFY(!reply.isOk());
  QCOMPARE(reply.status().code(), ErrorCode::kHttpServiceUnavailable);
  QVERIFY(reply.status().message().find("timed out") != std::string::npos);
  QVERIFY(took >= 250ms);
  QVERIFY(took < 2s);
}

void HttpClientTest::refusedConnectionIsServiceUnavailable() {
  const quint16 port = tandem::test::NodeProcess::freeLoopbackPort();
  SyncHttpClient client("http://127.0.0.1:" + std::to_string(port));
  auto reply = client.request("GET", "/a", "", 2s);
  QVERIFY(!reply.isOk());
  QCOMPARE(reply.status().code(), ErrorCode::kHttpServiceUnavailable);
  QVERIFY2(reply.status().message().starts_with("cannot reach http://127.0.0.1:"),
           reply.status().message().c_str());
}

void HttpClientTest::cancelEndsARequestInFlightAndEveryLaterOne() {
  ScriptedServer server(ScriptedServer::Mode::kSilent);
  SyncHttpClient client(server.endpoint());
  std::thread canceller([&client] {
    std::this_thread::sleep_for(100ms);
    client.cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  auto reply = client.request("GET", "/a", "", 10s);
  const auto took = std::chrono::steady_clock::now() - started;
  canceller.join();
  QVERIFY(!reply.isOk());
  QCOMPARE(reply.status().code(), ErrorCode::kShuttingDown);
  QVERIFY(took < 5s);
  auto later = client.request("GET", "/a", "", 10s);
  QCOMPARE(later.status().code(), ErrorCode::kShuttingDown);
}

void HttpClientTest::badEndpointIsRefusedWithoutConnecting() {
  SyncHttpClient client("nonsense");
  auto reply = client.request("GET", "/a", "", 1s);
  QVERIFY(!reply.isOk());
  QCOMPARE(reply.status().code(), ErrorCode::kBadParameter);
}

void HttpClientTest::realNodeAnswersAndAStoppedNodeTimesOut() {
  QTemporaryDir dir;
  tandem::test::NodeProcess node(dir.path());
  QVERIFY2(node.start(), qPrintable(node.stderrText()));
  SyncHttpClient client(node.endpoint().toStdString());
  auto version = client.request("GET", "/_api/version", "", 5s);
  QVERIFY2(version.isOk(), version.status().toString().c_str());
  QCOMPARE(version->status, 200);
  QVERIFY(version->body.find("\"server\":\"arango\"") != std::string::npos);
  auto missing = client.request("GET", "/_api/nothing-here", "", 5s);
  QVERIFY(missing.isOk());
  QCOMPARE(missing->status, 404);

  node.sendSignal(SIGSTOP);
  QVERIFY(waitStopped(node.pid()));
  const auto started = std::chrono::steady_clock::now();
  auto stopped = client.request("GET", "/_api/version", "", 400ms);
  const auto took = std::chrono::steady_clock::now() - started;
  node.sendSignal(SIGCONT);
  QVERIFY(!stopped.isOk());
  QCOMPARE(stopped.status().code(), ErrorCode::kHttpServiceUnavailable);
  QVERIFY(took < 3s);
  auto again = client.request("GET", "/_api/version", "", 5s);
  QVERIFY2(again.isOk(), again.status().toString().c_str());
  QCOMPARE(again->status, 200);
}

QTEST_GUILESS_MAIN(HttpClientTest)
#include "tst_http_client.moc"
