#include "commands/bench_reports.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file_write.h"
#include "commands/bench_thresholds.h"
#include "commands/report.h"

namespace rpccli {
namespace {

std::string Rendered(ReportFormat format, const BenchResults& results,
                     const BenchSettings& settings) {
  switch (format) {
    case ReportFormat::kJson:
      return BenchReportJson(results, settings);
    case ReportFormat::kHtml:
      return BenchReportHtml(results, settings);
    case ReportFormat::kPrometheus:
      return BenchReportPrometheus(results, settings);
    case ReportFormat::kText:
    case ReportFormat::kCsv:
      break;
  }
  return BenchReportText(results, settings);
}

bool SomeReportOnStdout(const std::vector<ReportOutput>& reports) {
  for (const ReportOutput& report : reports) {
    if (report.path.empty()) return true;
  }
  return false;
}

}  // namespace

bool CheckReportFiles(const std::vector<ReportOutput>& reports,
                      std::string* err) {
  for (const ReportOutput& report : reports) {
    const std::string& path = report.path;
    if (path.empty()) continue;
    size_t slash = path.rfind('/');
    std::string directory =
        slash == std::string::npos ? "." : path.substr(0, slash + 1);
    if (access(directory.c_str(), W_OK) != 0 ||
        (access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0)) {
      *err = path + " (--report): cannot be written: " + strerror(errno);
      return false;
    }
  }
  return true;
}

int FinishBenchReports(const ManyCallsOptions& many, BenchResults* results,
                       const BenchSettings& settings, const Io& io,
                       std::string* err) {
  std::vector<Threshold> thresholds;
  bool judges_errors = false;
  for (const std::string& text : many.fail_if) {
    Threshold& threshold = thresholds.emplace_back();
    ParseThreshold(text, &threshold, err);  // checked as it was parsed
    judges_errors =
        judges_errors || threshold.figure == Threshold::Figure::kErrors;
  }
  bool met = JudgeThresholds(thresholds, results);

  std::vector<ReportOutput> reports = many.reports;
  if (!SomeReportOnStdout(reports))
    reports.insert(reports.begin(), ReportOutput());
  for (const ReportOutput& report : reports) {
    if (report.format == ReportFormat::kCsv) continue;
    std::string text = Rendered(report.format, *results, settings);
    if (report.path.empty()) {
      *io.out << text;
      io.out->flush();
    } else if (!ReplaceFile(report.path, "--report", text, err)) {
      return kExitFailure;
    }
  }
  for (const ThresholdVerdict& verdict : results->verdicts) {
    if (verdict.crossed) {
      Fail(io, kExitThresholdCrossed,
           "--fail-if " + verdict.threshold + ": crossed (" + verdict.figure +
               ")");
    }
  }
  if (!met) return kExitThresholdCrossed;
  if (judges_errors) return kExitOk;
  int code = results->MostFrequentFailure();
  return code == 0 ? kExitOk : kExitRpcBase + code;
}

}  // namespace rpccli
