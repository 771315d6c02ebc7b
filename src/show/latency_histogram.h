// Latencies of many calls in constant memory: log-spaced buckets from 1 us
// to 1 h, each 2% wide, so that any percentile is within 1% of a latency
// that was seen; count, mean, spread and extremes are kept exactly.
#ifndef RPCCLI_SHOW_LATENCY_HISTOGRAM_H_
#define RPCCLI_SHOW_LATENCY_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace rpccli {

class LatencyHistogram {
 public:
  LatencyHistogram();

  /// Adds one latency, in seconds; below 1 us counts as 1 us, above 1 h
  /// as 1 h in the buckets (min, max and mean keep the true value).
  void Add(double seconds);

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
