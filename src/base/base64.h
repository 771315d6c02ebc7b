// Base64 as gRPC metadata and the proto3 JSON mapping use it.
#ifndef RPCCLI_BASE_BASE64_H_
#define RPCCLI_BASE_BASE64_H_

#include <string>
#include <string_view>

namespace rpccli {

/// Standard alphabet, padded.
std::string Base64Encode(std::string_view bytes);

/// Base64Encode, appended to `out`.
void AppendBase64(std::string_view bytes, std::string* out);

/// Accepts the standard and the URL-safe alphabet, padded or not. False if
/// `text` is not base64.
bool Base64Decode(std::string_view text, std::string* bytes);

/// How many bytes `text` decodes to, if it is base64, padded or not.
size_t Base64DecodedSize(std::string_view text);

/// Appends the bytes of `text`, which must keep to one alphabet and leave
/// no stray bits in its last character: the base64 that every decoder
/// reads alike. False otherwise, with `out` partly written.
bool AppendBase64DecodedStrictly(std::string_view text, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_BASE_BASE64_H_
