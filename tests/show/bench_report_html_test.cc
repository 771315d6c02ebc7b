#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "base/utf8.h"
#include "show/bench_report.h"

namespace rpccli {
namespace {

// The bars the page asks LatencyHistogram::Bars for.
constexpr int kPageBars = 40;

int Occurrences(const std::string& text, const std::string& part) {
  int count = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

// The number of points of each `<polyline class="series NAME">`, in order.
std::vector<int> PolylinePoints(const std::string& html,
                                const std::string& name) {
  std::vector<int> counts;
  std::regex polyline("<polyline class=\"series " + name +
                      "\" points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), polyline);
       it != std::sregex_iterator(); ++it) {
    std::string points = (*it)[1];
    counts.push_back(Occurrences(points, ","));
  }
  return counts;
}

// A few seconds of calls, two of them failing, over two stages.
void FillSomeRun(BenchResults* results_out) {
  BenchResults& results = *results_out;
  results.start_unix_ms = 1700000000123;
  results.stages.resize(2);
  results.stages[0].to_s = results.stages[1].from_s = 2;
  results.stages[1].to_s = 3.5;
  results.stages[0].rate = 50;
  results.stages[1].rate = 100;
  for (int i = 0; i < 300; ++i) {
    double ended = i / 100.0 + 0.005;
    results.Add(0.001 + (i % 37) / 1000.0, grpc::Status::OK, 1, 1, ended,
                ended < 2 ? 0 : 1);
  }
  results.Add(0.2, grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), 1, 0,
              3.2, 1);
  results.Add(0.3, grpc::Status(grpc::StatusCode::NOT_FOUND, "no such"), 1, 0,
              3.3, 1);
  results.Finish();
  results.wall_seconds = 3.5;
}

const BenchSettings kSettings{
    8, 2, 100, false, "demo.Greeter/SayHello", "50/s for 2s, 100/s for 1.5s"};

TEST(BenchReportHtml, EscapesWhatAServerOrAUserSent) {
  BenchResults results;
  results.Add(0.01,
              grpc::Status(grpc::StatusCode::INTERNAL,
                           "<script>alert('x')</script> & \"q\" \xff\xfe\x01"),
              1, 0);
  results.Finish();
  BenchSettings settings{1, 1, 0, false, "a.B/<img src=x>", "<b>"};
  std::string html = BenchReportHtml(results, settings);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                      "&quot;q&quot; \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"),
            std::string::npos);
  EXPECT_NE(html.find("a.B/&lt;img src=x&gt;"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(html));
}

TEST(BenchReportHtml, HasEveryChartAndTable) {
  BenchResults results;
  FillSomeRun(&results);
  std::string html = BenchReportHtml(results, kSettings);
  for (const char* id :
       {"<svg id=\"latency-histogram\"", "<svg id=\"rate-over-time\"",
        "<svg id=\"latency-over-time\"", "<svg id=\"errors-over-time\"",
        "<table id=\"summary\"", "<table id=\"status-codes\"",
        "<table id=\"stages\""}) {
    EXPECT_EQ(Occurrences(html, id), 1) << id;
  }
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("demo.Greeter/SayHello"), std::string::npos);
  EXPECT_NE(html.find("2023-11-14T22:13:20.123Z"), std::string::npos);
  EXPECT_NE(html.find("50/s for 2s, 100/s for 1.5s"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"message\">down</td>"), std::string::npos);
  for (const char* name : {"rate", "p50", "p90", "p99", "errors"}) {
    EXPECT_EQ(PolylinePoints(html, name), std::vector<int>{4}) << name;
  }
  // Nothing is fetched and nothing is run.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(BenchReportHtml, NoStagesTableForAConstantLoad) {
  BenchResults results;
  results.Add(0.01, grpc::Status::OK, 1, 1);
  results.Finish();
  std::string html = BenchReportHtml(results, BenchSettings{1, 1, 0, false});
  EXPECT_EQ(html.find("id=\"stages\""), std::string::npos);
}

TEST(BenchReportHtml, ShowsEachThresholdsVerdictEscaped) {
  BenchResults results;
  FillSomeRun(&results);
  std::string html = BenchReportHtml(results, kSettings);
  EXPECT_EQ(html.find("id=\"thresholds\""), std::string::npos);
  results.verdicts = {{"p99>50ms", "62.100 ms", true},
                      {"rps<1000", "999.9/s", false},
                      {"p50<1ms & <b>", "0.5 ms", false}};
  html = BenchReportHtml(results, kSettings);
  EXPECT_NE(html.find("<table id=\"thresholds\">"), std::string::npos);
  EXPECT_NE(html.find("<td>p99&gt;50ms</td><td>62.100 ms</td><td><strong>"
                      "crossed</strong></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>rps&lt;1000</td><td>999.9/s</td><td>met</td>"),
            std::string::npos);
  EXPECT_NE(html.find("p50&lt;1ms &amp; &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
}

TEST(BenchReportHtml, DrawsABarForEachOfTheHistogramsBars) {
  BenchResults results;
  FillSomeRun(&results);
  std::string html = BenchReportHtml(results, kSettings);
  size_t bars = results.latencies.Bars(kPageBars).size();
  EXPECT_GT(bars, 10u);
  EXPECT_EQ(Occurrences(html, "class=\"bar\""), static_cast<int>(bars));
}

TEST(BenchReportHtml, ALongRunIsDrawnWithAtMost600Points) {
  BenchResults results;
  for (int second = 0; second < 5000; ++second) {
    grpc::Status status = second % 10 == 0
                              ? grpc::Status(grpc::StatusCode::UNKNOWN, "")
                              : grpc::Status::OK;
    results.Add(0.001 * (1 + second % 7), status, 1, 1, second + 0.5);
  }
  results.Finish();
  results.wall_seconds = 5000;
  std::string html = BenchReportHtml(results, kSettings);
  for (const char* name : {"rate", "p50", "p90", "p99", "errors"}) {
    std::vector<int> points = PolylinePoints(html, name);
    ASSERT_EQ(points.size(), 1u) << name;
    EXPECT_LE(points[0], 600) << name;
    EXPECT_GT(points[0], 300) << name;
  }
  EXPECT_LT(html.size(), 200u * 1024);
}

// No "nan", "inf" or "-nan" as a word: what printf makes of them.
void ExpectOnlyFiniteNumbers(const std::string& html) {
  std::regex not_finite("\\b(nan|inf)\\b", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, not_finite));
}

TEST(BenchReportHtml, ZeroRequestsSaysNoCalls) {
  BenchResults results;
  results.Finish();
  std::string html = BenchReportHtml(results, BenchSettings{4, 1, 0, false});
  ExpectOnlyFiniteNumbers(html);
  EXPECT_EQ(Occurrences(html, "class=\"bar\""), 0);
  EXPECT_EQ(Occurrences(html, ">no calls<"), 4);
  EXPECT_EQ(html.find("<polyline"), std::string::npos);
  EXPECT_NE(html.find("<table id=\"summary\""), std::string::npos);
}

TEST(BenchReportHtml, OneSecondOfEqualLatenciesHasOneBarAndDots) {
  BenchResults results;
  for (int i = 0; i < 5; ++i) {
    results.Add(0.002, grpc::Status::OK, 1, 1, 0.1 * i);
  }
  results.Finish();
  results.wall_seconds = 0.5;
  std::string html = BenchReportHtml(results, BenchSettings{1, 1, 0, false});
  ExpectOnlyFiniteNumbers(html);
  EXPECT_EQ(Occurrences(html, "class=\"bar\""), 1);
  EXPECT_EQ(PolylinePoints(html, "rate"), std::vector<int>{1});
  EXPECT_EQ(Occurrences(html, "class=\"dot p50\""), 1);
}

TEST(BenchReportHtml, FailuresOnlyDrawTheErrors) {
  BenchResults results;
  for (int i = 0; i < 30; ++i) {
    results.Add(0.005, grpc::Status(grpc::StatusCode::UNAVAILABLE, "refused"),
                1, 0, 0.1 * i);
  }
  results.Finish();
  results.wall_seconds = 3;
  std::string html = BenchReportHtml(results, BenchSettings{1, 1, 0, false});
  ExpectOnlyFiniteNumbers(html);
  EXPECT_EQ(PolylinePoints(html, "errors"), std::vector<int>{3});
  EXPECT_NE(html.find("<td class=\"message\">refused</td>"), std::string::npos);
}

}  // namespace
}  // namespace rpccli
