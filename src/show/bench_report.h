// What `rpccli bench` measured, and its report: text for people, or one
// JSON object under fixed keys for scripts and CI.
#ifndef RPCCLI_SHOW_BENCH_REPORT_H_
#define RPCCLI_SHOW_BENCH_REPORT_H_

#include <grpcpp/support/status.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "show/latency_histogram.h"

namespace rpccli {

/// The counted calls of a run. Add is called on one thread; done() and
/// failed_so_far() may be read from another, for progress.
struct BenchResults {
  LatencyHistogram latencies;
  /// Calls by status code, and the first message of each failing code.
  std::map<int, int64_t> status_counts;
  std::map<int, std::string> first_messages;
  int64_t ok = 0;
  int64_t failed = 0;
  /// Calls cut short by the end of --duration or by a signal: not counted.
  int64_t cancelled = 0;
  int64_t messages_sent = 0;
  int64_t messages_received = 0;
  double wall_seconds = 0;

  void Add(double latency_seconds, const grpc::Status& status, int64_t sent,
           int64_t received);
  int64_t done() const { return done_; }
  int64_t failed_so_far() const { return failed_so_far_; }
  /// The most frequent failing status code (the lowest on a tie); 0 if
  /// every counted call succeeded.
  int MostFrequentFailure() const;

 private:
  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> failed_so_far_{0};
};

/// How the run was made, for the report's header.
struct BenchSettings {
  int concurrency;
  int connections;
  double rate;     // 0: closed loop
  bool streaming;  // report messages each way
};

/// The report as people read it: summary, percentiles, a histogram, and
/// the status codes with the first message of each failing one.
std::string BenchReportText(const BenchResults& results,
                            const BenchSettings& settings);

/// The report as one line of JSON: `requests`, `ok`, `failed`,
/// `cancelled`, `duration_s`, `rps`, `concurrency`, `connections`,
/// `latency_ms` {`min`, `mean`, `stddev`, `p50`, `p90`, `p95`, `p99`,
/// `p999`, `max`}, `histogram` [{`up_to_ms`, `count`}], `status_counts`
/// {name: count}, `errors` {name: first message}, and for streaming
/// methods `messages` {`sent`, `received`, `sent_per_s`, `received_per_s`}.
std::string BenchReportJson(const BenchResults& results,
                            const BenchSettings& settings);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_BENCH_REPORT_H_
