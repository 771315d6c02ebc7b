#include "show/bench_report.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "bench_fixtures.h"

namespace rpccli {
namespace {

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

// --- JSON, written and read back ---

// --- Prometheus ---

TEST(BenchReportPrometheus, EverySampleLineIsWellFormed) {
  BenchResults results;
  FillARun(&results);
  BenchSettings settings = kRunSettings;
  settings.method = "pkg.Svc/M \"quoted\" back\\slash\nnew line";
  std::string text = BenchReportPrometheus(results, settings);
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');

  const std::string kLabel =
      R"([a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*")";
  const std::regex kSample("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{" + kLabel +
                           "(?:," + kLabel +
                           ")*\\})? "
                           "(?:[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|"
                           "[-+]Inf|NaN)");
  const std::regex kType(
      "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) "
      "(counter|gauge|summary|histogram|untyped)");
  const std::regex kHelp("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* [^\\n]*");
  std::map<std::string, std::string> types;
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, kType)) {
      types[match[1]] = match[2];
      continue;
    }
    if (std::regex_match(line, kHelp)) continue;
    ASSERT_TRUE(std::regex_match(line, match, kSample)) << "\"" << line << "\"";
    ++samples;
    // Each sample belongs to a family declared before it.
    std::string name = match[1];
    std::string family = name;
    for (const char* suffix : {"_sum", "_count"}) {
      std::string end = suffix;
      if (family.size() > end.size() &&
          family.compare(family.size() - end.size(), end.size(), end) == 0 &&
          types.count(family.substr(0, family.size() - end.size())) != 0) {
        family = family.substr(0, family.size() - end.size());
      }
    }
    EXPECT_EQ(types.count(family), 1u) << line;
  }
  EXPECT_GT(samples, 10);
}

TEST(BenchReportPrometheus, EscapesTheMethodLabel) {
  BenchResults results;
  FillSome(&results);
  BenchSettings settings{4, 1, 0, false, "a\"b\\c\nd"};
  std::string text = BenchReportPrometheus(results, settings);
  EXPECT_NE(text.find("rpccli_bench_requests_total{method=\"a\\\"b\\\\c\\nd\","
                      "status=\"NotFound\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rpccli_bench_cancelled_total{method=\"a\\\"b\\\\c\\nd\"}"
                      " 2\n"),
            std::string::npos)
      << text;
}

TEST(BenchReportPrometheus, ReportsCountsRateAndQuantiles) {
  BenchResults results;
  FillSome(&results);
  std::string text =
      BenchReportPrometheus(results, BenchSettings{4, 1, 0, false});
  for (const char* line :
       {"rpccli_bench_requests_total{status=\"OK\"} 8\n",
        "rpccli_bench_requests_total{status=\"Unavailable\"} 1\n",
        "rpccli_bench_cancelled_total 2\n",
        "rpccli_bench_duration_seconds 0.5\n",
        "rpccli_bench_requests_per_second 22\n", "rpccli_bench_concurrency 4\n",
        "rpccli_bench_latency_seconds_count 11\n",
        "rpccli_bench_latency_max_seconds 0.04\n",
        "# TYPE rpccli_bench_latency_seconds summary\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
  }
  EXPECT_NE(text.find("rpccli_bench_latency_seconds{quantile=\"0.99\"} "),
            std::string::npos);
  EXPECT_EQ(text.find("target_requests_per_second"), std::string::npos);
}

// --- Text: stages and thresholds ---

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// The lines of `text` after the one equal to `heading`, up to a blank one.
std::vector<std::string> Section(const std::string& text,
                                 const std::string& heading) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line != heading) {
  }
  std::vector<std::string> lines;
  while (std::getline(in, line) && !line.empty()) lines.push_back(line);
  return lines;
}

TEST(BenchReportText, ShowsARowPerStage) {
  BenchResults results;
  results.Add(0.002, grpc::Status::OK, 1, 1);
  results.wall_seconds = 20.5;
  results.stages.resize(3);
  BenchStage& first = results.stages[0];
  first.to_s = 10;
  first.rate = 100;
  first.ok = 990;
  first.failed = 10;
  for (int i = 0; i < 1000; ++i) first.latencies.Add(0.002);
  BenchStage& second = results.stages[1];
  second.from_s = 10;
  second.to_s = 20.5;
  second.rate = 200;
  second.ok = 2000;
  for (int i = 0; i < 2000; ++i) second.latencies.Add(0.004);
  BenchStage& closed = results.stages[2];  // a closed loop's, say
  closed.from_s = 20.5;
  closed.to_s = 20.5;
  closed.concurrency = 4;
  std::string text = BenchReportText(results, BenchSettings{4, 1, 200, false});

  std::vector<std::string> rows = Section(text, "Stages:");
  ASSERT_EQ(rows.size(), 4u) << text;
  EXPECT_EQ(Words(rows[0]),
            (std::vector<std::string>{"from-to", "(s)", "load", "requests",
                                      "rate", "(/s)", "p50", "(ms)", "p99",
                                      "(ms)", "failed"}));
  EXPECT_EQ(Words(rows[1]),
            (std::vector<std::string>{"0.0-10.0", "100.0/s", "1000", "100.0",
                                      "2.000", "2.000", "10"}));
  EXPECT_EQ(Words(rows[2]),
            (std::vector<std::string>{"10.0-20.5", "200.0/s", "2000", "190.5",
                                      "4.000", "4.000", "0"}));
  EXPECT_EQ(Words(rows[3]),
            (std::vector<std::string>{"20.5-20.5", "4", "in", "flight", "0",
                                      "0.0", "0.000", "0.000", "0"}));
  // A table: every row as wide as the heading.
  for (const std::string& row : rows) EXPECT_EQ(row.size(), rows[0].size());
}

TEST(BenchReportText, ShowsNoStagesWithoutASchedule) {
  BenchResults results;
  FillSome(&results);
  EXPECT_EQ(
      BenchReportText(results, BenchSettings{4, 1, 0, false}).find("Stages:"),
      std::string::npos);
}

TEST(BenchReportText, ShowsTheScheduleInsteadOfATargetRate) {
  BenchResults results;
  FillSome(&results);
  std::string text = BenchReportText(results, kRunSettings);
  EXPECT_NE(text.find("  Schedule:     step:50:100:50:1s\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("Target rate:"), std::string::npos);
}

TEST(BenchReportText, ShowsEachThresholdsVerdict) {
  BenchResults results;
  FillSome(&results);
  results.verdicts.push_back({"p99>5ms", "40.000 ms", true});
  results.verdicts.push_back({"errors>50%", "3 of 11 (27.27%)", false});
  std::string text = BenchReportText(results, BenchSettings{4, 1, 0, false});
  std::vector<std::string> rows = Section(text, "Thresholds (--fail-if):");
  ASSERT_EQ(rows.size(), 2u) << text;
  EXPECT_EQ(rows[0], "  p99>5ms" + std::string(20 - 7, ' ') + " 40.000 ms" +
                         std::string(28 - 9, ' ') + " CROSSED");
  EXPECT_EQ(rows[1], "  errors>50%" + std::string(20 - 10, ' ') +
                         " 3 of 11 (27.27%)" + std::string(28 - 16, ' ') +
                         " met");
  // The thresholds come before the status codes.
  EXPECT_LT(text.find("Thresholds (--fail-if):"), text.find("Status codes:"));
}

TEST(BenchReportText, ShowsNoThresholdsWhenNoneWasGiven) {
  BenchResults results;
  FillSome(&results);
  EXPECT_EQ(BenchReportText(results, BenchSettings{4, 1, 0, false})
                .find("Thresholds"),
            std::string::npos);
}

TEST(BenchReportText, AThresholdIsShownEscaped) {
  BenchResults results;
  FillSome(&results);
  results.verdicts.push_back({"p99>\x1b[2J5ms", "40.000 ms", true});
  std::string text = BenchReportText(results, BenchSettings{4, 1, 0, false});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("p99>\\x1b[2J5ms"), std::string::npos) << text;
}

}  // namespace
}  // namespace rpccli
