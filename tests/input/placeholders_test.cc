#include "input/placeholders.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "input/placeholders_fixture.h"

namespace rpccli {
namespace {

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
  std::regex v4(
      "\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
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
      {"{{randint:1:6}}", 1, 6},       {"{{randint:-3:2}}", -3, 2},
      {"{{randint:-10:-5}}", -10, -5}, {"{{randint:7:7}}", 7, 7},
      {"{{randint:-4:-4}}", -4, -4},   {"{{randint:0:0}}", 0, 0},
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
  EXPECT_EQ(got, (std::vector<std::string>{"{\"id\": \"a\"}", "{\"id\": \"b\"}",
                                           "{\"id\": \"c\"}", "{\"id\": \"a\"}",
                                           "{\"id\": \"b\"}", "{\"id\": \"c\"}",
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
