// JSON straight to wire bytes, for the plain JSON that request streams
// are made of. protobuf's generic converter builds a tree of objects and
// a string per value, and took 3.4 µs for `{"value": 1}`: a client stream
// of a million messages spent most of its time there.
#ifndef RPCCLI_CODEC_JSON_TO_WIRE_H_
#define RPCCLI_CODEC_JSON_TO_WIRE_H_

#include <google/protobuf/descriptor.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rpccli {

/// Declines — returns false — whatever it cannot convert exactly as
/// protobuf's converter would: null, the well-known types, keys that are
/// not a field's name or JSON name, a field given twice, numbers with a
/// fraction for integer fields, enum numbers the enum does not define,
/// invalid UTF-8, anything malformed. The caller then asks protobuf's
/// converter, which also words every error. Not for two threads at once.
class JsonToWire {
 public:
  JsonToWire();
  ~JsonToWire();

  /// Replaces `binary` with the wire bytes of `json`, one `type` message.
  bool Convert(const google::protobuf::Descriptor& type, std::string_view json,
               std::string* binary);

 private:
  class Parser;
  // A type's fields by each key JSON may name them with; null for a key
  // that names two fields.
  using FieldsByKey =
      std::unordered_map<std::string_view,
                         const google::protobuf::FieldDescriptor*>;

  const FieldsByKey& Fields(const google::protobuf::Descriptor& type);

  std::unordered_map<const google::protobuf::Descriptor*,
                     std::unique_ptr<FieldsByKey>>
      fields_;
  std::string unescaped_;  // the last string read that had escapes
  // Fields set so far in each object being read, innermost last.
  std::vector<const google::protobuf::FieldDescriptor*> seen_;
};

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_TO_WIRE_H_
