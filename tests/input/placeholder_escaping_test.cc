#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "input/placeholders.h"
#include "input/placeholders_fixture.h"

namespace rpccli {
namespace {

// --- Escaping --------------------------------------------------------------

TEST_F(PlaceholdersTest, JsonStringsEscapeTheValue) {
  std::string path =
      File("lines.txt", std::string("say \"hi\" \\ back\tand\x01 end\n"));
  std::string rendered = Render("{\"s\": \"<{{line:" + path + "}}>\"}");
  EXPECT_EQ(rendered,
            "{\"s\": \"<say \\\"hi\\\" \\\\ back\\u0009and\\u0001 end>\"}");
  nlohmann::json parsed = nlohmann::json::parse(rendered);
  EXPECT_EQ(parsed["s"], std::string("<say \"hi\" \\ back\tand\x01 end>"));
}

TEST_F(PlaceholdersTest, OutsideAStringTheValueGoesInAsItIs) {
  std::string path = File("values.txt", "\"q\"\n12\n");
  EXPECT_EQ(Render("{\"n\": {{line:" + path + "}}}"), "{\"n\": \"q\"}");
  EXPECT_EQ(
      Render("{\"n\": {{line:" + path + "}}}", PlaceholderSyntax::kJson, 1),
      "{\"n\": 12}");
  // After a string has ended.
  EXPECT_EQ(Render("{\"a\": \"x\", \"n\": {{line:" + path + "}}}"),
            "{\"a\": \"x\", \"n\": \"q\"}");
  // A single quote starts no string in JSON.
  EXPECT_EQ(Render("{\"it's\": {{line:" + path + "}}}"), "{\"it's\": \"q\"}");
}

TEST_F(PlaceholdersTest, TextFormatStringsEscapeTheValueEitherQuote) {
  std::string path = File("lines.txt", "it's \"q\" \\ \tx\n");
  EXPECT_EQ(
      Render("s: \"{{line:" + path + "}}\"", PlaceholderSyntax::kTextFormat),
      "s: \"it\\'s \\\"q\\\" \\\\ \\011x\"");
  EXPECT_EQ(
      Render("s: '{{line:" + path + "}}'", PlaceholderSyntax::kTextFormat),
      "s: 'it\\'s \\\"q\\\" \\\\ \\011x'");
  // Outside a string, as it is.
  std::string number = File("number.txt", "5\n");
  EXPECT_EQ(Render("n: {{line:" + number + "}} s: 'a'",
                   PlaceholderSyntax::kTextFormat),
            "n: 5 s: 'a'");
  // Inside "...", a single quote does not end the string.
  EXPECT_EQ(Render("s: \"it's {{line:" + path + "}}\"",
                   PlaceholderSyntax::kTextFormat),
            "s: \"it's it\\'s \\\"q\\\" \\\\ \\011x\"");
}

TEST_F(PlaceholdersTest, HeadersTakeTheValueAsItIs) {
  std::string path = File("tokens.txt", "a\"b\\c'd\n");
  EXPECT_EQ(Render("Bearer {{line:" + path + "}}", PlaceholderSyntax::kHeader),
            "Bearer a\"b\\c'd");
  // A quote in a header is no string.
  EXPECT_EQ(Render("\"{{line:" + path + "}}\"", PlaceholderSyntax::kHeader),
            "\"a\"b\\c'd\"");
}

TEST_F(PlaceholdersTest, AnEscapedQuoteDoesNotEndTheString) {
  std::string path = File("lines.txt", "x\"y\n");
  // \" keeps the scan inside the string: the value is escaped.
  EXPECT_EQ(Render("{\"s\": \"a\\\"{{line:" + path + "}}\"}"),
            "{\"s\": \"a\\\"x\\\"y\"}");
  // \\ is a whole escape: the quote after it ends the string.
  EXPECT_EQ(Render("{\"s\": \"a\\\\\", \"n\": {{line:" + path + "}}}"),
            "{\"s\": \"a\\\\\", \"n\": x\"y}");
  // The same in text format.
  EXPECT_EQ(Render("s: 'it\\'s {{line:" + path + "}}'",
                   PlaceholderSyntax::kTextFormat),
            "s: 'it\\'s x\\\"y'");
}

}  // namespace
}  // namespace rpccli
