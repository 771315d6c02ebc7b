#include "schema/nesting_limit.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
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

// Each options message in `message` (FileOptions, MessageOptions...), at
// any depth. The descriptor messages nest no deeper than protobuf parsed
// them (100).
void CollectOptions(const pb::Message& message,
                    std::vector<const pb::Message*>* found) {
  const std::string& name = message.GetDescriptor()->name();
  if (name.size() > 7 && name.compare(name.size() - 7, 7, "Options") == 0) {
    found->push_back(&message);
    return;
  }
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        CollectOptions(reflection->GetRepeatedMessage(message, field, i),
                       found);
      }
    } else {
      CollectOptions(reflection->GetMessage(message, field), found);
    }
  }
}

// How deep `bytes` nests messages, taking each length-delimited field
// that is well-formed wire format as one (an Any's value, a message
// field's), counted up to `limit` + 1; -1 if `bytes` is no message. A
// negative `limit` checks `bytes` alone.
int WireDepth(std::string_view bytes, int limit) {
  pb::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  int deepest = 0;
  while (true) {
    uint32_t tag = input.ReadTag();
    if (tag == 0) return input.ConsumedEntireMessage() ? deepest : -1;
    uint64_t skipped = 0;
    uint32_t length = 0;
    switch (tag & 7) {
      case 0:
        if (!input.ReadVarint64(&skipped)) return -1;
        break;
      case 1:
        if (!input.ReadLittleEndian64(&skipped)) return -1;
        break;
      case 5:
        if (!input.Skip(4)) return -1;
        break;
      case 2: {
        if (!input.ReadVarint32(&length)) return -1;
        std::string_view payload =
            bytes.substr(static_cast<size_t>(input.CurrentPosition()));
        if (payload.size() < length || !input.Skip(static_cast<int>(length))) {
          return -1;
        }
        if (limit < 0) break;
        // One past the limit is enough to know: below it, the payload is
        // only checked as a message.
        int below = WireDepth(payload.substr(0, length), limit - 1);
        if (below >= 0) deepest = std::max(deepest, below + 1);
        if (deepest > limit) return deepest;
        break;
      }
      default:
        return -1;  // groups: options of today have none
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

std::string OptionNestingFault(const pb::FileDescriptorProto& file) {
  std::vector<const pb::Message*> options;
  CollectOptions(file, &options);
  for (const pb::Message* message : options) {
    const pb::FieldDescriptor* field =
        message->GetDescriptor()->FindFieldByName("uninterpreted_option");
    const pb::Reflection* reflection = message->GetReflection();
    for (int i = 0; field != nullptr && i < reflection->FieldSize(*message, field);
         ++i) {
      const auto& option = static_cast<const pb::UninterpretedOption&>(
          reflection->GetRepeatedMessage(*message, field, i));
      int line = 0, column = 0;
      if (!NestedTooDeep(option.aggregate_value(), &line, &column)) continue;
      std::string name;
      for (const pb::UninterpretedOption::NamePart& part : option.name()) {
        name += (name.empty() ? "" : ".") +
                (part.is_extension() ? "(" + part.name_part() + ")"
                                     : part.name_part());
      }
      return "the value of option " + name + " nests brackets more than " +
             std::to_string(kMaxBracketDepth) +
             " deep (rpccli's limit; protobuf's parser would run out of "
             "stack)";
    }
    std::string custom;
    reflection->GetUnknownFields(*message).SerializeToString(&custom);
    if (WireDepth(custom, kMaxMessageNesting) > kMaxMessageNesting) {
      return "a custom option of a " + message->GetDescriptor()->name() +
             " nests messages more than " +
             std::to_string(kMaxMessageNesting) +
             " deep (rpccli's limit; protobuf's printer would run out of "
             "stack)";
    }
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

}  // namespace rpccli
