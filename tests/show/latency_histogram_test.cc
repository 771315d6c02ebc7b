#include "show/latency_histogram.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rpccli {
namespace {

TEST(LatencyHistogram, EmptyReportsZeros) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.count(), 0);
  EXPECT_EQ(histogram.min(), 0);
  EXPECT_EQ(histogram.Percentile(0.99), 0);
  EXPECT_TRUE(histogram.Bars(5).empty());
}

TEST(LatencyHistogram, KeepsCountMeanAndExtremesExactly) {
  LatencyHistogram histogram;
  for (double ms : {1.0, 2.0, 3.0, 4.0}) histogram.Add(ms / 1000);
  EXPECT_EQ(histogram.count(), 4);
  EXPECT_DOUBLE_EQ(histogram.min(), 0.001);
  EXPECT_DOUBLE_EQ(histogram.max(), 0.004);
  EXPECT_DOUBLE_EQ(histogram.mean(), 0.0025);
  // The sample standard deviation of 1, 2, 3, 4.
  EXPECT_NEAR(histogram.stddev(), std::sqrt(5.0 / 3) / 1000, 1e-12);
}

TEST(LatencyHistogram, PercentilesAreWithinOnePercentOverTheWholeRange) {
  LatencyHistogram histogram;
  // 1 us to 1 h, 10,000 values spaced evenly on a log scale.
  const int kValues = 10000;
  std::vector<double> values;
  for (int i = 0; i < kValues; ++i) {
    values.push_back(1e-6 * std::pow(3.6e9, i / double(kValues - 1)));
    histogram.Add(values.back());
  }
  for (double fraction : {0.001, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    double exact =
        values[static_cast<size_t>(std::ceil(fraction * kValues)) - 1];
    EXPECT_NEAR(histogram.Percentile(fraction) / exact, 1.0, 0.01) << fraction;
  }
}

TEST(LatencyHistogram, APercentileIsNeverOutsideWhatWasSeen) {
  LatencyHistogram histogram;
  histogram.Add(0.0100);
  histogram.Add(0.0101);
  EXPECT_GE(histogram.Percentile(0.0), 0.0100);
  EXPECT_LE(histogram.Percentile(1.0), 0.0101);
  // Below 1 us and above 1 h still count, and min and max stay true.
  histogram.Add(1e-9);
  histogram.Add(7200);
  EXPECT_EQ(histogram.min(), 1e-9);
  EXPECT_EQ(histogram.max(), 7200);
  EXPECT_EQ(histogram.Percentile(1.0), 7200);
}

TEST(LatencyHistogram, BarsCountEveryValueOnce) {
  LatencyHistogram histogram;
  for (int i = 1; i <= 1000; ++i) histogram.Add(i / 1e5);
  std::vector<LatencyHistogram::Bar> bars = histogram.Bars(8);
  ASSERT_EQ(bars.size(), 8u);
  int64_t total = 0;
  for (const auto& bar : bars) total += bar.count;
  EXPECT_EQ(total, 1000);
  EXPECT_DOUBLE_EQ(bars.back().up_to, 0.01);
  // Later bars are wider on a linear scale and these values are spread
  // evenly on it, so the last bar holds more than the first.
  EXPECT_GT(bars.back().count, bars.front().count);
}

TEST(LatencyHistogram, EachLatencyIsInTheBarItsBoundSays) {
  // Ranges narrower than a bucket, a few buckets wide, and wide; below
  // 1 us and above 1 h too.
  std::vector<std::vector<double>> cases = {
      {0.001, 0.0010001},    {0.001, 0.00101, 0.00102, 0.00103},
      {0.002, 0.002, 0.002}, {1e-7, 5e-6, 1e-3},
      {0.5, 7200},
  };
  for (int i = 1; i <= 500; ++i)
    cases.push_back({0.001, 0.001 * (1 + i * 0.01)});
  std::vector<double> spread;
  for (int i = 1; i <= 1000; ++i) spread.push_back(i / 1e5);
  cases.push_back(spread);
  for (const auto& values : cases) {
    LatencyHistogram histogram;
    for (double value : values) histogram.Add(value);
    std::vector<LatencyHistogram::Bar> bars = histogram.Bars(10);
    ASSERT_FALSE(bars.empty());
    ASSERT_LE(bars.size(), 10u);
    EXPECT_EQ(bars.back().up_to, histogram.max());
    // Counting each value into the first bar whose bound is not below it
    // gives the bars' counts: the histogram agrees with the extremes.
    std::vector<int64_t> expected(bars.size(), 0);
    for (double value : values) {
      size_t bar = 0;
      while (bars[bar].up_to < value) ++bar;
      ++expected[bar];
    }
    for (size_t bar = 0; bar < bars.size(); ++bar) {
      EXPECT_EQ(bars[bar].count, expected[bar])
          << "bar " << bar << " of values from " << values.front() << " to "
          << values.back();
      if (bar > 0) {
        EXPECT_GT(bars[bar].up_to, bars[bar - 1].up_to);
      }
    }
    EXPECT_GT(bars.front().count, 0);
    EXPECT_GT(bars.back().count, 0);
  }
}

}  // namespace
}  // namespace rpccli
