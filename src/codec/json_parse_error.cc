#include "codec/json_parse_error.h"

#include "base/edit_distance.h"
#include "base/text.h"
#include "codec/descriptor_names.h"
#include "codec/json_locate.h"
#include "codec/type_url.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// "TYPE_INT32" -> "int32"; "type.googleapis.com/demo.Color" -> "demo.Color".
std::string ReadableTypeName(const std::string& name) {
  if (StartsWith(name, "TYPE_")) {
    return Lowercase(name.substr(5));
  }
  return TypeNameOfUrl(name);
}

// protobuf names a nested field "(outer.path) name"; the user wrote
// outer.path.name.
std::string FieldPath(const std::string& located) {
  if (!StartsWith(located, "(")) return located;
  size_t close = located.find(')');
  if (close == std::string::npos) return located;
  std::string outer = located.substr(1, close - 1);
  std::string inner = Trim(located.substr(close + 1));
  return inner.empty() ? outer : outer + "." + inner;
}

// How a well-known type is written in JSON, for errors about one.
std::string WellKnownFormat(const std::string& type) {
  if (type == "google.protobuf.Timestamp") {
    return " (RFC 3339, such as \"2024-02-29T12:00:00Z\")";
  }
  if (type == "google.protobuf.Duration") {
    return " (seconds ending in s, such as \"1.5s\")";
  }
  if (type == "google.protobuf.FieldMask") {
    return " (field paths separated by commas, such as \"name,price\")";
  }
  return "";
}

// "; did you mean \"sku\"?" for an unknown field that is one or two
// edits from a field of the message it is in.
std::string NearestField(const pb::Descriptor& type, const std::string& path) {
  const pb::Descriptor* message = &type;
  std::string rest = path;
  for (size_t dot = rest.find('.'); dot != std::string::npos;
       dot = rest.find('.')) {
    std::string name = rest.substr(0, dot);
    const pb::FieldDescriptor* step = message->FindFieldByName(name);
    for (int i = 0; step == nullptr && i < message->field_count(); ++i) {
      if (message->field(i)->json_name() == name) step = message->field(i);
    }
    if (step == nullptr || step->message_type() == nullptr) return "";
    message = step->message_type();
    rest = rest.substr(dot + 1);
  }
  std::vector<std::string> names;
  for (int i = 0; i < message->field_count(); ++i) {
    names.push_back(message->field(i)->json_name());
    names.push_back(message->field(i)->name());
  }
  // A name that differs in case only (a proto2 group's key written as its
  // type, "G" for "g") before any nearer in edits.
  for (const std::string& name : names) {
    if (Lowercase(name) == Lowercase(rest)) {
      return "; did you mean \"" + name + "\"?";
    }
  }
  Nearest nearest = NearestTo(names, rest);
  // Two edits apart only with the same first letter: "txet" is "text",
  // "nope" is not "code".
  if (nearest.index == std::string::npos || nearest.distance > 2 ||
      (nearest.distance == 2 && names[nearest.index][0] != rest[0])) {
    return "";
  }
  return "; did you mean \"" + names[nearest.index] + "\"?";
}

// " (one of A, B, C)" if `type_name` is an enum of `pool`: an unknown
// name is easiest fixed with the names at hand. The first few of a long
// enum, and how many there are.
std::string EnumChoices(const pb::DescriptorPool& pool,
                        const std::string& type_name) {
  // A scalar's name ("int32") is no enum: asked of the pool, it would go
  // on to the server's reflection.
  if (type_name.find('.') == std::string::npos &&
      Lowercase(type_name) == type_name) {
    return "";
  }
  const pb::EnumDescriptor* e = pool.FindEnumTypeByName(type_name);
  if (e == nullptr || e->value_count() == 0) return "";
  return " (one of " + EnumValueNames(*e) + ")";
}

}  // namespace

const char kSeveralMessagesHint[] =
    ": several messages are written one after another (NDJSON, one per "
    "line)";

std::string ExplainParseError(const pb::Descriptor& type,
                              const std::string& message,
                              bool unknown_fields_allowed,
                              std::string_view json) {
  const std::string not_found = ": Cannot find field.";
  if (EndsWith(message, not_found)) {
    // A nested field comes as "(outer.inner) name".
    std::string field = message.substr(0, message.size() - not_found.size());
    size_t close = field.find(") ");
    if (StartsWith(field, "(") && close != std::string::npos) {
      field = field.substr(1, close - 1) + "." + field.substr(close + 2);
    }
    std::string text = "unknown field \"" + field + "\" in " + type.full_name();
    text += NearestField(type, field);
    if (!unknown_fields_allowed) text += " (--allow-unknown-fields skips it)";
    return text;
  }
  // "(outer): missing field inner": a proto2 required field, which
  // protobuf checks itself when a null sent the JSON down its own path.
  const std::string missing = ": missing field ";
  size_t missing_at = message.find(missing);
  if (missing_at != std::string::npos) {
    std::string path = message.substr(0, missing_at);
    if (StartsWith(path, "(") && EndsWith(path, ")")) {
      path = path.substr(1, path.size() - 2);
    }
    std::string name = message.substr(missing_at + missing.size());
    return "required field \"" + (path.empty() ? name : path + "." + name) +
           "\" of " + type.full_name() +
           " is missing (proto2 required fields must be set)";
  }
  // "(outer) inner: Proto field is not repeating, cannot start list."
  const std::string not_list =
      ": Proto field is not repeating, cannot start list.";
  if (EndsWith(message, not_list)) {
    return "field \"" +
           FieldPath(message.substr(0, message.size() - not_list.size())) +
           "\": expected a single value, found an array";
  }
  // "(outer): invalid value Starting an object on a scalar field for type
  // inner", where "type" is the field's name.
  const std::string object_on_scalar =
      "invalid value Starting an object on a scalar field for type ";
  size_t object_at = message.find(object_on_scalar);
  if (object_at != std::string::npos) {
    std::string outer = FieldPath(message.substr(0, message.find(": ")));
    std::string inner = message.substr(object_at + object_on_scalar.size());
    return "field \"" + (outer.empty() ? inner : outer + "." + inner) +
           "\": expected a single value, found an object";
  }
  if (EndsWith(message, ") : Proto fields must have a name.")) {
    return "field \"" + FieldPath(message.substr(0, message.find(" : "))) +
           "\": expected a single value, found an array";
  }
  // "(path): invalid value V for type T"
  const std::string invalid = "): invalid value ";
  const std::string for_type = " for type ";
  size_t invalid_at = message.find(invalid);
  size_t type_at = message.rfind(for_type);
  if (StartsWith(message, "(") && invalid_at != std::string::npos &&
      type_at != std::string::npos && type_at > invalid_at) {
    std::string path = message.substr(1, invalid_at - 1);
    size_t value_at = invalid_at + invalid.size();
    std::string value = message.substr(value_at, type_at - value_at);
    std::string expected =
        ReadableTypeName(message.substr(type_at + for_type.size()));
    // A well-known type's own complaint ("Field 'when', Invalid time
    // format: ...") becomes rpccli's sentence, with the value as written.
    if (StartsWith(value, "Field '")) {
      JsonLocation where;
      std::string written = LocateField(json, path, &where)
                                ? "\"" + where.value + "\""
                                : "the value";
      return "field \"" + path + "\": " + written + " is not a valid " +
             expected + WellKnownFormat(expected);
    }
    // A number as written, not as protobuf printed it back (1e-05).
    JsonLocation where;
    if (!StartsWith(value, "\"") && LocateField(json, path, &where)) {
      value = where.value;
    }
    return "field \"" + path + "\": " + value + " is not a valid " + expected +
           EnumChoices(*type.file()->pool(), expected);
  }
  // ": invalid value Field '', ... for type T": the whole text is a
  // well-known T that protobuf refused (an Any's value, read alone).
  if (StartsWith(message, ": invalid value Field '") &&
      type_at != std::string::npos) {
    std::string expected =
        ReadableTypeName(message.substr(type_at + for_type.size()));
    size_t first = json.find_first_not_of(" \t\r\n");
    size_t last = json.find_last_not_of(" \t\r\n");
    std::string written(
        first == std::string::npos ? "" : json.substr(first, last - first + 1));
    return written + " is not a valid " + expected + WellKnownFormat(expected);
  }
  // ": invalid value Cannot start root message with ListValue. for type
  // T": an Any's ListValue given as something else than a list.
  if (StartsWith(message, ": invalid value Cannot start root message") &&
      type_at != std::string::npos) {
    return "expected a JSON array for " +
           ReadableTypeName(message.substr(type_at + for_type.size()));
  }
  // "...oneof field 'choice' is already set. Cannot set 'code' for type oneof"
  const std::string oneof = "oneof field '";
  const std::string cannot_set = "' is already set. Cannot set '";
  size_t oneof_at = message.find(oneof);
  size_t cannot_at = message.find(cannot_set);
  if (oneof_at != std::string::npos && cannot_at != std::string::npos) {
    size_t name_at = oneof_at + oneof.size();
    size_t second_at = cannot_at + cannot_set.size();
    return "oneof \"" + message.substr(name_at, cannot_at - name_at) +
           "\" is already set; \"" +
           message.substr(second_at,
                          message.find('\'', second_at) - second_at) +
           "\" cannot be set too";
  }
  if (message == ": Root element must be a message.") {
    if (type.full_name() == "google.protobuf.ListValue") {
      return "expected a JSON array for " + type.full_name();
    }
    std::string expected = "expected a JSON object for " + type.full_name();
    size_t first = json.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && json[first] == '[') {
      expected += std::string(", not an array") + kSeveralMessagesHint;
    }
    return expected;
  }
  if (StartsWith(message, "Encountered non UTF-8 code points.")) {
    return "a string is not valid UTF-8";
  }
  // Some messages go on with an excerpt of the input and a caret under
  // it; the position is reported already, and errors are one line.
  return message.substr(0, message.find('\n'));
}

}  // namespace rpccli
