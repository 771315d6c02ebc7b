#include "codec/group_view.h"

#include <google/protobuf/descriptor.pb.h>

#include "base/text.h"
#include "codec/descriptor_names.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptorProto;

constexpr int kMaxDepth = 100;  // protobuf's own limit on nesting

enum WireType {
  kVarint = 0,
  kFixed64 = 1,
  kLengthPrefixed = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

bool Converted(const pb::FieldDescriptor& field, bool group_like_too) {
  return field.type() == pb::FieldDescriptor::TYPE_GROUP &&
         (group_like_too || !IsGroupLike(field));
}

bool HasGroupWithin(const pb::Descriptor& type, bool group_like_too) {
  return AnyFieldWithin(type, [group_like_too](const pb::FieldDescriptor& f) {
    return Converted(f, group_like_too);
  });
}

// The proto form of IsGroupLike: `field`'s type is a message of
// `message` named as the field but capitalized.
bool IsGroupLike(const pb::DescriptorProto& message, const Field& field) {
  const std::string& type = field.type_name();
  for (const pb::DescriptorProto& nested : message.nested_type()) {
    const std::string& name = nested.name();
    if (Lowercase(name) == field.name() && type.size() > name.size() &&
        type.compare(type.size() - name.size(), name.size(), name) == 0 &&
        type[type.size() - name.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

void GroupsAsMessages(pb::DescriptorProto* message, bool group_like_too) {
  for (Field& field : *message->mutable_field()) {
    if (field.type() == Field::TYPE_GROUP &&
        (group_like_too || !IsGroupLike(*message, field))) {
      field.set_type(Field::TYPE_MESSAGE);
    }
  }
  for (Field& field : *message->mutable_extension()) {
    if (field.type() == Field::TYPE_GROUP) field.set_type(Field::TYPE_MESSAGE);
  }
  for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
    GroupsAsMessages(&nested, group_like_too);
  }
}

void CopyWrittenJsonNames(const pb::Descriptor& message,
                          pb::DescriptorProto* proto) {
  for (int i = 0; i < message.field_count(); ++i) {
    if (message.field(i)->has_json_name()) {
      proto->mutable_field(i)->set_json_name(message.field(i)->json_name());
    }
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    CopyWrittenJsonNames(*message.nested_type(i),
                         proto->mutable_nested_type(i));
  }
}

bool ReadVarint(std::string_view* in, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

void WriteVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void WriteTag(uint64_t number, WireType wire_type, std::string* out) {
  WriteVarint(number << 3 | wire_type, out);
}

// Rewrites the fields in `in` of a `type` message (null: a group the
// schema does not know, copied as it is) up to the end of the group
// `end_group`, or to the end of `in` if it is 0.
bool Rewrite(const pb::Descriptor* type, std::string_view* in, bool to_groups,
             bool group_like_too, uint64_t end_group, int depth,
             std::string* out) {
  if (depth > kMaxDepth) return false;
  while (!in->empty()) {
    std::string_view field_start = *in;
    uint64_t tag = 0;
    if (!ReadVarint(in, &tag)) return false;
    uint64_t number = tag >> 3;
    int wire_type = static_cast<int>(tag & 7);
    if (wire_type == kEndGroup) return number == end_group && end_group != 0;
    const pb::FieldDescriptor* field =
        type == nullptr || number > INT32_MAX
            ? nullptr
            : type->FindFieldByNumber(static_cast<int>(number));
    const pb::Descriptor* held =
        field != nullptr ? field->message_type() : nullptr;
    if (wire_type == kVarint) {
      uint64_t value = 0;
      if (!ReadVarint(in, &value)) return false;
    } else if (wire_type == kFixed64 || wire_type == kFixed32) {
      size_t size = wire_type == kFixed64 ? 8 : 4;
      if (in->size() < size) return false;
      in->remove_prefix(size);
    } else if (wire_type == kLengthPrefixed) {
      uint64_t length = 0;
      if (!ReadVarint(in, &length) || length > in->size()) return false;
      std::string_view payload = in->substr(0, length);
      in->remove_prefix(length);
      // A group the view makes a message field, sent length-prefixed: to
      // protobuf a field of another wire type, unknown, which the view
      // would read as the field. Left to the caller to say.
      if (!to_groups && held != nullptr && Converted(*field, group_like_too)) {
        return false;
      }
      if (held != nullptr) {
        std::string body;
        if (!Rewrite(held, &payload, to_groups, group_like_too, 0, depth + 1,
                     &body)) {
          return false;
        }
        if (to_groups && Converted(*field, group_like_too)) {
          WriteTag(number, kStartGroup, out);
          out->append(body);
          WriteTag(number, kEndGroup, out);
        } else {
          WriteTag(number, kLengthPrefixed, out);
          WriteVarint(body.size(), out);
          out->append(body);
        }
        continue;
      }
    } else if (wire_type == kStartGroup) {
      // A group the view keeps is still read with its type, for the
      // groups in it.
      bool known =
          held != nullptr && field->type() == pb::FieldDescriptor::TYPE_GROUP;
      bool as_message =
          !to_groups && known && Converted(*field, group_like_too);
      std::string body;
      if (!Rewrite(known ? held : nullptr, in, to_groups, group_like_too,
                   number, depth + 1, &body)) {
        return false;
      }
      if (as_message) {
        WriteTag(number, kLengthPrefixed, out);
        WriteVarint(body.size(), out);
        out->append(body);
      } else {
        WriteTag(number, kStartGroup, out);
        out->append(body);
        WriteTag(number, kEndGroup, out);
      }
      continue;
    } else {
      return false;
    }
    // A field with nothing to rewrite, as it came.
    out->append(field_start.substr(0, field_start.size() - in->size()));
  }
  return end_group == 0;
}

}  // namespace

const pb::Descriptor* GroupFreeView::Of(const pb::Descriptor& type) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto known = views_.find(&type);
  if (known != views_.end()) return known->second;
  const pb::Descriptor* view =
      HasGroupWithin(type, group_like_too_)
          ? view_.FindMessageTypeByName(type.full_name())
          : &type;
  views_[&type] = view;
  return view;
}

bool GroupFreeView::Files::FindFileByName(const std::string& filename,
                                          pb::FileDescriptorProto* output) {
  return Copy(pool_->FindFileByName(filename), output);
}

bool GroupFreeView::Files::FindFileContainingSymbol(
    const std::string& symbol_name, pb::FileDescriptorProto* output) {
  return Copy(pool_->FindFileContainingSymbol(symbol_name), output);
}

bool GroupFreeView::Files::FindFileContainingExtension(
    const std::string& containing_type, int field_number,
    pb::FileDescriptorProto* output) {
  const pb::Descriptor* extendee =
      pool_->FindMessageTypeByName(containing_type);
  const pb::FieldDescriptor* extension =
      extendee == nullptr
          ? nullptr
          : pool_->FindExtensionByNumber(extendee, field_number);
  return extension != nullptr && Copy(extension->file(), output);
}

bool GroupFreeView::Files::Copy(const pb::FileDescriptor* file,
                                pb::FileDescriptorProto* output) {
  if (file == nullptr) return false;
  file->CopyTo(output);
  // JSON names written in the file: the others the copy derives alike,
  // and describe shows only these.
  for (int i = 0; i < file->message_type_count(); ++i) {
    CopyWrittenJsonNames(*file->message_type(i),
                         output->mutable_message_type(i));
  }
  file->CopySourceCodeInfoTo(output);  // describe shows the comments
  for (pb::DescriptorProto& message : *output->mutable_message_type()) {
    GroupsAsMessages(&message, group_like_too_);
  }
  for (Field& field : *output->mutable_extension()) {
    if (field.type() == Field::TYPE_GROUP) field.set_type(Field::TYPE_MESSAGE);
  }
  return true;
}

bool IsGroupLike(const pb::FieldDescriptor& field) {
  const pb::Descriptor* type = field.message_type();
  if (type == nullptr || type->containing_type() != field.containing_type()) {
    return false;
  }
  return Lowercase(type->name()) == field.name();
}

bool RewriteGroups(const pb::Descriptor& type, std::string_view in,
                   bool to_groups, std::string* out, bool group_like_too) {
  out->clear();
  return Rewrite(&type, &in, to_groups, group_like_too, 0, 0, out);
}

}  // namespace rpccli
