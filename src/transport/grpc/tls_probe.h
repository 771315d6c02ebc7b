// A look at what a server does with TLS, or with HTTP/2 in plaintext, for
// explaining why a connection failed: gRPC only reports that it did.
#ifndef RPCCLI_TRANSPORT_GRPC_TLS_PROBE_H_
#define RPCCLI_TRANSPORT_GRPC_TLS_PROBE_H_

#include <string>
#include <vector>

namespace rpccli {

struct TlsProbe {
  /// The server answered a TLS ClientHello in TLS.
  bool speaks_tls = false;
  /// It asked for a client certificate.
  bool wants_client_certificate = false;
  /// The DNS names and IP addresses its certificate is for.
  std::vector<std::string> names;
  /// Why its certificate does not verify against the roots asked for, in
  /// OpenSSL's words ("certificate has expired"); "" if it does or if no
  /// roots were given.
  std::string verify_error;
};

/// Starts a TLS handshake with `target` (`host:port` or `[v6]:port`)
/// without failing on anything, within about `timeout_ms`; with
/// `roots_pem` (certificates in PEM), says why the server's certificate
/// does not verify against them. Other targets, or a server that cannot
/// be reached, give an empty probe.
/// The handshake names `server_name` (or the target's host, if not an
/// address) as gRPC does, so that a server choosing its certificate by
/// name shows the one gRPC saw.
TlsProbe ProbeTls(const std::string& target, int timeout_ms,
                  const std::string& roots_pem = "",
                  const std::string& server_name = "");

/// Sends `target` the HTTP/2 connection preface in plaintext and returns
/// the first line of its answer (up to 80 bytes: "HTTP/1.1 200 OK"), or
/// "" if none came within about `timeout_ms`.
std::string ProbePlaintextAnswer(const std::string& target, int timeout_ms);

/// Whether `target` answers that preface as an HTTP/2 server does, with a
/// SETTINGS frame: it speaks HTTP/2 without TLS.
bool SpeaksPlaintextHttp2(const std::string& target, int timeout_ms);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_TLS_PROBE_H_
