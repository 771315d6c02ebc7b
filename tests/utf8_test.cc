#include "utf8.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

TEST(IsValidUtf8, AcceptsEveryLengthOfSequence) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));               // 2 bytes
  EXPECT_TRUE(IsValidUtf8("\xe4\xbd\xa0\xe5\xa5\xbd"));  // 3 bytes
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));          // 4 bytes
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF
}

TEST(IsValidUtf8, RejectsWhatIsNotUtf8) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("a\xb7"));             // a stray continuation byte
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xc3(x"));            // not followed by one
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(FindInvalidUtf8, NamesThePathToTheFirstBadString) {
  demo::Sample sample;
  sample.set_text("fine");
  EXPECT_EQ(FindInvalidUtf8(sample), "");
  sample.add_path()->set_x(1);
  sample.set_text("bad\xff");
  EXPECT_EQ(FindInvalidUtf8(sample), "text");
  sample.set_text("fine");
  (*sample.mutable_counts())["bad\xff"] = 1;
  EXPECT_EQ(FindInvalidUtf8(sample), "counts (a key)");
  sample.clear_counts();
  sample.mutable_nickname()->set_value("\xc0\xaf");
  EXPECT_EQ(FindInvalidUtf8(sample), "nickname.value");
  sample.clear_nickname();
  (*sample.mutable_attributes()->mutable_fields())["k"].set_string_value(
      "\xff");
  EXPECT_EQ(FindInvalidUtf8(sample), "attributes.fields[\"k\"].string_value");
}

}  // namespace
}  // namespace rpccli
