// The well-known types (google/protobuf/*.proto) as compiled into the
// protobuf library rpccli links, so they resolve on a machine without
// protobuf's headers installed.
#ifndef RPCCLI_SCHEMA_WELL_KNOWN_PROTOS_H_
#define RPCCLI_SCHEMA_WELL_KNOWN_PROTOS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>

#include <string>

namespace rpccli {

/// A read-only database of the google/protobuf/*.proto files built into
/// libprotobuf, and stand-ins for the language features files of newer
/// protobuf (editions.h). Other files in the generated pool are not
/// exposed.
class WellKnownProtoDatabase : public google::protobuf::DescriptorDatabase {
 public:
  WellKnownProtoDatabase();

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

 private:
  const void* linked_[11];  // one object of each well-known file
};

/// True if `filename` names a file that WellKnownProtoDatabase serves.
bool IsWellKnownProto(const std::string& filename);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_WELL_KNOWN_PROTOS_H_
