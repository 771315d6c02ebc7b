// The names JSON gives a message's fields, where they clash. proto2 lets
// one message hold `foo_bar` and `fooBar`, both "fooBar" in JSON (proto3
// refuses it), and json_name options can clash in any syntax: protobuf
// then prints one key twice, and reads the key as one of the two fields.
#ifndef RPCCLI_CODEC_JSON_NAMES_H_
#define RPCCLI_CODEC_JSON_NAMES_H_

#include <google/protobuf/descriptor.h>

#include <string>

namespace rpccli {

/// The first two fields of `type`, or of a message its fields hold at any
/// depth, that JSON would print under one key, said as `p2.M: fields
/// foo_bar and fooBar are both "fooBar" in JSON`; "" if there are none.
std::string JsonNameClash(const google::protobuf::Descriptor& type);

/// The field of `type` that a JSON key names, by its JSON name or its
/// .proto name, as protobuf's parser takes both; null if none. When the
/// key names two fields (one's JSON name is the other's .proto name, or
/// json_name options clash), null, with `ambiguous` saying which and how
/// each can be set.
const google::protobuf::FieldDescriptor* FieldByJsonKey(
    const google::protobuf::Descriptor& type, const std::string& key,
    std::string* ambiguous);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_NAMES_H_
