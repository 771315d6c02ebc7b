#include "json_strict.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

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
            "1:32: the key \"b\" is given twice");
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
  // Exact through a double, zero, or not whole (which protobuf refuses).
  for (const char* fine :
       {R"({"int64Value": 9.007199254740992e15})", R"({"int64Value": 120e-1})",
        R"({"int64Value": -0.0})", R"({"int64Value": 0e99999})",
        R"({"int64Value": 1.5})", R"({"int64Value": 1e-5})", R"({"limit": 12})",
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

TEST(CheckJsonStrictly, BytesAreBase64) {
  EXPECT_EQ(Fault(R"({"blob": "not base64!"})"),
            "1:10: field \"blob\": \"not base64!\" is not base64, which JSON "
            "writes bytes in");
  EXPECT_EQ(Fault(R"({"blob": "AAE="})"), "");
  EXPECT_EQ(Fault(R"({"blob": "_-8"})"), "");  // URL-safe, unpadded
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

}  // namespace
}  // namespace rpccli
