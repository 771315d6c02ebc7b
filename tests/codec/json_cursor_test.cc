#include "codec/json_cursor.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(JsonCursor, ReadsPunctuationLiteralsNumbersAndStrings) {
  std::string unescaped;
  JsonCursor json(R"( { "a" : [ -1.5e+3 , true ] } )", &unescaped);
  std::string_view text;
  EXPECT_TRUE(json.Consume('{'));
  EXPECT_TRUE(json.Peek('"'));
  ASSERT_TRUE(json.String(&text));
  EXPECT_EQ(text, "a");
  EXPECT_TRUE(json.Consume(':'));
  EXPECT_TRUE(json.Consume('['));
  json.SkipSpace();
  ASSERT_TRUE(json.Number(&text));
  EXPECT_EQ(text, "-1.5e+3");
  EXPECT_TRUE(json.Consume(','));
  json.SkipSpace();
  EXPECT_FALSE(json.Literal("false"));
  EXPECT_TRUE(json.Literal("true"));
  EXPECT_TRUE(json.Consume(']'));
  EXPECT_TRUE(json.Consume('}'));
  EXPECT_TRUE(json.AtEnd());
}

TEST(JsonCursor, DecodesEscapesIntoItsBuffer) {
  std::string unescaped;
  JsonCursor json(R"("a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")", &unescaped);
  std::string_view text;
  ASSERT_TRUE(json.String(&text));
  EXPECT_EQ(text, "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(text.data(), unescaped.data());
  EXPECT_TRUE(json.AtEnd());
}

TEST(JsonCursor, RefusesWhatIsNotAToken) {
  std::string unescaped;
  std::string_view text;
  for (const char* number : {"01", "1.", "-", "1e", ".5", "+1", "1.5.3"}) {
    JsonCursor json(number, &unescaped);
    EXPECT_FALSE(json.Number(&text)) << number;
  }
  for (const char* string :
       {R"("\ud83d")", R"("\udc00")", R"("\x41")", R"("\u12g4")", "\"a\tb\"",
        "\"\xff\"", R"("open)"}) {
    JsonCursor json(string, &unescaped);
    EXPECT_FALSE(json.String(&text)) << string;
  }
}

}  // namespace
}  // namespace rpccli
