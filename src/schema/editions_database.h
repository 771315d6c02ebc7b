// The files of another DescriptorDatabase with each Protobuf Editions file
// lowered to proto2 or proto3 (editions.h) as the pool asks for it, the
// file as written kept for describe and --protoset-out.
#ifndef RPCCLI_SCHEMA_EDITIONS_DATABASE_H_
#define RPCCLI_SCHEMA_EDITIONS_DATABASE_H_

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>

#include <map>
#include <string>
#include <vector>

namespace rpccli {

class EditionsDatabase : public google::protobuf::DescriptorDatabase {
 public:
  explicit EditionsDatabase(google::protobuf::DescriptorDatabase* files)
      : files_(files) {}

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

  /// The editions file of this name as written, if one was lowered; else
  /// null.
  const google::protobuf::FileDescriptorProto* WrittenAs(
      const std::string& filename) const;

  /// What was lowered, one line a file: "lowered FILE: edition 2023, read
  /// as proto3".
  const std::vector<std::string>& lowered() const { return lowered_; }

  /// Why the first editions file that could not be lowered was not, or "".
  const std::string& error() const { return error_; }

 private:
  // Lowers `output` if it is an editions file; false if it cannot be.
  bool Lower(google::protobuf::FileDescriptorProto* output);

  google::protobuf::DescriptorDatabase* files_;
  std::map<std::string, google::protobuf::FileDescriptorProto> written_;
  std::vector<std::string> lowered_;
  std::string error_;
};

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_EDITIONS_DATABASE_H_
