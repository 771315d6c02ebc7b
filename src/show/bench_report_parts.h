// What the bench report formats share: the percentiles they show and how
// they name things, so that text, JSON, Prometheus and HTML agree.
#ifndef RPCCLI_SHOW_BENCH_REPORT_PARTS_H_
#define RPCCLI_SHOW_BENCH_REPORT_PARTS_H_

#include <cstdarg>
#include <cstdint>
#include <string>

#include "base/status_code.h"

namespace rpccli {

struct ReportPercentile {
  double fraction;
  const char* key;    // in JSON: p999
  const char* label;  // for people: p99.9
};
inline constexpr ReportPercentile kReportPercentiles[] = {
    {0.5, "p50", "p50"},  {0.9, "p90", "p90"},      {0.95, "p95", "p95"},
    {0.99, "p99", "p99"}, {0.999, "p999", "p99.9"},
};

inline std::string StatusNameOf(int code) {
  return StatusCodeName(static_cast<grpc::StatusCode>(code));
}

inline double PerSecond(int64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

/// printf into a string, for a report's lines and figures (cut at 511
/// bytes, far past any of them).
std::string Printf(const char* format, ...)
    __attribute__((format(printf, 1, 2)));
std::string VPrintf(const char* format, va_list arguments);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_BENCH_REPORT_PARTS_H_
