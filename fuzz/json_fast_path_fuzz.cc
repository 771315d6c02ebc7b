// rpccli's own JSON-to-wire converter against protobuf's, on demo.Sample
// (every field kind). Whatever the fast one converts, protobuf's must
// convert too, to an equal message: the fast path may decline anything,
// but never disagree.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <memory>
#include <string>

#include "demo.pb.h"
#include "fuzz_schema.h"
#include "fuzz_target.h"
#include "json_to_wire.h"

namespace pb = google::protobuf;
using rpccli::DecodeMeaning;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  static pb::util::TypeResolver* resolver =
      pb::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", pb::DescriptorPool::generated_pool());
  static rpccli::JsonToWire fast;
  const pb::Descriptor& type = *demo::Sample::descriptor();
  std::string json(reinterpret_cast<const char*>(data), size);

  std::string fast_binary;
  if (!fast.Convert(type, json, &fast_binary)) return 0;
  std::string binary;
  pb::util::Status status = pb::util::JsonToBinaryString(
      resolver, "type.googleapis.com/demo.Sample", json, &binary);
  if (!status.ok()) {
    std::fprintf(stderr, "the fast path took what protobuf rejects: %s\n",
                 std::string(status.message()).c_str());
    FUZZ_CHECK(!"protobuf converts what the fast path converts");
  }
  pb::util::DefaultFieldComparator floats;
  floats.set_treat_nan_as_equal(true);
  pb::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&floats);
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  if (!differencer.Compare(*DecodeMeaning(type, binary),
                           *DecodeMeaning(type, fast_binary))) {
    std::fprintf(stderr, "protobuf and the fast path differ:\n%s",
                 differences.c_str());
    FUZZ_CHECK(!"the fast path converts as protobuf does");
  }
  return 0;
}
