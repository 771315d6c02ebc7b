// One DescriptorPool over the schema sources a command was given.
#ifndef RPCCLI_DESCRIPTOR_SOURCE_H_
#define RPCCLI_DESCRIPTOR_SOURCE_H_

#include <google/protobuf/descriptor.h>

#include <memory>
#include <string>
#include <vector>

#include "options.h"
#include "proto_files.h"

namespace rpccli {

class DescriptorSource {
 public:
  /// Loads the sources in `options`. Fails with `err` when a source cannot
  /// be read or parsed.
  bool Open(const SchemaOptions& options, std::string* err);

  const google::protobuf::DescriptorPool* pool() const {
    return proto_files_.pool();
  }

  /// Services of the given files and of everything they import, sorted by
  /// full name.
  std::vector<const google::protobuf::ServiceDescriptor*> Services() const;

  /// The files given, then everything they import, each once.
  std::vector<const google::protobuf::FileDescriptor*> AllFiles() const;

 private:
  ProtoFiles proto_files_;
};

}  // namespace rpccli

#endif  // RPCCLI_DESCRIPTOR_SOURCE_H_
