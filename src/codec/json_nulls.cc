#include "codec/json_nulls.h"

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

// `json` with each number token `from` (outside strings) written `to`.
// nlohmann reads -0 as the integer 0, and would write the double's sign
// away: it reads -0.0 instead, and writes it back as -0.0.
std::string ReplaceNumber(const std::string& json, const std::string& from,
                          const std::string& to) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    bool starts_token =
        out.empty() ||
        std::string(":,[ \t\r\n").find(out.back()) != std::string::npos;
    size_t end = i + from.size();
    bool ends_token =
        end == json.size() ||
        (end < json.size() &&
         std::string(",]} \t\r\n").find(json[end]) != std::string::npos);
    if (starts_token && ends_token && json.compare(i, from.size(), from) == 0) {
      out += to;
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string AddNullMessageFields(const pb::Descriptor& type,
                                 const std::string& json, bool proto_names) {
  Json parsed = Json::parse(ReplaceNumber(json, "-0", "-0.0"), nullptr,
                            /*allow_exceptions=*/false);
  if (!parsed.is_object() || IsWellKnown(type)) return json;
  AddNulls(type, proto_names, &parsed);
  // protobuf writes a proto2 string's bytes as they are, UTF-8 or not
  // (found by fuzzing); nlohmann will not write them back: such a message
  // keeps its text as protobuf wrote it.
  try {
    return ReplaceNumber(parsed.dump(), "-0.0", "-0");
  } catch (const Json::exception&) {
    return json;
  }
}

void SetExplicitDefaults(pb::Message* message) {
  const pb::Descriptor& type = *message->GetDescriptor();
  const pb::Reflection& reflection = *message->GetReflection();
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (field.is_repeated()) {
      if (field.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
      for (int j = 0; j < reflection.FieldSize(*message, &field); ++j) {
        SetExplicitDefaults(
            reflection.MutableRepeatedMessage(message, &field, j));
      }
      continue;
    }
    if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (reflection.HasField(*message, &field)) {
        SetExplicitDefaults(reflection.MutableMessage(message, &field));
      }
      continue;
    }
    // A oneof's member is not set by a default: the oneof shows which is.
    if (!field.has_default_value() || field.containing_oneof() != nullptr ||
        reflection.HasField(*message, &field)) {
      continue;
    }
    switch (field.cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_INT32:
        reflection.SetInt32(message, &field, field.default_value_int32());
        break;
      case pb::FieldDescriptor::CPPTYPE_INT64:
        reflection.SetInt64(message, &field, field.default_value_int64());
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        reflection.SetUInt32(message, &field, field.default_value_uint32());
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        reflection.SetUInt64(message, &field, field.default_value_uint64());
        break;
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        reflection.SetDouble(message, &field, field.default_value_double());
        break;
      case pb::FieldDescriptor::CPPTYPE_FLOAT:
        reflection.SetFloat(message, &field, field.default_value_float());
        break;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        reflection.SetBool(message, &field, field.default_value_bool());
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        reflection.SetEnum(message, &field, field.default_value_enum());
        break;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection.SetString(message, &field, field.default_value_string());
        break;
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
  }
}

}  // namespace rpccli
