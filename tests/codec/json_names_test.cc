#include "codec/json_names.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// proto2 takes what proto3 refuses: names that clash in JSON.
constexpr char kClashes[] = R"(
  syntax = "proto2";
  package p;
  message Plain { optional int32 foo_bar = 1; optional Plain next = 2; }
  message Clash { optional int32 foo_bar = 1; optional int32 fooBar = 2; }
  message ByOption {
    optional int32 a = 1 [json_name = "b"];
    optional int32 b = 2 [json_name = "c"];
  }
  message Holder { optional Plain plain = 1; map<string, Clash> deep = 2; }
)";

class JsonNamesTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(BuildProtoText(&pool_, kClashes), nullptr); }
  const pb::Descriptor& Type(const std::string& name) {
    return *pool_.FindMessageTypeByName("p." + name);
  }
  pb::DescriptorPool pool_;
};

TEST_F(JsonNamesTest, FindsKeysJsonWouldPrintTwiceAtAnyDepth) {
  EXPECT_EQ(JsonNameClash(Type("Plain")), "");  // and holds itself
  EXPECT_EQ(JsonNameClash(Type("Clash")),
            "p.Clash: fields foo_bar and fooBar are both \"fooBar\" in JSON");
  // A JSON name that is another field's .proto name prints two keys.
  EXPECT_EQ(JsonNameClash(Type("ByOption")), "");
  EXPECT_EQ(JsonNameClash(Type("Holder")),
            "p.Clash: fields foo_bar and fooBar are both \"fooBar\" in JSON");
}

TEST_F(JsonNamesTest, AKeyThatNamesTwoFieldsSaysHowToSetEach) {
  std::string ambiguous;
  EXPECT_EQ(FieldByJsonKey(Type("Clash"), "foo_bar", &ambiguous)->number(), 1);
  EXPECT_EQ(FieldByJsonKey(Type("Clash"), "nope", &ambiguous), nullptr);
  EXPECT_EQ(ambiguous, "");
  EXPECT_EQ(FieldByJsonKey(Type("Clash"), "fooBar", &ambiguous), nullptr);
  EXPECT_EQ(ambiguous,
            "\"fooBar\" names 2 fields of p.Clash: foo_bar (write \"foo_bar\" "
            "for it); fooBar (no other key names it: use --format text)");
  ambiguous.clear();
  EXPECT_EQ(FieldByJsonKey(Type("ByOption"), "c", &ambiguous)->number(), 2);
  EXPECT_EQ(FieldByJsonKey(Type("ByOption"), "b", &ambiguous), nullptr);
  EXPECT_EQ(ambiguous,
            "\"b\" names 2 fields of p.ByOption: a (write \"a\" for it); b "
            "(write \"c\" for it)");
}

}  // namespace
}  // namespace rpccli
