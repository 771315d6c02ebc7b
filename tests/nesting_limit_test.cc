#include "nesting_limit.h"

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

TEST(OptionNestedTooDeep, NamesTheOptionWhoseValueNestsTooDeep) {
  pb::FileDescriptorProto file;
  file.set_name("f.proto");
  pb::DescriptorProto* message = file.add_message_type();
  message->set_name("M");
  pb::UninterpretedOption* shallow =
      message->mutable_options()->add_uninterpreted_option();
  shallow->add_name()->set_name_part("shallow");
  shallow->set_aggregate_value(Nested(3, "{", "}"));
  EXPECT_EQ(OptionNestedTooDeep(file), "");
  pb::UninterpretedOption* deep = message->mutable_nested_type()
                                      ->Add()
                                      ->mutable_options()
                                      ->add_uninterpreted_option();
  pb::UninterpretedOption::NamePart* part = deep->add_name();
  part->set_name_part("p.opt");
  part->set_is_extension(true);
  deep->add_name()->set_name_part("inner");
  deep->set_aggregate_value(Nested(20000, "{", "}"));
  EXPECT_EQ(OptionNestedTooDeep(file), "(p.opt).inner");
  EXPECT_EQ(OptionTooDeepFault("(p.opt).inner"),
            "the value of option (p.opt).inner nests brackets more than 100 "
            "deep (rpccli's limit; protobuf's parser would run out of stack)");
}

}  // namespace
}  // namespace rpccli
