// rpccli's own JSON-to-wire converter against protobuf's (as rpccli's slow
// path calls it), on demo.Sample (every field kind). Whatever the fast one
// converts, protobuf's must convert too, to an equal message: the fast
// path may decline anything, but never disagree.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <memory>
#include <string>

#include "codec/json_strict.h"
#include "codec/json_to_wire.h"
#include "demo.pb.h"
#include "fuzz_schema.h"
#include "fuzz_target.h"

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
  // As rpccli's slow path hands it to protobuf: -0 meant as a double
  // written -0.0, which protobuf reads as written (-0 it reads as 0).
  std::string as_read = json;
  rpccli::JsonStrictFindings found;
  std::string what;
  int line = 0, column = 0;
  if (rpccli::CheckJsonStrictly(type, json, &what, &line, &column, &found)) {
    as_read = rpccli::WithNegativeZerosAsDoubles(json, found.negative_zeros);
  }
  std::string binary;
  pb::util::Status status = pb::util::JsonToBinaryString(
      resolver, "type.googleapis.com/demo.Sample", as_read, &binary);
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
