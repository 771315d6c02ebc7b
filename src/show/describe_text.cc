#include "show/describe_text.h"

#include <google/protobuf/descriptor.pb.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "base/edit_distance.h"
#include "codec/group_view.h"
#include "schema/symbol.h"
#include "show/editions_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Comments from the .proto source help most when describing, so keep them.
pb::DebugStringOptions WithComments() {
  pb::DebugStringOptions options;
  options.include_comments = true;
  return options;
}

// The comments of `descriptor` and of everything written inside it.
void AddComments(const pb::SourceLocation& location,
                 std::vector<pb::SourceLocation>* out) {
  if (!location.leading_comments.empty() ||
      !location.trailing_comments.empty()) {
    out->push_back(location);
  }
}

template <typename Descriptor>
void AddOwn(const Descriptor& descriptor,
            std::vector<pb::SourceLocation>* out) {
  pb::SourceLocation location;
  if (descriptor.GetSourceLocation(&location)) AddComments(location, out);
}

void CollectComments(const pb::EnumDescriptor& e,
                     std::vector<pb::SourceLocation>* out) {
  AddOwn(e, out);
  for (int i = 0; i < e.value_count(); ++i) AddOwn(*e.value(i), out);
}

void CollectComments(const pb::Descriptor& message,
                     std::vector<pb::SourceLocation>* out) {
  AddOwn(message, out);
  for (int i = 0; i < message.field_count(); ++i)
    AddOwn(*message.field(i), out);
  for (int i = 0; i < message.oneof_decl_count(); ++i) {
    AddOwn(*message.oneof_decl(i), out);
  }
  for (int i = 0; i < message.extension_count(); ++i) {
    AddOwn(*message.extension(i), out);
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    CollectComments(*message.nested_type(i), out);
  }
  for (int i = 0; i < message.enum_type_count(); ++i) {
    CollectComments(*message.enum_type(i), out);
  }
}

void CollectComments(const pb::ServiceDescriptor& service,
                     std::vector<pb::SourceLocation>* out) {
  AddOwn(service, out);
  for (int i = 0; i < service.method_count(); ++i) {
    AddOwn(*service.method(i), out);
  }
}

void CollectComments(const pb::OneofDescriptor& oneof,
                     std::vector<pb::SourceLocation>* out) {
  AddOwn(oneof, out);
  for (int i = 0; i < oneof.field_count(); ++i) AddOwn(*oneof.field(i), out);
}

template <typename Descriptor>
void CollectComments(const Descriptor& descriptor,
                     std::vector<pb::SourceLocation>* out) {
  AddOwn(descriptor, out);  // a field, a value, a method: nothing inside
}

// A comment without the blanks and newlines around it, as protobuf's
// DebugString strips it.
std::string Stripped(const std::string& comment) {
  size_t start = comment.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  return comment.substr(start, comment.find_last_not_of(" \t\r\n") - start + 1);
}

// A comment's lines as protobuf's DebugString writes them: the whole
// stripped, then each line not empty.
std::vector<std::string> PrintedLines(const std::string& comment) {
  std::vector<std::string> lines;
  std::string stripped = Stripped(comment);
  size_t start = 0;
  while (start <= stripped.size()) {
    size_t end = std::min(stripped.find('\n', start), stripped.size());
    std::string line = stripped.substr(start, end - start);
    if (!line.empty()) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// protobuf writes a trailing comment on a line of its own after its
// element, and drops the blank lines of a comment (a `//` alone between
// paragraphs): both are put back as the source had them.
std::string CommentsAsPlaced(const std::string& text,
                             const std::vector<pb::SourceLocation>& comments) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  // Where lines[at..] are the comment `printed`, written with `indent`.
  auto find = [&lines](const std::vector<std::string>& printed, size_t* at,
                       std::string* indent) {
    for (size_t i = 0; i + printed.size() <= lines.size(); ++i) {
      size_t column = lines[i].find_first_not_of(' ');
      if (column == std::string::npos) continue;
      std::string prefix = lines[i].substr(0, column);
      bool same = true;
      for (size_t k = 0; k < printed.size() && same; ++k) {
        same = lines[i + k] == prefix + "// " + printed[k];
      }
      if (same) {
        *at = i;
        *indent = prefix;
        return true;
      }
    }
    return false;
  };
  for (const pb::SourceLocation& location : comments) {
    std::vector<std::string> trailing =
        PrintedLines(location.trailing_comments);
    size_t at = 0;
    std::string indent;
    // One line after its element, which is not itself a comment.
    if (trailing.size() == 1 && find(trailing, &at, &indent) && at > 0 &&
        lines[at - 1].find_first_not_of(' ') != std::string::npos &&
        lines[at - 1].compare(lines[at - 1].find_first_not_of(' '), 2, "//") !=
            0) {
      lines[at - 1] += " // " + trailing[0];
      lines.erase(lines.begin() + static_cast<long>(at));
    }
    std::vector<std::string> leading = PrintedLines(location.leading_comments);
    std::string stripped = Stripped(location.leading_comments);
    if (stripped.find("\n\n") == std::string::npos || leading.empty() ||
        !find(leading, &at, &indent)) {
      continue;
    }
    std::vector<std::string> written;
    for (size_t start = 0; start <= stripped.size();) {
      size_t end = std::min(stripped.find('\n', start), stripped.size());
      std::string line = stripped.substr(start, end - start);
      written.push_back(line.empty() ? indent + "//" : indent + "// " + line);
      start = end + 1;
    }
    lines.erase(lines.begin() + static_cast<long>(at),
                lines.begin() + static_cast<long>(at + leading.size()));
    lines.insert(lines.begin() + static_cast<long>(at), written.begin(),
                 written.end());
  }
  std::string placed;
  for (size_t i = 0; i < lines.size(); ++i) {
    placed += lines[i];
    if (i + 1 < lines.size() || (!text.empty() && text.back() == '\n')) {
      placed += '\n';
    }
  }
  return placed;
}

// The full name of what holds the first line of an element's text.
std::string ScopeOf(const pb::Descriptor& message) {
  return message.containing_type() != nullptr
             ? message.containing_type()->full_name()
             : message.file()->package();
}
std::string ScopeOf(const pb::EnumDescriptor& e) {
  return e.containing_type() != nullptr ? e.containing_type()->full_name()
                                        : e.file()->package();
}
std::string ScopeOf(const pb::FieldDescriptor& field) {
  if (!field.is_extension()) return field.containing_type()->full_name();
  return field.extension_scope() != nullptr
             ? field.extension_scope()->full_name()
             : field.file()->package();
}
std::string ScopeOf(const pb::OneofDescriptor& oneof) {
  return oneof.containing_type()->full_name();
}
std::string ScopeOf(const pb::EnumValueDescriptor& value) {
  return value.type()->full_name();
}
std::string ScopeOf(const pb::ServiceDescriptor& service) {
  return service.file()->package();
}
std::string ScopeOf(const pb::MethodDescriptor& method) {
  return method.service()->full_name();
}

// The same element in another pool.
const pb::Descriptor* SameIn(const pb::DescriptorPool& pool,
                             const pb::Descriptor& message) {
  return pool.FindMessageTypeByName(message.full_name());
}
const pb::EnumDescriptor* SameIn(const pb::DescriptorPool& pool,
                                 const pb::EnumDescriptor& e) {
  return pool.FindEnumTypeByName(e.full_name());
}
const pb::FieldDescriptor* SameIn(const pb::DescriptorPool& pool,
                                  const pb::FieldDescriptor& field) {
  return field.is_extension() ? pool.FindExtensionByName(field.full_name())
                              : pool.FindFieldByName(field.full_name());
}
const pb::OneofDescriptor* SameIn(const pb::DescriptorPool& pool,
                                  const pb::OneofDescriptor& oneof) {
  return pool.FindOneofByName(oneof.full_name());
}
const pb::EnumValueDescriptor* SameIn(const pb::DescriptorPool& pool,
                                      const pb::EnumValueDescriptor& value) {
  return pool.FindEnumValueByName(value.full_name());
}
const pb::ServiceDescriptor* SameIn(const pb::DescriptorPool& pool,
                                    const pb::ServiceDescriptor& service) {
  return pool.FindServiceByName(service.full_name());
}
const pb::MethodDescriptor* SameIn(const pb::DescriptorPool& pool,
                                   const pb::MethodDescriptor& method) {
  return pool.FindMethodByName(method.full_name());
}

// Whether `message`, or a message in it, has a group that is no proto2
// group: one whose type is not a message of its own written beside it.
// protobuf writes a group's type inside the group, without end for one
// that holds itself.
bool HasGroupOfAnotherType(const pb::Descriptor& message) {
  for (int i = 0; i < message.field_count(); ++i) {
    const pb::FieldDescriptor& field = *message.field(i);
    if (field.type() == pb::FieldDescriptor::TYPE_GROUP &&
        field.message_type()->containing_type() != &message) {
      return true;
    }
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    if (HasGroupOfAnotherType(*message.nested_type(i))) return true;
  }
  return false;
}
bool HasGroupOfAnotherType(const pb::FileDescriptor& file) {
  for (int i = 0; i < file.message_type_count(); ++i) {
    if (HasGroupOfAnotherType(*file.message_type(i))) return true;
  }
  for (int i = 0; i < file.extension_count(); ++i) {
    if (file.extension(i)->type() == pb::FieldDescriptor::TYPE_GROUP) {
      return true;
    }
  }
  return false;
}

// `descriptor` as .proto source, with its comments where they were; as
// its editions file writes it, if `written_as` gives that file. A file
// with groups that are not proto2's (an editions file's delimited fields)
// is written as the view JSON uses, where they are message fields.
template <typename Descriptor>
std::string WrittenWithComments(const Descriptor& descriptor,
                                const WrittenAs& written_as) {
  const pb::FileDescriptorProto* written =
      written_as ? written_as(descriptor.file()->name()) : nullptr;
  std::unique_ptr<GroupFreeView> view;
  const Descriptor* shown = &descriptor;
  if (written != nullptr || HasGroupOfAnotherType(*descriptor.file())) {
    view = std::make_unique<GroupFreeView>(descriptor.file()->pool());
    const Descriptor* plain = SameIn(*view->pool(), descriptor);
    if (plain != nullptr) shown = plain;
  }
  std::vector<pb::SourceLocation> comments;
  CollectComments(*shown, &comments);
  std::string text = shown->DebugStringWithOptions(WithComments());
  if (written != nullptr) {
    text = InEditionsSyntax(text, ScopeOf(*shown), *shown->file()->pool(),
                            *written);
  }
  return CommentsAsPlaced(text, comments);
}

// protobuf's DebugString strips the blanks around a whole comment, then
// writes "// " before each of its lines: from the second line on, the blank
// the line had in the source stays too ("//  Second line."). That one
// extra blank goes.
std::string WithCommentsAsWritten(const std::string& text) {
  std::string fixed;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t indent = line.find_first_not_of(' ');
    if (indent != std::string::npos && line.compare(indent, 4, "//  ") == 0) {
      line.erase(indent + 2, 1);
    }
    fixed += line;
    if (end < text.size()) fixed += '\n';
    start = end + 1;
  }
  return fixed;
}

std::string Titled(const std::string& name, const std::string& kind,
                   const std::string& body) {
  std::string text = name + " is " + kind + ":\n" + WithCommentsAsWritten(body);
  // protobuf ends most bodies with a newline, a oneof's without.
  if (!body.empty() && text.back() != '\n') text += '\n';
  return text;
}

// Every symbol `describe` can show, by full name, with its description.
struct Symbol {
  std::string name;
  std::function<std::string()> describe;
  const char* kind;  // "a message", "an enum"...
};

template <typename Descriptor>
Symbol MakeSymbol(const Descriptor& descriptor, const char* kind,
                  const WrittenAs& written_as) {
  return {descriptor.full_name(),
          [&descriptor, kind, written_as] {
            return Titled(descriptor.full_name(), kind,
                          WrittenWithComments(descriptor, written_as));
          },
          kind};
}

void CollectEnum(const pb::EnumDescriptor& e, const WrittenAs& written_as,
                 std::vector<Symbol>* out) {
  out->push_back(MakeSymbol(e, "an enum", written_as));
  for (int i = 0; i < e.value_count(); ++i) {
    out->push_back(MakeSymbol(*e.value(i), "an enum value", written_as));
  }
}

// A map's entry type has no body of its own in .proto syntax: it is the
// map field, which is what describe shows.
Symbol MapEntrySymbol(const pb::Descriptor& entry,
                      const WrittenAs& written_as) {
  return {entry.full_name(),
          [&entry, written_as] {
            const pb::Descriptor& owner = *entry.containing_type();
            for (int i = 0; i < owner.field_count(); ++i) {
              const pb::FieldDescriptor& field = *owner.field(i);
              if (field.message_type() == &entry) {
                return Titled(
                    entry.full_name(),
                    "the entry type of the map field " + field.full_name(),
                    WrittenWithComments(field, written_as));
              }
            }
            return Titled(entry.full_name(), "a map entry type", "");
          },
          "a map entry type"};
}

void CollectMessage(const pb::Descriptor& message, const WrittenAs& written_as,
                    std::vector<Symbol>* out) {
  // A descriptor set may mark a top-level message a map entry (found by
  // fuzzing): with no map field to show, it is described as a message.
  if (message.options().map_entry() && message.containing_type() != nullptr) {
    out->push_back(MapEntrySymbol(message, written_as));
    return;
  }
  out->push_back(MakeSymbol(message, "a message", written_as));
  for (int i = 0; i < message.field_count(); ++i) {
    out->push_back(MakeSymbol(*message.field(i), "a field", written_as));
  }
  // A proto3 optional field's oneof is not written in the file.
  for (int i = 0; i < message.real_oneof_decl_count(); ++i) {
    out->push_back(MakeSymbol(*message.oneof_decl(i), "a oneof", written_as));
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    CollectMessage(*message.nested_type(i), written_as, out);
  }
  for (int i = 0; i < message.enum_type_count(); ++i) {
    CollectEnum(*message.enum_type(i), written_as, out);
  }
  for (int i = 0; i < message.extension_count(); ++i) {
    out->push_back(
        MakeSymbol(*message.extension(i), "an extension", written_as));
  }
}

std::vector<Symbol> CollectSymbols(
    const std::vector<const pb::FileDescriptor*>& files,
    const WrittenAs& written_as = nullptr) {
  std::vector<Symbol> symbols;
  for (const pb::FileDescriptor* file : files) {
    for (int i = 0; i < file->service_count(); ++i) {
      const pb::ServiceDescriptor& service = *file->service(i);
      symbols.push_back(MakeSymbol(service, "a service", written_as));
      for (int m = 0; m < service.method_count(); ++m) {
        symbols.push_back(
            MakeSymbol(*service.method(m), "a method", written_as));
      }
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      CollectMessage(*file->message_type(i), written_as, &symbols);
    }
    for (int i = 0; i < file->enum_type_count(); ++i) {
      CollectEnum(*file->enum_type(i), written_as, &symbols);
    }
    for (int i = 0; i < file->extension_count(); ++i) {
      symbols.push_back(
          MakeSymbol(*file->extension(i), "an extension", written_as));
    }
  }
  return symbols;
}

// A symbol as its descriptor names it: no leading '.', a method's '/' as
// '.'.
std::string Canonical(const std::string& name) {
  std::string wanted = name;
  if (!wanted.empty() && wanted[0] == '.') wanted.erase(0, 1);
  std::replace(wanted.begin(), wanted.end(), '/', '.');
  return wanted;
}

// Why `wanted` is not among `symbols`: a package, or unknown with the
// nearest of them.
std::string Unknown(const std::vector<const pb::FileDescriptor*>& files,
                    const std::vector<Symbol>& symbols, const std::string& name,
                    const std::string& wanted) {
  for (const pb::FileDescriptor* file : files) {
    const std::string& package = file->package();
    if (package == wanted || package.rfind(wanted + ".", 0) == 0) {
      return "\"" + name +
             "\" is a package, not a symbol; describe one of its services or "
             "messages (rpccli list shows the services)";
    }
  }
  std::string err = "unknown symbol \"" + name + "\"";
  std::vector<std::string> names;
  for (const Symbol& symbol : symbols) names.push_back(symbol.name);
  Nearest nearest = NearestTo(names, wanted);
  if (nearest.index != std::string::npos &&
      WorthSuggesting(nearest.distance, wanted)) {
    err += "; did you mean " + names[nearest.index] + "?";
  }
  return err;
}

}  // namespace

std::string ListServices(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  std::string text;
  for (const std::string& name : names) text += name + "\n";
  return text;
}

std::string ListMethods(const pb::ServiceDescriptor& service) {
  std::vector<std::string> names;
  for (int i = 0; i < service.method_count(); ++i) {
    names.push_back(service.method(i)->full_name());
  }
  return ListServices(std::move(names));  // the same sorted listing
}

std::string DescribeService(const pb::ServiceDescriptor& service,
                            const WrittenAs& written_as) {
  return Titled(service.full_name(), "a service",
                WrittenWithComments(service, written_as));
}

bool DescribeSymbol(const std::vector<const pb::FileDescriptor*>& files,
                    const std::string& name, std::string* text,
                    std::string* err, const WrittenAs& written_as) {
  std::string wanted = Canonical(name);
  std::vector<Symbol> symbols = CollectSymbols(files, written_as);
  for (const Symbol& symbol : symbols) {
    if (symbol.name == wanted) {
      *text = symbol.describe();
      return true;
    }
  }
  *err = Unknown(files, symbols, name, wanted);
  return false;
}

std::string NotAMessageOrMethod(
    const std::vector<const pb::FileDescriptor*>& files,
    const std::string& name) {
  std::string wanted = Canonical(name);
  std::vector<Symbol> symbols = CollectSymbols(files);
  for (const Symbol& symbol : symbols) {
    if (symbol.name == wanted) {
      return "\"" + name + "\" is " + symbol.kind +
             ", not a message or a method";
    }
  }
  symbols.erase(std::remove_if(symbols.begin(), symbols.end(),
                               [](const Symbol& symbol) {
                                 return std::string(symbol.kind) !=
                                            "a message" &&
                                        std::string(symbol.kind) != "a method";
                               }),
                symbols.end());
  return Unknown(files, symbols, name, wanted);
}

}  // namespace rpccli
