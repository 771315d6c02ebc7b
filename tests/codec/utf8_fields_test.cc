#include "codec/utf8_fields.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

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
