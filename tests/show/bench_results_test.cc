#include "show/bench_results.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace rpccli {
namespace {

const grpc::Status kFailed(grpc::StatusCode::UNAVAILABLE, "down");

// A call that ended `ended_s` into the run, in `stage`.
void Ended(BenchResults* results, double ended_s, double latency = 0.001,
           const grpc::Status& status = grpc::Status::OK, int stage = -1) {
  results->Add(latency, status, 1, 1, ended_s, stage);
}

std::vector<int64_t> OkBySecond(const BenchResults& results) {
  std::vector<int64_t> ok;
  for (const BenchSecond& second : results.seconds) ok.push_back(second.ok);
  return ok;
}

std::vector<int64_t> FailedBySecond(const BenchResults& results) {
  std::vector<int64_t> failed;
  for (const BenchSecond& second : results.seconds) {
    failed.push_back(second.failed);
  }
  return failed;
}

// Two stages of a schedule, 0-10 s and 10-20 s.
void TwoStages(BenchResults* results, double rate) {
  results->stages.resize(2);
  results->stages[0].from_s = 0;
  results->stages[0].to_s = 10;
  results->stages[0].rate = rate;
  results->stages[1].from_s = 10;
  results->stages[1].to_s = 20;
  results->stages[1].rate = 2 * rate;
}

// --- The series of seconds ---

TEST(BenchResultsSeconds, CountsACallInTheSecondItEnded) {
  BenchResults results;
  Ended(&results, 0.2);
  Ended(&results, 0.99);
  Ended(&results, 1.0, 0.001, kFailed);
  Ended(&results, 1.5);
  results.Finish();
  EXPECT_EQ(OkBySecond(results), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(FailedBySecond(results), (std::vector<int64_t>{0, 1}));
}

TEST(BenchResultsSeconds, EachSecondKeepsItsOwnLatencies) {
  BenchResults results;
  Ended(&results, 0.1, 0.002);
  Ended(&results, 0.2, 0.004);
  Ended(&results, 1.1, 0.5);
  results.Finish();
  ASSERT_EQ(results.seconds.size(), 2u);
  const LatencyCounts& first = results.seconds[0].latencies;
  EXPECT_EQ(first.count, 2);
  EXPECT_EQ(first.min, 0.002);
  EXPECT_EQ(first.max, 0.004);
  EXPECT_DOUBLE_EQ(first.sum, 0.006);
  const LatencyCounts& second = results.seconds[1].latencies;
  EXPECT_EQ(second.count, 1);
  EXPECT_EQ(second.min, 0.5);
  ASSERT_EQ(second.buckets.size(), 1u);
  EXPECT_EQ(second.buckets[0].second, 1);
  // The run's histogram has all three.
  EXPECT_EQ(results.latencies.count(), 3);
}

TEST(BenchResultsSeconds, KeepsSecondsInWhichNothingEndedAsZeros) {
  BenchResults results;
  Ended(&results, 0.5);
  Ended(&results, 3.2);
  results.Finish();
  EXPECT_EQ(OkBySecond(results), (std::vector<int64_t>{1, 0, 0, 1}));
  EXPECT_EQ(results.seconds[1].failed, 0);
  EXPECT_EQ(results.seconds[1].latencies.count, 0);
  EXPECT_TRUE(results.seconds[2].latencies.buckets.empty());
}

TEST(BenchResultsSeconds, AnEndSeenLateGoesInTheOpenSecondNotAClosedOne) {
  BenchResults results;
  Ended(&results, 0.5);
  Ended(&results, 2.1);
  Ended(&results, 1.9);  // second 1 was closed when 2.1 was seen
  Ended(&results, 0.2);
  results.Finish();
  EXPECT_EQ(OkBySecond(results), (std::vector<int64_t>{1, 0, 3}));
}

TEST(BenchResultsSeconds, ATimeBeforeTheStartIsTheFirstSecond) {
  BenchResults results;
  Ended(&results, -0.5);  // a warm-up call's end, say
  Ended(&results, 0.5);
  results.Finish();
  EXPECT_EQ(OkBySecond(results), (std::vector<int64_t>{2}));
}

TEST(BenchResultsSeconds, FinishClosesTheLastSecondOnce) {
  BenchResults results;
  Ended(&results, 0.5);
  EXPECT_TRUE(results.seconds.empty());  // still open
  results.Finish();
  EXPECT_EQ(results.seconds.size(), 1u);
  results.Finish();
  EXPECT_EQ(results.seconds.size(), 1u);
}

TEST(BenchResultsSeconds, NoCallsNoSeconds) {
  BenchResults results;
  results.Finish();
  EXPECT_TRUE(results.seconds.empty());
}

TEST(BenchResultsSeconds, AddsUpToTheWholeRun) {
  BenchResults results;
  for (int i = 0; i < 1000; ++i) {
    Ended(&results, i * 0.0137, 0.001 * (1 + i % 7),
          i % 9 == 0 ? kFailed : grpc::Status::OK);
  }
  results.Finish();
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t latencies = 0;
  for (const BenchSecond& second : results.seconds) {
    ok += second.ok;
    failed += second.failed;
    latencies += second.latencies.count;
    EXPECT_EQ(second.latencies.count, second.ok + second.failed);
  }
  EXPECT_EQ(ok, results.ok);
  EXPECT_EQ(failed, results.failed);
  EXPECT_EQ(latencies, 1000);
  EXPECT_EQ(results.seconds.size(), 14u);  // the last call ends at 13.69 s
}

// --- Stages ---

TEST(BenchResultsStages, CountsACallInTheStageItStartedIn) {
  BenchResults results;
  TwoStages(&results, 100);
  Ended(&results, 9.9, 0.002, grpc::Status::OK, 0);
  Ended(&results, 10.5, 0.003, grpc::Status::OK, 0);  // started in the 1st
  Ended(&results, 10.6, 0.004, kFailed, 1);
  EXPECT_EQ(results.stages[0].ok, 2);
  EXPECT_EQ(results.stages[0].failed, 0);
  EXPECT_EQ(results.stages[0].latencies.count(), 2);
  EXPECT_EQ(results.stages[0].latencies.max(), 0.003);
  EXPECT_EQ(results.stages[1].ok, 0);
  EXPECT_EQ(results.stages[1].failed, 1);
  EXPECT_EQ(results.stages[1].latencies.count(), 1);
}

TEST(BenchResultsStages, ACallInNoStageOrAnUnknownOneIsCountedOnlyInTheRun) {
  BenchResults results;
  TwoStages(&results, 100);
  Ended(&results, 1, 0.001, grpc::Status::OK, -1);
  Ended(&results, 1, 0.001, grpc::Status::OK, 2);
  Ended(&results, 1, 0.001, grpc::Status::OK, 1000);
  EXPECT_EQ(results.ok, 3);
  EXPECT_EQ(results.stages[0].ok + results.stages[1].ok, 0);
  EXPECT_EQ(results.stages[0].latencies.count(), 0);
}

// --- Merge ---

TEST(BenchResultsMerge, IntoNothingTakesTheOtherRunAsItIs) {
  BenchResults other;
  other.start_unix_ms = 1700000000500;
  TwoStages(&other, 50);
  Ended(&other, 0.5, 0.002, grpc::Status::OK, 0);
  Ended(&other, 2.5, 0.003, kFailed, 0);
  other.Finish();
  other.wall_seconds = 3;
  other.cancelled = 4;

  BenchResults merged;
  EXPECT_TRUE(merged.Merge(other));
  EXPECT_EQ(merged.start_unix_ms, 1700000000500);
  EXPECT_EQ(merged.wall_seconds, 3);
  EXPECT_EQ(merged.ok, 1);
  EXPECT_EQ(merged.failed, 1);
  EXPECT_EQ(merged.cancelled, 4);
  EXPECT_EQ(merged.messages_sent, 2);
  EXPECT_EQ(merged.status_counts, other.status_counts);
  EXPECT_EQ(merged.first_messages, other.first_messages);
  EXPECT_EQ(OkBySecond(merged), OkBySecond(other));
  EXPECT_EQ(FailedBySecond(merged), FailedBySecond(other));
  EXPECT_EQ(merged.latencies.count(), 2);
  ASSERT_EQ(merged.stages.size(), 2u);
  EXPECT_EQ(merged.stages[0].rate, 50);
  EXPECT_EQ(merged.stages[1].rate, 100);
  EXPECT_EQ(merged.stages[0].ok, 1);
  EXPECT_EQ(merged.stages[0].failed, 1);
  EXPECT_EQ(merged.stages[0].latencies.count(), 2);
  EXPECT_EQ(merged.stages[1].to_s, 20);
}

TEST(BenchResultsMerge, AddsCountsStatusesAndHistograms) {
  BenchResults a;
  a.start_unix_ms = 1000;
  a.wall_seconds = 1;
  Ended(&a, 0.1, 0.002);
  Ended(&a, 0.2, 0.010, grpc::Status(grpc::StatusCode::NOT_FOUND, "a's"));
  a.Finish();
  a.cancelled = 1;
  BenchResults b;
  b.start_unix_ms = 1000;
  b.wall_seconds = 1;
  Ended(&b, 0.3, 0.001);
  Ended(&b, 0.4, 0.020, grpc::Status(grpc::StatusCode::NOT_FOUND, "b's"));
  Ended(&b, 0.5, 0.005, kFailed);
  b.Finish();
  b.cancelled = 2;

  EXPECT_TRUE(a.Merge(b));
  EXPECT_EQ(a.ok, 2);
  EXPECT_EQ(a.failed, 3);
  EXPECT_EQ(a.cancelled, 3);
  EXPECT_EQ(a.messages_sent, 5);
  EXPECT_EQ(a.messages_received, 5);
  EXPECT_EQ(a.status_counts, (std::map<int, int64_t>{{0, 2}, {5, 2}, {14, 1}}));
  EXPECT_EQ(a.first_messages.at(5), "a's");  // the first run's stays
  EXPECT_EQ(a.first_messages.at(14), "down");
  EXPECT_EQ(a.latencies.count(), 5);
  EXPECT_EQ(a.latencies.min(), 0.001);
  EXPECT_EQ(a.latencies.max(), 0.020);
  // The same start: the seconds are added one to one.
  ASSERT_EQ(a.seconds.size(), 1u);
  EXPECT_EQ(a.seconds[0].ok, 2);
  EXPECT_EQ(a.seconds[0].failed, 3);
  EXPECT_EQ(a.seconds[0].latencies.count, 5);
  EXPECT_EQ(a.seconds[0].latencies.min, 0.001);
  EXPECT_EQ(a.seconds[0].latencies.max, 0.020);
  EXPECT_EQ(a.wall_seconds, 1);
}

TEST(BenchResultsMerge, PlacesEachRunsSecondsByItsStart) {
  BenchResults a;
  a.start_unix_ms = 1700000000000;
  a.wall_seconds = 2;
  Ended(&a, 0.5);
  Ended(&a, 1.5);
  Ended(&a, 1.6);
  a.Finish();
  BenchResults b;  // started 2.4 s later: its second 0 is a's second 2
  b.start_unix_ms = 1700000002400;
  b.wall_seconds = 2;
  Ended(&b, 0.5);
  Ended(&b, 1.5, 0.001, kFailed);
  b.Finish();

  EXPECT_TRUE(a.Merge(b));
  EXPECT_EQ(a.start_unix_ms, 1700000000000);
  EXPECT_EQ(OkBySecond(a), (std::vector<int64_t>{1, 2, 1, 0}));
  EXPECT_EQ(FailedBySecond(a), (std::vector<int64_t>{0, 0, 0, 1}));
  // From the first start to the last end: 0 to 4.4 s.
  EXPECT_DOUBLE_EQ(a.wall_seconds, 4.4);
}

TEST(BenchResultsMerge, AnEarlierRunMovesTheMergedRunsSecondsLater) {
  BenchResults a;
  a.start_unix_ms = 5000;
  a.wall_seconds = 1;
  Ended(&a, 0.5);
  a.Finish();
  BenchResults b;  // 3 s before a
  b.start_unix_ms = 2000;
  b.wall_seconds = 1;
  Ended(&b, 0.5, 0.001, kFailed);
  b.Finish();

  EXPECT_TRUE(a.Merge(b));
  EXPECT_EQ(a.start_unix_ms, 2000);
  EXPECT_EQ(OkBySecond(a), (std::vector<int64_t>{0, 0, 0, 1}));
  EXPECT_EQ(FailedBySecond(a), (std::vector<int64_t>{1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(a.wall_seconds, 4);
}

TEST(BenchResultsMerge, ShiftsByTheDifferenceRoundedToTheNearestSecond) {
  struct Case {
    int64_t later_ms;
    size_t expected_shift;
  };
  for (auto [later_ms, expected_shift] : std::vector<Case>{
           {1499, 1}, {1500, 2}, {1501, 2}, {499, 0}, {500, 1}, {2600, 3}}) {
    BenchResults a;
    a.start_unix_ms = 10000;
    a.wall_seconds = 1;
    Ended(&a, 0.5);
    a.Finish();
    BenchResults b;
    b.start_unix_ms = 10000 + later_ms;
    b.wall_seconds = 1;
    Ended(&b, 0.5, 0.001, kFailed);
    b.Finish();
    a.Merge(b);
    ASSERT_EQ(a.seconds.size(), expected_shift + 1) << later_ms;
    EXPECT_EQ(a.seconds[expected_shift].failed, 1) << later_ms;
    EXPECT_EQ(a.seconds[0].ok, 1) << later_ms;
  }
}

TEST(BenchResultsMerge, AddsTheLoadsOfStagesThatStartTogether) {
  BenchResults a;
  a.start_unix_ms = 1000;
  TwoStages(&a, 100);
  Ended(&a, 1, 0.002, grpc::Status::OK, 0);
  Ended(&a, 11, 0.003, grpc::Status::OK, 1);
  a.Finish();
  BenchResults b;
  b.start_unix_ms = 1000;
  TwoStages(&b, 30);
  b.stages[1].to_s = 21.5;  // this run ran a little longer
  Ended(&b, 2, 0.004, kFailed, 0);
  b.Finish();

  EXPECT_TRUE(a.Merge(b));
  ASSERT_EQ(a.stages.size(), 2u);
  EXPECT_EQ(a.stages[0].rate, 130);
  EXPECT_EQ(a.stages[1].rate, 260);
  EXPECT_EQ(a.stages[0].to_s, 10);
  EXPECT_EQ(a.stages[1].to_s, 21.5);
  EXPECT_EQ(a.stages[0].ok, 1);
  EXPECT_EQ(a.stages[0].failed, 1);
  EXPECT_EQ(a.stages[0].latencies.count(), 2);
  EXPECT_EQ(a.stages[0].latencies.max(), 0.004);
  EXPECT_EQ(a.stages[1].ok, 1);
}

TEST(BenchResultsMerge, AddsConcurrenciesOfClosedLoopStages) {
  BenchResults a;
  a.start_unix_ms = 1000;
  a.stages.resize(1);
  a.stages[0].concurrency = 4;
  Ended(&a, 0.1);
  BenchResults b;
  b.start_unix_ms = 1000;
  b.stages.resize(1);
  b.stages[0].concurrency = 8;
  Ended(&b, 0.1);
  EXPECT_TRUE(a.Merge(b));
  ASSERT_EQ(a.stages.size(), 1u);
  EXPECT_EQ(a.stages[0].concurrency, 12);
  EXPECT_EQ(a.stages[0].rate, 0);
}

TEST(BenchResultsMerge, DropsStagesThatDoNotLineUp) {
  BenchResults a;
  a.start_unix_ms = 1000;
  TwoStages(&a, 100);
  Ended(&a, 0.1);
  BenchResults b;
  b.start_unix_ms = 1000;
  TwoStages(&b, 100);
  b.stages[1].from_s = 12;
  Ended(&b, 0.1);
  EXPECT_FALSE(a.Merge(b));
  EXPECT_TRUE(a.stages.empty());
  EXPECT_EQ(a.ok, 2);  // the counts are merged all the same
}

TEST(BenchResultsMerge, DropsStagesWhenOnlyOneRunHasThem) {
  BenchResults with_stages;
  with_stages.start_unix_ms = 1000;
  TwoStages(&with_stages, 100);
  Ended(&with_stages, 0.1);
  BenchResults without;
  without.start_unix_ms = 1000;
  Ended(&without, 0.1);
  EXPECT_FALSE(with_stages.Merge(without));
  EXPECT_TRUE(with_stages.stages.empty());

  BenchResults plain;
  plain.start_unix_ms = 1000;
  Ended(&plain, 0.1);
  BenchResults staged;
  staged.start_unix_ms = 1000;
  TwoStages(&staged, 100);
  Ended(&staged, 0.1);
  EXPECT_FALSE(plain.Merge(staged));
  EXPECT_TRUE(plain.stages.empty());
}

TEST(BenchResultsMerge, RunsWithoutStagesMergeCleanly) {
  BenchResults a;
  a.start_unix_ms = 1000;
  Ended(&a, 0.1);
  BenchResults b;
  b.start_unix_ms = 1000;
  Ended(&b, 0.1);
  EXPECT_TRUE(a.Merge(b));
  EXPECT_TRUE(a.stages.empty());
}

TEST(BenchResultsMerge, ThreeRunsAddUp) {
  BenchResults merged;
  for (int run = 0; run < 3; ++run) {
    BenchResults results;
    results.start_unix_ms = 1000 + 1000 * run;
    results.wall_seconds = 2;
    TwoStages(&results, 10);
    Ended(&results, 0.5, 0.001, grpc::Status::OK, 0);
    Ended(&results, 1.5, 0.001, grpc::Status::OK, 0);
    results.Finish();
    // Stages start at the same offsets from each run's start.
    EXPECT_TRUE(merged.Merge(results)) << run;
  }
  EXPECT_EQ(merged.ok, 6);
  EXPECT_EQ(OkBySecond(merged), (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_DOUBLE_EQ(merged.wall_seconds, 4);
  ASSERT_EQ(merged.stages.size(), 2u);
  EXPECT_EQ(merged.stages[0].rate, 30);
  EXPECT_EQ(merged.stages[0].ok, 6);
}

}  // namespace
}  // namespace rpccli
