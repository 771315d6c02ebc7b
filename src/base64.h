// Base64 as gRPC metadata and the proto3 JSON mapping use it.
#ifndef RPCCLI_BASE64_H_
#define RPCCLI_BASE64_H_

#include <string>

namespace rpccli {

/// Standard alphabet, padded.
std::string Base64Encode(const std::string& bytes);

/// Accepts the standard and the URL-safe alphabet, padded or not. False if
/// `text` is not base64.
bool Base64Decode(const std::string& text, std::string* bytes);

}  // namespace rpccli

#endif  // RPCCLI_BASE64_H_
