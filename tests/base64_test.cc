#include "base64.h"

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

}  // namespace
}  // namespace rpccli
