// The bench report as one HTML page: tables and inline SVG charts, with no
// script and nothing fetched, so that it opens anywhere (a CI artifact, a
// mail, a browser offline) and prints as it shows.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "base/time_text.h"
#include "base/utf8.h"
#include "show/bench_report.h"
#include "show/bench_report_parts.h"

namespace rpccli {
namespace {

constexpr int kHistogramBars = 40;
// Past this many seconds the charts over time merge adjacent seconds: the
// page stays small and a line has no more points than the chart has pixels.
constexpr size_t kMostPoints = 600;
// A status message is shown up to this size, as in the text report.
constexpr size_t kShownMessageBytes = 4096;
// Below this many points a series also gets a dot per point: one second
// alone would otherwise draw nothing, and a sparse line hides its data.
constexpr size_t kMostDots = 30;

// Each chart's viewBox, and the plot area inside it.
constexpr double kWidth = 900, kHeight = 280;
constexpr double kLeft = 64, kRight = 16, kTop = 30, kBottom = 44;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;

constexpr char kStyle[] = R"(<style>
body{font:14px/1.45 system-ui,sans-serif;color:#222;background:#fff;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:21px;margin-bottom:4px}h2{font-size:16px;margin:28px 0 6px}
table{border-collapse:collapse}th,td{padding:3px 12px 3px 0;border-bottom:1px solid #e2e2e2;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.message{white-space:pre-wrap;overflow-wrap:anywhere;font-family:monospace;font-size:13px}
svg{display:block;width:100%;max-width:900px;height:auto}
svg text{font-size:12px;fill:#444}.empty{font-size:15px;fill:#888}
.grid{stroke:#e6e6e6}.axis{stroke:#888}.bar{fill:#4e79a7}
.rate{stroke:#4e79a7;fill:#4e79a7}.errors{stroke:#d62728;fill:#d62728}
.p50{stroke:#4e79a7;fill:#4e79a7}.p90{stroke:#f28e2b;fill:#f28e2b}.p99{stroke:#d62728;fill:#d62728}
.series{fill:none;stroke-width:2;stroke-linejoin:round}.area{stroke:none;opacity:.18}.dot{stroke:none}.key{stroke-width:3}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}
</style>
)";

// A figure for the page; never "nan" or "inf", which would break the SVG.
std::string Number(double value, int decimals) {
  return Printf("%.*f", decimals, std::isfinite(value) ? value : 0.0);
}

std::string Ms(double seconds) {
  double ms = seconds * 1000;
  return Number(ms, ms < 10 ? 3 : 2) + " ms";
}

// A latency in ms to three significant figures, short enough for an axis.
std::string AxisMs(double seconds) {
  double ms = seconds * 1000;
  return Number(ms, ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0);
}

// Text from outside (method, schedule, a server's message) made safe as
// HTML text or attribute. Bytes that are not UTF-8, and control characters,
// become U+FFFD: the page says it is UTF-8, and a stray byte must not make
// a browser guess otherwise or show something the server chose.
std::string Escape(std::string_view text) {
  static const std::string_view kMarkup = "&<>\"'";
  static const char* const kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                          "&#39;"};
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t start = at;
    uint32_t code = 0;
    bool valid = NextCodePoint(text, &at, &code);
    if (!valid) ++at;  // one byte at a time: what follows may be well-formed
    bool control = (code < 0x20 && code != '\n' && code != '\t') ||
                   (code >= 0x7f && code <= 0x9f);
    size_t markup = kMarkup.find(static_cast<char>(code));
    if (!valid || control) {
      out += "\xEF\xBF\xBD";
    } else if (code < 0x80 && markup != std::string_view::npos) {
      out += kEntities[markup];
    } else {
      out.append(text.substr(start, at - start));
    }
  }
  return out;
}

// A step of 1, 2 or 5 times a power of ten that splits 0..top into about
// `ticks` parts, so that the axis labels are round numbers.
double NiceStep(double top, int ticks) {
  double raw = top / ticks;
  double power = std::pow(10, std::floor(std::log10(raw)));
  for (double multiple : {1.0, 2.0, 5.0}) {
    if (multiple * power >= raw) return multiple * power;
  }
  return 10 * power;
}

// A tick's label with as many decimals as its step needs, and no more.
std::string TickLabel(double value, double step) {
  int decimals =
      step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return Number(value, std::min(decimals, 6));
}

// A value axis from 0 to a round number at or above `highest`.
struct Axis {
  double top;
  double step;
};
Axis AxisFor(double highest, double smallest_step) {
  if (!(highest > 0)) highest = 1;  // all zero: still an axis to read
  double step = std::max(NiceStep(highest, 5), smallest_step);
  return {step * std::ceil(highest / step - 1e-9), step};
}

double YOf(double value, const Axis& axis) {
  return kTop + (1 - value / axis.top) * kPlotHeight;
}

// Horizontal gridlines with their labels on the left.
std::string YGrid(const Axis& axis) {
  std::string svg;
  int ticks = static_cast<int>(std::lround(axis.top / axis.step));
  for (int i = 0; i <= ticks; ++i) {
    std::string y = Number(YOf(i * axis.step, axis), 1);
    svg += Printf(R"(<line class="%s" x1="%.0f" x2="%.0f" y1="%s" y2="%s"/>)",
                  i == 0 ? "axis" : "grid", kLeft, kWidth - kRight, y.c_str(),
                  y.c_str());
    svg += Printf(R"(<text x="%.0f" y="%s" dy="4" text-anchor="end">%s</text>)",
                  kLeft - 6, y.c_str(),
                  TickLabel(i * axis.step, axis.step).c_str());
  }
  return svg;
}

std::string SvgOpen(const char* id, double height) {
  return Printf(
      R"(<svg id="%s" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img">)",
      id, kWidth, height);
}

// A chart of nothing: says why, rather than drawing empty axes.
std::string EmptyChart(const char* id, const char* why) {
  return SvgOpen(id, 60) +
         Printf(
             R"(<text class="empty" x="%.0f" y="36" text-anchor="middle">%s</text></svg>)",
             kWidth / 2, why) +
         "\n";
}

// The latencies of all calls, a bar per range of about equal width on a
// log scale; each bar's upper bound is its label, the fastest call the
// first bar's lower one.
std::string HistogramChart(const LatencyHistogram& latencies) {
  const char* id = "latency-histogram";
  std::vector<LatencyHistogram::Bar> bars = latencies.Bars(kHistogramBars);
  if (bars.empty()) return EmptyChart(id, "no calls");
  int64_t tallest = 0;
  for (const auto& bar : bars) tallest = std::max(tallest, bar.count);
  Axis axis = AxisFor(static_cast<double>(tallest), 1);
  double slot = kPlotWidth / static_cast<double>(bars.size());
  double width = std::min(slot, 80.0);  // one bar alone is not a wall
  size_t label_every = (bars.size() + 9) / 10;
  std::string svg = SvgOpen(id, kHeight) + YGrid(axis);
  std::string bottom = Number(kTop + kPlotHeight + 16, 0);
  if (bars.size() > 1) {  // one bar: its bound is the fastest call too
    svg += Printf(R"(<text x="%.0f" y="%s" text-anchor="middle">%s</text>)",
                  kLeft, bottom.c_str(), AxisMs(latencies.min()).c_str());
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    double x = kLeft + static_cast<double>(i) * width;
    double y = YOf(static_cast<double>(bars[i].count), axis);
    svg += Printf(
        R"(<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f">)",
        x + 1, y, std::max(width - 2, 1.0), kTop + kPlotHeight - y);
    svg += Printf("<title>up to %s: %lld calls</title></rect>",
                  Ms(bars[i].up_to).c_str(),
                  static_cast<long long>(bars[i].count));
    if ((i + 1) % label_every == 0 || i + 1 == bars.size()) {
      svg += Printf(R"(<text x="%.1f" y="%s" text-anchor="middle">%s</text>)",
                    x + width, bottom.c_str(), AxisMs(bars[i].up_to).c_str());
    }
  }
  svg += Printf(
      R"(<text x="%.0f" y="%.0f" text-anchor="middle">latency (ms), log scale</text>)",
      kLeft + kPlotWidth / 2, kHeight - 6);
  return svg + "</svg>\n";
}

struct Point {
  double x, y;
};
struct Series {
  const char* name;  // its CSS class and its legend
  std::vector<Point> points;
  bool area;  // filled down to zero
};

// A chart over the seconds of the run, 0 to `x_end`; reused for the rate,
// the latency percentiles and the errors. None: says `why`.
std::string LineChart(const char* id, double x_end,
                      const std::vector<Series>& series, const char* why) {
  double highest = 0;
  for (const Series& one : series) {
    for (const Point& point : one.points) highest = std::max(highest, point.y);
  }
  if (x_end <= 0) return EmptyChart(id, why);
  Axis axis = AxisFor(highest, 0);
  auto x_of = [x_end](double x) { return kLeft + x / x_end * kPlotWidth; };
  std::string svg = SvgOpen(id, kHeight) + YGrid(axis);
  double x_step = NiceStep(x_end, 8);
  for (int i = 0; i * x_step <= x_end * (1 + 1e-9); ++i) {
    svg += Printf(R"(<text x="%.1f" y="%.0f" text-anchor="middle">%s</text>)",
                  x_of(i * x_step), kTop + kPlotHeight + 16,
                  TickLabel(i * x_step, x_step).c_str());
  }
  svg += Printf(
      R"(<text x="%.0f" y="%.0f" text-anchor="middle">seconds from start</text>)",
      kLeft + kPlotWidth / 2, kHeight - 6);
  for (size_t k = 0; k < series.size(); ++k) {
    const Series& one = series[k];
    std::string points;
    for (const Point& point : one.points) {
      points +=
          Number(x_of(point.x), 1) + "," + Number(YOf(point.y, axis), 1) + " ";
    }
    if (one.area && !one.points.empty()) {
      std::string base = Number(kTop + kPlotHeight, 1);
      svg += Printf(R"(<polygon class="area %s" points=")", one.name) +
             Number(x_of(one.points.front().x), 1) + "," + base + " " + points +
             Number(x_of(one.points.back().x), 1) + "," + base + "\"/>";
    }
    svg += Printf(R"(<polyline class="series %s" points=")", one.name) +
           points + "\"/>";
    if (one.points.size() <= kMostDots) {
      for (const Point& point : one.points) {
        svg += Printf(R"(<circle class="dot %s" cx="%s" cy="%s" r="3"/>)",
                      one.name, Number(x_of(point.x), 1).c_str(),
                      Number(YOf(point.y, axis), 1).c_str());
      }
    }
    double key_x = kLeft + 8 + static_cast<double>(k) * 90;
    svg +=
        Printf(R"(<line class="key %s" x1="%.0f" x2="%.0f" y1="14" y2="14"/>)",
               one.name, key_x, key_x + 18);
    svg += Printf(R"(<text x="%.0f" y="18">%s</text>)", key_x + 24, one.name);
  }
  return svg + "</svg>\n";
}

// The rate, the percentiles and the errors, a point per second of the
// run; in a long run, per few adjacent seconds merged.
std::string OverTimeCharts(const BenchResults& results) {
  const std::vector<BenchSecond>& seconds = results.seconds;
  size_t group = (seconds.size() + kMostPoints - 1) / kMostPoints;
  Series rate{"rate", {}, true}, errors{"errors", {}, true};
  Series p50{"p50", {}, false}, p90{"p90", {}, false}, p99{"p99", {}, false};
  LatencyHistogram merged;
  double x_end = 0;
  for (size_t from = 0; from < seconds.size(); from += group) {
    size_t to = std::min(from + group, seconds.size());
    int64_t calls = 0, failed = 0;
    merged.Clear();
    for (size_t i = from; i < to; ++i) {
      calls += seconds[i].ok + seconds[i].failed;
      failed += seconds[i].failed;
      // Counts that fail their checks are left out of the percentiles only.
      merged.Add(seconds[i].latencies);
    }
    x_end = static_cast<double>(to);
    // The run's last second is cut short by its end: its rate is over the
    // part that was run, not a drop at the end of every chart.
    double rest = results.wall_seconds - (x_end - 1);
    if (to == seconds.size() && rest >= 0.1 && rest < 1) x_end -= 1 - rest;
    double middle = (static_cast<double>(from) + x_end) / 2;
    double length = x_end - static_cast<double>(from);
    rate.points.push_back({middle, PerSecond(calls, length)});
    errors.points.push_back({middle, PerSecond(failed, length)});
    if (merged.count() == 0) continue;  // joined across, not dropped to 0
    p50.points.push_back({middle, merged.Percentile(0.5) * 1000});
    p90.points.push_back({middle, merged.Percentile(0.9) * 1000});
    p99.points.push_back({middle, merged.Percentile(0.99) * 1000});
  }
  if (results.requests() == 0) x_end = 0;
  // Calls but no seconds: a report read back from a file that had none.
  const char* why = results.requests() > 0 ? "no counts by second" : "no calls";
  // p99 drawn first: where the lines meet, the median is the one on top.
  return "<h2>Rate over time (calls/s)</h2>\n" +
         LineChart("rate-over-time", x_end, {rate}, why) +
         "<h2>Latency over time (ms)</h2>\n" +
         LineChart("latency-over-time", x_end, {p99, p90, p50}, why) +
         "<h2>Errors over time (failed calls/s)</h2>\n" +
         LineChart("errors-over-time", x_end, {errors}, why);
}

std::string Row(const std::string& label, const std::string& value) {
  return "<tr><th>" + label + "</th><td>" + value + "</td></tr>\n";
}

std::string Count(int64_t count) { return std::to_string(count); }

std::string CountAndRate(int64_t count, double seconds) {
  return Count(count) + " (" + Number(PerSecond(count, seconds), 1) + "/s)";
}

// A cell of figures, aligned on the right to be compared down a column.
std::string Figure(const std::string& text) {
  return "<td class=\"n\">" + text + "</td>";
}

std::string SummaryTable(const BenchResults& results,
                         const BenchSettings& settings) {
  const LatencyHistogram& latencies = results.latencies;
  int64_t requests = results.requests();
  std::string rows = Row("Requests", Count(requests)) +
                     Row("OK", Count(results.ok)) +
                     Row("Failed", Count(results.failed));
  rows += Row("Cancelled", Count(results.cancelled) +
                               " (in flight at the end; not counted)");
  rows += Row("Concurrency", Printf("%d on %d connection(s)%s",
                                    settings.concurrency, settings.connections,
                                    settings.rate > 0 ? ", open loop" : ""));
  if (!settings.schedule.empty()) {
    rows += Row("Schedule", Escape(settings.schedule));
  } else {
    rows +=
        Row("Target rate", settings.rate > 0 ? Number(settings.rate, 1) + "/s"
                                             : "none (closed loop)");
  }
  rows += Row("Duration", Number(results.wall_seconds, 3) + " s");
  rows += Row("Rate", Number(PerSecond(requests, results.wall_seconds), 1) +
                          " requests/s");
  if (requests > 0) {
    rows += Row("Fastest", Ms(latencies.min())) +
            Row("Mean", Ms(latencies.mean())) +
            Row("Std dev", Ms(latencies.stddev())) +
            Row("Slowest", Ms(latencies.max()));
    for (const ReportPercentile& percentile : kReportPercentiles) {
      rows +=
          Row(percentile.label, Ms(latencies.Percentile(percentile.fraction)));
    }
  }
  if (settings.streaming) {
    rows += Row("Messages sent",
                CountAndRate(results.messages_sent, results.wall_seconds));
    rows += Row("Messages received",
                CountAndRate(results.messages_received, results.wall_seconds));
  }
  return "<table id=\"summary\">\n" + rows + "</table>\n";
}

std::string StagesTable(const std::vector<BenchStage>& stages) {
  std::string table =
      "<h2>Stages</h2>\n<table id=\"stages\">\n<tr><th>from-to (s)</th>"
      "<th>load</th><th>requests</th><th>rate (/s)</th><th>p50 (ms)</th>"
      "<th>p99 (ms)</th><th>failed</th></tr>\n";
  for (const BenchStage& stage : stages) {
    int64_t requests = stage.ok + stage.failed;
    std::string load = stage.rate > 0
                           ? Number(stage.rate, 1) + "/s"
                           : Printf("%d in flight", stage.concurrency);
    table += "<tr><td>" + Number(stage.from_s, 1) + "-" +
             Number(stage.to_s, 1) + "</td><td>" + load + "</td>" +
             Figure(Count(requests)) +
             Figure(Number(PerSecond(requests, stage.to_s - stage.from_s), 1)) +
             Figure(Number(stage.latencies.Percentile(0.5) * 1000, 3)) +
             Figure(Number(stage.latencies.Percentile(0.99) * 1000, 3)) +
             Figure(Count(stage.failed)) + "</tr>\n";
  }
  return table + "</table>\n";
}

// How the run stood against each --fail-if: a CI job's artefact says why
// the job failed.
std::string ThresholdsTable(const std::vector<ThresholdVerdict>& verdicts) {
  std::string table =
      "<h2>Thresholds (--fail-if)</h2>\n<table id=\"thresholds\">\n"
      "<tr><th>threshold</th><th>the run's figure</th><th>verdict</th></tr>\n";
  for (const ThresholdVerdict& verdict : verdicts) {
    table += "<tr><td>" + Escape(verdict.threshold) + "</td><td>" +
             Escape(verdict.figure) + "</td><td>" +
             (verdict.crossed ? "<strong>crossed</strong>" : "met") +
             "</td></tr>\n";
  }
  return table + "</table>\n";
}

// A server's message, cut as the text report cuts it, then escaped.
std::string ShownHtmlMessage(const std::string& message) {
  if (message.size() <= kShownMessageBytes) return Escape(message);
  return Escape(CutAtCodePoint(message, kShownMessageBytes)) +
         "… (cut; the message has " +
         Count(static_cast<int64_t>(message.size())) + " bytes)";
}

std::string StatusTable(const BenchResults& results) {
  std::string table =
      "<h2>Status codes</h2>\n<table id=\"status-codes\">\n"
      "<tr><th>code</th><th>calls</th><th>first message</th></tr>\n";
  for (const auto& [code, count] : results.status_counts) {
    auto first = results.first_messages.find(code);
    table += "<tr><td>" + Escape(StatusNameOf(code)) + "</td>" +
             Figure(Count(count)) + "<td class=\"message\">" +
             (first == results.first_messages.end()
                  ? ""
                  : ShownHtmlMessage(first->second)) +
             "</td></tr>\n";
  }
  return table + "</table>\n";
}

}  // namespace

std::string BenchReportHtml(const BenchResults& results,
                            const BenchSettings& settings) {
  std::string method = Escape(settings.method);
  std::string started = results.start_unix_ms != 0
                            ? Rfc3339Utc(results.start_unix_ms, 1000, 3)
                            : "";
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<title>rpccli bench " +
      method + " " + started + "</title>\n" + kStyle + "</head>\n<body>\n";
  html += "<h1>rpccli bench: " + method + "</h1>\n";
  if (!started.empty()) html += "<p>Started " + started + "</p>\n";
  html += "<h2>Summary</h2>\n" + SummaryTable(results, settings);
  html += "<h2>Latency histogram (calls)</h2>\n" +
          HistogramChart(results.latencies);
  html += OverTimeCharts(results);
  if (!results.verdicts.empty()) html += ThresholdsTable(results.verdicts);
  if (!results.stages.empty()) html += StagesTable(results.stages);
  html += StatusTable(results);
  return html + "</body>\n</html>\n";
}

}  // namespace rpccli
