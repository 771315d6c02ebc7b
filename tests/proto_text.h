// A schema written inline in a test: a .proto file's text built into a
// pool, for types the demo schema does not have.
#ifndef RPCCLI_TESTS_PROTO_TEXT_H_
#define RPCCLI_TESTS_PROTO_TEXT_H_

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cstring>
#include <string>

namespace rpccli {

/// Parses `proto` as the file `name` and builds it into `pool` (which may
/// sit over the generated pool, for the well-known types); null if either
/// step fails.
inline const google::protobuf::FileDescriptor* BuildProtoText(
    google::protobuf::DescriptorPool* pool, const char* proto,
    const std::string& name = "inline.proto") {
  namespace pb = google::protobuf;
  pb::io::ArrayInputStream input(proto, static_cast<int>(std::strlen(proto)));
  pb::io::Tokenizer tokenizer(&input, nullptr);
  pb::FileDescriptorProto file;
  file.set_name(name);
  if (!pb::compiler::Parser().Parse(&tokenizer, &file)) return nullptr;
  return pool->BuildFile(file);
}

}  // namespace rpccli

#endif  // RPCCLI_TESTS_PROTO_TEXT_H_
