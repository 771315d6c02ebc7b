#include "codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "json_floats.h"
#include "json_locate.h"
#include "json_nulls.h"
#include "json_parse_error.h"
#include "json_pretty.h"
#include "json_strict.h"
#include "shortest_float.h"
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

bool Codec::HasRequiredFields(const pb::Descriptor& type) const {
  auto known = has_required_.find(&type);
  if (known != has_required_.end()) return known->second;
  has_required_[&type] = false;  // a type that holds itself is not asked again
  bool has = false;
  for (int i = 0; i < type.field_count() && !has; ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    has = field.is_required() || (field.message_type() != nullptr &&
                                  HasRequiredFields(*field.message_type()));
  }
  has_required_[&type] = has;
  return has;
}

bool Codec::RequiredFieldsSet(const pb::Descriptor& type,
                              const std::string& binary,
                              ParseError* err) const {
  if (!HasRequiredFields(type)) return true;
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  if (!message->ParsePartialFromString(binary) || message->IsInitialized()) {
    return true;
  }
  std::vector<std::string> missing;
  message->FindInitializationErrors(&missing);
  std::string names;
  for (size_t i = 0; i < missing.size(); ++i) {
    names += (i == 0 ? "\"" : ", \"") + missing[i] + "\"";
  }
  err->what = (missing.size() == 1 ? "required field " : "required fields ") +
              names + " of " + type.full_name() +
              (missing.size() == 1 ? " is missing" : " are missing") +
              " (proto2 required fields must be set)";
  return false;
}

bool Codec::ParseJson(const pb::Descriptor& type, const std::string& json,
                      std::string* binary, ParseError* err) const {
  return ParseJsonLeniently(type, json, binary, err) &&
         RequiredFieldsSet(type, *binary, err);
}

bool Codec::ParseJsonLeniently(const pb::Descriptor& type,
                               const std::string& json, std::string* binary,
                               ParseError* err) const {
  if (json_to_wire_.Convert(type, json, binary)) return true;
  // The fast path declines what it does not take as it is; what protobuf
  // would take but should not, is refused here, pointing at the fault.
  if (!CheckJsonStrictly(type, json, &err->what, &err->line, &err->column)) {
    return false;
  }
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
      size_t to = err->what.find('"', from);
      JsonLocation where;
      if (LocateField(json, err->what.substr(from, to - from), &where)) {
        // An unknown field's key is what is wrong; else its value.
        bool unknown = StartsWith(err->what, "unknown field");
        err->line = unknown ? where.key_line : where.line;
        err->column = unknown ? where.key_column : where.column;
        // Named as written: a map's entry by its key, not its number.
        if (!unknown) {
          std::string rest = err->what.substr(to + 1);
          if (where.is_key && StartsWith(rest, ": ")) {
            rest = ": key" + rest.substr(1);
          }
          err->what = err->what.substr(0, from) + where.path + "\"" + rest;
        }
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

namespace {

// "NUMBER in TYPE" for each field of `message`, at any depth, that its
// schema does not know, each once.
void ListUnknownFields(const pb::Message& message,
                       std::vector<std::string>* list) {
  const pb::Reflection& reflection = *message.GetReflection();
  const pb::UnknownFieldSet& unknown = reflection.GetUnknownFields(message);
  for (int i = 0; i < unknown.field_count(); ++i) {
    int number = unknown.field(i).number();
    const pb::FieldDescriptor* known =
        message.GetDescriptor()->FindFieldByNumber(number);
    // A field the schema has, sent with a wire type it does not have.
    std::string item =
        std::to_string(number) +
        (known == nullptr ? ""
                          : " (" + known->name() + ", in another wire type)") +
        " in " + message.GetDescriptor()->full_name();
    if (std::find(list->begin(), list->end(), item) == list->end()) {
      list->push_back(std::move(item));
    }
  }
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      ListUnknownFields(reflection.GetMessage(message, field), list);
      continue;
    }
    for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
      ListUnknownFields(reflection.GetRepeatedMessage(message, field, i), list);
    }
  }
}

}  // namespace

void Codec::NoteUnshownFields(const pb::Message& message) const {
  std::lock_guard<std::mutex> lock(unshown_mutex_);
  ListUnknownFields(message, &unshown_fields_);
}

std::string Codec::TakeUnshownFields() const {
  std::lock_guard<std::mutex> lock(unshown_mutex_);
  std::string taken;
  for (const std::string& item : unshown_fields_) {
    taken += (taken.empty() ? "" : ", ") + item;
  }
  unshown_fields_.clear();
  return taken;
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
  std::unique_ptr<pb::Message> message_for_notes;
  if (!as_sent) {
    message_for_notes = canonical_.Parse(type, binary);
    if (message_for_notes == nullptr) {
      *err = NotWireFormat(type);
      return false;
    }
    canonical = SerializeWithSortedMaps(*message_for_notes);
  }
  if (!as_sent) NoteUnshownFields(*message_for_notes);
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
