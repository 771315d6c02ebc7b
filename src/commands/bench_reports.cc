#include "commands/bench_reports.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

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
  std::set<std::string> files;
  for (const ReportOutput& report : reports) {
    const std::string& path = report.path;
    if (path.empty()) continue;
    size_t slash = path.rfind('/');
    std::string directory =
        slash == std::string::npos ? "." : path.substr(0, slash + 1);
    std::string name =
        slash == std::string::npos ? path : path.substr(slash + 1);
    // What ReplaceFile refuses at the end is refused before the first
    // call: a run is not lost to its report's file.
    struct stat status {};
    bool exists = lstat(path.c_str(), &status) == 0;
    const char* wrong = nullptr;
    if (name.empty() || name == "." || name == "..") {
      wrong = "names no file";
    } else if (exists && S_ISLNK(status.st_mode)) {
      wrong = "is a symbolic link";
    } else if (exists && !S_ISREG(status.st_mode)) {
      wrong = "is not a regular file";
    } else if (access(directory.c_str(), W_OK) != 0 ||
               (exists && access(path.c_str(), W_OK) != 0)) {
      wrong = strerror(errno);
    }
    if (wrong != nullptr) {
      *err = path + " (--report): cannot be written: " + wrong;
      return false;
    }
    // Two spellings of one file: one report would overwrite the other.
    char* real_directory = realpath(directory.c_str(), nullptr);
    std::string file =
        (real_directory != nullptr ? real_directory : directory) +
        std::string("/") + name;
    free(real_directory);
    if (!files.insert(file).second) {
      *err = path + " (--report): another report goes to that file";
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
