#include "codec/json_showable.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <gtest/gtest.h>

#include <memory>

#include "codec/well_known_types.h"
#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// A message with each well-known type JSON shows in its own way, built
// over the generated pool, which has them.
class JsonShowableTest : public testing::Test {
 protected:
  void SetUp() override {
    (void)pb::Any::descriptor();  // links the well-known types
    (void)pb::Duration::descriptor();
    (void)pb::Timestamp::descriptor();
    (void)pb::Value::descriptor();
    (void)pb::FieldMask::descriptor();
    const char* proto = R"(
      syntax = "proto3";
      package t;
      import "google/protobuf/any.proto";
      import "google/protobuf/duration.proto";
      import "google/protobuf/field_mask.proto";
      import "google/protobuf/struct.proto";
      import "google/protobuf/timestamp.proto";
      message M {
        google.protobuf.Duration wait_for = 1;
        google.protobuf.Timestamp at = 2;
        google.protobuf.Struct attributes = 3;
        repeated google.protobuf.Any items = 4;
        map<string, google.protobuf.Value> by_name = 5;
        repeated M children = 6;
        int32 count = 7;
        google.protobuf.Value anything = 8;
        google.protobuf.FieldMask mask = 9;
      })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    type_ = pool_.FindMessageTypeByName("t.M");
  }

  // Readies the message `text` (text format) and then `wire` for JSON;
  // returns its error, or "" and the message then in text format through
  // `after`.
  std::string Ready(const std::string& text, std::string* after = nullptr,
                    bool proto_names = false, const std::string& wire = "") {
    std::unique_ptr<pb::Message> message(factory_.GetPrototype(type_)->New());
    EXPECT_TRUE(pb::TextFormat::ParseFromString(text, message.get())) << text;
    EXPECT_TRUE(message->MergeFromString(wire));
    unknown_.clear();
    JsonObstacle obstacle;
    if (!ReadyForJson(pool_, &factory_, proto_names, message.get(), &unknown_,
                      &obstacle)) {
      EXPECT_FALSE(obstacle.what.empty());
      return obstacle.Said();
    }
    if (after != nullptr) {
      pb::TextFormat::Printer printer;
      printer.SetSingleLineMode(true);
      printer.PrintToString(*message, after);
    }
    return "";
  }

  pb::DescriptorPool pool_{pb::DescriptorPool::generated_pool()};
  pb::DynamicMessageFactory factory_{&pool_};
  const pb::Descriptor* type_ = nullptr;
  std::vector<std::string> unknown_;
};

TEST_F(JsonShowableTest, ADurationOfMixedSignsIsRefusedNamingTheField) {
  EXPECT_EQ(Ready("wait_for { seconds: 1 nanos: -1 }"),
            "field \"waitFor\": a google.protobuf.Duration of 1 s and -1 ns "
            "is not valid: its seconds and nanos have different signs");
  EXPECT_NE(Ready("children { wait_for { seconds: -1 nanos: 1 } }")
                .find("field \"children[0].waitFor\": a google.protobuf."
                      "Duration of -1 s and 1 ns"),
            std::string::npos);
  EXPECT_NE(Ready("wait_for { seconds: 1 nanos: -1 }", nullptr, true)
                .find("field \"wait_for\""),
            std::string::npos);
  // A zero on either side goes with any sign.
  for (const char* fine :
       {"wait_for { seconds: -1 nanos: -5 }", "wait_for { nanos: -5 }",
        "wait_for { seconds: -3 }", "wait_for { seconds: 2 nanos: 5 }"}) {
    EXPECT_EQ(Ready(fine), "") << fine;
  }
}

TEST_F(JsonShowableTest, DurationsAndTimestampsOutOfRangeAreRefused) {
  EXPECT_EQ(Ready("wait_for { seconds: 315576000000 nanos: 999999999 }"), "");
  EXPECT_EQ(Ready("wait_for { seconds: -315576000000 nanos: -999999999 }"), "");
  for (const char* out :
       {"wait_for { seconds: 315576000001 }",
        "wait_for { seconds: -315576000001 }", "wait_for { nanos: 1000000000 }",
        "wait_for { nanos: -1000000000 }"}) {
    EXPECT_NE(Ready(out).find("is out of its range"), std::string::npos) << out;
  }
  EXPECT_EQ(Ready("at { seconds: -62135596800 }"), "");  // 0001-01-01
  EXPECT_EQ(Ready("at { seconds: 253402300799 nanos: 999999999 }"), "");
  EXPECT_EQ(Ready("at { seconds: 253402300800 }"),
            "field \"at\": a google.protobuf.Timestamp of 253402300800 s and "
            "0 ns is out of its range (years 0001 to 9999, nanos "
            "from 0 to 999999999)");
  for (const char* out : {"at { seconds: -62135596801 }", "at { nanos: -1 }",
                          "at { nanos: 1000000000 }"}) {
    EXPECT_NE(Ready(out).find("is out of its range"), std::string::npos) << out;
  }
}

TEST_F(JsonShowableTest, AValueWithNoKindOrNoJsonNumberIsRefusedWhereverItIs) {
  EXPECT_EQ(Ready("anything { null_value: NULL_VALUE }"), "");
  EXPECT_EQ(Ready("anything {}"),
            "field \"anything\": a google.protobuf.Value with no kind set has "
            "no JSON form");
  // A Struct's members, a list's elements and a map's values are named
  // as JSON nests them.
  EXPECT_NE(Ready("attributes { fields { key: \"k\" value {} } }")
                .find("field \"attributes.k\": a google.protobuf.Value with "
                      "no kind"),
            std::string::npos);
  EXPECT_NE(Ready("attributes { fields { key: \"k\" value { list_value { "
                  "values { bool_value: true } values {} } } } }")
                .find("field \"attributes.k[1]\""),
            std::string::npos);
  EXPECT_NE(Ready("by_name { key: \"n\" value {} }").find("field \"byName.n\""),
            std::string::npos);
  EXPECT_NE(Ready("anything { number_value: nan }")
                .find("a google.protobuf.Value number that is NaN or infinite"),
            std::string::npos);
  EXPECT_NE(Ready("anything { number_value: -inf }").find("NaN or infinite"),
            std::string::npos);
}

TEST_F(JsonShowableTest, AnAnyIsOpenedCheckedAndRewrittenAsProtobufWritesIt) {
  // A Duration of 5 s then 7 s: the last one is what the bytes mean.
  std::string after;
  EXPECT_EQ(Ready(R"(items { type_url: "x.com/google.protobuf.Duration"
                             value: "\010\005\010\007" })",
                  &after),
            "");
  EXPECT_EQ(after,
            "items { type_url: \"x.com/google.protobuf.Duration\" value: "
            "\"\\010\\007\" } ");
  EXPECT_EQ(
      Ready(R"(items { type_url: "type.googleapis.com/google.protobuf.Duration"
                             value: "\010\001\020\377\377\377\377\377\377\377\377\377\001" })"),
      "field \"items[0]\": a google.protobuf.Duration of 1 s and -1 ns "
      "is not valid: its seconds and nanos have different signs");
  EXPECT_EQ(Ready(R"(items {} items { type_url: "type.googleapis.com/t.M"
                                     value: "\012\377" })"),
            "field \"items[1]\": the google.protobuf.Any holds bytes that are "
            "not a valid t.M in protobuf wire format, or a string in it is "
            "not UTF-8");
  // Fields the schema lacks, inside an Any too, are listed once each:
  // 111 in an Any, 99 at the top and in a child.
  EXPECT_EQ(
      Ready(R"(items { type_url: "type.googleapis.com/t.M"
                             value: "\370\006\001" })",
            nullptr, false, std::string("\230\006\001\062\003\230\006\002")),
      "");
  EXPECT_EQ(unknown_, (std::vector<std::string>{"99 in t.M", "111 in t.M"}));
  // A type nobody knows is left for the printer to show as bytes.
  EXPECT_EQ(Ready(R"(items { type_url: "type.googleapis.com/no.Such"
                             value: "\377" })",
                  &after),
            "");
  EXPECT_NE(after.find("no.Such"), std::string::npos);
}

TEST_F(JsonShowableTest, AFieldMaskPathJsonWouldChangeIsRefused) {
  EXPECT_EQ(Ready(R"(mask { paths: "foo_bar" paths: "a.b_c.d1" })"), "");
  EXPECT_EQ(Ready(R"(mask { paths: "fooBar" })"),
            "field \"mask\": the google.protobuf.FieldMask path \"fooBar\" "
            "has no JSON form that reads back as it (JSON writes "
            "lower_snake_case names in lowerCamelCase)");
  for (const char* path :
       {"a,b", "", "foo__bar", "foo_1", "_foo", "foo_", "a..b", "a."}) {
    EXPECT_NE(Ready(std::string("mask { paths: \"") + path + "\" }")
                  .find("has no JSON form"),
              std::string::npos)
        << path;
  }
}

TEST_F(JsonShowableTest, WhatJsonCannotShowIsListedAndDropped) {
  // A map entry's fields beside its key and value are listed too (here
  // field 3, in an entry for "k" whose Value is then empty).
  std::string after;
  EXPECT_EQ(Ready("by_name { key: \"k\" value { bool_value: true } }", &after,
                  false, std::string("\x2a\x07\x0a\x01k\x18\x01\x12\x00", 9)),
            "field \"byName.k\": a google.protobuf.Value with no kind set has "
            "no JSON form");
  EXPECT_EQ(unknown_, (std::vector<std::string>{"3 in t.M.ByNameEntry"}));
  EXPECT_EQ(Ready("count: 1", &after, false, std::string("\xc8\x3e\x01", 3)),
            "");
  EXPECT_EQ(unknown_, (std::vector<std::string>{"1001 in t.M"}));
  EXPECT_EQ(after, "count: 1 ");  // dropped once listed
}

// proto2: groups and extensions, which protobuf 3.21's JSON printer leaves
// out without a word, and strings that may hold any bytes.
class JsonShowableProto2Test : public testing::Test {
 protected:
  void SetUp() override {
    const char* proto = R"(
      syntax = "proto2";
      package t2;
      message M {
        optional string s = 1;
        optional group G = 2 { optional int32 a = 3; }
        map<string, string> names = 4;
        extensions 100 to 200;
      }
      extend M { optional int32 ext = 100; })";
    ASSERT_NE(BuildProtoText(&pool_, proto), nullptr);
    type_ = pool_.FindMessageTypeByName("t2.M");
  }

  std::string Ready(const std::string& wire) {
    std::unique_ptr<pb::Message> message(factory_.GetPrototype(type_)->New());
    EXPECT_TRUE(message->ParseFromString(wire));
    unknown_.clear();
    JsonObstacle obstacle;
    if (!ReadyForJson(pool_, &factory_, false, message.get(), &unknown_,
                      &obstacle)) {
      return obstacle.Said();
    }
    return message->ShortDebugString();
  }

  pb::DescriptorPool pool_;
  pb::DynamicMessageFactory factory_{&pool_};
  const pb::Descriptor* type_ = nullptr;
  std::vector<std::string> unknown_;
};

TEST_F(JsonShowableProto2Test, GroupsAndExtensionsAreListedAndDropped) {
  // s: "x", G { a: 1 }, [t2.ext]: 7
  EXPECT_EQ(Ready(std::string("\x0a\x01x\x13\x18\x01\x14\xa0\x06\x07", 10)),
            "s: \"x\"");
  EXPECT_EQ(unknown_,
            (std::vector<std::string>{"2 (g, a proto2 group) in t2.M",
                                      "100 ([t2.ext], an extension) in t2.M"}));
}

TEST_F(JsonShowableProto2Test, AStringOrMapKeyThatIsNotUtf8IsRefused) {
  EXPECT_EQ(Ready("\x0a\x02\xff\xfe"),
            "field \"s\": a string that is not UTF-8 (proto2 lets a string "
            "hold any bytes) has no JSON form");
  // An overlong NUL, in a map's value and in its key.
  EXPECT_EQ(Ready("\x22\x07\x0a\x01k\x12\x02\xc0\x80"),
            "field \"names.k\": a string that is not UTF-8 (proto2 lets a "
            "string hold any bytes) has no JSON form");
  EXPECT_EQ(Ready("\x22\x04\x0a\x02\xed\xa0"),
            "field \"names\": a map key that is not UTF-8 (proto2 lets a "
            "string hold any bytes) has no JSON form");
}

// A schema's own google.protobuf.Duration: protobuf's printer goes by the
// name and misreads it, and rpccli's checks must not read the real one's
// fields from it (a Value without the real one's oneof crashed).
TEST(JsonShowableImpostor, AMessageNamedAsAWellKnownTypeIsRefused) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package google.protobuf;
      message Duration { string text = 1; }
      message Value { string text = 1; }
      message Holder { Duration wait = 1; Value v = 2; })"),
            nullptr);
  pb::DynamicMessageFactory factory(&pool);
  const pb::Descriptor& holder =
      *pool.FindMessageTypeByName("google.protobuf.Holder");
  EXPECT_TRUE(IsCheckedForJson(
      *pool.FindMessageTypeByName("google.protobuf.Duration")));
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&holder)->New());
  ASSERT_TRUE(
      pb::TextFormat::ParseFromString("v { text: \"x\" }", message.get()));
  std::vector<std::string> unknown;
  JsonObstacle obstacle;
  EXPECT_FALSE(
      ReadyForJson(pool, &factory, false, message.get(), &unknown, &obstacle));
  EXPECT_EQ(obstacle.Said(),
            "field \"v\": a google.protobuf.Value that is not protobuf's own "
            "(the schema defines one of that name) has no JSON form: "
            "protobuf's printer takes it for the real one");
}

}  // namespace
}  // namespace rpccli
