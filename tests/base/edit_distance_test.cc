#include "base/edit_distance.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("Greet", "Greet"), 0u);
  EXPECT_EQ(EditDistance("Gret", "Greet"), 1u);
  EXPECT_EQ(EditDistance("Greet", "Great"), 1u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(NearestTo, PicksTheFewestEditsAndTheFirstOfEquals) {
  Nearest nearest = NearestTo({"Echo", "Greet", "Great"}, "Gret");
  EXPECT_EQ(nearest.index, 1u);
  EXPECT_EQ(nearest.distance, 1u);
  EXPECT_EQ(NearestTo({}, "Gret").index, std::string::npos);
}

TEST(WorthSuggesting, AllowsTwoEditsOrAThirdOfWhatWasTyped) {
  EXPECT_TRUE(WorthSuggesting(2, "ab"));
  EXPECT_FALSE(WorthSuggesting(3, "abcdefgh"));
  EXPECT_TRUE(WorthSuggesting(3, "abcdefghi"));
}

}  // namespace
}  // namespace rpccli
