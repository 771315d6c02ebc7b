#include "base/base64.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode(std::string("\x00\xff\xfe", 3)), "AP/+");
}

TEST(Base64, DecodesBothAlphabetsPaddedOrNot) {
  std::string bytes;
  ASSERT_TRUE(Base64Decode("Zm8=", &bytes));
  EXPECT_EQ(bytes, "fo");
  ASSERT_TRUE(Base64Decode("Zm8", &bytes));
  EXPECT_EQ(bytes, "fo");
  ASSERT_TRUE(Base64Decode("AP_-", &bytes));
  EXPECT_EQ(bytes, std::string("\x00\xff\xfe", 3));
  ASSERT_TRUE(Base64Decode("AP/+", &bytes));
  EXPECT_EQ(bytes, std::string("\x00\xff\xfe", 3));
  ASSERT_TRUE(Base64Decode("", &bytes));
  EXPECT_EQ(bytes, "");
}

TEST(Base64, RejectsWhatIsNotBase64) {
  std::string bytes;
  EXPECT_FALSE(Base64Decode("Zm9v!", &bytes));
  EXPECT_FALSE(Base64Decode("Z", &bytes));
  EXPECT_FALSE(Base64Decode("Zm8===", &bytes));
  EXPECT_FALSE(Base64Decode("Zm=8", &bytes));
}

TEST(Base64, AppendsEncodingAfterWhatIsThere) {
  std::string out = "x";
  AppendBase64("fo", &out);
  AppendBase64(std::string("\x00\xff\xfe\x01", 4), &out);
  EXPECT_EQ(out, "xZm8=AP/+AQ==");
}

TEST(Base64, KnowsTheDecodedSizeBeforeDecoding) {
  EXPECT_EQ(Base64DecodedSize(""), 0u);
  EXPECT_EQ(Base64DecodedSize("Zg=="), 1u);
  EXPECT_EQ(Base64DecodedSize("Zg"), 1u);
  EXPECT_EQ(Base64DecodedSize("Zm8="), 2u);
  EXPECT_EQ(Base64DecodedSize("Zm9vYmFy"), 6u);
}

TEST(Base64, StrictDecodingTakesOneAlphabetAndNoStrayBits) {
  std::string out = "x";
  ASSERT_TRUE(AppendBase64DecodedStrictly("AP_-", &out));
  ASSERT_TRUE(AppendBase64DecodedStrictly("AP/+", &out));
  ASSERT_TRUE(AppendBase64DecodedStrictly("Zm8", &out));
  ASSERT_TRUE(AppendBase64DecodedStrictly("Zg==", &out));
  EXPECT_EQ(out, std::string("x\x00\xff\xfe\x00\xff\xfe"
                             "fof",
                             10));
  EXPECT_FALSE(AppendBase64DecodedStrictly("AP_+", &out));
  EXPECT_FALSE(AppendBase64DecodedStrictly("Zh==", &out));  // bits past 'f'
  EXPECT_FALSE(AppendBase64DecodedStrictly("Zm8===", &out));
  EXPECT_FALSE(AppendBase64DecodedStrictly("Zg=", &out));
}

}  // namespace
}  // namespace rpccli
