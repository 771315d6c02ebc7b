#include "show/editions_text.h"

#include <map>
#include <vector>

#include "base/text.h"
#include "codec/descriptor_names.h"
#include "schema/editions.h"
#include "schema/editions_source.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// A field as protobuf's DebugString writes it, on one line:
// `[LABEL ][group ]TYPE NAME = NUMBER[ [OPTIONS]];` or ` {` for a group.
struct FieldLine {
  bool repeated = false;
  bool group = false;
  std::string type;
  std::string number;
  std::string options;  // inside the brackets
  bool opens = false;
};

bool ParseFieldLine(std::string line, FieldLine* field) {
  if (EndsWith(line, " {")) {
    field->opens = true;
    line.resize(line.size() - 2);
  } else if (EndsWith(line, ";")) {
    line.pop_back();
  } else {
    return false;
  }
  size_t equals = line.find(" = ");
  if (equals == std::string::npos || StartsWith(line, "map<")) return false;
  std::string right = line.substr(equals + 3);
  size_t blank = right.find(' ');
  field->number = right.substr(0, blank);
  if (field->number.empty() ||
      field->number.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  if (blank != std::string::npos) {
    std::string options = right.substr(blank + 1);
    if (options.size() < 2 || options.front() != '[' || options.back() != ']') {
      return false;
    }
    field->options = options.substr(1, options.size() - 2);
  }
  std::vector<std::string> words;
  std::string left = line.substr(0, equals);
  for (size_t start = 0; start <= left.size();) {
    size_t end = std::min(left.find(' ', start), left.size());
    words.push_back(left.substr(start, end - start));
    start = end + 1;
  }
  size_t at = 0;
  if (words[0] == "optional" || words[0] == "required" ||
      words[0] == "repeated") {
    field->repeated = words[0] == "repeated";
    ++at;
  }
  if (at < words.size() && words[at] == "group") {
    field->group = true;
    ++at;
  }
  // A group is written by its type's name alone.
  if (words.size() - at != (field->group ? 1u : 2u)) return false;
  field->type = words[at];
  return true;
}

// The options of a field line, each apart; a string value may hold ", ".
std::vector<std::string> OptionItems(const std::string& options) {
  std::vector<std::string> items;
  std::string item;
  bool quoted = false;
  for (size_t i = 0; i < options.size(); ++i) {
    char c = options[i];
    if (quoted && c == '\\' && i + 1 < options.size()) {
      item += c;
      item += options[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && options.compare(i, 2, ", ") == 0) {
      items.push_back(item);
      item.clear();
      ++i;
      continue;
    }
    item += c;
  }
  if (!item.empty()) items.push_back(item);
  return items;
}

class Rewriter {
 public:
  Rewriter(const pb::DescriptorPool& pool, const pb::FileDescriptorProto& file)
      : pool_(pool) {
    for (const pb::DescriptorProto& message : file.message_type()) {
      Index(message, file.package());
    }
    for (const pb::EnumDescriptorProto& e : file.enum_type()) {
      enums_[Scoped(file.package(), e.name())] = &e;
    }
  }

  std::string Run(const std::string& text, const std::string& scope) {
    scopes_.push_back({scope});
    for (size_t start = 0; start < text.size();) {
      size_t end = std::min(text.find('\n', start), text.size());
      Line(text.substr(start, end - start));
      start = end + 1;
    }
    std::string out;
    for (const std::string& line : out_) out += line + "\n";
    if (!text.empty() && text.back() != '\n' && !out.empty()) out.pop_back();
    return out;
  }

 private:
  struct Scope {
    std::string name;
    std::string after;  // a line to write when the scope closes
    bool skipped = false;
  };

  void Index(const pb::DescriptorProto& message, const std::string& scope) {
    std::string name = Scoped(scope, message.name());
    messages_[name] = &message;
    for (const pb::DescriptorProto& nested : message.nested_type()) {
      Index(nested, name);
    }
    for (const pb::EnumDescriptorProto& e : message.enum_type()) {
      enums_[Scoped(name, e.name())] = &e;
    }
  }

  void Line(const std::string& line) {
    size_t indent_size = line.find_first_not_of(' ');
    std::string indent = line.substr(0, std::min(indent_size, line.size()));
    std::string trimmed = line.substr(indent.size());
    if (scopes_.back().skipped) {
      if (trimmed == "}") {
        scopes_.pop_back();
      } else if (EndsWith(trimmed, " {")) {
        scopes_.push_back({"", "", true});
      }
      return;
    }
    if (trimmed.empty() || StartsWith(trimmed, "//")) {
      out_.push_back(line);
      return;
    }
    if (trimmed == "}") {
      Scope closed = scopes_.back();
      if (scopes_.size() > 1) scopes_.pop_back();
      out_.push_back(line);
      if (!closed.after.empty()) out_.push_back(closed.after);
      return;
    }
    const std::string& here = scopes_.back().name;
    if (StartsWith(trimmed, "message ") && EndsWith(trimmed, " {")) {
      std::string name = Scoped(here, trimmed.substr(8, trimmed.size() - 10));
      scopes_.push_back({name});
      out_.push_back(line);
      auto written = messages_.find(name);
      if (written != messages_.end()) {
        Options(indent, written->second->options());
      }
      return;
    }
    if (StartsWith(trimmed, "enum ") && EndsWith(trimmed, " {")) {
      std::string name = Scoped(here, trimmed.substr(5, trimmed.size() - 7));
      scopes_.push_back({name});
      out_.push_back(line);
      auto written = enums_.find(name);
      if (written != enums_.end()) {
        Options(indent, written->second->options());
      }
      return;
    }
    FieldLine field;
    if (!ParseFieldLine(trimmed, &field) || !Field(indent, field)) {
      if (EndsWith(trimmed, " {")) scopes_.push_back({here});  // a oneof
      out_.push_back(line);
    }
  }

  // `option features.X = Y;` lines for what `options` holds.
  void Options(const std::string& indent, const pb::Message& options) {
    for (const std::string& item : OptionItems(FeaturesAsWritten(options))) {
      out_.push_back(indent + "  option " + item + ";");
    }
  }

  bool Field(const std::string& indent, const FieldLine& line) {
    const std::string& here = scopes_.back().name;
    const pb::Descriptor* message = pool_.FindMessageTypeByName(here);
    auto written_message = messages_.find(here);
    if (message == nullptr || written_message == messages_.end()) return false;
    int number = std::stoi(line.number);
    const pb::FieldDescriptor* field = message->FindFieldByNumber(number);
    const pb::FieldDescriptorProto* written = nullptr;
    for (const auto& candidate : written_message->second->field()) {
      if (candidate.number() == number) written = &candidate;
    }
    if (field == nullptr || written == nullptr) return false;

    std::vector<std::string> options;
    for (const std::string& item : OptionItems(line.options)) {
      if (!StartsWith(item, "packed = ")) options.push_back(item);
    }
    for (const std::string& item :
         OptionItems(FeaturesAsWritten(written->options()))) {
      options.push_back(item);
    }
    std::string text =
        indent + (line.repeated ? "repeated " : "") +
        (line.group ? "." + field->message_type()->full_name() : line.type) +
        " " + written->name() + " = " + line.number;
    for (size_t i = 0; i < options.size(); ++i) {
      text += (i == 0 ? " [" : ", ") + options[i];
    }
    text += options.empty() ? ";" : "];";
    if (!line.group) {
      out_.push_back(text);
      return true;
    }
    // A group's body is its message: written where the file has it, in
    // this message, or left to its own place.
    const pb::Descriptor& held = *field->message_type();
    if (held.containing_type() != message) {
      out_.push_back(text);
      scopes_.push_back({"", "", true});
      return true;
    }
    out_.push_back(indent + "message " + held.name() + " {");
    scopes_.push_back({held.full_name(), text});
    auto written_held = messages_.find(held.full_name());
    if (written_held != messages_.end()) {
      Options(indent, written_held->second->options());
    }
    return true;
  }

  const pb::DescriptorPool& pool_;
  std::map<std::string, const pb::DescriptorProto*> messages_;
  std::map<std::string, const pb::EnumDescriptorProto*> enums_;
  std::vector<Scope> scopes_;
  std::vector<std::string> out_;
};

}  // namespace

std::string InEditionsSyntax(const std::string& text, const std::string& scope,
                             const pb::DescriptorPool& pool,
                             const pb::FileDescriptorProto& written) {
  std::string header =
      "// " + written.name() + ": edition = \"" + EditionName(written) + "\";";
  for (const std::string& item :
       OptionItems(FeaturesAsWritten(written.options()))) {
    header += " option " + item + ";";
  }
  return header + "\n" + Rewriter(pool, written).Run(text, scope);
}

}  // namespace rpccli
