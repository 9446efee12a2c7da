// RawHttpConnection: one blocking loopback TCP connection that speaks just enough HTTP/1.1
// to test the server byte by byte — malformed requests, partial requests, pipelining,
// keep-alive reuse and connection closes, none of which QNetworkAccessManager exposes.
//
// Plain POSIX sockets and std types, so it can be used from any std::thread (the load
// tests run one per writer). Every wait is bounded by the timeout given to the constructor.
// Thread-safety: one connection per thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace tandem::test {

struct RawResponse {
  int status = 0;     // 0: no complete response (see error)
  std::string error;  // why there is none: "closed", "timeout", "malformed", ...
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// "METHOD path HTTP/1.1" with Host, Content-Length (when there is a body) and `extra`
// header lines (each "Name: value\r\n").
std::string buildRequest(std::string_view method, std::string_view path, std::string_view body = {},
                         std::string_view extra = {});

class RawHttpConnection {
 public:
  RawHttpConnection(std::uint16_t port, int timeout_ms = 10000);
  ~RawHttpConnection();
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  bool isConnected() const { return fd_ >= 0; }

  // Sends every byte; false if the connection failed.
  bool send(std::string_view bytes);
  // Reads one response; `head` for the answer to a HEAD request (no body despite its
  // Content-Length).
  RawResponse read(bool head = false);
  // send(buildRequest(...)) then read().
  RawResponse request(std::string_view method, std::string_view path, std::string_view body = {},
                      std::string_view extra = {});
  // True if the server closes the connection within timeout_ms (bytes it sends first are
  // discarded).
  bool waitForClose(int timeout_ms);

 private:
  // Appends what arrives within the timeout to buffer_; false on close, error or timeout
  // (error_ says which).
  bool fill(int timeout_ms);
  bool readLine(std::string& line);

  int fd_ = -1;
  int timeout_ms_;
  std::string buffer_;
  std::string error_;
};

}  // namespace tandem::test
