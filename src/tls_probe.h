// A look at what a server does with TLS, for explaining why a connection
// failed: gRPC only reports that it did.
#ifndef RPCCLI_TLS_PROBE_H_
#define RPCCLI_TLS_PROBE_H_

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
};

/// Starts a TLS handshake with `target` (`host:port` or `[v6]:port`)
/// without checking anything, within about `timeout_ms`. Other targets, or
/// a server that cannot be reached, give an empty probe.
TlsProbe ProbeTls(const std::string& target, int timeout_ms);

}  // namespace rpccli

#endif  // RPCCLI_TLS_PROBE_H_
