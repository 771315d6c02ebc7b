#include "json_strict.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

#include "base64.h"
#include "json_cursor.h"
#include "json_locate.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// Deeper than any message protobuf's parser takes (it stops at 100).
constexpr int kMaxDepth = 200;
// How deep free-form JSON (google.protobuf.Value, Struct, ListValue) may
// nest, counted from the request's top: protobuf prints a Value back only
// to about this depth, and its parser took 16,000 nested lists in 5 s.
constexpr int kMaxValueDepth = 32;

// The field a key names, by its JSON name or its .proto name, as
// protobuf's parser takes both.
const Field* FieldByKey(const pb::Descriptor& type, const std::string& key) {
  for (int i = 0; i < type.field_count(); ++i) {
    const Field* field = type.field(i);
    if (field->json_name() == key || field->name() == key) return field;
  }
  return nullptr;
}

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
    // Far past any 64-bit integer either way; kept small for the sums.
    exponent = std::max(-1000L, std::min(exponent, 1000L));
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
  explicit Checker(std::string_view json) : in_(json, &unescaped_) {}

  bool Document(const pb::Descriptor& type) { return Message(type, 0); }

  std::string what_;
  const char* fault_ = nullptr;

 private:
  // False on a fault (`what_` set) or on text that is not what it should
  // be (`what_` empty: protobuf's parser then says what is wrong).
  // `in_any`: the object is an Any's, whose "@type" key names `type`.
  bool Message(const pb::Descriptor& type, int depth, bool in_any = false) {
    if (depth > kMaxDepth) return false;
    if (type.full_name() == "google.protobuf.Any" && in_.Peek('{')) {
      return AnyObject(type, depth);
    }
    if (!in_any && type.file()->name().rfind("google/protobuf/", 0) == 0) {
      // Any, wrappers...: keys only; Value, Struct, ListValue: the depth too.
      bool free_form = type.full_name() == "google.protobuf.Value" ||
                       type.full_name() == "google.protobuf.Struct" ||
                       type.full_name() == "google.protobuf.ListValue";
      return AnyValue(depth, free_form);
    }
    if (!in_.Consume('{')) return AnyValue(depth);
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
      const Field* field = FieldByKey(type, key);
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
      // null is "not set", for oneofs too (protobuf checks neither).
      if (in_.Peek('n') && in_.Literal("null")) {
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
  bool AnyObject(const pb::Descriptor& any, int depth) {
    const pb::Descriptor* type = nullptr;
    JsonCursor start = in_;
    in_.Consume('{');
    do {
      const char* key_at = nullptr;
      std::string_view key;
      if (!Key(&key, &key_at)) break;
      std::string_view url;
      if (key == "@type" && in_.Peek('"') && in_.String(&url)) {
        std::string name(url.substr(url.rfind('/') + 1));
        type = any.file()->pool()->FindMessageTypeByName(name);
        break;
      }
      if (!AnyValue(depth + 1)) break;
    } while (in_.Consume(','));
    if (!what_.empty()) return false;
    in_ = start;
    if (type == nullptr) return AnyValue(depth);  // protobuf says what
    if (!WrittenAsValue(*type)) return Message(*type, depth, true);
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
      bool checked =
          key == "value" ? Message(*type, depth + 1) : AnyValue(depth + 1);
      if (!checked) return false;
    } while (in_.Consume(','));
    return in_.Consume('}');
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
        if (in_.Peek('n') || in_.Peek('[')) {
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
  // two keys could be one), and no null value.
  bool Map(const Field& field, const std::string& written, int depth) {
    if (!in_.Consume('{')) return AnyValue(depth);
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
      if (in_.Peek('n')) {
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
        // A 64-bit wrapper is written as the number it wraps, BoolValue as
        // a bool.
        const std::string& type = field.message_type()->full_name();
        if (type == "google.protobuf.BoolValue" && !in_.Peek('{')) {
          return Bool(name, at, depth);
        }
        if ((type == "google.protobuf.Int64Value" ||
             type == "google.protobuf.UInt64Value") &&
            !in_.Peek('{')) {
          return Integer64(*field.message_type()->FindFieldByName("value"), at,
                           depth, name);
        }
        path_.push_back(name);
        bool checked = Message(*field.message_type(), depth);
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
        return Integer64(field, at, depth, name);
      case Field::TYPE_BYTES: {
        std::string_view text;
        if (!in_.Peek('"')) return AnyValue(depth);
        if (!in_.String(&text)) return false;
        std::string bytes;
        if (!Base64Decode(text, &bytes)) {
          return Fault(at, "field \"" + Joined(name) + "\": \"" +
                               std::string(text) +
                               "\" is not base64, which JSON writes bytes in");
        }
        return true;
      }
      case Field::TYPE_STRING: {
        std::string_view text;
        if (!in_.Peek('"')) return AnyValue(depth);
        if (in_.String(&text)) return true;
        return BadString("field \"" + Joined(name) + "\": ");
      }
      case Field::TYPE_DOUBLE:
      case Field::TYPE_FLOAT:
      case Field::TYPE_INT32:
      case Field::TYPE_SINT32:
      case Field::TYPE_SFIXED32:
      case Field::TYPE_UINT32:
      case Field::TYPE_FIXED32: {
        std::string_view text;
        if (in_.Peek('"') || !in_.Number(&text)) return AnyValue(depth);
        // Past a double's range protobuf says only "Number exceeds the
        // range of double", for any field, without a position.
        double number = std::strtod(std::string(text).c_str(), nullptr);
        if (std::isinf(number)) {
          return Fault(at, "field \"" + Joined(name) +
                               "\": " + std::string(text) +
                               " is out of range for " + field.type_name());
        }
        // protobuf reads an integer through a double, which rounds
        // 0.99999999999999999999 to a whole 1.
        bool negative;
        std::string magnitude;
        if (field.cpp_type() != Field::CPPTYPE_DOUBLE &&
            field.cpp_type() != Field::CPPTYPE_FLOAT &&
            text.find_first_of(".eE") != std::string_view::npos &&
            !WholeNumber(text, &negative, &magnitude)) {
          return Fault(at, "field \"" + Joined(name) +
                               "\": " + std::string(text) + " is not a valid " +
                               field.type_name() + " (not a whole number)");
        }
        return true;
      }
      default:
        return AnyValue(depth);
    }
  }

  bool Bool(const std::string& name, const char* at, int depth) {
    if (in_.Literal("true") || in_.Literal("false")) return true;
    if (!AnyValue(depth)) return false;
    return Fault(at, "field \"" + Joined(name) +
                         "\": " + std::string(at, in_.position() - at) +
                         " is not a bool (true or false)");
  }

  // A 64-bit integer written as a plain integer, a number or a string:
  // past its range is a fault, whichever way (protobuf reads a number
  // through a double, which rounds -2^63 - 1 to -2^63).
  bool Integer64(const Field& field, const char* at, int depth,
                 const std::string& name) {
    std::string_view text;
    bool quoted = in_.Peek('"');
    if (quoted ? !in_.String(&text) : !in_.Number(&text)) {
      return AnyValue(depth);
    }
    bool plain = text.find_first_of(".eE") == std::string_view::npos;
    bool negative;
    std::string magnitude;
    // A string with a fraction or exponent, or a number that is not whole:
    // protobuf says it is not an integer.
    if ((quoted && !plain) || !WholeNumber(text, &negative, &magnitude)) {
      return true;
    }
    bool is_unsigned = field.type() == Field::TYPE_UINT64 ||
                       field.type() == Field::TYPE_FIXED64;
    // Compare magnitudes as decimal strings: no wrap-around on the way.
    std::string limit = is_unsigned ? "18446744073709551615"
                        : negative  ? "9223372036854775808"
                                    : "9223372036854775807";
    std::string written =
        quoted ? "\"" + std::string(text) + "\"" : std::string(text);
    if ((negative && is_unsigned && magnitude != "0") ||
        Above(magnitude, limit)) {
      return Fault(at, "field \"" + Joined(name) + "\": " + written +
                           " is out of range for " + field.type_name());
    }
    // protobuf reads a number with a fraction or exponent through a
    // double, which rounds a whole number past 2^53.
    if (!plain && Above(magnitude, "9007199254740992")) {
      return Fault(at, "field \"" + Joined(name) + "\": " + written +
                           " has a fraction or exponent, which protobuf "
                           "reads through a double that cannot hold it "
                           "exactly; write it as " +
                           (negative ? "-" : "") + magnitude);
    }
    return true;
  }

  // Any JSON value, whose objects may not repeat a key either.
  // `free_form`: inside a Value, Struct or ListValue, whose depth is held
  // to kMaxValueDepth; elsewhere protobuf's own limits hold.
  bool AnyValue(int depth, bool free_form = false) {
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
      do {
        if (!AnyValue(depth + 1, free_form)) return false;
      } while (in_.Consume(','));
      return in_.Consume(']');
    }
    if (in_.Consume('{')) {
      return KeysOnce("", [&](std::string_view, const char*) {
        return AnyValue(depth + 1, free_form);
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
    // A number in a Value or Struct is a double: past its range protobuf
    // says only "Number exceeds the range of double", with no position.
    if (std::isinf(std::strtod(std::string(ignored).c_str(), nullptr))) {
      return Fault(at, std::string(ignored) +
                           " is out of range for a JSON "
                           "number (a double)");
    }
    return true;
  }

  // A field by its path from the request, as the user wrote it.
  std::string Joined(const std::string& last) const {
    std::string name;
    for (const std::string& step : path_) name += step + ".";
    return name + last;
  }

  bool Fault(const char* at, std::string what) {
    what_ = std::move(what);
    fault_ = at;
    return false;
  }

  std::string unescaped_;
  JsonCursor in_;
  std::vector<std::string> path_;  // the messages read into, as named
};

}  // namespace

bool CheckJsonStrictly(const pb::Descriptor& type, std::string_view json,
                       std::string* what, int* line, int* column) {
  Checker checker(json);
  if (checker.Document(type) || checker.what_.empty()) return true;
  *what = checker.what_;
  TextPosition(json, checker.fault_, line, column);
  return false;
}

}  // namespace rpccli
