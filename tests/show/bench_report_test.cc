#include "show/bench_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rpccli {
namespace {

void FillSome(BenchResults* results_out) {
  BenchResults& results = *results_out;
  for (int i = 1; i <= 8; ++i) results.Add(i / 1000.0, grpc::Status::OK, 1, 2);
  results.Add(0.020, grpc::Status(grpc::StatusCode::NOT_FOUND, "first"), 1, 0);
  results.Add(0.030, grpc::Status(grpc::StatusCode::NOT_FOUND, "second"), 1, 0);
  results.Add(0.040, grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), 1, 0);
  results.cancelled = 2;
  results.wall_seconds = 0.5;
}

TEST(BenchResults, CountsByStatusAndKeepsTheFirstMessage) {
  BenchResults results;
  FillSome(&results);
  EXPECT_EQ(results.ok, 8);
  EXPECT_EQ(results.failed, 3);
  EXPECT_EQ(results.done(), 11);
  EXPECT_EQ(results.failed_so_far(), 3);
  EXPECT_EQ(results.status_counts.at(5), 2);
  EXPECT_EQ(results.first_messages.at(5), "first");
  EXPECT_EQ(results.messages_received, 16);
  EXPECT_EQ(results.MostFrequentFailure(), 5);
}

TEST(BenchResults, NoFailureIsZeroAndATieTakesTheLowestCode) {
  BenchResults results;
  results.Add(0.001, grpc::Status::OK, 1, 1);
  EXPECT_EQ(results.MostFrequentFailure(), 0);
  results.Add(0.001, grpc::Status(grpc::StatusCode::UNAVAILABLE, ""), 1, 0);
  results.Add(0.001, grpc::Status(grpc::StatusCode::ABORTED, ""), 1, 0);
  EXPECT_EQ(results.MostFrequentFailure(), 10);
}

TEST(BenchReportJson, HasTheDocumentedKeysAndTheyAddUp) {
  BenchResults results;
  FillSome(&results);
  auto json = nlohmann::json::parse(
      BenchReportJson(results, BenchSettings{4, 2, 0, true}));
  EXPECT_EQ(json["requests"], 11);
  EXPECT_EQ(json["ok"], 8);
  EXPECT_EQ(json["failed"], 3);
  EXPECT_EQ(json["cancelled"], 2);
  EXPECT_EQ(json["duration_s"], 0.5);
  EXPECT_EQ(json["rps"], 22);
  EXPECT_EQ(json["concurrency"], 4);
  EXPECT_EQ(json["connections"], 2);
  EXPECT_FALSE(json.contains("target_rps"));
  EXPECT_EQ(json["latency_ms"]["min"], 1);
  EXPECT_EQ(json["latency_ms"]["max"], 40);
  EXPECT_EQ(json["status_counts"],
            nlohmann::json({{"OK", 8}, {"NotFound", 2}, {"Unavailable", 1}}));
  EXPECT_EQ(json["errors"],
            nlohmann::json({{"NotFound", "first"}, {"Unavailable", "down"}}));
  int64_t in_bars = 0;
  for (const auto& bar : json["histogram"])
    in_bars += bar["count"].get<int64_t>();
  EXPECT_EQ(in_bars, 11);
  EXPECT_EQ(json["messages"]["sent"], 11);
  EXPECT_EQ(json["messages"]["received_per_s"], 32);
}

TEST(BenchReportJson, AStatusMessageThatIsNotUtf8IsReplacedNotFatal) {
  BenchResults results;
  results.Add(0.001,
              grpc::Status(grpc::StatusCode::INTERNAL, "bad \xff\xfe\xc3 end"),
              1, 0);
  std::string report = BenchReportJson(results, BenchSettings{1, 1, 0, false});
  auto json = nlohmann::json::parse(report);  // valid JSON, UTF-8 throughout
  EXPECT_NE(report.find("bad \xef\xbf\xbd"), std::string::npos) << report;
  EXPECT_EQ(json["failed"], 1);
}

TEST(BenchReportText, AFirstMessageIsShownEscapedAndCut) {
  BenchResults results;
  results.Add(0.001,
              grpc::Status(grpc::StatusCode::INTERNAL,
                           "\x1b[31m" + std::string(5000, 'x')),
              1, 0);
  std::string report = BenchReportText(results, BenchSettings{1, 1, 0, false});
  EXPECT_NE(report.find("first: \\x1b[31mxxx"), std::string::npos) << report;
  EXPECT_NE(report.find("... (cut; the message has 5005 bytes)"),
            std::string::npos);
  EXPECT_EQ(report.find('\x1b'), std::string::npos);
}

TEST(BenchReportText, SaysWhatWasCountedAndWhatFailed) {
  BenchResults results;
  FillSome(&results);
  std::string text = BenchReportText(results, BenchSettings{4, 1, 50, false});
  for (const char* line :
       {"  Requests:     11 (8 OK, 3 failed)\n",
        "  Cancelled:    2 (in flight at the end; not counted)\n",
        "  Concurrency:  4 on 1 connection(s), open loop\n",
        "  Target rate:  50.0/s\n", "  Rate:         22.0 requests/s\n",
        "  Fastest:      1.000 ms\n", "  Slowest:      40.00 ms\n",
        "  NotFound             2\n    first: first\n",
        "  Unavailable          1\n    first: down\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(text.find("Messages:"), std::string::npos);
}

TEST(BenchReportText, NoCountedCallHasNoLatencies) {
  BenchResults results;
  std::string text = BenchReportText(results, BenchSettings{1, 1, 0, false});
  EXPECT_NE(text.find("  Requests:     0 (0 OK, 0 failed)\n"),
            std::string::npos);
  EXPECT_EQ(text.find("Latency"), std::string::npos);
}

}  // namespace
}  // namespace rpccli
