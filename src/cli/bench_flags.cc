#include "cli/bench_flags.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <cmath>
#include <set>

#include "base/seconds_text.h"
#include "cli/cli_flag_groups.h"
#include "commands/bench_thresholds.h"
#include "commands/load_schedule.h"

namespace rpccli {
namespace {

// Past these, a warm-up is a typo (and its count would overflow).
constexpr double kMostCalls = double(int64_t{1} << 40);
constexpr double kMostSeconds = 1e8;

// A --start-at further ahead is a typo, not a plan.
constexpr double kLatestStartS = 24 * 3600;

struct NamedFormat {
  const char* name;
  ReportFormat format;
};
constexpr NamedFormat kReportFormats[] = {
    {"text", ReportFormat::kText},
    {"json", ReportFormat::kJson},
    {"html", ReportFormat::kHtml},
    {"csv", ReportFormat::kCsv},
    {"prometheus", ReportFormat::kPrometheus},
};

bool ParseReport(const std::string& text, ReportOutput* report,
                 std::string* err) {
  size_t equals = text.find('=');
  std::string name = text.substr(0, equals);
  report->path = equals == std::string::npos ? "" : text.substr(equals + 1);
  if (equals != std::string::npos && report->path.empty()) {
    *err = "\"" + text + "\" names no file after '='";
    return false;
  }
  for (const NamedFormat& format : kReportFormats) {
    if (name == format.name) {
      report->format = format.format;
      return true;
    }
  }
  *err = "\"" + name +
         "\" is no report: give text, json, html, csv or prometheus, "
         "optionally =FILE";
  return false;
}

// A check that runs `parse` on the value: its error is CLI11's message.
template <typename Parse>
CLI::Validator Checked(Parse parse) {
  return CLI::Validator(
      [parse](std::string& value) {
        std::string err;
        return parse(value, &err) ? std::string() : err;
      },
      "");
}

bool ParseStartAt(const std::string& text, int64_t* unix_ms, std::string* err) {
  double seconds = 0;
  google::protobuf::Timestamp timestamp;
  if (ParsePositiveNumber(text, false, &seconds)) {
    // Far-off numbers are refused below, before they could overflow.
  } else if (google::protobuf::util::TimeUtil::FromString(text, &timestamp)) {
    seconds = static_cast<double>(timestamp.seconds()) +
              static_cast<double>(timestamp.nanos()) / 1e9;
  } else {
    *err = "\"" + text +
           "\" is not a time: give RFC 3339 (2026-12-07T18:00:00Z) or "
           "seconds since the Unix epoch";
    return false;
  }
  double now = std::chrono::duration<double>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  if (seconds - now > kLatestStartS) {
    *err = "\"" + text + "\" is more than 24 hours away";
    return false;
  }
  *unix_ms = std::llround(seconds * 1000);
  return true;
}

}  // namespace

bool BenchFlags::Apply(ManyCallsOptions* many, std::string* err) const {
  many->reports.clear();
  std::set<std::string> paths;
  bool to_stdout = false;
  for (const std::string& text : reports) {
    ReportOutput& report = many->reports.emplace_back();
    ParseReport(text, &report, err);  // checked as it was parsed
    const std::string& path = report.path;
    if (path.empty() ? to_stdout : !paths.insert(path).second) {
      *err = "--report " + text + ": " +
             (path.empty() ? std::string("another report goes to stdout; "
                                         "give this one =FILE")
                           : path + " is given to another report");
      return false;
    }
    to_stdout = to_stdout || path.empty();
  }
  if (!warmup.empty()) {
    double value = 0;
    if (ParsePositiveNumber(warmup, true, &value)) {
      many->warmup = static_cast<int64_t>(value);
    } else {
      ParseSeconds(warmup, &many->warmup_seconds);
    }
  }
  if (!start_at.empty()) ParseStartAt(start_at, &many->start_at_unix_ms, err);
  if (!many->rate_schedule.empty() && many->rate > 0) {
    *err = "--rps-schedule sets the rate: give it or --rps, not both";
    return false;
  }
  if (!many->concurrency_schedule.empty() &&
      (many->concurrency > 0 || many->rate > 0 ||
       !many->rate_schedule.empty())) {
    *err =
        "--concurrency-schedule sets the calls in flight of a closed loop: "
        "it goes without -c, --rps and --rps-schedule";
    return false;
  }
  return true;
}

void AddBenchOptions(CLI::App* app, ManyCallsOptions* many, BenchFlags* flags) {
  app->add_option("-c,--concurrency", many->concurrency,
                  "Calls in flight at once (default 10)")
      ->type_name("N")
      ->check(WholeNumber(1, 10000));
  app->add_option("-n,--requests", many->requests,
                  "Make N calls, not counting --warmup (default 200, or no "
                  "limit with --duration)")
      ->type_name("N")
      ->check(WholeNumber(int64_t{1}, int64_t{1} << 40));
  app->add_option("--duration", many->duration_seconds,
                  "Start calls for this many seconds; calls still in flight "
                  "then are cancelled and not counted")
      ->type_name("SECONDS")
      ->check(BoundedNumber(0, "must be a number of seconds above 0"));
  app->add_option("--rps", many->rate,
                  "Start R calls a second on a fixed schedule, each timed "
                  "from when it was due, R from 0.001 (default: each as soon "
                  "as a call ends)")
      ->type_name("R")
      // Slower than one call in 1000 s, a run would wait months for its
      // -n calls: a typo, not a schedule.
      ->check(BoundedNumber(0.001,
                            "must be a number of calls a second, at least "
                            "0.001 (one call every 1000 s)",
                            /*or_equal=*/true));
  app->add_option("--rps-schedule", many->rate_schedule,
                  "Change the rate of an open loop: step:START:END:STEP:EVERY "
                  "(START calls a second, STEP more each EVERY, as 10s, until "
                  "END) or line:START:END:SLOPE (SLOPE more each second); the "
                  "run lasts until END is reached (and held a step), unless "
                  "-n or --duration says otherwise")
      ->type_name("SCHEDULE")
      ->check(Checked([](const std::string& text, std::string* err) {
        return LoadSchedule().Parse(text, /*whole=*/false, err);
      }));
  app->add_option("--concurrency-schedule", many->concurrency_schedule,
                  "Change the calls in flight of a closed loop, as "
                  "--rps-schedule changes the rate: step:1:16:1:5s, "
                  "line:1:64:2")
      ->type_name("SCHEDULE")
      ->check(Checked([](const std::string& text, std::string* err) {
        LoadSchedule schedule;
        if (!schedule.Parse(text, /*whole=*/true, err)) return false;
        if (schedule.Highest() <= 10000) return true;
        *err = "more than 10000 calls in flight";
        return false;
      }));
  app->add_option("--connections", many->connections,
                  "Spread the calls over N connections (default 1)")
      ->type_name("N")
      ->check(WholeNumber(1, 1000));
  app->add_option("--warmup", flags->warmup,
                  "Make N calls first, or calls for a length of time (10s, "
                  "500ms), and leave them out of the report")
      ->type_name("N|TIME")
      ->check(Checked([](const std::string& text, std::string* err) {
        double value = 0;
        // A bare number counts calls; a length of time has its unit.
        if (ParsePositiveNumber(text, false, &value)) {
          if (value == std::floor(value) && value <= kMostCalls) return true;
          *err = "\"" + text +
                 "\" calls: a whole number up to 2^40 (a "
                 "length of time takes a unit: " +
                 text + "s)";
          return false;
        }
        if (text == "0" ||
            (ParseSeconds(text, &value) && value <= kMostSeconds)) {
          return true;
        }
        *err = "\"" + text +
               "\" is neither a number of calls nor a length of time "
               "(10s, 500ms, 1m), or is too large";
        return false;
      }));
  app->add_option("--start-at", flags->start_at,
                  "Start the measured calls at TIME (RFC 3339, or seconds "
                  "since the Unix epoch), once connected and warmed up, so "
                  "that runs on several machines start together")
      ->type_name("TIME")
      ->check(Checked([](const std::string& text, std::string* err) {
        int64_t unix_ms = 0;
        return ParseStartAt(text, &unix_ms, err);
      }));
  AddBenchReportOptions(app, many, flags);
}

void AddBenchReportOptions(CLI::App* app, ManyCallsOptions* many,
                           BenchFlags* flags) {
  app->add_option("--report", flags->reports,
                  "A report, on stdout, or in FILE with FORMAT=FILE "
                  "(repeatable): text (the default), json, html (one page "
                  "with charts), csv (a row per call) or prometheus; stdout "
                  "has the text report unless another goes there")
      // The formats as its type, for --help and completion; =FILE is said
      // in the text.
      ->type_name("text|json|html|csv|prometheus")
      ->allow_extra_args(false)
      ->check(Checked([](const std::string& text, std::string* err) {
        ReportOutput report;
        return ParseReport(text, &report, err);
      }));
  app->add_option("--fail-if", many->fail_if,
                  "Exit 99 if the run crosses this threshold (repeatable): "
                  "p99>50ms, mean>=2ms, errors>1%, errors>0, rps<1000, "
                  "requests<10000; figures: p50, p90, p95, p99, p999, min, "
                  "mean, max, stddev, errors, rps, requests")
      ->type_name("FIGURE>LIMIT")
      ->allow_extra_args(false)
      ->check(Checked([](const std::string& text, std::string* err) {
        Threshold threshold;
        return ParseThreshold(text, &threshold, err);
      }));
}

}  // namespace rpccli
