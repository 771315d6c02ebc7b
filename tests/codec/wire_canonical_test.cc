#include "codec/wire_canonical.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

class WireCanonicalTest : public testing::Test {
 protected:
  // Parses `binary` as a demo.Sample and returns what it means.
  demo::Sample Parse(const std::string& binary) {
    std::unique_ptr<google::protobuf::Message> message =
        canonical_.Parse(*demo::Sample::descriptor(), binary);
    EXPECT_NE(message, nullptr);
    demo::Sample sample;
    if (message) sample.ParseFromString(message->SerializeAsString());
    return sample;
  }

  google::protobuf::DynamicMessageFactory factory_;
  WireCanonicalizer canonical_{&factory_};
};

TEST_F(WireCanonicalTest, TheLastMapEntryForAKeyWins) {
  // counts {key: "a" value: 1}, counts {key: "b" value: 2},
  // counts {key: "a" value: 3}: three entries on the wire, two keys.
  std::string wire =
      "\xaa\x01\x05\x0a\x01"
      "a\x10\x01"
      "\xaa\x01\x05\x0a\x01"
      "b\x10\x02"
      "\xaa\x01\x05\x0a\x01"
      "a\x10\x03";
  std::unique_ptr<google::protobuf::Message> message =
      canonical_.Parse(*demo::Sample::descriptor(), wire);
  ASSERT_NE(message, nullptr);
  const google::protobuf::FieldDescriptor* counts =
      demo::Sample::descriptor()->FindFieldByName("counts");
  EXPECT_EQ(message->GetReflection()->FieldSize(*message, counts), 2);
  demo::Sample sample = Parse(wire);
  EXPECT_EQ(sample.counts().at("a"), 3);
  EXPECT_EQ(sample.counts().at("b"), 2);
}

TEST_F(WireCanonicalTest, MapsInsideRepeatedMessagesToo) {
  // attributes (a Struct) is a map of Values: fields {key "k" ...} twice.
  demo::Sample first, second;
  (*first.mutable_attributes()->mutable_fields())["k"].set_number_value(1);
  (*second.mutable_attributes()->mutable_fields())["k"].set_number_value(2);
  std::string wire = first.SerializeAsString() + second.SerializeAsString();
  std::unique_ptr<google::protobuf::Message> message =
      canonical_.Parse(*demo::Sample::descriptor(), wire);
  ASSERT_NE(message, nullptr);
  std::string bytes = message->SerializeAsString();
  demo::Sample sample;
  ASSERT_TRUE(sample.ParseFromString(bytes));
  EXPECT_EQ(sample.attributes().fields().at("k").number_value(), 2);
  // One entry left on the wire, not two.
  EXPECT_EQ(bytes.size(), second.SerializeAsString().size());
}

TEST_F(WireCanonicalTest, RepeatedScalarsAndMessagesMerge) {
  // text "a" then text "b"; point {x: 1} then point {y: 2}.
  demo::Sample sample = Parse(
      "\x0a\x01"
      "a\x0a\x01"
      "b\x8a\x01\x02\x08\x01\x8a\x01\x02\x10\x02");
  EXPECT_EQ(sample.text(), "b");
  EXPECT_EQ(sample.point().x(), 1);
  EXPECT_EQ(sample.point().y(), 2);
}

TEST_F(WireCanonicalTest, WhatDoesNotParseIsRefused) {
  EXPECT_EQ(canonical_.Parse(*demo::Sample::descriptor(),
                             "\x0a\x05"
                             "ab"),
            nullptr);
  EXPECT_EQ(canonical_.Parse(*demo::Sample::descriptor(), "\x0a\x01\xff"),
            nullptr);  // a proto3 string that is not UTF-8
}

TEST(IsCanonical, WhatProtobufWritesIs) {
  demo::Sample sample;
  sample.set_text("caf\xc3\xa9");
  sample.mutable_point()->set_x(1);
  sample.add_path()->set_y(2);
  sample.add_path()->set_y(3);
  sample.add_numbers(4);
  const auto& type = *demo::Sample::descriptor();
  EXPECT_TRUE(WireCanonicalizer::IsCanonical(type, sample.SerializeAsString()));
  EXPECT_TRUE(WireCanonicalizer::IsCanonical(type, ""));
}

TEST(IsCanonical, RepeatsMapsAndBadStringsAreNot) {
  const auto& type = *demo::Sample::descriptor();
  // text twice; point twice; out of order; a map; not UTF-8; truncated.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\x0a\x01"
                                              "a\x0a\x01"
                                              "b"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(
      type, "\x8a\x01\x02\x08\x01\x8a\x01\x02\x10\x02"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\x10\x01\x0a\x01"
                                              "a"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\xaa\x01\x05\x0a\x01"
                                              "a\x10\x01"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type, "\x0a\x01\xff"));
  // A field the schema does not have (9999): JSON would drop it.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type, "\xf8\xf0\x04\x2a"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\x0a\x05"
                                              "ab"));
  // A repeat inside a nested message counts too: point {x: 1, x: 2}.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(
      type, std::string("\x8a\x01\x04\x08\x01\x08\x02", 7)));
}

TEST(IsCanonical, RepeatedNumbersOnlyInOneRecordOrUnpackedInARow) {
  const auto& type = *demo::Sample::descriptor();
  // numbers (18) unpacked twice: one list, as BinaryToJson prints it.
  EXPECT_TRUE(WireCanonicalizer::IsCanonical(type, "\x90\x01\x01\x90\x01\x02"));
  // Two packed records, or unpacked then packed: it would print two lists.
  EXPECT_FALSE(
      WireCanonicalizer::IsCanonical(type, "\x92\x01\x01\x01\x92\x01\x01\x02"));
  EXPECT_FALSE(
      WireCanonicalizer::IsCanonical(type, "\x90\x01\x01\x92\x01\x01\x02"));
}

// protobuf's printer reads a packed record as far as it goes: a varint
// cut short printed as -1, and one 11 bytes long made it loop for ever.
TEST(IsCanonical, APackedRecordOfPartValuesOrNoneIsNot) {
  const auto& type = *demo::Sample::descriptor();
  EXPECT_TRUE(WireCanonicalizer::IsCanonical(type, "\x92\x01\x02\x01\x01"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(
      type, "\x92\x01\x0b" + std::string(10, '\xff') + "\x01"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type, "\x92\x01\x01\x80"));
  // A length past the end (found by fuzzing: read as 32 bits, it passed).
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(
      type, "\x92\x01\xff\xff\xff\xff\xff\xff\x01"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type, "\x92\x01\x05\x01"));
  // point (17), a message, with such a length too.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(
      type, "\x8a\x01\xff\xff\xff\xff\xff\xff\x01"));
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type, "\x92\x01\x02\x01\x80"));
  EXPECT_FALSE(
      WireCanonicalizer::IsCanonical(type, std::string("\x92\x01\x00", 3)));
}

TEST(IsCanonical, TwoMembersOfAOneofAndCheckedWellKnownTypesAreNot) {
  const auto& type = *demo::Sample::descriptor();
  // label (23) then code (24), both in oneof choice; code alone is.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\xba\x01\x01"
                                              "a\xc0\x01\x05"));
  EXPECT_TRUE(WireCanonicalizer::IsCanonical(type, "\xc0\x01\x05"));
  // label, then spot (25), another member.
  EXPECT_FALSE(WireCanonicalizer::IsCanonical(type,
                                              "\xba\x01\x01"
                                              "a\xca\x01\x00"));
  // timeout (29), a Duration, even an empty one: json_showable checks it.
  EXPECT_FALSE(
      WireCanonicalizer::IsCanonical(type, std::string("\xea\x01\x00", 3)));
}

}  // namespace
}  // namespace rpccli
