#include "codec/wire_to_json.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/base64.h"
#include "base/utf8.h"
#include "codec/shortest_float.h"
#include "codec/timestamp_text.h"
#include "codec/wire_format.h"

namespace rpccli {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

namespace {

// As deep as protobuf parses messages: protobuf's JSON printer, the slow
// way, stops at 64.
constexpr int kMaxDepth = 100;
// More oneofs in one message than this goes the slow way.
constexpr int kMaxOneofs = 8;

// One message's bytes, read from the front.
class WireReader {
 public:
  explicit WireReader(std::string_view bytes)
      : at_(reinterpret_cast<const uint8_t*>(bytes.data())),
        end_(at_ + bytes.size()) {}

  bool done() const { return at_ == end_; }

  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (at_ == end_) return false;
      uint8_t byte = *at_++;
      // The tenth byte holds one bit; more is what protobuf would drop.
      if (shift == 63 && byte > 1) return false;
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (byte < 0x80) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool Tag(uint32_t* number, int* wire_type) {
    uint64_t tag = 0;
    if (!Varint(&tag) || tag > UINT32_MAX || (tag >> 3) == 0) return false;
    *number = static_cast<uint32_t>(tag >> 3);
    *wire_type = static_cast<int>(tag & 7);
    return true;
  }

  bool Fixed32(uint32_t* value) {
    if (end_ - at_ < 4) return false;
    *value = 0;
    for (int i = 3; i >= 0; --i) *value = (*value << 8) | at_[i];
    at_ += 4;
    return true;
  }

  bool Fixed64(uint64_t* value) {
    if (end_ - at_ < 8) return false;
    *value = 0;
    for (int i = 7; i >= 0; --i) *value = (*value << 8) | at_[i];
    at_ += 8;
    return true;
  }

  bool LengthDelimited(std::string_view* bytes) {
    uint64_t length = 0;
    if (!Varint(&length) || length > static_cast<uint64_t>(end_ - at_)) {
      return false;
    }
    *bytes = std::string_view(reinterpret_cast<const char*>(at_), length);
    at_ += length;
    return true;
  }

 private:
  const uint8_t* at_;
  const uint8_t* end_;
};

void AppendHex4(uint32_t unit, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  char escaped[6] = {'\\',
                     'u',
                     kHex[(unit >> 12) & 15],
                     kHex[(unit >> 8) & 15],
                     kHex[(unit >> 4) & 15],
                     kHex[unit & 15]};
  out->append(escaped, 6);
}

// Code points protobuf writes as \u escapes although JSON does not ask
// for it: controls, HTML's angle brackets, and invisible formatting
// characters that have been used to hide text.
bool EscapedByProtobuf(uint32_t code) {
  if (code < 0x20 || code == '"' || code == '\\' || code == '<' ||
      code == '>' || (code >= 0x7F && code < 0xA0)) {
    return true;
  }
  switch (code) {
    case 0xAD:
    case 0x6DD:
    case 0x70F:
    case 0x17B4:
    case 0x17B5:
    case 0xFEFF:
    case 0xFFF9:
    case 0xFFFA:
    case 0xFFFB:
    case 0xE0001:
      return true;
  }
  return (code >= 0x600 && code <= 0x603) ||
         (code >= 0x200B && code <= 0x200F) ||
         (code >= 0x2028 && code <= 0x202E) ||
         (code >= 0x2060 && code <= 0x2064) ||
         (code >= 0x206A && code <= 0x206F) ||
         (code >= 0x1D173 && code <= 0x1D17A) ||
         (code >= 0xE0020 && code <= 0xE007F);
}

void AppendEscaped(uint32_t code, std::string* out) {
  switch (code) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\t':
      out->append("\\t");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\r':
      out->append("\\r");
      return;
  }
  if (code >= 0x10000) {  // as a surrogate pair
    code -= 0x10000;
    AppendHex4(0xD800 + (code >> 10), out);
    AppendHex4(0xDC00 + (code & 0x3FF), out);
    return;
  }
  AppendHex4(code, out);
}

template <typename Number>
void AppendNumber(Number value, std::string* out) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out->append(digits, end - digits);
}

// Not-a-number and the infinities, which JSON has no numbers for.
bool AppendNonFinite(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
  } else if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    return false;
  }
  return true;
}

// Whether `type` is google.protobuf.Timestamp as timestamp.proto defines
// it; protobuf's printer knows it by name, and its fields by number.
bool IsTimestamp(const pb::Descriptor& type) {
  if (type.full_name() != "google.protobuf.Timestamp" ||
      type.field_count() != 2) {
    return false;
  }
  const Field* seconds = type.FindFieldByNumber(1);
  const Field* nanos = type.FindFieldByNumber(2);
  return seconds != nullptr && nanos != nullptr &&
         seconds->type() == Field::TYPE_INT64 &&
         nanos->type() == Field::TYPE_INT32;
}

class Printer {
 public:
  Printer(bool proto_names, std::string* out)
      : proto_names_(proto_names), out_(out) {}

  bool Message(const pb::Descriptor& type, std::string_view bytes, int depth) {
    if (depth > kMaxDepth) return false;
    // Replies often carry a time, and protobuf's printer took longer over
    // one Timestamp than over all the rest of a small message.
    if (IsTimestamp(type)) return Timestamp(bytes);
    if (IsWellKnown(*type.file())) return false;
    WireReader in(bytes);
    const pb::OneofDescriptor* oneofs[kMaxOneofs];
    int oneof_count = 0;
    uint32_t last = 0;
    bool first = true;
    out_->push_back('{');
    while (!in.done()) {
      uint32_t number;
      int wire_type;
      if (!in.Tag(&number, &wire_type)) return false;
      // Repeated fields read all their records at once, below.
      if (number <= last) return false;
      last = number;
      const Field* field = type.FindFieldByNumber(static_cast<int>(number));
      if (field == nullptr || field->is_map()) return false;
      if (const pb::OneofDescriptor* oneof = field->containing_oneof()) {
        for (int i = 0; i < oneof_count; ++i) {
          if (oneofs[i] == oneof) return false;
        }
        if (oneof_count == kMaxOneofs) return false;
        oneofs[oneof_count++] = oneof;
      }
      // A field without presence that holds its default is not set:
      // protobuf's parser leaves it so, and its printer leaves it out.
      if (!field->is_repeated() && !field->has_presence() &&
          HoldsDefault(wire_type, in)) {
        return false;
      }
      if (!first) out_->push_back(',');
      first = false;
      if (!AppendJsonString(proto_names_ ? field->name() : field->json_name(),
                            out_)) {
        return false;
      }
      out_->push_back(':');
      if (field->is_repeated() ? !Repeated(*field, wire_type, &in, depth)
                               : !Value(*field, wire_type, &in, depth)) {
        return false;
      }
    }
    out_->push_back('}');
    return true;
  }

 private:
  // Whether the value `in` holds next is its type's default (0, false, "";
  // -0.0 is a value, which protobuf sends and shows).
  static bool HoldsDefault(int wire_type, WireReader in) {
    uint64_t varint = 1;
    uint32_t fixed32 = 1;
    uint64_t fixed64 = 1;
    std::string_view bytes;
    switch (wire_type) {
      case kWireVarint:
        return in.Varint(&varint) && varint == 0;
      case kWireFixed32:
        return in.Fixed32(&fixed32) && fixed32 == 0;
      case kWireFixed64:
        return in.Fixed64(&fixed64) && fixed64 == 0;
      case kWireLengthDelimited:
        return in.LengthDelimited(&bytes) && bytes.empty();
      default:
        return false;
    }
  }

  // Seconds then nanos, each at most once and in that order; anything
  // else (unknown fields, other orders) is left to protobuf.
  bool Timestamp(std::string_view bytes) {
    WireReader in(bytes);
    uint64_t values[3] = {0, 0, 0};
    uint32_t last = 0;
    while (!in.done()) {
      uint32_t number;
      int wire_type;
      if (!in.Tag(&number, &wire_type) || number <= last || number > 2 ||
          wire_type != kWireVarint || !in.Varint(&values[number])) {
        return false;
      }
      last = number;
    }
    // nanos is an int32: a negative one is sign-extended to 64 bits.
    auto nanos = static_cast<int64_t>(values[2]);
    if (nanos != static_cast<int32_t>(nanos)) return false;
    return AppendTimestamp(static_cast<int64_t>(values[1]), nanos, out_);
  }

  // A repeated field's values as protobuf lists them: a packed record's,
  // or the unpacked records' that follow one another with the same tag.
  // Any other record of the field would be a list of its own, under the
  // same key again: the caller declines it.
  bool Repeated(const Field& field, int wire_type, WireReader* in, int depth) {
    out_->push_back('[');
    bool first = true;
    auto separate = [&] {
      if (!first) out_->push_back(',');
      first = false;
    };
    if (wire_type == kWireLengthDelimited && field.is_packable()) {
      std::string_view packed;
      if (!in->LengthDelimited(&packed) || packed.empty()) return false;
      WireReader values(packed);
      while (!values.done()) {
        separate();
        if (!Scalar(field, WireTypeOf(field), &values)) return false;
      }
    } else {
      for (;;) {
        separate();
        if (!Value(field, wire_type, in, depth)) return false;
        WireReader next = *in;
        uint32_t number;
        int next_wire_type;
        if (in->done() || !next.Tag(&number, &next_wire_type) ||
            number != static_cast<uint32_t>(field.number()) ||
            next_wire_type != wire_type) {
          break;
        }
        *in = next;
      }
    }
    out_->push_back(']');
    return true;
  }

  bool Value(const Field& field, int wire_type, WireReader* in, int depth) {
    if (field.type() == Field::TYPE_MESSAGE) {
      std::string_view bytes;
      return wire_type == kWireLengthDelimited && in->LengthDelimited(&bytes) &&
             Message(*field.message_type(), bytes, depth + 1);
    }
    return Scalar(field, wire_type, in);
  }

  bool Scalar(const Field& field, int wire_type, WireReader* in) {
    if (field.type() == Field::TYPE_GROUP || wire_type != WireTypeOf(field)) {
      return false;
    }
    uint64_t varint = 0;
    uint32_t fixed32 = 0;
    uint64_t fixed64 = 0;
    std::string_view bytes;
    switch (wire_type) {
      case kWireVarint:
        if (!in->Varint(&varint)) return false;
        break;
      case kWireFixed32:
        if (!in->Fixed32(&fixed32)) return false;
        break;
      case kWireFixed64:
        if (!in->Fixed64(&fixed64)) return false;
        break;
      default:
        if (!in->LengthDelimited(&bytes)) return false;
    }
    switch (field.type()) {
      case Field::TYPE_INT32:
        AppendNumber(static_cast<int32_t>(varint), out_);
        return true;
      case Field::TYPE_UINT32:
        AppendNumber(static_cast<uint32_t>(varint), out_);
        return true;
      case Field::TYPE_SINT32: {
        uint32_t zigzag = static_cast<uint32_t>(varint);
        AppendNumber(static_cast<int32_t>((zigzag >> 1) ^ (0u - (zigzag & 1))),
                     out_);
        return true;
      }
      case Field::TYPE_FIXED32:
        AppendNumber(fixed32, out_);
        return true;
      case Field::TYPE_SFIXED32:
        AppendNumber(static_cast<int32_t>(fixed32), out_);
        return true;
      case Field::TYPE_INT64:
        return Quoted(static_cast<int64_t>(varint));
      case Field::TYPE_UINT64:
        return Quoted(varint);
      case Field::TYPE_SINT64:
        return Quoted(static_cast<int64_t>((varint >> 1) ^ (0 - (varint & 1))));
      case Field::TYPE_FIXED64:
        return Quoted(fixed64);
      case Field::TYPE_SFIXED64:
        return Quoted(static_cast<int64_t>(fixed64));
      case Field::TYPE_BOOL:
        if (varint > 1) return false;  // read as 32 bits, 2^32 is false
        out_->append(varint ? "true" : "false");
        return true;
      case Field::TYPE_ENUM:
        return Enum(field, static_cast<int32_t>(varint));
      case Field::TYPE_FLOAT: {
        float value;
        std::memcpy(&value, &fixed32, sizeof value);
        // protobuf reads a subnormal back as an error, not as equal.
        if (std::fpclassify(value) == FP_SUBNORMAL) return false;
        if (!AppendNonFinite(value, out_)) AppendShortest(value, out_);
        return true;
      }
      case Field::TYPE_DOUBLE: {
        double value;
        std::memcpy(&value, &fixed64, sizeof value);
        if (std::fpclassify(value) == FP_SUBNORMAL) return false;
        if (!AppendNonFinite(value, out_)) AppendShortest(value, out_);
        return true;
      }
      case Field::TYPE_STRING:
        return AppendJsonString(bytes, out_);
      case Field::TYPE_BYTES:
        // Room for the rest of a line, so that a large blob is not moved
        // when it ends.
        out_->reserve(out_->size() + (bytes.size() + 2) / 3 * 4 + 64);
        out_->push_back('"');
        AppendBase64(bytes, out_);
        out_->push_back('"');
        return true;
      default:
        return false;
    }
  }

  template <typename Number>
  bool Quoted(Number value) {
    out_->push_back('"');
    AppendNumber(value, out_);
    out_->push_back('"');
    return true;
  }

  // By name, or by number if the enum has no value for it and is open: a
  // closed enum (a proto2 field's) keeps such a number as a field the
  // schema does not know, which protobuf's parser sets aside.
  bool Enum(const Field& field, int32_t number) {
    const pb::EnumDescriptor& type = *field.enum_type();
    if (IsWellKnown(*type.file())) return false;  // NullValue prints null
    const pb::EnumValueDescriptor* value = type.FindValueByNumber(number);
    if (value == nullptr) {
      if (field.file()->syntax() != pb::FileDescriptor::SYNTAX_PROTO3) {
        return false;
      }
      AppendNumber(number, out_);
      return true;
    }
    return AppendJsonString(value->name(), out_);
  }

  bool proto_names_;
  std::string* out_;
};

}  // namespace

bool AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t at = 0;
  while (at < text.size()) {
    // The run of characters that need no escape, copied at once.
    size_t plain = at;
    while (plain < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[plain]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' ||
          c == '>') {
        break;
      }
      ++plain;
    }
    out->append(text.data() + at, plain - at);
    at = plain;
    if (at == text.size()) break;
    size_t start = at;
    uint32_t code;
    if (!NextCodePoint(text, &at, &code)) return false;
    if (EscapedByProtobuf(code)) {
      AppendEscaped(code, out);
    } else {
      out->append(text.data() + start, at - start);
    }
  }
  out->push_back('"');
  return true;
}

bool WireToJson::Append(const pb::Descriptor& type, std::string_view binary,
                        std::string* out) const {
  size_t size_before = out->size();
  if (Printer(proto_names_, out).Message(type, binary, 0)) return true;
  out->resize(size_before);
  return false;
}

}  // namespace rpccli
