// BenchReportJson's report read back by ReadBenchReportJson, as bench
// merge reads it, and every broken report refused naming its key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bench_fixtures.h"
#include "show/bench_report.h"

namespace rpccli {
namespace {

TEST(BenchReportJson, ReadsBackWhatItWrote) {
  BenchResults written;
  FillARun(&written);
  ASSERT_EQ(written.seconds.size(), 3u);
  ASSERT_EQ(written.seconds[1].ok + written.seconds[1].failed, 0);
  std::string text = BenchReportJson(written, kRunSettings);

  BenchResults read;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  ASSERT_TRUE(ReadBenchReportJson(text, "run.json", &read, &settings, &err))
      << err;
  EXPECT_EQ(read.ok, written.ok);
  EXPECT_EQ(read.failed, written.failed);
  EXPECT_EQ(read.cancelled, 3);
  EXPECT_EQ(read.start_unix_ms, written.start_unix_ms);
  EXPECT_EQ(read.wall_seconds, 2.5);
  EXPECT_EQ(read.messages_sent, written.messages_sent);
  EXPECT_EQ(read.messages_received, written.messages_received);
  EXPECT_EQ(read.status_counts, written.status_counts);
  EXPECT_EQ(read.status_counts.at(20), 1);
  EXPECT_EQ(read.first_messages, written.first_messages);
  ExpectSameCounts(read.latencies.Counts(), written.latencies.Counts(),
                   "latency_histogram");
  ASSERT_EQ(read.seconds.size(), written.seconds.size());
  for (size_t i = 0; i < read.seconds.size(); ++i) {
    std::string where = "second " + std::to_string(i);
    EXPECT_EQ(read.seconds[i].ok, written.seconds[i].ok) << where;
    EXPECT_EQ(read.seconds[i].failed, written.seconds[i].failed) << where;
    ExpectSameCounts(read.seconds[i].latencies, written.seconds[i].latencies,
                     where);
  }
  ASSERT_EQ(read.stages.size(), 2u);
  for (size_t i = 0; i < read.stages.size(); ++i) {
    std::string where = "stage " + std::to_string(i);
    EXPECT_EQ(read.stages[i].from_s, written.stages[i].from_s) << where;
    EXPECT_EQ(read.stages[i].to_s, written.stages[i].to_s) << where;
    EXPECT_EQ(read.stages[i].rate, written.stages[i].rate) << where;
    EXPECT_EQ(read.stages[i].concurrency, written.stages[i].concurrency)
        << where;
    EXPECT_EQ(read.stages[i].ok, written.stages[i].ok) << where;
    EXPECT_EQ(read.stages[i].failed, written.stages[i].failed) << where;
    ExpectSameCounts(read.stages[i].latencies.Counts(),
                     written.stages[i].latencies.Counts(), where);
  }
  EXPECT_EQ(settings.concurrency, 8);
  EXPECT_EQ(settings.connections, 2);
  EXPECT_EQ(settings.rate, 100);
  EXPECT_TRUE(settings.streaming);
  EXPECT_EQ(settings.method, "pkg.Svc/Method");
  EXPECT_EQ(settings.schedule, "step:50:100:50:1s");
  // And what is read writes the same report again.
  EXPECT_EQ(BenchReportJson(read, settings), text);
}

TEST(BenchReportJson, ReadsBackAClosedLoopStage) {
  BenchResults written;
  written.stages.resize(1);
  written.stages[0].to_s = 3;
  written.stages[0].concurrency = 6;
  written.Add(0.001, grpc::Status::OK, 1, 1, 0.5, 0);
  written.Finish();
  written.wall_seconds = 3;
  written.start_unix_ms = 1700000000000;
  BenchResults read;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  ASSERT_TRUE(ReadBenchReportJson(
      BenchReportJson(written, BenchSettings{6, 1, 0, false}), "run.json",
      &read, &settings, &err))
      << err;
  ASSERT_EQ(read.stages.size(), 1u);
  EXPECT_EQ(read.stages[0].concurrency, 6);
  EXPECT_EQ(read.stages[0].rate, 0);
  EXPECT_EQ(read.stages[0].ok, 1);
  EXPECT_FALSE(settings.streaming);
  // Without `messages`, a call is taken to be one message each way.
  EXPECT_EQ(read.messages_sent, 1);
}

// A report as bench writes it, to break.
nlohmann::json AReport() {
  BenchResults results;
  FillSome(&results);
  results.Finish();
  results.start_unix_ms = 1700000000000;
  return nlohmann::json::parse(
      BenchReportJson(results, BenchSettings{4, 2, 0, false}));
}

// Reading `report` fails; the error.
std::string ReadError(const nlohmann::json& report) {
  BenchResults results;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  bool read = true;
  EXPECT_NO_THROW(read = ReadBenchReportJson(report.dump(), "run1.json",
                                             &results, &settings, &err));
  EXPECT_FALSE(read) << report.dump();
  return err;
}

// Whether `err` names the file and then the key.
::testing::AssertionResult Names(const std::string& err,
                                 const std::string& key) {
  std::string start = "run1.json: \"" + key + "\": ";
  if (err.rfind(start, 0) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\"" << err << "\" does not start with \"" << start << "\"";
}

TEST(ReadBenchReportJson, TheBaseReportIsRead) {
  BenchResults results;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  EXPECT_TRUE(ReadBenchReportJson(AReport().dump(), "run1.json", &results,
                                  &settings, &err))
      << err;
  EXPECT_EQ(results.requests(), 11);
}

TEST(ReadBenchReportJson, RefusesWhatIsNotJson) {
  BenchResults results;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  for (const char* text : {"", "{", "[1, 2]", "\"report\"", "null"}) {
    EXPECT_FALSE(
        ReadBenchReportJson(text, "run1.json", &results, &settings, &err));
    EXPECT_EQ(err,
              "run1.json: not JSON: a report is what bench --report json "
              "writes");
  }
}

TEST(ReadBenchReportJson, RefusesAReportWithoutTheHistogram) {
  nlohmann::json report = AReport();
  report.erase("latency_histogram");
  std::string err = ReadError(report);
  EXPECT_TRUE(Names(err, "latency_histogram"));
  EXPECT_NE(err.find("missing"), std::string::npos) << err;
}

TEST(ReadBenchReportJson, RefusesBucketsOutOfOrder) {
  nlohmann::json report = AReport();
  nlohmann::json& buckets = report["latency_histogram"]["buckets"];
  ASSERT_GE(buckets.size(), 2u);
  std::swap(buckets[0], buckets[1]);
  EXPECT_TRUE(Names(ReadError(report), "latency_histogram.buckets[1]"));
  // A bucket given twice is out of order too.
  report = AReport();
  report["latency_histogram"]["buckets"][1][0] =
      report["latency_histogram"]["buckets"][0][0];
  EXPECT_TRUE(Names(ReadError(report), "latency_histogram.buckets[1]"));
}

TEST(ReadBenchReportJson, RefusesABucketPastTheLastOrEmptyOrNotAPair) {
  for (const nlohmann::json& bad :
       {nlohmann::json::array({1000000, 1}), nlohmann::json::array({-1, 1}),
        nlohmann::json::array({5, 0}), nlohmann::json::array({5}),
        nlohmann::json::array({5, 1.5}), nlohmann::json("5:1")}) {
    nlohmann::json report = AReport();
    report["latency_histogram"]["buckets"].push_back(bad);
    size_t last = report["latency_histogram"]["buckets"].size() - 1;
    EXPECT_TRUE(Names(ReadError(report), "latency_histogram.buckets[" +
                                             std::to_string(last) + "]"))
        << bad.dump();
  }
}

TEST(ReadBenchReportJson, RefusesACountTheBucketsDoNotHold) {
  nlohmann::json report = AReport();
  report["latency_histogram"]["count"] = 12;
  std::string err = ReadError(report);
  EXPECT_EQ(err,
            "run1.json: \"latency_histogram\": its buckets hold 11 latencies, "
            "not its count 12");
}

TEST(ReadBenchReportJson, RefusesAHistogramThatDoesNotMatchTheRequests) {
  nlohmann::json report = AReport();
  report["ok"] = 9;
  std::string err = ReadError(report);
  EXPECT_EQ(err,
            "run1.json: \"latency_histogram\": holds 11 latencies for 12 "
            "requests");
}

TEST(ReadBenchReportJson, RefusesStatusCountsThatDoNotAddUp) {
  nlohmann::json report = AReport();
  report["status_counts"]["OK"] = 7;
  EXPECT_EQ(ReadError(report),
            "run1.json: \"status_counts\": adds up to 10, not 11");
}

TEST(ReadBenchReportJson, RefusesAStatusThatIsNoCode) {
  nlohmann::json report = AReport();
  report["status_counts"]["Bogus"] = 0;
  EXPECT_TRUE(Names(ReadError(report), "status_counts.Bogus"));
  report = AReport();
  report["status_counts"]["OK"] = -8;
  EXPECT_TRUE(Names(ReadError(report), "status_counts.OK"));
}

TEST(ReadBenchReportJson, RefusesOneCodeCountedUnderTwoNames) {
  // "Code(0)" is read as OK: with 4 calls under each name the counts add
  // up to the requests, but the run's OK count is then 4 of 8.
  nlohmann::json report = AReport();
  report["status_counts"]["OK"] = 4;
  report["status_counts"]["Code(0)"] = 4;
  BenchResults results;
  BenchSettings settings{0, 0, 0, false};
  std::string err;
  bool read = ReadBenchReportJson(report.dump(), "run1.json", &results,
                                  &settings, &err);
  int64_t counted = 0;
  for (const auto& entry : results.status_counts) counted += entry.second;
  EXPECT_FALSE(read) << "status counts read add up to " << counted << " for "
                     << results.requests() << " requests";
}

TEST(ReadBenchReportJson, RefusesBucketsOfAnotherLayout) {
  for (const char* key : {"growth", "lowest_s"}) {
    nlohmann::json report = AReport();
    report["latency_histogram"][key] = 1.05;
    std::string err = ReadError(report);
    EXPECT_EQ(err,
              "run1.json: \"latency_histogram\": its buckets are not this "
              "rpccli's (lowest_s 1e-06, growth 1.02)")
        << key;
    report["latency_histogram"].erase(key);
    EXPECT_TRUE(Names(ReadError(report), "latency_histogram")) << key;
  }
}

TEST(ReadBenchReportJson, NamesTheKeyOfABrokenSecondOrStage) {
  nlohmann::json report = AReport();
  ASSERT_FALSE(report["series"].empty());
  report["series"][0]["latency"]["count"] = 99;
  EXPECT_TRUE(Names(ReadError(report), "series[0].latency"));
  report = AReport();
  report["series"][0].erase("ok");
  EXPECT_TRUE(Names(ReadError(report), "series[0].ok"));
  report = AReport();
  report["series"][0] = 3;
  EXPECT_TRUE(Names(ReadError(report), "series[0]"));
  report = AReport();
  report.erase("series");
  EXPECT_TRUE(Names(ReadError(report), "series"));

  BenchResults staged;
  FillARun(&staged);
  report = nlohmann::json::parse(BenchReportJson(staged, kRunSettings));
  report["stages"][1].erase("latency");
  EXPECT_TRUE(Names(ReadError(report), "stages[1].latency"));
  report = nlohmann::json::parse(BenchReportJson(staged, kRunSettings));
  report["stages"][0]["failed"] = -1;
  EXPECT_TRUE(Names(ReadError(report), "stages[0].failed"));
  report["stages"] = "two";
  EXPECT_TRUE(Names(ReadError(report), "stages"));
}

TEST(ReadBenchReportJson, RefusesCountsThatAreNotWholeNumbers) {
  for (const char* key : {"ok", "failed", "cancelled", "start_unix_ms",
                          "concurrency", "connections"}) {
    nlohmann::json report = AReport();
    report[key] = 1.5;
    EXPECT_TRUE(Names(ReadError(report), key));
    report[key] = "1";
    EXPECT_TRUE(Names(ReadError(report), key));
    report.erase(key);
    EXPECT_TRUE(Names(ReadError(report), key));
  }
}

TEST(ReadBenchReportJson, AKeyOfTheWrongTypeIsAnErrorNotAnException) {
  // Each of these is read with json::value(), which throws when the key
  // is there with another type; bench merge catches no exception.
  struct Case {
    const char* key;
    nlohmann::json value;
  };
  for (const Case& bad :
       {Case{"method", 5}, Case{"schedule", nlohmann::json::array()},
        Case{"target_rps", "fast"}}) {
    nlohmann::json report = AReport();
    report[bad.key] = bad.value;
    EXPECT_TRUE(Names(ReadError(report), bad.key));
  }
  nlohmann::json report = AReport();
  report["latency_histogram"]["growth"] = "1.02";
  EXPECT_TRUE(Names(ReadError(report), "latency_histogram"));

  BenchResults staged;
  FillARun(&staged);
  report = nlohmann::json::parse(BenchReportJson(staged, kRunSettings));
  report["stages"][0]["target_rps"] = "50";
  EXPECT_TRUE(Names(ReadError(report), "stages[0].target_rps"));
}

}  // namespace
}  // namespace rpccli
