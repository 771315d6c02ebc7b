// proto3 string fields that are not UTF-8, found in a message: protobuf's
// text-format parser takes any bytes in them, which the server then
// refuses or misreads.
#ifndef RPCCLI_CODEC_UTF8_FIELDS_H_
#define RPCCLI_CODEC_UTF8_FIELDS_H_

#include <google/protobuf/message.h>

#include <string>

namespace rpccli {

/// Whether a value of `field` must be UTF-8: a proto3 string.
bool ChecksUtf8(const google::protobuf::FieldDescriptor& field);

/// The path of the first proto3 string in `message` that is not valid
/// UTF-8 ("point.label", "path[2].name", "counts[\"k\"]"), or "" if there
/// is none. proto2 strings may hold any bytes and are not checked.
std::string FindInvalidUtf8(const google::protobuf::Message& message);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_UTF8_FIELDS_H_
