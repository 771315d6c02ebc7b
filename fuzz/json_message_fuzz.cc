// JSON (or text format) to a message of demo.Sample, the schema with every
// field kind, and back. Whatever parses must print, and what prints must
// parse again to an equal message. The first byte picks the options.
#include <google/protobuf/descriptor.h>

#include <memory>
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
  options.allow_unknown_fields = data[0] & 2;
  options.emit_defaults = data[0] & 4;
  options.proto_names = data[0] & 8;
  options.compact = data[0] & 16;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const pb::Descriptor& type = *demo::Sample::descriptor();
  rpccli::Codec codec(pb::DescriptorPool::generated_pool(), options);
  std::string binary;
  rpccli::ParseError parse_error;
  if (!codec.Parse(type, text, &binary, &parse_error)) {
    FUZZ_CHECK(!parse_error.what.empty());
    return 0;
  }
  std::string printed, err;
  FUZZ_CHECK(codec.Append(type, binary, &printed, &err));
  std::string reparsed;
  if (!codec.Parse(type, printed, &reparsed, &parse_error)) {
    std::fprintf(stderr, "printed %s\nwhich does not parse: %s\n",
                 printed.c_str(), parse_error.what.c_str());
    FUZZ_CHECK(!"what rpccli prints must parse");
  }
  // Equal as messages, not as bytes: JSON's field order is the input's.
  FUZZ_CHECK(rpccli::SameMeaning(type, binary, reparsed));
  return 0;
}
