// protobuf's JSON parse errors are written for its own developers
// ("(outer) inner: Proto field is not repeating, cannot start list."):
// said again in terms of what the user typed.
#ifndef RPCCLI_CODEC_JSON_PARSE_ERROR_H_
#define RPCCLI_CODEC_JSON_PARSE_ERROR_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

namespace rpccli {

/// What an error about an array where a message belongs ends with: the
/// hint for a stream written as one JSON array.
extern const char kSeveralMessagesHint[];

/// One line for protobuf's error `message` about `json`, a `type`:
/// the field by its path as written, what was expected and what was found,
/// a did-you-mean for an unknown field (and, unless
/// `unknown_fields_allowed`, the flag that skips it). A message it does not
/// know is kept, up to its first line break.
std::string ExplainParseError(const google::protobuf::Descriptor& type,
                              const std::string& message,
                              bool unknown_fields_allowed,
                              std::string_view json);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_PARSE_ERROR_H_
