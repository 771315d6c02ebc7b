#include "serve/fake_message.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

TEST(FakeMessage, TheSameSeedGivesTheSameMessage) {
  const auto& type = *demo::Sample::descriptor();
  EXPECT_EQ(FakeMessage(type, 7), FakeMessage(type, 7));
  EXPECT_NE(FakeMessage(type, 7), FakeMessage(type, 8));
}

TEST(FakeMessage, FillsEveryKindOfField) {
  demo::Sample sample;
  ASSERT_TRUE(sample.ParseFromString(FakeMessage(*sample.descriptor(), 1)));
  EXPECT_FALSE(sample.text().empty());
  EXPECT_NE(sample.int64_value(), 0);
  EXPECT_NE(sample.color(), demo::Sample::COLOR_UNSPECIFIED);
  EXPECT_TRUE(sample.has_point());
  EXPECT_GE(sample.numbers_size(), 1);
  EXPECT_LE(sample.numbers_size(), 3);
  EXPECT_GE(sample.counts_size(), 1);
  EXPECT_NE(sample.choice_case(), demo::Sample::CHOICE_NOT_SET);
  EXPECT_TRUE(sample.has_when());
  EXPECT_EQ(sample.when().seconds() / (365 * 24 * 3600) + 1970, 2026);
}

}  // namespace
}  // namespace rpccli
