// Loading .proto files from disk, as protoc does: import roots, names
// relative to their root, errors as `file:line:col: message`.
#ifndef RPCCLI_SCHEMA_PROTO_FILES_H_
#define RPCCLI_SCHEMA_PROTO_FILES_H_

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/descriptor.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/options.h"
#include "schema/well_known_protos.h"

namespace rpccli {

/// Parses .proto files into a DescriptorPool that it owns.
class ProtoFiles {
 public:
  ProtoFiles();
  ~ProtoFiles();
  ProtoFiles(const ProtoFiles&) = delete;
  ProtoFiles& operator=(const ProtoFiles&) = delete;

  /// Loads `options.proto_files` and everything they import. On failure
  /// fills `err` with one `path:line:col: message` line per error.
  bool Load(const SchemaOptions& options, std::string* err);

  /// The pool holding the loaded files and their imports.
  const google::protobuf::DescriptorPool* pool() const { return pool_.get(); }

  /// The files named on the command line, in the order given.
  const std::vector<const google::protobuf::FileDescriptor*>& files() const {
    return files_;
  }

  /// A file written in Protobuf Editions as protoc writes it (the pool
  /// holds it lowered to proto2 or proto3); null for other files.
  const google::protobuf::FileDescriptorProto* WrittenAs(
      const std::string& virtual_name) const;
  /// What was changed to read the files, a sentence each: "lowered FILE:
  /// edition 2023, read as proto3", a weak import left out.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  class ErrorCollector;
  class RegularFilesOnly;
  class LoweredFiles;
  struct Root {
    std::string shown;     // as the user spelled it, for messages
    std::string absolute;  // what the source tree maps
  };

  bool AddRoot(const std::string& dir, std::string* err);
  bool ToVirtualName(const std::string& path, bool may_add_root,
                     std::string* virtual_name, std::string* err);
  std::string ShownPath(const std::string& virtual_name) const;
  // Where `virtual_name` is on disk: under the first root that has
  // anything by that name, or "" if none has.
  std::string DiskPath(const std::string& virtual_name) const;
  std::string SearchedRoots() const;

  std::vector<Root> roots_;
  google::protobuf::compiler::DiskSourceTree source_tree_;
  std::unique_ptr<RegularFilesOnly> regular_files_;  // over source_tree_
  WellKnownProtoDatabase well_known_;
  std::unique_ptr<google::protobuf::compiler::SourceTreeDescriptorDatabase>
      database_;
  std::unique_ptr<ErrorCollector> errors_;
  std::unique_ptr<LoweredFiles> lowered_files_;  // over database_
  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  std::map<std::string, std::string> editions_;  // file: its edition
  // Files refused for nesting too deep: where (nesting_limit.h).
  std::map<std::string, std::pair<int, int>> too_deep_at_;
  std::map<std::string, google::protobuf::FileDescriptorProto> written_;
  std::vector<std::string> notes_;
  std::vector<const google::protobuf::FileDescriptor*> files_;
};

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_PROTO_FILES_H_
