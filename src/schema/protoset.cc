#include "schema/protoset.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/message_differencer.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/file_read.h"
#include "base/file_write.h"
#include "base/utf8.h"
#include "codec/descriptor_names.h"
#include "schema/import_depth.h"
#include "schema/nesting_limit.h"
#include "schema/well_known_protos.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Imports first, then the file: the order protoc writes and a pool needs.
void AddWithImports(const pb::FileDescriptor* file,
                    std::set<const pb::FileDescriptor*>* added,
                    std::vector<const pb::FileDescriptor*>* ordered) {
  if (!added->insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddWithImports(file->dependency(i), added, ordered);
  }
  ordered->push_back(file);
}

// Why protobuf's database would not take `file`: protobuf says it only in
// its log.
std::string WhyNotAdded(pb::SimpleDescriptorDatabase* database,
                        const pb::FileDescriptorProto& file) {
  if (!file.package().empty() && !IsValidFullName(file.package())) {
    return "its package \"" + EscapeControls(file.package()) +
           "\" is not a valid name";
  }
  for (const std::string& name : DefinedNames(file)) {
    if (!IsValidFullName(name)) {
      return "\"" + EscapeControls(name) + "\" is not a valid name";
    }
  }
  for (const std::string& name : DefinedNames(file)) {
    pb::FileDescriptorProto other;
    if (database->FindFileContainingSymbol(name, &other)) {
      return "it defines " + name + ", which " + other.name() +
             " already defines";
    }
  }
  return "protobuf would not take it (a name defined twice?)";
}

}  // namespace

bool LoadProtoset(const std::string& path,
                  pb::SimpleDescriptorDatabase* database, std::string* err) {
  std::string bytes;
  if (!ReadWholeFile(path, "", kMaxSchemaFileBytes, &bytes, err)) return false;
  pb::FileDescriptorSet set;
  if (!set.ParseFromString(bytes)) {
    *err = path + (NestsPastParserLimit(bytes, set)
                       ? ": a protoset whose descriptors nest more than 100 "
                         "deep, past protobuf's limit (protoc writes none)"
                       : ": not a protoset (a serialized FileDescriptorSet)");
    return false;
  }
  std::set<std::string> names_here;
  for (pb::FileDescriptorProto& file : *set.mutable_file()) {
    if (file.name().empty()) {
      *err = path + ": a file in it has no name";
      return false;
    }
    std::string unknown = UnknownFieldKinds(file);
    if (!unknown.empty()) {
      *err = path + ": " + file.name() + ": " + unknown;
      return false;
    }
    std::string too_deep = OptionNestingFault(file);
    if (!too_deep.empty()) {
      *err = path + ": " + file.name() + ": " + too_deep;
      return false;
    }
    DropDefaultJsonNames(&file);
    pb::FileDescriptorProto existing;
    bool seen_here = !names_here.insert(file.name()).second;
    if (database->FindFileByName(file.name(), &existing)) {
      if (pb::util::MessageDifferencer::Equals(existing, file)) continue;
      *err = path + ": " + file.name() +
             (seen_here ? " is in it twice, as two different files"
                        : " differs from the file of that name in an "
                          "earlier protoset");
      return false;
    }
    if (!database->Add(file)) {
      *err = path + ": " + file.name() + ": " + WhyNotAdded(database, file);
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
  std::map<std::string, std::vector<std::string>> imports;
  std::map<std::string, std::string> path_of;
  for (const auto& origin : origins) {
    pb::FileDescriptorProto file;
    database->FindFileByName(origin.second, &file);
    imports[origin.second].assign(file.dependency().begin(),
                                  file.dependency().end());
    path_of[origin.second] = origin.first;
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
  std::string too_deep = FileImportingPast(imports, kMaxImportDepth);
  if (!too_deep.empty()) {
    *err = path_of[too_deep] + ": " + too_deep +
           ": its imports go more than " + std::to_string(kMaxImportDepth) +
           " files deep (rpccli's limit)";
    return false;
  }
  return true;
}

namespace {

void ResolvedName(const pb::FieldDescriptor& field,
                  pb::FieldDescriptorProto* proto) {
  if (field.is_extension()) {
    proto->set_extendee("." + field.containing_type()->full_name());
  }
  const pb::Descriptor* message = field.message_type();
  const pb::EnumDescriptor* e = field.enum_type();
  if (message == nullptr && e == nullptr) return;
  proto->set_type_name(
      "." + (message != nullptr ? message->full_name() : e->full_name()));
  // A delimited field is a message field as editions write it.
  if (!proto->has_type()) {
    proto->set_type(message != nullptr ? pb::FieldDescriptorProto::TYPE_MESSAGE
                                       : pb::FieldDescriptorProto::TYPE_ENUM);
  }
}

void ResolvedNames(const pb::Descriptor& message, pb::DescriptorProto* proto) {
  for (int i = 0; i < message.field_count(); ++i) {
    ResolvedName(*message.field(i), proto->mutable_field(i));
  }
  for (int i = 0; i < message.extension_count(); ++i) {
    ResolvedName(*message.extension(i), proto->mutable_extension(i));
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    ResolvedNames(*message.nested_type(i), proto->mutable_nested_type(i));
  }
}

}  // namespace

void ResolvedNames(const pb::FileDescriptor& file,
                   pb::FileDescriptorProto* proto) {
  for (int i = 0; i < file.message_type_count(); ++i) {
    ResolvedNames(*file.message_type(i), proto->mutable_message_type(i));
  }
  for (int i = 0; i < file.extension_count(); ++i) {
    ResolvedName(*file.extension(i), proto->mutable_extension(i));
  }
  for (int i = 0; i < file.service_count(); ++i) {
    for (int m = 0; m < file.service(i)->method_count(); ++m) {
      const pb::MethodDescriptor& method = *file.service(i)->method(m);
      pb::MethodDescriptorProto* written =
          proto->mutable_service(i)->mutable_method(m);
      written->set_input_type("." + method.input_type()->full_name());
      written->set_output_type("." + method.output_type()->full_name());
    }
  }
}

std::vector<const pb::FileDescriptor*> WithImports(
    const std::vector<const pb::FileDescriptor*>& files) {
  std::set<const pb::FileDescriptor*> added;
  std::vector<const pb::FileDescriptor*> ordered;
  for (const pb::FileDescriptor* file : files) {
    AddWithImports(file, &added, &ordered);
  }
  return ordered;
}

bool WriteProtoset(const std::string& path,
                   const std::vector<const pb::FileDescriptor*>& files,
                   std::string* err, const WrittenAs& written_as) {
  pb::FileDescriptorSet set;
  for (const pb::FileDescriptor* file : WithImports(files)) {
    pb::FileDescriptorProto* proto = set.add_file();
    const pb::FileDescriptorProto* written =
        written_as ? written_as(file->name()) : nullptr;
    if (written != nullptr) {
      // The JSON names too, which a server's copy may have left out, and
      // type names as the pool resolved them (a .proto file's are as
      // written: "M" for ".pkg.M").
      *proto = *written;
      file->CopyJsonNameTo(proto);
      ResolvedNames(*file, proto);
      continue;
    }
    file->CopyTo(proto);
    // Every field's JSON name, as protoc writes it: tools that read the
    // set would otherwise print snake_case names.
    file->CopyJsonNameTo(proto);
    file->CopySourceCodeInfoTo(proto);
  }
  return ReplaceFile(path, "--protoset-out", set.SerializeAsString(), err);
}

}  // namespace rpccli
