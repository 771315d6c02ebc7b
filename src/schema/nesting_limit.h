// How deep schemas may nest: brackets in a .proto file or in an option's
// value that a protoset or a server's reflection carries as text, and
// messages in an option they carry serialized. protobuf 3.21 parses and
// prints them recursively, without a limit that stops it (an Any's value
// starts its parse limit afresh): 20,000 levels ran the stack out.
#ifndef RPCCLI_SCHEMA_NESTING_LIMIT_H_
#define RPCCLI_SCHEMA_NESTING_LIMIT_H_

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

/// How deep serialized options may nest messages: protobuf's own limit
/// for one parse, which an Any's value starts afresh.
constexpr int kMaxMessageNesting = 100;

/// Why an option of `file` (at any level) cannot be read safely, or "":
/// a value that came uninterpreted, as text, whose brackets nest past
/// kMaxBracketDepth, or one that came serialized (a custom option, as
/// protosets and reflection carry them) whose messages nest past
/// kMaxMessageNesting, through Anys or not.
std::string OptionNestingFault(
    const google::protobuf::FileDescriptorProto& file);

/// Whether `bytes` would parse as a `prototype` message but for protobuf's
/// limit of 100 messages nested in each other: tried up to 1000, where the
/// parser's recursion still fits the stack. protoc writes no descriptor
/// that deep; a hand-made one is then told as too deep, not as malformed.
bool NestsPastParserLimit(const std::string& bytes,
                          const google::protobuf::Message& prototype);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_NESTING_LIMIT_H_
