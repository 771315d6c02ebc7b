#include "wire_canonical.h"

#include <memory>
#include <set>
#include <vector>

namespace rpccli {

namespace pb = google::protobuf;

namespace {

// A map entry's key as text, to compare keys of any type.
std::string KeyOf(const pb::Message& entry) {
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

void DropReplaced(pb::Message* message, const pb::FieldDescriptor* field) {
  const pb::Reflection& reflection = *message->GetReflection();
  int size = reflection.FieldSize(*message, field);
  // Keep an entry if no later one has its key, in their order.
  std::vector<bool> keep(size, false);
  std::set<std::string> seen;
  for (int i = size - 1; i >= 0; --i) {
    keep[i] =
        seen.insert(KeyOf(reflection.GetRepeatedMessage(*message, field, i)))
            .second;
  }
  if (static_cast<int>(seen.size()) == size) return;
  std::vector<std::unique_ptr<pb::Message>> entries(size);
  for (int i = size - 1; i >= 0; --i) {
    entries[i].reset(reflection.ReleaseLast(message, field));
  }
  for (int i = 0; i < size; ++i) {
    if (keep[i])
      reflection.AddAllocatedMessage(message, field, entries[i].release());
  }
}

}  // namespace

void DropReplacedMapEntries(pb::Message* message) {
  const pb::Reflection& reflection = *message->GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(*message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_map()) DropReplaced(message, field);
    if (field->is_repeated()) {
      for (int i = 0; i < reflection.FieldSize(*message, field); ++i) {
        DropReplacedMapEntries(
            reflection.MutableRepeatedMessage(message, field, i));
      }
    } else {
      DropReplacedMapEntries(reflection.MutableMessage(message, field));
    }
  }
}

bool WireCanonicalizer::HasMaps(const pb::Descriptor& type) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto known = has_maps_.find(&type);
  if (known != has_maps_.end()) return known->second;
  // Every message type reachable from `type`, recursive ones once.
  std::set<const pb::Descriptor*> seen{&type};
  std::vector<const pb::Descriptor*> pending{&type};
  bool found = false;
  while (!pending.empty() && !found) {
    const pb::Descriptor* next = pending.back();
    pending.pop_back();
    for (int i = 0; i < next->field_count(); ++i) {
      const pb::FieldDescriptor* field = next->field(i);
      if (field->is_map()) found = true;
      const pb::Descriptor* held = field->message_type();
      if (held != nullptr && seen.insert(held).second) pending.push_back(held);
    }
  }
  has_maps_[&type] = found;
  return found;
}

std::unique_ptr<pb::Message> WireCanonicalizer::Parse(
    const pb::Descriptor& type, const std::string& binary) {
  std::unique_ptr<pb::Message> message(factory_->GetPrototype(&type)->New());
  if (!message->ParseFromString(binary)) return nullptr;
  if (HasMaps(type)) DropReplacedMapEntries(message.get());
  return message;
}

}  // namespace rpccli
