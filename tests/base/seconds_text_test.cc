#include "base/seconds_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rpccli {
namespace {

TEST(ParsePositiveNumber, ReadsPlainDecimals) {
  double value = 0;
  EXPECT_TRUE(ParsePositiveNumber("5", false, &value));
  EXPECT_EQ(value, 5);
  EXPECT_TRUE(ParsePositiveNumber("0.25", false, &value));
  EXPECT_EQ(value, 0.25);
  EXPECT_TRUE(ParsePositiveNumber(".5", false, &value));
  EXPECT_EQ(value, 0.5);
  EXPECT_TRUE(ParsePositiveNumber("1e3", false, &value));
  EXPECT_EQ(value, 1000);
  EXPECT_TRUE(ParsePositiveNumber("2.5E-1", false, &value));
  EXPECT_EQ(value, 0.25);
}

TEST(ParsePositiveNumber, RefusesZeroSignsAndSpaces) {
  double value = 0;
  for (const char* text :
       {"", "0", "0.0", "-1", "+1", " 1", "1 ", "\t1", "1\n", "-0"}) {
    EXPECT_FALSE(ParsePositiveNumber(text, false, &value))
        << '"' << text << '"';
  }
}

TEST(ParsePositiveNumber, RefusesWhatStrtodTakesButPeopleDoNotMean) {
  double value = 0;
  for (const char* text :
       {"0x10", "0X1p3", "inf", "INF", "infinity", "nan", "1e400", "1e-400",
        "1,5", "1e", ".", "1.5.2", "5s", "abc", "1_000"}) {
    EXPECT_FALSE(ParsePositiveNumber(text, false, &value)) << text;
  }
}

TEST(ParsePositiveNumber, AWholeNumberHasNoFraction) {
  double value = 0;
  EXPECT_TRUE(ParsePositiveNumber("12", true, &value));
  EXPECT_EQ(value, 12);
  EXPECT_TRUE(ParsePositiveNumber("1e2", true, &value));
  EXPECT_EQ(value, 100);
  EXPECT_FALSE(ParsePositiveNumber("1.5", true, &value));
  EXPECT_FALSE(ParsePositiveNumber("5e-1", true, &value));
  EXPECT_FALSE(ParsePositiveNumber("0", true, &value));
}

TEST(ParseSeconds, ReadsEachUnit) {
  double seconds = 0;
  EXPECT_TRUE(ParseSeconds("500ms", &seconds));
  EXPECT_DOUBLE_EQ(seconds, 0.5);
  EXPECT_TRUE(ParseSeconds("5s", &seconds));
  EXPECT_EQ(seconds, 5);
  EXPECT_TRUE(ParseSeconds("1.5m", &seconds));
  EXPECT_EQ(seconds, 90);
  EXPECT_TRUE(ParseSeconds("2h", &seconds));
  EXPECT_EQ(seconds, 7200);
  EXPECT_TRUE(ParseSeconds("1e3ms", &seconds));
  EXPECT_DOUBLE_EQ(seconds, 1);
}

TEST(ParseSeconds, ABareNumberIsSeconds) {
  double seconds = 0;
  EXPECT_TRUE(ParseSeconds("10", &seconds));
  EXPECT_EQ(seconds, 10);
  EXPECT_TRUE(ParseSeconds("0.5", &seconds));
  EXPECT_EQ(seconds, 0.5);
}

TEST(ParseSeconds, RefusesWhatIsNotALengthOfTime) {
  double seconds = 0;
  for (const char* text :
       {"",     "ms",   "s",   "m",   "h",     "0s",   "0ms",
        "-5s",  "+5s",  "5 s", " 5s", "5sec",  "5S",   "5MS",
        "5mss", "5min", "5d",  "s5",  "0x10s", "infs", "1e400ms"}) {
    EXPECT_FALSE(ParseSeconds(text, &seconds)) << '"' << text << '"';
  }
}

TEST(ParseSeconds, ALengthPastWhatADoubleHoldsIsRefused) {
  // 1e308 is a positive, finite number; 1e308 hours is not: a length of
  // time read as infinity made a step schedule's call times NaN.
  double seconds = 0;
  bool parsed = ParseSeconds("1e308h", &seconds);
  EXPECT_FALSE(parsed && !std::isfinite(seconds))
      << "read as " << seconds << " seconds";
  parsed = ParseSeconds("1e307m", &seconds);
  EXPECT_FALSE(parsed && !std::isfinite(seconds))
      << "read as " << seconds << " seconds";
}

}  // namespace
}  // namespace rpccli
