// .proto files written in Protobuf Editions through protobuf 3.21's
// parser, which knows proto2 and proto3 only. The text is made readable
// first, each token left at its line and column; the parsed file is then
// made what protoc would have written (a FileDescriptorProto of syntax
// "editions", features in their options), ready to be lowered
// (editions.h).
#ifndef RPCCLI_SCHEMA_EDITIONS_SOURCE_H_
#define RPCCLI_SCHEMA_EDITIONS_SOURCE_H_

#include <google/protobuf/descriptor.pb.h>

#include <functional>
#include <string>

namespace rpccli {

/// If `text` begins with the statement of an edition rpccli reads (2023,
/// 2024), rewrites it for 3.21's parser and returns the edition's name:
/// the edition statement becomes proto3's syntax statement (whose parser
/// takes fields without a label, as editions writes them), and edition
/// 2024's `export` and `local` before a message or enum and `option` in
/// `import option` become blanks; the names `reserved` lists are quoted,
/// as proto2 and proto3 write them. Else "", `text` untouched: the parser
/// fails on an edition rpccli does not read, where it is written.
std::string ReadableByParser(std::string* text);

/// Whether the first statement of `text` is an edition statement: its
/// 0-based `line`, and the edition it names ("" if it is not written
/// `edition = "NAME";`).
bool EditionStatement(const std::string& text, std::string* name, int* line);

/// Whether the type with this full name is a message (else an enum);
/// false if it is neither, as far as the caller can see.
using TypeKind =
    std::function<bool(const std::string& full_name, bool* is_message)>;

/// Turns `file`, as the parser read a file ReadableByParser rewrote, into
/// the editions file protoc writes: syntax "editions" and its edition, each
/// `features.NAME = VALUE` option (which the parser leaves uninterpreted)
/// in the features of its options, language features (`features.(pb.cpp)`)
/// dropped, and each field's type a message or an enum as `kind_of` says
/// for names `file` itself does not define. False, with `err` naming the
/// element and option, for a feature or value rpccli does not know.
bool AsWrittenInEditions(const std::string& edition, const TypeKind& kind_of,
                         google::protobuf::FileDescriptorProto* file,
                         std::string* err);

/// The features an options message holds in its FeatureSet, as .proto
/// options are written: "features.enum_type = CLOSED", joined by ", "; ""
/// if none.
std::string FeaturesAsWritten(const google::protobuf::Message& options);

/// Where the first element `said` names ("field p.M.a", "enum p.E",
/// "message p.M", "oneof p.M.o"...) is written in `file`, from the source
/// locations the parser kept: 0-based, as protobuf counts. False if none
/// is named or known.
bool PositionOfElement(const google::protobuf::FileDescriptorProto& file,
                       const std::string& said, int* line, int* column);

/// The message and enum types `file` defines, by full name: true for a
/// message.
bool DefinesType(const google::protobuf::FileDescriptorProto& file,
                 const std::string& full_name, bool* is_message);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_EDITIONS_SOURCE_H_
