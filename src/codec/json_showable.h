// Readies a parsed response for protobuf's JSON printer, which makes up
// what it cannot show: 1 s and -1 ns print as "1.294967295s", a Value
// with no kind vanishes with its map entry, and an Any's bytes print as
// sent, fields twice and all. rpccli shows the response as its bytes mean
// it, or refuses it naming the field, and lists what JSON leaves out.
#ifndef RPCCLI_CODEC_JSON_SHOWABLE_H_
#define RPCCLI_CODEC_JSON_SHOWABLE_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

namespace rpccli {

/// What keeps a message from JSON, and where.
struct JsonObstacle {
  std::string path;  // as JSON nests it: `items[0].when`, `attributes.k`
  std::string what;
  /// `field "PATH": WHAT`.
  std::string Said() const;
};

/// Checks `message` at every depth, inside each Any of a type `pool` knows
/// too: false, with `obstacle` filled in, for a Duration or Timestamp out
/// of range or of mixed signs, a Value with no kind or a number JSON has no
/// form for, a FieldMask path JSON would change, a proto2 string that is
/// not UTF-8, or an Any whose bytes are not its type. Requests are checked
/// too: protobuf's JSON parser takes some of these. Each such Any is
/// rewritten as protobuf writes it (each field once, the last map entry
/// for a key). Fields JSON cannot show (unknown to the schema, proto2
/// groups, extensions) are listed in `unknown` as "NUMBER ... in TYPE",
/// each once, and dropped. Paths use JSON names unless `proto_names`.
/// `unresolved_any`, if given, is set when an Any names a type `pool`
/// lacks (printed apart, with its bytes: see codec_any.cc).
bool ReadyForJson(const google::protobuf::DescriptorPool& pool,
                  google::protobuf::DynamicMessageFactory* factory,
                  bool proto_names, google::protobuf::Message* message,
                  std::vector<std::string>* unknown, JsonObstacle* obstacle,
                  bool* unresolved_any = nullptr);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_SHOWABLE_H_
