// Which HTTP CONNECT proxy, if any, a connection goes through: --proxy, or
// the environment as gRPC reads it. rpccli decides and tells gRPC, so that
// it can name the proxy when a connection through it fails.
#ifndef RPCCLI_TRANSPORT_PROXY_H_
#define RPCCLI_TRANSPORT_PROXY_H_

#include <functional>
#include <string>

namespace rpccli {

/// Reads an environment variable; null when it is not set.
using EnvironmentLookup = std::function<const char*(const char* name)>;

struct ProxyChoice {
  /// `http://[user:password@]host:port`, as gRPC takes it; empty: connect
  /// directly.
  std::string url;
  /// Where it came from: `--proxy`, `grpc_proxy`, `https_proxy` or
  /// `http_proxy`.
  std::string source;
  /// The proxy as messages name it: the URL without its password, and
  /// where it came from.
  std::string Describe() const;
  /// A connection through it that failed, as every transport says it:
  /// `cannot connect through the proxy URL (from SOURCE): WHY`.
  std::string CannotConnect(const std::string& why) const;
};

/// A proxy's answer to CONNECT other than 2xx, in words.
std::string TunnelRefused(long http_status);

/// The proxy for `grpc_target` (as gRPC takes it: `host:port`,
/// `dns:///host:port`, `unix:/path`...). The first that is set of `flag`
/// (--proxy) and the variables grpc_proxy, https_proxy and http_proxy
/// names it, an empty value meaning none; a URL without a scheme is taken
/// as http://. A host listed in no_grpc_proxy (or, when that is not set,
/// no_proxy) -- the name or a domain it ends with, comma-separated -- and
/// a Unix socket are reached directly. False if the chosen value is not an
/// http:// proxy URL, with `err` naming where it came from.
bool ChooseProxy(const std::string& grpc_target, const std::string& flag,
                 const EnvironmentLookup& getenv, ProxyChoice* choice,
                 std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_PROXY_H_
