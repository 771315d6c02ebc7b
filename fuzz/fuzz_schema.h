// What the schema fuzz targets share: a scratch directory for the files
// they write, and everything rpccli does with a loaded schema.
#ifndef RPCCLI_FUZZ_SCHEMA_H_
#define RPCCLI_FUZZ_SCHEMA_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

namespace rpccli {

/// A directory made once per run, for the inputs written as files.
const std::string& FuzzScratchDir();

/// Describes every message and service of `files`, and builds and prints
/// each message's template; checks that each symbol is found.
void ExerciseSchema(
    const std::vector<const google::protobuf::FileDescriptor*>& files);

}  // namespace rpccli

#endif  // RPCCLI_FUZZ_SCHEMA_H_
