#include "show/bench_report.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>

#include "base/status_code.h"
#include "show/printer.h"

namespace rpccli {
namespace {

constexpr int kHistogramBars = 10;
constexpr double kPercentiles[] = {0.5, 0.9, 0.95, 0.99, 0.999};
constexpr const char* kPercentileNames[] = {"p50", "p90", "p95", "p99", "p999"};
constexpr const char* kPercentileLabels[] = {"p50", "p90", "p95", "p99",
                                             "p99.9"};

std::string NameOf(int code) {
  return StatusCodeName(static_cast<grpc::StatusCode>(code));
}

double PerSecond(int64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

// A latency in ms with three significant figures or more.
std::string Ms(double seconds) {
  char text[32];
  double ms = seconds * 1000;
  std::snprintf(text, sizeof text, ms < 10 ? "%.3f ms" : "%.2f ms", ms);
  return text;
}

std::string Line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Line(const char* format, ...) {
  char text[512];
  va_list arguments;
  va_start(arguments, format);
  std::vsnprintf(text, sizeof text, format, arguments);
  va_end(arguments);
  return std::string(text) + "\n";
}

// Three decimals are enough for ms and keep the JSON short.
double Rounded(double value) { return std::round(value * 1000) / 1000; }

}  // namespace

void BenchResults::Add(double latency_seconds, const grpc::Status& status,
                       int64_t sent, int64_t received) {
  latencies.Add(latency_seconds);
  int code = static_cast<int>(status.error_code());
  ++status_counts[code];
  if (status.ok()) {
    ++ok;
  } else {
    ++failed;
    ++failed_so_far_;
    first_messages.emplace(code, status.error_message());
  }
  messages_sent += sent;
  messages_received += received;
  ++done_;
}

int BenchResults::MostFrequentFailure() const {
  int worst = 0;
  int64_t most = 0;
  for (const auto& entry : status_counts) {
    if (entry.first != 0 && entry.second > most) {
      worst = entry.first;
      most = entry.second;
    }
  }
  return worst;
}

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
  if (settings.rate > 0) text += Line("  Target rate:  %.1f/s", settings.rate);
  text += Line("  Total:        %.3f s", results.wall_seconds);
  text += Line("  Rate:         %.1f requests/s",
               PerSecond(requests, results.wall_seconds));
  if (requests > 0) {
    text += "  Fastest:      " + Ms(latencies.min()) + "\n";
    text += "  Slowest:      " + Ms(latencies.max()) + "\n";
    text += "  Mean:         " + Ms(latencies.mean()) + "\n";
    text += "  Std dev:      " + Ms(latencies.stddev()) + "\n";
    text += "\nLatency percentiles:\n";
    for (size_t i = 0; i < std::size(kPercentiles); ++i) {
      text += Line("  %-6s %s", kPercentileLabels[i],
                   Ms(latencies.Percentile(kPercentiles[i])).c_str());
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
  if (settings.streaming) {
    text += Line("\nMessages:\n  sent %lld (%.1f/s), received %lld (%.1f/s)",
                 static_cast<long long>(results.messages_sent),
                 PerSecond(results.messages_sent, results.wall_seconds),
                 static_cast<long long>(results.messages_received),
                 PerSecond(results.messages_received, results.wall_seconds));
  }
  text += "\nStatus codes:\n";
  for (const auto& entry : results.status_counts) {
    text += Line("  %-20s %lld", NameOf(entry.first).c_str(),
                 static_cast<long long>(entry.second));
    auto first = results.first_messages.find(entry.first);
    if (first != results.first_messages.end()) {
      text += "    first: " + ShownMessage(first->second) + "\n";
    }
  }
  return text;
}

std::string BenchReportJson(const BenchResults& results,
                            const BenchSettings& settings) {
  const LatencyHistogram& latencies = results.latencies;
  int64_t requests = results.ok + results.failed;
  nlohmann::ordered_json json;
  json["requests"] = requests;
  json["ok"] = results.ok;
  json["failed"] = results.failed;
  json["cancelled"] = results.cancelled;
  json["duration_s"] = Rounded(results.wall_seconds);
  json["rps"] = Rounded(PerSecond(requests, results.wall_seconds));
  json["concurrency"] = settings.concurrency;
  json["connections"] = settings.connections;
  if (settings.rate > 0) json["target_rps"] = settings.rate;
  nlohmann::ordered_json latency;
  latency["min"] = Rounded(latencies.min() * 1000);
  latency["mean"] = Rounded(latencies.mean() * 1000);
  latency["stddev"] = Rounded(latencies.stddev() * 1000);
  for (size_t i = 0; i < std::size(kPercentiles); ++i) {
    latency[kPercentileNames[i]] =
        Rounded(latencies.Percentile(kPercentiles[i]) * 1000);
  }
  latency["max"] = Rounded(latencies.max() * 1000);
  json["latency_ms"] = latency;
  json["histogram"] = nlohmann::ordered_json::array();
  for (const auto& bar : latencies.Bars(kHistogramBars)) {
    json["histogram"].push_back(
        {{"up_to_ms", Rounded(bar.up_to * 1000)}, {"count", bar.count}});
  }
  json["status_counts"] = nlohmann::ordered_json::object();
  for (const auto& entry : results.status_counts) {
    json["status_counts"][NameOf(entry.first)] = entry.second;
  }
  json["errors"] = nlohmann::ordered_json::object();
  for (const auto& entry : results.first_messages) {
    json["errors"][NameOf(entry.first)] = entry.second;
  }
  if (settings.streaming) {
    json["messages"] = {
        {"sent", results.messages_sent},
        {"received", results.messages_received},
        {"sent_per_s",
         Rounded(PerSecond(results.messages_sent, results.wall_seconds))},
        {"received_per_s",
         Rounded(PerSecond(results.messages_received, results.wall_seconds))}};
  }
  // A status message from the server may hold bytes that are not UTF-8.
  return json.dump(-1, ' ', false,
                   nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace rpccli
