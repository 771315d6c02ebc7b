#include "codec/json_strict.h"

#include <google/protobuf/dynamic_message.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "base/base64.h"
#include "codec/descriptor_names.h"
#include "codec/json_cursor.h"
#include "codec/json_locate.h"
#include "codec/json_names.h"
#include "codec/type_url.h"
#include "codec/well_known_types.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// Deeper than any message protobuf's parser takes (it stops at 100).
constexpr int kMaxDepth = 200;
// Messages inside each other, the request's own counted: protobuf's JSON
// parser takes no more.
constexpr int kMaxMessageDepth = 100;
// How deep free-form JSON (google.protobuf.Value, Struct, ListValue) may
// nest, counted from the request's top: protobuf prints a Value back only
// to about this depth, and its parser took 16,000 nested lists in 5 s.
constexpr int kMaxValueDepth = 32;

// The whole number a JSON number stands for, as its sign and its decimal
// digits without leading zeros ("0" for zero), however written: 12,
// 1.2e1, 120e-1. False if it is not a whole number.
bool WholeNumber(std::string_view number, bool* negative,
                 std::string* magnitude) {
  *negative = !number.empty() && number[0] == '-';
  if (*negative) number.remove_prefix(1);
  size_t exponent_at = number.find_first_of("eE");
  std::string_view mantissa = number.substr(0, exponent_at);
  long exponent = 0;
  if (exponent_at != std::string_view::npos) {
    std::string written(number.substr(exponent_at + 1));
    char* end = nullptr;
    exponent = std::strtol(written.c_str(), &end, 10);
    if (written.empty() || *end != '\0') return false;
    // Far past any 64-bit integer either way, whatever the fraction's
    // digits take off below; kept small for the sums.
    long bound = 1000L + static_cast<long>(mantissa.size());
    exponent = std::max(-bound, std::min(exponent, bound));
  }
  size_t point = mantissa.find('.');
  std::string digits(mantissa.substr(0, point));
  if (point != std::string_view::npos) {
    digits += mantissa.substr(point + 1);
    exponent -= static_cast<long>(mantissa.size() - point - 1);
  }
  if (digits.empty() ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) {
    *magnitude = "0";
    return true;
  }
  while (exponent < 0 && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (exponent < 0) return false;  // a fraction is left
  *magnitude = digits + std::string(static_cast<size_t>(exponent), '0');
  return true;
}

// Whether a magnitude (decimal digits, no leading zeros) is above `limit`.
bool Above(const std::string& magnitude, const std::string& limit) {
  return magnitude.size() > limit.size() ||
         (magnitude.size() == limit.size() && magnitude > limit);
}

class Checker {
 public:
  Checker(std::string_view json, JsonStrictFindings* found)
      : text_(json), in_(json, &unescaped_), found_(found) {}

  bool Document(const pb::Descriptor& type) {
    // The request's pool: an Any's type may be in it and not in the pool
    // of any.proto, which may lie beneath it.
    pool_ = type.file()->pool();
    return Message(type, 0);
  }

  std::string what_;
  const char* fault_ = nullptr;

 private:
  const pb::DescriptorPool* pool_ = nullptr;
  // The objects being read, nested: protobuf's parser counts each, a
  // message's or one it skips.
  int objects_open_ = 0;
  // False on a fault (`what_` set) or on text that is not what it should
  // be (`what_` empty: protobuf's parser then says what is wrong).
  // `in_any`: the object is an Any's, whose "@type" key names `type`.
  bool Message(const pb::Descriptor& type, int depth, bool in_any = false) {
    if (depth > kMaxDepth) return false;
    if (type.full_name() == "google.protobuf.Any" && in_.Peek('{')) {
      return AnyObject(depth);
    }
    // Value, Struct and ListValue are free JSON: keys once, and the depth.
    // The other well-known types, written as objects ({"value": 1e-400},
    // {"seconds": 1}), are messages like any other.
    if (!in_any && (type.full_name() == "google.protobuf.Value" ||
                    type.full_name() == "google.protobuf.Struct" ||
                    type.full_name() == "google.protobuf.ListValue")) {
      return AnyValue(depth, /*free_form=*/true);
    }
    in_.SkipSpace();
    const char* open_at = in_.position();
    if (!in_.Consume('{')) return AnyValue(depth);
    return InObject(open_at, "a message",
                    [&] { return Members(type, depth, in_any); });
  }

  // Reads an object's members with `read`, its '{' at `open_at` taken:
  // past protobuf's nesting limit, `kind` ("a message") is a fault there.
  template <typename Read>
  bool InObject(const char* open_at, const char* kind, Read read) {
    if (objects_open_ == kMaxMessageDepth) {
      return Fault(open_at, std::string(kind) + " nested more than " +
                                std::to_string(kMaxMessageDepth) +
                                " levels deep, past what protobuf's JSON "
                                "parser takes");
    }
    ++objects_open_;
    bool members_read = read();
    --objects_open_;
    return members_read;
  }

  // The members of a message's object, after its '{'.
  bool Members(const pb::Descriptor& type, int depth, bool in_any) {
    if (in_.Consume('}')) return true;
    std::map<const Field*, std::string> seen;  // and the key it came as
    std::set<const Field*> nulls;              // given, as null: not set
    do {
      const char* key_at = nullptr;
      std::string_view key_text;
      if (!Key(&key_text, &key_at)) return false;
      std::string key(key_text);
      if (in_any && key == "@type") {
        if (!AnyValue(depth + 1)) return false;
        continue;
      }
      if (key.empty()) {
        return Fault(key_at, "an empty key (\"\") names no field of " +
                                 type.full_name());
      }
      std::string ambiguous;
      const Field* field = FieldByJsonKey(type, key, &ambiguous);
      if (!ambiguous.empty()) return Fault(key_at, ambiguous);
      // An extension, as JSON names one: protobuf 3.21's converter knows
      // none, and --allow-unknown-fields would drop it unsaid.
      if (field == nullptr && key.size() > 2 && key.front() == '[' &&
          key.back() == ']') {
        return Fault(key_at, "\"" + key +
                                 "\": protobuf 3.21 cannot set extensions "
                                 "from JSON; give the request in text "
                                 "format (--format text), where it is " +
                                 key + ": VALUE");
      }
      if (field == nullptr) {
        if (!AnyValue(depth + 1)) return false;  // unknown: protobuf says
        continue;
      }
      auto first = seen.emplace(field, key);
      if (!first.second) {
        std::string spelled = first.first->second == key
                                  ? ""
                                  : " (as \"" + first.first->second +
                                        "\" and as \"" + key + "\")";
        return Fault(key_at, "field \"" +
                                 Joined(spelled.empty() ? key : field->name()) +
                                 "\" is given twice" + spelled);
      }
      // null is "not set", for oneofs too (protobuf checks neither); but
      // protobuf sends a list of Value or NullValue given null as [null].
      if (in_.Peek('n') && in_.Literal("null")) {
        if (field->is_repeated() && !field->is_map() && TakesNull(*field)) {
          return Fault(key_at, "field \"" + Joined(key) +
                                   "\" is a list, and null would be sent as "
                                   "[null]: write [] for none, or [null]");
        }
        nulls.insert(field);
        continue;
      }
      if (field->containing_oneof() != nullptr) {
        for (const auto& entry : seen) {
          const Field* other = entry.first;
          if (other != field && nulls.count(other) == 0 &&
              other->containing_oneof() == field->containing_oneof()) {
            return Fault(key_at, "fields \"" + Joined(entry.second) +
                                     "\" and \"" + Joined(key) +
                                     "\" are both set, but "
                                     "they are of one oneof (" +
                                     field->containing_oneof()->name() + ")");
          }
        }
      }
      if (!FieldValue(*field, key, depth + 1)) return false;
    } while (in_.Consume(','));
    return in_.Consume('}');
  }

  // An Any as JSON: "@type" and the fields of the type it names or, for a
  // well-known type written as a JSON value, "value" alone. protobuf 3.21
  // aborts on another key beside a well-known type's "value" (CHECK
  // failed: !done_), so that is a fault here, before protobuf sees it.
  bool AnyObject(int depth) {
    JsonCursor start = in_;
    in_.SkipSpace();
    const char* open_at = in_.position();
    in_.Consume('{');
    // A first look at the members: the "@type" (with a comma beside it, so
    // that blanking it leaves JSON), and whether there are others.
    std::string_view url;
    const char* url_at = nullptr;
    const char* type_member = nullptr;
    const char* type_member_end = nullptr;
    const char* last_comma = nullptr;
    bool has_others = false;
    bool has_bytes = false;  // "@value": rpccli's form for an unknown type
    std::string_view bytes;  // its base64, if a string
    const char* bytes_at = nullptr;
    // The first key beside "@type" that the bytes form has not.
    std::string_view field_key;
    const char* field_key_at = nullptr;
    if (!in_.Peek('}')) {
      do {
        const char* key_at = nullptr;
        std::string_view key;
        if (!Key(&key, &key_at)) break;
        if (key == "@type" && url_at != nullptr) {
          // protobuf would call the second unknown, or drop it with
          // --allow-unknown-fields.
          return Fault(key_at, Here() + "\"@type\" is given twice");
        }
        if (key == "@type" && in_.Peek('"')) {
          in_.SkipSpace();
          url_at = in_.position();
          if (!in_.String(&url)) break;
          type_member = last_comma != nullptr ? last_comma : key_at;
          in_.SkipSpace();
          type_member_end = in_.position();
          if (in_.Peek(',')) {
            type_member = key_at;
            type_member_end = in_.position() + 1;
          }
        } else if (key == "@value" && in_.Peek('"')) {
          has_others = has_bytes = true;
          in_.SkipSpace();
          bytes_at = in_.position();
          if (!in_.String(&bytes)) break;
        } else {
          has_others = true;
          has_bytes = has_bytes || key == "@value";
          if (key != "@value" && key != "@error" && field_key_at == nullptr) {
            field_key = key;
            field_key_at = key_at;
          }
          if (!AnyValue(depth + 1)) break;
        }
        in_.SkipSpace();
        last_comma = in_.position();
      } while (in_.Consume(','));
    }
    if (!what_.empty()) return false;
    in_ = start;
    std::string name = TypeNameOfUrl(url);
    const pb::Descriptor* type =
        url_at == nullptr ? nullptr : pool_->FindMessageTypeByName(name);
    if (url_at == nullptr && has_others) {
      return Fault(open_at, Here() +
                                "an Any needs \"@type\", the URL of the "
                                "type it holds (such as "
                                "\"type.googleapis.com/pkg.Message\")");
    }
    if (url_at != nullptr && type == nullptr && !has_bytes) {
      return Fault(url_at, Here() + "\"@type\" names " +
                               (name.empty() ? std::string("no type")
                                             : name + ", which the schema "
                                                      "does not have"));
    }
    // The bytes form (rpccli's for a type it did not know) is the bytes
    // alone: fields beside them would be dropped.
    if (has_bytes && field_key_at != nullptr) {
      return Fault(field_key_at,
                   Here() +
                       "an Any given as \"@value\" (its bytes) has "
                       "\"@type\" and \"@value\" only, not \"" +
                       std::string(field_key) + "\"");
    }
    if (has_bytes && type != nullptr && bytes_at != nullptr &&
        !HoldsA(*type, bytes)) {
      return Fault(bytes_at, Here() + "\"@value\" is not a " +
                                 type->full_name() +
                                 " in protobuf wire format, as base64");
    }
    if (type == nullptr) return AnyValue(depth);  // protobuf says what
    AnyInJson held{PathHere(), type, 0, 0, 0, 0};
    if (!WrittenAsValue(*type)) {
      held.begin = Offset(open_at);
      held.blank_begin = Offset(type_member);
      held.blank_end = Offset(type_member_end);
      bool checked = Message(*type, depth, true);
      held.end = Offset(in_.position());
      if (checked && found_ != nullptr) found_->anys.push_back(held);
      return checked;
    }
    in_.Consume('{');
    do {
      const char* key_at = nullptr;
      std::string_view key;
      if (!Key(&key, &key_at)) return false;
      if (key != "@type" && key != "value") {
        return Fault(key_at, "an Any holding " + type->full_name() +
                                 " has \"@type\" and \"value\" only, not \"" +
                                 std::string(key) + "\"");
      }
      in_.SkipSpace();
      held.begin = Offset(in_.position());
      bool checked = false;
      if (key != "value") {
        checked = AnyValue(depth + 1);
      } else if (!WellKnownValue(*type, in_.position(), depth + 1, "value",
                                 &checked)) {
        checked = Message(*type, depth + 1);
      }
      if (!checked) return false;
      held.end = Offset(in_.position());
      if (key == "value" && found_ != nullptr) found_->anys.push_back(held);
    } while (in_.Consume(','));
    return in_.Consume('}');
  }

  static bool IsNumberAsJsonWritesIt(std::string_view text) {
    std::string unescaped;
    JsonCursor cursor(text, &unescaped);
    std::string_view number;
    return cursor.Number(&number) && number.size() == text.size();
  }

  // Whether `base64` decodes to a whole `type` message.
  static bool HoldsA(const pb::Descriptor& type, std::string_view base64) {
    std::string wire;
    if (!Base64Decode(base64, &wire)) return false;
    pb::DynamicMessageFactory factory(type.file()->pool());
    std::unique_ptr<pb::Message> message(factory.GetPrototype(&type)->New());
    return message->ParseFromString(wire);
  }

  // The well-known types JSON writes as a value, not an object of fields,
  // and an Any writes under "value".
  static bool WrittenAsValue(const pb::Descriptor& type) {
    static const std::set<std::string> kTypes = {
        "google.protobuf.Any",         "google.protobuf.Duration",
        "google.protobuf.Timestamp",   "google.protobuf.FieldMask",
        "google.protobuf.Struct",      "google.protobuf.Value",
        "google.protobuf.ListValue",   "google.protobuf.DoubleValue",
        "google.protobuf.FloatValue",  "google.protobuf.Int64Value",
        "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
        "google.protobuf.UInt32Value", "google.protobuf.BoolValue",
        "google.protobuf.StringValue", "google.protobuf.BytesValue"};
    return kTypes.count(type.full_name()) != 0;
  }

  // The value of `field`, whose key is `written` (its JSON or .proto
  // name): faults name it as written. protobuf takes a single value for
  // a list, flattens a list in a list and drops a null in one: each is
  // a fault here.
  bool FieldValue(const Field& field, const std::string& written, int depth) {
    if (field.is_map()) return Map(field, written, depth);
    if (field.is_repeated()) {
      in_.SkipSpace();
      const char* at = in_.position();
      if (!in_.Consume('[')) {
        std::string found = Kind();
        if (!AnyValue(depth)) return false;
        return Fault(at, "field \"" + Joined(written) +
                             "\": expected an array (the field is repeated), "
                             "found " +
                             found);
      }
      if (in_.Consume(']')) return true;
      size_t index = 0;
      do {
        std::string element = written + "[" + std::to_string(index++) + "]";
        in_.SkipSpace();
        at = in_.position();
        // A Value element may be null or a list, a ListValue a list, and
        // a NullValue null: those are elements, not faults.
        if ((in_.Peek('n') && !TakesNull(field)) ||
            (in_.Peek('[') && !TakesList(field))) {
          return Fault(at, "field \"" + Joined(element) + "\": " + Kind() +
                               " is not an element of a repeated " +
                               field.type_name() + " field");
        }
        if (!Single(field, depth + 1, element)) return false;
      } while (in_.Consume(','));
      return in_.Consume(']');
    }
    return Single(field, depth, written);
  }

  // Whether JSON null is a value of `field`'s type, not its absence.
  static bool TakesNull(const Field& field) {
    if (field.enum_type() != nullptr) {
      return field.enum_type()->full_name() == "google.protobuf.NullValue";
    }
    return field.message_type() != nullptr &&
           field.message_type()->full_name() == "google.protobuf.Value";
  }

  // Whether a JSON array is one value of `field`'s type.
  static bool TakesList(const Field& field) {
    if (field.message_type() == nullptr) return false;
    const std::string& type = field.message_type()->full_name();
    return type == "google.protobuf.Value" ||
           type == "google.protobuf.ListValue";
  }

  // What the value at the cursor is, for a fault: "an object", "null"...
  std::string Kind() {
    in_.SkipSpace();
    if (in_.Peek('{')) return "an object";
    if (in_.Peek('[')) return "an array";
    if (in_.Peek('"')) return "a string";
    if (in_.Peek('n')) return "null";
    if (in_.Peek('t') || in_.Peek('f')) return "a bool";
    return "a number";
  }

  // A member's key and the colon after it; `at` is where the key starts,
  // `owner` the field the object is, if any.
  bool Key(std::string_view* key, const char** at,
           const std::string& owner = "") {
    in_.SkipSpace();
    *at = in_.position();
    if (!in_.Peek('"')) return false;
    if (!in_.String(key)) {
      return BadString((owner.empty() ? "" : "field \"" + owner + "\": ") +
                       "a key has ");
    }
    return in_.Consume(':');
  }

  // The string the cursor could not read: what is wrong in it, and where.
  bool BadString(const std::string& whose) {
    return Fault(in_.string_fault_at(), whose + in_.string_fault());
  }

  // The members of the object at the cursor, each key once (`owner`, if
  // not empty, names the field in the fault), each value read by
  // `value(key, where the key is)`.
  template <typename ReadValue>
  bool KeysOnce(const std::string& owner, ReadValue value) {
    if (in_.Consume('}')) return true;
    std::set<std::string> keys;
    do {
      const char* key_at = nullptr;
      std::string_view key;
      if (!Key(&key, &key_at, owner)) return false;
      if (!keys.emplace(key).second) {
        return Fault(key_at,
                     (owner.empty() ? "" : "field \"" + owner + "\": ") +
                         "the key \"" + std::string(key) + "\" is given twice");
      }
      if (!value(key, key_at)) return false;
    } while (in_.Consume(','));
    return in_.Consume('}');
  }

  // A map: each key written as its type's own (an integer as itself, a
  // bool as true or false: protobuf reads "01" as 1 and "1" as true, so
  // two keys could be one), and no null value unless the value's type
  // takes one (Value, NullValue).
  bool Map(const Field& field, const std::string& written, int depth) {
    if (!in_.Consume('{')) {
      in_.SkipSpace();
      const char* at = in_.position();
      std::string found = Kind();
      if (!AnyValue(depth)) return false;
      return Fault(at, "field \"" + Joined(written) +
                           "\": expected an object (the field is a map), "
                           "found " +
                           found);
    }
    const Field& key_field = *field.message_type()->map_key();
    const Field& value = *field.message_type()->map_value();
    return KeysOnce(Joined(written), [&](std::string_view key,
                                         const char* key_at) {
      std::string entry = written + "[" + QuotedKey(key) + "]";
      std::string form = KeyForm(key_field, key);
      if (!form.empty()) {
        return Fault(key_at, "field \"" + Joined(written) + "\": the key \"" +
                                 std::string(key) + "\" is not " + form);
      }
      in_.SkipSpace();
      if (in_.Peek('n') && !TakesNull(value)) {
        return Fault(in_.position(), "field \"" + Joined(entry) +
                                         "\": null is not a map value");
      }
      return Single(value, depth + 1, entry);
    });
  }

  // "" if `key` is written as a key of `field`'s type must be; else what
  // it must be.
  static std::string KeyForm(const Field& field, std::string_view key) {
    switch (field.cpp_type()) {
      case Field::CPPTYPE_BOOL:
        return key == "true" || key == "false" ? "" : "true or false";
      case Field::CPPTYPE_INT32:
      case Field::CPPTYPE_INT64:
      case Field::CPPTYPE_UINT32:
      case Field::CPPTYPE_UINT64: {
        std::string_view digits = key;
        if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
        if (digits.empty() ||
            digits.find_first_not_of("0123456789") != std::string_view::npos) {
          return std::string("a valid ") + field.type_name();
        }
        bool canonical =
            (digits.size() == 1 || digits[0] != '0') && key != "-0";
        return canonical ? ""
                         : "an integer as written plainly (no + or leading "
                           "zero)";
      }
      default:
        return "";
    }
  }

  // One value of the field's type (an element, for a repeated field, or a
  // map's value), `name`d as the user wrote it: "tags[2]", "counts[\"a\"]".
  bool Single(const Field& field, int depth, const std::string& name) {
    in_.SkipSpace();
    const char* at = in_.position();
    switch (field.type()) {
      case Field::TYPE_MESSAGE:
      case Field::TYPE_GROUP: {
        bool checked = false;
        if (WellKnownValue(*field.message_type(), at, depth, name, &checked)) {
          return checked;
        }
        path_.push_back(name);
        checked = Message(*field.message_type(), depth);
        path_.pop_back();
        return checked;
      }
      case Field::TYPE_BOOL:
        return Bool(name, at, depth);
      case Field::TYPE_INT64:
      case Field::TYPE_SINT64:
      case Field::TYPE_SFIXED64:
      case Field::TYPE_UINT64:
      case Field::TYPE_FIXED64:
        return Integer(field, at, depth, name);
      case Field::TYPE_BYTES: {
        std::string_view text;
        if (!in_.Peek('"')) return AnyValue(depth);
        if (!in_.String(&text)) return false;
        std::string bytes;
        if (!Base64Decode(text, &bytes)) {
          // As written: the string read may hold a newline.
          return Fault(at, "field \"" + Joined(name) +
                               "\": " + std::string(at, in_.position() - at) +
                               " is not base64, which JSON writes bytes in");
        }
        return true;
      }
      case Field::TYPE_STRING: {
        std::string_view text;
        if (!in_.Peek('"')) return AnyValue(depth);
        if (in_.String(&text)) return true;
        return BadString("field \"" + Joined(name) + "\": ");
      }
      case Field::TYPE_ENUM: {
        // protobuf drops a name the enum lacks with --allow-unknown-fields,
        // without a word: a list would shift.
        std::string_view text;
        if (!in_.Peek('"')) {
          JsonCursor start = in_;
          if (in_.Number(&text)) return DefinedIfClosed(field, at, name, text);
          in_ = start;
          return AnyValue(depth);
        }
        if (!in_.String(&text)) {
          return BadString("field \"" + Joined(name) + "\": ");
        }
        const pb::EnumDescriptor& e = *field.enum_type();
        if (e.FindValueByName(std::string(text)) != nullptr) return true;
        // A number in a string protobuf reads as the number.
        std::string_view digits = text;
        if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
        if (!digits.empty() &&
            digits.find_first_not_of("0123456789") == std::string_view::npos) {
          return DefinedIfClosed(field, at, name, text);
        }
        return Fault(at, "field \"" + Joined(name) + "\": \"" +
                             std::string(text) + "\" is not a valid " +
                             e.full_name() + " (one of " + EnumValueNames(e) +
                             ")");
      }
      case Field::TYPE_DOUBLE:
      case Field::TYPE_FLOAT:
        return Number(field, at, depth, name);
      case Field::TYPE_INT32:
      case Field::TYPE_SINT32:
      case Field::TYPE_SFIXED32:
      case Field::TYPE_UINT32:
      case Field::TYPE_FIXED32: {
        // Its range first, then what a JSON number must be.
        JsonCursor start = in_;
        if (!Integer(field, at, depth, name)) return false;
        in_ = start;
        return Number(field, at, depth, name);
      }
      default:
        return AnyValue(depth);
    }
  }

  // A closed enum (a proto2 field's, in protobuf 3.21) takes only the
  // numbers it defines: another is kept as a field the schema does not
  // know, and the server would not see the value typed.
  bool DefinedIfClosed(const Field& field, const char* at,
                       const std::string& name, std::string_view number) {
    // NullValue is open, but JSON writes every value of it as null: one
    // other than 0 would not read back as sent.
    if (field.enum_type()->full_name() == "google.protobuf.NullValue" &&
        number != "0") {
      return Fault(at, "field \"" + Joined(name) +
                           "\": " + std::string(number) +
                           " is not a google.protobuf.NullValue JSON can "
                           "write: give null");
    }
    if (field.file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3) {
      return true;
    }
    const pb::EnumDescriptor& e = *field.enum_type();
    errno = 0;
    char* end = nullptr;
    std::string digits(number);
    long long value = std::strtoll(digits.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || value < INT32_MIN || value > INT32_MAX ||
        e.FindValueByNumber(static_cast<int>(value)) != nullptr) {
      return true;  // not a whole int32: protobuf's own error says so
    }
    return Fault(at, "field \"" + Joined(name) + "\": " + digits +
                         " is not a value of the closed enum " + e.full_name() +
                         " (one of " + EnumValueNames(e) +
                         "), which keeps another number as a field it does "
                         "not know");
  }

  // A well-known type written as the value it holds: a 64-bit wrapper as
  // the number it wraps, BoolValue as a bool, a Timestamp as its string...
  // False if `type` is not one or is written as an object; else `checked`
  // says how its value fared.
  bool WellKnownValue(const pb::Descriptor& type, const char* at, int depth,
                      const std::string& name, bool* checked) {
    if (in_.Peek('{')) return false;
    // protobuf's parser goes by the name, and reads the value as the real
    // type's into fields this one may not have.
    if (ImpersonatesWellKnownType(type)) {
      AnyValue(depth);
      *checked = Fault(at, "field \"" + Joined(name) + "\": a " +
                               type.full_name() +
                               " that is not protobuf's own (the schema "
                               "defines one of that name) has no JSON form: "
                               "give it in text format (--format text)");
      return true;
    }
    const std::string& type_name = type.full_name();
    const pb::FieldDescriptor* value = type.FindFieldByName("value");
    if (type_name == "google.protobuf.BoolValue") {
      *checked = Bool(name, at, depth);
    } else if (type_name == "google.protobuf.Int64Value" ||
               type_name == "google.protobuf.UInt64Value") {
      *checked = Integer(*value, at, depth, name);
    } else if (type_name == "google.protobuf.DoubleValue" ||
               type_name == "google.protobuf.FloatValue") {
      *checked = Number(*value, at, depth, name);
    } else if (type_name == "google.protobuf.Timestamp" ||
               type_name == "google.protobuf.Duration") {
      *checked = TimeValue(type_name, at, depth, name);
    } else if (type_name == "google.protobuf.FieldMask" && in_.Peek('"')) {
      *checked = FieldMaskText(at, name);
    } else {
      return false;
    }
    return true;
  }

  // A Timestamp or Duration not written as an object: its string, null,
  // or anything else said as written (protobuf's error quotes it).
  bool TimeValue(const std::string& type, const char* at, int depth,
                 const std::string& name) {
    if (in_.Peek('"')) return TimeText(type, at, name);
    if (in_.Literal("null")) return true;
    if (!AnyValue(depth)) return false;
    return Fault(at, "field \"" + Joined(name) +
                         "\": " + std::string(at, in_.position() - at) +
                         " is not a valid " + type +
                         (type == "google.protobuf.Timestamp"
                              ? ", which JSON writes as a string in RFC 3339, "
                                "such as \"2024-02-29T12:00:00Z\""
                              : ", which JSON writes as a string of seconds "
                                "ending in s, such as \"1.5s\""));
  }

  // A double, a float or a 32-bit integer written as a JSON number.
  bool Number(const Field& field, const char* at, int depth,
              const std::string& name) {
    std::string_view text;
    bool is_float = field.cpp_type() == Field::CPPTYPE_FLOAT;
    bool floating = is_float || field.cpp_type() == Field::CPPTYPE_DOUBLE;
    bool quoted = in_.Peek('"');
    if (quoted && floating) {
      // JSON may write a double as a string ("1e-400"): read as one.
      if (!in_.String(&text))
        return BadString("field \"" + Joined(name) + "\": ");
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
        return true;
      }
      // protobuf reads the string with strtod, which also takes hex
      // ("0x1p-1080", sent as 0 unchecked) and "inf".
      if (!IsNumberAsJsonWritesIt(text)) {
        return Fault(at, "field \"" + Joined(name) + "\": \"" +
                             std::string(text) + "\" is not a valid " +
                             field.type_name() +
                             " (in a string, a number is written as JSON "
                             "writes one, or NaN, Infinity, -Infinity)");
      }
    } else if (quoted || !in_.Number(&text)) {
      return AnyValue(depth);
    }
    if (floating && !quoted) NoteNegativeZero(at, text);
    std::string written =
        quoted ? "\"" + std::string(text) + "\"" : std::string(text);
    // Past a double's range protobuf says only "Number exceeds the
    // range of double", for any field, without a position.
    double number = std::strtod(std::string(text).c_str(), nullptr);
    if (std::isinf(number)) {
      return Fault(at, "field \"" + Joined(name) + "\": " + written +
                           " is out of range for " + field.type_name());
    }
    if (floating) {
      if (TooSmall(text, is_float)) {
        return Fault(at, "field \"" + Joined(name) + "\": " + written +
                             " is too small for " + field.type_name() +
                             ", which would send it as 0");
      }
      return true;
    }
    // protobuf reads an integer through a double, which rounds
    // 0.99999999999999999999 to a whole 1.
    bool negative;
    std::string magnitude;
    if (text.find_first_of(".eE") != std::string_view::npos &&
        !WholeNumber(text, &negative, &magnitude)) {
      return Fault(at, "field \"" + Joined(name) + "\": " + std::string(text) +
                           " is not a valid " + field.type_name() +
                           " (not a whole number)");
    }
    return true;
  }

  // A Timestamp or Duration as its string: protobuf drops fractional
  // digits past the ninth (nanoseconds) without a word; zeros lose nothing.
  bool TimeText(const std::string& type, const char* at,
                const std::string& name) {
    std::string_view text;
    if (!in_.String(&text))
      return BadString("field \"" + Joined(name) + "\": ");
    // A Duration's whole seconds past its range: protobuf calls the
    // value's form wrong, when it is the size.
    if (type == "google.protobuf.Duration") {
      // protobuf skips spaces and extra signs: " 1s", "1 s", "-+1s".
      size_t odd = text.find_first_of(" \t\r\n+-", 1);
      if (odd != std::string_view::npos ||
          (!text.empty() && std::isspace(static_cast<unsigned char>(text[0])))) {
        return Fault(at, "field \"" + Joined(name) + "\": " +
                             std::string(at, in_.position() - at) +
                             " is not a valid google.protobuf.Duration "
                             "(seconds ending in s, such as \"1.5s\")");
      }
      std::string_view seconds = text;
      if (!seconds.empty() && seconds[0] == '-') seconds.remove_prefix(1);
      seconds = seconds.substr(0, seconds.find_first_not_of("0123456789"));
      size_t first = seconds.find_first_not_of('0');
      seconds = first == std::string_view::npos ? "" : seconds.substr(first);
      if (seconds.size() > 12 ||
          (seconds.size() == 12 && seconds > "315576000000")) {
        return Fault(at, "field \"" + Joined(name) +
                             "\": " + std::string(at, in_.position() - at) +
                             " is out of range for a Duration (at most "
                             "315576000000 s, 10,000 years, either way)");
      }
    }
    size_t point = text.find('.');
    if (point == std::string_view::npos) return true;
    size_t digits = text.find_first_not_of("0123456789", point + 1);
    if (digits == std::string_view::npos) digits = text.size();
    std::string_view past_nanos =
        digits - point - 1 > 9 ? text.substr(point + 10, digits - point - 10)
                               : std::string_view();
    if (past_nanos.find_first_not_of('0') != std::string_view::npos) {
      return Fault(at, "field \"" + Joined(name) +
                           "\": " + std::string(at, in_.position() - at) +
                           " has more than 9 fractional digits; a " +
                           type.substr(type.rfind('.') + 1) +
                           " holds nanoseconds at most");
    }
    return true;
  }

  // A FieldMask as its string: protobuf drops an empty path ("a,,b" is
  // sent as a,b) and lower-cases a name's capital ("A" is sent as a).
  bool FieldMaskText(const char* at, const std::string& name) {
    std::string_view text;
    if (!in_.String(&text)) {
      return BadString("field \"" + Joined(name) + "\": ");
    }
    if (text.empty()) return true;  // no path at all
    std::string problem;
    size_t start = 0;
    while (problem.empty()) {
      size_t comma = std::min(text.find(',', start), text.size());
      std::string_view path = text.substr(start, comma - start);
      if (path.empty()) {
        problem = "has an empty path, which protobuf would drop";
      } else {
        auto capital = [](char c) { return c >= 'A' && c <= 'Z'; };
        for (size_t i = 0; i < path.size(); ++i) {
          bool name_start = i == 0 || path[i - 1] == '.';
          if (name_start && capital(path[i])) {
            problem = "has a name starting with a capital (\"" +
                      std::string(path) +
                      "\"), which protobuf would send in lower case; JSON "
                      "writes field names in lowerCamelCase";
            break;
          }
          // protobuf 3.21 reads "fooBAR" as foo_bar, where lowerCamelCase
          // means foo_b_a_r (as it prints), and "foo_Bar" as foo_bar too.
          if (!name_start && capital(path[i]) && capital(path[i - 1])) {
            std::string snake;
            for (char c : path) {
              snake += capital(c) ? std::string("_") + char(c - 'A' + 'a')
                                  : std::string(1, c);
            }
            problem = "has a path (\"" + std::string(path) +
                      "\") with capitals in a row, which protobuf 3.21 would "
                      "send changed; write the names as the .proto does (\"" +
                      snake + "\")";
            break;
          }
          if (!name_start && capital(path[i]) && path[i - 1] == '_') {
            problem = "has a path (\"" + std::string(path) +
                      "\") with a capital after \"_\": lowerCamelCase or "
                      "the .proto's names, not both";
            break;
          }
        }
      }
      if (comma == text.size()) break;
      start = comma + 1;
    }
    if (problem.empty()) return true;
    return Fault(at, "field \"" + Joined(name) + "\": the FieldMask \"" +
                         std::string(text) + "\" " + problem);
  }

  bool Bool(const std::string& name, const char* at, int depth) {
    if (in_.Literal("true") || in_.Literal("false")) return true;
    if (!AnyValue(depth)) return false;
    return Fault(at, "field \"" + Joined(name) +
                         "\": " + std::string(at, in_.position() - at) +
                         " is not a bool (true or false)");
  }

  // An integer written as a plain integer, a number or a string: past its
  // type's range is a fault, whichever way (protobuf reads a 64-bit number
  // through a double, which rounds -2^63 - 1 to -2^63, and calls a 32-bit
  // one past its range "not a valid int32" without saying why).
  bool Integer(const Field& field, const char* at, int depth,
               const std::string& name) {
    std::string_view text;
    bool quoted = in_.Peek('"');
    if (quoted ? !in_.String(&text) : !in_.Number(&text)) {
      return AnyValue(depth);
    }
    bool plain = text.find_first_of(".eE") == std::string_view::npos;
    bool negative;
    std::string magnitude;
    // A string with a fraction or exponent: protobuf says it is not an
    // integer.
    if (quoted && !plain) return true;
    // A number that is not whole: protobuf reads it through a double, which
    // rounds 0.99999999999999999 to 1 and 1e-400 to 0, and sends that.
    if (!WholeNumber(text, &negative, &magnitude)) {
      if (quoted) return true;
      return Fault(at, "field \"" + Joined(name) + "\": " + std::string(text) +
                           " is not a valid " + field.type_name() +
                           " (not a whole number)");
    }
    bool is_unsigned = field.cpp_type() == Field::CPPTYPE_UINT64 ||
                       field.cpp_type() == Field::CPPTYPE_UINT32;
    bool is_32 = field.cpp_type() == Field::CPPTYPE_INT32 ||
                 field.cpp_type() == Field::CPPTYPE_UINT32;
    // Compare magnitudes as decimal strings: no wrap-around on the way.
    std::string limit = is_32         ? (is_unsigned ? "4294967295"
                                         : negative  ? "2147483648"
                                                     : "2147483647")
                        : is_unsigned ? "18446744073709551615"
                        : negative    ? "9223372036854775808"
                                      : "9223372036854775807";
    std::string written =
        quoted ? "\"" + std::string(text) + "\"" : std::string(text);
    if ((negative && is_unsigned && magnitude != "0") ||
        Above(magnitude, limit)) {
      return Fault(at, "field \"" + Joined(name) + "\": " + written +
                           " is out of range for " + field.type_name());
    }
    // protobuf reads a number with a fraction or exponent through a
    // double, which rounds most whole numbers past 2^53 (1e18 it holds).
    if (!plain && Above(magnitude, "9007199254740992") &&
        !DoubleHoldsExactly(text, magnitude)) {
      return Fault(at, "field \"" + Joined(name) + "\": " + written +
                           " has a fraction or exponent, which protobuf "
                           "reads through a double that cannot hold it "
                           "exactly; write it as " +
                           (negative ? "-" : "") + magnitude);
    }
    return true;
  }

  // Whether the number `text`, not written as 0, reads as 0 in a double
  // (or, `is_float`, a float).
  static bool TooSmall(std::string_view text, bool is_float) {
    std::string_view mantissa = text.substr(0, text.find_first_of("eE"));
    if (mantissa.find_first_of("123456789") == std::string_view::npos) {
      return false;  // written as 0
    }
    double number = std::strtod(std::string(text).c_str(), nullptr);
    return number == 0 || (is_float && static_cast<float>(number) == 0);
  }

  // Whether `text`, read as a double, is exactly the whole number
  // `magnitude` (its decimal digits, no sign).
  static bool DoubleHoldsExactly(std::string_view text,
                                 const std::string& magnitude) {
    double value = std::fabs(std::strtod(std::string(text).c_str(), nullptr));
    char digits[400];
    std::snprintf(digits, sizeof digits, "%.0f", value);
    return magnitude == digits;
  }

  // Any JSON value, whose objects may not repeat a key either.
  // `free_form`: inside a Value, Struct or ListValue, whose depth is held
  // to kMaxValueDepth; elsewhere protobuf's own limits hold.
  bool AnyValue(int depth, bool free_form = false) {
    return AnyValueAt(depth, free_form, PathHere());
  }

  // The same, `where` naming the value's place in faults ("attributes.a").
  bool AnyValueAt(int depth, bool free_form, const std::string& where) {
    if (depth > kMaxDepth) return false;  // protobuf refuses it, and says so
    if (free_form && depth > kMaxValueDepth) {
      in_.SkipSpace();
      return Fault(in_.position(),
                   "a value nested more than " +
                       std::to_string(kMaxValueDepth) +
                       " levels deep (rpccli's limit, which keeps what it "
                       "sends printable)");
    }
    std::string_view ignored;
    if (in_.Consume('[')) {
      if (in_.Consume(']')) return true;
      size_t index = 0;
      do {
        if (!AnyValueAt(depth + 1, free_form,
                        where + "[" + std::to_string(index++) + "]")) {
          return false;
        }
      } while (in_.Consume(','));
      return in_.Consume(']');
    }
    in_.SkipSpace();
    const char* open_at = in_.position();
    if (in_.Consume('{')) {
      return InObject(open_at, "an object", [&] {
        return KeysOnce(where, [&](std::string_view key, const char*) {
          return AnyValueAt(
              depth + 1, free_form,
              (where.empty() ? "" : where + ".") + std::string(key));
        });
      });
    }
    if (in_.Peek('"'))
      return in_.String(&ignored) || BadString("a string has ");
    if (in_.Literal("true") || in_.Literal("false") || in_.Literal("null")) {
      return true;
    }
    in_.SkipSpace();
    const char* at = in_.position();
    if (!in_.Number(&ignored)) return false;
    if (free_form) NoteNegativeZero(at, ignored);
    // A number in a Value or Struct is a double: past its range protobuf
    // says only "Number exceeds the range of double", with no position.
    if (std::isinf(std::strtod(std::string(ignored).c_str(), nullptr))) {
      return Fault(at, std::string(ignored) +
                           " is out of range for a JSON "
                           "number (a double)");
    }
    if (free_form && TooSmall(ignored, false)) {
      return Fault(at, std::string(ignored) +
                           " is too small for a JSON number (a double), which "
                           "would send it as 0");
    }
    return true;
  }

  // A field by its path from the request, as the user wrote it.
  // The path of the field being read, "" at the top.
  std::string PathHere() const {
    std::string name = Joined("");
    if (!name.empty()) name.pop_back();  // Joined's "."
    return name;
  }

  // `field "PATH": ` for the field being read, "" at the top.
  std::string Here() const {
    return path_.empty() ? "" : "field \"" + PathHere() + "\": ";
  }

  size_t Offset(const char* at) const {
    return static_cast<size_t>(at - text_.data());
  }

  std::string Joined(const std::string& last) const {
    std::string name;
    for (const std::string& step : path_) name += step + ".";
    return name + last;
  }

  void NoteNegativeZero(const char* at, std::string_view number) {
    if (number == "-0" && found_ != nullptr) {
      found_->negative_zeros.push_back(Offset(at));
    }
  }

  bool Fault(const char* at, std::string what) {
    what_ = std::move(what);
    fault_ = at;
    return false;
  }

  std::string_view text_;
  std::string unescaped_;
  JsonCursor in_;
  JsonStrictFindings* found_;      // null: not wanted
  std::vector<std::string> path_;  // the messages read into, as named
};

}  // namespace

bool CheckJsonStrictly(const pb::Descriptor& type, std::string_view json,
                       std::string* what, int* line, int* column,
                       JsonStrictFindings* found) {
  Checker checker(json, found);
  if (checker.Document(type) || checker.what_.empty()) return true;
  *what = checker.what_;
  TextPosition(json, checker.fault_, line, column);
  return false;
}

std::string WithNegativeZerosAsDoubles(
    std::string_view json, const std::vector<size_t>& negative_zeros) {
  std::string rewritten;
  size_t copied = 0;
  for (size_t at : negative_zeros) {
    size_t past = at + 2;  // past "-0"
    rewritten.append(json.substr(copied, past - copied)).append(".0");
    copied = past;
  }
  rewritten.append(json.substr(copied));
  return rewritten;
}

}  // namespace rpccli
