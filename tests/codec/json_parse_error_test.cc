#include "codec/json_parse_error.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// protobuf's own error for `json` as a demo.Sample, said again: the
// wording it starts from is protobuf's, so a change there shows here.
std::string Explained(const std::string& json, bool allow_unknown = false) {
  demo::Sample sample;
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = allow_unknown;
  pb::util::Status status =
      pb::util::JsonStringToMessage(json, &sample, options);
  EXPECT_FALSE(status.ok()) << json;
  return ExplainParseError(*demo::Sample::descriptor(),
                           std::string(status.message()), allow_unknown, json);
}

TEST(ExplainParseError, AnUnknownFieldGetsTheNearestNameAndTheFlag) {
  EXPECT_EQ(Explained(R"({"txet": "a"})"),
            "unknown field \"txet\" in demo.Sample; did you mean \"text\"? "
            "(--allow-unknown-fields skips it)");
  EXPECT_EQ(Explained(R"({"nope": 1})"),
            "unknown field \"nope\" in demo.Sample "
            "(--allow-unknown-fields skips it)");
  // Case alone first: "Y" is one edit from "x" too, which comes first.
  EXPECT_EQ(Explained(R"({"spot": {"Y": 1}})"),
            "unknown field \"spot.Y\" in demo.Sample; did you mean \"y\"? "
            "(--allow-unknown-fields skips it)");
}

TEST(ExplainParseError, ANestedFieldIsNamedByItsPath) {
  EXPECT_EQ(Explained(R"({"spot": {"z": 1}})"),
            "unknown field \"spot.z\" in demo.Sample; did you mean \"x\"? "
            "(--allow-unknown-fields skips it)");
  EXPECT_EQ(Explained(R"({"spot": {"x": "a"}})"),
            "field \"spot.x\": \"a\" is not a valid int32");
}

TEST(ExplainParseError, AnArrayOrObjectWhereOneValueBelongs) {
  EXPECT_EQ(Explained(R"({"text": [1]})"),
            "field \"text\": expected a single value, found an array");
  EXPECT_EQ(Explained(R"({"text": {"a": 1}})"),
            "field \"text\": expected a single value, found an object");
}

TEST(ExplainParseError, AWellKnownTypeSaysHowItIsWritten) {
  EXPECT_EQ(Explained(R"({"timeout": "5"})"),
            "field \"timeout\": \"5\" is not a valid google.protobuf.Duration "
            "(seconds ending in s, such as \"1.5s\")");
}

TEST(ExplainParseError, TwoMembersOfOneOneof) {
  EXPECT_EQ(Explained(R"({"label": "a", "code": 1})"),
            "oneof \"choice\" is already set; \"code\" cannot be set too");
}

TEST(ExplainParseError, NotAnObject) {
  EXPECT_EQ(Explained("[1]"),
            "expected a JSON object for demo.Sample, not an array: several "
            "messages are written one after another (NDJSON, one per line)");
}

// The names at hand: all of a short enum, the first eight of a long one.
TEST(ExplainParseError, AnUnknownEnumNameListsTheNames) {
  EXPECT_EQ(
      Explained(R"({"color": "PINK"})"),
      "field \"color\": \"PINK\" is not a valid demo.Sample.Color (one of "
      "COLOR_UNSPECIFIED, RED, GREEN, BLUE)");
  pb::DescriptorPool pool;
  pb::FileDescriptorProto file;
  file.set_name("e.proto");
  file.set_package("e");
  file.set_syntax("proto3");
  pb::EnumDescriptorProto* many = file.add_enum_type();
  many->set_name("Many");
  for (int i = 0; i < 10; ++i) {
    pb::EnumValueDescriptorProto* value = many->add_value();
    value->set_name("V" + std::to_string(i));
    value->set_number(i);
  }
  pb::FieldDescriptorProto* field = file.add_message_type()->add_field();
  file.mutable_message_type(0)->set_name("M");
  field->set_name("m");
  field->set_number(1);
  field->set_type(pb::FieldDescriptorProto::TYPE_ENUM);
  field->set_type_name(".e.Many");
  ASSERT_NE(pool.BuildFile(file), nullptr);
  EXPECT_EQ(ExplainParseError(*pool.FindMessageTypeByName("e.M"),
                              "(m): invalid value \"X\" for type "
                              "type.googleapis.com/e.Many",
                              false, R"({"m": "X"})"),
            "field \"m\": \"X\" is not a valid e.Many (one of V0, V1, V2, V3, "
            "V4, V5, V6, V7, ... (10 in all))");
}

}  // namespace
}  // namespace rpccli
