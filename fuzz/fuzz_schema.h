// What the fuzz targets share: a scratch directory for the files they
// write, everything rpccli does with a loaded schema, and decoding a
// message to compare it.
#ifndef RPCCLI_FUZZ_SCHEMA_H_
#define RPCCLI_FUZZ_SCHEMA_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <memory>
#include <string>
#include <vector>

namespace rpccli {

/// A directory made once per run, for the inputs written as files.
const std::string& FuzzScratchDir();

/// Describes every message and service of `files`, and builds and prints
/// each message's template; checks that each symbol is found.
void ExerciseSchema(
    const std::vector<const google::protobuf::FileDescriptor*>& files);

/// `binary`, which must parse, as a `type` message that means what the
/// bytes mean: of a map key given twice, the last entry.
std::unique_ptr<google::protobuf::Message> DecodeMeaning(
    const google::protobuf::Descriptor& type, const std::string& binary);

/// Whether `a` and `b`, which must parse as `type` messages, mean the same
/// (DecodeMeaning), fields compared as values (NaN equal to NaN), not as
/// bytes; fields the schema lacks are left out with `ignore_unknown`.
bool SameMeaning(const google::protobuf::Descriptor& type, const std::string& a,
                 const std::string& b, bool ignore_unknown = false);

}  // namespace rpccli

#endif  // RPCCLI_FUZZ_SCHEMA_H_
