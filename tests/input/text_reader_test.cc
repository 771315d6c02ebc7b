#include "input/text_reader.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

std::vector<InputMessage> ReadAll(const std::string& text,
                                  size_t chunk = 65536) {
  StringSource source(text, chunk);
  TextReader reader(&source, "in.txt");
  std::vector<InputMessage> messages;
  std::string err;
  for (int guard = 0; guard < 100; ++guard) {
    InputMessage message;
    MessageReader::Result result = reader.Next(&message, &err);
    EXPECT_NE(result, MessageReader::Result::kError) << err;
    if (result != MessageReader::Result::kMessage) return messages;
    messages.push_back(message);
  }
  ADD_FAILURE() << "the reader did not stop";
  return messages;
}

TEST(TextReader, SplitsAtRecordSeparators) {
  for (size_t chunk : {1, 2, 3, 65536}) {
    std::vector<InputMessage> messages = ReadAll(
        "a: 1\n\x1e"
        "b: 2\x1e\nc: 3",
        chunk);
    ASSERT_EQ(messages.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(messages[0].text, "a: 1\n");
    EXPECT_EQ(messages[1].text, "b: 2");
    EXPECT_EQ(messages[1].number, 2);
    EXPECT_EQ(messages[1].line, 2);
    EXPECT_EQ(messages[1].column, 2);
    EXPECT_EQ(messages[2].text, "\nc: 3");
    EXPECT_EQ(messages[2].line, 2);
    EXPECT_EQ(messages[2].column, 7);
  }
}

TEST(TextReader, BlankInputHasNoMessages) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll(" \n ").empty());
}

TEST(TextReader, ABlankRecordIsAnEmptyMessageExceptAtTheEnd) {
  std::vector<InputMessage> messages = ReadAll(
      "a: 1\x1e \x1e"
      "b: 2\x1e\n");
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[1].text, " ");
  EXPECT_EQ(messages[2].text, "b: 2");
}

}  // namespace
}  // namespace rpccli
