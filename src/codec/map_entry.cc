#include "codec/map_entry.h"

namespace rpccli {

namespace pb = google::protobuf;

std::string MapEntryKey(const pb::Message& entry) {
  const pb::FieldDescriptor* key = entry.GetDescriptor()->map_key();
  const pb::Reflection& reflection = *entry.GetReflection();
  switch (key->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(reflection.GetInt32(entry, key));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(reflection.GetInt64(entry, key));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(reflection.GetUInt32(entry, key));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(reflection.GetUInt64(entry, key));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return reflection.GetBool(entry, key) ? "true" : "false";
    default:
      return reflection.GetString(entry, key);
  }
}

}  // namespace rpccli
