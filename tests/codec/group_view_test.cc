#include "codec/group_view.h"

#include <gtest/gtest.h>

#include <string>

#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

constexpr char kSchema[] = R"(
  syntax = "proto2";
  package g;
  message Plain { optional int32 n = 1; }
  message Outer {
    optional group Inner = 1 { optional int32 x = 2; optional Plain p = 3; }
    repeated Holder holders = 4;
    map<string, Holder> by_name = 5;
    optional string label = 6 [json_name = "title"];
  }
  message Holder { optional group Deep = 7 { optional string s = 8; } }
)";

class GroupViewTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(BuildProtoText(&pool_, kSchema), nullptr); }
  const pb::Descriptor& Type(const std::string& name) {
    return *pool_.FindMessageTypeByName(name);
  }
  static std::string Bytes(const char* hex) {
    std::string out;
    for (const char* p = hex; p[0] != '\0' && p[1] != '\0'; p += 2) {
      out.push_back(
          static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16)));
    }
    return out;
  }
  static std::string Hex(const std::string& bytes) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
    return out;
  }
  pb::DescriptorPool pool_;
};

TEST_F(GroupViewTest, ATypeWithoutGroupsIsItsOwnView) {
  GroupFreeView view(&pool_);
  EXPECT_EQ(view.Of(Type("g.Plain")), &Type("g.Plain"));
}

TEST_F(GroupViewTest, ATypeWithAGroupWithinReachHasACopyWithMessageFields) {
  GroupFreeView view(&pool_);
  const pb::Descriptor* outer = view.Of(Type("g.Outer"));
  ASSERT_NE(outer, nullptr);
  EXPECT_NE(outer, &Type("g.Outer"));
  EXPECT_TRUE(view.Holds(*outer));
  EXPECT_EQ(outer->FindFieldByName("inner")->type(),
            pb::FieldDescriptor::TYPE_MESSAGE);
  EXPECT_EQ(outer->FindFieldByName("label")->json_name(), "title");
  // Reached through a repeated field and a map.
  EXPECT_EQ(view.Of(Type("g.Holder"))->FindFieldByName("deep")->type(),
            pb::FieldDescriptor::TYPE_MESSAGE);
  EXPECT_EQ(view.Of(Type("g.Outer")), outer);  // the same each time
}

TEST_F(GroupViewTest, GroupsAtEveryDepthTurnIntoLengthPrefixedAndBack) {
  // Inner { x: 1 p { n: 2 } } holders { Deep { s: "a" } }
  // by_name { key: "k" value { Deep { s: "b" } } }
  std::string grouped = Bytes(
      "0b"
      "1001"
      "1a020802"
      "0c"
      "2205"
      "3b"
      "4201"
      "61"
      "3c"
      "2a0a"
      "0a016b"
      "1205"
      "3b"
      "420162"
      "3c");
  std::string prefixed;
  ASSERT_TRUE(RewriteGroups(Type("g.Outer"), grouped, false, &prefixed));
  EXPECT_EQ(Hex(prefixed),
            "0a06"
            "1001"
            "1a020802"
            "2205"
            "3a03"
            "420161"
            "2a0a"
            "0a016b"
            "1205"
            "3a03"
            "420162");
  std::string back;
  ASSERT_TRUE(RewriteGroups(Type("g.Outer"), prefixed, true, &back));
  EXPECT_EQ(Hex(back), Hex(grouped));
}

TEST_F(GroupViewTest, AViewForTextKeepsProto2sGroupsAndRewritesOthers) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
    syntax = "proto2";
    package t;
    message Other { optional int32 n = 1; }
    message M {
      optional group Kept = 1 { optional Other inner = 2; }
      optional Other other = 3;
    })"),
            nullptr);
  // `other` made a group by hand, as a lowered delimited field is.
  pb::FileDescriptorProto file;
  pool.FindMessageTypeByName("t.M")->file()->CopyTo(&file);
  file.mutable_message_type(1)->mutable_field(1)->set_type(
      pb::FieldDescriptorProto::TYPE_GROUP);
  pb::DescriptorPool grouped;
  ASSERT_NE(grouped.BuildFile(file), nullptr);
  const pb::Descriptor& m = *grouped.FindMessageTypeByName("t.M");
  EXPECT_TRUE(IsGroupLike(*m.FindFieldByName("kept")));
  EXPECT_FALSE(IsGroupLike(*m.FindFieldByName("other")));

  GroupFreeView view(&grouped, /*group_like_too=*/false);
  const pb::Descriptor* text = view.Of(m);
  ASSERT_NE(text, &m);
  EXPECT_EQ(text->FindFieldByName("kept")->type(),
            pb::FieldDescriptor::TYPE_GROUP);
  EXPECT_EQ(text->FindFieldByName("other")->type(),
            pb::FieldDescriptor::TYPE_MESSAGE);
  // Kept { } and other { n: 1 }: only `other` changes its encoding.
  std::string grouped_bytes = Bytes(
      "0b0c"
      "1b08011c");
  std::string out;
  ASSERT_TRUE(RewriteGroups(m, grouped_bytes, false, &out, false));
  EXPECT_EQ(Hex(out),
            "0b0c"
            "1a020801");
  std::string back;
  ASSERT_TRUE(RewriteGroups(m, out, true, &back, false));
  EXPECT_EQ(Hex(back), Hex(grouped_bytes));
}

TEST_F(GroupViewTest, FieldsTheSchemaLacksGoAsTheyCame) {
  // An unknown group (99) holding a group of its own, and an unknown
  // length-prefixed field (98).
  std::string unknown = Bytes(
      "9b06"
      "a306"
      "0801"
      "a406"
      "9c06"
      "920601ff");
  for (bool to_groups : {false, true}) {
    std::string out;
    ASSERT_TRUE(RewriteGroups(Type("g.Outer"), unknown, to_groups, &out));
    EXPECT_EQ(Hex(out), Hex(unknown));
  }
}

TEST_F(GroupViewTest, BytesThatAreNotWireFormatAreRefused) {
  std::string out;
  const pb::Descriptor& outer = Type("g.Outer");
  EXPECT_FALSE(RewriteGroups(outer, Bytes("0b1001"), false, &out));  // no end
  EXPECT_FALSE(RewriteGroups(outer,
                             Bytes("0b1001"
                                   "14"),
                             false, &out));
  EXPECT_FALSE(RewriteGroups(outer, Bytes("0c"), false, &out));  // end alone
  EXPECT_FALSE(RewriteGroups(outer,
                             Bytes("2205"
                                   "3b"),
                             false, &out));
  EXPECT_FALSE(RewriteGroups(outer, Bytes("0e"), false, &out));  // type 6
  // A group sent length-prefixed is an unknown field to protobuf, which
  // the view would read as the group.
  EXPECT_FALSE(RewriteGroups(outer, Bytes("0a021001"), false, &out));
  EXPECT_FALSE(RewriteGroups(outer, Bytes("ff"), false, &out));  // cut varint
  // Groups nested past protobuf's 100 levels.
  std::string deep;
  for (int i = 0; i < 101; ++i) deep += Bytes("9b06");
  for (int i = 0; i < 101; ++i) deep += Bytes("9c06");
  EXPECT_FALSE(RewriteGroups(outer, deep, false, &out));
}

}  // namespace
}  // namespace rpccli
