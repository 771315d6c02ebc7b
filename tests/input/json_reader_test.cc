#include "input/json_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace rpccli {
namespace {

struct ReadAll {
  std::vector<InputMessage> values;
  std::string error;  // empty if the stream ended cleanly
};

ReadAll Read(const std::string& text, size_t chunk = 65536) {
  StringSource source(text, chunk);
  JsonReader reader(&source, "in.json");
  ReadAll all;
  for (int guard = 0; guard < 1000; ++guard) {
    InputMessage value;
    switch (reader.Next(&value, &all.error)) {
      case MessageReader::Result::kMessage:
        all.values.push_back(value);
        break;
      case MessageReader::Result::kEnd:
        return all;
      case MessageReader::Result::kError:
        return all;
    }
  }
  ADD_FAILURE() << "the reader did not stop";
  return all;
}

TEST(JsonReader, EmptyInputHasNoValues) {
  ReadAll all = Read("");
  EXPECT_TRUE(all.values.empty());
  EXPECT_EQ(all.error, "");
  EXPECT_TRUE(Read(" \n\t\r\n").values.empty());
}

TEST(JsonReader, SplitsNewlineDelimitedValues) {
  ReadAll all = Read("{\"a\":1}\n{\"b\":[1,2]}\n");
  ASSERT_EQ(all.values.size(), 2u);
  EXPECT_EQ(all.values[0].text, "{\"a\":1}");
  EXPECT_EQ(all.values[0].number, 1);
  EXPECT_EQ(all.values[1].text, "{\"b\":[1,2]}");
  EXPECT_EQ(all.values[1].number, 2);
  EXPECT_EQ(all.values[1].line, 2);
  EXPECT_EQ(all.values[1].column, 1);
}

TEST(JsonReader, SplitsConcatenatedPrettyPrintedValues) {
  std::string text =
      "{\n  \"a\": {\"x\": \"}\"}\n}{\"b\": 2}  \n\n   [true, null]";
  ReadAll all = Read(text);
  ASSERT_EQ(all.values.size(), 3u) << all.error;
  EXPECT_EQ(all.values[0].text, "{\n  \"a\": {\"x\": \"}\"}\n}");
  EXPECT_EQ(all.values[1].text, "{\"b\": 2}");
  EXPECT_EQ(all.values[1].line, 3);
  EXPECT_EQ(all.values[1].column, 2);
  EXPECT_EQ(all.values[2].text, "[true, null]");
  EXPECT_EQ(all.values[2].line, 5);
  EXPECT_EQ(all.values[2].column, 4);
}

TEST(JsonReader, ValuesSurviveEveryChunkBorder) {
  std::string text =
      "{\"s\": \"a\\\"b\\u00e9\", \"n\": -1.5e+3}\n[1, 2]\n\"x\" 42";
  ReadAll whole = Read(text);
  ASSERT_EQ(whole.values.size(), 4u) << whole.error;
  for (size_t chunk = 1; chunk < 8; ++chunk) {
    ReadAll pieces = Read(text, chunk);
    ASSERT_EQ(pieces.values.size(), 4u)
        << "chunk " << chunk << ": " << pieces.error;
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(pieces.values[i].text, whole.values[i].text)
          << "chunk " << chunk;
    }
  }
}

TEST(JsonReader, TopLevelScalarsEndAtTheNextByte) {
  ReadAll all = Read("1 2{}\"s\"true");
  ASSERT_EQ(all.values.size(), 5u) << all.error;
  EXPECT_EQ(all.values[0].text, "1");
  EXPECT_EQ(all.values[1].text, "2");
  EXPECT_EQ(all.values[2].text, "{}");
  EXPECT_EQ(all.values[3].text, "\"s\"");
  EXPECT_EQ(all.values[4].text, "true");
}

// Each malformed input, and the error it must give: position and message
// number first, then what is wrong.
TEST(JsonReader, ReportsSyntaxErrorsWithPositionAndMessageNumber) {
  struct Case {
    const char* input;
    const char* error;
  } cases[] = {
      {"{\"a\" 1}",
       "in.json:1:6: message 1: expected ':' after the field name, found '1'"},
      {"{a: 1}",
       "in.json:1:2: message 1: expected a field name in double quotes, found "
       "'a'"},
      {"{\"a\": 1 \"b\": 2}",
       "in.json:1:9: message 1: expected ',' or '}', found '\"'"},
      {"[1 2]", "in.json:1:4: message 1: expected ',' or ']', found '2'"},
      {"{}\n{\"a\": }",
       "in.json:2:7: message 2: expected a JSON value, found '}'"},
      {"{}\n}", "in.json:2:1: message 2: expected a JSON value, found '}'"},
      {"{\"a\": tru}",
       "in.json:1:7: message 1: invalid value \"tru\"; text must be in double "
       "quotes"},
      {"{\"a\": 01}", "in.json:1:7: message 1: invalid number \"01\""},
      {"{\"a\": 1.}", "in.json:1:7: message 1: invalid number \"1.\""},
      {"{\"a\": \"\\q\"}",
       "in.json:1:9: message 1: invalid escape \\q in a string"},
      {"{\"a\": \"\\u12g4\"}",
       "in.json:1:12: message 1: a \\u escape needs four hex digits, found "
       "'g'"},
      {"{\"a\": \"x\ny\"}",
       "in.json:1:9: message 1: end of line inside a string; escape it or "
       "close the string"},
      {"{\"a\": [1, 2}",
       "in.json:1:12: message 1: expected ',' or ']', found '}'"},
      {"{}\n{\"a\": 1",
       "in.json:2:8: message 2: the input ends inside the message, which "
       "started at 2:1"},
      // Columns count characters, not bytes.
      {"{\"é\": 1 x}",
       "in.json:1:9: message 1: expected ',' or '}', found 'x'"},
      // A bare word where a message starts: text format, likely.
      {"{}\nname: \"x\"",
       "in.json:2:1: message 2: invalid value \"name\"; text must be in "
       "double quotes; if this is text format, add --format text"},
  };
  for (const Case& c : cases) {
    ReadAll all = Read(c.input);
    EXPECT_EQ(all.error, c.error) << "input: " << c.input;
  }
}

TEST(JsonReader, LongStringsKeepTheirBytesAndColumns) {
  // Past a megabyte, across many reads; "é" is two bytes, one column.
  std::string text(3 << 20, 'x');
  for (size_t i = 0; i < text.size(); i += 1000) text.replace(i, 2, "\xc3\xa9");
  std::string json = "{\"a\": \"" + text + "\"}\n{\"b\": \"" + text + "\" x}";
  ReadAll all = Read(json, 4096);
  ASSERT_EQ(all.values.size(), 1u);
  EXPECT_EQ(all.values[0].text, "{\"a\": \"" + text + "\"}");
  int characters = static_cast<int>(text.size() - text.size() / 1000 - 1);
  EXPECT_EQ(all.error, "in.json:2:" + std::to_string(characters + 10) +
                           ": message 2: expected ',' or '}', found 'x'");
}

TEST(JsonReader, ValuesBeforeAnErrorAreStillReturned) {
  ReadAll all = Read("{\"a\":1}\n{\"b\":2}\n{oops}");
  EXPECT_EQ(all.values.size(), 2u);
  EXPECT_EQ(all.error,
            "in.json:3:2: message 3: expected a field name in double quotes, "
            "found 'o'");
}

// A source that hands out its text one piece per call and then fails the
// test if read again, to prove the reader stops at the end of a value.
class OneShotSource : public ByteSource {
 public:
  explicit OneShotSource(std::vector<std::string> pieces)
      : pieces_(std::move(pieces)) {}
  long Read(char* buffer, size_t size, std::string*) override {
    if (next_ == pieces_.size()) {
      ADD_FAILURE() << "read past what the test provided";
      return 0;
    }
    const std::string& piece = pieces_[next_++];
    EXPECT_LE(piece.size(), size);
    piece.copy(buffer, piece.size());
    return static_cast<long>(piece.size());
  }
  void Interrupt() override {}
  size_t reads() const { return next_; }

 private:
  std::vector<std::string> pieces_;
  size_t next_ = 0;
};

TEST(JsonReader, ReturnsEachValueWithoutReadingAhead) {
  OneShotSource source({"{\"line\": 1}\n", "{\"line\":", " 2}\n"});
  JsonReader reader(&source, "<stdin>");
  InputMessage value;
  std::string err;
  ASSERT_EQ(reader.Next(&value, &err), MessageReader::Result::kMessage);
  EXPECT_EQ(value.text, "{\"line\": 1}");
  EXPECT_EQ(source.reads(), 1u);
  ASSERT_EQ(reader.Next(&value, &err), MessageReader::Result::kMessage);
  EXPECT_EQ(value.text, "{\"line\": 2}");
  EXPECT_EQ(source.reads(), 3u);
}

TEST(JsonReader, NamesAByteOrderMarkAndOnlyThat) {
  // The mark's bytes may come in separate reads: the verdict must not
  // depend on where a read ends.
  for (size_t chunk : {1, 2, 3, 65536}) {
    SCOPED_TRACE(chunk);
    std::string first = Read("\xef\xbb\xbf{}", chunk).error;
    EXPECT_NE(first.find("1:1: message 1: expected a JSON value, found a "
                         "UTF-8 byte order mark (BOM)"),
              std::string::npos)
        << first;
    std::string second = Read("{}\n\xef\xbb\xbf{}", chunk).error;
    EXPECT_NE(second.find("2:1: message 2: expected a JSON value, found a "
                          "UTF-8 byte order mark (BOM)"),
              std::string::npos)
        << second;
    std::string after_number = Read("0\xef\xbb\xbf", chunk).error;
    EXPECT_NE(after_number.find("1:2: message 2: expected a JSON value, "
                                "found a UTF-8 byte order mark (BOM)"),
              std::string::npos)
        << after_number;
    for (const char* text : {"\xef{}", "\xef\xbb{}", "\xef", "\xef\xbb",
                             "[\xef\xbb]"}) {
      std::string error = Read(text, chunk).error;
      EXPECT_NE(error.find("found byte 0xef"), std::string::npos) << error;
      EXPECT_EQ(error.find("BOM"), std::string::npos) << error;
    }
    EXPECT_NE(Read("[\xef\xbb]", chunk).error.find("1:2: message 1:"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace rpccli
