#include "codec/wire_canonical.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

#include "base/utf8.h"
#include "codec/map_entry.h"
#include "codec/well_known_types.h"

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

// A length prefix, read whole (ReadVarint32 keeps the low 32 bits of a
// longer varint) and within what is left: the scan runs under a limit.
bool ReadLength(pb::io::CodedInputStream* input, int* length) {
  uint64_t value = 0;
  if (!input->ReadVarint64(&value) || input->BytesUntilLimit() < 0 ||
      value > static_cast<uint64_t>(input->BytesUntilLimit())) {
    return false;
  }
  *length = static_cast<int>(value);
  return true;
}

// Whether a packed record's bytes are whole values of `field`'s type, and
// there are some. protobuf's printer reads them as far as they go: a
// varint cut short printed as -1, and one too long made it loop, taking
// memory until the process died.
bool WholePackedValues(const pb::FieldDescriptor& field,
                       pb::io::CodedInputStream* input) {
  int length = 0;
  // An empty record printed as [], where JSON leaves out an empty list.
  if (!ReadLength(input, &length) || length == 0) return false;
  int wire_type = pb::internal::WireFormat::WireTypeForFieldType(field.type());
  if (wire_type == pb::internal::WireFormatLite::WIRETYPE_FIXED32) {
    return length % 4 == 0 && input->Skip(length);
  }
  if (wire_type == pb::internal::WireFormatLite::WIRETYPE_FIXED64) {
    return length % 8 == 0 && input->Skip(length);
  }
  auto limit = input->PushLimit(length);
  uint64_t value = 0;
  while (input->BytesUntilLimit() > 0) {
    // Ten bytes at most, and not past the record's end.
    if (!input->ReadVarint64(&value)) return false;
  }
  input->PopLimit(limit);
  return true;
}

// A singular field that holding its default means not set (proto3's).
bool WithoutPresence(const pb::FieldDescriptor& field) {
  return !field.is_repeated() && !field.has_presence();
}

// Reads a value: false if it is its type's default (0, false, empty; -0.0
// is a value, as protobuf has it), or unreadable. Such a field is not set,
// which protobuf's printer would show as set.
bool NotDefault(int wire_type, pb::io::CodedInputStream* input) {
  uint64_t value64 = 0;
  uint32_t value32 = 0;
  int length = 0;
  switch (wire_type) {
    case 0:
      return input->ReadVarint64(&value64) && value64 != 0;
    case 1:
      return input->ReadLittleEndian64(&value64) && value64 != 0;
    case 5:
      return input->ReadLittleEndian32(&value32) && value32 != 0;
    case 2:
      return ReadLength(input, &length) && length != 0 && input->Skip(length);
    default:
      return false;
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
  std::vector<const pb::OneofDescriptor*> oneofs_seen;
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
    // Two members of a oneof: the last one is what the bytes mean.
    if (const pb::OneofDescriptor* oneof = field->containing_oneof()) {
      if (std::find(oneofs_seen.begin(), oneofs_seen.end(), oneof) !=
          oneofs_seen.end()) {
        return false;
      }
      oneofs_seen.push_back(oneof);
    }
    last = number;
    last_tag = tag;
    if (field->is_map()) return false;
    // JSON shows these after a closer look (json_showable.h).
    if (field->message_type() != nullptr &&
        IsCheckedForJson(*field->message_type())) {
      return false;
    }
    bool nested = field != nullptr &&
                  field->type() == pb::FieldDescriptor::TYPE_MESSAGE &&
                  (tag & 7) == 2;
    if (field->type() == pb::FieldDescriptor::TYPE_STRING && (tag & 7) == 2) {
      // A proto3 string must be UTF-8, and JSON's is: protobuf printed a
      // proto2 string that is not as "". The slow path says so.
      std::string text;
      int length = 0;
      if (!ReadLength(input, &length) || !input->ReadString(&text, length) ||
          !IsValidUtf8(text) || (text.empty() && WithoutPresence(*field))) {
        return false;
      }
      continue;
    }
    // A NullValue is printed null whatever it holds: the slow path looks.
    if (field->enum_type() != nullptr &&
        field->enum_type()->full_name() == "google.protobuf.NullValue") {
      return false;
    }
    // A closed enum (a proto2 field's) keeps a number it does not define
    // as a field the schema does not know, where protobuf's printer would
    // show the number as the field's value.
    if (field->type() == pb::FieldDescriptor::TYPE_ENUM &&
        field->file()->syntax() != pb::FileDescriptor::SYNTAX_PROTO3) {
      uint64_t value = 0;
      if (packed || !input->ReadVarint64(&value) ||
          field->enum_type()->FindValueByNumber(static_cast<int32_t>(value)) ==
              nullptr) {
        return false;
      }
      continue;
    }
    if (packed) {
      if (!WholePackedValues(*field, input)) return false;
      continue;
    }
    if (!nested) {
      if ((tag & 7) == 3 || (tag & 7) == 4) return false;  // groups
      if (WithoutPresence(*field)) {
        if (!NotDefault(wire_type, input)) return false;
        continue;
      }
      if (!pb::internal::WireFormatLite::SkipField(input, tag)) return false;
      continue;
    }
    int length = 0;
    if (!ReadLength(input, &length)) return false;
    auto limit = input->PushLimit(length);
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
  input.PushLimit(static_cast<int>(binary.size()));  // for ReadLength
  return ScanCanonical(type, &input, 0) && input.ConsumedEntireMessage();
}

std::string SerializeWithSortedMaps(const pb::Message& message) {
  std::string bytes;
  {
    pb::io::StringOutputStream stream(&bytes);
    pb::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }
  return bytes;
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
    const pb::Descriptor& type, const std::string& binary, bool partial) {
  std::unique_ptr<pb::Message> message(factory_->GetPrototype(&type)->New());
  if (partial ? !message->ParsePartialFromString(binary)
              : !message->ParseFromString(binary)) {
    return nullptr;
  }
  if (HasMaps(type)) DropReplacedMapEntries(message.get());
  return message;
}

}  // namespace rpccli
