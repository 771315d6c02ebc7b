// Latencies of many calls in constant memory: log-spaced buckets from 1 us
// to 1 h, each 2% wide, so that any percentile is within 1% of a latency
// that was seen; count, mean, spread and extremes are kept exactly.
#ifndef RPCCLI_SHOW_LATENCY_HISTOGRAM_H_
#define RPCCLI_SHOW_LATENCY_HISTOGRAM_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace rpccli {

/// A histogram's contents in a form to keep, write out and merge: totals
/// and the buckets that are not empty, by index, in ascending order.
struct LatencyCounts {
  int64_t count = 0;
  double sum = 0;
  double sum_of_squares = 0;
  double min = 0;
  double max = 0;
  std::vector<std::pair<int, int64_t>> buckets;
};

class LatencyHistogram {
 public:
  LatencyHistogram();

  /// How the buckets are laid out, for a report that carries them: bucket
  /// i holds latencies from kLowest * kGrowth^i up to kLowest *
  /// kGrowth^(i+1) seconds.
  static constexpr double kLowest = 1e-6;   // 1 us
  static constexpr double kHighest = 3600;  // 1 h
  static constexpr double kGrowth = 1.02;
  static int BucketCount();

  /// Adds one latency, in seconds; below 1 us counts as 1 us, above 1 h
  /// as 1 h in the buckets (min, max and mean keep the true value).
  void Add(double seconds);

  /// Adds what another histogram counted, as if each of its latencies had
  /// been added here. False, and nothing added, when a bucket index is
  /// past the last or a count is below 1, or when the totals are not those
  /// of the buckets (min and max in the first and last, the sums between).
  bool Add(const LatencyCounts& counts);
  LatencyCounts Counts() const;
  void Clear();

  int64_t count() const { return count_; }
  double min() const { return count_ == 0 ? 0 : min_; }
  double max() const { return count_ == 0 ? 0 : max_; }
  double mean() const;
  double stddev() const;
  /// The latency below which `fraction` (0 to 1) of them fall, within 1%;
  /// 0 when there are none.
  double Percentile(double fraction) const;

  /// A few bars for a report: up to `bars` ranges of about equal width on
  /// a log scale from min to max, each with its upper bound and count. A
  /// bar counts the latencies from the previous bar's bound up to, not
  /// including, its own; the last ends at max and includes it.
  struct Bar {
    double up_to;
    int64_t count;
  };
  std::vector<Bar> Bars(int bars) const;

 private:
  int BucketOf(double seconds) const;
  double ValueOf(int bucket) const;
  double UpperEdgeOf(int bucket) const;  // no latency in it reaches this

  std::vector<int64_t> buckets_;
  int64_t count_ = 0;
  double sum_ = 0;
  double sum_of_squares_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_SHOW_LATENCY_HISTOGRAM_H_
