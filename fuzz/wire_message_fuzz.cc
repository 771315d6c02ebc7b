// A server's bytes, any bytes, as a demo.Sample response (every field
// kind), printed as JSON or text format: no crash, no endless loop (a
// packed varint too long made protobuf's printer take memory until the
// process died), and JSON that is printed reads back as the message the
// bytes mean. The first byte picks the options.
#include <google/protobuf/descriptor.h>

#include <string>

#include "codec/codec.h"
#include "demo.pb.h"
#include "fuzz_schema.h"
#include "fuzz_target.h"

namespace pb = google::protobuf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  if (size == 0) return 0;
  rpccli::FormatOptions options;
  options.format = (data[0] & 1) ? rpccli::MessageFormat::kText
                                 : rpccli::MessageFormat::kJson;
  options.emit_defaults = data[0] & 2;
  options.proto_names = data[0] & 4;
  options.compact = data[0] & 8;
  std::string binary(reinterpret_cast<const char*>(data) + 1, size - 1);

  const pb::Descriptor& type = *demo::Sample::descriptor();
  rpccli::Codec codec(pb::DescriptorPool::generated_pool(), options);
  std::string printed, err;
  if (!codec.Append(type, binary, &printed, &err)) {
    FUZZ_CHECK(!err.empty());
    return 0;
  }
  // What printed must be what the bytes mean: they parse, and what was
  // printed reads back as the same message, but for fields the schema
  // lacks, which JSON leaves out (and says so).
  demo::Sample meant;
  FUZZ_CHECK(meant.ParseFromString(binary));
  std::string reparsed;
  rpccli::ParseError parse_error;
  options.allow_unknown_fields = true;
  rpccli::Codec reader(pb::DescriptorPool::generated_pool(), options);
  if (!reader.Parse(type, printed, &reparsed, &parse_error)) {
    std::fprintf(stderr, "printed %s\nwhich does not parse: %s\n",
                 printed.c_str(), parse_error.what.c_str());
    FUZZ_CHECK(!"what rpccli prints must parse");
  }
  FUZZ_CHECK(rpccli::SameMeaning(type, binary, reparsed,
                                 /*ignore_unknown=*/true));
  return 0;
}
