#include "serve/fake_message.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <random>

#include "base/text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Random = std::mt19937_64;

// Deeper than this, message fields are left unset: a recursive type has
// an end.
constexpr int kDeepest = 3;
// 2026-01-01T00:00:00Z, and a year after it.
constexpr int64_t kYearStart = 1767225600;
constexpr int64_t kYear = 365 * 24 * 3600;

const char* const kWords[] = {"alpha", "bravo", "cedar",  "delta", "ember",
                              "fjord", "gale",  "harbor", "iris",  "juniper"};
const char* const kNames[] = {"Ada Lovelace", "Alan Turing", "Grace Hopper",
                              "Edsger Dijkstra", "Barbara Liskov"};

int64_t Between(Random* random, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, high)(*random);
}

// A string whose shape fits its field's name.
std::string FakeString(const pb::FieldDescriptor& field, Random* random) {
  std::string name = Lowercase(field.name());
  const char* word = kWords[Between(random, 0, 9)];
  int64_t number = Between(random, 1, 9999);
  if (name.find("email") != std::string::npos) {
    return std::string(word) + std::to_string(number) + "@example.com";
  }
  if (name.find("url") != std::string::npos ||
      name.find("uri") != std::string::npos ||
      name.find("link") != std::string::npos) {
    return "https://example.com/" + std::string(word) + "/" +
           std::to_string(number);
  }
  if (name == "id" || EndsWith(name, "_id") || EndsWith(name, "id")) {
    return std::string(word) + "-" + std::to_string(number);
  }
  if (name.find("name") != std::string::npos) {
    return kNames[Between(random, 0, 4)];
  }
  return std::string(word) + " " + kWords[Between(random, 0, 9)];
}

void Fill(pb::Message* message, Random* random, int depth);

// One value of `field` into `message`: set, or added to a repeated field.
void AddValue(pb::Message* message, const pb::FieldDescriptor& field,
              Random* random, int depth) {
  const pb::Reflection& reflection = *message->GetReflection();
  bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      int64_t value = Between(random, 1, 1000);
      switch (field.cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_INT32:
          repeated ? reflection.AddInt32(message, &field, int32_t(value))
                   : reflection.SetInt32(message, &field, int32_t(value));
          break;
        case pb::FieldDescriptor::CPPTYPE_INT64:
          repeated ? reflection.AddInt64(message, &field, value)
                   : reflection.SetInt64(message, &field, value);
          break;
        case pb::FieldDescriptor::CPPTYPE_UINT32:
          repeated ? reflection.AddUInt32(message, &field, uint32_t(value))
                   : reflection.SetUInt32(message, &field, uint32_t(value));
          break;
        default:
          repeated ? reflection.AddUInt64(message, &field, uint64_t(value))
                   : reflection.SetUInt64(message, &field, uint64_t(value));
      }
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
      double value = static_cast<double>(Between(random, 1, 100000)) / 100;
      if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE) {
        repeated ? reflection.AddDouble(message, &field, value)
                 : reflection.SetDouble(message, &field, value);
      } else {
        repeated ? reflection.AddFloat(message, &field, float(value))
                 : reflection.SetFloat(message, &field, float(value));
      }
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      repeated ? reflection.AddBool(message, &field, Between(random, 0, 1))
               : reflection.SetBool(message, &field, Between(random, 0, 1));
      break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumDescriptor& type = *field.enum_type();
      // A value other than the zero one, which reads as "unset".
      int index =
          type.value_count() > 1
              ? static_cast<int>(Between(random, 1, type.value_count() - 1))
              : 0;
      repeated ? reflection.AddEnum(message, &field, type.value(index))
               : reflection.SetEnum(message, &field, type.value(index));
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      std::string value =
          field.type() == pb::FieldDescriptor::TYPE_BYTES
              ? std::string("fake-") + std::to_string(Between(random, 0, 999))
              : FakeString(field, random);
      repeated ? reflection.AddString(message, &field, value)
               : reflection.SetString(message, &field, value);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      pb::Message* inner = repeated
                               ? reflection.AddMessage(message, &field)
                               : reflection.MutableMessage(message, &field);
      Fill(inner, random, depth + 1);
      break;
    }
  }
}

// A Timestamp in 2026, a Duration of seconds: what JSON shows plausibly.
bool FillWellKnown(pb::Message* message, Random* random) {
  const std::string& name = message->GetDescriptor()->full_name();
  if (name != "google.protobuf.Timestamp" &&
      name != "google.protobuf.Duration") {
    return false;
  }
  const pb::Descriptor& type = *message->GetDescriptor();
  const pb::Reflection& reflection = *message->GetReflection();
  int64_t seconds = name == "google.protobuf.Timestamp"
                        ? kYearStart + Between(random, 0, kYear - 1)
                        : Between(random, 1, 3600);
  reflection.SetInt64(message, type.FindFieldByName("seconds"), seconds);
  return true;
}

void Fill(pb::Message* message, Random* random, int depth) {
  if (FillWellKnown(message, random)) return;
  const pb::Descriptor& type = *message->GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    // One field of a oneof: its first.
    const pb::OneofDescriptor* oneof = field.real_containing_oneof();
    if (oneof != nullptr && oneof->field(0) != &field) continue;
    if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      // An Any would need a type to hold, a FieldMask paths of fields:
      // left unset rather than made up wrong, or empty if required (a
      // client refuses a message without it).
      const std::string& held = field.message_type()->full_name();
      if (depth >= kDeepest || held == "google.protobuf.Any" ||
          held == "google.protobuf.FieldMask") {
        if (field.is_required()) {
          message->GetReflection()->MutableMessage(message, &field);
        }
        continue;
      }
    }
    int count =
        field.is_repeated() ? static_cast<int>(Between(random, 1, 3)) : 1;
    for (int n = 0; n < count; ++n) AddValue(message, field, random, depth);
  }
}

}  // namespace

std::string FakeMessage(const pb::Descriptor& type, uint64_t seed) {
  pb::DynamicMessageFactory factory(type.file()->pool());
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&type)->New());
  Random random(seed);
  Fill(message.get(), &random, 0);
  // Partial: a proto2 required field left unset (deeper, inside an empty
  // one) would otherwise make serializing throw.
  return message->SerializePartialAsString();
}

}  // namespace rpccli
