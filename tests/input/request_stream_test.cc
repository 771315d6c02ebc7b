#include "input/request_stream.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "input/json_reader.h"
#include "input/text_reader.h"
#include "schema/proto_files.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

class RequestStreamTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(files_.Load(DemoSchema(), &err)) << err;
    number_ = files_.pool()->FindMessageTypeByName("demo.Number");
    ASSERT_NE(number_, nullptr);
  }

  // Reads every request; returns the values, or the first error.
  std::string ReadAll(const std::string& input, MessageFormat format) {
    FormatOptions options;
    options.format = format;
    Codec codec(files_.pool(), options);
    StringSource source(input);
    JsonReader json(&source, "in");
    TextReader text(&source, "in");
    MessageReader* reader = format == MessageFormat::kText
                                ? static_cast<MessageReader*>(&text)
                                : &json;
    InputRequestStream stream(&source, reader, &codec, number_);
    std::string values, bytes, err;
    for (;;) {
      switch (stream.Next(&bytes, &err)) {
        case RequestStream::Result::kEnd:
          return values;
        case RequestStream::Result::kError:
          return "error: " + err;
        case RequestStream::Result::kMessage: {
          std::unique_ptr<pb::Message> message(
              factory_.GetPrototype(number_)->New());
          EXPECT_TRUE(message->ParseFromString(bytes));
          values += message->ShortDebugString() + ";";
        }
      }
    }
  }

  ProtoFiles files_;
  pb::DynamicMessageFactory factory_;
  const pb::Descriptor* number_ = nullptr;
};

TEST_F(RequestStreamTest, ConvertsEachMessage) {
  EXPECT_EQ(
      ReadAll("{\"value\": 1} {} {\"value\": \"-3\"}", MessageFormat::kJson),
      "value: 1;;value: -3;");
  EXPECT_EQ(ReadAll("value: 1\x1evalue: 2", MessageFormat::kText),
            "value: 1;value: 2;");
}

TEST_F(RequestStreamTest, AJsonErrorPointsAtItsMessage) {
  EXPECT_EQ(
      ReadAll("{}\n  {\"value\": true}", MessageFormat::kJson),
      "error: in:2:13: message 2: field \"value\": true is not a valid int64");
}

TEST_F(RequestStreamTest, ATextErrorPointsAtTheErrorItself) {
  EXPECT_EQ(ReadAll("value: 1\x1e\n  value: x", MessageFormat::kText),
            "error: in:2:10: message 2: Expected integer, got: x");
  EXPECT_EQ(ReadAll("value: 1\x1e  value: x", MessageFormat::kText),
            "error: in:1:19: message 2: Expected integer, got: x");
}

TEST(ListRequestStream, HandsOutItsRequestsThenEnds) {
  ListRequestStream stream({"a", "b"});
  std::string bytes, err;
  EXPECT_EQ(stream.Next(&bytes, &err), RequestStream::Result::kMessage);
  EXPECT_EQ(bytes, "a");
  EXPECT_EQ(stream.Next(&bytes, &err), RequestStream::Result::kMessage);
  EXPECT_EQ(bytes, "b");
  EXPECT_EQ(stream.Next(&bytes, &err), RequestStream::Result::kEnd);
}

}  // namespace
}  // namespace rpccli
