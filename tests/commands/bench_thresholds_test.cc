#include "commands/bench_thresholds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rpccli {
namespace {

Threshold Parsed(const std::string& text) {
  Threshold threshold;
  std::string err;
  EXPECT_TRUE(ParseThreshold(text, &threshold, &err)) << text << ": " << err;
  return threshold;
}

std::string ParseError(const std::string& text) {
  Threshold threshold;
  std::string err;
  EXPECT_FALSE(ParseThreshold(text, &threshold, &err)) << text;
  return err;
}

// The verdict of one threshold on `results`.
ThresholdVerdict Judged(const std::string& text, BenchResults* results) {
  results->verdicts.clear();
  JudgeThresholds({Parsed(text)}, results);
  EXPECT_EQ(results->verdicts.size(), 1u);
  return results->verdicts.empty() ? ThresholdVerdict{}
                                   : results->verdicts.front();
}

bool Crossed(const std::string& text, BenchResults* results) {
  return Judged(text, results).crossed;
}

// Ten calls, two of them failed, over two seconds.
// (BenchResults holds atomics: filled in place, not returned.)
void FillTenCallsTwoFailed(BenchResults* results) {
  for (int i = 0; i < 8; ++i) results->Add(0.010, grpc::Status::OK, 1, 1);
  results->Add(0.010, grpc::Status(grpc::StatusCode::UNAVAILABLE, "x"), 1, 0);
  results->Add(0.010, grpc::Status(grpc::StatusCode::INTERNAL, "y"), 1, 0);
  results->wall_seconds = 2;
}

// --- ParseThreshold ---

TEST(ParseThreshold, ReadsALatencyWithItsUnit) {
  Threshold p99 = Parsed("p99>50ms");
  EXPECT_EQ(p99.text, "p99>50ms");
  EXPECT_EQ(p99.figure, Threshold::Figure::kLatency);
  EXPECT_EQ(p99.name, "p99");
  EXPECT_TRUE(p99.above);
  EXPECT_FALSE(p99.or_equal);
  EXPECT_DOUBLE_EQ(p99.limit, 0.050);

  EXPECT_DOUBLE_EQ(Parsed("p50>250us").limit, 250e-6);
  EXPECT_DOUBLE_EQ(Parsed("max>2s").limit, 2);
  EXPECT_DOUBLE_EQ(Parsed("mean>1.5ms").limit, 0.0015);
  for (const char* name : {"p50", "p90", "p95", "p99", "p999", "p99.9", "min",
                           "mean", "max", "stddev"}) {
    Threshold threshold = Parsed(std::string(name) + ">1ms");
    EXPECT_EQ(threshold.name, name);
    EXPECT_EQ(threshold.figure, Threshold::Figure::kLatency) << name;
  }
}

TEST(ParseThreshold, ReadsEachOperator) {
  Threshold above_or_equal = Parsed("p99>=50ms");
  EXPECT_TRUE(above_or_equal.above);
  EXPECT_TRUE(above_or_equal.or_equal);
  EXPECT_DOUBLE_EQ(above_or_equal.limit, 0.050);
  Threshold below = Parsed("rps<1000");
  EXPECT_FALSE(below.above);
  EXPECT_FALSE(below.or_equal);
  Threshold below_or_equal = Parsed("requests<=10");
  EXPECT_FALSE(below_or_equal.above);
  EXPECT_TRUE(below_or_equal.or_equal);
}

TEST(ParseThreshold, AllowsSpacesAroundTheOperatorAndTheUnit) {
  Threshold threshold = Parsed(" p99.9 >= 2 ms ");
  EXPECT_EQ(threshold.name, "p99.9");
  EXPECT_TRUE(threshold.or_equal);
  EXPECT_DOUBLE_EQ(threshold.limit, 0.002);
  EXPECT_EQ(threshold.text, " p99.9 >= 2 ms ");  // as given
  EXPECT_DOUBLE_EQ(Parsed("errors > 5 %").limit, 5);
}

TEST(ParseThreshold, ReadsErrorsAsACountOrAPercentage) {
  Threshold count = Parsed("errors>3");
  EXPECT_EQ(count.figure, Threshold::Figure::kErrors);
  EXPECT_FALSE(count.percent);
  EXPECT_EQ(count.limit, 3);
  Threshold share = Parsed("errors>1.5%");
  EXPECT_EQ(share.figure, Threshold::Figure::kErrors);
  EXPECT_TRUE(share.percent);
  EXPECT_EQ(share.limit, 1.5);
  EXPECT_EQ(Parsed("errors>=0").limit, 0);
}

TEST(ParseThreshold, ReadsRateAndRequests) {
  Threshold rate = Parsed("rps<1000");
  EXPECT_EQ(rate.figure, Threshold::Figure::kRate);
  EXPECT_EQ(rate.limit, 1000);
  Threshold requests = Parsed("requests<10");
  EXPECT_EQ(requests.figure, Threshold::Figure::kRequests);
  EXPECT_EQ(requests.limit, 10);
}

TEST(ParseThreshold, RefusesAThresholdWithoutAnOperator) {
  EXPECT_EQ(ParseError("p99=50ms"),
            "\"p99=50ms\" has no > or <: write FIGURE>LIMIT, as p99>50ms");
  EXPECT_EQ(ParseError(""),
            "\"\" has no > or <: write FIGURE>LIMIT, as p99>50ms");
}

TEST(ParseThreshold, RefusesAFigureItDoesNotKnow) {
  std::string err = ParseError("p98>50ms");
  EXPECT_EQ(err,
            "\"p98>50ms\": \"p98\" is no figure of the report; give p50, p90, "
            "p95, p99, p999, min, mean, max, stddev, errors, rps or requests");
  EXPECT_NE(ParseError(">50ms").find("\"\" is no figure"), std::string::npos);
  EXPECT_NE(ParseError("P99>50ms").find("\"P99\" is no figure"),
            std::string::npos);
  // An operator written backwards leaves `=` in the name.
  EXPECT_NE(ParseError("p99=>50ms").find("\"p99=\" is no figure"),
            std::string::npos);
}

TEST(ParseThreshold, RefusesALimitThatIsNotANumberOf0OrMore) {
  for (const char* text :
       {"p99>", "p99>ms", "p99>-5ms", "p99>+5ms", "p99>>5ms", "p99<>5ms",
        "p99>infms", "p99>nan", "errors>1e400", "rps<-1"}) {
    std::string err = ParseError(text);
    EXPECT_NE(err.find("is not a number"), std::string::npos)
        << text << ": " << err;
    EXPECT_EQ(err.rfind("\"" + std::string(text) + "\": the limit \"", 0), 0u)
        << err;
  }
}

TEST(ParseThreshold, RefusesHexAsSecondsTextDoes) {
  // ParsePositiveNumber refuses hex as no number people mean; a limit
  // of 0x32ms is not 50 ms either.
  Threshold threshold;
  std::string err;
  EXPECT_FALSE(ParseThreshold("p99>0x32ms", &threshold, &err))
      << "read as " << threshold.limit << " s";
}

TEST(ParseThreshold, ALatencyTakesAUnit) {
  EXPECT_EQ(ParseError("p99>50"),
            "\"p99>50\": a latency's limit takes a unit: us, ms or s "
            "(p99>50ms)");
  EXPECT_NE(ParseError("mean>1m").find("takes a unit: us, ms or s (mean>"),
            std::string::npos);
  EXPECT_NE(ParseError("max>1MS").find("takes a unit"), std::string::npos);
  EXPECT_NE(ParseError("p99>5ms<6ms").find("takes a unit"), std::string::npos);
}

TEST(ParseThreshold, ErrorsAreAWholeCountOrAPercentage) {
  EXPECT_EQ(ParseError("errors>1.5"),
            "\"errors>1.5\": errors counts calls: a whole number, or N%");
  EXPECT_EQ(ParseError("errors>5ms"),
            "\"errors>5ms\": errors takes no unit \"ms\"");
}

TEST(ParseThreshold, RateAndRequestsTakeNoUnit) {
  EXPECT_EQ(ParseError("rps<100/s"), "\"rps<100/s\": rps takes no unit \"/s\"");
  EXPECT_EQ(ParseError("requests<5%"),
            "\"requests<5%\": requests takes no unit \"%\"");
}

// --- JudgeThresholds ---

TEST(JudgeThresholds, ALatencyAboveItsLimitIsCrossed) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);
  ThresholdVerdict crossed = Judged("p99>5ms", &results);
  EXPECT_TRUE(crossed.crossed);
  EXPECT_EQ(crossed.threshold, "p99>5ms");
  EXPECT_EQ(crossed.figure, "10.000 ms");
  EXPECT_FALSE(Crossed("p99>20ms", &results));
  EXPECT_FALSE(Crossed("mean>10.5ms", &results));
  EXPECT_TRUE(Crossed("min<20ms", &results));
  EXPECT_FALSE(Crossed("max<5ms", &results));
  EXPECT_FALSE(Crossed("stddev>1us", &results));  // all alike
}

TEST(JudgeThresholds, OrEqualDecidesAtTheLimitItself) {
  BenchResults results;
  results.Add(0.5, grpc::Status::OK, 1, 1);
  results.Add(0.25, grpc::Status::OK, 1, 1);
  results.wall_seconds = 1;
  EXPECT_FALSE(Crossed("max>0.5s", &results));
  EXPECT_TRUE(Crossed("max>=0.5s", &results));
  EXPECT_TRUE(Crossed("max>=500ms", &results));
  EXPECT_FALSE(Crossed("min<0.25s", &results));
  EXPECT_TRUE(Crossed("min<=0.25s", &results));
  EXPECT_TRUE(Crossed("min<=250ms", &results));
}

TEST(JudgeThresholds, CountsErrors) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);
  ThresholdVerdict verdict = Judged("errors>1", &results);
  EXPECT_TRUE(verdict.crossed);
  EXPECT_EQ(verdict.figure, "2 of 10 (20.00%)");
  EXPECT_FALSE(Crossed("errors>2", &results));
  EXPECT_TRUE(Crossed("errors>=2", &results));
  EXPECT_FALSE(Crossed("errors<2", &results));
  EXPECT_TRUE(Crossed("errors<=2", &results));
}

TEST(JudgeThresholds, CountsErrorsAsAPercentage) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);
  EXPECT_TRUE(Crossed("errors>10%", &results));
  EXPECT_FALSE(Crossed("errors>20%", &results));
  EXPECT_TRUE(Crossed("errors>=20%", &results));
}

TEST(JudgeThresholds, ErrorsOfNoCallsAreNone) {
  BenchResults none;
  ThresholdVerdict verdict = Judged("errors>0%", &none);
  EXPECT_FALSE(verdict.crossed);
  EXPECT_EQ(verdict.figure, "0 of 0 (0.00%)");
  EXPECT_FALSE(Crossed("errors>0", &none));
}

TEST(JudgeThresholds, RateIsCountedCallsOverTheRun) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);  // 10 calls in 2 s
  ThresholdVerdict verdict = Judged("rps<10", &results);
  EXPECT_TRUE(verdict.crossed);
  EXPECT_EQ(verdict.figure, "5.0/s");
  EXPECT_FALSE(Crossed("rps<5", &results));
  EXPECT_TRUE(Crossed("rps<=5", &results));
  EXPECT_TRUE(Crossed("rps>4.5", &results));
  // A run of no length made no rate.
  BenchResults instant;
  FillTenCallsTwoFailed(&instant);
  instant.wall_seconds = 0;
  EXPECT_TRUE(Crossed("rps<1", &instant));
}

TEST(JudgeThresholds, RequestsAreCountedCallsOnly) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);
  results.cancelled = 5;  // not counted
  ThresholdVerdict verdict = Judged("requests<11", &results);
  EXPECT_TRUE(verdict.crossed);
  EXPECT_EQ(verdict.figure, "10");
  EXPECT_FALSE(Crossed("requests<10", &results));
  EXPECT_TRUE(Crossed("requests<=10", &results));
  EXPECT_TRUE(Crossed("requests>=10", &results));
  EXPECT_FALSE(Crossed("requests>10", &results));
}

TEST(JudgeThresholds, GivesAVerdictPerThresholdInOrderAndFailsIfAnyCrossed) {
  BenchResults results;
  FillTenCallsTwoFailed(&results);
  std::vector<Threshold> thresholds = {Parsed("p99>50ms"), Parsed("errors>1"),
                                       Parsed("rps<1")};
  EXPECT_FALSE(JudgeThresholds(thresholds, &results));
  ASSERT_EQ(results.verdicts.size(), 3u);
  EXPECT_EQ(results.verdicts[0].threshold, "p99>50ms");
  EXPECT_FALSE(results.verdicts[0].crossed);
  EXPECT_EQ(results.verdicts[1].threshold, "errors>1");
  EXPECT_TRUE(results.verdicts[1].crossed);
  EXPECT_EQ(results.verdicts[2].threshold, "rps<1");
  EXPECT_FALSE(results.verdicts[2].crossed);

  BenchResults passing;
  FillTenCallsTwoFailed(&passing);
  EXPECT_TRUE(
      JudgeThresholds({Parsed("p99>50ms"), Parsed("errors>5")}, &passing));
  EXPECT_EQ(passing.verdicts.size(), 2u);
  EXPECT_TRUE(JudgeThresholds({}, &passing));
}

}  // namespace
}  // namespace rpccli
