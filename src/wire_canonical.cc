#include "wire_canonical.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format.h>
#include <google/protobuf/wire_format_lite.h>

#include <memory>
#include <set>
#include <vector>

#include "map_entry.h"
#include "utf8.h"

namespace rpccli {

namespace pb = google::protobuf;

namespace {

void DropReplaced(pb::Message* message, const pb::FieldDescriptor* field) {
  const pb::Reflection& reflection = *message->GetReflection();
  int size = reflection.FieldSize(*message, field);
  // Keep an entry if no later one has its key, in their order.
  std::vector<bool> keep(size, false);
  std::set<std::string> seen;
  for (int i = size - 1; i >= 0; --i) {
    keep[i] = seen.insert(MapEntryKey(reflection.GetRepeatedMessage(*message,
                                                                    field, i)))
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

// Scans one message's fields: numbers rising, a number repeated only by a
// repeated field's unpacked elements, one after another; nested messages
// the same.
bool ScanCanonical(const pb::Descriptor& type, pb::io::CodedInputStream* input,
                   int depth) {
  if (depth > 32) return false;  // unusual enough for the slow path
  uint32_t last = 0;
  uint32_t last_tag = 0;
  for (;;) {
    uint32_t tag = input->ReadTag();
    if (tag == 0) return true;  // the end of this message's bytes
    uint32_t number = tag >> 3;
    const pb::FieldDescriptor* field = type.FindFieldByNumber(number);
    // A field the schema lacks: JSON cannot show it, which is for the slow
    // path to notice.
    if (field == nullptr) return false;
    // A known field with another wire type is an unknown field to
    // protobuf, which JSON cannot show either.
    int wire_type = static_cast<int>(tag & 7);
    if (wire_type !=
            pb::internal::WireFormat::WireTypeForFieldType(field->type()) &&
        !(field->is_packable() && wire_type == 2)) {
      return false;
    }
    // BinaryToJson prints a packed record as a list of its own, and
    // unpacked ones as one list while their tags are the same.
    bool packed = field != nullptr && field->is_packable() && (tag & 7) == 2;
    if (number < last || (number == last && (!field || !field->is_repeated() ||
                                             tag != last_tag || packed))) {
      return false;
    }
    last = number;
    last_tag = tag;
    if (field != nullptr && field->is_map()) return false;
    bool nested = field != nullptr &&
                  field->type() == pb::FieldDescriptor::TYPE_MESSAGE &&
                  (tag & 7) == 2;
    if (field != nullptr && field->type() == pb::FieldDescriptor::TYPE_STRING &&
        field->file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3 &&
        (tag & 7) == 2) {
      // A proto3 string must be UTF-8; the slow path says so.
      std::string text;
      uint32_t length = 0;
      if (!input->ReadVarint32(&length) ||
          !input->ReadString(&text, static_cast<int>(length)) ||
          !IsValidUtf8(text)) {
        return false;
      }
      continue;
    }
    if (!nested) {
      if ((tag & 7) == 3 || (tag & 7) == 4) return false;  // groups
      if (!pb::internal::WireFormatLite::SkipField(input, tag)) return false;
      continue;
    }
    uint32_t length = 0;
    if (!input->ReadVarint32(&length)) return false;
    auto limit = input->PushLimit(static_cast<int>(length));
    if (!ScanCanonical(*field->message_type(), input, depth + 1) ||
        !input->ConsumedEntireMessage()) {
      return false;
    }
    input->PopLimit(limit);
  }
}

}  // namespace

bool WireCanonicalizer::IsCanonical(const pb::Descriptor& type,
                                    const std::string& binary) {
  pb::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(binary.data()),
      static_cast<int>(binary.size()));
  return ScanCanonical(type, &input, 0) && input.ConsumedEntireMessage();
}

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
