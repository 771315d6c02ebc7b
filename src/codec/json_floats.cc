#include "codec/json_floats.h"

#include <cstdlib>
#include <set>
#include <string_view>

#include "codec/json_cursor.h"
#include "codec/shortest_float.h"
#include "codec/type_url.h"
#include "codec/wire_format.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// What a JSON value is, as far as its numbers go.
struct Schema {
  enum Kind {
    kOther,        // no floats in it
    kFloat,        // a float
    kDouble,       // a double
    kMessage,      // a message of `type`, printed as protobuf prints it
    kStructValue,  // a google.protobuf.Value: its numbers are doubles
  } kind = kOther;
  const pb::Descriptor* type = nullptr;
  bool map = false;  // an object whose values are of this schema
};

Schema SchemaOf(const pb::Descriptor& type) {
  const std::string& name = type.full_name();
  if (name == "google.protobuf.FloatValue") return {Schema::kFloat};
  if (name == "google.protobuf.DoubleValue") return {Schema::kDouble};
  if (name == "google.protobuf.Value") return {Schema::kStructValue};
  return {Schema::kMessage, &type};
}

// The schema of `field`'s value; for a list, of each element (a list
// applies its schema to each).
Schema FieldSchema(const Field& field) {
  if (field.is_map()) {
    Schema values = FieldSchema(*field.message_type()->map_value());
    values.map = true;
    return values;
  }
  switch (field.type()) {
    case Field::TYPE_FLOAT:
      return {Schema::kFloat};
    case Field::TYPE_DOUBLE:
      return {Schema::kDouble};
    case Field::TYPE_MESSAGE:
    case Field::TYPE_GROUP:
      return SchemaOf(*field.message_type());
    default:
      return {};
  }
}

// Whether a `type` message can hold a float or double anywhere.
bool MayHoldFloats(const pb::Descriptor& type,
                   std::set<const pb::Descriptor*>* seen) {
  if (!seen->insert(&type).second) return false;
  const std::string& name = type.full_name();
  if (name == "google.protobuf.Any" || name == "google.protobuf.Value") {
    return true;
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const Field& field = *type.field(i);
    if (field.type() == Field::TYPE_FLOAT ||
        field.type() == Field::TYPE_DOUBLE) {
      return true;
    }
    if (field.message_type() != nullptr &&
        MayHoldFloats(*field.message_type(), seen)) {
      return true;
    }
  }
  return false;
}

// Walks protobuf's JSON, copying it to `out` with float numbers rewritten.
class Shortener {
 public:
  // An Any's type is looked for in `pool`, the whole message's.
  Shortener(const pb::DescriptorPool& pool, const std::string& json,
            bool proto_names, std::string* out)
      : pool_(pool),
        cursor_(json, &unescaped_),
        copied_(json.data()),
        end_(json.data() + json.size()),
        proto_names_(proto_names),
        out_(out) {}

  bool Run(const pb::Descriptor& type) {
    if (!Value(SchemaOf(type)) || !cursor_.AtEnd()) return false;
    out_->append(copied_, end_ - copied_);
    return true;
  }

 private:
  bool Value(const Schema& schema) {
    if (cursor_.Peek('{')) return Object(schema);
    if (cursor_.Peek('[')) {
      bool of_values =
          schema.kind == Schema::kStructValue ||
          (schema.kind == Schema::kMessage &&
           schema.type->full_name() == "google.protobuf.ListValue");
      return Array(of_values ? Schema{Schema::kStructValue} : schema);
    }
    if (cursor_.Peek('"')) {
      std::string_view ignored;
      return cursor_.String(&ignored);
    }
    if (cursor_.Literal("true") || cursor_.Literal("false") ||
        cursor_.Literal("null")) {
      return true;
    }
    const char* start = cursor_.position();
    std::string_view number;
    if (!cursor_.Number(&number)) return false;
    if (schema.kind == Schema::kFloat) {
      Replace(start, number, std::strtof(std::string(number).c_str(), nullptr));
    } else if (schema.kind == Schema::kDouble ||
               schema.kind == Schema::kStructValue) {
      Replace(start, number, std::strtod(std::string(number).c_str(), nullptr));
    }
    return true;
  }

  template <typename Number>
  void Replace(const char* start, std::string_view text, Number value) {
    out_->append(copied_, start - copied_);
    AppendShortest(value, out_);
    copied_ = start + text.size();
  }

  bool Array(const Schema& element) {
    cursor_.Consume('[');
    if (cursor_.Consume(']')) return true;
    do {
      if (!Value(element)) return false;
    } while (cursor_.Consume(','));
    return cursor_.Consume(']');
  }

  bool Object(const Schema& schema) {
    cursor_.Consume('{');
    if (cursor_.Consume('}')) return true;
    if (schema.map) {
      Schema values = schema;
      values.map = false;
      do {
        std::string_view key;
        if (!cursor_.Peek('"') || !cursor_.String(&key) ||
            !cursor_.Consume(':') || !Value(values)) {
          return false;
        }
      } while (cursor_.Consume(','));
      return cursor_.Consume('}');
    }
    const pb::Descriptor* type =
        schema.kind == Schema::kMessage ? schema.type : nullptr;
    bool is_any = type != nullptr && type->full_name() == "google.protobuf.Any";
    bool is_struct =
        schema.kind == Schema::kStructValue ||
        (type != nullptr && type->full_name() == "google.protobuf.Struct");
    // An Any's members are those of the type its "@type" names; a
    // well-known type's JSON is under "value".
    const pb::Descriptor* any_type = nullptr;
    do {
      std::string_view key;
      if (!cursor_.Peek('"') || !cursor_.String(&key) ||
          !cursor_.Consume(':')) {
        return false;
      }
      std::string name(key);
      Schema member;
      if (is_struct) {
        member = {Schema::kStructValue};
      } else if (is_any && name == "@type") {
        std::string_view url;
        if (!cursor_.Peek('"') || !cursor_.String(&url)) return false;
        any_type = pool_.FindMessageTypeByName(TypeNameOfUrl(url));
        continue;
      } else if (is_any) {
        if (any_type != nullptr) {
          member = IsWellKnown(*any_type->file())
                       ? (name == "value" ? SchemaOf(*any_type) : Schema{})
                       : MemberOf(*any_type, name);
        }
      } else if (type != nullptr) {
        member = MemberOf(*type, name);
      }
      if (!Value(member)) return false;
    } while (cursor_.Consume(','));
    return cursor_.Consume('}');
  }

  // The field protobuf printed under `name`.
  Schema MemberOf(const pb::Descriptor& type, const std::string& name) const {
    for (int i = 0; i < type.field_count(); ++i) {
      const Field& field = *type.field(i);
      if (name == (proto_names_ ? field.name() : field.json_name())) {
        return FieldSchema(field);
      }
    }
    return {};
  }

  const pb::DescriptorPool& pool_;
  std::string unescaped_;
  JsonCursor cursor_;
  const char* copied_;
  const char* end_;
  bool proto_names_;
  std::string* out_;
};

}  // namespace

std::string ShortenFloats(const pb::Descriptor& type, const std::string& json,
                          bool proto_names) {
  std::set<const pb::Descriptor*> seen;
  if (!MayHoldFloats(type, &seen)) return json;
  std::string out;
  if (!Shortener(*type.file()->pool(), json, proto_names, &out).Run(type)) {
    return json;
  }
  return out;
}

}  // namespace rpccli
