#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace rpccli {
namespace {

constexpr double kLowest = 1e-6;   // 1 us
constexpr double kHighest = 3600;  // 1 h
// Each bucket's upper bound is 2% above its lower one; reporting the
// geometric middle puts every value seen within 1% of what is reported.
constexpr double kGrowth = 1.02;

}  // namespace

LatencyHistogram::LatencyHistogram()
    : buckets_(static_cast<size_t>(std::ceil(std::log(kHighest / kLowest) /
                                             std::log(kGrowth))) +
               1) {}

int LatencyHistogram::BucketOf(double seconds) const {
  double clamped = std::min(std::max(seconds, kLowest), kHighest);
  int bucket =
      static_cast<int>(std::log(clamped / kLowest) / std::log(kGrowth));
  return std::min(bucket, static_cast<int>(buckets_.size()) - 1);
}

double LatencyHistogram::ValueOf(int bucket) const {
  return kLowest * std::pow(kGrowth, bucket + 0.5);
}

void LatencyHistogram::Add(double seconds) {
  if (count_ == 0 || seconds < min_) min_ = seconds;
  if (count_ == 0 || seconds > max_) max_ = seconds;
  ++count_;
  sum_ += seconds;
  sum_of_squares_ += seconds * seconds;
  ++buckets_[BucketOf(seconds)];
}

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0 : sum_ / static_cast<double>(count_);
}

double LatencyHistogram::stddev() const {
  if (count_ < 2) return 0;
  double n = static_cast<double>(count_);
  double variance = (sum_of_squares_ - sum_ * sum_ / n) / (n - 1);
  return variance > 0 ? std::sqrt(variance) : 0;
}

double LatencyHistogram::Percentile(double fraction) const {
  if (count_ == 0) return 0;
  // The rank of the value asked for, from 1: p50 of 10 values is the 5th.
  auto rank = static_cast<int64_t>(
      std::ceil(std::min(std::max(fraction, 0.0), 1.0) * count_));
  rank = std::max<int64_t>(rank, 1);
  if (rank == count_) return max_;  // the slowest is known exactly
  int64_t seen = 0;
  for (size_t bucket = 0; bucket < buckets_.size(); ++bucket) {
    seen += buckets_[bucket];
    if (seen >= rank) {
      // The bucket's middle, but never outside what was seen.
      return std::min(std::max(ValueOf(static_cast<int>(bucket)), min_), max_);
    }
  }
  return max_;
}

std::vector<LatencyHistogram::Bar> LatencyHistogram::Bars(int bars) const {
  std::vector<Bar> result;
  if (count_ == 0 || bars < 1) return result;
  double low = std::max(min_, kLowest);
  double high = std::max(max_, low);
  double step = std::pow(high / low, 1.0 / bars);
  for (int i = 1; i <= bars; ++i) {
    result.push_back(Bar{i == bars ? high : low * std::pow(step, i), 0});
  }
  // Each bucket's count goes to the bar its middle falls in.
  for (size_t bucket = 0; bucket < buckets_.size(); ++bucket) {
    if (buckets_[bucket] == 0) continue;
    double value =
        std::min(std::max(ValueOf(static_cast<int>(bucket)), low), high);
    auto bar = std::find_if(result.begin(), result.end(),
                            [value](const Bar& b) { return value <= b.up_to; });
    if (bar == result.end()) bar = result.end() - 1;
    bar->count += buckets_[bucket];
  }
  return result;
}

}  // namespace rpccli
