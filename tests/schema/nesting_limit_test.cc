#include "schema/nesting_limit.h"

#include <gtest/gtest.h>

#include <string>

namespace rpccli {
namespace {

namespace pb = google::protobuf;

std::string Nested(int depth, const std::string& open,
                   const std::string& close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "o " + open + " ";
  for (int i = 0; i < depth; ++i) text += close + " ";
  return text;
}

TEST(NestedTooDeep, CountsEachKindOfBracketUpToTheLimit) {
  int line = 0, column = 0;
  for (auto brackets : {std::make_pair("{", "}"), std::make_pair("<", ">"),
                        std::make_pair("[", "]")}) {
    EXPECT_FALSE(NestedTooDeep(
        Nested(kMaxBracketDepth, brackets.first, brackets.second), &line,
        &column));
    // Each level is 4 columns wide: the first past the limit is the 101st.
    EXPECT_TRUE(NestedTooDeep(
        "\n" + Nested(kMaxBracketDepth + 1, brackets.first, brackets.second),
        &line, &column));
    EXPECT_EQ(line, 1);
    EXPECT_EQ(column, 4 * kMaxBracketDepth + 2);
  }
  // Side by side is not nested.
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "message M" + std::to_string(i) + " {}\n";
  EXPECT_FALSE(NestedTooDeep(many, &line, &column));
}

TEST(NestedTooDeep, BracketsInStringsAndCommentsDoNotCount) {
  std::string text = "// " + std::string(500, '{') + "\n/* " +
                     std::string(500, '[') + " */ s: \"" +
                     std::string(500, '<') + "\"";
  int line = 0, column = 0;
  EXPECT_FALSE(NestedTooDeep(text, &line, &column));
}

TEST(OptionNestingFault, NamesTheOptionWhoseTextNestsTooDeep) {
  pb::FileDescriptorProto file;
  file.set_name("f.proto");
  pb::DescriptorProto* message = file.add_message_type();
  message->set_name("M");
  pb::UninterpretedOption* shallow =
      message->mutable_options()->add_uninterpreted_option();
  shallow->add_name()->set_name_part("shallow");
  shallow->set_aggregate_value(Nested(3, "{", "}"));
  EXPECT_EQ(OptionNestingFault(file), "");
  pb::UninterpretedOption* deep = message->mutable_nested_type()
                                      ->Add()
                                      ->mutable_options()
                                      ->add_uninterpreted_option();
  pb::UninterpretedOption::NamePart* part = deep->add_name();
  part->set_name_part("p.opt");
  part->set_is_extension(true);
  deep->add_name()->set_name_part("inner");
  deep->set_aggregate_value(Nested(20000, "{", "}"));
  EXPECT_EQ(OptionNestingFault(file),
            "the value of option (p.opt).inner nests brackets more than 100 "
            "deep (rpccli's limit; protobuf's parser would run out of stack)");
}

// A custom option arrives serialized, as an unknown field of its options
// message: an Any in an Any 20,000 deep ran protobuf's printer out of
// stack (describe).
TEST(OptionNestingFault, FindsACustomOptionThatNestsTooDeep) {
  // A length-delimited field: its tag's bytes, the length, the payload.
  auto field = [](const std::string& tag, const std::string& payload) {
    std::string length;
    for (size_t n = payload.size();; n >>= 7) {
      length += static_cast<char>((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      if (n <= 0x7f) break;
    }
    return tag + length + payload;
  };
  const std::string kField1 = "\x0a";
  const std::string kField5000 = "\xc2\xb8\x02";  // of MessageOptions
  // The option's value is one message deep, and `depth` more inside it.
  for (int depth : {99, 100, 20000}) {
    std::string value = "\x08\x01";
    for (int i = 0; i < depth; ++i) value = field(kField1, value);
    pb::FileDescriptorProto file;
    file.set_name("f.proto");
    ASSERT_TRUE(file.add_message_type()->mutable_options()->MergeFromString(
        field(kField5000, value)));
    EXPECT_EQ(OptionNestingFault(file),
              depth < 100 ? ""
                          : "a custom option of a MessageOptions nests "
                            "messages more than 100 deep (rpccli's limit; "
                            "protobuf's printer would run out of stack)")
        << depth;
  }
}

}  // namespace
}  // namespace rpccli
