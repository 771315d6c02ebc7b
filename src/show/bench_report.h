// The reports of `rpccli bench` and `bench merge`: text for people, JSON
// for scripts and for merging, Prometheus's text format for a push or a
// textfile collector, and one self-contained HTML page with charts.
#ifndef RPCCLI_SHOW_BENCH_REPORT_H_
#define RPCCLI_SHOW_BENCH_REPORT_H_

#include <string>

#include "show/bench_results.h"

namespace rpccli {

/// How the run was made, for the report's header.
struct BenchSettings {
  int concurrency;  // with a concurrency schedule, its highest
  int connections;
  double rate;              // 0: closed loop; with a rate schedule, its highest
  bool streaming;           // report messages each way
  std::string method = "";  // pkg.Service/Method
  std::string schedule = "";  // how the load changed, as given; "": it did not
};

/// The report as people read it: summary, percentiles, a histogram, each
/// stage of a schedule, and the status codes with the first message of
/// each failing one.
std::string BenchReportText(const BenchResults& results,
                            const BenchSettings& settings);

/// The report as one line of JSON: `requests`, `ok`, `failed`,
/// `cancelled`, `duration_s`, `rps`, `concurrency`, `connections`,
/// `latency_ms` {`min`, `mean`, `stddev`, `p50`, `p90`, `p95`, `p99`,
/// `p999`, `max`}, `histogram` [{`up_to_ms`, `count`}], `status_counts`
/// {name: count}, `errors` {name: first message}, for streaming methods
/// `messages` {`sent`, `received`, `sent_per_s`, `received_per_s`}; and
/// what merging needs: `method`, `start`, `start_unix_ms`,
/// `latency_histogram` (every bucket's count), `series` (each second) and
/// `stages`.
std::string BenchReportJson(const BenchResults& results,
                            const BenchSettings& settings);

/// Reads back what BenchReportJson wrote; `name` (the file) starts each
/// error, with the key at fault.
bool ReadBenchReportJson(const std::string& text, const std::string& name,
                         BenchResults* results, BenchSettings* settings,
                         std::string* err);

/// The report in Prometheus's text exposition format: counters by status,
/// the rate, and the latency as a summary with quantiles.
std::string BenchReportPrometheus(const BenchResults& results,
                                  const BenchSettings& settings);

/// One HTML page that needs nothing else (no network, no script): the
/// summary, a latency histogram, and the rate, percentiles and errors
/// over time, drawn as inline SVG.
std::string BenchReportHtml(const BenchResults& results,
                            const BenchSettings& settings);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_BENCH_REPORT_H_
