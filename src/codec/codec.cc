#include "codec/codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "base/text.h"
#include "base/utf8.h"
#include "codec/any_nesting.h"
#include "codec/descriptor_names.h"
#include "codec/json_floats.h"
#include "codec/json_locate.h"
#include "codec/json_names.h"
#include "codec/json_nulls.h"
#include "codec/json_parse_error.h"
#include "codec/json_pretty.h"
#include "codec/json_showable.h"
#include "codec/json_strict.h"
#include "codec/shortest_float.h"
#include "codec/text_checks.h"
#include "codec/type_url.h"
#include "codec/utf8_fields.h"
#include "codec/well_known_types.h"
#include "codec/wire_canonical.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

std::string TypeUrl(const pb::Descriptor& type) {
  return std::string(kTypeUrlPrefix) + "/" + type.full_name();
}

// The proto2 required fields `message` lacks, at any depth, as
// `"a", "b.c"`, and how many. With `json`, the text `message` was read
// from, each as written there (`m["k"].a`, not protobuf's `m[1].value.a`),
// and `where` the place of the first one's message.
std::string MissingRequiredFields(const pb::Message& message, size_t* count,
                                  const std::string* json = nullptr,
                                  JsonLocation* where = nullptr) {
  std::vector<std::string> missing;
  message.FindInitializationErrors(&missing);
  std::string names;
  for (const std::string& name : missing) {
    std::string shown = name;
    size_t dot = name.rfind('.');
    JsonLocation parent;
    if (json != nullptr && dot != std::string::npos &&
        LocateField(*json, name.substr(0, dot), &parent)) {
      shown = parent.path + name.substr(dot);
      if (where != nullptr && names.empty()) *where = parent;
    }
    names += (names.empty() ? "\"" : ", \"") + shown + "\"";
  }
  *count = missing.size();
  return names;
}

// Why protobuf could not parse `binary`: it stops at messages nested 100
// deep, which are well formed all the same.
std::string NotParsed(pb::DynamicMessageFactory* factory,
                      const pb::Descriptor& type, const std::string& binary) {
  std::unique_ptr<pb::Message> message(factory->GetPrototype(&type)->New());
  if (message->ParsePartialFromString(binary)) {
    size_t count = 0;
    std::string names = MissingRequiredFields(*message, &count);
    return "it lacks required field" +
           std::string(count == 1 ? " " : "s ") + names +
           ", which protobuf's parsers refuse; --format text shows it";
  }
  message->Clear();
  pb::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(binary.data()),
      static_cast<int>(binary.size()));
  input.SetRecursionLimit(1000);
  if (message->MergePartialFromCodedStream(&input) &&
      input.ConsumedEntireMessage()) {
    return "it nests messages more than 100 levels deep, past what protobuf "
           "parses";
  }
  return "not a valid " + type.full_name() +
         " in protobuf wire format, or a string in it is not UTF-8";
}

// Whether a google.protobuf.Any in `message`, at any depth, has fields the
// schema does not know.
bool AnyHoldsUnknownFields(const pb::Message& message) {
  const pb::Reflection& reflection = *message.GetReflection();
  if (message.GetDescriptor()->full_name() == "google.protobuf.Any" &&
      reflection.GetUnknownFields(message).field_count() > 0) {
    return true;
  }
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (AnyHoldsUnknownFields(reflection.GetMessage(message, field))) {
        return true;
      }
      continue;
    }
    for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
      if (AnyHoldsUnknownFields(
              reflection.GetRepeatedMessage(message, field, i))) {
        return true;
      }
    }
  }
  return false;
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
      pb::util::Status status =
          lookup(std::string(kTypeUrlPrefix) + "/" + TypeNameOfUrl(type_url),
                 &resolved);
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

std::unique_ptr<pb::util::TypeResolver> ResolverFor(
    const pb::DescriptorPool* pool) {
  return std::make_unique<CachingTypeResolver>(
      std::unique_ptr<pb::util::TypeResolver>(
          pb::util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix, pool)));
}

}  // namespace

Codec::Codec(const pb::DescriptorPool* pool, const FormatOptions& options)
    : pool_(pool),
      resolver_(ResolverFor(pool)),
      group_view_(pool),
      view_resolver_(ResolverFor(group_view_.pool())),
      factory_(pool),
      wire_to_json_(options.proto_names),
      options_(options) {}

Codec::~Codec() = default;

bool Codec::ToCompactJson(const pb::Descriptor& type, const std::string& binary,
                          std::string* json, std::string* err) const {
  pb::util::JsonPrintOptions print_options;
  print_options.always_print_primitive_fields = options_.emit_defaults;
  bool proto_names = ProtoNamesFor(type);
  print_options.preserve_proto_field_names = proto_names;
  pb::util::Status status = pb::util::BinaryToJsonString(
      ResolverOf(type), TypeUrl(type), binary, json, print_options);
  if (!status.ok()) {
    *err = std::string(status.message());
    return false;
  }
  *json = ShortenFloats(type, *json, proto_names);
  return true;
}

bool Codec::FromJson(const pb::Descriptor& type, const std::string& json,
                     std::string* binary, std::string* why) const {
  pb::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = options_.allow_unknown_fields;
  binary->clear();
  pb::util::Status status = pb::util::JsonToBinaryString(
      ResolverOf(type), TypeUrl(type), json, binary, parse_options);
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
  // protobuf's printers open each Any they know, without a limit.
  if (HoldsAny(type)) {
    std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
    if (message->ParsePartialFromString(binary) &&
        AnysNestTooDeep(*message, &factory_)) {
      *err = "it holds google.protobuf.Any values nested more than " +
             std::to_string(kMaxAnyNesting) + " deep, past what rpccli shows";
      return false;
    }
  }
  return options_.format == MessageFormat::kText
             ? AppendText(type, binary, out, err)
             : AppendJson(type, binary, out, err);
}

bool Codec::HoldsAny(const pb::Descriptor& type) const {
  std::lock_guard<std::mutex> lock(has_required_mutex_);
  auto known = holds_any_.find(&type);
  if (known != holds_any_.end()) return known->second;
  auto is_any = [](const pb::Descriptor& message) {
    return message.full_name() == "google.protobuf.Any";
  };
  bool holds = is_any(type) ||
               AnyFieldWithin(type, [&is_any](const pb::FieldDescriptor& field) {
                 return field.message_type() != nullptr &&
                        is_any(*field.message_type());
               });
  holds_any_[&type] = holds;
  return holds;
}

bool Codec::HasRequiredFields(const pb::Descriptor& type) const {
  std::lock_guard<std::mutex> lock(has_required_mutex_);
  auto known = has_required_.find(&type);
  if (known != has_required_.end()) return known->second;
  bool has = AnyFieldWithin(type, [](const pb::FieldDescriptor& field) {
    return field.is_required();
  });
  has_required_[&type] = has;
  return has;
}

bool Codec::FaultInAny(const std::string& json,
                       const std::vector<AnyInJson>& anys,
                       ParseError* err) const {
  for (const AnyInJson& any : anys) {
    // The Any's text where it is, its "@type" blanked, so that positions
    // within it are positions in `json` too.
    // A space for each character, so that lines and columns stay.
    auto blanked = [&json](size_t from, size_t to) {
      std::string spaces;
      for (size_t i = from; i < to; ++i) {
        unsigned char c = static_cast<unsigned char>(json[i]);
        if ((c & 0xC0) != 0x80) spaces += c == '\n' ? '\n' : ' ';
      }
      return spaces;
    };
    std::string held = blanked(0, any.begin);
    if (any.blank_end > any.blank_begin) {
      held += json.substr(any.begin, any.blank_begin - any.begin) +
              blanked(any.blank_begin, any.blank_end) +
              json.substr(any.blank_end, any.end - any.blank_end);
    } else {
      held += json.substr(any.begin, any.end - any.begin);
    }
    std::string bytes;
    ParseError inner;
    // Checked here, as nothing looks into an Any's bytes later.
    if (ParseJsonLeniently(*any.type, held, &bytes, &inner) &&
        RequiredFieldsSet(*any.type, bytes, &inner)) {
      continue;
    }
    // An Any's value is no stream of messages.
    size_t hint = inner.what.rfind(kSeveralMessagesHint);
    if (hint != std::string::npos &&
        hint + std::strlen(kSeveralMessagesHint) == inner.what.size()) {
      inner.what.erase(hint);
    }
    // Named from the request's top: `field "n"` is the Any's `item.n`.
    const std::string field = "field \"";
    size_t named = inner.what.find(field);
    if (named == std::string::npos) {
      inner.what = "field \"" + any.path + "\": " + inner.what;
    } else {
      size_t path_at = named + field.size();
      bool whole = inner.what.compare(path_at, 1, "\"") == 0;  // `field ""`
      inner.what.insert(path_at, whole ? any.path : any.path + ".");
    }
    if (inner.line == 0) {
      TextPosition(json, json.data() + any.begin, &inner.line, &inner.column);
    }
    *err = inner;
    return true;
  }
  return false;
}

bool Codec::HoldsCheckedTypes(const pb::Descriptor& type) const {
  auto known = holds_checked_types_.find(&type);
  if (known != holds_checked_types_.end()) return known->second;
  bool holds = IsCheckedForJson(type) ||
               AnyFieldWithin(type, [](const pb::FieldDescriptor& field) {
                 return field.message_type() != nullptr &&
                        IsCheckedForJson(*field.message_type());
               });
  holds_checked_types_[&type] = holds;
  return holds;
}

bool Codec::EmptyMessage(const pb::Descriptor& type, std::string* binary,
                         std::string* err) const {
  binary->clear();
  ParseError missing;
  if (RequiredFieldsSet(type, *binary, &missing)) return true;
  *err =
      "no request was given, and the empty message it stands for "
      "cannot be sent: " +
      missing.what;
  return false;
}

bool Codec::RequiredFieldsSet(const pb::Descriptor& type,
                              const std::string& binary, ParseError* err,
                              const std::string* json) const {
  if (!HasRequiredFields(type)) return true;
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  if (!message->ParsePartialFromString(binary) || message->IsInitialized()) {
    return true;
  }
  size_t count = 0;
  JsonLocation where;
  std::string names = MissingRequiredFields(*message, &count, json, &where);
  if (where.line > 0) {
    err->line = where.line;
    err->column = where.column;
  }
  err->what = (count == 1 ? "required field " : "required fields ") + names +
              " of " + type.full_name() +
              (count == 1 ? " is missing" : " are missing") +
              " (required fields must be set)";
  return false;
}

pb::util::TypeResolver* Codec::ResolverOf(const pb::Descriptor& type) const {
  return group_view_.Holds(type) ? view_resolver_.get() : resolver_.get();
}

bool Codec::ParseJson(const pb::Descriptor& type, const std::string& json,
                      std::string* binary, ParseError* err) const {
  const pb::Descriptor* view = group_view_.Of(type);
  if (view != nullptr && view != &type) {
    std::string length_prefixed;
    return ParseJson(*view, json, &length_prefixed, err) &&
           RewriteGroups(type, length_prefixed, /*to_groups=*/true, binary);
  }
  return ParseJsonLeniently(type, json, binary, err) &&
         RequiredFieldsSet(type, *binary, err, &json);
}

bool Codec::ParseJsonLeniently(const pb::Descriptor& type,
                               const std::string& json, std::string* binary,
                               ParseError* err) const {
  if (json_to_wire_.Convert(type, json, binary)) return true;
  // The fast path declines what it does not take as it is; what protobuf
  // would take but should not, is refused here, pointing at the fault.
  JsonStrictFindings found;
  if (!CheckJsonStrictly(type, json, &err->what, &err->line, &err->column,
                         &found)) {
    return false;
  }
  // Positions in errors are found in `json`, as written.
  const std::string as_read =
      WithNegativeZerosAsDoubles(json, found.negative_zeros);
  std::string why;
  bool parsed = FromJson(type, as_read, binary, &why);
  // An Any as rpccli prints one whose type it does not know, read back;
  // and an Any holding a ListValue, which protobuf's parser refuses.
  if (!parsed &&
      (json.find("\"@value\"") != std::string::npos ||
       json.find("google.protobuf.ListValue") != std::string::npos) &&
      ParseJsonWithUnknownAny(type, as_read, binary)) {
    return true;
  }
  if (!parsed && FaultInAny(json, found.anys, err)) return false;
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
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  // protobuf 3.21 writes some JSON as wire bytes that do not parse: a
  // proto2 group without its end, and (skipping unknown fields) an object
  // or array given for a map's single value as a truncated entry (found by
  // fuzzing). The server would fail the call without saying why.
  if (!message->ParsePartialFromString(*binary)) {
    bool holds_groups =
        AnyFieldWithin(type, [](const pb::FieldDescriptor& field) {
          return field.type() == pb::FieldDescriptor::TYPE_GROUP;
        });
    err->what =
        holds_groups
            ? "protobuf 3.21 cannot write proto2 groups from JSON (it leaves "
              "out their end); give this message in text format (--format "
              "text)"
            : "a map value is an object or array where a single value "
              "belongs";
    return false;
  }
  // protobuf takes a Timestamp or Duration out of its range when an offset
  // or an object ({"seconds": 1, "nanos": -1}) puts it there.
  std::vector<std::string> unknown;
  JsonObstacle obstacle;
  if (HoldsCheckedTypes(type) &&
      !ReadyForJson(*pool_, &factory_, options_.proto_names, message.get(),
                    &unknown, &obstacle)) {
    err->what = obstacle.Said();
    JsonLocation where;
    if (LocateField(json, obstacle.path, &where)) {
      err->what = "field \"" + where.path + "\": " + obstacle.what;
      err->line = where.line;
      err->column = where.column;
    }
    return false;
  }
  return true;
}

bool Codec::ParseText(const pb::Descriptor& type, const std::string& text,
                      std::string* binary, ParseError* err) const {
  const pb::Descriptor* view = text_view_.Of(type);
  if (view != nullptr && view != &type) {
    std::string length_prefixed;
    return ParseTextAs(*view, text_view_.factory(), text, &length_prefixed,
                       err) &&
           RewriteGroups(type, length_prefixed, /*to_groups=*/true, binary,
                         /*group_like_too=*/false);
  }
  return ParseTextAs(type, &factory_, text, binary, err);
}

bool Codec::ParseTextAs(const pb::Descriptor& type,
                        pb::DynamicMessageFactory* factory,
                        const std::string& text, std::string* binary,
                        ParseError* err) const {
  std::unique_ptr<pb::Message> message(factory->GetPrototype(&type)->New());
  FirstTextError errors;
  pb::TextFormat::Parser parser;
  AnyTypeByName finder;
  parser.SetFinder(&finder);
  parser.RecordErrorsTo(&errors);
  parser.AllowUnknownField(options_.allow_unknown_fields);
  // As deep as protobuf parses wire bytes: deeper, no server could read it.
  parser.SetRecursionLimit(100);
  pb::TextFormat::ParseInfoTree where;
  parser.WriteLocationsTo(&where);
  if (!parser.ParseFromString(text, message.get())) {
    *err = errors.error();
    if (err->what.empty()) err->what = "not a valid " + type.full_name();
    if (err->line > 0) {
      // An unknown field is placed after its name: at the name instead.
      const std::string no_field = "has no field named \"";
      size_t named = err->what.find(no_field);
      std::string name;
      if (named != std::string::npos) {
        size_t from = named + no_field.size();
        name = err->what.substr(from, err->what.find('"', from) - from);
      }
      err->column = CharacterColumn(text, err->line, err->column, name);
    }
    // protobuf's grammar: `[host/pkg.Type]`, no path in the URL.
    if (err->what == "Expected \"]\", found \"/\".") {
      err->what +=
          " In text format [host/pkg.Message] is the value of a "
          "google.protobuf.Any field, and its URL has one '/', between the "
          "host and the type";
    }
    // JSON given to --format text fails at its first character.
    // (A '[' then a letter is an extension's or an Any's name.)
    size_t first = text.find_first_not_of(" \t\r\n");
    size_t second = text.find_first_not_of(" \t\r\n", first + 1);
    bool json_like =
        first != std::string::npos &&
        (text[first] == '{' ||
         (text[first] == '[' && second != std::string::npos &&
          !std::isalpha(static_cast<unsigned char>(text[second]))));
    if (json_like &&
        err->line == 1 + static_cast<int>(std::count(
                             text.begin(), text.begin() + first, '\n'))) {
      err->what +=
          "; this looks like JSON, which is read without --format text";
    }
    return false;
  }
  // First what was written wrong (an escape past \377 makes bad UTF-8).
  if (!CheckParsedText(*message, where, text, &err->what, &err->line,
                       &err->column)) {
    return false;
  }
  // The text parser takes any bytes in a string; a proto3 string must be
  // UTF-8, or the server fails the call without saying why.
  std::string invalid = FindInvalidUtf8(*message);
  if (!invalid.empty()) {
    err->what = "field \"" + invalid + "\": the text is not valid UTF-8";
    InvalidUtf8Place(*message, where, text, &err->line, &err->column);
    return false;
  }
  binary->clear();
  return message->SerializeToString(binary);
}

bool Codec::AppendText(const pb::Descriptor& type, const std::string& binary,
                       std::string* out, std::string* err) const {
  const pb::Descriptor* view = text_view_.Of(type);
  std::string length_prefixed;
  if (view != nullptr && view != &type &&
      RewriteGroups(type, binary, /*to_groups=*/false, &length_prefixed,
                    /*group_like_too=*/false)) {
    return AppendText(*view, length_prefixed, out, err);
  }
  // Text shows a message missing required fields as it is.
  std::unique_ptr<pb::Message> message =
      (text_view_.Holds(type) ? text_canonical_ : canonical_)
          .Parse(type, binary, /*partial=*/true);
  if (message == nullptr) {
    *err = NotParsed(&factory_, type, binary);
    return false;
  }
  std::string text;
  pb::TextFormat::Printer printer;
  printer.SetSingleLineMode(options_.compact);
  // A known Any prints as its message, `[type.googleapis.com/T] { ... }`,
  // as JSON output opens it too; not an Any with fields of its own beyond
  // the two, which that form would leave out.
  printer.SetExpandAny(!AnyHoldsUnknownFields(*message));
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

void Codec::NoteUnshownFields(const std::vector<std::string>& items) const {
  std::lock_guard<std::mutex> lock(unshown_mutex_);
  for (const std::string& item : items) {
    if (std::find(unshown_fields_.begin(), unshown_fields_.end(), item) ==
        unshown_fields_.end()) {
      unshown_fields_.push_back(item);
    }
  }
}

bool Codec::ProtoNamesFor(const pb::Descriptor& type) const {
  if (options_.proto_names) return true;
  std::lock_guard<std::mutex> lock(unshown_mutex_);
  auto found = name_clashes_.find(&type);
  if (found == name_clashes_.end()) {
    found = name_clashes_.emplace(&type, JsonNameClash(type)).first;
    if (!found->second.empty()) clashes_untold_.push_back(found->second);
  }
  return !found->second.empty();
}

std::string Codec::TakeNameClashes() const {
  std::lock_guard<std::mutex> lock(unshown_mutex_);
  std::string taken;
  for (const std::string& clash : clashes_untold_) {
    taken += (taken.empty() ? "" : "; ") + clash;
  }
  clashes_untold_.clear();
  return taken;
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
  // Bytes that are not wire format stay as they came, for the error below.
  const pb::Descriptor* view = group_view_.Of(type);
  std::string length_prefixed;
  if (view != nullptr && view != &type &&
      RewriteGroups(type, binary, /*to_groups=*/false, &length_prefixed)) {
    return AppendJson(*view, length_prefixed, out, err);
  }
  // A message lacking proto2 required fields is said to, as protobuf's
  // parser says it: the quick paths below do not look.
  bool quick = !options_.emit_defaults && !HasRequiredFields(type);
  bool proto_names = ProtoNamesFor(type);
  // The quick printer names fields one way for the whole run.
  if (quick && proto_names == options_.proto_names) {
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
  // --emit-defaults sets proto2 defaults before printing: a parse each.
  bool as_sent = quick && WireCanonicalizer::IsCanonical(type, binary);
  bool unresolved_any = false;
  if (!as_sent) {
    std::unique_ptr<pb::Message> message =
        (group_view_.Holds(type) ? view_canonical_ : canonical_)
            .Parse(type, binary);
    if (message == nullptr) {
      *err = NotParsed(&factory_, type, binary);
      return false;
    }
    std::vector<std::string> unknown;
    JsonObstacle obstacle;
    if (!ReadyForJson(*pool_, &factory_, proto_names, message.get(),
                      &unknown, &obstacle, &unresolved_any)) {
      *err = obstacle.Said() + "; --format text shows it as sent";
      return false;
    }
    NoteUnshownFields(unknown);
    if (options_.emit_defaults) SetExplicitDefaults(message.get());
    canonical = SerializeWithSortedMaps(*message);
  }
  const std::string& wire = as_sent ? binary : canonical;
  // An Any of a type nobody knows: protobuf's printer fails on it, or,
  // if it is empty, prints a bare "@type" as for a known type.
  if (unresolved_any && AppendJsonWithUnknownAny(type, wire, out, err)) {
    return true;
  }
  std::string compact;
  bool printed = ToCompactJson(type, wire, &compact, err);
  if (printed && options_.emit_defaults) {
    compact = AddNullMessageFields(type, compact, proto_names);
  }
  if (!printed && err->find("Message too deep") != std::string::npos) {
    *err =
        "it nests messages more than 64 levels deep, past what protobuf "
        "3.21's JSON printer shows; --format text shows it";
    return false;
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
