#include "serve/stub_match.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

// How much of a value a near miss quotes: the message must fit in a
// status a client takes.
constexpr size_t kLongestQuote = 60;

// A stub's request asking for a field's default value ("name": "") would
// match anything: canonical JSON leaves fields at their default out, on
// both sides. Such a field is kept in the stub as this mark, which
// matches only a request that leaves the field out too.
const Json& DefaultMark() {
  static const Json mark = Json::binary({});
  return mark;
}

const pb::FieldDescriptor* FieldNamed(const pb::Descriptor& type,
                                      const std::string& key) {
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (field->name() == key || field->json_name() == key) return field;
  }
  return nullptr;
}

// Types whose JSON object is a value of its own, not fields: Struct's
// keys are data.
bool IsWholeValue(const pb::Descriptor* type) {
  return type != nullptr && (type->full_name() == "google.protobuf.Struct" ||
                             type->full_name() == "google.protobuf.Value");
}

}  // namespace

std::string Quote(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= kLongestQuote) return text;
  size_t cut = kLongestQuote;
  // Not inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut) + "...";
}

void MarkDefaults(const pb::Descriptor& type, const Json& written,
                  Json* canonical) {
  if (!written.is_object() || !canonical->is_object()) return;
  for (const auto& [key, value] : written.items()) {
    const pb::FieldDescriptor* field = FieldNamed(type, key);
    if (field == nullptr) continue;  // an extension, an Any's "@type"
    const std::string* shown = nullptr;
    for (const std::string* name : {&field->json_name(), &field->name()}) {
      if (canonical->contains(*name)) shown = name;
    }
    if (shown == nullptr) {
      (*canonical)[field->json_name()] = DefaultMark();
    } else if (field->message_type() != nullptr && !field->is_repeated()) {
      MarkDefaults(*field->message_type(), value, &(*canonical)[*shown]);
    }
  }
}

bool Holds(const Json& actual, const Json& expected, bool exact,
           const pb::Descriptor* type, std::string* differs) {
  if (expected.is_binary()) {  // DefaultMark: the field left at its default
    *differs = "is " + Quote(actual) + ", not the default";
    return false;
  }
  if (!expected.is_object() || !actual.is_object() || IsWholeValue(type)) {
    if (actual == expected) return true;
    *differs = "is " + Quote(actual) + ", not " + Quote(expected);
    return false;
  }
  for (const auto& [key, value] : expected.items()) {
    auto found = actual.find(key);
    if (found == actual.end() && value.is_binary()) continue;
    if (found == actual.end()) {
      *differs = key + " is not set";
      return false;
    }
    const pb::FieldDescriptor* field =
        type == nullptr ? nullptr : FieldNamed(*type, key);
    // A map is a value, compared whole; a message, field by field (inside
    // an Any, whose fields are its type's, JSON objects are compared so).
    bool whole = field != nullptr && field->is_map();
    const pb::Descriptor* inner = field == nullptr || field->is_repeated()
                                      ? nullptr
                                      : field->message_type();
    bool held =
        whole ? *found == value : Holds(*found, value, exact, inner, differs);
    if (whole && !held) {
      *differs = "is " + Quote(*found) + ", not " + Quote(value);
    }
    if (!held) {
      // "name is ...", or "inner.name is ..." from a nested message.
      *differs = key + (differs->rfind("is ", 0) == 0 ? " " : ".") + *differs;
      return false;
    }
  }
  if (exact) {
    for (const auto& [key, value] : actual.items()) {
      if (expected.find(key) == expected.end()) {
        *differs = key + " is set (" + Quote(value) +
                   "), which an exact match does not allow";
        return false;
      }
    }
  }
  return true;
}

}  // namespace rpccli
