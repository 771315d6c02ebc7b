#include "show/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace rpccli {

// Each bucket's upper bound is 2% above its lower one; reporting the
// geometric middle puts every value seen within 1% of what is reported.
int LatencyHistogram::BucketCount() {
  static const int count =
      static_cast<int>(
          std::ceil(std::log(kHighest / kLowest) / std::log(kGrowth))) +
      1;
  return count;
}

LatencyHistogram::LatencyHistogram()
    : buckets_(static_cast<size_t>(BucketCount())) {}

int LatencyHistogram::BucketOf(double seconds) const {
  double clamped = std::min(std::max(seconds, kLowest), kHighest);
  int bucket =
      static_cast<int>(std::log(clamped / kLowest) / std::log(kGrowth));
  // Settled against the edges as UpperEdgeOf computes them: a latency on
  // an edge, rounded either way by log, goes where the bars say it is.
  if (clamped >= UpperEdgeOf(bucket)) ++bucket;
  if (bucket > 0 && clamped < UpperEdgeOf(bucket - 1)) --bucket;
  return std::min(bucket, static_cast<int>(buckets_.size()) - 1);
}

double LatencyHistogram::ValueOf(int bucket) const {
  return kLowest * std::pow(kGrowth, bucket + 0.5);
}

double LatencyHistogram::UpperEdgeOf(int bucket) const {
  return kLowest * std::pow(kGrowth, bucket + 1);
}

void LatencyHistogram::Add(double seconds) {
  if (count_ == 0 || seconds < min_) min_ = seconds;
  if (count_ == 0 || seconds > max_) max_ = seconds;
  ++count_;
  sum_ += seconds;
  sum_of_squares_ += seconds * seconds;
  ++buckets_[BucketOf(seconds)];
}

bool LatencyHistogram::Add(const LatencyCounts& counts) {
  int64_t total = 0;
  for (const auto& [bucket, count] : counts.buckets) {
    if (bucket < 0 || bucket >= BucketCount() || count < 1) return false;
    total += count;
  }
  if (total != counts.count) return false;
  if (counts.count == 0) return true;
  // The totals must be those of the buckets: the fastest in the first, the
  // slowest in the last, the sums between count times each.
  auto n = static_cast<double>(counts.count);
  auto within = [](double value, double low, double high) {
    return value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  };
  if (!(counts.min <= counts.max) ||
      BucketOf(counts.min) != counts.buckets.front().first ||
      BucketOf(counts.max) != counts.buckets.back().first ||
      !within(counts.sum, n * counts.min, n * counts.max) ||
      !within(counts.sum_of_squares, n * counts.min * counts.min,
              n * counts.max * counts.max)) {
    return false;
  }
  if (count_ == 0 || counts.min < min_) min_ = counts.min;
  if (count_ == 0 || counts.max > max_) max_ = counts.max;
  count_ += counts.count;
  sum_ += counts.sum;
  sum_of_squares_ += counts.sum_of_squares;
  for (const auto& [bucket, count] : counts.buckets) buckets_[bucket] += count;
  return true;
}

LatencyCounts LatencyHistogram::Counts() const {
  LatencyCounts counts{count_, sum_, sum_of_squares_, min(), max(), {}};
  for (size_t bucket = 0; bucket < buckets_.size(); ++bucket) {
    if (buckets_[bucket] != 0) {
      counts.buckets.emplace_back(static_cast<int>(bucket), buckets_[bucket]);
    }
  }
  return counts;
}

void LatencyHistogram::Clear() {
  if (count_ == 0) return;
  std::fill(buckets_.begin(), buckets_.end(), 0);
  count_ = 0;
  sum_ = sum_of_squares_ = min_ = max_ = 0;
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
  // Each bar takes whole buckets, from the fastest's to the slowest's, so
  // that every latency is counted in the bar its bound says: the fastest
  // in the first, the slowest in the last. A narrow range has fewer bars
  // than asked, one per bucket, rather than bars finer than what is kept.
  int first = BucketOf(min_);
  int span = BucketOf(max_) - first + 1;
  int shown = std::min(bars, span);
  for (int i = 0; i < shown; ++i) {
    int from = first + span * i / shown;
    int to = first + span * (i + 1) / shown;  // past the bar's last bucket
    Bar bar{i + 1 == shown ? max_ : std::min(UpperEdgeOf(to - 1), max_), 0};
    for (int bucket = from; bucket < to; ++bucket)
      bar.count += buckets_[bucket];
    result.push_back(bar);
  }
  return result;
}

}  // namespace rpccli
