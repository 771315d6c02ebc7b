#include "transport/http/http_request.h"

#include "base/base64.h"
#include "base/text.h"

namespace rpccli {

UrlParts SplitUrl(const std::string& url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  parts.scheme = url.substr(0, scheme_end);
  std::string rest = url.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  parts.path = slash == std::string::npos ? "" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  bool has_port = colon != std::string::npos &&
                  authority.find(']', colon) == std::string::npos;
  parts.host = has_port ? authority.substr(0, colon) : authority;
  parts.port = has_port ? authority.substr(colon + 1)
                        : (parts.scheme == "https" ? "443" : "80");
  return parts;
}

std::string ConnectGetUrl(const std::string& url, const std::string& message,
                          const std::string& compression) {
  // Base64url, unpadded, needs no escaping in a URL.
  std::string encoded = Base64Encode(message);
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  std::string query = "?connect=v1&encoding=proto&base64=1";
  if (!compression.empty()) query += "&compression=" + compression;
  return url + query + "&message=" + encoded;
}

std::string ContentTypeFor(Protocol protocol, MethodShape shape) {
  if (protocol == Protocol::kGrpcWeb) return "application/grpc-web+proto";
  bool unary = !shape.client_streaming && !shape.server_streaming;
  return unary ? "application/proto" : "application/connect+proto";
}

std::vector<std::string> RequestHeaderLines(const HttpSetup& http,
                                            MethodShape shape,
                                            const Headers& metadata,
                                            int64_t timeout_ms) {
  bool connect = http.protocol == Protocol::kConnect;
  bool get = http.connection.connect_get;
  std::vector<std::string> lines;
  if (timeout_ms > 0) {
    lines.push_back(connect
                        ? "Connect-Timeout-Ms: " + std::to_string(timeout_ms)
                        : "grpc-timeout: " + GrpcTimeout(timeout_ms));
  }
  if (!get)
    lines.push_back("Content-Type: " + ContentTypeFor(http.protocol, shape));
  if (!connect) {
    lines.push_back("X-Grpc-Web: 1");
  } else if (!get) {
    lines.push_back("Connect-Protocol-Version: 1");
  }
  lines.push_back("Accept:");
  lines.push_back("Expect:");
  const ConnectionOptions& connection = http.connection;
  if (!connection.authority.empty()) {
    lines.push_back("Host: " + connection.authority);
  }
  if (!connection.compression.empty() && !get) {
    lines.push_back(CompressionHeader(http.protocol, shape) + ": " +
                    connection.compression);
  }
  for (const auto& header : metadata) {
    bool binary = EndsWith(header.first, "-bin");
    std::string value = binary ? Base64Encode(header.second) : header.second;
    // curl takes `Name:` as "leave Name out" and `Name;` as Name, empty.
    lines.push_back(value.empty() ? header.first + ";"
                                  : header.first + ": " + value);
  }
  return lines;
}

}  // namespace rpccli
