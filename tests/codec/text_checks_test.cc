#include "codec/text_checks.h"

#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <memory>

#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

class TextChecksTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* proto = R"(
      syntax = "proto3";
      package t;
      message M {
        double d = 1;
        float f = 2;
        repeated double ds = 3;
        repeated float fs = 4;
        M child = 5;
        repeated M children = 6;
        map<string, double> by_name = 7;
        map<int32, M> by_id = 8;
        bytes b = 9;
      })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    type_ = pool_.FindMessageTypeByName("t.M");
  }

  // "LINE:COLUMN: what", "" if nothing changed, or "does not parse".
  std::string Fault(const std::string& text) {
    std::unique_ptr<pb::Message> message(factory_.GetPrototype(type_)->New());
    pb::TextFormat::Parser parser;
    pb::TextFormat::ParseInfoTree tree;
    parser.WriteLocationsTo(&tree);
    if (!parser.ParseFromString(text, message.get())) return "does not parse";
    std::string what;
    int line = 0, column = 0;
    if (CheckParsedText(*message, tree, text, &what, &line, &column)) return "";
    return std::to_string(line) + ":" + std::to_string(column) + ": " + what;
  }

  pb::DescriptorPool pool_;
  pb::DynamicMessageFactory factory_{&pool_};
  const pb::Descriptor* type_ = nullptr;
};

TEST_F(TextChecksTest, ANumberPastADoublesRangeIsNotSentAsInfinity) {
  EXPECT_EQ(Fault("d: 1e400"),
            "1:4: field \"d\": 1e400 is out of range for double");
  EXPECT_EQ(Fault("child { ds: [1, -1.8e308] }"),
            "1:17: field \"child.ds\": -1.8e308 is out of range for double");
  for (const char* infinite : {"d: inf", "d: -inf", "d: Infinity", "f: -INF"}) {
    EXPECT_EQ(Fault(infinite), "") << infinite;
  }
}

// protobuf keeps an octal escape's low 8 bits and a \U past the last code
// point as written: neither is what was typed.
TEST_F(TextChecksTest, AnEscapeThatWouldBeReadAsOtherBytesIsAFault) {
  EXPECT_EQ(
      Fault(R"(b: "ab\500")"),
      R"(1:7: \500 is past \377, the last byte an octal escape can write)");
  EXPECT_EQ(
      Fault("d: 1\nb: '\\400'"),
      R"(2:5: \400 is past \377, the last byte an octal escape can write)");
  EXPECT_EQ(Fault(R"(b: "\U00110000")"),
            R"(1:5: \U00110000 is past U+10FFFF, the last Unicode code point)");
  for (const char* fine : {R"(b: "\377\0\12\1234")", R"(b: "\\500")",
                           R"(b: "\U0010FFFF")", "b: \"x\" # \"\\500\"\n"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
}

TEST_F(TextChecksTest, ANumberTooSmallIsNotSentAsZero) {
  EXPECT_EQ(Fault("d: 1e-400"),
            "1:4: field \"d\": 1e-400 is too small for double, which would "
            "send it as 0");
  EXPECT_EQ(Fault("d: 1\nf: 1e-50"),
            "2:4: field \"f\": 1e-50 is too small for float, which would send "
            "it as 0");
  EXPECT_EQ(Fault("child { child {\tf:-2e-60f } }"),
            "1:19: field \"child.child.f\": -2e-60f is too small for float, "
            "which would send it as 0");
}

TEST_F(TextChecksTest, AFiniteNumberPastAFloatIsNotSentAsInf) {
  EXPECT_EQ(Fault("f: 1e39"),
            "1:4: field \"f\": 1e39 is out of range for float");
}

TEST_F(TextChecksTest, EachElementOfAListIsReadWhereItIs) {
  EXPECT_EQ(Fault("ds: [1, 2, 1e-400]"),
            "1:12: field \"ds\": 1e-400 is too small for double, which would "
            "send it as 0");
  EXPECT_EQ(Fault("ds: 1\nds: [inf, # a comment, 1e-400\n 1e-400]"),
            "3:2: field \"ds\": 1e-400 is too small for double, which would "
            "send it as 0");
  // Each occurrence of the name is recorded, not each value.
  EXPECT_EQ(Fault("ds: [5, 0] ds: 3"), "");
  EXPECT_EQ(Fault("ds: [] ds: [1, 2] ds: 1e-400"),
            "1:23: field \"ds\": 1e-400 is too small for double, which would "
            "send it as 0");
  EXPECT_EQ(Fault("ds: 1 ds: [2, 1e-400] ds: 5"),
            "1:15: field \"ds\": 1e-400 is too small for double, which would "
            "send it as 0");
  EXPECT_EQ(Fault("fs: 1 fs: 1e39"),
            "1:11: field \"fs\": 1e39 is out of range for float");
  EXPECT_EQ(Fault("children { d: 1 } children { d: 1e-999 }"),
            "1:33: field \"children.d\": 1e-999 is too small for double, "
            "which would send it as 0");
}

TEST_F(TextChecksTest, WhatIsWrittenAsZeroOrInfinityPasses) {
  for (const char* fine :
       {"d: 0", "d: 0.0e-999", "d: -0", "f: inf", "d: -infinity", "f: nan",
        "d: 1e-310", "ds: [0, 1e300]", "f: 3.4e38", "d: 1e300"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
}

// JSON refuses a key given twice; text format sent both entries, and the
// server kept one of them.
TEST_F(TextChecksTest, AMapKeyGivenTwiceIsRefusedWhereItIsGivenAgain) {
  EXPECT_EQ(Fault("by_name { key: \"a\" value: 1 }\n"
                  "by_name { key: \"b\" value: 2 }\n"
                  "by_name { key: \"a\" value: 3 }"),
            "3:1: field \"by_name\": the key \"a\" is given twice");
  EXPECT_EQ(Fault("child { by_id { key: 5 } by_id { key: 5 value { d: 1 } } }"),
            "1:26: field \"child.by_id\": the key \"5\" is given twice");
  EXPECT_EQ(Fault("by_name: [{ key: \"x\" }, { key: \"x\" }]"),
            "1:1: field \"by_name\": the key \"x\" is given twice");
  // A key left out is the empty key (or 0), once.
  EXPECT_EQ(Fault("by_name { value: 1 } by_name { key: \"\" }"),
            "1:22: field \"by_name\": the key \"\" is given twice");
  EXPECT_EQ(Fault("by_name { key: \"a\" } by_name { key: \"A\" }"), "");
  // Columns count characters.
  EXPECT_EQ(
      Fault("by_name { key: \"\xc3\xa9\" } by_name { key: \"\xc3\xa9\" }"),
      "1:22: field \"by_name\": the key \"\xc3\xa9\" is given twice");
}

}  // namespace
}  // namespace rpccli
