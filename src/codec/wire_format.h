// Writing protobuf's wire format by hand, for converters that skip
// building a message.
#ifndef RPCCLI_CODEC_WIRE_FORMAT_H_
#define RPCCLI_CODEC_WIRE_FORMAT_H_

#include <google/protobuf/descriptor.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rpccli {

constexpr int kWireVarint = 0;
constexpr int kWireFixed64 = 1;
constexpr int kWireLengthDelimited = 2;
constexpr int kWireFixed32 = 5;

inline void AppendVarint(uint64_t value, std::string* out) {
  char bytes[10];
  int size = 0;
  while (value >= 0x80) {
    bytes[size++] = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  bytes[size++] = static_cast<char>(value);
  out->append(bytes, size);
}

inline void AppendTag(int number, int wire_type, std::string* out) {
  AppendVarint((static_cast<uint64_t>(number) << 3) | wire_type, out);
}

inline void AppendFixed32(uint32_t value, std::string* out) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out->append(bytes, 4);
}

inline void AppendFixed64(uint64_t value, std::string* out) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out->append(bytes, 8);
}

inline uint32_t ZigZag32(int32_t n) {
  return (static_cast<uint32_t>(n) << 1) ^ static_cast<uint32_t>(n >> 31);
}

inline uint64_t ZigZag64(int64_t n) {
  return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63);
}

/// Starts a length-delimited record whose length is not known yet: one
/// byte is kept for it. Returns where its content starts.
inline size_t OpenLength(std::string* out) {
  out->push_back(0);
  return out->size();
}

/// Writes the length of the record opened at `start`, moving its content
/// along if the length needs more than the one byte kept.
inline void CloseLength(size_t start, std::string* out) {
  uint64_t length = out->size() - start;
  if (length < 0x80) {
    (*out)[start - 1] = static_cast<char>(length);
    return;
  }
  std::string varint;
  AppendVarint(length, &varint);
  (*out)[start - 1] = varint[0];
  out->insert(start, varint, 1, std::string::npos);
}

/// The wire type of one (unpacked) value of `field`.
inline int WireTypeOf(const google::protobuf::FieldDescriptor& field) {
  using Field = google::protobuf::FieldDescriptor;
  switch (field.type()) {
    case Field::TYPE_DOUBLE:
    case Field::TYPE_FIXED64:
    case Field::TYPE_SFIXED64:
      return kWireFixed64;
    case Field::TYPE_FLOAT:
    case Field::TYPE_FIXED32:
    case Field::TYPE_SFIXED32:
      return kWireFixed32;
    case Field::TYPE_STRING:
    case Field::TYPE_BYTES:
    case Field::TYPE_MESSAGE:
      return kWireLengthDelimited;
    case Field::TYPE_GROUP:
      return 3;  // start group
    default:
      return kWireVarint;
  }
}

/// Whether `file` holds the well-known types, whose JSON has a form of
/// its own (Timestamp a string, Struct any JSON, a wrapper its value):
/// the hand-written converters leave them to protobuf's.
inline bool IsWellKnown(const google::protobuf::FileDescriptor& file) {
  return file.package() == "google.protobuf";
}

}  // namespace rpccli

#endif  // RPCCLI_CODEC_WIRE_FORMAT_H_
