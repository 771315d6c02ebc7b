// --emit-defaults: protobuf's JSON printer writes every scalar, list and map
// field, but leaves out a message field that is not set. grpcurl and buf
// curl print it as `null`, so the whole shape of a message shows; so does
// rpccli.
#ifndef RPCCLI_CODEC_JSON_NULLS_H_
#define RPCCLI_CODEC_JSON_NULLS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

namespace rpccli {

/// `json`, the compact JSON of a `type` message, with `null` for each
/// singular message field that is not set, at its place in declaration
/// order, in nested messages too. Fields of a oneof, which show which one
/// is set, and google.protobuf.Value fields, whose null is a value of its
/// own, are left out. Names are JSON names, or .proto names with
/// `proto_names`. Returns `json` unchanged if it does not parse.
std::string AddNullMessageFields(const google::protobuf::Descriptor& type,
                                 const std::string& json, bool proto_names);

/// Sets each proto2 field that has a default of its own and is not set to
/// that default, in `message` and the messages set in it: protobuf's
/// printer wrote such a bytes default as base64 of its escaped text, and
/// inf or nan as 0.
void SetExplicitDefaults(google::protobuf::Message* message);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_NULLS_H_
