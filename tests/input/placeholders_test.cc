#include "input/placeholders.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace rpccli {
namespace {

// A template compiled from `text` as the first message of `<argument>`,
// and what compiling it said.
struct Compiled {
  CallTemplate value;
  bool ok = false;
  std::string err;
};

class PlaceholdersTest : public testing::Test {
 protected:
  Compiled Compile(const std::string& text,
                   PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                   bool workers = true) {
    Compiled compiled;
    compiled.ok = compiled.value.Compile(text, syntax, "<argument>", 1, 1,
                                         workers, &files_, &compiled.err);
    return compiled;
  }

  // The error compiling `text` gives, or "" if it compiles.
  std::string ErrorOf(const std::string& text,
                      PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                      bool workers = true) {
    Compiled compiled = Compile(text, syntax, workers);
    return compiled.ok ? "" : compiled.err;
  }

  // `text`, compiled (which must succeed) and rendered for `call`.
  std::string Render(const std::string& text,
                     PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                     int64_t call = 0, int64_t worker = 0) {
    Compiled compiled = Compile(text, syntax);
    EXPECT_TRUE(compiled.ok) << text << ": " << compiled.err;
    return compiled.value.Render(CallValues{call, worker, &random_});
  }

  // A file of `text`, for {{line:...}}.
  std::string File(const std::string& name, const std::string& text) {
    return dir_.Write(name, text);
  }

  TempDir dir_;
  PlaceholderFiles files_;
  std::mt19937_64 random_{42};
};

std::vector<std::string> AllExtremes(const CallTemplate& compiled) {
  std::vector<std::string> extremes;
  for (size_t i = 0; i < compiled.ExtremeCount(); ++i) {
    extremes.push_back(compiled.Extreme(i));
  }
  return extremes;
}

int64_t NowIn(int64_t per_second) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() /
         (1000000000 / per_second);
}

// --- Each kind renders a well-formed value ---------------------------------

TEST_F(PlaceholdersTest, TextWithoutPlaceholdersIsItself) {
  Compiled compiled = Compile("{\"a\": \"{x}\", \"b\": {\"c\": {}}}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  EXPECT_FALSE(compiled.value.HasPlaceholders());
  EXPECT_EQ(compiled.value.Render(CallValues{0, 0, &random_}),
            "{\"a\": \"{x}\", \"b\": {\"c\": {}}}");
  EXPECT_EQ(AllExtremes(compiled.value),
            std::vector<std::string>{"{\"a\": \"{x}\", \"b\": {\"c\": {}}}"});
}

TEST_F(PlaceholdersTest, CallAndWorker) {
  EXPECT_EQ(Render("{\"n\": {{call}}, \"w\": {{worker}}}",
                   PlaceholderSyntax::kJson, 41, 3),
            "{\"n\": 41, \"w\": 3}");
  EXPECT_EQ(Render("{\"n\": \"{{call}}\"}", PlaceholderSyntax::kJson, 0),
            "{\"n\": \"0\"}");
  // Spaces inside the braces are allowed.
  EXPECT_EQ(Render("{{ call }}", PlaceholderSyntax::kHeader, 7), "7");
}

TEST_F(PlaceholdersTest, UuidIsVersion4AndNew) {
  Compiled compiled = Compile("\"{{uuid}}\"");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  std::regex v4("\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                "[0-9a-f]{12}\"");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string value = compiled.value.Render(CallValues{i, 0, &random_});
    EXPECT_TRUE(std::regex_match(value, v4)) << value;
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST_F(PlaceholdersTest, UnixTimesAreNow) {
  Compiled compiled =
      Compile("{{unix}} {{unix_ms}} {{unix_ns}}", PlaceholderSyntax::kHeader);
  ASSERT_TRUE(compiled.ok) << compiled.err;
  int64_t before_ns = NowIn(1000000000);
  std::string value = compiled.value.Render(CallValues{0, 0, &random_});
  int64_t after_ns = NowIn(1000000000);
  std::regex three("([0-9]+) ([0-9]+) ([0-9]+)");
  std::smatch parts;
  ASSERT_TRUE(std::regex_match(value, parts, three)) << value;
  int64_t s = std::stoll(parts[1]), ms = std::stoll(parts[2]),
          ns = std::stoll(parts[3]);
  EXPECT_GE(s, before_ns / 1000000000);
  EXPECT_LE(s, after_ns / 1000000000);
  EXPECT_GE(ms, before_ns / 1000000);
  EXPECT_LE(ms, after_ns / 1000000);
  EXPECT_GE(ns, before_ns);
  EXPECT_LE(ns, after_ns);
}

TEST_F(PlaceholdersTest, Rfc3339IsNowInUtc) {
  Compiled compiled = Compile("{{rfc3339}}", PlaceholderSyntax::kHeader);
  ASSERT_TRUE(compiled.ok) << compiled.err;
  int64_t before = NowIn(1);
  std::string value = compiled.value.Render(CallValues{0, 0, &random_});
  int64_t after = NowIn(1);
  std::regex rfc3339(
      "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
      "(\\.[0-9]{1,9})?Z");
  std::smatch parts;
  ASSERT_TRUE(std::regex_match(value, parts, rfc3339)) << value;
  std::tm utc{};
  utc.tm_year = std::stoi(parts[1]) - 1900;
  utc.tm_mon = std::stoi(parts[2]) - 1;
  utc.tm_mday = std::stoi(parts[3]);
  utc.tm_hour = std::stoi(parts[4]);
  utc.tm_min = std::stoi(parts[5]);
  utc.tm_sec = std::stoi(parts[6]);
  int64_t seconds = timegm(&utc);
  EXPECT_GE(seconds, before);
  EXPECT_LE(seconds, after);
}

TEST_F(PlaceholdersTest, RandIntStaysWithinItsBoundsAndReachesThem) {
  struct Case {
    std::string text;
    int64_t low, high;
  } cases[] = {
      {"{{randint:1:6}}", 1, 6},
      {"{{randint:-3:2}}", -3, 2},
      {"{{randint:-10:-5}}", -10, -5},
      {"{{randint:7:7}}", 7, 7},
      {"{{randint:-4:-4}}", -4, -4},
      {"{{randint:0:0}}", 0, 0},
  };
  std::regex integer("-?[0-9]+");
  for (const Case& c : cases) {
    Compiled compiled = Compile(c.text, PlaceholderSyntax::kHeader);
    ASSERT_TRUE(compiled.ok) << c.text << ": " << compiled.err;
    std::set<int64_t> seen;
    for (int i = 0; i < 2000; ++i) {
      std::string value = compiled.value.Render(CallValues{i, 0, &random_});
      ASSERT_TRUE(std::regex_match(value, integer)) << value;
      int64_t n = std::stoll(value);
      EXPECT_GE(n, c.low) << c.text;
      EXPECT_LE(n, c.high) << c.text;
      seen.insert(n);
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(c.high - c.low + 1)) << c.text;
  }
  // The widest range there is still works.
  Compiled wide = Compile("{{randint:-999999999999999999:999999999999999999}}",
                          PlaceholderSyntax::kHeader);
  ASSERT_TRUE(wide.ok) << wide.err;
  int64_t n = std::stoll(wide.value.Render(CallValues{0, 0, &random_}));
  EXPECT_GE(n, -999999999999999999);
  EXPECT_LE(n, 999999999999999999);
}

TEST_F(PlaceholdersTest, RandStrIsNAlphanumerics) {
  for (int n : {1, 16, 1000, 1 << 20}) {
    std::string text = "{{randstr:" + std::to_string(n) + "}}";
    Compiled compiled = Compile(text, PlaceholderSyntax::kHeader);
    ASSERT_TRUE(compiled.ok) << text << ": " << compiled.err;
    std::string a = compiled.value.Render(CallValues{0, 0, &random_});
    std::string b = compiled.value.Render(CallValues{0, 0, &random_});
    EXPECT_EQ(a.size(), static_cast<size_t>(n));
    EXPECT_EQ(a.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
              std::string::npos);
    if (n >= 16) {
      EXPECT_NE(a, b);
    }
  }
}

TEST_F(PlaceholdersTest, LineTakesTheFileRoundRobinByCall) {
  std::string path = File("ids.txt", "a\nb\r\nc\n");
  Compiled compiled = Compile("{\"id\": \"{{line:" + path + "}}\"}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  std::vector<std::string> got;
  for (int64_t call = 0; call < 7; ++call) {
    got.push_back(compiled.value.Render(CallValues{call, 5, &random_}));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "{\"id\": \"a\"}", "{\"id\": \"b\"}", "{\"id\": \"c\"}",
                     "{\"id\": \"a\"}", "{\"id\": \"b\"}", "{\"id\": \"c\"}",
                     "{\"id\": \"a\"}"}));
  // A last line without a newline is a line.
  std::string unended = File("unended.txt", "x\ny");
  EXPECT_EQ(Render("{{line:" + unended + "}}", PlaceholderSyntax::kHeader, 1),
            "y");
}

TEST_F(PlaceholdersTest, RandLineTakesEveryLineInTime) {
  std::string path = File("ids.txt", "a\nb\nc\n");
  Compiled compiled =
      Compile("{{randline:" + path + "}}", PlaceholderSyntax::kHeader);
  ASSERT_TRUE(compiled.ok) << compiled.err;
  std::set<std::string> seen;
  for (int i = 0; i < 300; ++i) {
    seen.insert(compiled.value.Render(CallValues{0, 0, &random_}));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"a", "b", "c"}));
}

TEST_F(PlaceholdersTest, LiteralIsItsTextAsItIs) {
  Compiled compiled = Compile("{\"a\": \"{{literal:{{}}name}}\"}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  EXPECT_TRUE(compiled.value.HasPlaceholders());
  EXPECT_EQ(compiled.value.Render(CallValues{0, 0, &random_}),
            "{\"a\": \"{{name}}\"}");
  EXPECT_EQ(Render("{{literal:x\"y}}", PlaceholderSyntax::kHeader), "x\"y");
}

TEST_F(PlaceholdersTest, FilesAreReadOnce) {
  std::string path = File("ids.txt", "a\n");
  const std::vector<std::string>* first = nullptr;
  const std::vector<std::string>* second = nullptr;
  std::string err;
  ASSERT_TRUE(files_.Lines(path, &first, &err)) << err;
  File("ids.txt", "changed\n");
  ASSERT_TRUE(files_.Lines(path, &second, &err)) << err;
  EXPECT_EQ(first, second);
  EXPECT_EQ(*second, std::vector<std::string>{"a"});
}

// --- Escaping --------------------------------------------------------------

TEST_F(PlaceholdersTest, JsonStringsEscapeTheValue) {
  std::string path = File("lines.txt",
                          std::string("say \"hi\" \\ back\tand\x01 end\n"));
  std::string rendered = Render("{\"s\": \"<{{line:" + path + "}}>\"}");
  EXPECT_EQ(rendered,
            "{\"s\": \"<say \\\"hi\\\" \\\\ back\\u0009and\\u0001 end>\"}");
  nlohmann::json parsed = nlohmann::json::parse(rendered);
  EXPECT_EQ(parsed["s"], std::string("<say \"hi\" \\ back\tand\x01 end>"));
}

TEST_F(PlaceholdersTest, OutsideAStringTheValueGoesInAsItIs) {
  std::string path = File("values.txt", "\"q\"\n12\n");
  EXPECT_EQ(Render("{\"n\": {{line:" + path + "}}}"), "{\"n\": \"q\"}");
  EXPECT_EQ(Render("{\"n\": {{line:" + path + "}}}", PlaceholderSyntax::kJson,
                   1),
            "{\"n\": 12}");
  // After a string has ended.
  EXPECT_EQ(Render("{\"a\": \"x\", \"n\": {{line:" + path + "}}}"),
            "{\"a\": \"x\", \"n\": \"q\"}");
  // A single quote starts no string in JSON.
  EXPECT_EQ(Render("{\"it's\": {{line:" + path + "}}}"),
            "{\"it's\": \"q\"}");
}

TEST_F(PlaceholdersTest, TextFormatStringsEscapeTheValueEitherQuote) {
  std::string path = File("lines.txt", "it's \"q\" \\ \tx\n");
  EXPECT_EQ(Render("s: \"{{line:" + path + "}}\"",
                   PlaceholderSyntax::kTextFormat),
            "s: \"it\\'s \\\"q\\\" \\\\ \\011x\"");
  EXPECT_EQ(Render("s: '{{line:" + path + "}}'",
                   PlaceholderSyntax::kTextFormat),
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
  EXPECT_EQ(err.rfind("<argument>:1:8: " + path + ":2: not printable ASCII",
                      0),
            0u)
      << err;
  std::string del = File("del.txt", "x\x7F\n");
  EXPECT_NE(
      ErrorOf("{{randline:" + del + "}}", PlaceholderSyntax::kHeader).find(
          del + ":1: not printable ASCII"),
      std::string::npos);
  // The same file in a request's string is escaped instead.
  EXPECT_EQ(Render("{\"t\": \"{{line:" + path + "}}\"}",
                   PlaceholderSyntax::kJson, 1),
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

// --- Extremes --------------------------------------------------------------

TEST_F(PlaceholdersTest, ExtremesGiveBothEndsOfARange) {
  Compiled compiled = Compile("{\"n\": {{randint:-5:9}}}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  EXPECT_EQ(AllExtremes(compiled.value),
            (std::vector<std::string>{"{\"n\": -5}", "{\"n\": 9}"}));
}

TEST_F(PlaceholdersTest, ExtremesGiveEveryLineAndVaryTogether) {
  std::string three = File("three.txt", "x\ny\n\"z\"\n");
  std::string two = File("two.txt", "p\nq\n");
  Compiled compiled =
      Compile("{\"n\": {{randint:-5:9}}, \"a\": \"{{line:" + three +
              "}}\", \"b\": \"{{randline:" + two + "}}\", \"c\": {{call}}}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  EXPECT_EQ(AllExtremes(compiled.value),
            (std::vector<std::string>{
                "{\"n\": -5, \"a\": \"x\", \"b\": \"p\", \"c\": 0}",
                "{\"n\": 9, \"a\": \"y\", \"b\": \"q\", \"c\": 0}",
                "{\"n\": -5, \"a\": \"\\\"z\\\"\", \"b\": \"p\", \"c\": 0}",
            }));
  for (const std::string& text : AllExtremes(compiled.value)) {
    EXPECT_NO_THROW(nlohmann::json::parse(text)) << text;
  }
}

TEST_F(PlaceholdersTest, ExtremesOfOtherKindsAreOneWellFormedValue) {
  Compiled compiled = Compile(
      "{\"u\": \"{{uuid}}\", \"s\": \"{{randstr:4}}\", \"t\": \"{{rfc3339}}\", "
      "\"l\": \"{{literal:{{}}\"}");
  ASSERT_TRUE(compiled.ok) << compiled.err;
  std::vector<std::string> extremes = AllExtremes(compiled.value);
  ASSERT_EQ(extremes.size(), 1u);
  nlohmann::json parsed = nlohmann::json::parse(extremes[0]);
  EXPECT_EQ(parsed["s"].get<std::string>().size(), 4u);
  EXPECT_EQ(parsed["u"].get<std::string>().size(), 36u);
  EXPECT_EQ(parsed["l"], "{{");
}

}  // namespace
}  // namespace rpccli
