#include "transport/target_check.h"

#include <cctype>
#include <vector>

#include "base/text.h"

namespace rpccli {
namespace {

// The path after host:port in `target` (host:port/api, a URL's), "" if
// none or "/".
std::string PathOf(const std::string& target) {
  size_t scheme_end = target.find("://");
  // Other URIs (dns:, xds:///name, ...) are gRPC's to read; a path is an
  // error in host:port and in an http(s):// URL only.
  bool url = StartsWith(target, "http://") || StartsWith(target, "https://");
  if ((scheme_end != std::string::npos && !url) || StartsWith(target, "dns:") ||
      StartsWith(target, "ipv4:") || StartsWith(target, "ipv6:")) {
    return "";
  }
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t slash = target.find('/', host_start);
  if (slash == std::string::npos || slash + 1 == target.size()) return "";
  return target.substr(slash);
}

// The host:port parts of `target`, each as written: one for host:port or
// a URL, one per address of ipv4:/ipv6: lists, the path of dns:.
std::vector<std::string> HostPorts(const std::string& target) {
  std::string rest = target;
  bool address_list = false;
  if (StartsWith(rest, "dns:")) {
    rest = rest.substr(4);
    // dns://RESOLVER/host:port: the host is the path.
    if (StartsWith(rest, "//")) {
      size_t slash = rest.find('/', 2);
      rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
    }
  } else if (StartsWith(rest, "ipv4:") || StartsWith(rest, "ipv6:")) {
    rest = rest.substr(5);
    address_list = true;
  } else if (size_t scheme_end = rest.find("://");
             scheme_end != std::string::npos) {
    // A URL: the port is in the authority, before the path.
    rest = rest.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('/'));
  } else {
    rest = rest.substr(0, rest.find('/'));  // host:port/api
  }
  std::vector<std::string> parts;
  if (!address_list) return {rest};
  size_t start = 0;
  for (size_t comma; (comma = rest.find(',', start)) != std::string::npos;
       start = comma + 1) {
    parts.push_back(rest.substr(start, comma - start));
  }
  parts.push_back(rest.substr(start));
  return parts;
}

// The port written in `host_port`, "" if none: [v6]:port, host:port; an
// IPv6 address without brackets (fe80::1) has none.
std::string PortOf(const std::string& host_port) {
  if (StartsWith(host_port, "[")) {
    size_t close = host_port.find(']');
    if (close == std::string::npos || close + 1 >= host_port.size() ||
        host_port[close + 1] != ':') {
      return "";
    }
    return host_port.substr(close + 2);
  }
  size_t colon = host_port.find(':');
  if (colon == std::string::npos ||
      host_port.find(':', colon + 1) != std::string::npos) {
    return "";
  }
  return host_port.substr(colon + 1);
}

bool CheckPort(const std::string& target, const std::string& port,
               std::string* err) {
  if (port.empty()) return true;  // gRPC's default port
  bool digits = port.find_first_not_of("0123456789") == std::string::npos;
  // A port written with a sign or in another base (-1, +80, 0x10): gRPC
  // took it for a name and failed later with "Connection refused".
  if (!digits && (port[0] == '-' || port[0] == '+' ||
                  std::isdigit(static_cast<unsigned char>(port[0])))) {
    *err = "TARGET " + target + ": port " + port +
           " is not a TCP port (1 to 65535, in decimal)";
    return false;
  }
  if (!digits) return true;  // a service name (http): gRPC reads it
  if (port.size() > 5 || std::stol(port) == 0 || std::stol(port) > 65535) {
    *err = "TARGET " + target + ": port " + port +
           " is not a TCP port (1 to 65535)";
    return false;
  }
  return true;
}

}  // namespace

bool CheckTarget(const std::string& target, bool over_http, std::string* err) {
  if (target == "unix:" || target == "unix://" || target == "unix-abstract:") {
    *err = "TARGET " + target + " names no socket: give unix:/path/to/socket";
    return false;
  }
  if (StartsWith(target, "unix:") || StartsWith(target, "unix-abstract:")) {
    return true;
  }
  // No host name, port or URL holds a space or a control byte (a socket
  // path may, above): said here, not as a name that does not resolve.
  for (unsigned char byte : target) {
    if (byte <= 0x20 || byte == 0x7f) {
      *err = "TARGET " + target + ": " +
             (byte == ' ' ? std::string("a space")
                          : "a control byte") +
             " has no place in a host, port or URL (in a URL's path, "
             "percent-encode it: %20 for a space)";
      return false;
    }
  }
  // user:password@ in a URL: never echoed back, and never sent (gRPC
  // ignores it; credentials go in a header). The last @ before the path
  // ends it: a password may hold an @ too.
  size_t scheme_end = target.find("://");
  if (scheme_end != std::string::npos) {
    size_t host_start = scheme_end + 3;
    size_t path_start = target.find('/', host_start);
    size_t at = target.rfind('@', path_start);
    // A password with a '/', which a URL should escape: before that '/'
    // is then user:pass, not host:port, and the last @ ends it.
    std::string authority = target.substr(host_start, path_start - host_start);
    size_t colon = authority.rfind(':');
    if ((at == std::string::npos || at < host_start) &&
        colon != std::string::npos && authority[0] != '[' &&
        authority.find_first_not_of("0123456789", colon + 1) !=
            std::string::npos) {
      at = target.rfind('@');
    }
    if (at != std::string::npos && at >= host_start) {
      *err = "TARGET " + target.substr(0, host_start) + "<redacted>" +
             target.substr(at) +
             " holds a user name or password; send credentials as a "
             "header instead (-H 'authorization: ...')";
      return false;
    }
  }
  // A URL of a scheme no transport speaks: gRPC would take it for a name
  // resolver and fail to resolve it.
  size_t scheme = target.find("://");
  if (scheme != std::string::npos && !StartsWith(target, "http://") &&
      !StartsWith(target, "https://") && !StartsWith(target, "dns:") &&
      !StartsWith(target, "unix") && !StartsWith(target, "ipv4:") &&
      !StartsWith(target, "ipv6:") && !StartsWith(target, "xds:") &&
      !StartsWith(target, "google-c2p:")) {
    *err = "TARGET " + target + ": " + target.substr(0, scheme) +
           ":// is no scheme rpccli speaks (http://, https://, or a gRPC "
           "target: host:port, dns:, unix:, ipv4:, ipv6:, xds:)";
    return false;
  }
  for (const std::string& host_port : HostPorts(target)) {
    if (!CheckPort(target, PortOf(host_port), err)) return false;
  }
  std::string path = PathOf(target);
  bool url = StartsWith(target, "http://") || StartsWith(target, "https://");
  // A URL's path is the prefix a reverse proxy routes by; host:port has
  // none.
  if (url && path.find_first_of("?#") != std::string::npos) {
    *err = "TARGET " + target +
           ": a URL TARGET takes a path prefix, not a query or fragment (" +
           path.substr(path.find_first_of("?#")) + ")";
    return false;
  }
  if (!over_http && !url && !path.empty()) {
    *err = "TARGET " + target + ": a gRPC TARGET has no path (" + path +
           "): give host:port, or a URL (http://host:port/prefix) for a "
           "server behind a path";
    // pkg.Service/Method where TARGET goes: the TARGET was left out.
    if (target.find(':') == std::string::npos) {
      *err += "; is this the METHOD, with the TARGET left out?";
    }
    return false;
  }
  return true;
}

}  // namespace rpccli
