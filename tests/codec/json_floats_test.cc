#include "codec/json_floats.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <cfloat>

#include "demo.pb.h"
#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// A message with a float or double in every place the JSON mapping puts
// one, built over the generated pool, which has the well-known types.
class JsonFloatsTest : public testing::Test {
 protected:
  void SetUp() override {
    (void)pb::FloatValue::descriptor();  // links wrappers and struct
    (void)pb::Value::descriptor();
    const char* proto = R"(
      syntax = "proto3";
      package t;
      import "google/protobuf/any.proto";
      import "google/protobuf/struct.proto";
      import "google/protobuf/wrappers.proto";
      message M {
        float f = 1;
        double d = 2;
        repeated float fs = 3;
        map<string, float> by_name = 4;
        google.protobuf.FloatValue fw = 5;
        google.protobuf.DoubleValue dw = 6;
        google.protobuf.Value v = 7;
        google.protobuf.Any any = 8;
        M child = 9;
        int32 i = 10;
        string s_n = 11;
      })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    type_ = pool_.FindMessageTypeByName("t.M");
  }

  pb::DescriptorPool pool_{pb::DescriptorPool::generated_pool()};
  const pb::Descriptor* type_ = nullptr;
};

// 1234567.75 is a float whose shortest form, 1234567.8, has 8 digits;
// protobuf writes 9. 0.79999999999999993 is a double's 17 for 16.
TEST_F(JsonFloatsTest, RewritesEveryFloatAndNothingElse) {
  EXPECT_EQ(
      ShortenFloats(*type_,
                    R"({"f":3.40282347e+38,"d":0.79999999999999993,)"
                    R"("fs":[0.1,1234567.75],"byName":{"a":1234567.75},)"
                    R"("fw":1234567.75,"dw":0.79999999999999993,)"
                    R"("v":{"x":[0.79999999999999993,"1234567.75",null]},)"
                    R"("child":{"fs":[1234567.75],"i":1234567},"i":1234567,)"
                    R"("sN":"3.40282347e+38"})",
                    /*proto_names=*/false),
      R"({"f":3.4028235e+38,"d":0.7999999999999999,)"
      R"("fs":[0.1,1234567.8],"byName":{"a":1234567.8},)"
      R"("fw":1234567.8,"dw":0.7999999999999999,)"
      R"("v":{"x":[0.7999999999999999,"1234567.75",null]},)"
      R"("child":{"fs":[1234567.8],"i":1234567},"i":1234567,)"
      R"("sN":"3.40282347e+38"})");
}

TEST_F(JsonFloatsTest, GoesIntoAnAnyByItsType) {
  EXPECT_EQ(ShortenFloats(
                *type_,
                R"({"any":{"@type":"type.googleapis.com/t.M","f":1234567.75,)"
                R"("i":1234567}})",
                false),
            R"({"any":{"@type":"type.googleapis.com/t.M","f":1234567.8,)"
            R"("i":1234567}})");
  EXPECT_EQ(ShortenFloats(*type_,
                          R"({"any":{"@type":"example.com/google.protobuf.)"
                          R"(FloatValue","value":1234567.75}})",
                          false),
            R"({"any":{"@type":"example.com/google.protobuf.FloatValue",)"
            R"("value":1234567.8}})");
  // A type the pool does not know: its numbers stay as they are.
  const std::string unknown =
      R"({"any":{"@type":"type.googleapis.com/t.Gone","f":1234567.75}})";
  EXPECT_EQ(ShortenFloats(*type_, unknown, false), unknown);
}

TEST_F(JsonFloatsTest, ReadsTheNamesTheMessageWasPrintedWith) {
  EXPECT_EQ(ShortenFloats(*type_, R"({"by_name":{"a":1234567.75}})",
                          /*proto_names=*/true),
            R"({"by_name":{"a":1234567.8}})");
  EXPECT_EQ(ShortenFloats(*type_, R"({"by_name":{"a":1234567.75}})",
                          /*proto_names=*/false),
            R"({"by_name":{"a":1234567.75}})");
}

TEST_F(JsonFloatsTest, LeavesWhatItCannotReadAsItWas) {
  for (const std::string json : {R"({"f":1234567.75)", R"({"f":1234567.75}x)",
                                 R"([1234567.75])", R"({"f":1234567.75,})"}) {
    EXPECT_EQ(ShortenFloats(*type_, json, false), json);
  }
}

TEST(JsonFloats, ShortensWhatProtobufPrints) {
  demo::Sample sample;
  sample.set_float_value(FLT_MAX);
  sample.set_double_value(0.7999999999999999);
  std::string json;
  ASSERT_TRUE(pb::util::MessageToJsonString(sample, &json).ok());
  EXPECT_EQ(
      json,
      R"({"floatValue":3.40282347e+38,"doubleValue":0.79999999999999993})");
  EXPECT_EQ(ShortenFloats(*demo::Sample::descriptor(), json, false),
            R"({"floatValue":3.4028235e+38,"doubleValue":0.7999999999999999})");
}

}  // namespace
}  // namespace rpccli
