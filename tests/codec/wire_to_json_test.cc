#include "codec/wire_to_json.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <limits>

#include "codec/json_floats.h"
#include "demo.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

demo::Sample FromText(const std::string& text) {
  demo::Sample message;
  EXPECT_TRUE(pb::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

// What the fast path prints for `binary`; fails the test if it declines.
std::string Printed(const std::string& binary, bool proto_names = false) {
  std::string out;
  EXPECT_TRUE(WireToJson(proto_names)
                  .Append(*demo::Sample::descriptor(), binary, &out));
  return out;
}

// protobuf's JSON, its floats written shortest, as rpccli writes them.
std::string PrintedByProtobuf(const pb::Message& message,
                              bool proto_names = false) {
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = proto_names;
  std::string json;
  EXPECT_TRUE(pb::util::MessageToJsonString(message, &json, options).ok());
  return ShortenFloats(*message.GetDescriptor(), json, proto_names);
}

TEST(WireToJson, PrintsEveryPlainFieldKindAsProtobufDoes) {
  for (const std::string text : {
           R"(text: "hi <b>\"q\" \\ \t \r\n é 中 \302\255 \360\237\230\200 \177"
              int32_value: -5 int64_value: 9007199254740993
              uint32_value: 4000000000 uint64_value: 18446744073709551615
              sint32_value: -1 sint64_value: -2 fixed32_value: 1
              fixed64_value: 2 sfixed32_value: -3 sfixed64_value: -4
              float_value: 1.1 double_value: 0.1 flag: true
              blob: "\000\377\376" color: BLUE point { x: 1 y: 2 }
              numbers: [1, -2, 300] path { x: 3 } path {}
              colors: [RED, GREEN] label: "l" maybe: 0
              display_name: "d" language: FRENCH)",
           "float_value: inf double_value: -inf",
           "float_value: nan double_value: nan",
           "float_value: 3.4028235e38 double_value: 1e300 int32_value: 7",
           "float_value: -0 double_value: 123456789012345678",
           "spot { } colors: [7, BLUE]",  // an enum number without a name
           "",
       }) {
    demo::Sample message = FromText(text);
    std::string binary = message.SerializeAsString();
    EXPECT_EQ(Printed(binary), PrintedByProtobuf(message)) << text;
    EXPECT_EQ(Printed(binary, true), PrintedByProtobuf(message, true)) << text;
  }
}

TEST(WireToJson, UnpackedElementsInARowAreOneList) {
  // numbers (18) as three unpacked records, as some writers send them.
  EXPECT_EQ(Printed(std::string("\x90\x01\x01\x90\x01\x02\x90\x01\x03", 9)),
            R"({"numbers":[1,2,3]})");
}

TEST(WireToJson, AppendsAndLeavesTheOutputAsItWasWhenItDeclines) {
  std::string out = "before ";
  ASSERT_TRUE(WireToJson(false).Append(*demo::Sample::descriptor(),
                                       std::string("\x10\x07", 2), &out));
  EXPECT_EQ(out, R"(before {"int32Value":7})");
  // The string field's bytes are cut short.
  EXPECT_FALSE(WireToJson(false).Append(
      *demo::Sample::descriptor(), std::string("\x10\x07\x0a\x05", 4), &out));
  EXPECT_EQ(out, R"(before {"int32Value":7})");
}

// What it leaves to the slow path, which puts the bytes in order or
// reports them.
TEST(WireToJson, DeclinesWhatNeedsACloserLook) {
  for (const std::string& binary : {
           std::string("\x0a\x01"
                       "a\x0a\x01"
                       "b",
                       6),  // text twice
           std::string("\x10\x01\x0a\x01"
                       "a",
                       5),                                      // out of order
           std::string("\x92\x01\x01\x01\x92\x01\x01\x02", 8),  // two packed
           std::string("\x90\x01\x01\x92\x01\x01\x02", 7),
           std::string("\x92\x01\x00", 3),  // an empty packed
           std::string("\xaa\x01\x03\x0a\x01"
                       "a",
                       6),                          // a map
           std::string("\xea\x01\x02\x08\x01", 5),  // a Duration
           std::string("\xba\x01\x01"
                       "a\xc0\x01\x01",
                       6),                  // two of a oneof
           std::string("\xf8\x07\x01", 3),  // unknown field 127
           std::string("\x0a\x01\xff", 3),  // not UTF-8
           std::string("\x0a\x05"
                       "ab",
                       4),                                          // truncated
           std::string("\x11\x01\x02\x03\x04\x05\x06\x07\x08", 9),  // wire type
           std::string("\x70\x02", 2),                              // bool 2
           std::string("\x65\x01\x00\x00\x00", 5),  // a subnormal float
       }) {
    std::string out;
    EXPECT_FALSE(
        WireToJson(false).Append(*demo::Sample::descriptor(), binary, &out))
        << testing::PrintToString(binary) << " printed " << out;
  }
}

TEST(WireToJson, LeavesTheWellKnownTypesToProtobuf) {
  pb::Any any;
  any.set_type_url("type.googleapis.com/demo.Tick");
  std::string out;
  EXPECT_FALSE(WireToJson(false).Append(*pb::Any::descriptor(),
                                        any.SerializeAsString(), &out));
}

TEST(WireToJson, PrintsTimestampsAsProtobufDoes) {
  const int64_t kSeconds[] = {0,
                              1,
                              -1,
                              86399,
                              86400,
                              -86400,
                              -86401,
                              951782400,
                              951868799,
                              1709208000,
                              4107542399,
                              -62135596800,
                              -62135596799,
                              253402300799,
                              946684799,
                              -2208988801,
                              13574563200,
                              68956300800};
  const int32_t kNanos[] = {0,      1,         999999999, 500000000,
                            120000, 123456789, 1000,      100000000};
  for (int64_t seconds : kSeconds) {
    for (int32_t nanos : kNanos) {
      demo::Sample message;
      message.mutable_when()->set_seconds(seconds);
      message.mutable_when()->set_nanos(nanos);
      EXPECT_EQ(Printed(message.SerializeAsString()),
                PrintedByProtobuf(message))
          << seconds << "s " << nanos << "ns";
    }
  }
  demo::Sample unset_but_present;
  unset_but_present.mutable_when();
  EXPECT_EQ(Printed(unset_but_present.SerializeAsString()),
            "{\"when\":\"1970-01-01T00:00:00Z\"}");
}

TEST(WireToJson, LeavesTimestampsOutOfRangeToProtobuf) {
  struct Case {
    int64_t seconds;
    int32_t nanos;
  } cases[] = {{-62135596801, 0},
               {253402300800, 0},
               {0, -1},
               {0, 1000000000},
               {std::numeric_limits<int64_t>::min(), 0}};
  for (const Case& c : cases) {
    demo::Sample message;
    message.mutable_when()->set_seconds(c.seconds);
    message.mutable_when()->set_nanos(c.nanos);
    std::string out;
    EXPECT_FALSE(WireToJson(false).Append(*demo::Sample::descriptor(),
                                          message.SerializeAsString(), &out))
        << c.seconds << "s " << c.nanos << "ns printed " << out;
  }
  // Nanos before seconds, as protobuf never writes them.
  std::string reversed = "\xe2\x01\x04\x10\x01\x08\x01";
  std::string out;
  EXPECT_FALSE(
      WireToJson(false).Append(*demo::Sample::descriptor(), reversed, &out));
}

TEST(WireToJson, EscapesStringsAsProtobufDoes) {
  std::string out;
  ASSERT_TRUE(
      AppendJsonString("a\"\\/<>&\x01\x7f\xc2\x80\xe2\x80\xa8"
                       "\xf3\xa0\x80\x81\xc3\xa9",
                       &out));
  EXPECT_EQ(out,
            R"("a\"\\/\u003c\u003e&\u0001\u007f\u0080\u2028\udb40\udc01é")");
  out.clear();
  EXPECT_FALSE(AppendJsonString("\xed\xa0\x80", &out));  // a surrogate
}

}  // namespace
}  // namespace rpccli
