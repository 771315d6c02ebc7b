// What a FileDescriptorProto defines and refers to, read from the proto
// itself before any pool has built it: what the reflection database needs
// to tell which file defines a symbol and which imports a file lacks.
#ifndef RPCCLI_CODEC_DESCRIPTOR_NAMES_H_
#define RPCCLI_CODEC_DESCRIPTOR_NAMES_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace rpccli {

/// Whether `name` could name something protobuf defines: identifiers (a
/// letter or '_', then letters, digits and '_') joined by dots.
bool IsValidFullName(const std::string& name);

/// The names of `e`'s values for an error about a name it lacks: all of
/// a short enum, the first eight of a long one and how many there are
/// ("A, B, ... (12 in all)").
std::string EnumValueNames(const google::protobuf::EnumDescriptor& e);

/// Every full name `file` defines: messages, fields, oneofs, enums and
/// their values, extensions, services and methods.
std::set<std::string> DefinedNames(
    const google::protobuf::FileDescriptorProto& file);

/// A type name as a field, extension or method writes it.
struct TypeUse {
  std::string name;   // as written in the descriptor
  std::string scope;  // the message or package it is written in
};

/// Every type name `file` refers to.
std::vector<TypeUse> TypeUses(
    const google::protobuf::FileDescriptorProto& file);

/// `name` in `scope` (a package or message): "scope.name", or `name` at
/// the root.
std::string Scoped(const std::string& scope, const std::string& name);

/// The full names a type reference may mean: a leading '.' makes it exact;
/// otherwise it is looked up from the innermost scope outwards, as protoc
/// does.
std::vector<std::string> Candidates(const TypeUse& use);

/// protobuf's camel case of a field name: each letter after an underscore
/// upper-cased (and the first, if `upper_first`), the underscores dropped.
/// A field's default JSON name is CamelCase(name, false).
std::string CamelCase(const std::string& name, bool upper_first);

/// protobuf's name for a map field's entry type: "notes_by_id" has
/// "NotesByIdEntry".
std::string MapEntryName(const std::string& field_name);

/// Clears each field's json_name where it is the one protobuf derives from
/// the field's name: protoc writes it into every field of a descriptor set
/// (and servers send it), where a .proto file states only one that
/// differs, and describe shows the descriptor as a .proto file would.
void DropDefaultJsonNames(google::protobuf::FileDescriptorProto* file);

/// "" if every field's type and label in `file` is one protobuf has; else
/// which field's is not ("demo.M.x: type 99 is not a protobuf field
/// type"): parsing keeps such a number aside and leaves the field a double.
std::string UnknownFieldKinds(
    const google::protobuf::FileDescriptorProto& file);

/// Whether a field of `type`, or of a type it holds at any depth, is
/// `wanted`. Each type is visited once: types that hold each other (A in B
/// in A) are answered for the whole walk, never half read.
bool AnyFieldWithin(
    const google::protobuf::Descriptor& type,
    const std::function<bool(const google::protobuf::FieldDescriptor&)>&
        wanted);

/// Calls `visit` with each options message in `file` (the file's, and each
/// message's, field's, extension's, oneof's, enum's, enum value's,
/// extension range's, service's and method's), the element it is of ("the
/// file", "message p.M", "field p.M.a"...) and that element's path in the
/// file's SourceCodeInfo ({4, 0, 2, 1}: the first message's second field).
void VisitOptions(google::protobuf::FileDescriptorProto* file,
                  const std::function<void(
                      const std::string& element, const std::vector<int>& path,
                      google::protobuf::Message* options)>& visit);

/// Removes from `options` each option the parser left uninterpreted for
/// which `drop` is true; how many.
int DropUninterpretedOptions(
    google::protobuf::Message* options,
    const std::function<bool(const google::protobuf::UninterpretedOption&)>&
        drop);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_DESCRIPTOR_NAMES_H_
