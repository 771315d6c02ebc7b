// One DescriptorPool over every schema source a command was given: .proto
// files, protosets, and the server's reflection, in that order of trust —
// files win, reflection fills the gaps.
#ifndef RPCCLI_SCHEMA_DESCRIPTOR_SOURCE_H_
#define RPCCLI_SCHEMA_DESCRIPTOR_SOURCE_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>

#include <memory>
#include <string>
#include <vector>

#include "base/options.h"
#include "schema/built_in_health.h"
#include "schema/editions_database.h"
#include "schema/proto_files.h"
#include "schema/reflection_db.h"
#include "schema/well_known_protos.h"

namespace rpccli {

class DescriptorSource {
 public:
  DescriptorSource();
  ~DescriptorSource();
  DescriptorSource(const DescriptorSource&) = delete;
  DescriptorSource& operator=(const DescriptorSource&) = delete;

  /// Loads the files and protosets in `options`. `reflection`, if given,
  /// is asked for whatever they do not have.
  bool Open(const SchemaOptions& options,
            std::unique_ptr<ReflectionDatabase> reflection, std::string* err);

  /// Open in two steps, so that the channel `reflection` needs can be
  /// made while the files load: first the files and protosets...
  bool LoadFiles(const SchemaOptions& options, std::string* err);
  /// ...then the pool over them and the server. False if a protoset's
  /// file does not build, `err` saying why.
  bool Complete(std::unique_ptr<ReflectionDatabase> reflection,
                std::string* err);

  const google::protobuf::DescriptorPool* pool() const { return pool_.get(); }

  /// Why the pool could not build a file the server or a protoset sent,
  /// if it could not; else `fallback`.
  std::string LookupError(const std::string& fallback) const;

  /// The services of the files and protosets, and those already fetched
  /// from the server, sorted by full name; the server is not asked.
  std::vector<const google::protobuf::ServiceDescriptor*> LocalServices() const;

  /// The full names of every service, sorted, without fetching their
  /// definitions from the server.
  bool ServiceNames(std::vector<std::string>* names, std::string* err);

  /// Every service, sorted by full name. A service the server names but
  /// does not describe (gRPC C++'s built-in health service, say) goes to
  /// `undescribed`, if it is given, instead of failing the whole.
  bool Services(
      std::vector<const google::protobuf::ServiceDescriptor*>* services,
      std::string* err, std::vector<std::string>* undescribed = nullptr);

  /// The service with this exact full name, or null with `err` filled.
  const google::protobuf::ServiceDescriptor* FindService(
      const std::string& full_name, std::string* err);

  /// The file that defines the symbol with this exact full name, or null.
  const google::protobuf::FileDescriptor* FindFileDefining(
      const std::string& full_name);

  /// The files named on the command line and in protosets, with their
  /// imports, and every file the server has sent so far.
  std::vector<const google::protobuf::FileDescriptor*> LoadedFiles() const;

  /// What was repaired in the server's answers (reflection's repairs, and
  /// the built-in health schema standing in for one the server lacks).
  std::vector<std::string> Repairs() const;
  /// Whether rpccli's own health.proto stood in for one the server lacks.
  bool HealthStoodIn() const { return health_.used(); }

  /// An editions file as written, if one was lowered to build; else null.
  const google::protobuf::FileDescriptorProto* WrittenAs(
      const std::string& filename) const;
  /// What was changed to read the schema so far, a sentence each:
  /// "lowered FILE: edition 2023, read as proto3", a weak import left out.
  std::vector<std::string> Notes() const;

  /// The server's reflection, if a server was given.
  ReflectionDatabase* reflection() const { return reflection_.get(); }

 private:
  class PoolErrors;
  class FilesDatabase;

  // Whether the pool's file of this name is the one the server sent.
  bool FromServer(const std::string& filename) const;

  ProtoFiles proto_files_;
  std::unique_ptr<FilesDatabase> files_database_;
  WellKnownProtoDatabase well_known_;
  BuiltInHealthDatabase health_;  // after the server, for what it lacks
  google::protobuf::SimpleDescriptorDatabase protosets_;
  std::vector<std::string> protoset_files_;
  std::unique_ptr<ReflectionDatabase> reflection_;
  std::vector<const google::protobuf::FileDescriptor*> fetched_files_;
  std::unique_ptr<google::protobuf::MergedDescriptorDatabase> merged_;
  std::unique_ptr<EditionsDatabase> editions_;  // over merged_
  std::unique_ptr<PoolErrors> pool_errors_;
  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
};

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_DESCRIPTOR_SOURCE_H_
