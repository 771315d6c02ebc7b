#include "codec/well_known_types.h"

namespace rpccli {

bool IsWellKnownType(const google::protobuf::Descriptor& type,
                     const std::string& name) {
  namespace pb = google::protobuf;
  if (type.full_name() != name) return false;
  const pb::Descriptor* real =
      pb::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
  if (real == nullptr || &type == real) return real != nullptr;
  if (type.field_count() != real->field_count() ||
      type.oneof_decl_count() != real->oneof_decl_count()) {
    return false;
  }
  for (int i = 0; i < real->field_count(); ++i) {
    const pb::FieldDescriptor& want = *real->field(i);
    const pb::FieldDescriptor* have = type.FindFieldByNumber(want.number());
    if (have == nullptr || have->name() != want.name() ||
        have->type() != want.type() || have->label() != want.label() ||
        (want.message_type() != nullptr &&
         have->message_type()->full_name() !=
             want.message_type()->full_name()) ||
        (want.containing_oneof() == nullptr) !=
            (have->containing_oneof() == nullptr)) {
      return false;
    }
  }
  return true;
}

bool ImpersonatesWellKnownType(const google::protobuf::Descriptor& type) {
  const std::string& name = type.full_name();
  return name.rfind("google.protobuf.", 0) == 0 &&
         google::protobuf::DescriptorPool::generated_pool()
                 ->FindMessageTypeByName(name) != nullptr &&
         !IsWellKnownType(type, name);
}

bool IsCheckedForJson(const google::protobuf::Descriptor& type) {
  if (ImpersonatesWellKnownType(type)) return true;
  const std::string& name = type.full_name();
  return name == "google.protobuf.Duration" ||
         name == "google.protobuf.Timestamp" ||
         name == "google.protobuf.FieldMask" ||
         name == "google.protobuf.Value" ||
         name == "google.protobuf.ListValue" ||
         name == "google.protobuf.Struct" || name == "google.protobuf.Any";
}

}  // namespace rpccli
