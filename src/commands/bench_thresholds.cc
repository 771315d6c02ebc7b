#include "commands/bench_thresholds.h"

#include <cmath>

#include "base/seconds_text.h"
#include "base/text.h"
#include "show/bench_report_parts.h"

namespace rpccli {
namespace {

struct Percentile {
  const char* name;
  double fraction;
};
constexpr Percentile kPercentiles[] = {{"p50", 0.5},    {"p90", 0.9},
                                       {"p95", 0.95},   {"p99", 0.99},
                                       {"p999", 0.999}, {"p99.9", 0.999}};
constexpr const char* kFigures =
    "p50, p90, p95, p99, p999, min, mean, max, stddev, errors, rps or "
    "requests";

bool IsLatency(const std::string& name) {
  for (const Percentile& percentile : kPercentiles) {
    if (name == percentile.name) return true;
  }
  return name == "min" || name == "mean" || name == "max" || name == "stddev";
}

// A number and what follows it.
bool SplitNumber(const std::string& text, double* value, std::string* unit) {
  std::string rest;
  if (!LeadingNumber(text, value, &rest)) return false;
  *unit = Trim(rest);
  return true;
}

double LatencyOf(const std::string& name, const LatencyHistogram& latencies) {
  if (name == "min") return latencies.min();
  if (name == "mean") return latencies.mean();
  if (name == "max") return latencies.max();
  if (name == "stddev") return latencies.stddev();
  for (const Percentile& percentile : kPercentiles) {
    if (name == percentile.name) {
      return latencies.Percentile(percentile.fraction);
    }
  }
  return 0;
}

}  // namespace

bool ParseThreshold(const std::string& text, Threshold* threshold,
                    std::string* err) {
  size_t op = text.find_first_of("<>");
  if (op == std::string::npos) {
    *err = "\"" + text + "\" has no > or <: write FIGURE>LIMIT, as p99>50ms";
    return false;
  }
  threshold->text = text;
  threshold->name = Trim(text.substr(0, op));
  threshold->above = text[op] == '>';
  threshold->or_equal = op + 1 < text.size() && text[op + 1] == '=';
  std::string limit = Trim(text.substr(op + (threshold->or_equal ? 2 : 1)));
  const std::string& name = threshold->name;
  std::string unit;
  if (!SplitNumber(limit, &threshold->limit, &unit)) {
    *err = "\"" + text + "\": the limit \"" + limit + "\" is not a number";
    return false;
  }
  if (IsLatency(name)) {
    threshold->figure = Threshold::Figure::kLatency;
    double scale = unit == "us"   ? 1e-6
                   : unit == "ms" ? 1e-3
                   : unit == "s"  ? 1
                                  : 0;
    if (scale == 0) {
      *err = "\"" + text + "\": a latency's limit takes a unit: us, ms or s (" +
             name + ">50ms)";
      return false;
    }
    threshold->limit *= scale;
    return true;
  }
  if (name == "errors") {
    threshold->figure = Threshold::Figure::kErrors;
    threshold->percent = unit == "%";
    if (unit.empty() || unit == "%") {
      if (!threshold->percent &&
          threshold->limit != std::floor(threshold->limit)) {
        *err = "\"" + text + "\": errors counts calls: a whole number, or N%";
        return false;
      }
      return true;
    }
  } else if (name == "rps" || name == "requests") {
    threshold->figure =
        name == "rps" ? Threshold::Figure::kRate : Threshold::Figure::kRequests;
    if (unit.empty()) return true;
  } else {
    *err = "\"" + text + "\": \"" + name + "\" is no figure of the report; " +
           "give " + kFigures;
    return false;
  }
  *err = "\"" + text + "\": " + name + " takes no unit \"" + unit + "\"";
  return false;
}

bool JudgeThresholds(const std::vector<Threshold>& thresholds,
                     BenchResults* results) {
  bool met = true;
  results->verdicts.clear();
  int64_t requests = results->requests();
  for (const Threshold& threshold : thresholds) {
    double value = 0;
    std::string figure;
    switch (threshold.figure) {
      case Threshold::Figure::kLatency:
        value = LatencyOf(threshold.name, results->latencies);
        figure = Printf("%.3f ms", value * 1000);
        break;
      case Threshold::Figure::kErrors: {
        double share = requests > 0
                           ? 100.0 * static_cast<double>(results->failed) /
                                 static_cast<double>(requests)
                           : 0;
        value =
            threshold.percent ? share : static_cast<double>(results->failed);
        figure = std::to_string(results->failed) + " of " +
                 std::to_string(requests) + Printf(" (%.2f%%)", share);
        break;
      }
      case Threshold::Figure::kRate:
        value = results->wall_seconds > 0
                    ? static_cast<double>(requests) / results->wall_seconds
                    : 0;
        figure = Printf("%.1f/s", value);
        break;
      case Threshold::Figure::kRequests:
        value = static_cast<double>(requests);
        figure = std::to_string(requests);
        break;
    }
    bool crossed = threshold.above
                       ? (threshold.or_equal ? value >= threshold.limit
                                             : value > threshold.limit)
                       : (threshold.or_equal ? value <= threshold.limit
                                             : value < threshold.limit);
    results->verdicts.push_back({threshold.text, figure, crossed});
    if (crossed) met = false;
  }
  return met;
}

}  // namespace rpccli
