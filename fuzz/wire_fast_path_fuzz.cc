// rpccli's own wire-to-JSON printer against protobuf's, on demo.Sample
// (every field kind). Whatever the fast one prints, protobuf's must print
// byte for byte, once its floats are written shortest as rpccli writes
// them (ShortenFloats): the fast path may decline anything, but never
// differ.
// The first byte picks the field names (bit 0: as in the .proto).
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <string>

#include "codec/json_floats.h"
#include "codec/wire_to_json.h"
#include "demo.pb.h"
#include "fuzz_target.h"

namespace pb = google::protobuf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  if (size == 0) return 0;
  static pb::util::TypeResolver* resolver =
      pb::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", pb::DescriptorPool::generated_pool());
  bool proto_names = data[0] & 1;
  std::string binary(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string fast = "[";  // what was there before must stay
  if (!rpccli::WireToJson(proto_names)
           .Append(*demo::Sample::descriptor(), binary, &fast)) {
    FUZZ_CHECK(fast == "[");
    return 0;
  }
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = proto_names;
  std::string json;
  pb::util::Status status = pb::util::BinaryToJsonString(
      resolver, "type.googleapis.com/demo.Sample", binary, &json, options);
  if (!status.ok()) {
    std::fprintf(stderr, "the fast path printed what protobuf rejects: %s\n",
                 std::string(status.message()).c_str());
    FUZZ_CHECK(!"protobuf prints what the fast path prints");
  }
  json = rpccli::ShortenFloats(*demo::Sample::descriptor(), json, proto_names);
  if (fast != "[" + json) {
    std::fprintf(stderr, "protobuf: %s\nfast:      %s\n", json.c_str(),
                 fast.c_str() + 1);
    FUZZ_CHECK(!"the fast path prints as protobuf does");
  }
  return 0;
}
