#include "json_nulls.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

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

TEST(AddNullMessageFields, WhatDoesNotParseIsLeftAlone) {
  EXPECT_EQ(AddNullMessageFields(Sample(), "{not json", false), "{not json");
}

}  // namespace
}  // namespace rpccli
