#include "codec/type_url.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(TypeNameOfUrl, IsWhatFollowsTheLastSlash) {
  EXPECT_EQ(TypeNameOfUrl("type.googleapis.com/shop.v1.Review"),
            "shop.v1.Review");
  EXPECT_EQ(TypeNameOfUrl("example.com/x/y/shop.v1.Review"), "shop.v1.Review");
  EXPECT_EQ(TypeNameOfUrl("shop.v1.Review"), "shop.v1.Review");
  EXPECT_EQ(TypeNameOfUrl("example.com/"), "");
  EXPECT_EQ(TypeNameOfUrl(""), "");
}

}  // namespace
}  // namespace rpccli
