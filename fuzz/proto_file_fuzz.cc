// A .proto file's text, loaded as `rpccli -p` loads it, then everything
// rpccli does with a schema.
#include <fstream>
#include <string>

#include "fuzz_schema.h"
#include "fuzz_target.h"
#include "schema/proto_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  std::string path = rpccli::FuzzScratchDir() + "/fuzz.proto";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), size);
  }
  rpccli::SchemaOptions options;
  options.proto_files = {path};
  options.import_paths = {rpccli::FuzzScratchDir()};
  rpccli::ProtoFiles loaded;
  std::string err;
  if (!loaded.Load(options, &err)) {
    FUZZ_CHECK(!err.empty());
    return 0;
  }
  rpccli::ExerciseSchema(loaded.files());
  return 0;
}
