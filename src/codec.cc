#include "codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <map>
#include <memory>
#include <mutex>

#include "json_floats.h"
#include "json_locate.h"
#include "json_nulls.h"
#include "json_pretty.h"
#include "shortest_float.h"
#include "symbol.h"
#include "text.h"
#include "utf8.h"
#include "wire_canonical.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

std::string TypeUrl(const pb::Descriptor& type) {
  return std::string(kTypeUrlPrefix) + "/" + type.full_name();
}

// "TYPE_INT32" -> "int32"; "type.googleapis.com/demo.Color" -> "demo.Color".
std::string ReadableTypeName(const std::string& name) {
  if (StartsWith(name, "TYPE_")) {
    return Lowercase(name.substr(5));
  }
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
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

// Rewords protobuf's JSON parse errors, which are written for its own
// developers, in terms of what the user typed.
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
  Nearest nearest = NearestTo(names, rest);
  // Two edits apart only with the same first letter: "txet" is "text",
  // "nope" is not "code".
  if (nearest.index == std::string::npos || nearest.distance > 2 ||
      (nearest.distance == 2 && names[nearest.index][0] != rest[0])) {
    return "";
  }
  return "; did you mean \"" + names[nearest.index] + "\"?";
}

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
    return "field \"" + path + "\": " + value + " is not a valid " + expected;
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
    return "expected a JSON object for " + type.full_name();
  }
  if (StartsWith(message, "Encountered non UTF-8 code points.")) {
    return "a string is not valid UTF-8";
  }
  // Some messages go on with an excerpt of the input and a caret under
  // it; the position is reported already, and errors are one line.
  return message.substr(0, message.find('\n'));
}

std::string NotWireFormat(const pb::Descriptor& type) {
  return "not a valid " + type.full_name() +
         " in protobuf wire format, or a string in it is not UTF-8";
}

// Collects the first error the text-format parser reports, with its
// position (protobuf counts from 0).
class FirstTextError : public pb::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (!error_.what.empty()) return;
    error_.what = message;
    error_.line = line + 1;
    error_.column = column + 1;
  }
  const ParseError& error() const { return error_; }

 private:
  ParseError error_;
};

// protobuf's JSON conversion asks for every type it meets, in every
// message, and the pool's resolver builds each answer from the descriptor
// anew: a long stream paid for it per message. Answers are kept instead.
class CachingTypeResolver : public pb::util::TypeResolver {
 public:
  explicit CachingTypeResolver(std::unique_ptr<pb::util::TypeResolver> inner)
      : inner_(std::move(inner)) {}

  pb::util::Status ResolveMessageType(const std::string& type_url,
                                      pb::Type* type) override {
    return Resolve(type_url, type, &messages_,
                   [this](const std::string& url, pb::Type* out) {
                     return inner_->ResolveMessageType(url, out);
                   });
  }
  pb::util::Status ResolveEnumType(const std::string& type_url,
                                   pb::Enum* enum_type) override {
    return Resolve(type_url, enum_type, &enums_,
                   [this](const std::string& url, pb::Enum* out) {
                     return inner_->ResolveEnumType(url, out);
                   });
  }

 private:
  template <typename T, typename Lookup>
  pb::util::Status Resolve(const std::string& type_url, T* out,
                           std::map<std::string, T>* cache, Lookup lookup) {
    std::lock_guard<std::mutex> lock(mutex_);  // parsing and printing share it
    auto found = cache->find(type_url);
    if (found == cache->end()) {
      T resolved;
      // An Any's type URL may have any host and path before the type's
      // name (example.com/x/shop.v1.Review); the pool knows the name.
      size_t slash = type_url.rfind('/');
      std::string name =
          slash == std::string::npos ? type_url : type_url.substr(slash + 1);
      pb::util::Status status =
          lookup(std::string(kTypeUrlPrefix) + "/" + name, &resolved);
      if (!status.ok()) return status;  // not cached: the pool may grow
      found = cache->emplace(type_url, std::move(resolved)).first;
    }
    *out = found->second;
    return pb::util::Status();
  }

  std::unique_ptr<pb::util::TypeResolver> inner_;
  std::mutex mutex_;
  std::map<std::string, pb::Type> messages_;
  std::map<std::string, pb::Enum> enums_;
};

// The text format's Any, `[host/path/pkg.Type] { ... }`: protobuf takes
// only type.googleapis.com and type.googleprod.com, where the JSON side
// takes any URL by its last segment (CachingTypeResolver); so does this.
class AnyTypeByName : public pb::TextFormat::Finder {
 public:
  const pb::Descriptor* FindAnyType(const pb::Message& message,
                                    const std::string& /*prefix*/,
                                    const std::string& name) const override {
    return message.GetDescriptor()->file()->pool()->FindMessageTypeByName(name);
  }
};

// Floats and doubles with the fewest digits that read back, as rpccli
// prints them in JSON too; the rest as protobuf prints it.
class ShortestFloatPrinter : public pb::TextFormat::FastFieldValuePrinter {
 public:
  void PrintFloat(float value,
                  pb::TextFormat::BaseTextGenerator* out) const override {
    std::string text;
    AppendShortest(value, &text);
    out->PrintString(text);
  }
  void PrintDouble(double value,
                   pb::TextFormat::BaseTextGenerator* out) const override {
    std::string text;
    AppendShortest(value, &text);
    out->PrintString(text);
  }
};

// Map entries in key order (protobuf's deterministic serialization: numbers
// by value, strings bytewise, false before true), so that what rpccli
// prints is the same whatever order a server sent them in.
std::string SerializeWithSortedMaps(const pb::Message& message) {
  std::string bytes;
  {
    pb::io::StringOutputStream stream(&bytes);
    pb::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace

Codec::Codec(const pb::DescriptorPool* pool, const FormatOptions& options)
    : pool_(pool),
      resolver_(std::make_unique<CachingTypeResolver>(
          std::unique_ptr<pb::util::TypeResolver>(
              pb::util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix,
                                                         pool)))),
      factory_(pool),
      wire_to_json_(options.proto_names),
      options_(options) {}

Codec::~Codec() = default;

bool Codec::ToCompactJson(const pb::Descriptor& type, const std::string& binary,
                          std::string* json, std::string* err) const {
  pb::util::JsonPrintOptions print_options;
  print_options.always_print_primitive_fields = options_.emit_defaults;
  print_options.preserve_proto_field_names = options_.proto_names;
  pb::util::Status status = pb::util::BinaryToJsonString(
      resolver_.get(), TypeUrl(type), binary, json, print_options);
  if (!status.ok()) {
    *err = std::string(status.message());
    return false;
  }
  *json = ShortenFloats(type, *json, options_.proto_names);
  return true;
}

bool Codec::FromJson(const pb::Descriptor& type, const std::string& json,
                     std::string* binary, std::string* why) const {
  pb::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = options_.allow_unknown_fields;
  binary->clear();
  pb::util::Status status = pb::util::JsonToBinaryString(
      resolver_.get(), TypeUrl(type), json, binary, parse_options);
  if (!status.ok()) *why = std::string(status.message());
  return status.ok();
}

bool Codec::Parse(const pb::Descriptor& type, const std::string& text,
                  std::string* binary, ParseError* err) const {
  return options_.format == MessageFormat::kText
             ? ParseText(type, text, binary, err)
             : ParseJson(type, text, binary, err);
}

bool Codec::Append(const pb::Descriptor& type, const std::string& binary,
                   std::string* out, std::string* err) const {
  return options_.format == MessageFormat::kText
             ? AppendText(type, binary, out, err)
             : AppendJson(type, binary, out, err);
}

bool Codec::ParseJson(const pb::Descriptor& type, const std::string& json,
                      std::string* binary, ParseError* err) const {
  if (json_to_wire_.Convert(type, json, binary)) return true;
  std::string why;
  bool parsed = FromJson(type, json, binary, &why);
  // An Any as rpccli prints one whose type it does not know, read back.
  if (!parsed && json.find("\"@value\"") != std::string::npos &&
      ParseJsonWithUnknownAny(type, json, binary)) {
    return true;
  }
  if (!parsed) {
    err->what =
        ExplainParseError(type, why, options_.allow_unknown_fields, json);
    // Point at the field the error is about, not the message's start.
    const std::string field = "field \"";
    size_t named = err->what.find(field);
    if (named != std::string::npos) {
      size_t from = named + field.size();
      JsonLocation where;
      if (LocateField(json,
                      err->what.substr(from, err->what.find('"', from) - from),
                      &where)) {
        // An unknown field's key is what is wrong; else its value.
        bool unknown = StartsWith(err->what, "unknown field");
        err->line = unknown ? where.key_line : where.line;
        err->column = unknown ? where.key_column : where.column;
      }
    }
    return false;
  }
  // Skipping unknown fields, protobuf 3.21 takes an object or array given
  // for a map's single value and writes a truncated entry (found by
  // fuzzing); the server would fail the call without saying why.
  if (options_.allow_unknown_fields &&
      !std::unique_ptr<pb::Message>(factory_.GetPrototype(&type)->New())
           ->ParseFromString(*binary)) {
    err->what =
        "a map value is an object or array where a single value belongs";
    return false;
  }
  return true;
}

bool Codec::ParseText(const pb::Descriptor& type, const std::string& text,
                      std::string* binary, ParseError* err) const {
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  FirstTextError errors;
  pb::TextFormat::Parser parser;
  AnyTypeByName finder;
  parser.SetFinder(&finder);
  parser.RecordErrorsTo(&errors);
  parser.AllowUnknownField(options_.allow_unknown_fields);
  if (!parser.ParseFromString(text, message.get())) {
    *err = errors.error();
    if (err->what.empty()) err->what = "not a valid " + type.full_name();
    return false;
  }
  // The text parser takes any bytes in a string; a proto3 string must be
  // UTF-8, or the server fails the call without saying why.
  std::string invalid = FindInvalidUtf8(*message);
  if (!invalid.empty()) {
    err->what = "field \"" + invalid + "\": the text is not valid UTF-8";
    return false;
  }
  binary->clear();
  return message->SerializeToString(binary);
}

bool Codec::AppendText(const pb::Descriptor& type, const std::string& binary,
                       std::string* out, std::string* err) const {
  std::unique_ptr<pb::Message> message = canonical_.Parse(type, binary);
  if (message == nullptr) {
    *err = NotWireFormat(type);
    return false;
  }
  std::string text;
  pb::TextFormat::Printer printer;
  printer.SetSingleLineMode(options_.compact);
  // A known Any prints as its message, `[type.googleapis.com/T] { ... }`,
  // as JSON output opens it too.
  printer.SetExpandAny(true);
  AnyTypeByName finder;
  printer.SetFinder(&finder);
  printer.SetDefaultFieldValuePrinter(new ShortestFloatPrinter);  // owned
  printer.PrintToString(*message, &text);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  out->append(text);
  return true;
}

bool Codec::AppendJson(const pb::Descriptor& type, const std::string& binary,
                       std::string* out, std::string* err) const {
  if (!options_.emit_defaults) {
    if (options_.compact) {
      if (wire_to_json_.Append(type, binary, out)) return true;
    } else {
      std::string compact;
      if (wire_to_json_.Append(type, binary, &compact)) {
        AppendIndentedJson(compact, out);
        return true;
      }
    }
  }
  // Most responses come as protobuf writes them; the others are parsed,
  // so that each field prints once with the value the bytes mean.
  std::string canonical;
  bool as_sent = WireCanonicalizer::IsCanonical(type, binary);
  if (!as_sent) {
    std::unique_ptr<pb::Message> message = canonical_.Parse(type, binary);
    if (message == nullptr) {
      *err = NotWireFormat(type);
      return false;
    }
    canonical = SerializeWithSortedMaps(*message);
  }
  const std::string& wire = as_sent ? binary : canonical;
  std::string compact;
  bool printed = ToCompactJson(type, wire, &compact, err);
  if (printed && options_.emit_defaults) {
    compact = AddNullMessageFields(type, compact, options_.proto_names);
  }
  if (!printed) {
    // An Any holding a type nobody can resolve fails the whole message;
    // show the rest, and that Any's bytes, instead.
    std::string first_error = *err;
    if (!AppendJsonWithUnknownAny(type, wire, out, err)) {
      *err = first_error;
      return false;
    }
    return true;
  }
  if (options_.compact) {
    out->append(compact);
  } else {
    AppendIndentedJson(compact, out);
  }
  return true;
}

}  // namespace rpccli
