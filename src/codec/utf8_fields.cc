#include "codec/utf8_fields.h"

#include <google/protobuf/descriptor.h>

#include <vector>

#include "base/utf8.h"
#include "codec/map_entry.h"

namespace rpccli {

namespace pb = google::protobuf;

namespace {

// A map entry's key, for the path: counts["k"] or points_by_id[7].
std::string MapKey(const pb::Message& entry) {
  std::string key = MapEntryKey(entry);
  if (entry.GetDescriptor()->map_key()->cpp_type() !=
      pb::FieldDescriptor::CPPTYPE_STRING) {
    return key;
  }
  return IsValidUtf8(key) ? "\"" + key + "\"" : "<key>";
}

std::string Find(const pb::Message& message, const std::string& prefix) {
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    std::string name = prefix + field->name();
    bool is_map = field->is_map();
    int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      std::string path = name;
      if (field->is_repeated() && !is_map) {
        path += "[" + std::to_string(i) + "]";
      }
      if (ChecksUtf8(*field)) {
        std::string scratch;
        const std::string& text =
            field->is_repeated()
                ? reflection.GetRepeatedStringReference(message, field, i,
                                                        &scratch)
                : reflection.GetStringReference(message, field, &scratch);
        if (!IsValidUtf8(text)) return path;
      } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        const pb::Message& child =
            field->is_repeated()
                ? reflection.GetRepeatedMessage(message, field, i)
                : reflection.GetMessage(message, field);
        if (is_map) {
          // The entry's own fields are named key and value.
          const pb::Descriptor* entry = child.GetDescriptor();
          const pb::Reflection& entry_reflection = *child.GetReflection();
          std::string scratch;
          if (ChecksUtf8(*entry->map_key()) &&
              !IsValidUtf8(entry_reflection.GetStringReference(
                  child, entry->map_key(), &scratch))) {
            return name + " (a key)";
          }
          path = name + "[" + MapKey(child) + "]";
          const pb::FieldDescriptor* value = entry->map_value();
          if (ChecksUtf8(*value)) {
            if (!IsValidUtf8(entry_reflection.GetStringReference(child, value,
                                                                 &scratch))) {
              return path;
            }
          } else if (value->cpp_type() ==
                         pb::FieldDescriptor::CPPTYPE_MESSAGE &&
                     entry_reflection.HasField(child, value)) {
            std::string found =
                Find(entry_reflection.GetMessage(child, value), path + ".");
            if (!found.empty()) return found;
          }
          continue;
        }
        std::string found = Find(child, path + ".");
        if (!found.empty()) return found;
      }
    }
  }
  return "";
}

}  // namespace

bool ChecksUtf8(const pb::FieldDescriptor& field) {
  return field.type() == pb::FieldDescriptor::TYPE_STRING &&
         field.file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3;
}

std::string FindInvalidUtf8(const pb::Message& message) {
  return Find(message, "");
}

}  // namespace rpccli
