// Request metadata from the command line: `-H 'name: value'`, or `-H @FILE`
// with one header per line, so secrets stay out of argv and shell history.
#ifndef RPCCLI_METADATA_H_
#define RPCCLI_METADATA_H_

#include <string>
#include <utility>
#include <vector>

namespace rpccli {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// Parses each `name: value` (the name lower-cased, the value trimmed) or
/// `@FILE` into `headers`. Names must be valid HTTP/2 header names that
/// gRPC leaves to applications.
bool ParseHeaders(const std::vector<std::string>& arguments, Headers* headers,
                  std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_METADATA_H_
