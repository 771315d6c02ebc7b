#include "json_parse_error.h"

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

}  // namespace
}  // namespace rpccli
