#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace tandem::test {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::string buildRequest(std::string_view method, std::string_view path, std::string_view body,
                         std::string_view extra) {
  std::string request;
  request.reserve(128 + body.size());
  request.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
  request += "Host: 127.0.0.1\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request.append(extra);
  request += "\r\n";
  request.append(body);
  return request;
}

RawHttpConnection::RawHttpConnection(std::uint16_t port, int timeout_ms) : timeout_ms_(timeout_ms) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawHttpConnection::~RawHttpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawHttpConnection::send(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    pollfd p{fd_, POLLOUT, 0};
    if (::poll(&p, 1, timeout_ms_) <= 0) return false;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return fd_ >= 0;
}

bool RawHttpConnection::fill(int timeout_ms) {
  if (fd_ < 0) {
    error_ = "not connected";
    return false;
  }
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  if (ready == 0) {
    error_ = "timeout";
    return false;
  }
  char chunk[16384];
  const ssize_t n = ready < 0 ? -1 : ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    error_ = n == 0 ? "closed" : "error";
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool RawHttpConnection::readLine(std::string& line) {
  for (;;) {
    const auto end = buffer_.find("\r\n");
    if (end != std::string::npos) {
      line = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      return true;
    }
    if (!fill(timeout_ms_)) return false;
  }
}

RawResponse RawHttpConnection::read(bool head) {
  RawResponse response;
  std::string line;
  if (!readLine(line)) {
    response.error = error_;
    return response;
  }
  // "HTTP/1.1 200 OK"
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) {
    response.error = "malformed status line: " + line;
    return response;
  }
  const int status = std::atoi(line.c_str() + 9);
  while (readLine(line) && !line.empty()) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    response.headers[lower(line.substr(0, colon))] = trim(std::string_view(line).substr(colon + 1));
  }
  if (!line.empty()) {
    response.error = error_;
    return response;
  }
  const bool bodiless = head || status / 100 == 1 || status == 204 || status == 304;
  const std::size_t length =
      bodiless ? 0 : std::strtoull(response.header("content-length").c_str(), nullptr, 10);
  while (buffer_.size() < length) {
    if (!fill(timeout_ms_)) {
      response.error = error_;
      return response;
    }
  }
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  response.status = status;
  return response;
}

RawResponse RawHttpConnection::request(std::string_view method, std::string_view path,
                                       std::string_view body, std::string_view extra) {
  if (!send(buildRequest(method, path, body, extra))) {
    RawResponse response;
    response.error = "send failed";
    return response;
  }
  return read(method == "HEAD");
}

bool RawHttpConnection::waitForClose(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    buffer_.clear();
    if (!fill(static_cast<int>(left.count()))) return error_ != "timeout";
  }
}

}  // namespace tandem::test
