#include "show/message_template.h"

#include <memory>
#include <set>

namespace rpccli {
namespace {

namespace pb = google::protobuf;

void Fill(pb::Message* message, std::set<const pb::Descriptor*>* open);

// Sets a singular field, or adds one element to a repeated one.
void SetOne(pb::Message* message, const pb::FieldDescriptor* field,
            std::set<const pb::Descriptor*>* open) {
  const pb::Reflection* r = message->GetReflection();
  bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      repeated ? r->AddInt32(message, field, 0)
               : r->SetInt32(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_INT64:
      repeated ? r->AddInt64(message, field, 0)
               : r->SetInt64(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      repeated ? r->AddUInt32(message, field, 0)
               : r->SetUInt32(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      repeated ? r->AddUInt64(message, field, 0)
               : r->SetUInt64(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      repeated ? r->AddDouble(message, field, 0)
               : r->SetDouble(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      repeated ? r->AddFloat(message, field, 0)
               : r->SetFloat(message, field, 0);
      break;
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      repeated ? r->AddBool(message, field, false)
               : r->SetBool(message, field, false);
      break;
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      repeated ? r->AddEnumValue(message, field,
                                 field->enum_type()->value(0)->number())
               : r->SetEnumValue(message, field,
                                 field->enum_type()->value(0)->number());
      break;
    case pb::FieldDescriptor::CPPTYPE_STRING:
      repeated ? r->AddString(message, field, "")
               : r->SetString(message, field, "");
      break;
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const pb::Descriptor* type = field->message_type();
      // A type inside itself stays out the second time round, and so does
      // a map of it: an entry with no value would lack its required fields.
      if (open->count(type) != 0) return;
      if (field->is_map()) {
        const pb::FieldDescriptor* value = type->map_value();
        if (value->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
            open->count(value->message_type()) != 0) {
          return;
        }
      }
      pb::Message* child = repeated ? r->AddMessage(message, field)
                                    : r->MutableMessage(message, field);
      Fill(child, open);
      break;
    }
  }
}

void Fill(pb::Message* message, std::set<const pb::Descriptor*>* open) {
  const pb::Descriptor* type = message->GetDescriptor();
  const std::string& name = type->full_name();
  // Well-known types whose empty form does not print as JSON. A schema
  // may hold its own type of that name (found by fuzzing): only the real
  // one, with its null_value, is set this way.
  const pb::FieldDescriptor* null_value =
      name == "google.protobuf.Value" ? type->FindFieldByName("null_value")
                                      : nullptr;
  if (null_value != nullptr &&
      null_value->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM &&
      null_value->enum_type()->FindValueByNumber(0) != nullptr) {
    message->GetReflection()->SetEnumValue(message, null_value, 0);
    return;
  }
  if (name == "google.protobuf.Any" || name == "google.protobuf.Struct" ||
      name == "google.protobuf.ListValue") {
    return;  // {} and [] say enough
  }
  // A path "" has no JSON form; no path prints as "", which says enough.
  if (name == "google.protobuf.FieldMask") return;
  open->insert(type);
  for (int i = 0; i < type->field_count(); ++i) {
    const pb::FieldDescriptor* field = type->field(i);
    const pb::OneofDescriptor* oneof = field->real_containing_oneof();
    // JSON allows one member of a oneof: the first.
    if (oneof != nullptr && oneof->field(0) != field) continue;
    SetOne(message, field, open);
  }
  open->erase(type);
}

}  // namespace

std::string TemplateMessage(const pb::Descriptor& type,
                            pb::DynamicMessageFactory* factory) {
  std::unique_ptr<pb::Message> message(factory->GetPrototype(&type)->New());
  std::set<const pb::Descriptor*> open;
  Fill(message.get(), &open);
  return message->SerializeAsString();
}

}  // namespace rpccli
