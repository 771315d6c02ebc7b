#include "nesting_limit.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>
#include <vector>

namespace rpccli {

namespace pb = google::protobuf;

namespace {

// The parser that reads the text says what is malformed in it.
class Silent : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string&) override {}
};

// Each UninterpretedOption in `message`, at any depth. The descriptor
// messages nest no deeper than protobuf parsed them (100).
void CollectUninterpreted(const pb::Message& message,
                          std::vector<const pb::UninterpretedOption*>* found) {
  if (message.GetDescriptor() == pb::UninterpretedOption::descriptor()) {
    found->push_back(static_cast<const pb::UninterpretedOption*>(&message));
    return;
  }
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        CollectUninterpreted(reflection->GetRepeatedMessage(message, field, i),
                             found);
      }
    } else {
      CollectUninterpreted(reflection->GetMessage(message, field), found);
    }
  }
}

}  // namespace

bool NestedTooDeep(const std::string& text, int* line, int* column) {
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  Silent silent;
  pb::io::Tokenizer tokenizer(&input, &silent);
  int depth = 0;
  while (tokenizer.Next()) {
    const pb::io::Tokenizer::Token& token = tokenizer.current();
    if (token.type != pb::io::Tokenizer::TYPE_SYMBOL) continue;
    const std::string& symbol = token.text;
    if (symbol == "{" || symbol == "<" || symbol == "[") {
      if (++depth > kMaxBracketDepth) {
        *line = token.line;
        *column = token.column;
        return true;
      }
    } else if ((symbol == "}" || symbol == ">" || symbol == "]") && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string OptionNestedTooDeep(const pb::FileDescriptorProto& file) {
  std::vector<const pb::UninterpretedOption*> options;
  CollectUninterpreted(file, &options);
  for (const pb::UninterpretedOption* option : options) {
    int line = 0, column = 0;
    if (!NestedTooDeep(option->aggregate_value(), &line, &column)) continue;
    std::string name;
    for (const pb::UninterpretedOption::NamePart& part : option->name()) {
      name += (name.empty() ? "" : ".") +
              (part.is_extension() ? "(" + part.name_part() + ")"
                                   : part.name_part());
    }
    return name;
  }
  return "";
}

bool NestsPastParserLimit(const std::string& bytes,
                          const pb::Message& prototype) {
  pb::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  input.SetRecursionLimit(1000);
  std::unique_ptr<pb::Message> message(prototype.New());
  return message->ParseFromCodedStream(&input) &&
         input.ConsumedEntireMessage();
}

std::string OptionTooDeepFault(const std::string& option) {
  return "the value of option " + option + " nests brackets more than " +
         std::to_string(kMaxBracketDepth) +
         " deep (rpccli's limit; protobuf's parser would run out of stack)";
}

}  // namespace rpccli
