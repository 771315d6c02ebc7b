#include "protoset.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/message_differencer.h>

#include <set>
#include <utility>

#include "descriptor_names.h"
#include "file_read.h"
#include "file_write.h"
#include "well_known_protos.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Imports first, then the file: the order protoc writes and a pool needs.
void AddWithImports(const pb::FileDescriptor* file,
                    std::set<const pb::FileDescriptor*>* added,
                    pb::FileDescriptorSet* set) {
  if (!added->insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddWithImports(file->dependency(i), added, set);
  }
  pb::FileDescriptorProto* proto = set->add_file();
  file->CopyTo(proto);
  file->CopySourceCodeInfoTo(proto);
}

}  // namespace

bool LoadProtoset(const std::string& path,
                  pb::SimpleDescriptorDatabase* database, std::string* err) {
  std::string bytes;
  if (!ReadWholeFile(path, "", kMaxSchemaFileBytes, &bytes, err)) return false;
  pb::FileDescriptorSet set;
  if (!set.ParseFromString(bytes)) {
    *err = path + ": not a protoset (a serialized FileDescriptorSet)";
    return false;
  }
  for (pb::FileDescriptorProto& file : *set.mutable_file()) {
    if (!file.has_name()) {
      *err = path + ": a file in it has no name";
      return false;
    }
    std::string unknown = UnknownFieldKinds(file);
    if (!unknown.empty()) {
      *err = path + ": " + file.name() + ": " + unknown;
      return false;
    }
    DropDefaultJsonNames(&file);
    pb::FileDescriptorProto existing;
    if (database->FindFileByName(file.name(), &existing)) {
      if (pb::util::MessageDifferencer::Equals(existing, file)) continue;
      *err = path + ": " + file.name() +
             " differs from the file of that name in an earlier protoset";
      return false;
    }
    if (!database->Add(file)) {
      *err = path + ": " + file.name() +
             " defines a symbol that an earlier file already defines";
      return false;
    }
  }
  return true;
}

bool LoadProtosets(const std::vector<std::string>& paths,
                   pb::SimpleDescriptorDatabase* database, std::string* err) {
  // Which protoset brought each file, to name it if an import is missing.
  std::vector<std::pair<std::string, std::string>> origins;
  for (const std::string& path : paths) {
    std::vector<std::string> before;
    database->FindAllFileNames(&before);
    if (!LoadProtoset(path, database, err)) return false;
    std::vector<std::string> after;
    database->FindAllFileNames(&after);
    std::set<std::string> old(before.begin(), before.end());
    for (const std::string& name : after) {
      if (old.count(name) == 0) origins.emplace_back(path, name);
    }
  }
  for (const auto& origin : origins) {
    pb::FileDescriptorProto file;
    database->FindFileByName(origin.second, &file);
    for (const std::string& import : file.dependency()) {
      pb::FileDescriptorProto found;
      if (database->FindFileByName(import, &found) ||
          IsWellKnownProto(import)) {
        continue;
      }
      *err = origin.first + ": " + origin.second + " imports " + import +
             ", which the protoset does not hold; protoc writes imports "
             "into it with --include_imports";
      return false;
    }
  }
  return true;
}

bool WriteProtoset(const std::string& path,
                   const std::vector<const pb::FileDescriptor*>& files,
                   std::string* err) {
  pb::FileDescriptorSet set;
  std::set<const pb::FileDescriptor*> added;
  for (const pb::FileDescriptor* file : files)
    AddWithImports(file, &added, &set);
  return ReplaceFile(path, "--protoset-out", set.SerializeAsString(), err);
}

}  // namespace rpccli
