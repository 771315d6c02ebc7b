// Where and how the calls of a method go over Connect or gRPC-Web: the
// base URL, the HTTP version, the files and limits of the connection, and
// which way the method streams. Worked out before any call, without curl.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_SETUP_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_SETUP_H_

#include <string>

#include "base/options.h"
#include "transport/http/http_protocol.h"
#include "transport/tls_files.h"
#include "transport/trust_store.h"

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

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_SETUP_H_
