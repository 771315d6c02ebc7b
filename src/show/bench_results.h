// What `rpccli bench` measured: calls by status, their latencies, and the
// same per second of the run and per stage of a load schedule; merged
// across runs by `bench merge`.
#ifndef RPCCLI_SHOW_BENCH_RESULTS_H_
#define RPCCLI_SHOW_BENCH_RESULTS_H_

#include <grpcpp/support/status.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "show/latency_histogram.h"

namespace rpccli {

/// The calls that ended in one second of a run.
struct BenchSecond {
  int64_t ok = 0;
  int64_t failed = 0;
  LatencyCounts latencies;
};

/// One stage of a load schedule, and the calls started while it held.
struct BenchStage {
  double from_s = 0;  // from the start of the run
  double to_s = 0;    // the run's end, for the last stage
  double rate = 0;    // the target calls a second; 0: a closed loop
  int concurrency = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  LatencyHistogram latencies;
};

/// How the run stood against one bench --fail-if threshold.
struct ThresholdVerdict {
  std::string threshold;  // as given
  std::string figure;     // the run's, with its unit: "62.100 ms"
  bool crossed = false;
};

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
  /// When the run began, in milliseconds since the Unix epoch.
  int64_t start_unix_ms = 0;
  /// Second by second from the start, up to the last second a call ended
  /// in (after Finish).
  std::vector<BenchSecond> seconds;
  /// Empty for a constant load.
  std::vector<BenchStage> stages;
  /// Against each --fail-if, once the run is judged.
  std::vector<ThresholdVerdict> verdicts;

  /// A call ended `ended_s` seconds into the run, after it was started in
  /// `stage` (an index into `stages`; -1 for none). A call is counted in
  /// the second its end is seen: never in one already closed.
  void Add(double latency_seconds, const grpc::Status& status, int64_t sent,
           int64_t received, double ended_s = 0, int stage = -1);
  /// Closes the second still open; Add is not called after it.
  void Finish();
  /// Adds another run's counts, with each second placed by the wall clock
  /// (both runs' start_unix_ms). Stages are merged one by one, their
  /// loads added, when both runs had stages starting at the same times;
  /// otherwise they are dropped and false is returned.
  bool Merge(const BenchResults& other);

  int64_t requests() const { return ok + failed; }
  int64_t done() const { return done_; }
  int64_t failed_so_far() const { return failed_so_far_; }
  /// The most frequent failing status code (the lowest on a tie); 0 if
  /// every counted call succeeded.
  int MostFrequentFailure() const;

 private:
  void CloseSecondsBefore(int64_t second);

  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> failed_so_far_{0};
  // The second calls are being counted in, kept dense until it closes.
  int64_t open_second_ = 0;
  BenchSecond open_counts_;
  LatencyHistogram open_latencies_;
};

}  // namespace rpccli

#endif  // RPCCLI_SHOW_BENCH_RESULTS_H_
