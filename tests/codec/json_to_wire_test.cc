#include "codec/json_to_wire.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>

#include "base/base64.h"
#include "demo.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// What the fast path makes of `json`, parsed; fails the test if it
// declines.
demo::Sample Converted(const std::string& json) {
  JsonToWire converter;
  std::string binary;
  demo::Sample message;
  EXPECT_TRUE(converter.Convert(*demo::Sample::descriptor(), json, &binary))
      << json;
  EXPECT_TRUE(message.ParseFromString(binary)) << json;
  return message;
}

// What protobuf's converter makes of it.
demo::Sample Expected(const std::string& json) {
  demo::Sample message;
  EXPECT_TRUE(pb::util::JsonStringToMessage(json, &message).ok()) << json;
  return message;
}

bool Declines(const std::string& json) {
  JsonToWire converter;
  std::string binary;
  return !converter.Convert(*demo::Sample::descriptor(), json, &binary);
}

TEST(JsonToWire, ConvertsEveryPlainFieldKindAsProtobufDoes) {
  for (const std::string json : {
           R"({"text":"hi","int32Value":-5,"int64Value":"9007199254740993",
               "uint32Value":4000000000,"uint64Value":"18446744073709551615",
               "sint32Value":-1,"sint64Value":"-2","fixed32Value":1,
               "fixed64Value":"2","sfixed32Value":-3,"sfixed64Value":"-4",
               "floatValue":1.5,"doubleValue":-2.5e-3,"flag":true,
               "blob":"AP8=","color":"BLUE","point":{"x":1,"y":2},
               "numbers":[1,-2],"path":[{"x":3},{}],"colors":["RED",2],
               "counts":{"a":"1","b":-7},"pointsById":{"-7":{"y":1}},
               "label":"l","maybe":0,"shownAs":"d","language":"FRENCH"})",
           // Field names as in the .proto, numbers as strings, and space.
           R"( { "int32_value" : "12" , "display_name" : "x" ,
                 "spot" : { "x" : 1 } , "uint64_value" : 0 } )",
           // Escapes, and UTF-8 both raw and escaped.
           R"({"text":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 中",
               "counts":{"\u00e9":1,"":2},"blob":"AP_-"})",
           R"({"doubleValue":"Infinity","floatValue":"-Infinity"})",
           R"({"int32Value":-2147483648,"int64Value":-9223372036854775808,
               "sint64Value":"-9223372036854775808","uint32Value":4294967295})",
       }) {
    EXPECT_TRUE(
        pb::util::MessageDifferencer::Equals(Converted(json), Expected(json)))
        << json;
  }
}

TEST(JsonToWire, WritesWireFormat) {
  JsonToWire converter;
  std::string binary;
  ASSERT_TRUE(converter.Convert(*demo::Sample::descriptor(),
                                R"({"int32Value": 150})", &binary));
  EXPECT_EQ(binary, std::string("\x10\x96\x01", 3));  // field 2, varint 150
  // Repeated numbers are packed: one record for all.
  ASSERT_TRUE(converter.Convert(*demo::Sample::descriptor(),
                                R"({"numbers": [1, 2]})", &binary));
  EXPECT_EQ(binary, std::string("\x92\x01\x02\x01\x02", 5));
}

// JSON's -0 is a number like -0.0; protobuf's converter reads it as the
// integer 0, which the schema never meant for a double.
TEST(JsonToWire, MinusZeroIsTheNegativeZeroOfADoubleOrFloat) {
  demo::Sample message = Converted(R"({"doubleValue": -0, "floatValue": -0})");
  EXPECT_TRUE(std::signbit(message.double_value()));
  EXPECT_TRUE(std::signbit(message.float_value()));
}

TEST(JsonToWire, RecordsLongerThanOneLengthByte) {
  // A length past 127 takes two bytes, known only after the content.
  std::string key(300, 'k');
  std::string blob = Base64Encode(std::string(300, '\xfe'));
  demo::Sample message =
      Converted(R"({"counts":{")" + key + R"(":5},"blob":")" + blob +
                R"(","path":[{"x":1},{"y":2}],"point":{"x":-1}})");
  EXPECT_EQ(message.counts().at(key), 5);
  EXPECT_EQ(message.blob(), std::string(300, '\xfe'));
  ASSERT_EQ(message.path_size(), 2);
  EXPECT_EQ(message.path(1).y(), 2);
  EXPECT_EQ(message.point().x(), -1);

  std::string json = R"({"counts":{)";
  for (int i = 0; i < 100; ++i) {
    json += (i ? "," : "") + ("\"key" + std::to_string(i) + "\":") +
            std::to_string(i * 1000);
  }
  json += "}}";
  EXPECT_TRUE(
      pb::util::MessageDifferencer::Equals(Converted(json), Expected(json)));
}

// What the fast path leaves to protobuf's converter, which either handles
// it its own way or words the error.
TEST(JsonToWire, DeclinesWhatProtobufTreatsItsOwnWay) {
  for (const std::string json : {
           R"({"text": null})",
           R"({"when": "2024-01-02T03:04:05Z"})",  // well-known types
           R"({"limit": "5"})",
           R"({"anything": 1})",
           R"({"unknown": 1})",
           R"({"text": "a", "text": "b"})",  // a field twice
           R"({"text": "a", "text": "a"})",
           R"({"int32Value": 1, "int32_value": 1})",
           R"({"label": "a", "code": 1})",     // two of one oneof
           R"({"counts": {"a": 1, "a": 2}})",  // a map key twice
           R"({"int32Value": 1.0})",           // integers written oddly
           R"({"int32Value": 1e2})",
           R"({"int32Value": "01"})",
           R"({"int32Value": " 1"})",
           R"({"int32Value": -0})",
           R"({"int32Value": 2147483648})",  // out of range
           R"({"uint32Value": -1})",
           R"({"int64Value": "9223372036854775808"})",
           R"({"uint64Value": "18446744073709551616"})",
           R"({"floatValue": 1e39})",
           R"({"doubleValue": 1e400})",
           R"({"doubleValue": 1e-320})",            // subnormal
           R"({"doubleValue": 9007199254740993})",  // integers past 2^53
           R"({"doubleValue": "1.5"})",
           R"({"color": "PURPLE"})",  // enum values undefined
           R"({"color": 7})",
           R"({"color": "2"})",
           R"({"flag": "true"})",
           R"({"flag": 1})",
           R"({"text": "\ud83d"})",  // a lone surrogate
           "{\"text\": \"\xff\"}",   // not UTF-8
           "{\"text\": \"a\tb\"}",   // a raw control character
           R"({"text": "\x41"})",
           R"({"blob": "AP_+"})",  // two base64 alphabets
           R"({"blob": "AQ="})",   // half-padded
           R"({"blob": "AR=="})",  // stray bits
           R"({"blob": "A"})",
           R"({"numbers": [1, null]})",
           R"({"numbers": 1})",
           R"({"point": [1]})",
           R"({"pointsById": {"x": {}}})",
           R"({"pointsById": {"1": null}})",
           R"({"counts": {"a": "1.5"}})",
           R"({"text": "a"} {)",  // more than one value
           R"({"text": "a",})",
           R"([{"text": "a"}])",
           R"("text")",
           "",
       }) {
    EXPECT_TRUE(Declines(json)) << json;
  }
}

TEST(JsonToWire, LeavesTheWellKnownTypesToProtobuf) {
  // As a Value, this JSON is a Struct with a key "numberValue".
  JsonToWire converter;
  std::string binary;
  EXPECT_FALSE(converter.Convert(*pb::Value::descriptor(),
                                 R"({"numberValue": 1})", &binary));
}

TEST(JsonToWire, DeclinesNestingPastItsDepth) {
  pb::FileDescriptorProto file;
  ASSERT_TRUE(pb::TextFormat::ParseFromString(R"(
      name: "node.proto" syntax: "proto3"
      message_type { name: "Node"
        field { name: "child" number: 1 label: LABEL_OPTIONAL
                type: TYPE_MESSAGE type_name: ".Node" } })",
                                              &file));
  pb::DescriptorPool pool;
  ASSERT_NE(pool.BuildFile(file), nullptr);
  const pb::Descriptor& node = *pool.FindMessageTypeByName("Node");
  auto nested = [](int depth) {
    std::string json;
    for (int i = 0; i < depth; ++i) json += R"({"child":)";
    json += "{}";
    for (int i = 0; i < depth; ++i) json += "}";
    return json;
  };
  JsonToWire converter;
  std::string binary;
  EXPECT_TRUE(converter.Convert(node, nested(30), &binary));
  EXPECT_FALSE(converter.Convert(node, nested(40), &binary));
}

}  // namespace
}  // namespace rpccli
