// The bench report in Prometheus's text exposition format (version 0.0.4),
// for a Pushgateway or node_exporter's textfile collector.
#include <cstdio>

#include "show/bench_report.h"
#include "show/bench_report_parts.h"

namespace rpccli {
namespace {

// A label value as the format quotes it: backslash, quote and newline
// escaped.
std::string LabelValue(const std::string& value) {
  std::string quoted;
  for (char c : value) {
    if (c == '\\') {
      quoted += "\\\\";
    } else if (c == '"') {
      quoted += "\\\"";
    } else if (c == '\n') {
      quoted += "\\n";
    } else {
      quoted += c;
    }
  }
  return quoted;
}

std::string Number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

class Exposition {
 public:
  explicit Exposition(const std::string& method)
      : labels_(method.empty() ? "" : "method=\"" + LabelValue(method) + "\"") {
  }

  void Family(const std::string& name, const char* type, const char* help) {
    text_ +=
        "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  // One sample; `extra` labels go after the method's.
  void Sample(const std::string& name, double value,
              const std::string& extra = "") {
    std::string labels = labels_;
    if (!extra.empty()) labels += (labels.empty() ? "" : ",") + extra;
    text_ += name + (labels.empty() ? "" : "{" + labels + "}") + " " +
             Number(value) + "\n";
  }
  const std::string& text() const { return text_; }

 private:
  std::string labels_;
  std::string text_;
};

}  // namespace

std::string BenchReportPrometheus(const BenchResults& results,
                                  const BenchSettings& settings) {
  Exposition out(settings.method);
  out.Family("rpccli_bench_requests_total", "counter",
             "Calls the run counted, by gRPC status.");
  for (const auto& [code, count] : results.status_counts) {
    out.Sample("rpccli_bench_requests_total", static_cast<double>(count),
               "status=\"" + StatusNameOf(code) + "\"");
  }
  out.Family("rpccli_bench_cancelled_total", "counter",
             "Calls cut short by the run's end or a signal, not counted.");
  out.Sample("rpccli_bench_cancelled_total",
             static_cast<double>(results.cancelled));
  out.Family("rpccli_bench_duration_seconds", "gauge",
             "How long the run took.");
  out.Sample("rpccli_bench_duration_seconds", results.wall_seconds);
  out.Family("rpccli_bench_requests_per_second", "gauge",
             "Counted calls a second over the run.");
  out.Sample("rpccli_bench_requests_per_second",
             PerSecond(results.requests(), results.wall_seconds));
  out.Family("rpccli_bench_concurrency", "gauge", "Calls in flight at most.");
  out.Sample("rpccli_bench_concurrency", settings.concurrency);
  if (settings.rate > 0) {
    out.Family("rpccli_bench_target_requests_per_second", "gauge",
               "The rate asked for (the highest of a schedule).");
    out.Sample("rpccli_bench_target_requests_per_second", settings.rate);
  }
  out.Family("rpccli_bench_start_timestamp_seconds", "gauge",
             "When the run began, in seconds since the Unix epoch.");
  out.Sample("rpccli_bench_start_timestamp_seconds",
             static_cast<double>(results.start_unix_ms) / 1000);

  const LatencyHistogram& latencies = results.latencies;
  out.Family("rpccli_bench_latency_seconds", "summary",
             "Latency of the counted calls.");
  for (const ReportPercentile& percentile : kReportPercentiles) {
    out.Sample("rpccli_bench_latency_seconds",
               latencies.Percentile(percentile.fraction),
               "quantile=\"" + Number(percentile.fraction) + "\"");
  }
  out.Sample("rpccli_bench_latency_seconds_sum",
             latencies.mean() * static_cast<double>(latencies.count()));
  out.Sample("rpccli_bench_latency_seconds_count",
             static_cast<double>(latencies.count()));
  out.Family("rpccli_bench_latency_min_seconds", "gauge",
             "The fastest counted call.");
  out.Sample("rpccli_bench_latency_min_seconds", latencies.min());
  out.Family("rpccli_bench_latency_max_seconds", "gauge",
             "The slowest counted call.");
  out.Sample("rpccli_bench_latency_max_seconds", latencies.max());
  return out.text();
}

}  // namespace rpccli
