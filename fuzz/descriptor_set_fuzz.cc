// A FileDescriptorSet's bytes, as a protoset or a server's reflection
// answers bring them, through the pool every command uses, then
// everything rpccli does with a schema, and written back out as a
// protoset that must load again.
#include <fstream>
#include <string>

#include "fuzz_schema.h"
#include "fuzz_target.h"
#include "schema/descriptor_source.h"
#include "schema/protoset.h"

namespace {

bool Open(const std::string& protoset, rpccli::DescriptorSource* source,
          std::string* err) {
  rpccli::SchemaOptions options;
  options.protosets = {protoset};
  return source->Open(options, nullptr, err);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  std::string path = rpccli::FuzzScratchDir() + "/fuzz.protoset";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), size);
  }
  rpccli::DescriptorSource source;
  std::string err;
  if (!Open(path, &source, &err)) {
    FUZZ_CHECK(!err.empty());
    return 0;
  }
  // Building the files may fail; that must be an error, not a crash.
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  if (!source.Services(&services, &err)) FUZZ_CHECK(!err.empty());
  std::vector<const google::protobuf::FileDescriptor*> files =
      source.LoadedFiles();
  rpccli::ExerciseSchema(files);

  std::string copy = rpccli::FuzzScratchDir() + "/copy.protoset";
  FUZZ_CHECK(rpccli::WriteProtoset(copy, files, &err));
  rpccli::DescriptorSource reloaded;
  FUZZ_CHECK(Open(copy, &reloaded, &err));
  FUZZ_CHECK(reloaded.LoadedFiles().size() == files.size());
  return 0;
}
