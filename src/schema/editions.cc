#include "schema/editions.h"

#include <google/protobuf/unknown_field_set.h>

#include <map>
#include <vector>

#include "codec/descriptor_names.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptorProto;

// Numbers from descriptor.proto of protobuf 27 and later, which 3.21's
// copy lacks: they arrive as unknown fields of its messages.
constexpr int kFileEditionField = 14;        // enum Edition
constexpr int kFileEditionStringField = 13;  // a string, in protobuf 22-24
constexpr int kEdition2023 = 1000;
constexpr int kEdition2024 = 1001;

// The FeatureSet fields that decide meaning on the wire and in JSON, and
// their values (0 is unset in each).
enum FeatureNumber {
  kFieldPresence = 1,
  kEnumType = 2,
  kRepeatedFieldEncoding = 3,
  kUtf8Validation = 4,
  kMessageEncoding = 5,
  kJsonFormat = 6,
  kFeatureCount = 7,
};
constexpr int kExplicit = 1, kImplicit = 2, kLegacyRequired = 3;
constexpr int kOpen = 1, kClosed = 2;
constexpr int kPacked = 1, kExpanded = 2;
constexpr int kVerify = 2, kNoUtf8Check = 3;
constexpr int kLengthPrefixed = 1, kDelimited = 2;
constexpr int kAllowJson = 1, kLegacyJson = 2;

struct Features {
  int value[kFeatureCount] = {};
  std::string invalid;  // the first value no edition has: "features.x = 7"
};

// The values each feature takes, by number, and its name.
bool IsValidValue(int feature, uint64_t value) {
  switch (feature) {
    case kFieldPresence:
      return value >= 1 && value <= 3;
    case kUtf8Validation:
      return value == kVerify || value == kNoUtf8Check;
    default:
      return value == 1 || value == 2;
  }
}
constexpr const char* kFeatureNames[kFeatureCount] = {
    "",
    "field_presence",
    "enum_type",
    "repeated_field_encoding",
    "utf8_validation",
    "message_encoding",
    "json_format",
};

// Editions 2023 and 2024 agree on these.
Features EditionDefaults() {
  Features defaults;
  defaults.value[kFieldPresence] = kExplicit;
  defaults.value[kEnumType] = kOpen;
  defaults.value[kRepeatedFieldEncoding] = kPacked;
  defaults.value[kUtf8Validation] = kVerify;
  defaults.value[kMessageEncoding] = kLengthPrefixed;
  defaults.value[kJsonFormat] = kAllowJson;
  return defaults;
}

// `inherited` with what the options message says at `number` on top.
Features Resolve(const Features& inherited, const pb::Message& options) {
  const int number = FeaturesFieldOf(options);
  Features resolved = inherited;
  const pb::UnknownFieldSet& unknown =
      options.GetReflection()->GetUnknownFields(options);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const pb::UnknownField& field = unknown.field(i);
    if (field.number() != number ||
        field.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    pb::UnknownFieldSet features;
    if (!features.ParseFromString(field.length_delimited())) continue;
    for (int j = 0; j < features.field_count(); ++j) {
      const pb::UnknownField& feature = features.field(j);
      if (feature.number() <= 0 || feature.number() >= kFeatureCount ||
          feature.type() != pb::UnknownField::TYPE_VARINT) {
        continue;
      }
      if (!IsValidValue(feature.number(), feature.varint())) {
        if (resolved.invalid.empty()) {
          resolved.invalid = std::string("features.") +
                             kFeatureNames[feature.number()] + " = " +
                             std::to_string(feature.varint());
        }
        continue;
      }
      resolved.value[feature.number()] = static_cast<int>(feature.varint());
    }
  }
  return resolved;
}

// The varint or string an unknown field of `message` holds at `number`.
bool UnknownVarint(const pb::Message& message, int number, uint64_t* value) {
  const pb::UnknownFieldSet& unknown =
      message.GetReflection()->GetUnknownFields(message);
  for (int i = unknown.field_count() - 1; i >= 0; --i) {
    if (unknown.field(i).number() == number &&
        unknown.field(i).type() == pb::UnknownField::TYPE_VARINT) {
      *value = unknown.field(i).varint();
      return true;
    }
  }
  return false;
}
bool UnknownString(const pb::Message& message, int number, std::string* value) {
  const pb::UnknownFieldSet& unknown =
      message.GetReflection()->GetUnknownFields(message);
  for (int i = unknown.field_count() - 1; i >= 0; --i) {
    if (unknown.field(i).number() == number &&
        unknown.field(i).type() == pb::UnknownField::TYPE_LENGTH_DELIMITED) {
      *value = unknown.field(i).length_delimited();
      return true;
    }
  }
  return false;
}

bool IsKnownEdition(const pb::FileDescriptorProto& file) {
  std::string name = EditionName(file);
  return name == "2023" || name == "2024";
}

bool IsPackable(Field::Type type) {
  return type != Field::TYPE_STRING && type != Field::TYPE_BYTES &&
         type != Field::TYPE_MESSAGE && type != Field::TYPE_GROUP;
}

// Why one element needs one syntax: "field demo.M.x (field_presence
// IMPLICIT)".
struct Reason {
  std::string element;
  std::string feature;
  std::string Said() const { return element + " (" + feature + ")"; }
};

// A field with the features it resolved to, and where it sits.
struct PlacedField {
  Field* field;
  pb::DescriptorProto* message;  // null for an extension at file scope
  std::string full_name;
  Features features;
  bool is_map = false;
  bool in_map_entry = false;  // a map's key or value: as any syntax has it
};

class Lowering {
 public:
  Lowering(pb::FileDescriptorProto* file, const EnumOpenness& enum_is_open)
      : file_(file), enum_is_open_(enum_is_open) {}

  bool Run(std::string* lowered_to, std::string* err) {
    Features features =
        Checked(Resolve(EditionDefaults(), file_->options()), "the file");
    for (pb::EnumDescriptorProto& e : *file_->mutable_enum_type()) {
      NoteEnum(e, file_->package(), features);
    }
    for (pb::DescriptorProto& message : *file_->mutable_message_type()) {
      Walk(&message, file_->package(), features);
    }
    for (Field& extension : *file_->mutable_extension()) {
      Place(&extension, nullptr, file_->package(), features);
    }
    for (const PlacedField& placed : fields_) Classify(placed);
    if (!invalid_.empty()) {
      *err = invalid_ + ", which no edition has";
      return false;
    }

    if (!needs_proto3_.empty() && !needs_proto2_.empty()) {
      *err = "edition " + EditionName(*file_) +
             " file that protobuf 3.21 cannot hold: " +
             needs_proto3_.front().Said() + " has proto3's meaning and " +
             needs_proto2_.front().Said() +
             " proto2's, and no file of protobuf 3.21 holds both";
      return false;
    }
    // proto3 refuses JSON names that clash, which LEGACY_BEST_EFFORT lets
    // a file have (as proto2 did): proto2, where nothing needs proto3.
    bool proto2 =
        !needs_proto2_.empty() || (needs_proto3_.empty() && legacy_json_);
    for (const PlacedField& placed : fields_) {
      proto2 ? AsProto2(placed) : AsProto3(placed);
    }
    file_->set_syntax(proto2 ? "proto2" : "proto3");
    *lowered_to = file_->syntax();
    return true;
  }

 private:
  void Walk(pb::DescriptorProto* message, const std::string& scope,
            const Features& inherited) {
    std::string name = Scoped(scope, message->name());
    Features features =
        Checked(Resolve(inherited, message->options()), "message " + name);
    for (pb::EnumDescriptorProto& e : *message->mutable_enum_type()) {
      NoteEnum(e, name, features);
    }
    for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
      Walk(&nested, name, features);
    }
    for (Field& field : *message->mutable_field()) {
      Features own = features;
      if (field.has_oneof_index() &&
          field.oneof_index() < message->oneof_decl_size()) {
        own = Checked(
            Resolve(own, message->oneof_decl(field.oneof_index()).options()),
            "oneof " +
                Scoped(name, message->oneof_decl(field.oneof_index()).name()));
      }
      Place(&field, message, name, own);
    }
    for (Field& extension : *message->mutable_extension()) {
      Place(&extension, nullptr, name, features);
    }
    if (message->extension_range_size() > 0) {
      needs_proto2_.push_back({"message " + name, "extension ranges"});
    }
  }

  void NoteEnum(const pb::EnumDescriptorProto& e, const std::string& scope,
                const Features& inherited) {
    std::string name = Scoped(scope, e.name());
    bool open = Checked(Resolve(inherited, e.options()), "enum " + name)
                    .value[kEnumType] == kOpen;
    own_enums_[name] = open;
    (open ? needs_proto3_ : needs_proto2_)
        .push_back(
            {"enum " + name, open ? "enum_type OPEN" : "enum_type CLOSED"});
  }

  void Place(Field* field, pb::DescriptorProto* message,
             const std::string& scope, const Features& inherited) {
    std::string name = Scoped(scope, field->name());
    PlacedField placed{
        field, message, name,
        Checked(Resolve(inherited, field->options()), "field " + name)};
    placed.is_map = message != nullptr && IsMapField(*message, *field);
    placed.in_map_entry = message != nullptr && message->options().map_entry();
    fields_.push_back(placed);
  }

  static bool IsMapField(const pb::DescriptorProto& message,
                         const Field& field) {
    if (field.label() != Field::LABEL_REPEATED ||
        field.type() != Field::TYPE_MESSAGE) {
      return false;
    }
    for (const pb::DescriptorProto& nested : message.nested_type()) {
      const std::string& type = field.type_name();
      if (nested.options().map_entry() && type.size() > nested.name().size() &&
          type.compare(type.size() - nested.name().size(), nested.name().size(),
                       nested.name()) == 0 &&
          type[type.size() - nested.name().size() - 1] == '.') {
        return true;
      }
    }
    return false;
  }

  // Presence as 3.21 decides it from the label and syntax: a field that is
  // neither repeated, a message, in a oneof, nor an extension.
  static bool HasSyntaxPresence(const PlacedField& placed) {
    const Field& field = *placed.field;
    return field.label() != Field::LABEL_REPEATED &&
           field.type() != Field::TYPE_MESSAGE &&
           field.type() != Field::TYPE_GROUP && !field.has_oneof_index() &&
           placed.message != nullptr && !placed.in_map_entry;
  }

  static bool IsDelimited(const PlacedField& placed) {
    const Field& field = *placed.field;
    return field.type() == Field::TYPE_GROUP ||
           (field.type() == Field::TYPE_MESSAGE && !placed.is_map &&
            !placed.in_map_entry &&
            placed.features.value[kMessageEncoding] == kDelimited);
  }

  void Classify(const PlacedField& placed) {
    const Field& field = *placed.field;
    std::string element = "field " + placed.full_name;
    int presence = placed.features.value[kFieldPresence];
    if (HasSyntaxPresence(placed) && presence == kImplicit) {
      needs_proto3_.push_back({element, "field_presence IMPLICIT"});
    }
    if (field.label() != Field::LABEL_REPEATED && presence == kLegacyRequired) {
      needs_proto2_.push_back({element, "field_presence LEGACY_REQUIRED"});
    }
    if (IsDelimited(placed)) {
      needs_proto2_.push_back({element, "message_encoding DELIMITED"});
    }
    if (field.has_default_value()) {
      needs_proto2_.push_back({element, "a default value"});
    }
    if (field.type() == Field::TYPE_STRING &&
        placed.features.value[kUtf8Validation] == kNoUtf8Check) {
      needs_proto2_.push_back({element, "utf8_validation NONE"});
    }
    // Options are extended in proto3 too; the parser leaves the name as
    // written, a protoset has it with a leading '.'.
    std::string extendee = field.extendee();
    if (!extendee.empty() && extendee[0] == '.') extendee.erase(0, 1);
    if (field.has_extendee() &&
        extendee.compare(0, 16, "google.protobuf.") != 0) {
      needs_proto2_.push_back({element, "an extension of " + extendee});
    }
    bool open = false;
    if (field.type() == Field::TYPE_ENUM &&
        EnumIsOpen(field.type_name(), &open)) {
      (open ? needs_proto3_ : needs_proto2_)
          .push_back({element, std::string("of the ") +
                                   (open ? "open" : "closed") + " enum " +
                                   field.type_name().substr(1)});
    }
  }

  bool EnumIsOpen(const std::string& type_name, bool* open) const {
    std::string name = type_name.empty() || type_name[0] != '.'
                           ? type_name
                           : type_name.substr(1);
    auto own = own_enums_.find(name);
    if (own != own_enums_.end()) {
      *open = own->second;
      return true;
    }
    return enum_is_open_ && enum_is_open_(name, open);
  }

  void AsProto3(const PlacedField& placed) {
    Field& field = *placed.field;
    if (HasSyntaxPresence(placed) &&
        placed.features.value[kFieldPresence] == kExplicit) {
      // proto3's `optional`: a oneof of the field alone, after the others.
      field.set_proto3_optional(true);
      field.set_oneof_index(placed.message->oneof_decl_size());
      placed.message->add_oneof_decl()->set_name(
          SyntheticOneofName(*placed.message, field.name()));
    }
    if (field.label() == Field::LABEL_REPEATED && IsPackable(field.type()) &&
        placed.features.value[kRepeatedFieldEncoding] == kExpanded) {
      field.mutable_options()->set_packed(false);
    }
  }

  void AsProto2(const PlacedField& placed) {
    Field& field = *placed.field;
    if (field.label() != Field::LABEL_REPEATED &&
        placed.features.value[kFieldPresence] == kLegacyRequired) {
      field.set_label(Field::LABEL_REQUIRED);
    }
    if (IsDelimited(placed)) field.set_type(Field::TYPE_GROUP);
    if (field.label() == Field::LABEL_REPEATED && IsPackable(field.type()) &&
        placed.features.value[kRepeatedFieldEncoding] == kPacked) {
      field.mutable_options()->set_packed(true);
    }
  }

  // As protoc names it: "_" and the field's name, with 'X' before it until
  // nothing in the message has that name.
  static std::string SyntheticOneofName(const pb::DescriptorProto& message,
                                        const std::string& field_name) {
    std::string name = "_" + field_name;
    for (;;) {
      bool taken = false;
      for (const Field& field : message.field()) taken |= field.name() == name;
      for (const Field& field : message.extension()) {
        taken |= field.name() == name;
      }
      for (const pb::OneofDescriptorProto& oneof : message.oneof_decl()) {
        taken |= oneof.name() == name;
      }
      for (const pb::DescriptorProto& nested : message.nested_type()) {
        taken |= nested.name() == name;
      }
      for (const pb::EnumDescriptorProto& e : message.enum_type()) {
        taken |= e.name() == name;
        for (const auto& value : e.value()) taken |= value.name() == name;
      }
      if (!taken) return name;
      name = "X" + name;
    }
  }

  // `features`, noting the first value no edition has, and where, and
  // whether JSON names may clash.
  Features Checked(Features features, const std::string& element) {
    legacy_json_ |= features.value[kJsonFormat] == kLegacyJson;
    if (!features.invalid.empty() && invalid_.empty()) {
      invalid_ = element + ": " + features.invalid;
    }
    features.invalid.clear();  // said once, where it is written
    return features;
  }

  pb::FileDescriptorProto* file_;
  const EnumOpenness& enum_is_open_;
  std::string invalid_;
  bool legacy_json_ = false;
  std::map<std::string, bool> own_enums_;
  std::vector<PlacedField> fields_;
  std::vector<Reason> needs_proto2_;
  std::vector<Reason> needs_proto3_;
};

// Whether `message` or a message nested in it defines the enum `name`.
bool FindEnum(const pb::DescriptorProto& message, const std::string& scope,
              const std::string& name, const Features& inherited, bool* open) {
  std::string here = Scoped(scope, message.name());
  Features features = Resolve(inherited, message.options());
  for (const pb::EnumDescriptorProto& e : message.enum_type()) {
    if (Scoped(here, e.name()) == name) {
      *open = Resolve(features, e.options()).value[kEnumType] == kOpen;
      return true;
    }
  }
  for (const pb::DescriptorProto& nested : message.nested_type()) {
    if (FindEnum(nested, here, name, features, open)) return true;
  }
  return false;
}

}  // namespace

int FeaturesFieldOf(const pb::Message& options) {
  static const auto* numbers = new std::map<std::string, int>{
      {"google.protobuf.FileOptions", 50},
      {"google.protobuf.MessageOptions", 12},
      {"google.protobuf.FieldOptions", 21},
      {"google.protobuf.OneofOptions", 1},
      {"google.protobuf.EnumOptions", 7},
      {"google.protobuf.EnumValueOptions", 2},
      {"google.protobuf.ServiceOptions", 34},
      {"google.protobuf.MethodOptions", 35},
      {"google.protobuf.ExtensionRangeOptions", 50},
  };
  return numbers->at(options.GetDescriptor()->full_name());
}

bool IsEditionsFile(const pb::FileDescriptorProto& file) {
  return file.syntax() == "editions";
}

bool NamesAnEdition(const pb::FileDescriptorProto& file) {
  uint64_t number = 0;
  std::string name;
  return UnknownVarint(file, kFileEditionField, &number) ||
         UnknownString(file, kFileEditionStringField, &name);
}

std::string EditionName(const pb::FileDescriptorProto& file) {
  uint64_t number = 0;
  if (UnknownVarint(file, kFileEditionField, &number)) {
    if (number == kEdition2023) return "2023";
    if (number == kEdition2024) return "2024";
    return "numbered " + std::to_string(number);
  }
  std::string name;
  if (UnknownString(file, kFileEditionStringField, &name)) return name;
  return "unnamed";
}

bool IsOpenEnum(const pb::FileDescriptorProto& file,
                const std::string& full_name, bool* open) {
  Features features = EditionDefaults();
  if (!IsEditionsFile(file)) {
    features.value[kEnumType] = file.syntax() == "proto3" ? kOpen : kClosed;
  }
  features = Resolve(features, file.options());
  for (const pb::EnumDescriptorProto& e : file.enum_type()) {
    if (Scoped(file.package(), e.name()) == full_name) {
      *open = Resolve(features, e.options()).value[kEnumType] == kOpen;
      return true;
    }
  }
  for (const pb::DescriptorProto& message : file.message_type()) {
    if (FindEnum(message, file.package(), full_name, features, open)) {
      return true;
    }
  }
  return false;
}

bool LanguageFeaturesStub(const std::string& filename,
                          pb::FileDescriptorProto* stub) {
  static const char* const kFiles[] = {
      "google/protobuf/cpp_features.proto",
      "google/protobuf/java_features.proto",
      "google/protobuf/go_features.proto",
  };
  for (const char* name : kFiles) {
    if (filename == name) {
      stub->Clear();  // `filename` may be `stub`'s own name
      stub->set_name(name);
      stub->set_package("pb");
      stub->set_syntax("proto2");
      return true;
    }
  }
  return false;
}

bool LowerEditions(pb::FileDescriptorProto* file,
                   const EnumOpenness& enum_is_open, std::string* lowered_to,
                   std::string* err) {
  if (!IsKnownEdition(*file)) {
    *err = "written in Protobuf Editions, edition " + EditionName(*file) +
           ", which rpccli does not know: it reads editions 2023 and 2024";
    return false;
  }
  // In place: the parser of .proto files knows each element's line and
  // column by its address. Nothing changes before all is known to hold.
  return Lowering(file, enum_is_open).Run(lowered_to, err);
}

}  // namespace rpccli
