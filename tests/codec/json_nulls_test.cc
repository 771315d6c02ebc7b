#include "codec/json_nulls.h"

#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "codec/codec.h"
#include "demo.pb.h"
#include "proto_text.h"

namespace rpccli {
namespace {

const google::protobuf::Descriptor& Sample() {
  return *demo::Sample::descriptor();
}

TEST(AddNullMessageFields, UnsetMessageFieldsAreNullInDeclarationOrder) {
  EXPECT_EQ(AddNullMessageFields(Sample(), R"({"text":"a","shownAs":"s"})",
                                 /*proto_names=*/false),
            R"({"text":"a","point":null,"shownAs":"s","when":null,)"
            R"("timeout":null,"attributes":null,"nickname":null,)"
            R"("limit":null})");
}

TEST(AddNullMessageFields, ValueOneofsAndOptionalFieldsStayOut) {
  std::string printed = AddNullMessageFields(Sample(), "{}", false);
  for (const char* name : {"anything", "spot", "label", "maybe"}) {
    EXPECT_EQ(printed.find(name), std::string::npos) << name;
  }
}

TEST(AddNullMessageFields, GoesIntoListsMapsAndNestedMessages) {
  // demo.Sample.Point has no message field; a Sample inside nothing does,
  // so a list of Points and a map of them come back as they were.
  EXPECT_EQ(
      AddNullMessageFields(
          Sample(),
          R"({"point":{"x":1},"path":[{"x":2}],"pointsById":{"3":{"y":4}}})",
          false),
      R"({"point":{"x":1},"path":[{"x":2}],"pointsById":{"3":{"y":4}},)"
      R"("when":null,"timeout":null,"attributes":null,"nickname":null,)"
      R"("limit":null})");
}

TEST(AddNullMessageFields, ProtoNamesAndKeysThatAreNotFields) {
  EXPECT_EQ(AddNullMessageFields(Sample(), R"({"@type":"x","display_name":""})",
                                 /*proto_names=*/true),
            R"({"@type":"x","point":null,"display_name":"","when":null,)"
            R"("timeout":null,"attributes":null,"nickname":null,)"
            R"("limit":null})");
}

// nlohmann reads -0 as the integer 0: the sign must come through, in
// every place a double can be, and "-0" in a string stays as it is.
TEST(AddNullMessageFields, NegativeZeroKeepsItsSign) {
  std::string printed = AddNullMessageFields(
      Sample(),
      R"({"text":"-0","doubleValue":-0,"floatValue":-0,"anything":[-0,0],)"
      R"("attributes":{"-0":-0}})",
      false);
  EXPECT_NE(printed.find(R"("text":"-0")"), std::string::npos) << printed;
  EXPECT_NE(printed.find(R"("floatValue":-0,"doubleValue":-0)"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find(R"("anything":[-0,0])"), std::string::npos) << printed;
  EXPECT_NE(printed.find(R"("attributes":{"-0":-0})"), std::string::npos)
      << printed;
}

TEST(AddNullMessageFields, WhatDoesNotParseIsLeftAlone) {
  EXPECT_EQ(AddNullMessageFields(Sample(), "{not json", false), "{not json");
}

// protobuf's printer wrote a bytes default as base64 of its escaped text
// and inf or nan as 0; set, they print as any value does.
TEST(SetExplicitDefaults, ProtoTwoDefaultsPrintAsTheirValues) {
  namespace pb = google::protobuf;
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto2";
      package d;
      message M {
        optional bytes raw = 1 [default = "\001\002"];
        optional float f = 2 [default = inf];
        optional double d = 3 [default = nan];
        optional int32 n = 4 [default = 42];
        optional int32 plain = 5;
        optional M child = 6;
        oneof pick { int32 first = 7 [default = 3]; string second = 8; }
      })"),
            nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("d.M");
  pb::DynamicMessageFactory factory(&pool);
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&type)->New());
  ASSERT_TRUE(message->ParseFromString(std::string("\x32\x02\x20\x07", 4)));
  SetExplicitDefaults(message.get());
  EXPECT_EQ(message->ShortDebugString(),
            "raw: \"\\001\\002\" f: inf d: nan n: 42 child { raw: "
            "\"\\001\\002\" f: inf d: nan n: 7 }");
  // Through the codec, with --emit-defaults.
  FormatOptions options;
  options.compact = true;
  options.emit_defaults = true;
  std::string out, err;
  ASSERT_TRUE(Codec(&pool, options).Append(type, "", &out, &err)) << err;
  EXPECT_EQ(out, R"({"raw":"AQI=","f":"Infinity","d":"NaN","n":42,"plain":0,)"
                 R"("child":null})");
}

}  // namespace
}  // namespace rpccli
