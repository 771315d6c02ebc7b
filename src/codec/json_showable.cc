#include "codec/json_showable.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

#include "base/utf8.h"
#include "codec/map_entry.h"
#include "codec/type_url.h"
#include "codec/well_known_types.h"
#include "codec/wire_canonical.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The JSON mapping's ranges: years 0001 to 9999, and a Duration of at most
// 10,000 years either way.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;
constexpr int64_t kMaxDurationSeconds = 315576000000;
constexpr int32_t kMaxNanos = 999999999;
// protobuf refuses to parse messages nested deeper than this.
constexpr int kMaxDepth = 100;

class Checker {
 public:
  Checker(const pb::DescriptorPool& pool, pb::DynamicMessageFactory* factory,
          bool proto_names, std::vector<std::string>* unknown,
          JsonObstacle* obstacle, bool* unresolved_any)
      : pool_(pool),
        factory_(factory),
        proto_names_(proto_names),
        unknown_(unknown),
        obstacle_(obstacle),
        unresolved_any_(unresolved_any) {}

  bool Check(pb::Message* message, const std::string& path, int depth) {
    if (depth > kMaxDepth) return Fail(path, "nested too deep to show");
    NoteUnknownFields(message);
    const pb::Descriptor& type = *message->GetDescriptor();
    if (ImpersonatesWellKnownType(type)) {
      return Fail(path, "a " + type.full_name() +
                            " that is not protobuf's own (the schema "
                            "defines one of that name) has no JSON form: "
                            "protobuf's printer takes it for the real one");
    }
    if (IsWellKnownType(type, "google.protobuf.Duration")) {
      return CheckDuration(*message, path);
    }
    if (IsWellKnownType(type, "google.protobuf.Timestamp")) {
      return CheckTimestamp(*message, path);
    }
    if (IsWellKnownType(type, "google.protobuf.Value") &&
        !CheckValue(*message, path)) {
      return false;
    }
    if (IsWellKnownType(type, "google.protobuf.Any")) {
      return CheckAny(message, path, depth);
    }
    if (IsWellKnownType(type, "google.protobuf.FieldMask")) {
      return CheckFieldMask(*message, path);
    }
    return CheckFields(message, path, depth);
  }

 private:
  bool Fail(const std::string& path, const std::string& what) {
    obstacle_->path = path;
    obstacle_->what = what;
    return false;
  }

  bool CheckFields(pb::Message* message, const std::string& path, int depth) {
    const pb::Reflection& reflection = *message->GetReflection();
    std::vector<const pb::FieldDescriptor*> fields;
    reflection.ListFields(*message, &fields);
    for (const pb::FieldDescriptor* field : fields) {
      std::string field_path = FieldPath(*message, *field, path);
      // protobuf 3.21's JSON printer leaves these out without a word.
      if (field->is_extension() ||
          field->type() == pb::FieldDescriptor::TYPE_GROUP) {
        Note(std::to_string(field->number()) + " (" +
             (field->is_extension()
                  ? "[" + field->full_name() + "], an extension"
                  : field->name() + ", a proto2 group") +
             ") in " + message->GetDescriptor()->full_name());
        reflection.ClearField(message, field);
        continue;
      }
      if (!StringsAreUtf8(*message, *field, field_path)) return false;
      if (!NullValuesAreNull(*message, *field, field_path)) return false;
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
      if (!field->is_repeated()) {
        if (!Check(reflection.MutableMessage(message, field), field_path,
                   depth + 1)) {
          return false;
        }
        continue;
      }
      for (int i = 0; i < reflection.FieldSize(*message, field); ++i) {
        pb::Message* element =
            reflection.MutableRepeatedMessage(message, field, i);
        if (field->is_map()) {
          if (!CheckMapEntry(element, field_path, depth)) return false;
        } else if (!Check(element, field_path + "[" + std::to_string(i) + "]",
                          depth + 1)) {
          return false;
        }
      }
    }
    return true;
  }

  // An entry's value is what JSON shows under its key, as a member of an
  // object; what else the entry holds (unknown fields) JSON cannot show.
  bool CheckMapEntry(pb::Message* entry, const std::string& map_path,
                     int depth) {
    NoteUnknownFields(entry);
    const pb::Descriptor& type = *entry->GetDescriptor();
    const pb::FieldDescriptor& key = *type.FindFieldByNumber(1);
    const pb::FieldDescriptor& value = *type.FindFieldByNumber(2);
    if (!StringsAreUtf8(*entry, key, map_path, "map key")) return false;
    std::string value_path = map_path + "." + MapEntryKey(*entry);
    if (!StringsAreUtf8(*entry, value, value_path)) return false;
    if (value.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) return true;
    return Check(entry->GetReflection()->MutableMessage(entry, &value),
                 value_path, depth + 2);
  }

  // A proto2 string may hold any bytes (proto3's are checked as they are
  // parsed); JSON's must be UTF-8, and protobuf printed others as "".
  bool StringsAreUtf8(const pb::Message& message,
                      const pb::FieldDescriptor& field, const std::string& path,
                      const char* noun = "string") {
    if (field.type() != pb::FieldDescriptor::TYPE_STRING) return true;
    const pb::Reflection& reflection = *message.GetReflection();
    int count = field.is_repeated() ? reflection.FieldSize(message, &field) : 1;
    for (int i = 0; i < count; ++i) {
      std::string scratch;
      const std::string& text =
          field.is_repeated()
              ? reflection.GetRepeatedStringReference(message, &field, i,
                                                      &scratch)
              : reflection.GetStringReference(message, &field, &scratch);
      if (!IsValidUtf8(text)) {
        return Fail(path, std::string("a ") + noun +
                              " that is not UTF-8 (proto2 lets a string hold "
                              "any bytes) has no JSON form");
      }
    }
    return true;
  }

  // A google.protobuf.NullValue is open, so it may hold any number; JSON
  // writes it null whatever it holds, as if it held 0.
  bool NullValuesAreNull(const pb::Message& message,
                         const pb::FieldDescriptor& field,
                         const std::string& path) {
    if (field.enum_type() == nullptr ||
        field.enum_type()->full_name() != "google.protobuf.NullValue") {
      return true;
    }
    const pb::Reflection& reflection = *message.GetReflection();
    int count = field.is_repeated() ? reflection.FieldSize(message, &field) : 1;
    for (int i = 0; i < count; ++i) {
      int value = field.is_repeated()
                      ? reflection.GetRepeatedEnumValue(message, &field, i)
                      : reflection.GetEnumValue(message, &field);
      if (value != 0) {
        return Fail(path, "a google.protobuf.NullValue of " +
                              std::to_string(value) +
                              " has no JSON form (JSON writes null, which is "
                              "0)");
      }
    }
    return true;
  }

  // How JSON shows the way to a field: Struct's map, ListValue's list and
  // Value's kinds have no names of their own there.
  std::string FieldPath(const pb::Message& message,
                        const pb::FieldDescriptor& field,
                        const std::string& path) const {
    const std::string& holder = message.GetDescriptor()->full_name();
    if (holder == "google.protobuf.Struct" ||
        holder == "google.protobuf.ListValue" ||
        holder == "google.protobuf.Value") {
      return path;
    }
    const std::string& name = proto_names_ ? field.name() : field.json_name();
    return path.empty() ? name : path + "." + name;
  }

  // Lists the fields of `message` the schema does not know (or a known
  // field in a wire type or with a value it does not take), then drops
  // them: JSON cannot show them, and protobuf's printer fails a wrapper
  // that holds one.
  void NoteUnknownFields(pb::Message* message) {
    const pb::Reflection& reflection = *message->GetReflection();
    const pb::UnknownFieldSet& fields = reflection.GetUnknownFields(*message);
    for (int i = 0; i < fields.field_count(); ++i) {
      int number = fields.field(i).number();
      const pb::FieldDescriptor* known =
          message->GetDescriptor()->FindFieldByNumber(number);
      Note(std::to_string(number) +
           (known == nullptr ? ""
                             : " (" + known->name() +
                                   ", with a value or wire type the schema "
                                   "does not take)") +
           " in " + message->GetDescriptor()->full_name());
    }
    if (fields.field_count() > 0) {
      reflection.MutableUnknownFields(message)->Clear();
    }
  }

  void Note(std::string item) {
    if (std::find(unknown_->begin(), unknown_->end(), item) ==
        unknown_->end()) {
      unknown_->push_back(std::move(item));
    }
  }

  static int64_t Int64(const pb::Message& message, int number) {
    return message.GetReflection()->GetInt64(
        message, message.GetDescriptor()->FindFieldByNumber(number));
  }
  static int32_t Int32(const pb::Message& message, int number) {
    return message.GetReflection()->GetInt32(
        message, message.GetDescriptor()->FindFieldByNumber(number));
  }

  bool CheckDuration(const pb::Message& duration, const std::string& path) {
    int64_t seconds = Int64(duration, 1);
    int32_t nanos = Int32(duration, 2);
    std::string what = "a google.protobuf.Duration of " +
                       std::to_string(seconds) + " s and " +
                       std::to_string(nanos) + " ns";
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return Fail(path, what +
                            " is not valid: its seconds and nanos have "
                            "different signs");
    }
    if (seconds > kMaxDurationSeconds || seconds < -kMaxDurationSeconds ||
        nanos > kMaxNanos || nanos < -kMaxNanos) {
      return Fail(path, what +
                            " is out of its range (10000 years either "
                            "way, nanos below 1e9)");
    }
    return true;
  }

  bool CheckTimestamp(const pb::Message& timestamp, const std::string& path) {
    int64_t seconds = Int64(timestamp, 1);
    int32_t nanos = Int32(timestamp, 2);
    if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds ||
        nanos < 0 || nanos > kMaxNanos) {
      return Fail(path, "a google.protobuf.Timestamp of " +
                            std::to_string(seconds) + " s and " +
                            std::to_string(nanos) +
                            " ns is out of its range (years 0001 to 9999, "
                            "nanos from 0 to 999999999)");
    }
    return true;
  }

  bool CheckValue(const pb::Message& value, const std::string& path) {
    const pb::Descriptor& type = *value.GetDescriptor();
    const pb::Reflection& reflection = *value.GetReflection();
    if (!reflection.HasOneof(value, type.oneof_decl(0))) {
      return Fail(path,
                  "a google.protobuf.Value with no kind set has no JSON form");
    }
    const pb::FieldDescriptor* number = type.FindFieldByName("number_value");
    if (reflection.HasField(value, number) &&
        !std::isfinite(reflection.GetDouble(value, number))) {
      return Fail(path,
                  "a google.protobuf.Value number that is NaN or infinite "
                  "has no JSON form");
    }
    return true;
  }

  // JSON writes a FieldMask as its paths joined by ',', each lower_snake
  // name in lowerCamelCase: a path that is not such a name would read back
  // as another ("fooBar" as foo_bar), or as two ("a,b").
  bool CheckFieldMask(const pb::Message& mask, const std::string& path) {
    const pb::Reflection& reflection = *mask.GetReflection();
    const pb::FieldDescriptor* paths =
        mask.GetDescriptor()->FindFieldByNumber(1);
    for (int i = 0; i < reflection.FieldSize(mask, paths); ++i) {
      std::string one = reflection.GetRepeatedString(mask, paths, i);
      if (!IsSnakeCasePath(one)) {
        return Fail(path, "the google.protobuf.FieldMask path \"" + one +
                              "\" has no JSON form that reads back as it "
                              "(JSON writes lower_snake_case names in "
                              "lowerCamelCase)");
      }
    }
    return true;
  }

  // Names of lowercase letters, digits and underscores, each underscore
  // before a letter, joined by '.'.
  static bool IsSnakeCasePath(const std::string& path) {
    if (path.empty()) return false;
    size_t start = 0;
    for (;;) {
      size_t end = path.find('.', start);
      std::string name = path.substr(start, end - start);
      if (name.empty() || name[0] == '_') return false;
      for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool lower = c >= 'a' && c <= 'z';
        bool digit = c >= '0' && c <= '9';
        if (c == '_') {
          if (i + 1 == name.size() || name[i + 1] < 'a' || name[i + 1] > 'z') {
            return false;
          }
        } else if (!lower && !digit) {
          return false;
        }
      }
      if (end == std::string::npos) return true;
      start = end + 1;
    }
  }

  bool CheckAny(pb::Message* any, const std::string& path, int depth) {
    const pb::Reflection& reflection = *any->GetReflection();
    const pb::FieldDescriptor* url_field =
        any->GetDescriptor()->FindFieldByNumber(1);
    const pb::FieldDescriptor* value_field =
        any->GetDescriptor()->FindFieldByNumber(2);
    std::string url = reflection.GetString(*any, url_field);
    std::string name = TypeNameOfUrl(url);
    const pb::Descriptor* type = pool_.FindMessageTypeByName(name);
    // An Any of a type nobody knows prints its bytes, elsewhere.
    if (type == nullptr) {
      if (!url.empty()) *unresolved_any_ = true;
      return true;
    }
    std::unique_ptr<pb::Message> held(factory_->GetPrototype(type)->New());
    if (!held->ParsePartialFromString(
            reflection.GetString(*any, value_field))) {
      return Fail(path,
                  "the google.protobuf.Any holds bytes that are not a "
                  "valid " +
                      name +
                      " in protobuf wire format, or a string in it is "
                      "not UTF-8");
    }
    DropReplacedMapEntries(held.get());
    if (!Check(held.get(), path, depth + 1)) return false;
    reflection.SetString(any, value_field, SerializeWithSortedMaps(*held));
    return true;
  }

  const pb::DescriptorPool& pool_;
  pb::DynamicMessageFactory* factory_;
  bool proto_names_;
  std::vector<std::string>* unknown_;
  JsonObstacle* obstacle_;
  bool* unresolved_any_;
};

}  // namespace

bool ReadyForJson(const pb::DescriptorPool& pool,
                  pb::DynamicMessageFactory* factory, bool proto_names,
                  pb::Message* message, std::vector<std::string>* unknown,
                  JsonObstacle* obstacle, bool* unresolved_any) {
  bool ignored = false;
  return Checker(pool, factory, proto_names, unknown, obstacle,
                 unresolved_any != nullptr ? unresolved_any : &ignored)
      .Check(message, "", 0);
}

std::string JsonObstacle::Said() const {
  return (path.empty() ? std::string("the message")
                       : "field \"" + path + "\"") +
         ": " + what;
}

}  // namespace rpccli
