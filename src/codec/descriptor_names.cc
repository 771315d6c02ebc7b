#include "codec/descriptor_names.h"

#include <set>
#include <vector>

#include "base/text.h"

namespace rpccli {

bool IsValidFullName(const std::string& name) {
  bool at_start = true;
  for (char c : name) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (c == '.' && !at_start) {
      at_start = true;
    } else if (letter || (digit && !at_start)) {
      at_start = false;
    } else {
      return false;
    }
  }
  return !at_start;
}

std::string EnumValueNames(const google::protobuf::EnumDescriptor& e) {
  constexpr int kShown = 8;
  std::string names;
  for (int i = 0; i < e.value_count() && i < kShown; ++i) {
    names += (i == 0 ? "" : ", ") + e.value(i)->name();
  }
  if (e.value_count() > kShown) {
    names += ", ... (" + std::to_string(e.value_count()) + " in all)";
  }
  return names;
}

namespace {

namespace pb = google::protobuf;

void AddEnumNames(const std::string& scope, const pb::EnumDescriptorProto& e,
                  std::set<std::string>* names) {
  names->insert(scope + e.name());
  // Enum values are scoped like siblings of their enum.
  for (const auto& value : e.value()) names->insert(scope + value.name());
}

void AddMessageNames(const std::string& scope, const pb::DescriptorProto& m,
                     std::set<std::string>* names) {
  std::string name = scope + m.name();
  names->insert(name);
  for (const auto& field : m.field()) names->insert(name + "." + field.name());
  for (const auto& oneof : m.oneof_decl()) {
    names->insert(name + "." + oneof.name());
  }
  for (const auto& nested : m.nested_type()) {
    AddMessageNames(name + ".", nested, names);
  }
  for (const auto& e : m.enum_type()) AddEnumNames(name + ".", e, names);
  for (const auto& extension : m.extension()) {
    names->insert(name + "." + extension.name());
  }
}

void CollectMessageUses(const std::string& scope, const pb::DescriptorProto& m,
                        std::vector<TypeUse>* uses) {
  std::string name = scope.empty() ? m.name() : scope + "." + m.name();
  for (const auto& field : m.field()) {
    if (!field.type_name().empty()) uses->push_back({field.type_name(), name});
  }
  for (const auto& extension : m.extension()) {
    if (!extension.type_name().empty()) {
      uses->push_back({extension.type_name(), name});
    }
    uses->push_back({extension.extendee(), name});
  }
  for (const auto& nested : m.nested_type()) {
    CollectMessageUses(name, nested, uses);
  }
}

}  // namespace

std::set<std::string> DefinedNames(const pb::FileDescriptorProto& file) {
  std::set<std::string> names;
  std::string scope = file.package().empty() ? "" : file.package() + ".";
  for (const auto& m : file.message_type()) AddMessageNames(scope, m, &names);
  for (const auto& e : file.enum_type()) AddEnumNames(scope, e, &names);
  for (const auto& extension : file.extension()) {
    names.insert(scope + extension.name());
  }
  for (const auto& service : file.service()) {
    names.insert(scope + service.name());
    for (const auto& method : service.method()) {
      names.insert(scope + service.name() + "." + method.name());
    }
  }
  return names;
}

std::vector<TypeUse> TypeUses(const pb::FileDescriptorProto& file) {
  std::vector<TypeUse> uses;
  for (const auto& m : file.message_type()) {
    CollectMessageUses(file.package(), m, &uses);
  }
  for (const auto& extension : file.extension()) {
    if (!extension.type_name().empty()) {
      uses.push_back({extension.type_name(), file.package()});
    }
    uses.push_back({extension.extendee(), file.package()});
  }
  for (const auto& service : file.service()) {
    for (const auto& method : service.method()) {
      uses.push_back({method.input_type(), file.package()});
      uses.push_back({method.output_type(), file.package()});
    }
  }
  return uses;
}

std::string Scoped(const std::string& scope, const std::string& name) {
  return scope.empty() ? name : scope + "." + name;
}

std::vector<std::string> Candidates(const TypeUse& use) {
  if (StartsWith(use.name, ".")) return {use.name.substr(1)};
  std::vector<std::string> candidates;
  std::string scope = use.scope;
  for (;;) {
    candidates.push_back(scope.empty() ? use.name : scope + "." + use.name);
    if (scope.empty()) break;
    size_t dot = scope.rfind('.');
    scope = dot == std::string::npos ? "" : scope.substr(0, dot);
  }
  return candidates;
}

std::string CamelCase(const std::string& name, bool upper_first) {
  std::string camel;
  bool upper_next = upper_first;
  for (char c : name) {
    if (c == '_') {
      upper_next = true;
    } else {
      camel += upper_next && c >= 'a' && c <= 'z'
                   ? static_cast<char>(c - 'a' + 'A')
                   : c;
      upper_next = false;
    }
  }
  return camel;
}

std::string MapEntryName(const std::string& field_name) {
  return CamelCase(field_name, /*upper_first=*/true) + "Entry";
}

namespace {

void DropDefaultJsonNames(pb::DescriptorProto* message) {
  for (pb::FieldDescriptorProto& field : *message->mutable_field()) {
    if (field.has_json_name() &&
        field.json_name() == CamelCase(field.name(), /*upper_first=*/false)) {
      field.clear_json_name();
    }
  }
  for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
    DropDefaultJsonNames(&nested);
  }
}

}  // namespace

namespace {

std::string UnknownFieldKinds(const pb::FieldDescriptorProto& field,
                              const std::string& scope) {
  const pb::UnknownFieldSet& unknown = field.unknown_fields();
  for (int i = 0; i < unknown.field_count(); ++i) {
    const pb::UnknownField& kept = unknown.field(i);
    int number = kept.number();
    if ((number != pb::FieldDescriptorProto::kTypeFieldNumber &&
         number != pb::FieldDescriptorProto::kLabelFieldNumber) ||
        kept.type() != pb::UnknownField::TYPE_VARINT) {
      continue;
    }
    return scope + "." + field.name() + ": " +
           (number == pb::FieldDescriptorProto::kTypeFieldNumber ? "type "
                                                                 : "label ") +
           std::to_string(static_cast<int64_t>(kept.varint())) +
           " is not a protobuf field " +
           (number == pb::FieldDescriptorProto::kTypeFieldNumber ? "type"
                                                                 : "label");
  }
  return "";
}

std::string UnknownFieldKinds(const pb::DescriptorProto& message,
                              const std::string& scope) {
  std::string full =
      scope.empty() ? message.name() : scope + "." + message.name();
  for (const auto& field : message.field()) {
    std::string found = UnknownFieldKinds(field, full);
    if (!found.empty()) return found;
  }
  for (const auto& field : message.extension()) {
    std::string found = UnknownFieldKinds(field, full);
    if (!found.empty()) return found;
  }
  for (const auto& nested : message.nested_type()) {
    std::string found = UnknownFieldKinds(nested, full);
    if (!found.empty()) return found;
  }
  return "";
}

}  // namespace

std::string UnknownFieldKinds(const pb::FileDescriptorProto& file) {
  for (const auto& message : file.message_type()) {
    std::string found = UnknownFieldKinds(message, file.package());
    if (!found.empty()) return found;
  }
  for (const auto& field : file.extension()) {
    std::string found = UnknownFieldKinds(field, file.package());
    if (!found.empty()) return found;
  }
  return "";
}

void DropDefaultJsonNames(pb::FileDescriptorProto* file) {
  for (pb::DescriptorProto& message : *file->mutable_message_type()) {
    DropDefaultJsonNames(&message);
  }
}

namespace {

using OptionsVisitor =
    std::function<void(const std::string& element, const std::vector<int>& path,
                       pb::Message* options)>;

// `path` and then `field` and `index`: the path of an element in the one
// whose path is `path` (descriptor.proto's SourceCodeInfo numbering).
std::vector<int> Under(std::vector<int> path, int field, int index) {
  path.push_back(field);
  path.push_back(index);
  return path;
}

void VisitEnum(pb::EnumDescriptorProto* e, const std::string& scope,
               const std::vector<int>& path, const OptionsVisitor& visit) {
  visit("enum " + Scoped(scope, e->name()), path, e->mutable_options());
  for (int i = 0; i < e->value_size(); ++i) {
    pb::EnumValueDescriptorProto& value = *e->mutable_value(i);
    visit("enum value " + Scoped(scope, value.name()), Under(path, 2, i),
          value.mutable_options());
  }
}

void VisitField(pb::FieldDescriptorProto* field, const std::string& scope,
                const std::vector<int>& path, const OptionsVisitor& visit) {
  visit((field->has_extendee() ? "extension " : "field ") +
            Scoped(scope, field->name()),
        path, field->mutable_options());
}

void VisitMessage(pb::DescriptorProto* message, const std::string& scope,
                  const std::vector<int>& path, const OptionsVisitor& visit) {
  std::string name = Scoped(scope, message->name());
  visit("message " + name, path, message->mutable_options());
  for (int i = 0; i < message->nested_type_size(); ++i) {
    VisitMessage(message->mutable_nested_type(i), name, Under(path, 3, i),
                 visit);
  }
  for (int i = 0; i < message->enum_type_size(); ++i) {
    VisitEnum(message->mutable_enum_type(i), name, Under(path, 4, i), visit);
  }
  for (int i = 0; i < message->field_size(); ++i) {
    VisitField(message->mutable_field(i), name, Under(path, 2, i), visit);
  }
  for (int i = 0; i < message->extension_size(); ++i) {
    VisitField(message->mutable_extension(i), name, Under(path, 6, i), visit);
  }
  for (int i = 0; i < message->oneof_decl_size(); ++i) {
    pb::OneofDescriptorProto& oneof = *message->mutable_oneof_decl(i);
    visit("oneof " + Scoped(name, oneof.name()), Under(path, 8, i),
          oneof.mutable_options());
  }
  for (int i = 0; i < message->extension_range_size(); ++i) {
    visit("the extension range of message " + name, Under(path, 5, i),
          message->mutable_extension_range(i)->mutable_options());
  }
}

}  // namespace

bool AnyFieldWithin(
    const pb::Descriptor& type,
    const std::function<bool(const pb::FieldDescriptor&)>& wanted) {
  std::set<const pb::Descriptor*> seen = {&type};
  std::vector<const pb::Descriptor*> to_visit = {&type};
  while (!to_visit.empty()) {
    const pb::Descriptor* next = to_visit.back();
    to_visit.pop_back();
    for (int i = 0; i < next->field_count(); ++i) {
      const pb::FieldDescriptor& field = *next->field(i);
      if (wanted(field)) return true;
      if (field.message_type() != nullptr &&
          seen.insert(field.message_type()).second) {
        to_visit.push_back(field.message_type());
      }
    }
  }
  return false;
}

void VisitOptions(pb::FileDescriptorProto* file, const OptionsVisitor& visit) {
  const std::string& package = file->package();
  visit("the file", {}, file->mutable_options());
  for (int i = 0; i < file->enum_type_size(); ++i) {
    VisitEnum(file->mutable_enum_type(i), package, {5, i}, visit);
  }
  for (int i = 0; i < file->message_type_size(); ++i) {
    VisitMessage(file->mutable_message_type(i), package, {4, i}, visit);
  }
  for (int i = 0; i < file->extension_size(); ++i) {
    VisitField(file->mutable_extension(i), package, {7, i}, visit);
  }
  for (int i = 0; i < file->service_size(); ++i) {
    pb::ServiceDescriptorProto& service = *file->mutable_service(i);
    std::string name = Scoped(package, service.name());
    visit("service " + name, {6, i}, service.mutable_options());
    for (int m = 0; m < service.method_size(); ++m) {
      visit("method " + name + "." + service.method(m).name(), {6, i, 2, m},
            service.mutable_method(m)->mutable_options());
    }
  }
}

int DropUninterpretedOptions(
    pb::Message* options,
    const std::function<bool(const pb::UninterpretedOption&)>& drop) {
  const pb::Reflection& reflection = *options->GetReflection();
  const pb::FieldDescriptor* uninterpreted =
      options->GetDescriptor()->FindFieldByName("uninterpreted_option");
  int count = reflection.FieldSize(*options, uninterpreted);
  int kept = 0;
  for (int i = 0; i < count; ++i) {
    const auto& option = static_cast<const pb::UninterpretedOption&>(
        reflection.GetRepeatedMessage(*options, uninterpreted, i));
    if (drop(option)) continue;
    // Each kept one moves up, in order, over those dropped.
    if (kept != i) reflection.SwapElements(options, uninterpreted, kept, i);
    ++kept;
  }
  for (int i = kept; i < count; ++i) {
    reflection.RemoveLast(options, uninterpreted);
  }
  return count - kept;
}

}  // namespace rpccli
