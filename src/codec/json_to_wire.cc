#include "codec/json_to_wire.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "base/base64.h"
#include "codec/json_cursor.h"
#include "codec/wire_format.h"

namespace rpccli {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

namespace {

// Deep enough for any stream message; deeper JSON goes the slow way.
constexpr int kMaxDepth = 32;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `text` is an integer as JSON writes one: no sign but '-', no
// leading zero, no fraction or exponent.
bool IsPlainInteger(std::string_view text) {
  size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  if (text[i] == '0' && text.size() > i + 1) return false;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return false;
  }
  return true;
}

// A plain integer's value as 64 bits (two's complement if negative), if
// it lies within [min, max]. "-0" is declined: the converter reads it as
// the floating-point -0.
bool IntegerInRange(std::string_view text, int64_t min, uint64_t max,
                    uint64_t* bits) {
  if (!IsPlainInteger(text)) return false;
  bool negative = text[0] == '-';
  uint64_t magnitude = 0;
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return false;
    }
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    if (magnitude == 0 || magnitude > 0 - static_cast<uint64_t>(min)) {
      return false;
    }
    *bits = 0 - magnitude;
    return true;
  }
  if (magnitude > max) return false;
  *bits = magnitude;
  return true;
}

}  // namespace

// Reads one JSON text and writes the wire bytes as it goes. Every method
// returns false to decline, leaving the output unfinished.
class JsonToWire::Parser {
 public:
  Parser(JsonToWire* owner, std::string_view json, std::string* out)
      : owner_(owner), json_(json, &owner->unescaped_), out_(out) {}

  bool Document(const pb::Descriptor& type) {
    return Message(type, 0) && json_.AtEnd();
  }

 private:
  // The members of an object, `read_member` called at each key. Keys are
  // strings; what follows the colon is for `read_member` to read.
  template <typename ReadMember>
  bool Members(ReadMember read_member) {
    if (!json_.Consume('{')) return false;
    if (json_.Consume('}')) return true;
    do {
      std::string_view key;
      if (!json_.Peek('"') || !json_.String(&key) || !json_.Consume(':'))
        return false;
      if (!read_member(key)) return false;
    } while (json_.Consume(','));
    return json_.Consume('}');
  }

  // A message's fields, without tag or length.
  bool Message(const pb::Descriptor& type, int depth) {
    if (depth > kMaxDepth || IsWellKnown(*type.file())) return false;
    const FieldsByKey& fields = owner_->Fields(type);
    std::vector<const Field*>& seen = owner_->seen_;
    size_t first_seen = seen.size();
    bool ok = Members([&](std::string_view key) {
      auto found = fields.find(key);
      if (found == fields.end() || found->second == nullptr) return false;
      const Field& field = *found->second;
      // A field given twice, or two fields of one oneof: the converter
      // decides (or fails) for those.
      for (size_t i = first_seen; i < seen.size(); ++i) {
        if (seen[i] == &field ||
            (field.containing_oneof() != nullptr &&
             seen[i]->containing_oneof() == field.containing_oneof())) {
          return false;
        }
      }
      seen.push_back(&field);
      if (field.is_map()) return Map(field, depth);
      if (field.is_repeated()) return Repeated(field, depth);
      AppendTag(field.number(), WireTypeOf(field), out_);
      return Value(field, depth);
    });
    seen.resize(first_seen);
    return ok;
  }

  bool Repeated(const Field& field, int depth) {
    if (!json_.Consume('[')) return false;
    if (json_.Consume(']')) return true;
    bool packed = field.is_packed();
    size_t length_at = 0;
    if (packed) {
      AppendTag(field.number(), kWireLengthDelimited, out_);
      length_at = OpenLength(out_);
    }
    do {
      if (!packed) AppendTag(field.number(), WireTypeOf(field), out_);
      if (!Value(field, depth + 1)) return false;
    } while (json_.Consume(','));
    if (packed) CloseLength(length_at, out_);
    return json_.Consume(']');
  }

  // A map is an object of entries, each a message of key (1) and value (2).
  bool Map(const Field& field, int depth) {
    const Field& key_field = *field.message_type()->map_key();
    const Field& value_field = *field.message_type()->map_value();
    // protobuf's converter fails on a key given twice.
    std::unordered_set<std::string> keys;
    return Members([&](std::string_view key) {
      if (!keys.emplace(key).second) return false;
      AppendTag(field.number(), kWireLengthDelimited, out_);
      size_t length_at = OpenLength(out_);
      AppendTag(1, WireTypeOf(key_field), out_);
      if (!MapKey(key_field, key)) return false;
      AppendTag(2, WireTypeOf(value_field), out_);
      if (!Value(value_field, depth + 1)) return false;
      CloseLength(length_at, out_);
      return true;
    });
  }

  // A map key, which JSON writes as a string whatever its type.
  bool MapKey(const Field& field, std::string_view key) {
    switch (field.type()) {
      case Field::TYPE_STRING:
        AppendVarint(key.size(), out_);
        out_->append(key);
        return true;
      case Field::TYPE_BOOL:
        if (key != "true" && key != "false") return false;
        AppendVarint(key == "true", out_);
        return true;
      default:
        return IntegerValue(field, key);
    }
  }

  // One value of `field` (an element, for a repeated field), without tag.
  bool Value(const Field& field, int depth) {
    if (json_.AtEnd()) return false;
    switch (field.type()) {
      case Field::TYPE_MESSAGE: {
        size_t length_at = OpenLength(out_);
        if (!Message(*field.message_type(), depth + 1)) return false;
        CloseLength(length_at, out_);
        return true;
      }
      case Field::TYPE_STRING: {
        std::string_view text;
        if (!json_.Peek('"') || !json_.String(&text)) return false;
        AppendVarint(text.size(), out_);
        out_->append(text);
        return true;
      }
      case Field::TYPE_BYTES: {
        std::string_view text;
        if (!json_.Peek('"') || !json_.String(&text)) return false;
        // The length first: a large blob is not moved along after it.
        size_t length = Base64DecodedSize(text);
        AppendVarint(length, out_);
        size_t start = out_->size();
        return AppendBase64DecodedStrictly(text, out_) &&
               out_->size() - start == length;
      }
      case Field::TYPE_BOOL:
        if (json_.Literal("true")) {
          out_->push_back(1);
        } else if (json_.Literal("false")) {
          out_->push_back(0);
        } else {
          return false;
        }
        return true;
      case Field::TYPE_ENUM:
        return EnumValue(field);
      case Field::TYPE_FLOAT:
      case Field::TYPE_DOUBLE:
        return FloatingValue(field);
      case Field::TYPE_GROUP:
        return false;
      default: {
        // Integers come as numbers, or as strings (64-bit ones usually).
        std::string_view text;
        if (json_.Peek('"') ? !json_.String(&text) : !json_.Number(&text))
          return false;
        return IntegerValue(field, text);
      }
    }
  }

  bool IntegerValue(const Field& field, std::string_view text) {
    constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
    constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
    constexpr uint64_t kInt32Max = std::numeric_limits<int32_t>::max();
    constexpr uint64_t kInt64Max = std::numeric_limits<int64_t>::max();
    constexpr uint64_t kUint32Max = std::numeric_limits<uint32_t>::max();
    constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();
    uint64_t bits = 0;
    switch (field.type()) {
      case Field::TYPE_INT32:
      case Field::TYPE_SINT32:
      case Field::TYPE_SFIXED32:
        if (!IntegerInRange(text, kInt32Min, kInt32Max, &bits)) return false;
        break;
      case Field::TYPE_UINT32:
      case Field::TYPE_FIXED32:
        if (!IntegerInRange(text, 0, kUint32Max, &bits)) return false;
        break;
      case Field::TYPE_INT64:
      case Field::TYPE_SINT64:
      case Field::TYPE_SFIXED64:
        if (!IntegerInRange(text, kInt64Min, kInt64Max, &bits)) return false;
        break;
      case Field::TYPE_UINT64:
      case Field::TYPE_FIXED64:
        if (!IntegerInRange(text, 0, kUint64Max, &bits)) return false;
        break;
      default:
        return false;
    }
    switch (field.type()) {
      case Field::TYPE_SINT32:
        AppendVarint(ZigZag32(static_cast<int32_t>(bits)), out_);
        break;
      case Field::TYPE_SINT64:
        AppendVarint(ZigZag64(static_cast<int64_t>(bits)), out_);
        break;
      case Field::TYPE_FIXED32:
      case Field::TYPE_SFIXED32:
        AppendFixed32(static_cast<uint32_t>(bits), out_);
        break;
      case Field::TYPE_FIXED64:
      case Field::TYPE_SFIXED64:
        AppendFixed64(bits, out_);
        break;
      default:  // int32 goes as a sign-extended 64-bit varint, as protobuf's
        AppendVarint(bits, out_);
    }
    return true;
  }

  // An enum by value name, or by number if the enum defines it.
  bool EnumValue(const Field& field) {
    const pb::EnumDescriptor& type = *field.enum_type();
    if (IsWellKnown(*type.file())) return false;  // NullValue takes null
    const pb::EnumValueDescriptor* value = nullptr;
    std::string_view text;
    if (json_.Peek('"')) {
      if (!json_.String(&text)) return false;
      value = type.FindValueByName(std::string(text));
    } else {
      uint64_t bits = 0;
      if (!json_.Number(&text) ||
          !IntegerInRange(text, std::numeric_limits<int32_t>::min(),
                          std::numeric_limits<int32_t>::max(), &bits)) {
        return false;
      }
      value = type.FindValueByNumber(static_cast<int32_t>(bits));
    }
    if (value == nullptr) return false;
    AppendVarint(static_cast<uint64_t>(static_cast<int64_t>(value->number())),
                 out_);
    return true;
  }

  bool FloatingValue(const Field& field) {
    bool is_float = field.type() == Field::TYPE_FLOAT;
    double value = 0;
    std::string_view text;
    if (json_.Peek('"')) {
      // Only the names JSON has no numbers for; quoted numbers go the
      // slow way.
      if (!json_.String(&text)) return false;
      if (text == "NaN") {
        value = std::numeric_limits<double>::quiet_NaN();
      } else if (text == "Infinity") {
        value = std::numeric_limits<double>::infinity();
      } else if (text == "-Infinity") {
        value = -std::numeric_limits<double>::infinity();
      } else {
        return false;
      }
    } else {
      if (!json_.Number(&text)) return false;
      // Integers past 2^53 reach a float field rounded once by the
      // converter, twice through a double here. "-0" is the double -0.
      bool integral = IsPlainInteger(text);
      if (integral && text.size() > 15) return false;
      auto parsed = std::from_chars(text.data(), text.data() + text.size(),
                                    value, std::chars_format::general);
      if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
        return false;  // out of range, among others
      }
      // Where rounding goes past the ends of the range, or into the
      // subnormals, strtod and from_chars may not agree on the error.
      if (!std::isnormal(value) && value != 0) return false;
      if (is_float && std::fabs(value) > std::numeric_limits<float>::max()) {
        return false;
      }
      if (is_float && value != 0 && !std::isnormal(static_cast<float>(value))) {
        return false;
      }
    }
    if (is_float) {
      float narrowed = static_cast<float>(value);
      uint32_t bits;
      std::memcpy(&bits, &narrowed, sizeof bits);
      AppendFixed32(bits, out_);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &value, sizeof bits);
      AppendFixed64(bits, out_);
    }
    return true;
  }

  JsonToWire* owner_;
  JsonCursor json_;
  std::string* out_;
};

JsonToWire::JsonToWire() = default;
JsonToWire::~JsonToWire() = default;

bool JsonToWire::Convert(const pb::Descriptor& type, std::string_view json,
                         std::string* binary) {
  binary->clear();
  seen_.clear();
  return Parser(this, json, binary).Document(type);
}

const JsonToWire::FieldsByKey& JsonToWire::Fields(const pb::Descriptor& type) {
  std::unique_ptr<FieldsByKey>& fields = fields_[&type];
  if (fields != nullptr) return *fields;
  fields = std::make_unique<FieldsByKey>();
  for (int i = 0; i < type.field_count(); ++i) {
    const Field* field = type.field(i);
    for (const std::string* key : {&field->name(), &field->json_name()}) {
      auto inserted = fields->emplace(*key, field);
      if (!inserted.second && inserted.first->second != field) {
        inserted.first->second = nullptr;
      }
    }
  }
  return *fields;
}

}  // namespace rpccli
