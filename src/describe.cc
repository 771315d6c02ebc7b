#include "describe.h"

#include <google/protobuf/descriptor.pb.h>

#include <algorithm>
#include <functional>

#include "symbol.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Comments from the .proto source help most when describing, so keep them.
pb::DebugStringOptions WithComments() {
  pb::DebugStringOptions options;
  options.include_comments = true;
  return options;
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
  return name + " is " + kind + ":\n" + WithCommentsAsWritten(body);
}

// Every symbol `describe` can show, by full name, with its description.
struct Symbol {
  std::string name;
  std::function<std::string()> describe;
};

template <typename Descriptor>
Symbol MakeSymbol(const Descriptor& descriptor, const char* kind) {
  return {descriptor.full_name(), [&descriptor, kind] {
            return Titled(descriptor.full_name(), kind,
                          descriptor.DebugStringWithOptions(WithComments()));
          }};
}

void CollectEnum(const pb::EnumDescriptor& e, std::vector<Symbol>* out) {
  out->push_back(MakeSymbol(e, "an enum"));
  for (int i = 0; i < e.value_count(); ++i) {
    out->push_back(MakeSymbol(*e.value(i), "an enum value"));
  }
}

// A map's entry type has no body of its own in .proto syntax: it is the
// map field, which is what describe shows.
Symbol MapEntrySymbol(const pb::Descriptor& entry) {
  return {entry.full_name(), [&entry] {
            const pb::Descriptor& owner = *entry.containing_type();
            for (int i = 0; i < owner.field_count(); ++i) {
              const pb::FieldDescriptor& field = *owner.field(i);
              if (field.message_type() == &entry) {
                return Titled(
                    entry.full_name(),
                    "the entry type of the map field " + field.full_name(),
                    field.DebugStringWithOptions(WithComments()));
              }
            }
            return Titled(entry.full_name(), "a map entry type", "");
          }};
}

void CollectMessage(const pb::Descriptor& message, std::vector<Symbol>* out) {
  // A descriptor set may mark a top-level message a map entry (found by
  // fuzzing): with no map field to show, it is described as a message.
  if (message.options().map_entry() && message.containing_type() != nullptr) {
    out->push_back(MapEntrySymbol(message));
    return;
  }
  out->push_back(MakeSymbol(message, "a message"));
  for (int i = 0; i < message.field_count(); ++i) {
    out->push_back(MakeSymbol(*message.field(i), "a field"));
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    CollectMessage(*message.nested_type(i), out);
  }
  for (int i = 0; i < message.enum_type_count(); ++i) {
    CollectEnum(*message.enum_type(i), out);
  }
}

std::vector<Symbol> CollectSymbols(
    const std::vector<const pb::FileDescriptor*>& files) {
  std::vector<Symbol> symbols;
  for (const pb::FileDescriptor* file : files) {
    for (int i = 0; i < file->service_count(); ++i) {
      const pb::ServiceDescriptor& service = *file->service(i);
      symbols.push_back(MakeSymbol(service, "a service"));
      for (int m = 0; m < service.method_count(); ++m) {
        symbols.push_back(MakeSymbol(*service.method(m), "a method"));
      }
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      CollectMessage(*file->message_type(i), &symbols);
    }
    for (int i = 0; i < file->enum_type_count(); ++i) {
      CollectEnum(*file->enum_type(i), &symbols);
    }
  }
  return symbols;
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

std::string DescribeService(const pb::ServiceDescriptor& service) {
  return Titled(service.full_name(), "a service",
                service.DebugStringWithOptions(WithComments()));
}

bool DescribeSymbol(const std::vector<const pb::FileDescriptor*>& files,
                    const std::string& name, std::string* text,
                    std::string* err) {
  std::string wanted = name;
  if (!wanted.empty() && wanted[0] == '.') wanted.erase(0, 1);
  std::replace(wanted.begin(), wanted.end(), '/', '.');
  std::vector<Symbol> symbols = CollectSymbols(files);
  for (const Symbol& symbol : symbols) {
    if (symbol.name == wanted) {
      *text = symbol.describe();
      return true;
    }
  }
  *err = "unknown symbol \"" + name + "\"";
  std::vector<std::string> names;
  for (const Symbol& symbol : symbols) names.push_back(symbol.name);
  Nearest nearest = NearestTo(names, wanted);
  if (nearest.index != std::string::npos &&
      WorthSuggesting(nearest.distance, wanted)) {
    *err += "; did you mean " + names[nearest.index] + "?";
  }
  return false;
}

}  // namespace rpccli
