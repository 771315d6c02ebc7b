#include "json_nulls.h"

#include <nlohmann/json.hpp>

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::ordered_json;

// Types printed as something other than an object of their fields.
bool IsWellKnown(const pb::Descriptor& type) {
  return type.file()->name().rfind("google/protobuf/", 0) == 0;
}

void AddNulls(const pb::Descriptor& type, bool proto_names, Json* object);

// Goes into a field's value: a message, or each message of a list or map.
void AddNullsInValue(const pb::FieldDescriptor& field, bool proto_names,
                     Json* value) {
  if (field.is_map()) {
    const pb::FieldDescriptor& map_value = *field.message_type()->map_value();
    if (map_value.message_type() == nullptr || !value->is_object()) return;
    for (auto& entry : value->items()) {
      if (entry.value().is_object() &&
          !IsWellKnown(*map_value.message_type())) {
        AddNulls(*map_value.message_type(), proto_names, &entry.value());
      }
    }
    return;
  }
  if (field.message_type() == nullptr || IsWellKnown(*field.message_type())) {
    return;
  }
  if (value->is_array()) {
    for (Json& element : *value) {
      if (element.is_object()) {
        AddNulls(*field.message_type(), proto_names, &element);
      }
    }
  } else if (value->is_object()) {
    AddNulls(*field.message_type(), proto_names, value);
  }
}

void AddNulls(const pb::Descriptor& type, bool proto_names, Json* object) {
  Json rebuilt = Json::object();
  // "@type" and anything else that is not a field keep their place first.
  for (auto& entry : object->items()) {
    bool is_field = false;
    for (int i = 0; i < type.field_count() && !is_field; ++i) {
      const pb::FieldDescriptor& field = *type.field(i);
      is_field =
          entry.key() == (proto_names ? field.name() : field.json_name());
    }
    if (!is_field) rebuilt[entry.key()] = std::move(entry.value());
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    const std::string& name = proto_names ? field.name() : field.json_name();
    auto found = object->find(name);
    if (found != object->end()) {
      AddNullsInValue(field, proto_names, &*found);
      rebuilt[name] = std::move(*found);
    } else if (field.type() == pb::FieldDescriptor::TYPE_MESSAGE &&
               !field.is_repeated() && field.containing_oneof() == nullptr &&
               field.message_type()->full_name() != "google.protobuf.Value") {
      rebuilt[name] = nullptr;
    }
  }
  *object = std::move(rebuilt);
}

}  // namespace

std::string AddNullMessageFields(const pb::Descriptor& type,
                                 const std::string& json, bool proto_names) {
  Json parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || IsWellKnown(type)) return json;
  AddNulls(type, proto_names, &parsed);
  // protobuf writes a proto2 string's bytes as they are, UTF-8 or not
  // (found by fuzzing); nlohmann will not write them back: such a message
  // keeps its text as protobuf wrote it.
  try {
    return parsed.dump();
  } catch (const Json::exception&) {
    return json;
  }
}

}  // namespace rpccli
