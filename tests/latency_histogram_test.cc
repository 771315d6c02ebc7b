#include "latency_histogram.h"

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

}  // namespace
}  // namespace rpccli
