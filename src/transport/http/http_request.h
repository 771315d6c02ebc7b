// What a call over Connect or gRPC-Web sends besides its body, worked out
// without curl: where the request goes and the header lines it carries.
// The transfer (http_transfer.cc) hands them to curl as they are.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_REQUEST_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_REQUEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "transport/call_engine.h"
#include "transport/http/http_setup.h"

namespace rpccli {

/// The parts of `scheme://host[:port][/path]` a connection needs.
struct UrlParts {
  std::string scheme;
  std::string host;  // as written: [::1] keeps its brackets
  std::string port;  // the scheme's when none is written
  std::string path;
};

UrlParts SplitUrl(const std::string& url);

/// Connect's GET of `url`: the message, and what a POST's headers would
/// say, in the query.
std::string ConnectGetUrl(const std::string& url, const std::string& message,
                          const std::string& compression);

/// The content type of the protocol's requests and responses for a method
/// of this shape.
std::string ContentTypeFor(Protocol protocol, MethodShape shape);

/// The request's header lines (`Name: value`), in the order they are sent:
/// the time left (`timeout_ms` > 0) in the protocol's header, the
/// protocol's own, curl's defaults that mean nothing here turned off,
/// --authority, the compression, then `metadata` (`-bin` values in
/// base64; an empty value as `Name;`, curl's way to send one). A Connect
/// GET carries no content type or compression: its query says them.
std::vector<std::string> RequestHeaderLines(const HttpSetup& http,
                                            MethodShape shape,
                                            const Headers& metadata,
                                            int64_t timeout_ms);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_REQUEST_H_
