// bench --fail-if: thresholds on the report's figures (p99>50ms,
// errors>1%, rps<1000) that make a run fail, so that CI can gate on a
// service's latency in one line.
#ifndef RPCCLI_COMMANDS_BENCH_THRESHOLDS_H_
#define RPCCLI_COMMANDS_BENCH_THRESHOLDS_H_

#include <string>
#include <vector>

#include "show/bench_results.h"

namespace rpccli {

struct Threshold {
  std::string text;  // as given, for the report
  enum class Figure {
    kLatency,   // `percentile` of the latencies, or min/mean/max/stddev
    kErrors,    // failed calls, counted or as a percentage of all
    kRate,      // counted calls a second
    kRequests,  // counted calls
  };
  Figure figure = Figure::kLatency;
  std::string name;   // p99, mean, errors, rps, requests
  bool above = true;  // fail when the figure is above `limit`, else below
  bool or_equal = false;
  double limit = 0;      // seconds for a latency
  bool percent = false;  // errors as a percentage
};

/// Reads one threshold: FIGURE OP LIMIT, where FIGURE is p50, p90, p95,
/// p99, p999 (or p99.9), min, mean, max, stddev (LIMIT with a unit: us,
/// ms, s), errors (a count, or N%), rps or requests, and OP is >, >=, < or
/// <=. Spaces are allowed around OP.
bool ParseThreshold(const std::string& text, Threshold* threshold,
                    std::string* err);

/// Judges the run against each threshold: a verdict per threshold, in
/// order, in `results->verdicts`. True if none was crossed.
bool JudgeThresholds(const std::vector<Threshold>& thresholds,
                     BenchResults* results);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_BENCH_THRESHOLDS_H_
