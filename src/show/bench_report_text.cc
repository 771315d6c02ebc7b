// The bench report for people.
#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "base/time_text.h"
#include "show/bench_report.h"
#include "show/bench_report_parts.h"
#include "show/printer.h"

namespace rpccli {
namespace {

constexpr int kHistogramBars = 10;

// A latency in ms with three significant figures or more.
std::string Ms(double seconds) {
  char text[32];
  double ms = seconds * 1000;
  std::snprintf(text, sizeof text, ms < 10 ? "%.3f ms" : "%.2f ms", ms);
  return text;
}

std::string Line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Line(const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  std::string text = VPrintf(format, arguments);
  va_end(arguments);
  return text + "\n";
}

// A row per stage of a schedule: when, the load asked for, and what the
// calls started in it got.
std::string StagesText(const BenchResults& results) {
  std::string text =
      Line("\nStages:\n  %-15s %-14s %9s %11s %10s %10s %8s", "from-to (s)",
           "load", "requests", "rate (/s)", "p50 (ms)", "p99 (ms)", "failed");
  for (const BenchStage& stage : results.stages) {
    char when[32];
    std::snprintf(when, sizeof when, "%.1f-%.1f", stage.from_s, stage.to_s);
    char load[32];
    if (stage.rate > 0) {
      std::snprintf(load, sizeof load, "%.1f/s", stage.rate);
    } else {
      std::snprintf(load, sizeof load, "%d in flight", stage.concurrency);
    }
    int64_t requests = stage.ok + stage.failed;
    text += Line("  %-15s %-14s %9lld %11.1f %10.3f %10.3f %8lld", when, load,
                 static_cast<long long>(requests),
                 PerSecond(requests, stage.to_s - stage.from_s),
                 stage.latencies.Percentile(0.5) * 1000,
                 stage.latencies.Percentile(0.99) * 1000,
                 static_cast<long long>(stage.failed));
  }
  return text;
}

}  // namespace

std::string BenchReportText(const BenchResults& results,
                            const BenchSettings& settings) {
  const LatencyHistogram& latencies = results.latencies;
  int64_t requests = results.ok + results.failed;
  std::string text = "Summary:\n";
  text +=
      Line("  Requests:     %lld (%lld OK, %lld failed)",
           static_cast<long long>(requests), static_cast<long long>(results.ok),
           static_cast<long long>(results.failed));
  if (results.cancelled > 0) {
    text += Line("  Cancelled:    %lld (in flight at the end; not counted)",
                 static_cast<long long>(results.cancelled));
  }
  text += Line("  Concurrency:  %d on %d connection(s)%s", settings.concurrency,
               settings.connections, settings.rate > 0 ? ", open loop" : "");
  if (!settings.schedule.empty()) {
    text += "  Schedule:     " + settings.schedule + "\n";
  } else if (settings.rate > 0) {
    text += Line("  Target rate:  %.1f/s", settings.rate);
  }
  if (results.start_unix_ms != 0) {
    text +=
        "  Started:      " + Rfc3339Utc(results.start_unix_ms, 1000, 3) + "\n";
  }
  text += Line("  Total:        %.3f s", results.wall_seconds);
  text += Line("  Rate:         %.1f requests/s",
               PerSecond(requests, results.wall_seconds));
  if (requests > 0) {
    text += "  Fastest:      " + Ms(latencies.min()) + "\n";
    text += "  Slowest:      " + Ms(latencies.max()) + "\n";
    text += "  Mean:         " + Ms(latencies.mean()) + "\n";
    text += "  Std dev:      " + Ms(latencies.stddev()) + "\n";
    text += "\nLatency percentiles:\n";
    for (const ReportPercentile& percentile : kReportPercentiles) {
      text += Line("  %-6s %s", percentile.label,
                   Ms(latencies.Percentile(percentile.fraction)).c_str());
    }
    text += "\nLatency histogram:\n";
    std::vector<LatencyHistogram::Bar> bars = latencies.Bars(kHistogramBars);
    int64_t tallest = 1;
    for (const auto& bar : bars) tallest = std::max(tallest, bar.count);
    for (const auto& bar : bars) {
      int width = static_cast<int>(40 * bar.count / tallest);
      text += Line("  <= %-12s %8lld |%s", Ms(bar.up_to).c_str(),
                   static_cast<long long>(bar.count),
                   std::string(static_cast<size_t>(width), '#').c_str());
    }
  }
  if (!results.stages.empty()) text += StagesText(results);
  if (settings.streaming) {
    text += Line("\nMessages:\n  sent %lld (%.1f/s), received %lld (%.1f/s)",
                 static_cast<long long>(results.messages_sent),
                 PerSecond(results.messages_sent, results.wall_seconds),
                 static_cast<long long>(results.messages_received),
                 PerSecond(results.messages_received, results.wall_seconds));
  }
  if (!results.verdicts.empty()) {
    text += "\nThresholds (--fail-if):\n";
    for (const ThresholdVerdict& verdict : results.verdicts) {
      text += Line("  %-20s %-28s %s", ShownMessage(verdict.threshold).c_str(),
                   verdict.figure.c_str(), verdict.crossed ? "CROSSED" : "met");
    }
  }
  text += "\nStatus codes:\n";
  for (const auto& entry : results.status_counts) {
    text += Line("  %-20s %lld", StatusNameOf(entry.first).c_str(),
                 static_cast<long long>(entry.second));
    auto first = results.first_messages.find(entry.first);
    if (first != results.first_messages.end()) {
      text += "    first: " + ShownMessage(first->second) + "\n";
    }
  }
  return text;
}

}  // namespace rpccli
