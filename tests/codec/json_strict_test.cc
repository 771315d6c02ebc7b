#include "codec/json_strict.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "demo.pb.h"
#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The fault in `json` as a demo.Sample, as "LINE:COLUMN: what"; "" if none.
std::string Fault(const std::string& json) {
  std::string what;
  int line = 0, column = 0;
  if (CheckJsonStrictly(*demo::Sample::descriptor(), json, &what, &line,
                        &column)) {
    return "";
  }
  return std::to_string(line) + ":" + std::to_string(column) + ": " + what;
}

// protobuf reads -0 as the integer 0, so a double would get +0: each -0
// where a double or float is meant is found, and rewritten as -0.0.
TEST(CheckJsonStrictly, FindsEachMinusZeroMeantAsADouble) {
  const std::string json =
      R"({"doubleValue": -0, "int32Value": -0, "floatValue": -0,)"
      R"( "anything": [-0, -0.0, "-0"], "attributes": {"a": -0}})";
  std::string what;
  int line = 0, column = 0;
  JsonStrictFindings found;
  ASSERT_TRUE(CheckJsonStrictly(*demo::Sample::descriptor(), json, &what, &line,
                                &column, &found))
      << what;
  std::vector<size_t> expected;
  for (const char* before : {"\"doubleValue\": ", "\"floatValue\": ",
                             "\"anything\": [", "\"a\": "}) {
    expected.push_back(json.find(before) + std::string(before).size());
  }
  EXPECT_EQ(found.negative_zeros, expected);

  demo::Sample sent;
  ASSERT_TRUE(pb::util::JsonStringToMessage(
                  WithNegativeZerosAsDoubles(json, found.negative_zeros), &sent)
                  .ok());
  EXPECT_TRUE(std::signbit(sent.double_value()));
  EXPECT_TRUE(std::signbit(sent.float_value()));
  EXPECT_TRUE(
      std::signbit(sent.anything().list_value().values(0).number_value()));
  EXPECT_TRUE(std::signbit(sent.attributes().fields().at("a").number_value()));
  EXPECT_EQ(sent.int32_value(), 0);
}

TEST(CheckJsonStrictly, AFieldGivenTwiceIsAFaultAtItsSecondKey) {
  EXPECT_EQ(Fault(R"({"text": "a", "text": "b"})"),
            "1:15: field \"text\" is given twice");
  EXPECT_EQ(Fault("{\"int32_value\": 1,\n \"int32Value\": 2}"),
            "2:2: field \"int32_value\" is given twice (as \"int32_value\" "
            "and as \"int32Value\")");
  EXPECT_EQ(Fault(R"({"point": {"x": 1, "x": 2}})"),
            "1:20: field \"point.x\" is given twice");
  EXPECT_EQ(Fault(R"({"label": "a", "code": 2})"),
            "1:16: fields \"label\" and \"code\" are both set, but they are "
            "of one oneof (choice)");
  // null is "not set", as protobuf reads it.
  EXPECT_EQ(Fault(R"({"label": null, "code": 2})"), "");
}

TEST(CheckJsonStrictly, AMapKeyOrAStructKeyGivenTwice) {
  EXPECT_EQ(Fault(R"({"counts": {"a": 1, "a": 2}})"),
            "1:21: field \"counts\": the key \"a\" is given twice");
  EXPECT_EQ(Fault(R"({"attributes": {"k": [{"b": 1, "b": 2}]}})"),
            "1:32: field \"attributes.k[0]\": the key \"b\" is given twice");
}

TEST(CheckJsonStrictly, ABoolIsTrueOrFalse) {
  EXPECT_EQ(Fault(R"({"flag": "yes"})"),
            "1:10: field \"flag\": \"yes\" is not a bool (true or false)");
  EXPECT_EQ(Fault(R"({"flag": 1})"),
            "1:10: field \"flag\": 1 is not a bool (true or false)");
  EXPECT_EQ(Fault(R"({"flag": true})"), "");
  EXPECT_EQ(Fault(R"({"flag": null})"), "");
}

TEST(CheckJsonStrictly, SixtyFourBitIntegersStayInTheirRange) {
  EXPECT_EQ(Fault(R"({"int64Value": -9223372036854775809})"),
            "1:16: field \"int64Value\": -9223372036854775809 is out of "
            "range for int64");
  EXPECT_EQ(Fault(R"({"int64Value": "9223372036854775808"})"),
            "1:16: field \"int64Value\": \"9223372036854775808\" is out of "
            "range for int64");
  EXPECT_EQ(Fault(R"({"uint64Value": -1})"),
            "1:17: field \"uint64Value\": -1 is out of range for uint64");
  EXPECT_EQ(Fault(R"({"int64Value": -9223372036854775808})"), "");
  EXPECT_EQ(Fault(R"({"uint64Value": "18446744073709551615"})"), "");
  EXPECT_EQ(Fault(R"({"sint64Value": "-000009"})"), "");
  // 32-bit integers say so too, as written.
  EXPECT_EQ(Fault(R"({"int32Value": 2147483648})"),
            "1:16: field \"int32Value\": 2147483648 is out of range for int32");
  EXPECT_EQ(Fault(R"({"uint32Value": "-1"})"),
            "1:17: field \"uint32Value\": \"-1\" is out of range for uint32");
  EXPECT_EQ(
      Fault(R"({"sfixed32Value": -2147483648, "fixed32Value": 4294967295})"),
      "");
  // A wrapper written as an object is checked as any message is.
  EXPECT_EQ(Fault(R"({"limit": {"value": 9223372036854775808}})"),
            "1:21: field \"limit.value\": 9223372036854775808 is out of range "
            "for int64");
  EXPECT_EQ(Fault(R"({"limit": {"value": 1, "value": 2}})"),
            "1:24: field \"limit.value\" is given twice");
}

TEST(CheckJsonStrictly, AWholeNumberWithAFractionOrExponentIsSentExactly) {
  // Through a double, 2^53 + 1 would be sent as 2^53.
  EXPECT_EQ(Fault(R"({"int64Value": 9007199254740993.0})"),
            "1:16: field \"int64Value\": 9007199254740993.0 has a fraction or "
            "exponent, which protobuf reads through a double that cannot hold "
            "it exactly; write it as 9007199254740993");
  EXPECT_EQ(Fault(R"({"limit": -9.007199254740993e15})"),
            "1:11: field \"limit\": -9.007199254740993e15 has a fraction or "
            "exponent, which protobuf reads through a double that cannot hold "
            "it exactly; write it as -9007199254740993");
  EXPECT_EQ(Fault(R"({"limit": "9223372036854775808"})"),
            "1:11: field \"limit\": \"9223372036854775808\" is out of range "
            "for int64");
  EXPECT_EQ(Fault(R"({"uint64Value": 2e19})"),
            "1:17: field \"uint64Value\": 2e19 is out of range for uint64");
  EXPECT_EQ(Fault(R"({"int64Value": 1e999999})"),
            "1:16: field \"int64Value\": 1e999999 is out of range for int64");
  EXPECT_EQ(Fault(R"({"int64Value": 9223372036854775807.0})"),
            "1:16: field \"int64Value\": 9223372036854775807.0 has a fraction "
            "or exponent, which protobuf reads through a double that cannot "
            "hold it exactly; write it as 9223372036854775807");
  // Not whole, though a double rounds it to a whole number that protobuf
  // then sent: 0, -1, 12345678901234568.
  for (const char* number :
       {"1e-400", "-0.99999999999999999", "12345678901234567.5", "1.5",
        "1e-5"}) {
    EXPECT_EQ(Fault(std::string(R"({"int64Value": )") + number + "}"),
              std::string("1:16: field \"int64Value\": ") + number +
                  " is not a valid int64 (not a whole number)");
  }
  EXPECT_EQ(Fault(R"({"counts": {"a": 2.00000000000000001}})"),
            "1:18: field \"counts[\"a\"]\": 2.00000000000000001 is not a "
            "valid int64 (not a whole number)");
  // Exact through a double, or zero.
  for (const char* fine :
       {R"({"int64Value": 1e18})", R"({"int64Value": 1.5e17})",
        R"({"int64Value": -9223372036854775808.0})",
        R"({"uint64Value": 1.6e19})", R"({"int64Value": 9.007199254740992e15})",
        R"({"int64Value": 120e-1})", R"({"int64Value": -0.0})",
        R"({"int64Value": 0e99999})", R"({"limit": 12})",
        R"({"limit": {"value": 1}})"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
}

TEST(CheckJsonStrictly, ListsAndMapsHoldWhatWasWrittenOnly) {
  // protobuf drops a null element, flattens a list in a list, takes a
  // single value for a list and "01" for the key 1: each a fault here.
  EXPECT_EQ(Fault(R"({"numbers": [1, null]})"),
            "1:17: field \"numbers[1]\": null is not an element of a repeated "
            "int32 field");
  EXPECT_EQ(Fault(R"({"numbers": [[1], [2]]})"),
            "1:14: field \"numbers[0]\": an array is not an element of a "
            "repeated int32 field");
  EXPECT_EQ(Fault(R"({"path": {"x": 1}})"),
            "1:10: field \"path\": expected an array (the field is repeated), "
            "found an object");
  EXPECT_EQ(Fault(R"({"counts": {"a": null}})"),
            "1:18: field \"counts[\"a\"]\": null is not a map value");
  EXPECT_EQ(Fault(R"({"pointsById": {"1": {}, "01": {}}})"),
            "1:26: field \"pointsById\": the key \"01\" is not an integer as "
            "written plainly (no + or leading zero)");
  EXPECT_EQ(Fault(R"({"pointsById": {"x": {}}})"),
            "1:17: field \"pointsById\": the key \"x\" is not a valid int32");
  for (const char* fine :
       {R"({"numbers": []})", R"({"numbers": null})", R"({"counts": {}})",
        R"({"pointsById": {"-5": {}, "0": {}}})"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
}

TEST(CheckJsonStrictly, AFreeFormNumberPastADoubleIsNamedWhereItIs) {
  EXPECT_EQ(Fault(R"({"attributes": {"a": [1, -1e999]}})"),
            "1:26: -1e999 is out of range for a JSON number (a double)");
  EXPECT_EQ(Fault(R"({"anything": 1e300})"), "");
}

TEST(CheckJsonStrictly, NullIsNotSetButStillAKeyGiven) {
  EXPECT_EQ(Fault(R"({"label": "a", "label": null})"),
            "1:16: field \"label\" is given twice");
  EXPECT_EQ(Fault(R"({"label": null, "code": 1})"), "");  // one oneof member
}

TEST(CheckJsonStrictly, AWholeNumberIsWhatADoubleWouldRoundTo) {
  EXPECT_EQ(Fault(R"({"int32Value": 0.99999999999999999999})"),
            "1:16: field \"int32Value\": 0.99999999999999999999 is not a "
            "valid int32 (not a whole number)");
  EXPECT_EQ(Fault(R"({"int32Value": 1e2})"), "");
  EXPECT_EQ(Fault(R"({"doubleValue": 0.99999999999999999999})"), "");
}

TEST(CheckJsonStrictly, ANumberPastADoublesRangeIsNamedWithItsField) {
  EXPECT_EQ(Fault("{\n  \"doubleValue\": 1e400}"),
            "2:18: field \"doubleValue\": 1e400 is out of range for double");
  EXPECT_EQ(Fault(R"({"int32Value": -1e400})"),
            "1:16: field \"int32Value\": -1e400 is out of range for int32");
  EXPECT_EQ(Fault(R"({"doubleValue": 1e300})"), "");
}

TEST(CheckJsonStrictly, AStringThatIsNotUtf8OrHasALoneSurrogate) {
  // Each says which fault, and points at it, not at the string's start.
  EXPECT_EQ(Fault("{\"text\": \"ab\xff\"}"),
            "1:13: field \"text\": a byte that is not UTF-8");
  EXPECT_EQ(Fault("{\"text\": \"\\n\xc3\"}"),
            "1:13: field \"text\": a byte that is not UTF-8");
  EXPECT_EQ(Fault(R"({"text": "x\ud800y"})"),
            "1:12: field \"text\": a lone surrogate (a high one, \\uD800 to "
            "\\uDBFF, with no low one after it)");
  EXPECT_EQ(Fault(R"({"text": "x\udc00"})"),
            "1:12: field \"text\": a lone surrogate (a low one, \\uDC00 to "
            "\\uDFFF, with no high one before it)");
  EXPECT_EQ(Fault(R"({"text": "x\q"})"),
            "1:12: field \"text\": an escape JSON does not have (it has \\\" "
            "\\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)");
  EXPECT_EQ(Fault(R"({"counts": {"\ud800": 1}})"),
            "1:14: field \"counts\": a key has a lone surrogate (a high one, "
            "\\uD800 to \\uDBFF, with no low one after it)");
  EXPECT_EQ(Fault(R"({"text": "caf\u00e9 \ud83d\ude00"})"), "");
}

TEST(CheckJsonStrictly, FreeFormJsonNestsAtMost32Levels) {
  auto lists = [](int n) {
    return R"({"anything": )" + std::string(n, '[') + std::string(n, ']') + "}";
  };
  EXPECT_EQ(Fault(lists(32)), "");
  EXPECT_EQ(Fault(lists(33)),
            "1:46: a value nested more than 32 levels deep (rpccli's limit, "
            "which keeps what it sends printable)");
  std::string objects = R"({"attributes": )";
  for (int i = 0; i < 40; ++i) objects += R"({"a": )";
  objects += "1" + std::string(41, '}');
  EXPECT_NE(Fault(objects), "");
  // A hundred thousand levels end at the limit, at once.
  EXPECT_NE(Fault(lists(100000)), "");
}

// protobuf's parser counts every object, a message's or one it skips
// (with --allow-unknown-fields), and stops at 100 with no position.
TEST(CheckJsonStrictly, ObjectsNestAtMost100LevelsWhateverTheyAre) {
  auto nested = [](int objects) {
    std::string json = R"({"point": {"zz": )";
    for (int i = 0; i < objects; ++i) json += R"({"a": )";
    json += "1";
    for (int i = 0; i < objects; ++i) json += "}";
    return json + "}}";
  };
  EXPECT_EQ(Fault(nested(98)), "");
  EXPECT_EQ(Fault(nested(99)),
            "1:606: an object nested more than 100 levels deep, past what "
            "protobuf's JSON parser takes");
}

TEST(CheckJsonStrictly, BytesAreBase64) {
  EXPECT_EQ(Fault(R"({"blob": "not base64!"})"),
            "1:10: field \"blob\": \"not base64!\" is not base64, which JSON "
            "writes bytes in");
  EXPECT_EQ(Fault(R"({"blob": "AAE="})"), "");
  EXPECT_EQ(Fault(R"({"blob": "_-8"})"), "");  // URL-safe, unpadded
  // Shown as written: the string read holds a newline, which would break
  // the error's line.
  EXPECT_EQ(Fault(R"({"blob": "Y\nQ=="})"),
            "1:10: field \"blob\": \"Y\\nQ==\" is not base64, which JSON "
            "writes bytes in");
}

// Lists and maps of the free-form types, whose elements and values may be
// null or a list: a message of them, over the generated pool.
class FreeFormElementsTest : public testing::Test {
 protected:
  void SetUp() override {
    (void)pb::Value::descriptor();  // links struct.proto
    const char* proto = R"(
      syntax = "proto3";
      package t;
      import "google/protobuf/struct.proto";
      message M {
        repeated google.protobuf.Value values = 1;
        repeated google.protobuf.ListValue rows = 2;
        repeated google.protobuf.NullValue nulls = 3;
        map<string, google.protobuf.Value> settings = 4;
        map<string, google.protobuf.NullValue> null_by_name = 5;
        map<string, google.protobuf.ListValue> lists = 6;
      })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    type_ = pool_.FindMessageTypeByName("t.M");
  }

  std::string Fault(const std::string& json) {
    std::string what;
    int line = 0, column = 0;
    if (CheckJsonStrictly(*type_, json, &what, &line, &column)) return "";
    return std::to_string(line) + ":" + std::to_string(column) + ": " + what;
  }

  // Whether protobuf reads `json` as a t.M.
  bool ProtobufReads(const std::string& json) {
    pb::DynamicMessageFactory factory(&pool_);
    std::unique_ptr<pb::Message> message(factory.GetPrototype(type_)->New());
    return pb::util::JsonStringToMessage(json, message.get()).ok();
  }

  pb::DescriptorPool pool_{pb::DescriptorPool::generated_pool()};
  const pb::Descriptor* type_ = nullptr;
};

TEST_F(FreeFormElementsTest, NullAndListsAreValuesOfTheFreeFormTypes) {
  for (const char* fine :
       {R"({"values": [null, [1, [2]], {"a": null}, "s"]})",
        R"({"rows": [[1, null], []]})", R"({"nulls": [null, null]})",
        R"({"settings": {"a": null, "b": [null]}})",
        R"({"nullByName": {"a": null}})", R"({"lists": {"a": [1]}})"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
    EXPECT_TRUE(ProtobufReads(fine)) << fine;
  }
  // A ListValue is a list, not null: protobuf would drop the element.
  EXPECT_EQ(Fault(R"({"rows": [null]})"),
            "1:11: field \"rows[0]\": null is not an element of a repeated "
            "message field");
  EXPECT_EQ(Fault(R"({"lists": {"a": null}})"),
            "1:17: field \"lists[\"a\"]\": null is not a map value");
}

TEST(CheckJsonStrictly, ANumberTooSmallForItsTypeIsNotSentAsZero) {
  EXPECT_EQ(Fault(R"({"doubleValue": 1e-400})"),
            "1:17: field \"doubleValue\": 1e-400 is too small for double, "
            "which would send it as 0");
  EXPECT_EQ(Fault(R"({"floatValue": -1e-50})"),
            "1:16: field \"floatValue\": -1e-50 is too small for float, "
            "which would send it as 0");
  EXPECT_EQ(Fault(R"({"doubleValue": "1e-400"})"),
            "1:17: field \"doubleValue\": \"1e-400\" is too small for "
            "double, which would send it as 0");
  EXPECT_EQ(Fault(R"({"anything": [1, 1e-400]})"),
            "1:18: 1e-400 is too small for a JSON number (a double), which "
            "would send it as 0");
  for (const char* fine :
       {R"({"doubleValue": "NaN"})", R"({"doubleValue": "-Infinity"})",
        R"({"doubleValue": "1.5"})", R"({"doubleValue": 1e-310})",
        R"({"doubleValue": 0e-999})", R"({"doubleValue": -0.0})",
        R"({"floatValue": 1e-40})"}) {
    EXPECT_EQ(Fault(fine), "") << fine;  // subnormal, or written as 0
  }
}

// strtod, which protobuf reads a quoted number with, takes hex and "inf".
TEST(CheckJsonStrictly, ANumberInAStringIsWrittenAsJsonWritesNumbers) {
  EXPECT_EQ(Fault(R"({"doubleValue": "0x1p-1080"})"),
            "1:17: field \"doubleValue\": \"0x1p-1080\" is not a valid double "
            "(in a string, a number is written as JSON writes one, or NaN, "
            "Infinity, -Infinity)");
  EXPECT_EQ(Fault(R"({"floatValue": "inf"})"),
            "1:16: field \"floatValue\": \"inf\" is not a valid float (in a "
            "string, a number is written as JSON writes one, or NaN, "
            "Infinity, -Infinity)");
  for (const char* fine :
       {R"({"doubleValue": "NaN"})", R"({"doubleValue": "-Infinity"})",
        R"({"doubleValue": "-1.5e3"})", R"({"floatValue": "0"})"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
}

// protobuf quotes what it quotes: 5 became "5" in its error.
TEST(CheckJsonStrictly, ATimeWrittenAsANumberIsSaidAsWritten) {
  EXPECT_EQ(Fault(R"({"when": 1704067200})"),
            "1:10: field \"when\": 1704067200 is not a valid "
            "google.protobuf.Timestamp, which JSON writes as a string in RFC "
            "3339, such as \"2024-02-29T12:00:00Z\"");
  EXPECT_EQ(Fault(R"({"timeout": true})"),
            "1:13: field \"timeout\": true is not a valid "
            "google.protobuf.Duration, which JSON writes as a string of "
            "seconds ending in s, such as \"1.5s\"");
  EXPECT_EQ(Fault(R"({"when": null, "timeout": {"seconds": 1}})"), "");
}

// protobuf drops a name the enum lacks with --allow-unknown-fields (a list
// would shift); a number in a string it reads as the number.
TEST(CheckJsonStrictly, AnEnumNameIsOneOfTheEnums) {
  EXPECT_EQ(Fault(R"({"colors": ["RED", "NOPE"]})"),
            "1:20: field \"colors[1]\": \"NOPE\" is not a valid "
            "demo.Sample.Color (one of COLOR_UNSPECIFIED, RED, GREEN, BLUE)");
  EXPECT_EQ(Fault(R"({"color": "BLUE", "colors": ["2", 1]})"), "");
}

TEST(CheckJsonStrictly, TimesKeepEveryDigitWritten) {
  EXPECT_EQ(Fault(R"({"when": "2024-01-01T00:00:00.1234567891Z"})"),
            "1:10: field \"when\": \"2024-01-01T00:00:00.1234567891Z\" has "
            "more than 9 fractional digits; a Timestamp holds nanoseconds at "
            "most");
  EXPECT_EQ(Fault(R"({"timeout": "1.0000000001s"})"),
            "1:13: field \"timeout\": \"1.0000000001s\" has more than 9 "
            "fractional digits; a Duration holds nanoseconds at most");
  EXPECT_EQ(Fault(R"({"when": "2024-01-01T00:00:00.123456789+01:00"})"), "");
  EXPECT_EQ(Fault(R"({"timeout": "-1.5s"})"), "");
  EXPECT_EQ(Fault(R"({"timeout": "1.0000000000s"})"), "");  // zeros lose none
  EXPECT_EQ(Fault(R"({"timeout": "-315576000001s"})"),
            "1:13: field \"timeout\": \"-315576000001s\" is out of range for a "
            "Duration (at most 315576000000 s, 10,000 years, either way)");
  EXPECT_EQ(Fault(R"({"timeout": "315576000000.5s"})"), "");  // in range
  // protobuf skips spaces and a second sign.
  for (const char* odd : {" 1s", "1 s", "- 1s", "-+1s"}) {
    EXPECT_EQ(Fault(std::string(R"({"timeout": ")") + odd + "\"}"),
              std::string("1:13: field \"timeout\": \"") + odd +
                  "\" is not a valid google.protobuf.Duration (seconds ending "
                  "in s, such as \"1.5s\")");
  }
  EXPECT_EQ(Fault(R"({"timeout": "+1s"})"), "");
}

TEST(CheckJsonStrictly, AMapIsAnObjectAndAKeyNamesAField) {
  EXPECT_EQ(Fault(R"({"counts": []})"),
            "1:12: field \"counts\": expected an object (the field is a "
            "map), found an array");
  EXPECT_EQ(Fault(R"({"point": {"": 1}})"),
            "1:12: an empty key (\"\") names no field of demo.Sample.Point");
}

TEST(CheckJsonStrictly, WhatProtobufReportsItselfPasses) {
  EXPECT_EQ(Fault(R"({"nope": 1, "text": 5})"), "");  // unknown, wrong type
  EXPECT_EQ(Fault(R"({"text": )"), "");               // not JSON
  EXPECT_EQ(Fault(R"({"path": [{"x": 1}, {"y": 2, "y": 3}]})"),
            "1:30: field \"path[1].y\" is given twice");
  EXPECT_EQ(Fault(R"({"counts": {"a": 1, "b": "9223372036854775808"}})"),
            "1:26: field \"counts[\"b\"]\": \"9223372036854775808\" is out of "
            "range for int64");
}

// A message named as a well-known type, but not it: protobuf's parser
// goes by the name and named fields the user never wrote ("t.nanos").
TEST(CheckJsonStrictly, AWellKnownNameThatIsNotTheTypeHasNoJsonForm) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package google.protobuf;
      message Timestamp { string iso = 1; })",
                           "google/protobuf/timestamp.proto"),
            nullptr);
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package s;
      import "google/protobuf/timestamp.proto";
      message M { google.protobuf.Timestamp t = 1; })"),
            nullptr);
  for (const char* value : {"\"1970-01-01T00:00:01Z\"", "5", "[1]"}) {
    std::string what;
    int line = 0, column = 0;
    EXPECT_FALSE(CheckJsonStrictly(*pool.FindMessageTypeByName("s.M"),
                                   std::string("{\"t\": ") + value + "}",
                                   &what, &line, &column));
    EXPECT_EQ(std::to_string(line) + ":" + std::to_string(column) + ": " + what,
              "1:7: field \"t\": a google.protobuf.Timestamp that is not "
              "protobuf's own (the schema defines one of that name) has no "
              "JSON form: give it in text format (--format text)");
  }
}

// JSON names an extension "[pkg.ext]"; protobuf 3.21's converter takes
// none, and --allow-unknown-fields would drop it without a word.
TEST(CheckJsonStrictly, AnExtensionIsRefusedWhereItIsWithTheWayToSendIt) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto2";
      package e;
      message M { optional int32 x = 1; extensions 100 to 200; }
      extend M { optional int32 ext = 100; })"),
            nullptr);
  std::string what;
  int line = 0, column = 0;
  EXPECT_FALSE(CheckJsonStrictly(*pool.FindMessageTypeByName("e.M"),
                                 "{\"x\": 1,\n \"[e.ext]\": 5}", &what, &line,
                                 &column));
  EXPECT_EQ(std::to_string(line) + ":" + std::to_string(column) + ": " + what,
            "2:2: \"[e.ext]\": protobuf 3.21 cannot set extensions from "
            "JSON; give the request in text format (--format text), where it "
            "is [e.ext]: VALUE");
}

// null leaves a field unset, but protobuf sends a list of Value or
// NullValue given null as a list of one null.
TEST(CheckJsonStrictly, NullForAListOfNullsIsRefused) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  (void)pb::Value::descriptor();
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package n;
      import "google/protobuf/struct.proto";
      message M {
        repeated google.protobuf.Value values = 1;
        repeated google.protobuf.NullValue nulls = 2;
        google.protobuf.Value value = 3;
        repeated int32 numbers = 4;
      })"),
            nullptr);
  auto fault = [&](const std::string& json) {
    std::string what;
    int line = 0, column = 0;
    if (CheckJsonStrictly(*pool.FindMessageTypeByName("n.M"), json, &what,
                          &line, &column)) {
      return std::string();
    }
    return std::to_string(line) + ":" + std::to_string(column) + ": " + what;
  };
  EXPECT_EQ(fault(R"({"values": null})"),
            "1:2: field \"values\" is a list, and null would be sent as "
            "[null]: write [] for none, or [null]");
  EXPECT_EQ(fault(R"({"nulls": null})"),
            "1:2: field \"nulls\" is a list, and null would be sent as "
            "[null]: write [] for none, or [null]");
  EXPECT_EQ(fault(R"({"values": [null], "nulls": [null], "value": null,)"
                  R"( "numbers": null})"),
            "");
}

// An Any's "@type" is checked where it is written; each Any whose type is
// known is listed with its text, for placing protobuf's complaints.
class AnyTest : public testing::Test {
 protected:
  void SetUp() override {
    (void)pb::Any::descriptor();  // links any.proto
    const char* proto = R"(
      syntax = "proto3";
      package t;
      import "google/protobuf/any.proto";
      message Inner { int32 n = 1; }
      message Box {
        google.protobuf.Any item = 1;
        repeated google.protobuf.Any items = 2;
      })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    box_ = pool_.FindMessageTypeByName("t.Box");
  }

  std::string Fault(const std::string& json) {
    std::string what;
    int line = 0, column = 0;
    found_ = JsonStrictFindings();
    if (CheckJsonStrictly(*box_, json, &what, &line, &column, &found_)) {
      return "";
    }
    return std::to_string(line) + ":" + std::to_string(column) + ": " + what;
  }

  pb::DescriptorPool pool_{pb::DescriptorPool::generated_pool()};
  const pb::Descriptor* box_ = nullptr;
  JsonStrictFindings found_;
  const std::vector<AnyInJson>& anys_ = found_.anys;
};

// protobuf drops an empty path, lower-cases a leading capital, and reads
// capitals in a row as one word.
TEST_F(AnyTest, AFieldMaskPathIsSentAsWritten) {
  const std::string url =
      R"({"item": {"@type": "type.googleapis.com/google.protobuf.FieldMask", )";
  EXPECT_EQ(Fault(url + R"("value": "a,,b"}})"),
            "1:78: field \"item.value\": the FieldMask \"a,,b\" has an empty "
            "path, which protobuf would drop");
  EXPECT_EQ(Fault(url + R"("value": "a.B"}})"),
            "1:78: field \"item.value\": the FieldMask \"a.B\" has a name "
            "starting with a capital (\"a.B\"), which protobuf would send in "
            "lower case; JSON writes field names in lowerCamelCase");
  // lowerCamelCase "fooBAR" is foo_b_a_r, as rpccli prints it; protobuf
  // 3.21 would send foo_bar.
  EXPECT_EQ(Fault(url + R"("value": "x,fooBAR.y"}})"),
            "1:78: field \"item.value\": the FieldMask \"x,fooBAR.y\" has a "
            "path (\"fooBAR.y\") with capitals in a row, which protobuf 3.21 "
            "would send changed; write the names as the .proto does "
            "(\"foo_b_a_r.y\")");
  EXPECT_EQ(Fault(url + R"("value": "foo_Bar"}})"),
            "1:78: field \"item.value\": the FieldMask \"foo_Bar\" has a "
            "path (\"foo_Bar\") with a capital after \"_\": lowerCamelCase "
            "or the .proto's names, not both");
  EXPECT_EQ(Fault(url + R"("value": "fooBar.baz,x,foo_b_a_r,fooBar1"}})"), "");
  EXPECT_EQ(Fault(url + R"("value": ""}})"), "");
}

// A well-known type under an Any's "value" is checked as it is in a field.
TEST_F(AnyTest, AWellKnownTypeWrittenAsItsValueIsCheckedAsInAField) {
  const std::string url = "\"@type\": \"type.googleapis.com/google.protobuf.";
  EXPECT_EQ(Fault(R"({"item": {)" + url + R"(BoolValue", "value": "yes"}})"),
            "1:78: field \"item.value\": \"yes\" is not a bool (true or "
            "false)");
  EXPECT_EQ(Fault(R"({"item": {)" + url +
                  R"(Int64Value", "value": "9223372036854775808"}})"),
            "1:79: field \"item.value\": \"9223372036854775808\" is out of "
            "range for int64");
  EXPECT_EQ(
      Fault(R"({"item": {)" + url + R"(Duration", "value": "1.0000000001s"}})"),
      "1:77: field \"item.value\": \"1.0000000001s\" has more than 9 "
      "fractional digits; a Duration holds nanoseconds at most");
  EXPECT_EQ(Fault(R"({"item": {)" + url + R"(DoubleValue", "value": -0}})"),
            "");
  EXPECT_EQ(found_.negative_zeros.size(), 1u);
}

// rpccli prints an Any of a type it does not know as its bytes; read back,
// the bytes are all there is, and of the type named when it is known.
TEST_F(AnyTest, TheBytesFormHoldsBytesAloneAndOfItsType) {
  const std::string inner = R"("@type": "x.com/t.Inner", )";
  EXPECT_EQ(Fault(R"({"item": {)" + inner + R"("@value": "CAE=", "n": 2}})"),
            "1:55: field \"item\": an Any given as \"@value\" (its bytes) has "
            "\"@type\" and \"@value\" only, not \"n\"");
  EXPECT_EQ(Fault(R"({"item": {)" + inner + R"("@value": "AAA"}})"),
            "1:47: field \"item\": \"@value\" is not a t.Inner in protobuf "
            "wire format, as base64");
  EXPECT_EQ(Fault(R"({"item": {)" + inner + R"("@value": "CAE="}})"), "");
  EXPECT_EQ(Fault(R"({"item": {"@type": "x.com/t.Nope", "@value": "AAA", )"
                  R"("@error": "what rpccli said"}})"),
            "");
}

TEST_F(AnyTest, ATypeThatIsMissingOrUnknownIsAFaultWhereItIs) {
  EXPECT_EQ(Fault(R"({"item": {"n": 1}})"),
            "1:10: field \"item\": an Any needs \"@type\", the URL of the "
            "type it holds (such as \"type.googleapis.com/pkg.Message\")");
  EXPECT_EQ(Fault(R"({"items": [{}, {"@type": "x.com/t.Nope", "n": 1}]})"),
            "1:26: field \"items[1]\": \"@type\" names t.Nope, which the "
            "schema does not have");
  EXPECT_EQ(Fault(R"({"item": {"@type": ""}})"),
            "1:20: field \"item\": \"@type\" names no type");
  EXPECT_EQ(
      Fault(
          R"({"item": {"@type": "x.com/t.Inner", "@type": "x.com/t.Inner"}})"),
      "1:37: field \"item\": \"@type\" is given twice");
  // An empty Any is fine; rpccli's own form for an unknown type, with
  // "@value", is read elsewhere.
  EXPECT_EQ(Fault(R"({"item": {}})"), "");
  EXPECT_EQ(Fault(R"({"item": {"@type": "x.com/t.Nope", "@value": "CAE="}})"),
            "");
}

TEST_F(AnyTest, EachKnownAnyIsListedWithItsTextAndItsTypeToBlank) {
  std::string json =
      R"({"items": [{"n": 1, "@type": "x/t.Inner"}, {"@type": "x/t.Inner", )"
      R"("n": 2}], "item": {"@type": "x/google.protobuf.Duration", )"
      R"("value": "1s"}})";
  ASSERT_EQ(Fault(json), "");
  ASSERT_EQ(anys_.size(), 3u);
  auto text = [&json](size_t begin, size_t end) {
    return json.substr(begin, end - begin);
  };
  EXPECT_EQ(anys_[0].path, "items[0]");
  EXPECT_EQ(anys_[0].type->full_name(), "t.Inner");
  EXPECT_EQ(text(anys_[0].begin, anys_[0].end),
            R"({"n": 1, "@type": "x/t.Inner"})");
  // Last: the comma before it goes too; first: the one after it.
  EXPECT_EQ(text(anys_[0].blank_begin, anys_[0].blank_end),
            R"(, "@type": "x/t.Inner")");
  EXPECT_EQ(anys_[1].path, "items[1]");
  EXPECT_EQ(text(anys_[1].blank_begin, anys_[1].blank_end),
            R"("@type": "x/t.Inner",)");
  // A type written as a value: its "value" alone.
  EXPECT_EQ(anys_[2].path, "item");
  EXPECT_EQ(text(anys_[2].begin, anys_[2].end), R"("1s")");
}

}  // namespace
}  // namespace rpccli
