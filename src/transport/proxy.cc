#include "transport/proxy.h"

#include <strings.h>

#include <algorithm>
#include <string>

#include "base/text.h"

namespace rpccli {
namespace {

// gRPC's target schemes whose path is host:port (or a list of them); any
// other text before a colon is a host name.
bool IsAddressScheme(const std::string& scheme) {
  return scheme == "dns" || scheme == "ipv4" || scheme == "ipv6";
}

// The host a gRPC target names, for the no_proxy check; empty for a Unix
// socket or anything else that has no host.
std::string TargetHost(const std::string& target) {
  std::string rest = target;
  size_t colon = target.find(':');
  if (colon != std::string::npos) {
    std::string scheme = target.substr(0, colon);
    if (scheme == "unix" || scheme == "unix-abstract" || scheme == "vsock") {
      return "";
    }
    if (IsAddressScheme(scheme)) {
      rest = target.substr(colon + 1);
      // dns://AUTHORITY/host:port names the DNS server first.
      if (StartsWith(rest, "//")) {
        size_t slash = rest.find('/', 2);
        rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
      }
      if (StartsWith(rest, "/")) rest = rest.substr(1);
    }
  }
  if (StartsWith(rest, "[")) {
    size_t end = rest.find(']');
    return end == std::string::npos ? rest : rest.substr(1, end - 1);
  }
  return rest.substr(0, rest.find(':'));
}

bool EndsWithIgnoringCase(const std::string& text, const std::string& suffix) {
  return suffix.size() <= text.size() &&
         strcasecmp(text.c_str() + text.size() - suffix.size(),
                    suffix.c_str()) == 0;
}

// no_proxy's rule, as gRPC applies it: an entry matches the host it ends
// with, so `example.com` covers `api.example.com`.
bool Exempt(const std::string& host, const std::string& list) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string entry = Trim(list.substr(start, comma - start));
    if (!entry.empty() && EndsWithIgnoringCase(host, entry)) return true;
    start = comma + 1;
  }
  return false;
}

// `value` as errors show it: a password, if any, hidden. Everything from
// the scheme to the last '@' goes, the user too: in a malformed URL no
// boundary is sure.
std::string Redacted(const std::string& value) {
  size_t at = value.rfind('@');
  size_t scheme_end = value.find("://");
  size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  if (at == std::string::npos || at < start) return value;
  return value.substr(0, start) + "***" + value.substr(at);
}

// Whether `host_port` is HOST or HOST:PORT (HOST may be [IPv6]), PORT a
// number from 1 to 65535.
bool IsHostAndPort(const std::string& host_port) {
  size_t host_end = 0;
  if (StartsWith(host_port, "[")) {
    host_end = host_port.find(']');
    if (host_end == std::string::npos) return false;
    ++host_end;
  } else {
    host_end = std::min(host_port.find(':'), host_port.size());
  }
  if (host_end == 0 ||
      host_port.find_first_of(" \t") != std::string::npos) {
    return false;
  }
  if (host_end == host_port.size()) return true;
  std::string port = host_port.substr(host_end);
  if (port[0] != ':' || port.size() < 2 || port.size() > 6 ||
      port.find_first_not_of("0123456789", 1) != std::string::npos) {
    return false;
  }
  long number = std::stol(port.substr(1));
  return number >= 1 && number <= 65535;
}

// `value` as the http:// URL gRPC wants: a missing scheme means http, and
// a path after the authority is dropped. What gRPC would not parse as a
// proxy it ignores, and connects directly: each such value is refused.
bool NormalizeProxyUrl(const std::string& value, const std::string& source,
                       std::string* url, std::string* err) {
  std::string shown = source + ": " + Redacted(value);
  std::string rest = value;
  size_t scheme_end = value.find("://");
  if (scheme_end != std::string::npos) {
    std::string scheme = value.substr(0, scheme_end);
    if (strcasecmp(scheme.c_str(), "http") != 0) {
      *err = shown +
             " is not an HTTP proxy; gRPC goes through HTTP CONNECT proxies "
             "only (http://HOST:PORT)";
      return false;
    }
    rest = value.substr(scheme_end + 3);
  }
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find('@', authority.size()) != std::string::npos) {
    *err = shown +
           ": the user or password holds '/', '?' or '#', which end a URL's "
           "host part; write them %2F, %3F and %23";
    return false;
  }
  size_t at = authority.rfind('@');
  std::string user_info = at == std::string::npos ? "" : authority.substr(0, at);
  if (user_info.find('@') != std::string::npos ||
      Lowercase(user_info).find("%40") != std::string::npos) {
    *err = shown +
           ": the user or password holds '@' (or %40), which gRPC cannot "
           "send to a proxy: it splits the proxy's URL at each '@'";
    return false;
  }
  std::string host_port =
      at == std::string::npos ? authority : authority.substr(at + 1);
  if (!IsHostAndPort(host_port) ||
      user_info.find_first_of(" \t") != std::string::npos) {
    *err = shown +
           " is not a proxy URL (http://HOST:PORT, with USER:PASSWORD@ "
           "before the host if the proxy wants them)";
    return false;
  }
  *url = "http://" + authority;
  return true;
}

}  // namespace

std::string ProxyChoice::Describe() const {
  std::string shown = url;
  size_t at = shown.rfind('@');
  size_t colon = shown.find(':', 7);  // after "http://"
  if (at != std::string::npos && colon != std::string::npos && colon < at) {
    shown.erase(colon, at - colon);  // the password
  }
  return shown + " (from " + source + ")";
}

std::string ProxyChoice::CannotConnect(const std::string& why) const {
  return "cannot connect through the proxy " + Describe() + ": " + why;
}

std::string TunnelRefused(long http_status) {
  return "the proxy refused the tunnel with HTTP " +
         std::to_string(http_status);
}

bool ChooseProxy(const std::string& grpc_target, const std::string& flag,
                 const EnvironmentLookup& getenv, ProxyChoice* choice,
                 std::string* err) {
  *choice = ProxyChoice();
  std::string value, source;
  if (!flag.empty()) {
    value = flag;
    source = "--proxy";
  } else {
    for (const char* name : {"grpc_proxy", "https_proxy", "http_proxy"}) {
      if (const char* set = getenv(name)) {
        value = set;
        source = name;
        break;
      }
    }
  }
  if (value.empty()) return true;  // none set, or set to nothing

  std::string host = TargetHost(grpc_target);
  if (host.empty()) return true;  // a Unix socket: no proxy reaches it
  const char* exemptions = getenv("no_grpc_proxy");
  if (exemptions == nullptr) exemptions = getenv("no_proxy");
  if (exemptions != nullptr && Exempt(host, exemptions)) return true;

  if (!NormalizeProxyUrl(value, source, &choice->url, err)) return false;
  choice->source = source;
  return true;
}

}  // namespace rpccli
