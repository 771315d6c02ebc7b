// Whether a message type is the well-known type its name says, with the
// fields libprotobuf has: protobuf's JSON printer and parser go by the name
// alone, and a schema may define another type of that name.
#ifndef RPCCLI_CODEC_WELL_KNOWN_TYPES_H_
#define RPCCLI_CODEC_WELL_KNOWN_TYPES_H_

#include <google/protobuf/descriptor.h>

#include <string>

namespace rpccli {

/// True if `type` is the well-known type `name` (google.protobuf.Duration,
/// ...) as libprotobuf has it: its name, and fields of the same numbers,
/// names and types. A schema or a server may define a message of that name
/// otherwise, which code reading the real one's fields must not take for it.
bool IsWellKnownType(const google::protobuf::Descriptor& type,
                     const std::string& name);

/// True if `type` has the name of a type libprotobuf has (a well-known
/// type, google.protobuf.Duration...) but not its fields: protobuf's JSON
/// printer and parser go by the name, and misread it.
bool ImpersonatesWellKnownType(const google::protobuf::Descriptor& type);

/// Whether a field of `type` holds a well-known type whose JSON form is not
/// its fields' (Duration, Timestamp, FieldMask, Value, ListValue, Struct,
/// Any), or a type that only has the name of one: what the JSON checks
/// (json_showable.h) and printers have to look at.
bool IsCheckedForJson(const google::protobuf::Descriptor& type);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_WELL_KNOWN_TYPES_H_
