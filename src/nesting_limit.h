// How deep brackets may nest in schema text: a .proto file, or an option's
// value that a protoset or a server's reflection carries uninterpreted.
// protobuf 3.21 parses both recursively, without a limit that stops it:
// 20,000 nested messages or option values ran the stack out (SIGSEGV).
#ifndef RPCCLI_NESTING_LIMIT_H_
#define RPCCLI_NESTING_LIMIT_H_

#include <google/protobuf/descriptor.pb.h>

#include <string>

namespace rpccli {

/// Far past what a schema needs (protobuf itself refuses messages nested
/// 32 deep in a .proto file, later), far below what the stack holds.
constexpr int kMaxBracketDepth = 100;

/// Whether `text`, read as .proto or text-format tokens (so that brackets
/// in strings and comments do not count), nests {, < or [ more than
/// kMaxBracketDepth deep; if so, where the first one too deep is, as
/// protobuf's tokenizer counts (lines and columns from 0).
bool NestedTooDeep(const std::string& text, int* line, int* column);

/// The name of the first option of `file` (at any level) whose value came
/// uninterpreted and nests past the limit, as `(name)`; "" if none.
std::string OptionNestedTooDeep(
    const google::protobuf::FileDescriptorProto& file);

/// Whether `bytes` would parse as a `prototype` message but for protobuf's
/// limit of 100 messages nested in each other: tried up to 1000, where the
/// parser's recursion still fits the stack. protoc writes no descriptor
/// that deep; a hand-made one is then told as too deep, not as malformed.
bool NestsPastParserLimit(const std::string& bytes,
                          const google::protobuf::Message& prototype);

/// The error for such an option, named as OptionNestedTooDeep names it.
std::string OptionTooDeepFault(const std::string& option);

}  // namespace rpccli

#endif  // RPCCLI_NESTING_LIMIT_H_
