// Calls over Connect and gRPC-Web (http_protocol.h), through libcurl: the
// same seam as the gRPC engine (RequestStream in, ResponseSink out, a
// CallOutcome at the end), so that JSON, errors and printing are shared.
#ifndef RPCCLI_HTTP_CALL_H_
#define RPCCLI_HTTP_CALL_H_

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "call.h"
#include "call_runner.h"
#include "http_protocol.h"
#include "options.h"
#include "tls_files.h"
#include "trust_store.h"

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
  /// What the TLS files hold, read once (a file may be a pipe).
  TlsFiles tls_files;
  /// The roots to trust without --cacert (for https:// only).
  TrustStore trust_store;
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

/// Many calls over HTTP for `call --batch` and bench, up to `concurrency`
/// at once on one libcurl multi handle, each call in flight on a
/// connection of its own, kept for the next call (commands/common.cc says
/// why not HTTP/2's one shared connection).
class HttpCallRunner : public PlannedCalls {
 public:
  HttpCallRunner(HttpSetup http, CallSetup setup, MethodShape shape,
                 int concurrency);
  ~HttpCallRunner() override;
  HttpCallRunner(const HttpCallRunner&) = delete;
  HttpCallRunner& operator=(const HttpCallRunner&) = delete;

  void Run(CallPlan* plan) override;
  void Wake() override;
  void Cancel(CallOutcome::End why) override;

 private:
  struct InFlight {
    int64_t id;
    std::unique_ptr<HttpTransfer> transfer;
  };
  size_t CallsInFlight() const override { return in_flight_.size(); }
  void StartCall(int64_t id, const PlannedCall& planned) override;
  void EndCall(CURL* easy, CURLcode result);

  HttpSetup http_;
  CallSetup setup_;
  MethodShape shape_;
  const CurlLibrary* curl_ = nullptr;
  std::unordered_map<CURL*, InFlight> in_flight_;
  // When the network last woke the loop, or the transfers were rechecked.
  std::chrono::steady_clock::time_point last_event_ =
      std::chrono::steady_clock::now();
  CURLM* multi_ = nullptr;  // shared with Wake and Cancel, under `mutex_`
};

}  // namespace rpccli

#endif  // RPCCLI_HTTP_CALL_H_
