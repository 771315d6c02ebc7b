// Calls over Connect and gRPC-Web (http_protocol.h), through libcurl: the
// same seam as the gRPC engine (RequestStream in, ResponseSink out, a
// CallOutcome at the end), so that JSON, errors and printing are shared.
#ifndef RPCCLI_HTTP_CALL_H_
#define RPCCLI_HTTP_CALL_H_

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "call.h"
#include "http_protocol.h"
#include "options.h"

namespace rpccli {

/// Where and how to send a method's calls over HTTP.
struct HttpSetup {
  Protocol protocol = Protocol::kConnect;
  /// `http://host:port` or `https://host:port`, with any path prefix, and
  /// no trailing slash: the method's path is appended.
  std::string base_url;
  enum class Version { kAny, kHttp1, kHttp2PriorKnowledge };
  Version version = Version::kAny;
  /// TLS files, timeouts, the proxy, the user agent, the response limit.
  ConnectionOptions connection;
};

/// The setup `connection` asks for: its protocol (connect or grpcweb),
/// base URL and HTTP version. False, with `err`, if TARGET is no HTTP
/// address.
bool HttpSetupFor(const ConnectionOptions& connection, HttpSetup* setup,
                  std::string* err);

/// The base URL TARGET names: an http:// or https:// URL as it is (less a
/// trailing slash), or host:port as http:// with --plaintext and https://
/// otherwise. False, with `err`, for anything else (unix: and other gRPC
/// target forms).
bool HttpBaseUrl(const ConnectionOptions& connection, std::string* url,
                 std::string* err);

/// Whether the method streams requests, responses, or both.
struct MethodShape {
  bool client_streaming = false;
  bool server_streaming = false;
};

/// The request header that names the compression of messages: Connect's
/// `content-encoding` (unary) or `connect-content-encoding` (streams),
/// gRPC-Web's `grpc-encoding`.
std::string CompressionHeader(Protocol protocol, MethodShape shape);

/// Why `setup` cannot carry calls of this shape (a client or bidi stream
/// over gRPC-Web, or over HTTP/1.1 for Connect), as a usage error; empty
/// if it can.
std::string CannotCarry(const HttpSetup& setup, MethodShape shape);

class HttpTransfer;
struct CurlLibrary;

/// One call over HTTP.
class HttpCall : public CallEngine {
 public:
  HttpCall(HttpSetup http, CallSetup setup, MethodShape shape);
  ~HttpCall() override;
  HttpCall(const HttpCall&) = delete;
  HttpCall& operator=(const HttpCall&) = delete;

  CallOutcome Run(RequestStream* requests, ResponseSink* responses) override;
  void Cancel() override;

 private:
  std::unique_ptr<HttpTransfer> transfer_;
  const CurlLibrary* curl_ = nullptr;
  std::mutex mutex_;        // guards multi_ against Cancel
  CURLM* multi_ = nullptr;  // the loop's
  std::atomic<bool> cancelled_{false};
};

}  // namespace rpccli

#endif  // RPCCLI_HTTP_CALL_H_
