// A response as its bytes mean it. The wire may repeat a field: the last
// scalar wins, messages merge, and a map entry replaces an earlier one
// with the same key. protobuf's BinaryToJson prints every copy instead,
// as duplicate JSON keys, and a parsed message still keeps every map entry
// until its map is read, so responses go through this before printing.
#ifndef RPCCLI_CODEC_WIRE_CANONICAL_H_
#define RPCCLI_CODEC_WIRE_CANONICAL_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace rpccli {

class WireCanonicalizer {
 public:
  /// `factory` makes the messages; it must outlive this.
  explicit WireCanonicalizer(google::protobuf::DynamicMessageFactory* factory)
      : factory_(factory) {}

  /// Whether `binary` already holds each field once, in field-number
  /// order, with no map anywhere and every proto3 string UTF-8: what
  /// protobuf's own serializers write, and what BinaryToJson prints right.
  /// A quick scan, no parsing.
  static bool IsCanonical(const google::protobuf::Descriptor& type,
                          const std::string& binary);

  /// `binary`, a `type` message, parsed, with each map key once; null if
  /// it does not parse (bad wire format, a proto3 string not UTF-8, or
  /// unless `partial`, proto2 required fields missing).
  std::unique_ptr<google::protobuf::Message> Parse(
      const google::protobuf::Descriptor& type, const std::string& binary,
      bool partial = false);

 private:
  // Whether `type` or any message type it can hold has a map field: only
  // those need their entries sorted out after parsing.
  bool HasMaps(const google::protobuf::Descriptor& type);

  google::protobuf::DynamicMessageFactory* factory_;
  std::mutex mutex_;  // guards has_maps_
  std::map<const google::protobuf::Descriptor*, bool> has_maps_;
};

/// `message`'s bytes with map entries in key order (protobuf's deterministic
/// serialization: numbers by value, strings bytewise, false before true),
/// so that what rpccli prints is the same whatever order a server sent
/// them in; proto2 required fields may be missing.
std::string SerializeWithSortedMaps(const google::protobuf::Message& message);

/// Keeps the last entry for each key in every map field of `message`, at
/// any depth.
void DropReplacedMapEntries(google::protobuf::Message* message);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_WIRE_CANONICAL_H_
