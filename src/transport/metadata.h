// Request metadata from the command line: `-H 'name: value'`, or `-H @FILE`
// with one header per line, so secrets stay out of argv and shell history.
#ifndef RPCCLI_TRANSPORT_METADATA_H_
#define RPCCLI_TRANSPORT_METADATA_H_

#include <string>
#include <utility>
#include <vector>

#include "base/options.h"

namespace rpccli {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// Parses each `name: value` (the name lower-cased, the value trimmed) or
/// `@FILE` into `headers`. Names must be valid HTTP/2 header names that
/// gRPC leaves to applications. A `-bin` header's value is base64
/// (standard or URL-safe, padded or not) and is stored decoded. Errors
/// name `flag`, the option the arguments came from. With `expand`, each
/// `${NAME}` (NAME a letter or '_', then letters, digits and '_') is first
/// replaced by the environment variable NAME, which must be set; nothing
/// else is expanded.
bool ParseHeaders(const std::vector<std::string>& arguments,
                  const std::string& flag, Headers* headers, std::string* err,
                  bool expand = false);

/// -H, --rpc-header and --reflect-header, each read once: what goes with
/// the call (-H and --rpc-header) and with reflection (-H and
/// --reflect-header).
struct RequestHeaders {
  Headers call;
  Headers reflection;
  /// Headers left out because gRPC would not send them as given
  /// (content-type, te, host, user-agent), each said in one line.
  std::vector<std::string> warnings;
};
bool ParseRequestHeaders(const MetadataOptions& options,
                         RequestHeaders* headers, std::string* err);

/// Checks the headers written on the command line itself (not those in
/// `@FILE`s, which are read when the command runs), as other flag values
/// are checked: a malformed one is a usage error.
bool CheckCommandLineHeaders(const MetadataOptions& options, std::string* err);

/// Whether a header's value is a secret: authorization, cookie,
/// proxy-authorization, and any name ending in token, secret or password.
bool IsSecretHeader(const std::string& name);

/// Whether `name` is one gRPC sends: lower-case letters, digits, '-', '_'
/// and '.' (it aborts on anything else).
bool IsHeaderName(const std::string& name);

/// One `name: value` line per header, sorted by name, `-bin` values in
/// base64, secrets as `<redacted>` unless `show_secrets`.
std::string FormatHeaders(const Headers& headers, bool show_secrets);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_METADATA_H_
