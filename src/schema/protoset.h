// Protosets: FileDescriptorSet files, as `protoc --include_imports
// --descriptor_set_out` writes them, read as a schema source and written
// back out with everything a command used.
#ifndef RPCCLI_SCHEMA_PROTOSET_H_
#define RPCCLI_SCHEMA_PROTOSET_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>

#include <string>
#include <vector>

#include "schema/editions.h"

namespace rpccli {

/// Adds the files of the protoset at `path` to `database`. A file already
/// there with the same contents is skipped; different contents are an error.
bool LoadProtoset(const std::string& path,
                  google::protobuf::SimpleDescriptorDatabase* database,
                  std::string* err);

/// Loads each protoset of `paths` as LoadProtoset does, then checks that
/// every file they hold finds its imports among them or among the
/// well-known types rpccli has built in: a protoset written without
/// `--include_imports` is named with the file it lacks.
bool LoadProtosets(const std::vector<std::string>& paths,
                   google::protobuf::SimpleDescriptorDatabase* database,
                   std::string* err);

/// `files` and everything they import, each file once and after its
/// imports: the order a pool builds them in.
std::vector<const google::protobuf::FileDescriptor*> WithImports(
    const std::vector<const google::protobuf::FileDescriptor*>& files);

/// `proto`, a file as written that `file` was built from, with each type
/// name as the pool resolved it (".pkg.M"), as protoc writes them.
void ResolvedNames(const google::protobuf::FileDescriptor& file,
                   google::protobuf::FileDescriptorProto* proto);

/// Writes `files` and everything they import, each file after its imports,
/// as a FileDescriptorSet that rpccli and protoc read; each file as
/// `written_as` gives it, if it does.
bool WriteProtoset(
    const std::string& path,
    const std::vector<const google::protobuf::FileDescriptor*>& files,
    std::string* err, const WrittenAs& written_as = nullptr);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_PROTOSET_H_
