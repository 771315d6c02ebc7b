// Runs to report on, shared by the bench report tests.
#ifndef RPCCLI_TESTS_SHOW_BENCH_FIXTURES_H_
#define RPCCLI_TESTS_SHOW_BENCH_FIXTURES_H_

#include <gtest/gtest.h>

#include <string>

#include "show/bench_report.h"

namespace rpccli {

// Eleven calls: eight OK, two NotFound, one Unavailable; two cancelled.
inline void FillSome(BenchResults* results_out) {
  BenchResults& results = *results_out;
  for (int i = 1; i <= 8; ++i) results.Add(i / 1000.0, grpc::Status::OK, 1, 2);
  results.Add(0.020, grpc::Status(grpc::StatusCode::NOT_FOUND, "first"), 1, 0);
  results.Add(0.030, grpc::Status(grpc::StatusCode::NOT_FOUND, "second"), 1, 0);
  results.Add(0.040, grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), 1, 0);
  results.cancelled = 2;
  results.wall_seconds = 0.5;
}

// A run of 2.5 s on a schedule of two stages, with a second in which
// nothing ended and a code that has no name.
inline void FillARun(BenchResults* results_out) {
  BenchResults& results = *results_out;
  results.start_unix_ms = 1700000000123;
  results.stages.resize(2);
  results.stages[0].from_s = 0;
  results.stages[0].to_s = 1;
  results.stages[0].rate = 50;
  results.stages[1].from_s = 1;
  results.stages[1].to_s = 2.5;
  results.stages[1].rate = 100;
  for (int i = 0; i < 20; ++i) {
    results.Add(0.001 + i * 0.0003, grpc::Status::OK, 2, 3, i * 0.04, 0);
  }
  results.Add(0.25, grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"), 1, 0,
              0.9, 0);
  for (int i = 0; i < 5; ++i) {
    results.Add(0.002 * (i + 1), grpc::Status::OK, 2, 3, 2.1 + i * 0.05, 1);
  }
  results.Add(0.003, grpc::Status(static_cast<grpc::StatusCode>(20), "odd"), 1,
              0, 2.4, 1);
  results.Finish();
  results.cancelled = 3;
  results.wall_seconds = 2.5;
}

inline const BenchSettings kRunSettings{
    8, 2, 100, true, "pkg.Svc/Method", "step:50:100:50:1s"};

inline void ExpectSameCounts(const LatencyCounts& read,
                             const LatencyCounts& written,
                             const std::string& where) {
  EXPECT_EQ(read.count, written.count) << where;
  EXPECT_EQ(read.sum, written.sum) << where;
  EXPECT_EQ(read.sum_of_squares, written.sum_of_squares) << where;
  EXPECT_EQ(read.min, written.min) << where;
  EXPECT_EQ(read.max, written.max) << where;
  EXPECT_EQ(read.buckets, written.buckets) << where;
}

}  // namespace rpccli

#endif  // RPCCLI_TESTS_SHOW_BENCH_FIXTURES_H_
