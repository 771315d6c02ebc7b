#include "schema/editions_source.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "codec/descriptor_names.h"
#include "schema/editions.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

struct Token {
  std::string text;
  pb::io::Tokenizer::TokenType type;
  int line;
  int column;
  int end_column;
};

// Lexing errors are the parser's to report, with its own words.
class Quiet : public pb::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

std::vector<Token> Tokens(const std::string& text) {
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  Quiet quiet;
  pb::io::Tokenizer tokenizer(&input, &quiet);
  std::vector<Token> tokens;
  while (tokenizer.Next()) {
    const pb::io::Tokenizer::Token& token = tokenizer.current();
    tokens.push_back(
        {token.text, token.type, token.line, token.column, token.end_column});
  }
  return tokens;
}

// The byte offset of a token's column on its line: the tokenizer counts a
// tab as up to the next multiple of 8.
size_t Offset(const std::string& text, int line, int column) {
  size_t at = 0;
  for (int i = 0; i < line; ++i) at = text.find('\n', at) + 1;
  for (int col = 0; col < column && at < text.size(); ++at) {
    col = text[at] == '\t' ? col + 8 - col % 8 : col + 1;
  }
  return at;
}

void Blank(std::string* text, const Token& token) {
  size_t from = Offset(*text, token.line, token.column);
  size_t to = Offset(*text, token.line, token.end_column);
  for (size_t i = from; i < to; ++i) (*text)[i] = ' ';
}

// FeatureSet's fields in protobuf 27's descriptor.proto, by name, with
// their values.
struct Feature {
  int number;
  std::map<std::string, int> values;
};
const std::map<std::string, Feature>& Features() {
  static const auto* features = new std::map<std::string, Feature>{
      {"field_presence",
       {1, {{"EXPLICIT", 1}, {"IMPLICIT", 2}, {"LEGACY_REQUIRED", 3}}}},
      {"enum_type", {2, {{"OPEN", 1}, {"CLOSED", 2}}}},
      {"repeated_field_encoding", {3, {{"PACKED", 1}, {"EXPANDED", 2}}}},
      {"utf8_validation", {4, {{"VERIFY", 2}, {"NONE", 3}}}},
      {"message_encoding", {5, {{"LENGTH_PREFIXED", 1}, {"DELIMITED", 2}}}},
      {"json_format", {6, {{"ALLOW", 1}, {"LEGACY_BEST_EFFORT", 2}}}},
      {"enforce_naming_style", {7, {{"STYLE2024", 1}, {"STYLE_LEGACY", 2}}}},
      {"default_symbol_visibility",
       {8,
        {{"EXPORT_ALL", 1},
         {"EXPORT_TOP_LEVEL", 2},
         {"LOCAL_ALL", 3},
         {"STRICT", 4}}}},
  };
  return *features;
}

class FeatureReader {
 public:
  explicit FeatureReader(std::string* err) : err_(err) {}

  // Moves the `features.*` options of `options` into its features at
  // `number`; false if one is not a feature rpccli knows.
  bool Read(pb::Message* options, const std::string& element) {
    pb::UnknownFieldSet features;
    bool known = true;
    DropUninterpretedOptions(
        options, [&](const pb::UninterpretedOption& option) {
          if (option.name_size() == 0 || option.name(0).is_extension() ||
              option.name(0).name_part() != "features") {
            return false;
          }
          // A language's features, features.(pb.cpp).x, say how its
          // generated code looks, nothing about the wire or JSON.
          if (option.name_size() > 1 && option.name(1).is_extension()) {
            return true;
          }
          known = known && Add(option, element, &features);
          return true;
        });
    if (!known) return false;
    if (features.field_count() > 0) {
      std::string bytes;
      features.SerializeToString(&bytes);
      options->GetReflection()
          ->MutableUnknownFields(options)
          ->AddLengthDelimited(FeaturesFieldOf(*options), bytes);
    }
    return true;
  }

 private:
  bool Add(const pb::UninterpretedOption& option, const std::string& element,
           pb::UnknownFieldSet* features) {
    std::string name = "features";
    for (int i = 1; i < option.name_size(); ++i) {
      name += "." + option.name(i).name_part();
    }
    auto feature = option.name_size() == 2
                       ? Features().find(option.name(1).name_part())
                       : Features().end();
    if (feature == Features().end()) {
      *err_ = element + ": option " + name +
              " is not a feature rpccli knows (it reads " + KnownNames() + ")";
      return false;
    }
    auto value = feature->second.values.find(option.identifier_value());
    if (value == feature->second.values.end()) {
      std::string valid;
      for (const auto& known : feature->second.values) {
        valid += (valid.empty() ? "" : ", ") + known.first;
      }
      *err_ = element + ": option " + name + " = " +
              (option.has_identifier_value() ? option.identifier_value()
                                             : "a value") +
              " is not one of its values (" + valid + ")";
      return false;
    }
    features->AddVarint(feature->second.number, value->second);
    return true;
  }

  static std::string KnownNames() {
    std::string names;
    for (const auto& feature : Features()) {
      names += (names.empty() ? "features." : ", features.") + feature.first;
    }
    return names;
  }

  std::string* err_;
};

constexpr int kEditionField = 14;

// What proto2 and proto3 wrote that an editions file may not, read by
// 3.21's parser all the same: "" if `field` has none.
std::string NotInEditions(const pb::FieldDescriptorProto& field,
                          const std::string& scope) {
  std::string element = "field " + Scoped(scope, field.name());
  if (field.proto3_optional()) {
    return element +
           ": editions files write no 'optional' label (presence is "
           "explicit unless features.field_presence says otherwise)";
  }
  if (field.label() == pb::FieldDescriptorProto::LABEL_REQUIRED) {
    return element +
           ": editions files write no 'required' label (write "
           "[features.field_presence = LEGACY_REQUIRED])";
  }
  if (field.type() == pb::FieldDescriptorProto::TYPE_GROUP) {
    return element +
           ": editions files have no groups (write a message field with "
           "[features.message_encoding = DELIMITED])";
  }
  return "";
}

// The parser leaves a named type's kind to the pool: lowering needs it
// now (an enum's openness, a delimited message).
void ResolveKind(const pb::FileDescriptorProto& file, const TypeKind& kind_of,
                 const std::string& scope, pb::FieldDescriptorProto* field) {
  if (field->has_type() || field->type_name().empty()) return;
  for (const std::string& candidate :
       Candidates(TypeUse{field->type_name(), scope})) {
    bool is_message = false;
    if (DefinesType(file, candidate, &is_message) ||
        (kind_of && kind_of(candidate, &is_message))) {
      field->set_type(is_message ? pb::FieldDescriptorProto::TYPE_MESSAGE
                                 : pb::FieldDescriptorProto::TYPE_ENUM);
      field->set_type_name("." + candidate);
      return;
    }
  }
  // Not found: the pool says the type is not defined.
}

bool ResolveKinds(const pb::FileDescriptorProto& file, const TypeKind& kind_of,
                  const std::string& scope, pb::DescriptorProto* message,
                  std::string* err) {
  std::string name = Scoped(scope, message->name());
  for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
    if (!ResolveKinds(file, kind_of, name, &nested, err)) return false;
  }
  for (auto* fields :
       {message->mutable_field(), message->mutable_extension()}) {
    for (pb::FieldDescriptorProto& field : *fields) {
      *err = NotInEditions(field, name);
      if (!err->empty()) return false;
      ResolveKind(file, kind_of, name, &field);
    }
  }
  return true;
}

bool FindType(const pb::DescriptorProto& message, const std::string& scope,
              const std::string& full_name, bool* is_message) {
  std::string name = Scoped(scope, message.name());
  if (name == full_name) {
    *is_message = true;
    return true;
  }
  if (full_name.compare(0, name.size() + 1, name + ".") != 0) return false;
  for (const pb::EnumDescriptorProto& e : message.enum_type()) {
    if (Scoped(name, e.name()) == full_name) {
      *is_message = false;
      return true;
    }
  }
  for (const pb::DescriptorProto& nested : message.nested_type()) {
    if (FindType(nested, name, full_name, is_message)) return true;
  }
  return false;
}

// The edition the statement starting `tokens` names, or "".
std::string EditionNamed(const std::vector<Token>& tokens) {
  if (tokens.size() < 4 || tokens[0].text != "edition" ||
      tokens[1].text != "=" ||
      tokens[2].type != pb::io::Tokenizer::TYPE_STRING ||
      tokens[3].text != ";") {
    return "";
  }
  std::string name;
  pb::io::Tokenizer::ParseString(tokens[2].text, &name);
  return name;
}

}  // namespace

bool EditionStatement(const std::string& text, std::string* name, int* line) {
  std::string unmarked = text;
  if (unmarked.compare(0, 3, "\xEF\xBB\xBF") == 0)
    unmarked.replace(0, 3, "   ");
  std::vector<Token> tokens = Tokens(unmarked);
  if (tokens.empty() || tokens[0].text != "edition") return false;
  *name = EditionNamed(tokens);
  *line = tokens[0].line;
  return true;
}

std::string ReadableByParser(std::string* text) {
  // A byte order mark, which the parser skips, would hide the statement.
  bool bom = text->compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) text->replace(0, 3, "   ");
  std::vector<Token> tokens = Tokens(*text);
  std::string name = EditionNamed(tokens);
  if (name != "2023" && name != "2024") {
    if (bom) text->replace(0, 3, "\xEF\xBB\xBF");
    return "";
  }
  for (size_t i = 4; i + 1 < tokens.size(); ++i) {
    const Token& token = tokens[i];
    const std::string& next = tokens[i + 1].text;
    if ((token.text == "export" || token.text == "local") &&
        (next == "message" || next == "enum")) {
      Blank(text, token);
    } else if (token.text == "import" && next == "option") {
      Blank(text, tokens[i + 1]);
    }
  }
  // `reserved a, b;` names fields as editions write them; 3.21's parser
  // takes them quoted. From the end, so that offsets before stay true.
  for (size_t i = tokens.size(); i-- > 4;) {
    if (tokens[i].text != "reserved") continue;
    size_t end = i + 1;
    bool numbers = false;
    while (end < tokens.size() && tokens[end].text != ";") {
      numbers |= tokens[end].type == pb::io::Tokenizer::TYPE_INTEGER;
      ++end;
    }
    if (numbers) continue;
    for (size_t j = end; j-- > i + 1;) {
      if (tokens[j].type != pb::io::Tokenizer::TYPE_IDENTIFIER) continue;
      size_t at = Offset(*text, tokens[j].line, tokens[j].column);
      text->insert(at + tokens[j].text.size(), "\"");
      text->insert(at, "\"");
    }
  }
  // The statement, as wide as it was where it can be: what follows it on
  // its line keeps its column.
  size_t from = Offset(*text, tokens[0].line, tokens[0].column);
  size_t to = Offset(*text, tokens[3].line, tokens[3].end_column);
  std::string syntax = "syntax=\"proto3\";";
  if (tokens[3].line == tokens[0].line && to - from > syntax.size()) {
    syntax.append(to - from - syntax.size(), ' ');
  }
  text->replace(from, to - from, syntax);
  return name;
}

bool AsWrittenInEditions(const std::string& edition, const TypeKind& kind_of,
                         pb::FileDescriptorProto* file, std::string* err) {
  FeatureReader reader(err);
  bool known = true;
  VisitOptions(file, [&](const std::string& element, const std::vector<int>&,
                         pb::Message* options) {
    known = known && reader.Read(options, element);
  });
  if (!known) return false;
  for (pb::DescriptorProto& message : *file->mutable_message_type()) {
    if (!ResolveKinds(*file, kind_of, file->package(), &message, err)) {
      return false;
    }
  }
  for (pb::FieldDescriptorProto& field : *file->mutable_extension()) {
    *err = NotInEditions(field, file->package());
    if (!err->empty()) return false;
    ResolveKind(*file, kind_of, file->package(), &field);
  }
  file->set_syntax("editions");
  file->GetReflection()->MutableUnknownFields(file)->AddVarint(
      kEditionField, edition == "2024" ? 1001 : 1000);
  return true;
}

std::string FeaturesAsWritten(const pb::Message& options) {
  const int number = FeaturesFieldOf(options);
  const pb::UnknownFieldSet& unknown =
      options.GetReflection()->GetUnknownFields(options);
  std::string written;
  for (int i = 0; i < unknown.field_count(); ++i) {
    pb::UnknownFieldSet features;
    if (unknown.field(i).number() != number ||
        unknown.field(i).type() != pb::UnknownField::TYPE_LENGTH_DELIMITED ||
        !features.ParseFromString(unknown.field(i).length_delimited())) {
      continue;
    }
    for (int j = 0; j < features.field_count(); ++j) {
      const pb::UnknownField& feature = features.field(j);
      for (const auto& named : Features()) {
        if (named.second.number != feature.number()) continue;
        std::string value = std::to_string(feature.varint());
        for (const auto& known : named.second.values) {
          if (static_cast<uint64_t>(known.second) == feature.varint()) {
            value = known.first;
          }
        }
        written += (written.empty() ? "" : ", ") +
                   ("features." + named.first + " = " + value);
      }
    }
  }
  return written;
}

bool DefinesType(const pb::FileDescriptorProto& file,
                 const std::string& full_name, bool* is_message) {
  for (const pb::EnumDescriptorProto& e : file.enum_type()) {
    if (Scoped(file.package(), e.name()) == full_name) {
      *is_message = false;
      return true;
    }
  }
  for (const pb::DescriptorProto& message : file.message_type()) {
    if (FindType(message, file.package(), full_name, is_message)) return true;
  }
  return false;
}

bool PositionOfElement(const pb::FileDescriptorProto& file,
                       const std::string& said, int* line, int* column) {
  // Each element's path, by the name errors give it ("field p.M.a"); the
  // walk takes a file to change, and this one is only read.
  std::map<std::string, std::vector<int>> paths;
  pb::FileDescriptorProto copy = file;
  VisitOptions(
      &copy, [&paths](const std::string& element, const std::vector<int>& path,
                      pb::Message*) { paths[element] = path; });
  // The element named first in `said`.
  size_t first = std::string::npos;
  const std::vector<int>* path = nullptr;
  for (const auto& [name, element_path] : paths) {
    size_t at = said.find(name);
    // A whole name: what follows is not more of a name.
    size_t end = at + name.size();
    if (at == std::string::npos ||
        (end < said.size() &&
         (std::isalnum(static_cast<unsigned char>(said[end])) ||
          said[end] == '_' || said[end] == '.'))) {
      continue;
    }
    if (at < first) {
      first = at;
      path = &element_path;
    }
  }
  if (path == nullptr) return false;
  for (const pb::SourceCodeInfo::Location& location :
       file.source_code_info().location()) {
    if (location.span_size() >= 2 &&
        std::equal(location.path().begin(), location.path().end(),
                   path->begin(), path->end())) {
      *line = location.span(0);
      *column = location.span(1);
      return true;
    }
  }
  return false;
}

}  // namespace rpccli
