// Wire bytes straight to compact JSON, for the plain messages that
// response streams are made of; protobuf's converter spent about as long
// per small message as all of gRPC's work to receive it.
#ifndef RPCCLI_CODEC_WIRE_TO_JSON_H_
#define RPCCLI_CODEC_WIRE_TO_JSON_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

namespace rpccli {

/// Prints exactly what protobuf's BinaryToJsonString prints (compact, no
/// default values), and declines — returns false — whatever it would not
/// print the same way or that needs a closer look: fields out of number
/// order or given twice, two fields of a oneof, unknown fields, maps, the
/// well-known types but Timestamp, strings that are not UTF-8, malformed
/// bytes. The
/// caller then takes the slow way. Safe for any number of threads.
class WireToJson {
 public:
  /// `proto_names`: keys are the .proto field names, not the JSON names.
  explicit WireToJson(bool proto_names) : proto_names_(proto_names) {}

  /// Appends `binary`, one `type` message, to `out`; on false, `out` is
  /// as it was.
  bool Append(const google::protobuf::Descriptor& type, std::string_view binary,
              std::string* out) const;

 private:
  bool proto_names_;
};

/// Appends `text` as a JSON string, escaped as protobuf escapes it; false
/// if `text` is not UTF-8 (`out` then partly written).
bool AppendJsonString(std::string_view text, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_WIRE_TO_JSON_H_
