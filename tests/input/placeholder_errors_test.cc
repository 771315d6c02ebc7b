#include <gtest/gtest.h>

#include "input/placeholders.h"
#include "input/placeholders_fixture.h"

namespace rpccli {
namespace {

// --- Errors ----------------------------------------------------------------

TEST_F(PlaceholdersTest, AnUnknownNameIsNamedAtItsLineAndColumn) {
  std::string err = ErrorOf("{\n  \"a\": {{nope}}}");
  EXPECT_EQ(err.rfind("<argument>:2:8: ", 0), 0u) << err;
  EXPECT_NE(err.find("{{nope}} is no placeholder"), std::string::npos) << err;
  EXPECT_NE(err.find("randint:MIN:MAX"), std::string::npos) << err;

  // Where the text starts counts on its first line only.
  CallTemplate later;
  ASSERT_FALSE(later.Compile("x{{nope}}", PlaceholderSyntax::kJson, "req.json",
                             3, 5, true, &files_, &err));
  EXPECT_EQ(err.rfind("req.json:3:6: ", 0), 0u) << err;
  ASSERT_FALSE(later.Compile("x\n\t{{nope}}", PlaceholderSyntax::kJson,
                             "req.json", 3, 5, true, &files_, &err));
  EXPECT_EQ(err.rfind("req.json:4:2: ", 0), 0u) << err;
  // Columns count characters, not UTF-8 bytes.
  ASSERT_FALSE(later.Compile("\"\xC3\xA9\xC3\xA9{{nope}}\"",
                             PlaceholderSyntax::kJson, "req.json", 1, 1, true,
                             &files_, &err));
  EXPECT_EQ(err.rfind("req.json:1:4: ", 0), 0u) << err;

  EXPECT_NE(ErrorOf("{{}}").find("is no placeholder"), std::string::npos);
  EXPECT_NE(ErrorOf("{{UUID}}").find("is no placeholder"), std::string::npos);
  EXPECT_NE(ErrorOf("{{uuid:4}}").find("takes nothing after it"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{{call:}}").find("takes nothing after it"),
            std::string::npos);
}

TEST_F(PlaceholdersTest, AnErrorStaysOnOneLine) {
  for (const std::string& text :
       {std::string("{\"a\": \"{{ca\nll}}\"}"),
        std::string("{\"a\": {{randint:1\n:2}}}"),
        std::string("{\"a\": \"{{call\", \"b\": {\n\"c\": {}}}")}) {
    std::string err = ErrorOf(text);
    EXPECT_FALSE(err.empty()) << text;
    EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  }
}

TEST_F(PlaceholdersTest, AnUnterminatedPlaceholder) {
  std::string err = ErrorOf("{\"a\": \"{{call\"}");
  EXPECT_EQ(err.rfind("<argument>:1:8: ", 0), 0u) << err;
  EXPECT_NE(err.find("has no }}"), std::string::npos) << err;
  EXPECT_NE(err.find("{{literal:{{}}"), std::string::npos) << err;
  EXPECT_NE(ErrorOf("{{").find("has no }}"), std::string::npos);
  EXPECT_NE(ErrorOf("ab{{call}").find("has no }}"), std::string::npos);
}

TEST_F(PlaceholdersTest, BadRandIntArguments) {
  for (const char* text : {
           "{{randint}}",
           "{{randint:}}",
           "{{randint:1}}",
           "{{randint:1:}}",
           "{{randint::1}}",
           "{{randint:-}}",
           "{{randint:-:5}}",
           "{{randint:5:1}}",
           "{{randint:-1:-5}}",
           "{{randint:a:b}}",
           "{{randint:1.5:2}}",
           "{{randint:1:2:3}}",
           "{{randint:+1:2}}",
           "{{randint: 1:2}}",
           "{{randint:0:99999999999999999999}}",
           "{{randint:0:9223372036854775808}}",
           "{{randint:0:9999999999999999999}}",
           "{{randint:-9999999999999999999:0}}",
       }) {
    std::string err = ErrorOf(text, PlaceholderSyntax::kHeader);
    EXPECT_EQ(err.rfind("<argument>:1:1: ", 0), 0u) << text << " -> " << err;
    EXPECT_NE(err.find("write {{randint:MIN:MAX}}"), std::string::npos)
        << text << " -> " << err;
  }
}

TEST_F(PlaceholdersTest, BadRandStrArguments) {
  for (const char* text : {
           "{{randstr}}",
           "{{randstr:}}",
           "{{randstr:0}}",
           "{{randstr:-1}}",
           "{{randstr:x}}",
           "{{randstr:1:2}}",
           "{{randstr:1048577}}",
           "{{randstr:99999999999999999999}}",
       }) {
    std::string err = ErrorOf(text, PlaceholderSyntax::kHeader);
    EXPECT_EQ(err.rfind("<argument>:1:1: ", 0), 0u) << text << " -> " << err;
    EXPECT_NE(err.find("write {{randstr:N}}, N from 1 to 1048576"),
              std::string::npos)
        << text << " -> " << err;
  }
}

TEST_F(PlaceholdersTest, MissingOrEmptyFiles) {
  std::string missing = dir_.path() + "/missing.txt";
  std::string err = ErrorOf("{\"a\": \"{{line:" + missing + "}}\"}");
  EXPECT_EQ(err.rfind("<argument>:1:8: ", 0), 0u) << err;
  EXPECT_NE(err.find(missing), std::string::npos) << err;

  std::string empty = File("empty.txt", "");
  err = ErrorOf("{{randline:" + empty + "}}");
  EXPECT_EQ(err.rfind("<argument>:1:1: ", 0), 0u) << err;
  EXPECT_NE(err.find(empty + ": holds no line"), std::string::npos) << err;

  EXPECT_NE(ErrorOf("{{line}}").find("names no file"), std::string::npos);
  EXPECT_NE(ErrorOf("{{line:}}").find("names no file"), std::string::npos);
  EXPECT_NE(ErrorOf("{{randline}}").find("names no file"), std::string::npos);
  // A directory is no file of lines.
  EXPECT_NE(ErrorOf("{{line:" + dir_.path() + "}}"), "");
}

TEST_F(PlaceholdersTest, AHeaderCannotTakeALineWithAControlCharacter) {
  std::string path = File("tokens.txt", "ok\nbad\x01token\n");
  std::string err =
      ErrorOf("Bearer {{line:" + path + "}}", PlaceholderSyntax::kHeader);
  EXPECT_EQ(err.rfind("<argument>:1:8: " + path + ":2: not printable ASCII", 0),
            0u)
      << err;
  std::string del = File("del.txt", "x\x7F\n");
  EXPECT_NE(ErrorOf("{{randline:" + del + "}}", PlaceholderSyntax::kHeader)
                .find(del + ":1: not printable ASCII"),
            std::string::npos);
  // The same file in a request's string is escaped instead.
  EXPECT_EQ(
      Render("{\"t\": \"{{line:" + path + "}}\"}", PlaceholderSyntax::kJson, 1),
      "{\"t\": \"bad\\u0001token\"}");
}

// gRPC sends only printable ASCII in a text header (it aborts on more), as
// -H itself requires; a file line is held to the same.
TEST_F(PlaceholdersTest, AHeaderCannotTakeALineThatIsNotAscii) {
  std::string path = File("names.txt", "ok\ncaf\xC3\xA9\n");
  std::string err =
      ErrorOf("x {{randline:" + path + "}}", PlaceholderSyntax::kHeader);
  EXPECT_EQ(err.rfind("<argument>:1:3: " + path + ":2: ", 0), 0u) << err;
}

TEST_F(PlaceholdersTest, WorkerOnlyWhereThereAreWorkers) {
  std::string err =
      ErrorOf("{\"w\": {{worker}}}", PlaceholderSyntax::kJson, false);
  EXPECT_EQ(err.rfind("<argument>:1:7: ", 0), 0u) << err;
  EXPECT_NE(err.find("{{worker}} is bench's"), std::string::npos) << err;
  EXPECT_EQ(ErrorOf("{\"n\": {{call}}}", PlaceholderSyntax::kJson, false), "");
}

}  // namespace
}  // namespace rpccli
