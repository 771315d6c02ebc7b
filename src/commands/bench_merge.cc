// rpccli bench merge: one report from the JSON reports of runs made side
// by side (on several machines, say): counts added, percentiles those of
// all calls from every bucket's count, seconds lined up by the clock.
#include <cstdlib>

#include "base/file_read.h"
#include "commands/bench_reports.h"
#include "commands/commands.h"
#include "commands/report.h"

namespace rpccli {
namespace {

constexpr int64_t kFurthestApartMs = 24 * 3600 * 1000;
constexpr int64_t kMostCalls = int64_t{1} << 60;
constexpr int kMostInFlight = 1000000000;

}  // namespace

int RunBenchMerge(const Options& options, const Io& io) {
  const ManyCallsOptions& many = options.many;
  std::string err;
  if (!CheckReportFiles(many.reports, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  BenchResults merged;
  BenchSettings merged_settings{0, 0, 0, false};
  bool same_stages = true;
  for (size_t i = 0; i < many.merge_files.size(); ++i) {
    const std::string& path = many.merge_files[i];
    // The same run twice would count its calls twice.
    for (size_t j = 0; j < i; ++j) {
      if (many.merge_files[j] == path) {
        return End(io, Fail(io, kExitUsage,
                            path + ": given twice; each run is merged once"));
      }
    }
    std::string text;
    BenchResults results;
    BenchSettings settings{0, 0, 0, false};
    if (!ReadWholeFile(path, "", kMaxSchemaFileBytes, &text, &err) ||
        !ReadBenchReportJson(text, path, &results, &settings, &err)) {
      return End(io, Fail(io, kExitFailure, err));
    }
    if (i == 0) {
      merged_settings = settings;
      merged.Merge(results);
      continue;
    }
    // Runs merge second by second: a day apart, they were not side by
    // side, and the series between them would be a day of empty seconds.
    if (std::llabs(results.start_unix_ms - merged.start_unix_ms) >
        kFurthestApartMs) {
      return End(io, Fail(io, kExitFailure,
                          path + ": this run started more than a day from " +
                              many.merge_files[0] +
                              "'s; bench merge takes runs made side by side"));
    }
    // Each report is bounded (ReadBenchReportJson); so is their sum.
    if (merged.requests() + results.requests() > kMostCalls ||
        merged_settings.concurrency + settings.concurrency > kMostInFlight) {
      return End(io, Fail(io, kExitFailure,
                          path + ": the merged runs would count more than "
                                 "2^60 calls or 10^9 in flight"));
    }
    // Reports of different methods are a mistake, not a sum.
    if (settings.method != merged_settings.method) {
      return End(io, Fail(io, kExitFailure,
                          path + ": a report of " + settings.method +
                              ", where " + many.merge_files[0] + " is of " +
                              merged_settings.method));
    }
    same_stages = merged.Merge(results) && same_stages;
    merged_settings.concurrency += settings.concurrency;
    merged_settings.connections += settings.connections;
    merged_settings.rate += settings.rate;
    merged_settings.streaming = merged_settings.streaming || settings.streaming;
    if (settings.schedule != merged_settings.schedule) {
      merged_settings.schedule = "(several)";
    }
  }
  if (!same_stages) {
    *io.err << "rpccli: warning: the runs' stages differ, so the merged "
               "report has none\n";
  }
  std::string report_err;
  int code =
      FinishBenchReports(many, &merged, merged_settings, io, &report_err);
  if (!report_err.empty()) return End(io, Fail(io, code, report_err));
  return End(io, code);
}

}  // namespace rpccli
