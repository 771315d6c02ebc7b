// A TARGET read before any connection is made: what gRPC would fail with
// no reason (a port past 65535, unix: without a path) or would take for a
// host name ("Connection refused" for port -1) becomes a usage error.
#ifndef RPCCLI_TRANSPORT_TARGET_CHECK_H_
#define RPCCLI_TRANSPORT_TARGET_CHECK_H_

#include <string>

namespace rpccli {

/// False, with a one-line reason in *err, if `target` (host:port,
/// [v6]:port, dns:, ipv4:, ipv6:, unix:, or an http(s):// URL) cannot name
/// a server. A user name or password in a URL is refused and never echoed.
/// A path (host:port/api) is refused unless `over_http` (Connect and
/// gRPC-Web put it before the method's); gRPC would drop it.
bool CheckTarget(const std::string& target, bool over_http, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_TARGET_CHECK_H_
