// Protobuf Editions (edition 2023 and 2024) on protobuf 3.21, which builds
// proto2 and proto3 files only. An editions file says with `features`
// what proto2 and proto3 said with their syntax: presence, open or closed
// enums, packed or expanded lists, group encoding, UTF-8 checks. Each
// editions file is rewritten as the one syntax whose rules give every
// element the same features, so that its messages mean the same on the
// wire and in JSON; a file that would need both is refused, naming an
// element of each kind.
#ifndef RPCCLI_SCHEMA_EDITIONS_H_
#define RPCCLI_SCHEMA_EDITIONS_H_

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/message.h>

#include <functional>
#include <string>

namespace rpccli {

/// The file of this name as it was written, where it differs from what
/// was built (an editions file, lowered to build); else null.
using WrittenAs = std::function<const google::protobuf::FileDescriptorProto*(
    const std::string& filename)>;

/// Whether `file` is written in Protobuf Editions (its syntax is
/// "editions").
bool IsEditionsFile(const google::protobuf::FileDescriptorProto& file);

/// The field at which `options` (a FileOptions, MessageOptions, ...) holds
/// its FeatureSet in protobuf 27's descriptor.proto; 3.21's keeps it as an
/// unknown field there.
int FeaturesFieldOf(const google::protobuf::Message& options);

/// Whether `file` names an edition, whatever its syntax says.
bool NamesAnEdition(const google::protobuf::FileDescriptorProto& file);

/// The edition an editions file names, as written in .proto syntax
/// ("2023"), or how it is numbered if it is one rpccli does not know.
std::string EditionName(const google::protobuf::FileDescriptorProto& file);

/// Whether the enum with this full name (no leading '.') keeps values it
/// does not define (open), as the file defining it says; false if that
/// file is not at hand.
using EnumOpenness =
    std::function<bool(const std::string& full_name, bool* open)>;

/// Whether the enum `full_name` that `file` defines is open: proto3's
/// are, proto2's are not, and an editions file's as its features say.
/// False if `file` does not define it.
bool IsOpenEnum(const google::protobuf::FileDescriptorProto& file,
                const std::string& full_name, bool* open);

/// Rewrites the editions file `file` as proto3 where every element has
/// proto3's meaning, else as proto2 where every element has proto2's;
/// `lowered_to` gets "proto3" or "proto2". `enum_is_open` answers for
/// enums other files define. False, `file` untouched, with `err` naming
/// an element and its feature, when no syntax holds them all, or naming
/// the edition when rpccli does not know it.
bool LowerEditions(google::protobuf::FileDescriptorProto* file,
                   const EnumOpenness& enum_is_open, std::string* lowered_to,
                   std::string* err);

/// protobuf's files of language features (google/protobuf/cpp_features.proto
/// and its kin) extend google.protobuf.FeatureSet, which 3.21 lacks: what
/// they say shapes generated code only. For such a name, `stub` gets a
/// file of that name and package that defines nothing, and true.
bool LanguageFeaturesStub(const std::string& filename,
                          google::protobuf::FileDescriptorProto* stub);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_EDITIONS_H_
