// describe of an element of a Protobuf Editions file. protobuf writes the
// descriptor the pool holds, lowered to proto2 or proto3 (editions.h):
// `optional` and `required` labels, groups and `packed` options the file
// never wrote, and none of its features. This writes it back as the
// editions file has it.
#ifndef RPCCLI_SHOW_EDITIONS_TEXT_H_
#define RPCCLI_SHOW_EDITIONS_TEXT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <string>

namespace rpccli {

/// `text`, protobuf's .proto text of an element of the editions file
/// `written` (as protoc writes it) whose lowered copy `pool` holds, in the
/// file's own syntax, after a comment line naming the file, its edition
/// and its features. `scope` is the full name of what holds the text's
/// first line: the package or message a message or enum is in, the message
/// of a field or oneof.
std::string InEditionsSyntax(
    const std::string& text, const std::string& scope,
    const google::protobuf::DescriptorPool& pool,
    const google::protobuf::FileDescriptorProto& written);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_EDITIONS_TEXT_H_
